package main

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/nbtools/nbdiff/internal/testenv"
	"github.com/nbtools/nbdiff/merge"
	"github.com/nbtools/nbdiff/tools/tsv"
)

// TestRealMergesValidate: every merge of ../shared/merges whose three
// versions Jupyter's nbformat finds valid gives a result it finds valid
// too (its JSON schema, what Jupyter checks as it opens a file), clean or
// with conflicts, plain and with --diff3 markers. It needs a python3 with
// nbformat and the shared folder, and skips without either.
func TestRealMergesValidate(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "shared", "merges")
	rows, err := tsv.Read(filepath.Join(dir, "cases.tsv"))
	if err != nil {
		t.Skipf("real merges not available: %v", err)
	}
	python := testenv.NbformatPython(t)
	out := t.TempDir()
	var inputs, results []string
	inputsOf := map[string][3]string{}
	for _, row := range rows {
		id := row["id"]
		paths := [3]string{filepath.Join(dir, id, "base.ipynb"), filepath.Join(dir, id, "ours.ipynb"), filepath.Join(dir, id, "theirs.ipynb")}
		var in [3][]byte
		for i, p := range paths {
			if in[i], err = os.ReadFile(p); err != nil {
				t.Fatal(err)
			}
		}
		inputs = append(inputs, paths[:]...)
		for _, opts := range []merge.Options{{}, {Diff3: true}} {
			c := replay(paths, in[0], in[1], in[2], opts)
			if c.badInput {
				continue
			}
			res := filepath.Join(out, fmt.Sprintf("%s-diff3-%v.ipynb", id, opts.Diff3))
			if err := os.WriteFile(res, c.out, 0o644); err != nil {
				t.Fatal(err)
			}
			results = append(results, res)
			inputsOf[res] = paths
		}
	}
	problems := testenv.NbformatProblems(t, python, append(inputs, results...))
	checked, skipped := 0, 0
	for _, res := range results {
		in := inputsOf[res]
		if problems[in[0]] != "" || problems[in[1]] != "" || problems[in[2]] != "" {
			skipped++
			continue
		}
		checked++
		if p := problems[res]; p != "" {
			t.Errorf("%s: not valid for nbformat: %s", filepath.Base(res), p)
		}
	}
	if checked == 0 {
		t.Fatal("no result checked")
	}
	t.Logf("%d results checked against nbformat's schema; %d skipped, an input being invalid", checked, skipped)
}
