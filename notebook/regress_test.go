package notebook

import (
	"errors"
	"strings"
	"testing"
)

// Regression tests of bad inputs found by adversarial testing, each named
// after what broke.

// TestNbformat3WithV4LayoutRefused: a notebook that declares nbformat 3
// but has the layout of 4 ("cells", no "worksheets") was read as a
// notebook without cells, so a merge dropped every cell of that side and
// a diff showed every cell removed. It is refused, as nbformat refuses it.
func TestNbformat3WithV4LayoutRefused(t *testing.T) {
	for _, major := range []string{"2", "3"} {
		in := `{"cells": [{"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [], "source": "x = 1"}], "metadata": {}, "nbformat": ` + major + `, "nbformat_minor": 0}`
		nb, err := Parse([]byte(in))
		var se *StructureError
		if !errors.As(err, &se) || se.Field != "nbformat" || !strings.Contains(err.Error(), "layout of version 4") {
			t.Errorf("nbformat %s with cells: got %v, %v; want a StructureError about the layout", major, nb, err)
		}
	}
	// A real version 3 notebook still reads.
	v3 := `{"metadata": {}, "nbformat": 3, "nbformat_minor": 0, "worksheets": [{"cells": [{"cell_type": "code", "input": "x = 1", "outputs": []}]}]}`
	if nb, err := Parse([]byte(v3)); err != nil || len(nb.Cells) != 1 {
		t.Errorf("version 3 notebook: %v, %v", nb, err)
	}
}

// TestHugeHeadingLevelClamped: an old heading cell with a huge level made
// every command run out of memory or panic in strings.Repeat; the heading
// is written with at most 6 '#', the deepest Markdown heading.
func TestHugeHeadingLevelClamped(t *testing.T) {
	for _, tc := range []struct{ level, want string }{
		{"2000000000", "###### Title"},
		{"9223372036854775807", "###### Title"},
		{"7", "###### Title"},
		{"6", "###### Title"},
		{"2", "## Title"},
	} {
		in := `{"metadata": {}, "nbformat": 3, "nbformat_minor": 0, "worksheets": [{"cells": [{"cell_type": "heading", "level": ` + tc.level + `, "source": "Title"}]}]}`
		nb, err := Parse([]byte(in))
		if err != nil {
			t.Errorf("level %s: %v", tc.level, err)
			continue
		}
		if got := nb.Cells[0].Source; got != tc.want {
			t.Errorf("level %s: source %q, want %q", tc.level, got, tc.want)
		}
	}
}

// TestMissingNbformatMinorAccepted: a notebook without nbformat_minor was
// refused; nbformat reads it (as minor 0), and nbstripout and other tools
// write such files.
func TestMissingNbformatMinorAccepted(t *testing.T) {
	in := `{"cells": [{"cell_type": "markdown", "metadata": {}, "source": "# Hi"}], "metadata": {}, "nbformat": 4}`
	nb, err := Parse([]byte(in))
	if err != nil {
		t.Fatalf("no nbformat_minor: %v", err)
	}
	if nb.Major != 4 || nb.Minor != 0 || len(nb.Cells) != 1 {
		t.Errorf("no nbformat_minor: %d.%d, %d cells", nb.Major, nb.Minor, len(nb.Cells))
	}
	back, err := Parse(Write(nb))
	if err != nil || back.Cells[0].Source != "# Hi" {
		t.Errorf("written back: %v, %v", back, err)
	}
}
