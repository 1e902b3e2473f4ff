package notebook

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/nbtools/nbdiff/internal/testenv"
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
	python := testenv.NbformatPython(t)
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
		if _, got, ok := writeBack(t, f); ok && !bytes.Equal(got, want) {
			t.Errorf("%s: Write differs from nbformat's writer", f)
		}
	}
	t.Logf("%d notebooks written exactly as nbformat writes them", len(files))
}

// nbformatRandom is a Python program that writes argv[2] notebooks with
// random content into the folder argv[1], each as nbformat writes a
// notebook (Jupyter's own writer): sources and texts with every kind of
// line end, blank, trailing white space, control, non-ASCII, astral and
// line-separator character; metadata nested with numbers as Python
// writes them (floats of every magnitude, big integers), booleans, null,
// empty objects and lists; outputs of every type with text lists and
// MIME bundles; attachments; raw and markdown cells; ids or none.
const nbformatRandom = `
import os, random, sys, nbformat
from nbformat import v4
out, n = sys.argv[1], int(sys.argv[2])
rnd = random.Random(7)
chars = ["a", "b", " ", "\t", "\n", "\r\n", "\r", "\"", "\\", "/", "<", ">", "&", "'", "\u0000", "\u0007",
         "\u001f", "\u007f", "\u00e9", "\u2028", "\u2029", "\ufeff", "\U0001f600", "\u4e2d", "\u0301", "x = 1", "  "]
def text(k=12):
    return "".join(rnd.choice(chars) for _ in range(rnd.randint(0, k)))
def number():
    c = rnd.randint(0, 5)
    if c == 0: return rnd.randint(-10, 10)
    if c == 1: return rnd.randint(-2**70, 2**70)
    if c == 2: return rnd.uniform(-1, 1) * 10 ** rnd.randint(-30, 30)
    if c == 3: return float(rnd.randint(-5, 5))
    if c == 4: return rnd.choice([0.1, 1e-05, 1e16, 1e-7, 123456789.0, -0.5, 2.5e-308])
    return rnd.random()
def value(depth=0):
    c = rnd.randint(0, 7 if depth < 3 else 4)
    if c == 0: return text()
    if c == 1: return number()
    if c == 2: return rnd.choice([True, False])
    if c == 3: return None
    if c == 4: return rnd.choice([{}, []])
    if c <= 6: return {text(4) or "k": value(depth + 1) for _ in range(rnd.randint(0, 3))}
    return [value(depth + 1) for _ in range(rnd.randint(0, 3))]
def output():
    c = rnd.randint(0, 3)
    if c == 0: return v4.new_output("stream", name=rnd.choice(["stdout", "stderr"]), text=text(30))
    if c == 1: return v4.new_output("error", ename=text(4), evalue=text(8), traceback=[text(10) for _ in range(rnd.randint(0, 3))])
    data = {"text/plain": text(20), "image/png": "iVBORw0KGgo=\n", "application/json": value()}
    if c == 2: return v4.new_output("display_data", data=data, metadata={"isolated": True} if rnd.random() < 0.3 else {})
    return v4.new_output("execute_result", data=data, execution_count=rnd.randint(1, 99))
for i in range(n):
    cells = []
    for _ in range(rnd.randint(0, 6)):
        c = rnd.randint(0, 2)
        md = value() if rnd.random() < 0.5 else {}
        if not isinstance(md, dict): md = {"x": md}
        if c == 0:
            cell = v4.new_code_cell(source=text(40), metadata=md, execution_count=rnd.choice([None, rnd.randint(1, 99)]),
                                    outputs=[output() for _ in range(rnd.randint(0, 3))])
        elif c == 1:
            cell = v4.new_markdown_cell(source=text(40), metadata=md)
            if rnd.random() < 0.3:
                cell["attachments"] = {"a.png": {"image/png": "iVBORw0KGgo="}}
        else:
            cell = v4.new_raw_cell(source=text(40), metadata=md)
        cells.append(cell)
    nb = v4.new_notebook(cells=cells, metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}, "extra": value()})
    nb.nbformat_minor = rnd.choice([4, 5])
    if nb.nbformat_minor < 5:
        for c in nb.cells:
            c.pop("id", None)
    with open(os.path.join(out, "nb%03d.ipynb" % i), "w", encoding="utf-8", newline="") as f:
        f.write(nbformat.writes(nb) + "\n")
`

// TestWriteMatchesNbformatRandom: notebooks of random content that
// Jupyter's writer wrote (nbformatRandom) come out of Parse and Write byte
// for byte as they went in. It needs a python3 with nbformat, and skips
// without one.
func TestWriteMatchesNbformatRandom(t *testing.T) {
	python := testenv.NbformatPython(t)
	dir := t.TempDir()
	const n = 300
	if out, err := exec.Command(python, "-c", nbformatRandom, dir, fmt.Sprint(n)).CombinedOutput(); err != nil {
		t.Fatalf("generating notebooks: %v\n%s", err, out)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.ipynb"))
	if len(files) != n {
		t.Fatalf("%d notebooks generated, want %d", len(files), n)
	}
	bad := 0
	for _, f := range files {
		data, got, ok := writeBack(t, f)
		if ok && !bytes.Equal(got, data) {
			if bad++; bad <= 3 {
				t.Errorf("%s: Write differs from nbformat's writer:\n%s", filepath.Base(f), firstDifference(data, got))
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d notebooks differ", bad, n)
	}
}

// firstDifference shows where want and got first differ, with some
// context.
func firstDifference(want, got []byte) string {
	i := 0
	for i < len(want) && i < len(got) && want[i] == got[i] {
		i++
	}
	from := max(0, i-60)
	return fmt.Sprintf("at byte %d:\nnbformat: %q\nours:     %q", i, want[from:min(len(want), i+60)], got[from:min(len(got), i+60)])
}

// writeBack reads the notebook file f and returns its bytes and Write's
// of what Parse made of them; a file Parse refuses is an error of t, and
// ok false.
func writeBack(t *testing.T, f string) (data, got []byte, ok bool) {
	t.Helper()
	data, err := os.ReadFile(f)
	if err != nil {
		t.Fatal(err)
	}
	nb, err := Parse(data)
	if err != nil {
		t.Errorf("%s: %v", f, err)
		return data, nil, false
	}
	return data, Write(nb), true
}
