package notebook

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
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
