package syntax

import (
	"reflect"
	"strings"
	"testing"

	"github.com/nbtools/nbdiff/diff"
)

// TestHighlight checks that the spans of every line hold the line's text,
// that some of it is coloured, and that no background is set.
func TestHighlight(t *testing.T) {
	for _, tc := range []struct {
		lang, src string
		coloured  []string // texts that must have a colour
	}{
		{"python", "import numpy as np\n\n@cache\ndef f(x):\n    \"\"\"Doc\n    string.\"\"\"\n    return x ** 2  # square\n%matplotlib inline\nprint(f'{x}', 0x1F, 1e-3, None)", []string{"import", "def", "f", "# square", "\"\"\"Doc", "    string.\"\"\"", "@cache", "%matplotlib inline", "None", "print"}},
		{"Python", "x = 'a\\'b'\r\ny = 2\r\n", []string{"'a\\'b'", "2"}},
		{"R", "library(dplyr)\nx <- c(1, 2) # c\nf <- function(a) { TRUE }", []string{"library", "<-", "# c", "function", "TRUE"}},
		{"julia", "using LinearAlgebra\nfunction f(x)\n    #= block\n    comment =#\n    return x^2\nend", []string{"using", "function", "return", "#= block"}},
	} {
		for _, tc2 := range []bool{false, true} {
			h := New(tc2)
			lines := h.Highlight(tc.lang, tc.src, 0)
			want := strings.Split(strings.TrimSuffix(strings.ReplaceAll(tc.src, "\r\n", "\n"), "\n"), "\n")
			if len(lines) != len(want) {
				t.Fatalf("%s: %d lines, want %d", tc.lang, len(lines), len(want))
			}
			coloured := map[string]bool{}
			for k, l := range lines {
				var b strings.Builder
				for _, sp := range l {
					b.WriteString(sp.Text)
					if sp.SGR != "" {
						coloured[strings.TrimSpace(sp.Text)] = true
						coloured[sp.Text] = true
					}
					if strings.Contains(sp.SGR, "[48;") || strings.Contains(sp.SGR, "[4") && !strings.Contains(sp.SGR, "[4m") {
						t.Errorf("%s: background in %q", tc.lang, sp.SGR)
					}
				}
				if b.String() != want[k] {
					t.Errorf("%s line %d: spans %q, want %q", tc.lang, k, b.String(), want[k])
				}
			}
			for _, c := range tc.coloured {
				found := false
				for k := range coloured {
					if strings.Contains(k, c) {
						found = true
					}
				}
				if !found {
					t.Errorf("%s: %q not coloured in %v", tc.lang, c, lines)
				}
			}
		}
	}
	h := New(false)
	for _, lang := range []string{"", "haskell", "scala"} {
		if h.Highlight(lang, "x = 1", 0) != nil {
			t.Errorf("%q: coloured", lang)
		}
	}
	if h.Highlight("python", "a = 1\rb = 2", 0) != nil {
		t.Errorf("a lone \\r: coloured (the diff splits it otherwise)")
	}
	var _ diff.Highlighter = h
}

// TestHighlightFrom checks that the lines before from are nil and the
// others the same as when all lines are coloured, a string that spans
// lines included.
func TestHighlightFrom(t *testing.T) {
	src := "a = 1\ns = \"\"\"x\ny\"\"\"\nb = 2\nc"
	h := New(false)
	// A result stays valid until the second call after: keep a copy.
	var all [][]diff.Span
	for _, l := range h.Highlight("python", src, 0) {
		all = append(all, append([]diff.Span(nil), l...))
	}
	for from := 0; from <= 6; from++ {
		got := h.Highlight("python", src, from)
		if len(got) != len(all) {
			t.Fatalf("from %d: %d lines, want %d", from, len(got), len(all))
		}
		for k := range got {
			switch {
			case k < from && got[k] != nil:
				t.Errorf("from %d: line %d coloured", from, k)
			case k >= from && !reflect.DeepEqual(got[k], all[k]):
				t.Errorf("from %d: line %d = %q, want %q", from, k, got[k], all[k])
			}
		}
	}
	if got := h.Highlight("python", "", 3); len(got) != 0 {
		t.Errorf("empty source: %q", got)
	}
}

// BenchmarkHighlight colours a cell of generated Python.
func BenchmarkHighlight(b *testing.B) {
	var sb strings.Builder
	for i := range 50 {
		sb.WriteString("    value_" + strings.Repeat("x", i%7) + " = compute(alpha, 0.5) + beta * 3  # note\n")
	}
	src := sb.String()
	h := New(false)
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		if h.Highlight("python", src, 0) == nil {
			b.Fatal("not coloured")
		}
	}
}
