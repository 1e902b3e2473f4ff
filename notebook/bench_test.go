package notebook

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
)

// bigNotebook generates the 2,000-cell benchmark notebook with
// ../shared/bench/gen_big_nb.py once per test binary, or skips.
func bigNotebook(tb testing.TB) []byte {
	tb.Helper()
	big.once.Do(func() {
		shared, err := sharedDir()
		if err != nil {
			big.err = err
			return
		}
		script := filepath.Join(shared, "bench", "gen_big_nb.py")
		if _, err := os.Stat(script); err != nil {
			big.err = err
			return
		}
		py, err := exec.LookPath("python3")
		if err != nil {
			big.err = err
			return
		}
		dir, err := os.MkdirTemp("", "nbbench")
		if err != nil {
			big.err = err
			return
		}
		defer os.RemoveAll(dir)
		if out, err := exec.Command(py, script, "--outdir", dir).CombinedOutput(); err != nil {
			big.err = &exec.Error{Name: string(out), Err: err}
			return
		}
		big.data, big.err = os.ReadFile(filepath.Join(dir, "base.ipynb"))
	})
	if big.err != nil {
		tb.Skipf("benchmark notebook not available: %v", big.err)
	}
	return big.data
}

var big struct {
	once sync.Once
	data []byte
	err  error
}

// sharedDir finds ../shared next to the repository root (the folder that
// holds go.mod).
func sharedDir() (string, error) {
	dir, err := filepath.Abs(".")
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			shared := filepath.Join(filepath.Dir(dir), "shared")
			_, err := os.Stat(shared)
			return shared, err
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", os.ErrNotExist
		}
		dir = parent
	}
}

func BenchmarkParse(b *testing.B) {
	data := bigNotebook(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkStrip measures Strip alone: each iteration strips a fresh
// shallow copy of the parsed notebook (made with the timer stopped), since
// Strip changes its argument.
func BenchmarkStrip(b *testing.B) {
	data := bigNotebook(b)
	nb, err := Parse(data)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		c := stripCopy(nb)
		b.StartTimer()
		Strip(c, StripOptions{})
	}
}

// stripCopy copies nb deeply enough that Strip(copy) leaves nb unchanged:
// Strip replaces outputs and counts and deletes metadata members in place.
func stripCopy(nb *Notebook) *Notebook {
	c := *nb
	c.Metadata = nb.Metadata.Clone()
	c.Cells = make([]*Cell, len(nb.Cells))
	cells := make([]Cell, len(nb.Cells))
	for i, cell := range nb.Cells {
		cells[i] = *cell
		cells[i].Metadata = cell.Metadata.Clone()
		c.Cells[i] = &cells[i]
	}
	return &c
}

func BenchmarkParseStrip(b *testing.B) {
	data := bigNotebook(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		nb, err := Parse(data)
		if err != nil {
			b.Fatal(err)
		}
		Strip(nb, StripOptions{})
	}
}

func BenchmarkWrite(b *testing.B) {
	data := bigNotebook(b)
	nb, err := Parse(data)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		Write(nb)
	}
}

func BenchmarkJSONDecodeAny(b *testing.B) {
	data := bigNotebook(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		var v any
		if err := json.Unmarshal(data, &v); err != nil {
			b.Fatal(err)
		}
	}
}

// TestParseMemory reports the heap allocated while parsing the benchmark
// notebook and checks the target: at most twice the file size.
func TestParseMemory(t *testing.T) {
	data := bigNotebook(t)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	nb, err := Parse(data)
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	runtime.KeepAlive(nb)
	alloc := after.TotalAlloc - before.TotalAlloc
	t.Logf("Parse of %d bytes allocated %d bytes (%.2fx the file size)", len(data), alloc, float64(alloc)/float64(len(data)))
	// Everything Parse allocates, garbage included, bounds its peak heap.
	if alloc > 2*uint64(len(data)) {
		t.Errorf("Parse allocated %.2fx the file size, want at most 2x", float64(alloc)/float64(len(data)))
	}
}
