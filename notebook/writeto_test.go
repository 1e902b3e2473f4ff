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
	files, _ := filepath.Glob(filepath.Join(corpusDir(t), "*.ipynb"))
	var big bytes.Buffer
	big.WriteString(`{"cells": [`)
	for i := range 3000 {
		if i > 0 {
			big.WriteString(",")
		}
		big.WriteString(`{"cell_type": "code", "execution_count": 1, "metadata": {}, "outputs": [], "source": ["x = 1\n", "print(\"a\\tb\")"]}`)
	}
	big.WriteString(`], "metadata": {}, "nbformat": 4, "nbformat_minor": 4}`)
	inputs := map[string][]byte{"generated": big.Bytes()}
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
	if len(big.Bytes()) < 4*flushSize {
		t.Fatalf("generated notebook of %d bytes is too small to be written in pieces", big.Len())
	}
	t.Logf("WriteTo matches Write on %d notebooks", checked)
}

type failingWriter struct{ n int }

func (f *failingWriter) Write(p []byte) (int, error) {
	f.n++
	return 0, errors.New("disk full")
}

// TestWriteToError checks that WriteTo reports the writer's error and stops
// writing after it.
func TestWriteToError(t *testing.T) {
	nb, err := Parse([]byte(`{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}`))
	if err != nil {
		t.Fatal(err)
	}
	w := &failingWriter{}
	if err := WriteTo(w, nb); err == nil || err.Error() != "disk full" {
		t.Errorf("WriteTo error = %v, want disk full", err)
	}
	if w.n != 1 {
		t.Errorf("Write called %d times after failing, want 1", w.n)
	}
}
