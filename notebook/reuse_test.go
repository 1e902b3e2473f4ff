package notebook

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"unsafe"
)

// taken counts the cells of nb whose source shares its memory with that
// of a cell of from: cells copied from an index (with no StringTable,
// parsing never shares).
func taken(nb, from *Notebook) int {
	seen := map[*byte]bool{}
	for _, c := range from.Cells {
		if c.Source != "" {
			seen[unsafe.StringData(c.Source)] = true
		}
	}
	n := 0
	for _, c := range nb.Cells {
		if c.Source != "" && seen[unsafe.StringData(c.Source)] {
			n++
		}
	}
	return n
}

// TestLikeMerges parses the base of every real merge of ../shared with an
// index, and ours and theirs with and without it (Like): the notebooks
// are the same, errors too, and most cells are taken from the base.
func TestLikeMerges(t *testing.T) {
	dirs, _ := filepath.Glob("../../shared/merges/*")
	if len(dirs) == 0 {
		t.Skip("../shared/merges not available")
	}
	var cells, took int
	for _, dir := range dirs {
		data, err := os.ReadFile(filepath.Join(dir, "base.ipynb"))
		if err != nil {
			continue
		}
		for _, opts := range []ParseOptions{{}, {DigestOutputs: true}, {LikeShares: true}} {
			var index CellIndex
			iopts := opts
			iopts.Index = &index
			base, err := ParseWith(data, iopts)
			if err != nil {
				continue
			}
			if want := Write(mustParse(t, data)); !opts.DigestOutputs && !bytes.Equal(Write(base), want) {
				t.Fatalf("%s: base parsed with Index differs", dir)
			}
			for _, side := range []string{"ours.ipynb", "theirs.ipynb"} {
				other, err := os.ReadFile(filepath.Join(dir, side))
				if err != nil {
					continue
				}
				want, werr := ParseWith(other, opts)
				lopts := opts
				lopts.Like = &index
				told := 0
				lopts.LikeConsumed = func(n int) {
					if n <= told || n > len(data) {
						t.Fatalf("%s %s: LikeConsumed(%d) after %d, of %d bytes", dir, side, n, told, len(data))
					}
					told = n
				}
				got, gerr := ParseWith(other, lopts)
				switch {
				case (werr == nil) != (gerr == nil) || werr != nil && werr.Error() != gerr.Error():
					t.Fatalf("%s %s: error %v with Like, %v without", dir, side, gerr, werr)
				case werr != nil:
					continue
				case !bytes.Equal(Write(got), Write(want)):
					t.Fatalf("%s %s: parsed with Like, another notebook", dir, side)
				}
				for i := range got.Cells {
					if !got.Cells[i].Outputs.Equal(&want.Cells[i].Outputs) || got.Cells[i].HasID() != want.Cells[i].HasID() {
						t.Fatalf("%s %s: cell %d differs with Like", dir, side, i)
					}
				}
				cells += len(got.Cells)
				took += taken(got, base)
			}
		}
	}
	if cells == 0 || took < cells/2 {
		t.Fatalf("%d cells of %d taken from the base", took, cells)
	}
	t.Logf("%d cells of %d taken from the base", took, cells)
}

// TestLikeOptions: an index is used only by parses with the options it
// was made with; a notebook that is not parsed into cells directly
// (nbformat 3) leaves it empty; and it changes nothing but the work.
func TestLikeOptions(t *testing.T) {
	data, err := os.ReadFile("../testdata/notebooks/all-outputs-v4.5.ipynb")
	if err != nil {
		t.Fatal(err)
	}
	var index CellIndex
	base, err := ParseWith(data, ParseOptions{Index: &index})
	if err != nil {
		t.Fatal(err)
	}
	if got := mustParseWith(t, data, ParseOptions{Like: &index}); taken(got, base) == 0 || !bytes.Equal(Write(got), data) {
		t.Errorf("same options: %d cells taken", taken(got, base))
	}
	if got := mustParseWith(t, data, ParseOptions{Like: &index, DigestOutputs: true}); taken(got, base) != 0 {
		t.Errorf("other options: %d cells taken", taken(got, base))
	}
	v3 := `{"metadata": {}, "nbformat": 3, "nbformat_minor": 0, "worksheets": [{"cells": [{"cell_type": "code", "input": "print('hi')",
		"language": "python", "metadata": {}, "outputs": [], "prompt_number": 1}]}]}`
	if _, err := ParseWith([]byte(v3), ParseOptions{Index: &index}); err != nil {
		t.Fatal(err)
	}
	if len(index.cells) != 0 {
		t.Errorf("an index of nbformat 3 holds %d cells", len(index.cells))
	}
}

func mustParseWith(t *testing.T, data []byte, opts ParseOptions) *Notebook {
	t.Helper()
	nb, err := ParseWith(data, opts)
	if err != nil {
		t.Fatal(err)
	}
	return nb
}
