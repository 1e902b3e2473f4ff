package notebook

import (
	"bytes"
	"encoding/json"
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

// TestOwnNotebooksRoundTrip: the notebooks in testdata were written as
// nbformat writes them, so Parse and Write give back every byte.
func TestOwnNotebooksRoundTrip(t *testing.T) {
	for name, data := range ownNotebooks(t) {
		if out := Write(mustParse(t, data)); !bytes.Equal(out, data) {
			t.Errorf("%s: not byte-identical %s", name, firstDiff(data, out))
		}
	}
}

// TestStyleKept: a file written with another indentation, CRLF line ends,
// a byte-order mark or no final newline keeps its layout.
func TestStyleKept(t *testing.T) {
	variants := map[string]func([]byte) []byte{
		"2 spaces": func(b []byte) []byte { return reindent(t, b, "  ") },
		"4 spaces": func(b []byte) []byte { return reindent(t, b, "    ") },
		"tab":      func(b []byte) []byte { return reindent(t, b, "\t") },
		// JSON strings escape their line ends, so every "\n" of the file is layout.
		"crlf":          func(b []byte) []byte { return bytes.ReplaceAll(b, []byte("\n"), []byte("\r\n")) },
		"bom":           func(b []byte) []byte { return append([]byte(bom), b...) },
		"no final nl":   func(b []byte) []byte { return bytes.TrimSuffix(b, []byte("\n")) },
		"2 spaces crlf": func(b []byte) []byte { return bytes.ReplaceAll(reindent(t, b, "  "), []byte("\n"), []byte("\r\n")) },
	}
	for name, data := range ownNotebooks(t) {
		for vname, f := range variants {
			in := f(data)
			nb := mustParse(t, in)
			if out := Write(nb); !bytes.Equal(out, in) {
				t.Errorf("%s, %s: not byte-identical %s", name, vname, firstDiff(in, out))
			}
			// The content is the same as the original's.
			nb.Style = Style{}
			if out := Write(nb); !bytes.Equal(out, data) {
				t.Errorf("%s, %s: content differs from the original %s", name, vname, firstDiff(data, out))
			}
		}
	}
}

// reindent re-indents JSON with encoding/json.Indent, which keeps string
// escapes, key order, "[]" and "{}", and the ": " separator.
func reindent(t *testing.T, data []byte, indent string) []byte {
	var b bytes.Buffer
	if err := json.Indent(&b, data, "", indent); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestWriteBuilt: a notebook built in code, with zero Values where the
// parser would have put empty objects, is written as a valid notebook.
func TestWriteBuilt(t *testing.T) {
	nb := &Notebook{Major: 4, Minor: 5, Cells: []*Cell{
		{Type: "markdown", ID: "m", Source: "# Title\n\nText"},
		{Type: "code", ID: "c", Source: "1 + 1"},
	}}
	want := `{
 "cells": [
  {
   "cell_type": "markdown",
   "id": "m",
   "metadata": {},
   "source": [
    "# Title\n",
    "\n",
    "Text"
   ]
  },
  {
   "cell_type": "code",
   "execution_count": null,
   "id": "c",
   "metadata": {},
   "outputs": [],
   "source": [
    "1 + 1"
   ]
  }
 ],
 "metadata": {},
 "nbformat": 4,
 "nbformat_minor": 5
}
`
	if got := string(Write(nb)); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	back := mustParse(t, Write(nb))
	if msg := sameNotebook(back, mustParse(t, []byte(want))); msg != "" || back.Cells[1].Source != "1 + 1" {
		t.Errorf("written notebook parses differently: %s", msg)
	}
}
