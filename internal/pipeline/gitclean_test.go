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

// TestDriverNonNotebookCleanTextMerge: the driver merges inputs that are
// not notebooks as plain text; when that merge is clean, the result is
// clean (git would have merged the file too) and the note asks to check no
// markers; when it conflicts, it says so.
func TestDriverNonNotebookCleanTextMerge(t *testing.T) {
	base := []byte("{\"cells\": [\nline 1\nline 2\nline 3\nline 4\n")
	ours := []byte("{\"cells\": [\nline 1 ours\nline 2\nline 3\nline 4\n")
	theirs := []byte("{\"cells\": [\nline 1\nline 2\nline 3\nline 4 theirs\n")
	m, err := Merge(writeFiles(t, base, ours, theirs), MergeOptions{Driver: true, Path: "nb.ipynb"})
	if err != nil {
		t.Fatal(err)
	}
	want := "{\"cells\": [\nline 1 ours\nline 2\nline 3\nline 4 theirs\n"
	if got := string(written(t, m)); m.Conflicts != 0 || got != want {
		t.Errorf("clean text merge: %d conflicts, wrote %q, want %q", m.Conflicts, got, want)
	}
	if len(m.Notes) != 1 || !strings.Contains(m.Notes[0], "merged as plain text") || strings.Contains(m.Notes[0], "conflict markers") {
		t.Errorf("clean text merge: notes %q, want one saying it merged as plain text, without markers to check", m.Notes)
	}
	theirs = []byte("{\"cells\": [\nline 1 theirs\nline 2\nline 3\nline 4\n")
	m, err = Merge(writeFiles(t, base, ours, theirs), MergeOptions{Driver: true, Path: "nb.ipynb"})
	if err != nil {
		t.Fatal(err)
	}
	if m.Conflicts == 0 || len(m.Notes) != 1 || !strings.Contains(m.Notes[0], "check the conflict markers") {
		t.Errorf("conflicting text merge: %d conflicts, notes %q", m.Conflicts, m.Notes)
	}
}

// TestStandaloneUnreadableBase: nbmerge BASE OURS THEIRS with only the
// base unreadable as a notebook merges the two sides as if both added the
// file, says so, and counts one conflict more so that the person looks.
func TestStandaloneUnreadableBase(t *testing.T) {
	base := []byte("{\"cells\": [\n<<<<<<< ours\n")
	ours := nb(t, "x = 1\n", "y = 2\n")
	theirs := nb(t, "x = 1\n", "z = 3\n")
	m, err := Merge(writeFiles(t, base, ours, theirs), MergeOptions{})
	if err != nil {
		t.Fatalf("unreadable base: %v, want a merge", err)
	}
	if m.Result == nil || m.Conflicts != len(m.Result.Conflicts)+1 {
		t.Errorf("unreadable base: result %v, %d conflicts", m.Result != nil, m.Conflicts)
	}
	if len(m.Notes) != 1 || !strings.Contains(m.Notes[0], "base.ipynb") || !strings.Contains(m.Notes[0], "as if both added the file") {
		t.Errorf("unreadable base: notes %q", m.Notes)
	}
	if _, err := notebook.Parse(written(t, m)); err != nil {
		t.Errorf("unreadable base: the result is no notebook: %v", err)
	}
}
