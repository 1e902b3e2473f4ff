package diff

import (
	"strings"
	"testing"
)

// apply applies edits to a, taking replacement tokens from b.
func apply(a, b []string, edits []Edit) []string {
	var out []string
	i := 0
	for _, e := range edits {
		out = append(out, a[i:e.AStart]...)
		out = append(out, b[e.BStart:e.BEnd]...)
		i = e.AEnd
	}
	return append(out, a[i:]...)
}

func TestStringsRoundTrip(t *testing.T) {
	cases := []struct{ a, b string }{
		{"", ""},
		{"a b c", "a b c"},
		{"a b c", "a x c"},
		{"a b c", ""},
		{"", "a b"},
		{"a b c d e", "b c e f"},
		{"x y z", "p q r"},
		{"a a a b", "b a a a"},
	}
	for _, c := range cases {
		a, b := strings.Fields(c.a), strings.Fields(c.b)
		edits := Strings(a, b)
		got := apply(a, b, edits)
		if strings.Join(got, " ") != strings.Join(b, " ") {
			t.Errorf("Strings(%q, %q) = %v; applied gives %q", c.a, c.b, edits, got)
		}
		for k, e := range edits {
			if e.AStart == e.AEnd && e.BStart == e.BEnd {
				t.Errorf("Strings(%q, %q): empty edit %v", c.a, c.b, e)
			}
			if k > 0 && edits[k-1].AEnd > e.AStart {
				t.Errorf("Strings(%q, %q): overlapping edits %v", c.a, c.b, edits)
			}
		}
	}
}

func TestStringsMinimalForSmallChange(t *testing.T) {
	a := strings.Fields("l1 l2 l3 l4 l5 l6")
	b := strings.Fields("l1 l2 X l4 l5 l6")
	edits := Strings(a, b)
	if len(edits) != 1 || edits[0] != (Edit{2, 3, 2, 3}) {
		t.Fatalf("got %v, want one replacement of token 2", edits)
	}
}
