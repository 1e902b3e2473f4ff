package pipeline

import (
	"bytes"
	"strings"
	"testing"

	"github.com/nbtools/nbdiff/merge"
	"github.com/nbtools/nbdiff/notebook"
)

// TestGitCleanWhereCellsConflict: both sides added a copy of a cell,
// edited differently, under the same new heading. Cell by cell that is one
// cell added on both sides, which conflicts; git's text merge places the
// two insertions apart (the copies end as the cell before them does, and
// only one side gave its cells metadata) and completes the merge, as
// people took it. The merge takes git's result, with a note, in both
// modes.
func TestGitCleanWhereCellsConflict(t *testing.T) {
	cell := func(typ, src, id string) *notebook.Cell {
		c := &notebook.Cell{Type: typ, Source: src, Metadata: notebook.ObjectValue()}
		if id != "" {
			c.Metadata = notebook.ObjectValue(notebook.Member{Key: "id", Value: notebook.StringValue(id)})
		}
		if typ == "code" {
			c.Outputs = notebook.Value{Kind: notebook.Array, Items: []notebook.Value{}}
		}
		return c
	}
	write := func(cells ...*notebook.Cell) []byte {
		return notebook.Write(&notebook.Notebook{Major: 4, Minor: 4, Metadata: notebook.ObjectValue(), Cells: cells})
	}
	p := "x = load()\nplot(x)\nshow(x)"
	base := write(cell("markdown", "## Search", "a1"), cell("code", p, "a2"), cell("markdown", "## End", "a3"))
	ours := write(cell("markdown", "## Search", "a1"), cell("code", p, "a2"),
		cell("markdown", "### Filters", "b1"), cell("code", "x = load()\nx = x[x.kind == 'a']\nplot(x)\nshow(x)", "b2"),
		cell("markdown", "## End", "a3"))
	theirs := write(cell("markdown", "## Search", "a1"), cell("code", p, "a2"),
		cell("markdown", "### Filters", ""), cell("code", "x = load()\nx = x[x.kind == 'b']\nplot(x)\nshow(x)", ""),
		cell("markdown", "## End", "a3"))
	want, ok := merge.GitLines(base, ours, theirs)
	if !ok {
		t.Fatal("git's text merge of the test notebooks conflicts")
	}
	paths := writeFiles(t, base, ours, theirs)
	for _, driver := range []bool{false, true} {
		m, err := Merge(paths, MergeOptions{Driver: driver})
		if err != nil {
			t.Fatal(err)
		}
		if got := written(t, m); m.Conflicts != 0 || !bytes.Equal(got, want) {
			t.Errorf("driver %v: %d conflicts, result:\n%s\nwant git's:\n%s", driver, m.Conflicts, got, want)
		}
		if len(m.Notes) != 1 || !strings.Contains(m.Notes[0], "git's own text merge") {
			t.Errorf("driver %v: notes %q, want one about git's merge", driver, m.Notes)
		}
		// With outputs stripped, git's merge (which keeps them) is not
		// taken: the cells conflict.
		m, err = Merge(paths, MergeOptions{Driver: driver, Options: merge.Options{StripOutputs: true}})
		if err != nil {
			t.Fatal(err)
		}
		if m.Conflicts == 0 {
			t.Errorf("driver %v, outputs stripped: clean, want the cells' conflict", driver)
		}
	}
}
