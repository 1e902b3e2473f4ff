package nbtest

import (
	"testing"

	"github.com/nbtools/nbdiff/notebook"
)

func TestParse(t *testing.T) {
	nb := Parse("md:#~Title code#c1:x~=~1|print(x)>1 raw:")
	if nb.Major != 4 || nb.Minor != 5 || len(nb.Cells) != 3 {
		t.Fatalf("nbformat %d.%d, %d cells; want 4.5, 3 cells", nb.Major, nb.Minor, len(nb.Cells))
	}
	md, code, raw := nb.Cells[0], nb.Cells[1], nb.Cells[2]
	if md.Type != "markdown" || md.Source != "# Title" || md.HasID() || md.Outputs.Kind != notebook.Null {
		t.Errorf("markdown cell %+v", md)
	}
	if code.Type != "code" || code.ID != "c1" || code.Source != "x = 1\nprint(x)" || code.ExecutionCount.Str != "1" ||
		len(code.Outputs.Items) != 1 || code.Outputs.Items[0].Get("text").Text() != "1" {
		t.Errorf("code cell %+v", code)
	}
	if raw.Type != "raw" || raw.Source != "" {
		t.Errorf("raw cell %+v", raw)
	}
	if nb := Parse("code:x"); nb.Minor != 4 || nb.Cells[0].Outputs.Kind != notebook.Null || nb.Cells[0].ExecutionCount.Kind != notebook.Null {
		t.Errorf("code:x is nbformat 4.%d with outputs %v, count %v; want 4.4, no outputs, a null count",
			nb.Minor, nb.Cells[0].Outputs.Kind, nb.Cells[0].ExecutionCount.Kind)
	}
	if nb := Parse(""); len(nb.Cells) != 0 {
		t.Errorf(`"" has %d cells`, len(nb.Cells))
	}
}

// TestFormatParse checks that Format writes back what Parse read.
func TestFormatParse(t *testing.T) {
	for _, s := range []string{"", "code:a", "md:#~Title code#c1:x~=~1|print(x)>1 raw:", "code:x>a|b md#m:y raw#r:z"} {
		if got := Format(Parse(s)); got != s {
			t.Errorf("Format(Parse(%q)) = %q", s, got)
		}
	}
}

func TestParseRejects(t *testing.T) {
	for _, s := range []string{"code", "cod:x", "markdown:x", "code#:x", "md:a>b", "code:\xff"} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("Parse(%q) did not panic", s)
				}
			}()
			Parse(s)
		}()
		nb := ParseAny(s) // does not panic
		if len(nb.Cells) != 1 {
			t.Errorf("ParseAny(%q) has %d cells", s, len(nb.Cells))
		}
	}
}
