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

  function setView(view) {
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
