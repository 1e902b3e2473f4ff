package notebook

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// TestWriteToMatchesWrite checks that the streaming WriteTo gives exactly
// Write's bytes on every corpus notebook that parses, and on a generated
// notebook big enough to be written in many pieces.
func TestWriteToMatchesWrite(t *testing.T) {
	// the corpus when ../shared is there; the generated notebook always
	var files []string
	if dir, ok := corpusDirOK(); ok {
		files, _ = filepath.Glob(filepath.Join(dir, "*.ipynb"))
	}
	big := smallCells(3000)
	inputs := map[string][]byte{"generated": big}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		inputs[filepath.Base(f)] = data
	}
	checked := 0
	for name, data := range inputs {
		nb, err := Parse(data)
		if err != nil {
			continue
		}
		want := Write(nb)
		var got bytes.Buffer
		if err := WriteTo(&got, nb); err != nil {
			t.Fatalf("%s: WriteTo: %v", name, err)
		}
		if !bytes.Equal(got.Bytes(), want) {
			t.Errorf("%s: WriteTo wrote %d bytes that differ from Write's %d", name, got.Len(), len(want))
		}
		checked++
	}
	if len(big) < 4*flushSize {
		t.Fatalf("generated notebook of %d bytes is too small to be written in pieces", len(big))
	}
	t.Logf("WriteTo matches Write on %d notebooks", checked)
}

// smallCells returns a notebook of n small code cells.
func smallCells(n int) []byte {
	var big bytes.Buffer
	big.WriteString(`{"cells": [`)
	for i := range n {
		if i > 0 {
			big.WriteString(",")
		}
		big.WriteString(`{"cell_type": "code", "execution_count": 1, "metadata": {}, "outputs": [], "source": ["x = 1\n", "print(\"a\\tb\")"]}`)
	}
	big.WriteString(`], "metadata": {}, "nbformat": 4, "nbformat_minor": 4}`)
	return big.Bytes()
}

type failingWriter struct{ n int }

func (f *failingWriter) Write(p []byte) (int, error) {
	f.n++
	return 0, errors.New("disk full")
}

// TestWriteToStopsAfterError checks that WriteTo reports the writer's error
// and stops writing after it, on a notebook written in many pieces (an
// empty notebook is written in one, so it could not tell).
func TestWriteToStopsAfterError(t *testing.T) {
	nb, err := Parse(smallCells(3000))
	if err != nil {
		t.Fatal(err)
	}
	if n := len(Write(nb)); n < 4*flushSize {
		t.Fatalf("notebook of %d bytes is too small to be written in pieces", n)
	}
	w := &failingWriter{}
	if err := WriteTo(w, nb); err == nil || err.Error() != "disk full" {
		t.Errorf("WriteTo error = %v, want disk full", err)
	}
	if w.n != 1 {
		t.Errorf("Write called %d times after failing, want 1", w.n)
	}
}

// TestParallelCellsMatchSequential checks that encoding cells on two
// goroutines (every notebook, however small, in this test) gives the bytes
// of the sequential writer, with Write and WriteTo, on the testdata and
// ../shared notebooks and on generated ones of several sizes (a batch
// boundary falls anywhere in them).
func TestParallelCellsMatchSequential(t *testing.T) {
	defer func(n, procs int) { parallelMin = n; runtime.GOMAXPROCS(procs) }(parallelMin, runtime.GOMAXPROCS(2))
	var files []string
	for _, pattern := range []string{"../testdata/*/*.ipynb", "../../shared/corpus/*.ipynb", "../../shared/merges/*/ours.ipynb"} {
		names, _ := filepath.Glob(pattern)
		files = append(files, names...)
	}
	inputs := map[string][]byte{}
	for _, n := range []int{1, batchCells - 1, batchCells, batchCells + 1, inFlight*batchCells*encoders + 5, 3000} {
		inputs[fmt.Sprintf("generated %d", n)] = smallCells(n)
	}
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
		parallelMin = 1 << 30
		want := Write(nb)
		parallelMin = 1
		if got := Write(nb); !bytes.Equal(got, want) {
			t.Errorf("%s: Write with parallel cells differs %s", name, firstDiff(want, got))
		}
		var buf bytes.Buffer
		if err := WriteTo(&buf, nb); err != nil || !bytes.Equal(buf.Bytes(), want) {
			t.Errorf("%s: WriteTo with parallel cells differs (%v) %s", name, err, firstDiff(want, buf.Bytes()))
		}
		checked++
	}
	if checked < 6 {
		t.Fatalf("only %d notebooks checked", checked)
	}
	t.Logf("%d notebooks written alike", checked)
}
