package pipeline

import (
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/nbtools/nbdiff/diff"
	"github.com/nbtools/nbdiff/merge"
	"github.com/nbtools/nbdiff/notebook"
)

// The stage benchmarks take a diff and a merge of the generated 2,000-cell
// notebooks (../shared/bench/gen_big_nb.py, with and without cell ids)
// apart, in the order the commands run them, so that each stage's time and
// allocations can be read beside the others':
//
//	go test ./internal/pipeline -run '^$' -bench Stages -benchmem
//
// "whole" is what the command does after start-up (DiffFiles to a
// discarding writer; Merge and WriteTo), the rest one stage each on what
// the stage before made. The README's breakdown comes from these.

// benchTriple generates the benchmark triple into a temporary folder and
// returns the paths of base, local and remote, or skips when python3 or
// the generator is missing.
func benchTriple(b *testing.B, args ...string) [3]string {
	b.Helper()
	wd, err := os.Getwd()
	if err != nil {
		b.Skip(err)
	}
	script := filepath.Join(wd, "..", "..", "..", "shared", "bench", "gen_big_nb.py")
	if _, err := os.Stat(script); err != nil {
		b.Skipf("generator not available: %v", err)
	}
	py, err := exec.LookPath("python3")
	if err != nil {
		b.Skip("python3 not available")
	}
	dir := b.TempDir()
	if out, err := exec.Command(py, append([]string{script, "--outdir", dir}, args...)...).CombinedOutput(); err != nil {
		b.Fatalf("%s: %v\n%s", script, err, out)
	}
	var paths [3]string
	for i, name := range []string{"base", "local", "remote"} {
		paths[i] = filepath.Join(dir, name+".ipynb")
	}
	return paths
}

func fileSize(b *testing.B, paths ...string) int64 {
	var n int64
	for _, p := range paths {
		fi, err := os.Stat(p)
		if err != nil {
			b.Fatal(err)
		}
		n += fi.Size()
	}
	return n
}

var idVariants = []struct {
	name string
	args []string
}{{"ids", nil}, {"noids", []string{"--no-ids"}}}

// BenchmarkDiffStages: nbdiff FILE FILE, stage by stage.
func BenchmarkDiffStages(b *testing.B) {
	for _, v := range idVariants {
		b.Run(v.name, func(b *testing.B) {
			paths := benchTriple(b, v.args...)
			oldPath, newPath := paths[0], paths[1]
			size := fileSize(b, oldPath, newPath)
			d := NewDiffer(io.Discard, io.Discard, DiffOptions{Strict: true})
			popts := d.parseOptions
			parse := func(b *testing.B) (*notebook.Notebook, *notebook.Notebook) {
				sa, err := File(oldPath)
				if err != nil {
					b.Fatal(err)
				}
				sb, err := File(newPath)
				if err != nil {
					b.Fatal(err)
				}
				defer sa.Close()
				defer sb.Close()
				na, nb, errA, errB := ParsePair(sa, sb, popts(new(notebook.StringTable)))
				if errA != nil || errB != nil {
					b.Fatal(errA, errB)
				}
				return na, nb
			}
			b.Run("whole", func(b *testing.B) {
				b.SetBytes(size)
				b.ReportAllocs()
				for b.Loop() {
					if err := DiffFiles(d, oldPath, newPath); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("parse", func(b *testing.B) {
				b.SetBytes(size)
				b.ReportAllocs()
				for b.Loop() {
					parse(b)
				}
			})
			na, nb := parse(b)
			notebook.Strip(na, notebook.StripOptions{KeepOutputs: true})
			notebook.Strip(nb, notebook.StripOptions{KeepOutputs: true})
			b.Run("align", func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					diff.Align(na.Cells, nb.Cells)
				}
			})
			b.Run("diff", func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					diff.Notebooks(na, nb, diff.Options{})
				}
			})
			r := diff.Notebooks(na, nb, diff.Options{})
			b.Run("render", func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if err := diff.Render(io.Discard, r, diff.RenderOptions{OldPath: oldPath, NewPath: newPath}); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}

// BenchmarkMergeStages: nbmerge BASE OURS THEIRS, stage by stage.
func BenchmarkMergeStages(b *testing.B) {
	for _, v := range idVariants {
		b.Run(v.name, func(b *testing.B) {
			paths := benchTriple(b, v.args...)
			size := fileSize(b, paths[:]...)
			b.Run("whole", func(b *testing.B) {
				b.SetBytes(size)
				b.ReportAllocs()
				for b.Loop() {
					m, err := Merge(paths, MergeOptions{})
					if err != nil {
						b.Fatal(err)
					}
					if _, err := m.WriteTo(io.Discard); err != nil {
						b.Fatal(err)
					}
				}
			})
			parse := func(b *testing.B) [3]*notebook.Notebook {
				v, err := readVersions(paths, regularSizes(paths), false)
				if err != nil {
					b.Fatal(err)
				}
				defer v.close()
				nbs, errs := v.parse(paths)
				if err := firstError(errs[:]); err != nil {
					b.Fatal(err)
				}
				return nbs
			}
			b.Run("parse", func(b *testing.B) {
				b.SetBytes(size)
				b.ReportAllocs()
				for b.Loop() {
					parse(b)
				}
			})
			nbs := parse(b)
			for i, side := range []string{"ours", "theirs"} {
				b.Run("align-"+side, func(b *testing.B) {
					b.ReportAllocs()
					for b.Loop() {
						diff.Align(nbs[0].Cells, nbs[i+1].Cells)
					}
				})
			}
			b.Run("merge", func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					merge.Notebooks(nbs[0], nbs[1], nbs[2], merge.Options{})
				}
			})
			res := merge.Notebooks(nbs[0], nbs[1], nbs[2], merge.Options{})
			b.Run("write", func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if err := notebook.WriteTo(io.Discard, res.Notebook); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}

// BenchmarkStrip: what the clean filter does with one file (Strip), on
// the image-heavy notebook of the git add benchmark (30 cells, 2 PNGs)
// and on a small one without images (50 cells of 5 lines).
func BenchmarkStrip(b *testing.B) {
	for _, v := range []struct {
		name string
		args []string
	}{{"images", []string{"--cells", "30", "--pngs", "2"}}, {"small", []string{"--cells", "50", "--pngs", "0", "--lines", "5"}}} {
		b.Run(v.name, func(b *testing.B) {
			data, err := os.ReadFile(benchTriple(b, v.args...)[0])
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, _, err := Strip(data, notebook.StripOptions{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
