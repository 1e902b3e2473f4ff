(function () {
  "use strict";
  var doc = document, body = doc.body;

  // Images are stored once, in a JSON block, and given to every element
  // that shows them.
  var store = doc.getElementById("nbd-images");
  var images = store ? JSON.parse(store.textContent) : {};
  doc.querySelectorAll("img[data-img]").forEach(function (img) {
    var uri = images[img.getAttribute("data-img")];
    if (uri) { img.src = uri; }
  });

  // The unified view of a cell's source is made from its side-by-side
  // table when first shown: in each change the old lines, then the new
  // ones; folds kept.
  function row(cls, oldNum, newNum, mark, cell) {
    var tr = doc.createElement("tr");
    if (cls) { tr.className = cls; }
    [oldNum, newNum].forEach(function (n) {
      var td = tr.appendChild(doc.createElement("td"));
      td.className = "d-ln";
      td.textContent = n;
    });
    var m = tr.appendChild(doc.createElement("td"));
    m.className = "d-m";
    m.textContent = mark;
    var c = tr.appendChild(cell.cloneNode(true));
    c.className = "d-c";
    return tr;
  }
  function unify(split) {
    var table = doc.createElement("table");
    table.className = "code unified";
    var cols = table.appendChild(doc.createElement("colgroup"));
    ["c-ln", "c-ln", "c-m", "c-src"].forEach(function (c) { cols.appendChild(doc.createElement("col")).className = c; });
    Array.prototype.forEach.call(split.tBodies, function (group) {
      var out = group.cloneNode(group.classList.contains("d-fold"));
      table.appendChild(out);
      if (group.classList.contains("d-fold")) { return; }
      var dels = [], adds = [];
      function flush() {
        dels.concat(adds).forEach(function (r) { out.appendChild(r); });
        dels = []; adds = [];
      }
      Array.prototype.forEach.call(group.rows, function (tr) {
        var td = tr.cells, a = td[1], b = td[3];
        var del = a.classList.contains("d-del"), add = b.classList.contains("d-add");
        if (!del && !add) {
          flush();
          out.appendChild(row("", td[0].textContent, td[2].textContent, "", b));
          return;
        }
        if (del) { dels.push(row("d-del", td[0].textContent, "", "-", a)); }
        if (add) { adds.push(row("d-add", "", td[2].textContent, "+", b)); }
      });
      flush();
    });
    return table;
  }
  function setView(view) {
    if (view === "unified") {
      doc.querySelectorAll(".src.v-split").forEach(function (src) {
        if (src.nextElementSibling && src.nextElementSibling.classList.contains("v-unified")) { return; }
        var uni = doc.createElement("div");
        uni.className = "src v-unified";
        var split = src.querySelector("table.split");
        uni.appendChild(split ? unify(split) : src.firstElementChild.cloneNode(true));
        src.after(uni);
      });
    }
    body.setAttribute("data-view", view);
    doc.querySelectorAll("[data-set-view]").forEach(function (b) {
      b.setAttribute("aria-pressed", String(b.getAttribute("data-set-view") === view));
    });
  }

  function setMode(fig, mode) {
    fig.setAttribute("data-mode", mode);
    fig.querySelectorAll(".im-tabs button").forEach(function (b) {
      b.setAttribute("aria-pressed", String(b.getAttribute("data-mode") === mode));
    });
  }

  doc.addEventListener("click", function (e) {
    var t = e.target.closest("[data-set-view], .im-tabs button, button.unfold");
    if (!t) { return; }
    if (t.hasAttribute("data-set-view")) {
      setView(t.getAttribute("data-set-view"));
    } else if (t.classList.contains("unfold")) {
      var group = t.closest("tbody");
      if (group.nextElementSibling) { group.nextElementSibling.hidden = false; }
      group.remove();
    } else {
      setMode(t.closest(".imgdiff"), t.getAttribute("data-mode"));
    }
  });

  // The sliders of the swipe and onion-skin views.
  doc.addEventListener("input", function (e) {
    var t = e.target;
    if (!t.matches(".im-slider input")) { return; }
    var pane = t.closest(".im-pane"), over = pane.querySelector(".im-over");
    if (pane.classList.contains("im-swipe")) {
      over.style.clipPath = "inset(0 0 0 " + t.value + "%)";
    } else {
      over.style.opacity = String(t.value / 100);
    }
  });

  // n and p (or j and k) go to the next and previous changed cell.
  var changes = Array.prototype.slice.call(doc.querySelectorAll("[data-change]"));
  var current = -1;
  function go(step) {
    if (!changes.length) { return; }
    if (current < 0) {
      // Start from the first change below the top of the window.
      var top = 60;
      current = step > 0 ? -1 : changes.length;
      for (var i = 0; i < changes.length; i++) {
        if (changes[i].getBoundingClientRect().top > top) { current = step > 0 ? i - 1 : i; break; }
      }
    }
    current = Math.max(0, Math.min(changes.length - 1, current + step));
    show(changes[current]);
  }
  function show(el) {
    doc.querySelectorAll(".cell.current, .toc a.current").forEach(function (c) { c.classList.remove("current"); });
    el.classList.add("current");
    var link = doc.querySelector('.toc a[href="#' + el.id + '"]');
    if (link) { link.classList.add("current"); link.scrollIntoView({ block: "nearest" }); }
    el.scrollIntoView({ block: "start" });
  }
  doc.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey || e.target.matches("input, textarea, select")) { return; }
    if (e.key === "n" || e.key === "j") { go(1); e.preventDefault(); }
    if (e.key === "p" || e.key === "k") { go(-1); e.preventDefault(); }
  });
  doc.querySelector(".toc").addEventListener("click", function (e) {
    var a = e.target.closest("a");
    var i = a ? changes.indexOf(doc.getElementById(a.getAttribute("href").slice(1))) : -1;
    if (i >= 0) { current = i; show(changes[i]); e.preventDefault(); }
  });
})();
