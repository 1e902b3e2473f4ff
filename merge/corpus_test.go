package merge

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/nbtools/nbdiff/notebook"
)

// TestCorpusEdits merges random edits of the real notebooks of
// ../shared/corpus (lines edited, inserted and deleted, paragraphs
// appended, cells inserted, deleted and moved, on both sides) and checks
// what a clean merge must do on real cell content, where the random
// notebooks of the other property tests have only short lines of a few
// words: keep every line a side added, keep no line of the base that one
// side deleted and the other kept (lines that stand once in the base), and
// conflict as often with the sides swapped. The word-level merge and row
// delete/small edit are off: each drops a side's edit on purpose. It skips
// when the corpus is missing.
func TestCorpusEdits(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(sharedDir(t), "corpus", "*.ipynb"))
	if err != nil || len(files) == 0 {
		t.Skipf("no corpus notebooks: %v", err)
	}
	r := rand.New(rand.NewPCG(1, 2))
	opts := Options{NoWordMerge: true, keepSmallEdits: true}
	merges, clean := 0, 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		nb, err := notebook.Parse(data)
		if err != nil {
			continue // the corpus's invalid notebooks are for other tests
		}
		name := filepath.Base(f)
		for k := range 20 {
			o, th := editCells(r, nb, "ours", k), editCells(r, nb, "theirs", k)
			res, swapped := Notebooks(nb, o, th, opts), Notebooks(nb, th, o, opts)
			merges++
			if len(res.Conflicts) != len(swapped.Conflicts) {
				t.Errorf("%s, edit %d: %d conflicts, %d with the sides swapped", name, k, len(res.Conflicts), len(swapped.Conflicts))
			}
			if len(res.Conflicts) > 0 {
				continue
			}
			clean++
			checkValid(t, res.Notebook)
			base, ours, theirs, got := lineCounts(nb), lineCounts(o), lineCounts(th), lineCounts(res.Notebook)
			for _, side := range []map[string]int{ours, theirs} {
				for l := range side {
					if base[l] == 0 && got[l] == 0 {
						t.Errorf("%s, edit %d: clean merge dropped the added line %q", name, k, l)
					}
				}
			}
			for l, n := range base {
				if n == 1 && got[l] > 0 && (ours[l] == 0) != (theirs[l] == 0) {
					t.Errorf("%s, edit %d: clean merge kept the line %q that one side deleted", name, k, l)
				}
			}
		}
	}
	t.Logf("%d merges of edited corpus notebooks, %d clean", merges, clean)
	if clean == 0 || clean == merges {
		t.Errorf("%d clean of %d: the edits do not exercise both outcomes", clean, merges)
	}
}

// editCells returns a copy of nb with random edits made by side (whose
// name marks the lines it adds): about one cell in seven edited, one in
// fourteen deleted, one in fifteen preceded by a new note, and sometimes
// one moved.
func editCells(r *rand.Rand, nb *notebook.Notebook, side string, k int) *notebook.Notebook {
	x := nb.Clone()
	var cells []*notebook.Cell
	for n, c := range x.Cells {
		mark := fmt.Sprintf("%s %d.%d", side, k, n)
		switch r.IntN(14) {
		case 0:
			continue
		case 1, 2:
			lines := strings.Split(c.Source, "\n")
			i := r.IntN(len(lines))
			switch r.IntN(4) {
			case 0:
				lines[i] += " # " + mark
			case 1:
				lines = slices.Insert(lines, i, "added("+mark+")")
			case 2:
				if len(lines) > 1 {
					lines = slices.Delete(lines, i, i+1)
				}
			case 3:
				lines = append(lines, "", "More text from "+mark+" about this step, in several words.")
			}
			c.Source = strings.Join(lines, "\n")
		}
		if r.IntN(15) == 0 {
			cells = append(cells, &notebook.Cell{Type: "markdown", Metadata: notebook.ObjectValue(), Source: "A note from " + mark})
		}
		cells = append(cells, c)
	}
	if len(cells) > 2 && r.IntN(3) == 0 {
		i, j := r.IntN(len(cells)), r.IntN(len(cells))
		c := cells[i]
		cells = slices.Insert(slices.Delete(cells, i, i+1), j, c)
	}
	x.Cells = cells
	return x
}

// lineCounts counts the non-blank lines of every cell source (trailing
// white space and line ends dropped).
func lineCounts(nb *notebook.Notebook) map[string]int {
	m := map[string]int{}
	for _, c := range nb.Cells {
		for _, l := range c.Lines() {
			if l = strings.TrimRight(l, " \t\r\n"); l != "" {
				m[l]++
			}
		}
	}
	return m
}
