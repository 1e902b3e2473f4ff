package notebook

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// TestParallelCellsMatchSequential checks that encoding cells on two
// goroutines (every notebook, however small, in this test) gives the bytes
// of the sequential writer, into a buffer and to a writer, on the testdata
// and ../shared notebooks and on generated ones of several sizes (a batch
// boundary falls anywhere in them), some with cells bigger than a batch.
func TestParallelCellsMatchSequential(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	var files []string
	for _, pattern := range []string{"../testdata/*/*.ipynb", "../../shared/corpus/*.ipynb", "../../shared/merges/*/ours.ipynb"} {
		names, _ := filepath.Glob(pattern)
		files = append(files, names...)
	}
	inputs := map[string][]byte{}
	for _, n := range []int{1, batchCells - 1, batchCells, batchCells + 1, inFlight*batchCells*encoders + 5, 3000} {
		inputs[fmt.Sprintf("generated %d", n)] = smallCells(n)
	}
	inputs["big cells"] = bigCells(40, 3*flushSize)
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		inputs[f] = data
	}
	checked := 0
	for name, data := range inputs {
		nb, err := Parse(data)
		if err != nil {
			continue
		}
		want := writeWith(nb, nil, 1<<30)
		if got := writeWith(nb, nil, 1); !bytes.Equal(got, want) {
			t.Errorf("%s: Write with parallel cells differs %s", name, firstDiff(want, got))
		}
		var buf bytes.Buffer
		writeWith(nb, &buf, 1)
		if !bytes.Equal(buf.Bytes(), want) {
			t.Errorf("%s: WriteTo with parallel cells differs %s", name, firstDiff(want, buf.Bytes()))
		}
		checked++
	}
	if checked < 6 {
		t.Fatalf("only %d notebooks checked", checked)
	}
	t.Logf("%d notebooks written alike", checked)
}

// writeWith writes nb as Write (out nil) or WriteTo does, encoding cells in
// parallel from min cells.
func writeWith(nb *Notebook, out io.Writer, min int) []byte {
	w := newWriter(nb)
	w.parallelMin = min
	w.out = out
	w.write(nb)
	w.flush()
	return w.buf
}

// bigCells returns a notebook of n markdown cells of size bytes each.
func bigCells(n, size int) []byte {
	var b bytes.Buffer
	b.WriteString(`{"cells": [`)
	for i := range n {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `{"cell_type": "markdown", "metadata": {}, "source": "%d %s"}`, i, strings.Repeat("z", size))
	}
	b.WriteString(`], "metadata": {}, "nbformat": 4, "nbformat_minor": 4}`)
	return b.Bytes()
}

// TestParallelWriteToMemory checks that WriteTo of a notebook of big cells
// writes pieces of one cell each and allocates a few cells' worth, not the
// notebook's size.
func TestParallelWriteToMemory(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	const size = 1 << 20
	nb, err := Parse(bigCells(40, size))
	if err != nil {
		t.Fatal(err)
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	out := &countingWriter{}
	if err := WriteTo(out, nb); err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&after)
	if out.largest > 2*size {
		t.Errorf("largest piece written %d bytes, want one cell's (%d)", out.largest, size)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 16*size {
		t.Errorf("WriteTo of %d bytes allocated %d bytes, want a few cells' worth", out.total, alloc)
	}
}

type countingWriter struct{ total, largest int }

func (c *countingWriter) Write(p []byte) (int, error) {
	c.total += len(p)
	c.largest = max(c.largest, len(p))
	return len(p), nil
}

// TestParallelPanics checks that a writer that panics stops the encoders
// (no goroutine is left behind), and that a cell the encoders cannot
// encode stops the writing: nothing after it is written.
func TestParallelPanics(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	nb, err := Parse(smallCells(3000))
	if err != nil {
		t.Fatal(err)
	}
	before := runtime.NumGoroutine()
	func() {
		defer func() {
			if recover() == nil {
				t.Error("the writer's panic was not passed on")
			}
		}()
		WriteTo(panicWriter{}, nb)
	}()
	for range 100 {
		if runtime.NumGoroutine() <= before {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		t.Errorf("%d goroutines left after the writer panicked (%d before)", n, before)
	}
	nb.Cells[500] = nil // encoding it panics
	out := &countingWriter{}
	func() {
		defer func() {
			r := recover()
			if r == nil || !strings.Contains(fmt.Sprint(r), "encoding cells") {
				t.Errorf("panic %v, want the encoder's", r)
			}
		}()
		WriteTo(out, nb)
	}()
	nb.Cells = nb.Cells[:500]
	if limit := len(Write(nb)); out.total > limit {
		t.Errorf("%d bytes written, more than the %d of the cells before the broken one", out.total, limit)
	}
}

type panicWriter struct{}

func (panicWriter) Write([]byte) (int, error) { panic("write failed badly") }

// TestParallelPanicsReturnTheNotebook checks that once WriteTo has panicked
// (its writer did), no encoder still reads the notebook: changing it then
// is no race (run with -race).
func TestParallelPanicsReturnTheNotebook(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	nb, err := Parse(smallCells(3000))
	if err != nil {
		t.Fatal(err)
	}
	func() {
		defer func() { recover() }()
		WriteTo(panicWriter{}, nb)
	}()
	for _, c := range nb.Cells {
		c.Source = "changed"
	}
}
