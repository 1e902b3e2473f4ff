package diff

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/nbtools/nbdiff/notebook/nbtest"
)

// ansi matches the escape sequences the renderer writes.
var ansi = regexp.MustCompile("\x1b\\[[0-9;]*m")

// TestStatAligned renders the Stat format of several notebooks: names,
// counts and summaries in columns, bars scaled to the width, and a totals
// line.
func TestStatAligned(t *testing.T) {
	long := strings.Repeat("x|", 200) + "x"
	var lines []StatLine
	for _, c := range []struct{ path, a, b string }{
		{"analysis.ipynb", "code:a~=~1 code:b code:c md:d", "code:b code:a~=~2 md:e code:new"},
		{"notes/long-name-of-a-notebook.ipynb", "code:" + long, "code:" + strings.ReplaceAll(long, "x", "y")},
		{"moved.ipynb", "code:a code:b code:c", "code:b code:c code:a"},
	} {
		l, ok := StatOf(Notebooks(nbtest.Parse(c.a), nbtest.Parse(c.b), Options{}), RenderOptions{NewPath: c.path})
		if !ok {
			t.Fatalf("%s: empty", c.path)
		}
		lines = append(lines, l)
	}
	lines = append(lines, TextStat("broken.ipynb", "broken.ipynb", "not a notebook (invalid JSON)"))
	var ar txtar.Archive
	for _, w := range []int{0, 60, 120} {
		for _, color := range []bool{false, true} {
			var buf bytes.Buffer
			if err := RenderStat(&buf, lines, RenderOptions{Width: w, Color: color}); err != nil {
				t.Fatal(err)
			}
			plain := ansi.ReplaceAllString(buf.String(), "")
			out := strings.Split(strings.TrimSuffix(plain, "\n"), "\n")
			if len(out) != len(lines)+1 {
				t.Fatalf("width %d: %d lines, want %d:\n%s", w, len(out), len(lines)+1, plain)
			}
			bar := strings.Index(out[0], "|")
			for _, l := range out[:len(lines)] {
				if strings.Index(l, "|") != bar {
					t.Errorf("width %d: the | are not aligned:\n%s", w, plain)
				}
			}
			if !strings.HasPrefix(out[len(lines)], " 4 notebooks changed, ") {
				t.Errorf("width %d: totals line %q", w, out[len(lines)])
			}
			name := "width " + itoa(w)
			if color {
				name += " color"
			}
			ar.Files = append(ar.Files, txtar.File{Name: name, Data: buf.Bytes()})
		}
	}
	golden(t, "stat-aligned.txtar", txtar.Format(&ar))
}

func itoa(n int) string { return strconv.Itoa(n) }

// TestHunkHeaderWidth checks that with a width, no hunk header is longer
// than it (cut with "..."), and that the other lines are left alone.
func TestHunkHeaderWidth(t *testing.T) {
	a := nbtest.Parse("code:" + strings.Repeat("é", 30) + "~=~" + strings.Repeat("数", 30) + "|x md:#~T")
	b := nbtest.Parse("code:" + strings.Repeat("é", 30) + "~=~" + strings.Repeat("数", 30) + "|y code:z md:#~T")
	r := Notebooks(a, b, Options{})
	for _, w := range []int{20, 40, 80} {
		for _, color := range []bool{false, true} {
			var buf bytes.Buffer
			if err := Render(&buf, r, RenderOptions{NewPath: "nb.ipynb", Width: w, Color: color}); err != nil {
				t.Fatal(err)
			}
			plain := ansi.ReplaceAllString(buf.String(), "")
			cut := false
			for _, l := range strings.Split(plain, "\n") {
				if !strings.HasPrefix(l, "@@") {
					continue
				}
				if textWidth(l) > w {
					t.Errorf("width %d: header %q is %d columns", w, l, textWidth(l))
				}
				cut = cut || strings.HasSuffix(l, "...")
			}
			if !cut {
				t.Errorf("width %d: no header cut:\n%s", w, plain)
			}
			// Without the width, the same lines but the headers.
			var full bytes.Buffer
			Render(&full, r, RenderOptions{NewPath: "nb.ipynb", Color: color})
			fl := strings.Split(full.String(), "\n")
			wl := strings.Split(buf.String(), "\n")
			if len(fl) != len(wl) {
				t.Fatalf("width %d: %d lines, without width %d", w, len(wl), len(fl))
			}
			for k := range fl {
				if !strings.Contains(fl[k], "@@") && fl[k] != wl[k] {
					t.Errorf("width %d: line %q became %q", w, fl[k], wl[k])
				}
			}
		}
	}
	if got := cutToWidth("abcdef", 5); got != "ab..." {
		t.Errorf("cutToWidth = %q", got)
	}
	if got := cutToWidth("数数数数", 7); got != "数数..." {
		t.Errorf("cutToWidth wide = %q", got)
	}
}

// TestColorSlots checks that git's colour slots replace the defaults,
// and that the zero Colors give git's defaults.
func TestColorSlots(t *testing.T) {
	r := Notebooks(nbtest.Parse("code:a|b"), nbtest.Parse("code:a|c"), Options{})
	var buf bytes.Buffer
	cs := Colors{Meta: "<M>", Frag: "<F>", Func: "<C>", Old: "<O>", New: "<N>", Context: "<X>"}
	if err := Render(&buf, r, RenderOptions{NewPath: "nb.ipynb", Color: true, Colors: cs}); err != nil {
		t.Fatal(err)
	}
	want := "<M>diff --git a/nb.ipynb b/nb.ipynb\x1b[m\n<M>--- a/nb.ipynb\x1b[m\n<M>+++ b/nb.ipynb\x1b[m\n" +
		"<F>@@ -1,2 +1,2 @@\x1b[m <C>cell 1 (code) \"a\"\x1b[m\n<X> a\x1b[m\n<O>-b\x1b[m\n<N>+c\x1b[m\n"
	if buf.String() != want {
		t.Errorf("got\n%q\nwant\n%q", buf.String(), want)
	}
}

// fakeSyntax colours every "a" as a keyword and the rest as plain text,
// for a language called "toy".
type fakeSyntax struct{}

func (fakeSyntax) Highlight(lang, src string, from int) [][]Span {
	if lang != "toy" {
		return nil
	}
	var out [][]Span
	for _, l := range strings.SplitAfter(src, "\n") {
		if l == "" {
			continue
		}
		l = strings.TrimSuffix(l, "\n")
		var sp []Span
		for _, w := range strings.SplitAfter(l, " ") {
			if strings.TrimSpace(w) == "a" {
				sp = append(sp, Span{w, "<K>"})
			} else {
				sp = append(sp, Span{w, ""})
			}
		}
		out = append(out, sp)
	}
	return out
}

// TestSyntaxColours checks that a Highlighter colours code cells under
// the background of added and removed lines, marks the changed words,
// leaves markdown cells and unknown languages to the plain colours, and
// that the text without escape sequences is the plain diff.
func TestSyntaxColours(t *testing.T) {
	a := withMetadata(nbtest.Parse("code:a~b~c|a~x md:a~b"), -1, `{"kernelspec":{"language":"toy"}}`)
	b := withMetadata(nbtest.Parse("code:a~B~c|a~x md:a~B"), -1, `{"kernelspec":{"language":"toy"}}`)
	r := Notebooks(a, b, Options{})
	var plain, col bytes.Buffer
	Render(&plain, r, RenderOptions{NewPath: "nb.ipynb"})
	cs := Colors{OldLine: "<ol>", NewLine: "<nl>", OldWord: "<ow>", NewWord: "<nw>"}
	if err := Render(&col, r, RenderOptions{NewPath: "nb.ipynb", Color: true, Colors: cs, Syntax: fakeSyntax{}}); err != nil {
		t.Fatal(err)
	}
	got := col.String()
	strip := regexp.MustCompile("\x1b\\[[0-9;]*m|<[a-zA-Z]+>").ReplaceAllString(got, "")
	if strip != plain.String() {
		t.Errorf("without colours\n%s\nis not the plain diff\n%s", strip, plain.String())
	}
	for _, want := range []string{
		"\x1b[31m-\x1b[m<ol><K>a \x1b[m<ow>b\x1b[m<ol> c\x1b[m\n",
		"\x1b[32m+\x1b[m<nl><K>a \x1b[m<nw>B\x1b[m<nl> c\x1b[m\n",
		" <K>a \x1b[mx\n",                     // context: syntax colours, no background
		"\x1b[31m-a \x1b[7mb\x1b[27m\x1b[m\n", // markdown: the plain colours
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in\n%q", want, got)
		}
	}
	// An unknown language: the plain colours.
	var other, nosyn bytes.Buffer
	c := withMetadata(nbtest.Parse("code:a~b~c|a~x"), -1, `{"kernelspec":{"language":"other"}}`)
	d := withMetadata(nbtest.Parse("code:a~B~c|a~x"), -1, `{"kernelspec":{"language":"other"}}`)
	Render(&other, Notebooks(c, d, Options{}), RenderOptions{Color: true, Syntax: fakeSyntax{}})
	Render(&nosyn, Notebooks(c, d, Options{}), RenderOptions{Color: true})
	if other.String() != nosyn.String() {
		t.Errorf("unknown language coloured:\n%q\n%q", other.String(), nosyn.String())
	}
}

// TestWordEdits checks that wordEdits turns one token list into the other
// and keeps a longest common subsequence, against Strings, on random
// lists of few distinct tokens.
func TestWordEdits(t *testing.T) {
	toks := []string{"a", " ", "b", "(", ")", "x"}
	seed := uint32(1)
	rnd := func(n int) int {
		seed = seed*1664525 + 1013904223
		return int(seed>>16) % n
	}
	for range 2000 {
		ta := make([]string, rnd(12))
		tb := make([]string, rnd(12))
		for i := range ta {
			ta[i] = toks[rnd(len(toks))]
		}
		for i := range tb {
			tb[i] = toks[rnd(len(toks))]
		}
		edits := wordEdits(ta, tb)
		// Apply: the result must be tb, and as many tokens kept as
		// Strings keeps.
		var got []string
		kept, i := 0, 0
		for _, e := range edits {
			kept += e.AStart - i
			got = append(got, ta[i:e.AStart]...)
			got = append(got, tb[e.BStart:e.BEnd]...)
			i = e.AEnd
		}
		kept += len(ta) - i
		got = append(got, ta[i:]...)
		if strings.Join(got, "|") != strings.Join(tb, "|") {
			t.Fatalf("wordEdits(%q, %q) = %v gives %q", ta, tb, edits, got)
		}
		want, j := 0, 0
		for _, e := range Strings(ta, tb) {
			want += e.AStart - j
			j = e.AEnd
		}
		want += len(ta) - j
		if kept < want {
			t.Fatalf("wordEdits(%q, %q) keeps %d tokens, Strings %d", ta, tb, kept, want)
		}
	}
}
