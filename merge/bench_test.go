package merge

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/nbtools/nbdiff/notebook"
)

// sharedDir returns ../shared next to the repository root (the folder that
// holds go.mod), or skips the test when it is missing.
func sharedDir(tb testing.TB) string {
	tb.Helper()
	dir, err := os.Getwd()
	if err != nil {
		tb.Skipf("no working directory: %v", err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			tb.Skip("repository root not found")
		}
		dir = parent
	}
	shared := filepath.Join(filepath.Dir(dir), "shared")
	if _, err := os.Stat(shared); err != nil {
		tb.Skipf("shared folder not available: %v", err)
	}
	return shared
}

// bigTriple generates the benchmark notebooks with gen_big_nb.py and parses
// them, or skips when python3 or the script is missing.
func bigTriple(b *testing.B, cells int, noIDs bool) (base, local, remote []byte) {
	b.Helper()
	script := filepath.Join(sharedDir(b), "bench", "gen_big_nb.py")
	if _, err := os.Stat(script); err != nil {
		b.Skipf("generator missing: %v", err)
	}
	py, err := exec.LookPath("python3")
	if err != nil {
		b.Skip("python3 not installed")
	}
	out := b.TempDir()
	args := []string{script, "--outdir", out, "--cells", fmt.Sprint(cells)}
	if noIDs {
		args = append(args, "--no-ids")
	}
	if msg, err := exec.Command(py, args...).CombinedOutput(); err != nil {
		b.Skipf("generator failed: %v\n%s", err, msg)
	}
	read := func(name string) []byte {
		data, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			b.Fatal(err)
		}
		return data
	}
	return read("base.ipynb"), read("local.ipynb"), read("remote.ipynb")
}

// BenchmarkNotebooks measures a whole merge as nbmerge runs it (parse the
// three files, merge, write the result: "whole") and Notebooks alone
// ("merge"), on the generated triples of 2,000 cells (with and without
// ids) and 8,000 cells (skipped with -short).
func BenchmarkNotebooks(b *testing.B) {
	for _, bc := range []struct {
		name  string
		cells int
		noIDs bool
	}{{"2000", 2000, false}, {"2000-noids", 2000, true}, {"8000", 8000, false}} {
		b.Run(bc.name, func(b *testing.B) {
			if bc.cells > 2000 && testing.Short() {
				b.Skip("-short")
			}
			base, local, remote := bigTriple(b, bc.cells, bc.noIDs)
			parse := func(b *testing.B) []*notebook.Notebook {
				nbs := make([]*notebook.Notebook, 3)
				for i, data := range [][]byte{base, local, remote} {
					nb, err := notebook.Parse(data)
					if err != nil {
						b.Fatal(err)
					}
					nbs[i] = nb
				}
				return nbs
			}
			b.Run("whole", func(b *testing.B) {
				b.SetBytes(int64(len(base) + len(local) + len(remote)))
				for b.Loop() {
					nbs := parse(b)
					r := Notebooks(nbs[0], nbs[1], nbs[2], Options{})
					if len(notebook.Write(r.Notebook)) == 0 {
						b.Fatal("empty result")
					}
				}
			})
			b.Run("merge", func(b *testing.B) {
				nbs := parse(b)
				for b.Loop() {
					Notebooks(nbs[0], nbs[1], nbs[2], Options{})
				}
			})
		})
	}
}
