package notebook

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// nbformatWrite is a Python program that reads a notebook with nbformat
// (without converting its version) and writes it back as nbformat writes
// files: nbformat.writes plus the final newline nbformat.write adds.
const nbformatWrite = `
import sys, nbformat
nb = nbformat.read(sys.argv[1], as_version=nbformat.NO_CONVERT)
sys.stdout.buffer.write((nbformat.writes(nb) + "\n").encode("utf-8"))
`

// TestWriteMatchesNbformat compares Write(Parse(x)) with what nbformat
// itself writes for every notebook in testdata, when a Python with the
// nbformat package is at hand (Debian: python3-nbformat); it skips
// otherwise. This is the reference the writer imitates.
func TestWriteMatchesNbformat(t *testing.T) {
	python := ""
	for _, p := range []string{"python3", "/usr/bin/python3"} {
		if exec.Command(p, "-c", "import nbformat").Run() == nil {
			python = p
			break
		}
	}
	if python == "" {
		t.Skip("no python3 with nbformat")
	}
	files, _ := filepath.Glob("../testdata/notebooks/*.ipynb")
	demo, _ := filepath.Glob("../testdata/demo/*.ipynb")
	files = append(files, demo...)
	if len(files) == 0 {
		t.Fatal("no notebooks in testdata")
	}
	for _, f := range files {
		want, err := exec.Command(python, "-c", nbformatWrite, f).Output()
		if err != nil {
			t.Errorf("%s: nbformat: %v", f, err)
			continue
		}
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		nb, err := Parse(data)
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		if got := Write(nb); !bytes.Equal(got, want) {
			t.Errorf("%s: Write differs from nbformat's writer", f)
		}
	}
	t.Logf("%d notebooks written exactly as nbformat writes them", len(files))
}
