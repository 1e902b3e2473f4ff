package syntax

import (
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/nbtools/nbdiff/diff"
	"github.com/nbtools/nbdiff/notebook"
)

// benchPair generates the 2,000-cell pair of ../shared/bench/gen_big_nb.py
// (base and local) into a temporary folder, or skips.
func benchPair(b *testing.B) (base, local []byte) {
	b.Helper()
	py, err := exec.LookPath("python3")
	if err != nil {
		b.Skip("python3 not found")
	}
	dir, _ := filepath.Abs(".")
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		if filepath.Dir(dir) == dir {
			b.Skip("go.mod not found")
		}
		dir = filepath.Dir(dir)
	}
	script := filepath.Join(dir, "..", "shared", "bench", "gen_big_nb.py")
	if _, err := os.Stat(script); err != nil {
		b.Skipf("benchmark generator not found: %v", err)
	}
	out := b.TempDir()
	if msg, err := exec.Command(py, script, "--outdir", out).CombinedOutput(); err != nil {
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

// BenchmarkDiffColour diffs the 2,000-cell pair as nbdiff does (parse,
// strip, diff, render) in plain text, with colour, and with colour and
// syntax colours: the cost of colouring is the difference ("make bench"
// prints the ratios). The notebooks say they are Python.
func BenchmarkDiffColour(b *testing.B) {
	base, local := benchPair(b)
	for _, v := range []struct {
		name string
		ro   func() diff.RenderOptions
	}{
		{"plain", func() diff.RenderOptions { return diff.RenderOptions{NewPath: "big.ipynb"} }},
		{"color", func() diff.RenderOptions { return diff.RenderOptions{NewPath: "big.ipynb", Color: true} }},
		{"color+syntax", func() diff.RenderOptions {
			return diff.RenderOptions{NewPath: "big.ipynb", Color: true, Syntax: New(false)}
		}},
	} {
		b.Run(v.name, func(b *testing.B) {
			b.SetBytes(int64(len(base) + len(local)))
			for b.Loop() {
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
				r := diff.Notebooks(x, y, diff.Options{})
				if err := diff.Render(io.Discard, r, v.ro()); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
