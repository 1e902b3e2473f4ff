package htmldiff

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/nbtools/nbdiff/diff"
	"github.com/nbtools/nbdiff/notebook"
)

// The browser tests load pages in Debian's chromium (or another Chrome
// found on PATH, or the one NBDIFF_CHROME names), headless, driven by
// chromedp; they skip when there is none. Screenshots go to the folder
// NBDIFF_SCREENSHOTS names, else to the test's temporary folder.

// browserPath returns the browser to run, "" when there is none.
func browserPath() string {
	if p := os.Getenv("NBDIFF_CHROME"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// newBrowser starts a headless browser for the test and returns its
// context; the browser ends with the test.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	path := browserPath()
	if path == "" {
		t.Skip("no chromium or chrome on PATH (apt-get install chromium)")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox, // chromium refuses to run as root without it
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.NoFirstRun,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1400, 1000),
	)
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(alloc)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting %s: %v", path, err)
	}
	return ctx
}

// screenshotDir returns the folder screenshots go to.
func screenshotDir(t *testing.T) string {
	if d := os.Getenv("NBDIFF_SCREENSHOTS"); d != "" {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		return d
	}
	return t.TempDir()
}

// A tab is a page loaded in the browser, with what it logged and
// requested.
type tab struct {
	ctx      context.Context
	url      string
	mu       sync.Mutex
	errors   []string // console errors, exceptions, errors of the browser's log
	requests []string // requests for anything but the page and data: URIs
}

// open loads page in a new tab of browser (from a file, as a reviewer
// opens it) and waits for its images.
func open(t *testing.T, browser context.Context, page []byte) *tab {
	t.Helper()
	file := filepath.Join(t.TempDir(), "page.html")
	if err := os.WriteFile(file, page, 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := chromedp.NewContext(browser)
	t.Cleanup(cancel)
	ctx, cancelTime := context.WithTimeout(ctx, 60*time.Second)
	t.Cleanup(cancelTime)
	tb := &tab{ctx: ctx, url: "file://" + file}
	err := chromedp.Listen(ctx, func(ev any) {
		tb.mu.Lock()
		defer tb.mu.Unlock()
		switch ev := ev.(type) {
		case *network.EventRequestWillBeSent:
			if u := ev.Request.URL; u != tb.url && !strings.HasPrefix(u, "data:") {
				tb.requests = append(tb.requests, u)
			}
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
				var args []string
				for _, a := range ev.Args {
					args = append(args, string(a.Value)+a.Description)
				}
				tb.errors = append(tb.errors, "console: "+strings.Join(args, " "))
			}
		case *runtime.EventExceptionThrown:
			d := ev.ExceptionDetails
			msg := d.Text
			if d.Exception != nil {
				msg += " " + d.Exception.Description
			}
			tb.errors = append(tb.errors, "exception: "+msg)
		case *cdplog.EventEntryAdded:
			if ev.Entry.Level == cdplog.EntryLevelError || ev.Entry.Level == cdplog.EntryLevelWarning {
				tb.errors = append(tb.errors, "log: "+ev.Entry.Text+" "+ev.Entry.URL)
			}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	enable := chromedp.Func(func(ctx context.Context, target *chromedp.Target) error {
		if _, err := cdp.Call(ctx, target, network.Enable, network.EnableParams{}); err != nil {
			return err
		}
		if _, err := cdp.Call(ctx, target, cdplog.Enable, cdp.Empty{}); err != nil {
			return err
		}
		_, err := cdp.Call(ctx, target, runtime.Enable, cdp.Empty{})
		return err
	})
	tb.do(t, enable, chromedp.Navigate(tb.url))
	evalJS[int](t, tb, `Promise.all(Array.from(document.images, i => i.complete ? 0 :
		new Promise(r => { i.addEventListener("load", r); i.addEventListener("error", r) }))).then(a => a.length)`)
	return tb
}

// evalJS evaluates a JavaScript expression in tb, awaiting a promise.
func evalJS[T any](t *testing.T, tb *tab, expr string) T {
	t.Helper()
	v, err := chromedp.Run(tb.ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("evaluating %.60q: %v", expr, err)
	}
	return v
}

// do runs browser actions in tb.
func (tb *tab) do(t *testing.T, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(tb.ctx, steps...); err != nil {
		t.Fatal(err)
	}
}

// screenshot saves a screenshot of the element sel (the window when sel
// is "") as dir/name.png.
func (tb *tab) screenshot(t *testing.T, dir, name, sel string) {
	t.Helper()
	action := chromedp.CaptureScreenshot()
	if sel != "" {
		action = chromedp.Screenshot(chromedp.CSS(sel))
	}
	png, err := chromedp.Run(tb.ctx, action)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot %s", path)
}

// facts are what the checks read from a loaded page.
type facts struct {
	Images   int      `json:"images"`
	Broken   []string `json:"broken"`
	Changed  int      `json:"changed"`
	Ran      []string `json:"ran"`
	Title    string   `json:"title"`
	Headings int      `json:"headings"`
	Tables   int      `json:"tables"`
	Sandbox  []string `json:"sandbox"`
}

const factsJS = `({
	images: document.images.length,
	broken: Array.from(document.images).filter(i => !(i.naturalWidth > 0)).map(i => i.alt + " " + i.getAttribute("data-img")),
	changed: document.querySelectorAll("article.cell.chg").length,
	ran: [window.nbdMarkdownScript, window.nbdOutputScript, window.nbdJsOutput,
		document.body.getAttribute("data-md-script"), document.body.getAttribute("data-output-script"),
		document.body.getAttribute("data-js-output")].filter(x => x != null).map(String),
	title: document.title,
	headings: document.querySelectorAll(".md-pair h1, .md-pair h2, .md-pair h3, .md-pair h4").length,
	tables: document.querySelectorAll(".md-pair table").length,
	sandbox: Array.from(document.querySelectorAll("iframe"), f => String(f.getAttribute("sandbox"))),
})`

// checkPage checks what every page must satisfy: no error, no request,
// every image decoded, the changed cells of the text diff shown, no
// script of the notebook run, every frame sandboxed without scripts.
func checkPage(t *testing.T, tb *tab, r *diff.Result, title string) facts {
	t.Helper()
	f := evalJS[facts](t, tb, factsJS)
	tb.mu.Lock()
	defer tb.mu.Unlock()
	if len(tb.errors) > 0 {
		t.Errorf("errors in the console:\n%s", strings.Join(tb.errors, "\n"))
	}
	if len(tb.requests) > 0 {
		t.Errorf("network requests: %q", tb.requests)
	}
	if len(f.Broken) > 0 {
		t.Errorf("%d of %d images do not decode: %q", len(f.Broken), f.Images, f.Broken)
	}
	if want := changedCells(r); f.Changed != want {
		t.Errorf("%d changed cells shown, the text diff shows %d", f.Changed, want)
	}
	if len(f.Ran) > 0 || f.Title != title {
		t.Errorf("a script of the notebook ran: markers %q, title %q", f.Ran, f.Title)
	}
	for _, sb := range f.Sandbox {
		if sb != "" {
			t.Errorf("iframe sandbox=%q, want none allowed", sb)
		}
	}
	return f
}

// TestBrowserReview loads the page of testdata/html's pair and uses it as
// a reviewer would: views, image views, keys; it saves screenshots.
func TestBrowserReview(t *testing.T) {
	browser := newBrowser(t)
	dir := screenshotDir(t)
	page, r := render(t, "../testdata/html/old.ipynb", "../testdata/html/new.ipynb", Options{Title: "review"})
	tb := open(t, browser, page)
	f := checkPage(t, tb, r, "review")
	if f.Images < 8 {
		t.Errorf("%d images, want the outputs, attachments and differences", f.Images)
	}
	if f.Headings == 0 || f.Tables == 0 {
		t.Errorf("markdown not rendered: %d headings, %d tables", f.Headings, f.Tables)
	}
	if evalJS[int](t, tb, `document.querySelectorAll(".md-pair .math").length`) == 0 {
		t.Error("no math span")
	}
	tb.screenshot(t, dir, "review-split", "")

	// The unified view: one table per cell source, the side-by-side ones
	// hidden.
	type viewFacts struct {
		View    string `json:"view"`
		Split   int    `json:"split"`
		Unified int    `json:"unified"`
		Shown   int    `json:"shown"`
		Del     int    `json:"del"`
		Add     int    `json:"add"`
	}
	tb.do(t, chromedp.Click(chromedp.CSS(`[data-set-view="unified"]`)))
	views := evalJS[viewFacts](t, tb, `({view: document.body.dataset.view,
		split: document.querySelectorAll("table.split").length,
		unified: document.querySelectorAll("table.unified").length,
		shown: Array.from(document.querySelectorAll("table.split, table.unified")).filter(e => e.offsetParent !== null).length,
		del: document.querySelectorAll("table.unified tr.d-del").length,
		add: document.querySelectorAll("table.unified tr.d-add").length})`)
	if views.View != "unified" || views.Unified != views.Split || views.Shown != views.Unified || views.Del == 0 || views.Add == 0 {
		t.Errorf("unified view: %+v", views)
	}
	tb.do(t, chromedp.ScrollIntoView(chromedp.CSS(`article.cell.chg`)))
	tb.screenshot(t, dir, "review-unified", "")
	tb.do(t, chromedp.Click(chromedp.CSS(`[data-set-view="split"]`)))

	// n and p go from change to change.
	tb.do(t, chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, 0)`), chromedp.KeyEvent("n"), chromedp.KeyEvent("n"), chromedp.KeyEvent("p"))
	current := evalJS[[]string](t, tb, `Array.from(document.querySelectorAll(".cell.current"), e => e.id)`)
	first := evalJS[string](t, tb, `document.querySelector("article.cell.chg").id`)
	if len(current) != 1 || current[0] != first {
		t.Errorf("after n n p the current cell is %q, want %q", current, first)
	}

	// The four views of a changed image.
	tb.do(t, chromedp.ScrollIntoView(chromedp.CSS(`.imgdiff`)))
	for _, mode := range []string{"sbs", "swipe", "onion", "diff"} {
		tb.do(t, chromedp.Click(chromedp.CSS(`.imgdiff .im-tabs button[data-mode="`+mode+`"]`)))
		shown := evalJS[[]string](t, tb, `Array.from(document.querySelector(".imgdiff").querySelectorAll(".im-pane"))
			.filter(p => getComputedStyle(p).display !== "none").map(p => p.className)`)
		if len(shown) != 1 || !strings.Contains(shown[0], "im-"+mode) {
			t.Errorf("view %s shows panes %q", mode, shown)
		}
		if mode == "swipe" || mode == "onion" {
			style := evalJS[string](t, tb, `(() => { const p = document.querySelector(".imgdiff .im-`+mode+`"), s = p.querySelector("input");
				s.value = 20; s.dispatchEvent(new Event("input", {bubbles: true}));
				return p.querySelector(".im-over").getAttribute("style") })()`)
			if !strings.Contains(style, "20%") && !strings.Contains(style, "0.2") {
				t.Errorf("the %s slider set style %q", mode, style)
			}
		}
		tb.screenshot(t, dir, "review-image-"+mode, ".imgdiff")
	}
	stats := evalJS[string](t, tb, `document.querySelector(".imgdiff .im-stats").textContent`)
	if !regexp.MustCompile(`^[0-9,]+ of [0-9,]+ pixels differ \([0-9.]+%\)$`).MatchString(stats) {
		t.Errorf("image statistics %q", stats)
	}
	if same := evalJS[int](t, tb, `document.querySelectorAll(".imgsame").length`); same != 1 {
		t.Errorf("%d images said to be encoded anew with the same pixels, want 1", same)
	}

	// A fold of unchanged lines opens.
	rows := evalJS[[2]int](t, tb, `(() => { const t = document.querySelector("table.split"); const n = t.querySelectorAll("tr").length;
		const b = t.querySelector("button.unfold"); if (!b) return [n, -1]; b.click();
		return [n, Array.from(t.querySelectorAll("tr")).filter(r => r.offsetParent !== null).length] })()`)
	if rows[1] < rows[0]-1 {
		t.Errorf("after unfolding %d of %d rows show", rows[1], rows[0])
	}
}

// TestBrowserRealMerges loads the pages of real notebook pairs (base
// against ours) of ../shared/merges, a sample of them, and checks each.
func TestBrowserRealMerges(t *testing.T) {
	root := filepath.Join("..", "..", "shared", "merges")
	entries, err := os.ReadDir(root)
	if err != nil {
		t.Skipf("no real merges: %v", err)
	}
	var cases []string
	for _, e := range entries {
		if e.IsDir() {
			cases = append(cases, e.Name())
		}
	}
	sort.Strings(cases)
	browser := newBrowser(t)
	dir := screenshotDir(t)
	step := max(1, len(cases)/16)
	shots := 0
	for k := 0; k < len(cases); k += step {
		name := cases[k]
		t.Run(name, func(t *testing.T) {
			base, ours := filepath.Join(root, name, "base.ipynb"), filepath.Join(root, name, "ours.ipynb")
			for _, p := range []string{base, ours} {
				data, err := os.ReadFile(p)
				if err != nil {
					t.Skip(err)
				}
				if _, err := notebook.Parse(data); err != nil {
					t.Skipf("%s is not a notebook: %v", p, err)
				}
			}
			page, r := render(t, base, ours, Options{Title: name})
			if r.Empty() {
				t.Skip("no change")
			}
			tb := open(t, browser, page)
			f := checkPage(t, tb, r, name)
			if want := wantMarkdown(r); f.Headings < want.headings || f.Tables < want.tables {
				t.Errorf("rendered markdown: %d headings and %d tables, want at least %d and %d", f.Headings, f.Tables, want.headings, want.tables)
			}
			if shots < 3 {
				tb.screenshot(t, dir, "merge-"+name, "")
				shots++
			}
		})
	}
}

// wantMarkdown counts the headings and tables that the changed markdown
// cells of r must show rendered: one of each at least, when their
// sources hold an ATX heading or a table's delimiter row.
func wantMarkdown(r *diff.Result) (want struct{ headings, tables int }) {
	heading := regexp.MustCompile(`(?m)^#{1,4} \S`)
	table := regexp.MustCompile(`(?m)^\|? *:?-{3,}:? *\|`)
	fence := regexp.MustCompile("(?s)```.*?```")
	for k := range r.Cells {
		c := &r.Cells[k]
		if !c.Changed() {
			continue
		}
		for _, nb := range []struct {
			n *notebook.Notebook
			i int
		}{{r.Old, c.A}, {r.New, c.B}} {
			if nb.i < 0 || nb.n.Cells[nb.i].Type != "markdown" {
				continue
			}
			src := fence.ReplaceAllString(nb.n.Cells[nb.i].Source, "")
			if heading.MatchString(src) {
				want.headings = 1
			}
			if table.MatchString(src) {
				want.tables = 1
			}
		}
	}
	return want
}

// TestBrowserChecksSeeFaults makes sure the checks above would see what
// they look for: a page that requests an image and logs an error.
func TestBrowserChecksSeeFaults(t *testing.T) {
	browser := newBrowser(t)
	tb := open(t, browser, []byte(`<!DOCTYPE html><title>t</title><img src="http://127.0.0.1:9/x.png" alt="x"><script>console.error("boom")</script>`))
	tb.mu.Lock()
	defer tb.mu.Unlock()
	if len(tb.requests) == 0 {
		t.Error("a request for an image was not seen")
	}
	if len(tb.errors) == 0 {
		t.Error("console.error was not seen")
	}
}
