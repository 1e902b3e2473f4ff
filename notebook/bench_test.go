package notebook

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
)

// bigNotebook generates the 2,000-cell benchmark notebook (with images)
// with ../shared/bench/gen_big_nb.py into a temporary folder, or
// skips when python3 or the script is missing. Benchmarks use b.Loop, so
// each calls it once.
func bigNotebook(tb testing.TB) []byte {
	tb.Helper()
	shared, err := sharedDir()
	if err != nil {
		tb.Skipf("../shared not available: %v", err)
	}
	script := filepath.Join(shared, "bench", "gen_big_nb.py")
	if _, err := os.Stat(script); err != nil {
		tb.Skipf("benchmark generator not available: %v", err)
	}
	py, err := exec.LookPath("python3")
	if err != nil {
		tb.Skipf("python3 not available: %v", err)
	}
	dir := tb.TempDir()
	if out, err := exec.Command(py, script, "--outdir", dir).CombinedOutput(); err != nil {
		tb.Fatalf("%s: %v\n%s", script, err, out)
	}
	data, err := os.ReadFile(filepath.Join(dir, "base.ipynb"))
	if err != nil {
		tb.Fatal(err)
	}
	return data
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

// BenchmarkParseDigest measures Parse with DigestOutputs, as nbdiff parses
// when outputs are not shown: outputs are hashed as they are scanned
// (digest.go). Compare with BenchmarkParseDigestBuilt.
func BenchmarkParseDigest(b *testing.B) {
	data := bigNotebook(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseWith(data, ParseOptions{DigestOutputs: true}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseDigestBuilt makes the same digests from outputs parsed
// into Values, as a parser without digest.go's scanning would (and as
// ParseWith does for notebooks upgraded from nbformat 2 or 3): the cost
// that hashing outputs while scanning them saves.
func BenchmarkParseDigestBuilt(b *testing.B) {
	data := bigNotebook(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		nb, err := Parse(data)
		if err != nil {
			b.Fatal(err)
		}
		newDigests().digestOutputs(nb)
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
// notebook and checks it: at most 1.3 times the file size, and 1 time with
// DigestOutputs. nbdiff's peak memory target is twice its two inputs, with
// the binary and the diff besides.
func TestParseMemory(t *testing.T) {
	data := bigNotebook(t)
	for _, c := range []struct {
		opts  ParseOptions
		limit float64
	}{{ParseOptions{}, 1.3}, {ParseOptions{DigestOutputs: true}, 1}} {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		nb, err := ParseWith(data, c.opts)
		runtime.ReadMemStats(&after)
		if err != nil {
			t.Fatal(err)
		}
		runtime.KeepAlive(nb)
		alloc := after.TotalAlloc - before.TotalAlloc
		ratio := float64(alloc) / float64(len(data))
		t.Logf("%+v: Parse of %d bytes allocated %d bytes (%.2fx the file size)", c.opts, len(data), alloc, ratio)
		// Everything Parse allocates, garbage included, bounds its peak heap.
		if ratio > c.limit {
			t.Errorf("%+v: Parse allocated %.2fx the file size, want at most %.1fx", c.opts, ratio, c.limit)
		}
	}
}
