package notebook

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestSplitLines(t *testing.T) {
	// The wants are what Python's str.splitlines(True) returns.
	tests := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"a", []string{"a"}},
		{"a\n", []string{"a\n"}},
		{"a\nb", []string{"a\n", "b"}},
		{"a\r\nb", []string{"a\r\n", "b"}},
		{"a\rb", []string{"a\r", "b"}},
		{"a\r\r\nb", []string{"a\r", "\r\n", "b"}},
		{"\r\n\r\n", []string{"\r\n", "\r\n"}},
		{"\r", []string{"\r"}},
		{"\n\n", []string{"\n", "\n"}},
		{"a\vb\fc", []string{"a\v", "b\f", "c"}},
		{"a\x1cb\x1dc\x1ed\x1fe", []string{"a\x1c", "b\x1d", "c\x1e", "d\x1fe"}},
		{"a\u0085b", []string{"a\u0085", "b"}},
		{"a\u2028b\u2029c", []string{"a\u2028", "b\u2029", "c"}},
		{"x\u2027y\u00a0z", []string{"x\u2027y\u00a0z"}},
	}
	for _, tt := range tests {
		got := SplitLines(tt.in)
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("SplitLines(%q) (-want +got):\n%s", tt.in, diff)
		}
		if strings.Join(got, "") != tt.in {
			t.Errorf("SplitLines(%q) does not join back", tt.in)
		}
		c := &Cell{Type: "code", Source: tt.in}
		if !slices.Equal(c.Lines(), got) {
			t.Errorf("Lines() differs from SplitLines for %q", tt.in)
		}
	}
}

// TestLinesOf checks that LinesOf yields what SplitLines returns, and
// stops when asked.
func TestLinesOf(t *testing.T) {
	for _, s := range []string{"", "a", "a\n", "a\nb", "a\r\nb\rc\vd\x1ce\u2028f\u0085g\n\n", "\n\n\n"} {
		var got []string
		for l := range LinesOf(s) {
			got = append(got, l)
		}
		if want := SplitLines(s); !slices.Equal(got, want) {
			t.Errorf("LinesOf(%q) = %q, SplitLines gives %q", s, got, want)
		}
	}
	n := 0
	for range LinesOf("a\nb\nc\n") {
		n++
		break
	}
	if n != 1 {
		t.Errorf("%d lines after break", n)
	}
}
