package diff

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/nbtools/nbdiff/notebook"
)

// benchPair generates a base and local notebook with
// ../shared/bench/gen_big_nb.py into a temporary folder, or skips.
func benchPair(b *testing.B, args ...string) (base, local []byte) {
	b.Helper()
	py, err := exec.LookPath("python3")
	if err != nil {
		b.Skip("python3 not found")
	}
	script := filepath.Join(sharedDir(b), "bench", "gen_big_nb.py")
	if _, err := os.Stat(script); err != nil {
		b.Skipf("benchmark generator not found: %v", err)
	}
	out := b.TempDir()
	cmd := exec.Command(py, append([]string{script, "--outdir", out}, args...)...)
	if msg, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("%s: %v\n%s", script, err, msg)
	}
	if base, err = os.ReadFile(filepath.Join(out, "base.ipynb")); err == nil {
		local, err = os.ReadFile(filepath.Join(out, "local.ipynb"))
	}
	if err != nil {
		b.Fatal(err)
	}
	return base, local
}

// diffFiles is what nbdiff does with two files: parse, strip, diff and
// render.
func diffFiles(b *testing.B, base, local []byte) {
	x, err := notebook.Parse(base)
	if err != nil {
		b.Fatal(err)
	}
	y, err := notebook.Parse(local)
	if err != nil {
		b.Fatal(err)
	}
	notebook.Strip(x, notebook.StripOptions{})
	notebook.Strip(y, notebook.StripOptions{})
	r := Notebooks(x, y, Options{})
	if err := Render(io.Discard, r, RenderOptions{Color: true, NewPath: "big.ipynb"}); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkNotebooks diffs the 2,000-cell pair (base against local), with
// cell ids and without (--no-ids): "full" is parse + strip + diff +
// render, as the command does; "diff" is Notebooks and Render alone.
func BenchmarkNotebooks(b *testing.B) {
	for _, v := range []struct {
		name string
		args []string
	}{{"ids", nil}, {"no-ids", []string{"--no-ids"}}} {
		b.Run(v.name, func(b *testing.B) {
			base, local := benchPair(b, v.args...)
			b.Run("full", func(b *testing.B) {
				b.SetBytes(int64(len(base) + len(local)))
				for b.Loop() {
					diffFiles(b, base, local)
				}
			})
			b.Run("diff", func(b *testing.B) {
				x, _ := notebook.Parse(base)
				y, _ := notebook.Parse(local)
				notebook.Strip(x, notebook.StripOptions{})
				notebook.Strip(y, notebook.StripOptions{})
				for b.Loop() {
					r := Notebooks(x, y, Options{})
					if err := Render(io.Discard, r, RenderOptions{Color: true}); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}

// BenchmarkNotebooksScale runs the full diff on 500, 2,000 and 8,000 cells
// without ids (the harder case), to show near-linear growth.
func BenchmarkNotebooksScale(b *testing.B) {
	for _, n := range []int{500, 2000, 8000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			base, local := benchPair(b, "--no-ids", "--cells", fmt.Sprint(n))
			b.SetBytes(int64(len(base) + len(local)))
			for b.Loop() {
				diffFiles(b, base, local)
			}
		})
	}
}
