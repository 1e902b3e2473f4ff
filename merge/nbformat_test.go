package merge

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/nbtools/nbdiff/internal/testenv"
	"github.com/nbtools/nbdiff/notebook"
)

// TestMergeValidNbformat: the merges of random notebooks (as the property
// tests make them, and with cells whose type a side changed), clean or
// with conflicts, plain and with --diff3 markers, are valid for Jupyter's
// nbformat (its JSON schema, what Jupyter checks as it opens a file); so
// are the inputs, or the check would prove nothing. It needs a python3
// with nbformat and skips without one.
func TestMergeValidNbformat(t *testing.T) {
	python := testenv.NbformatPython(t)
	dir := t.TempDir()
	g := newGen(23)
	var paths []string
	write := func(name string, nb *notebook.Notebook) {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, notebook.Write(nb), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	conflicts := 0
	for i := range 400 {
		b := g.notebook()
		o, th := g.change(b), g.change(b)
		for _, side := range []*notebook.Notebook{o, th} {
			if len(side.Cells) > 0 && g.r.IntN(3) == 0 {
				c := side.Cells[g.r.IntN(len(side.Cells))]
				*c = *retype(c, cellTypes[g.r.IntN(len(cellTypes))])
			}
		}
		write(fmt.Sprintf("%03d-base.ipynb", i), b)
		write(fmt.Sprintf("%03d-ours.ipynb", i), o)
		write(fmt.Sprintf("%03d-theirs.ipynb", i), th)
		for _, opts := range []Options{{}, {Diff3: true}} {
			r := Notebooks(b, o, th, opts)
			conflicts += len(r.Conflicts)
			write(fmt.Sprintf("%03d-merged-%v.ipynb", i, opts.Diff3), r.Notebook)
		}
	}
	if conflicts == 0 {
		t.Fatal("no merge had a conflict: the generator is broken")
	}
	for p, problem := range testenv.NbformatProblems(t, python, paths) {
		t.Errorf("%s: not valid for nbformat: %s", filepath.Base(p), problem)
	}
}

// retype returns c as a cell of type typ, as a person changing the type
// in Jupyter makes it: a code cell gets no outputs and no count, other
// cells lose theirs.
func retype(c *notebook.Cell, typ string) *notebook.Cell {
	x := c.Clone()
	x.Type = typ
	x.ExecutionCount = notebook.Value{}
	x.Outputs = notebook.Value{}
	if typ == "code" {
		x.Outputs = notebook.Value{Kind: notebook.Array, Items: []notebook.Value{}}
	}
	return x
}
