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

// TestUpgrade: nbformat 3 and 2 are upgraded on read as nbformat does;
// the want files were written by nbformat 5.5 (see upgrade/want.py).
func TestUpgrade(t *testing.T) {
	for _, v := range []string{"v2", "v3"} {
		in, err := os.ReadFile("../testdata/notebooks/upgrade/" + v + ".ipynb")
		if err != nil {
			t.Fatal(err)
		}
		want, err := os.ReadFile("../testdata/notebooks/upgrade/" + v + ".want.ipynb")
		if err != nil {
			t.Fatal(err)
		}
		nb := mustParse(t, in)
		if nb.Major != 4 || nb.Minor != 4 || nb.OrigMajor != int(v[1]-'0') {
			t.Errorf("%s: version %d.%d, orig %d", v, nb.Major, nb.Minor, nb.OrigMajor)
		}
		for i, c := range nb.Cells {
			if c.HasID() {
				t.Errorf("%s: cell %d has an invented id %q", v, i, c.ID)
			}
		}
		if out := Write(nb); !bytes.Equal(out, want) {
			t.Errorf("%s: differs from nbformat's upgrade %s", v, firstDiff(want, out))
		}
	}
	// The upgraded v3 notebook, in detail.
	in, _ := os.ReadFile("../testdata/notebooks/upgrade/v3.ipynb")
	nb := mustParse(t, in)
	if nb.Cells[0].Type != "markdown" || nb.Cells[0].Source != "# Quarterly report" {
		t.Errorf("heading: %q %q", nb.Cells[0].Type, nb.Cells[0].Source)
	}
	if nb.Cells[4].Source != "### Figures" {
		t.Errorf("level 3 heading: %q", nb.Cells[4].Source)
	}
	if nb.Cells[3].Source != "x = [1, 2]\nx" {
		t.Errorf("lines without ends are joined with newlines: %q", nb.Cells[3].Source)
	}
	out := nb.Cells[3].Outputs.Items[0]
	if ot := out.Get("output_type"); ot.Str != "execute_result" || out.Get("execution_count").Str != "2" {
		t.Errorf("pyout: %+v", out)
	}
	js := nb.Cells[5].Outputs.Items[1].Get("data").Get("application/json")
	if js == nil || js.Kind != Object || js.Get("a").Items[1].Str != "0.0025" {
		t.Errorf("json output not decoded: %+v", js)
	}
	if nb.Cells[6].Outputs.Items[0].Get("output_type").Str != "error" {
		t.Errorf("pyerr not upgraded")
	}
	if nb.Cells[9].Type != "markdown" || nb.Cells[8].Type != "raw" {
		t.Errorf("html and raw cells: %q %q", nb.Cells[9].Type, nb.Cells[8].Type)
	}
	if nb.Metadata.Get("name") != nil || nb.Metadata.Get("signature") != nil {
		t.Errorf("metadata name and signature kept: %+v", nb.Metadata)
	}
	// Writing an upgraded notebook is stable.
	w1 := Write(nb)
	if w2 := Write(mustParse(t, w1)); !bytes.Equal(w1, w2) {
		t.Errorf("second round trip differs %s", firstDiff(w1, w2))
	}
}

func TestPyFloat(t *testing.T) {
	// The wants are Python's repr(float(in)).
	for in, want := range map[string]string{
		"0.0025": "0.0025", "2.5e-3": "0.0025", "1e-05": "1e-05", "0.0001": "0.0001", "1e16": "1e+16",
		"1e15": "1000000000000000.0", "123456789012345678.0": "1.2345678901234568e+17", "-0.0": "-0.0",
		"0.1": "0.1", "1.5e-7": "1.5e-07", "1E5": "100000.0", "1e400": "Infinity",
	} {
		v := Value{Kind: Number, Str: in}
		pyNumbers(&v)
		if v.Str != want {
			t.Errorf("%s: got %s, want %s", in, v.Str, want)
		}
	}
}

// nbformatRandomV3 is a Python program that writes argv[2] nbformat 3
// notebooks with random content into the folder argv[1] (name.ipynb), and
// beside each what nbformat makes of it read as version 4 (name.want),
// with the ids it invents removed and nbformat_minor 4, as want.py does.
const nbformatRandomV3 = `
import os, random, sys, nbformat
from nbformat import v3
out, n = sys.argv[1], int(sys.argv[2])
rnd = random.Random(11)
chars = ["a", " ", "\t", "\n", "\r\n", "\"", "\\", "<b>", "&", "\u00e9", "\u2028", "\U0001f600", "x = 1", "#", "$x$"]
def text(k=10):
    return "".join(rnd.choice(chars) for _ in range(rnd.randint(0, k)))
def output():
    c = rnd.randint(0, 4)
    if c == 0: return v3.new_output("stream", output_text=text(20), stream=rnd.choice(["stdout", "stderr"]))
    if c == 1: return v3.new_output("pyerr", ename=text(3), evalue=text(5), traceback=[text(8) for _ in range(rnd.randint(0, 2))])
    kw = {}
    for k in ["output_text", "output_html", "output_png", "output_svg", "output_latex", "output_javascript", "output_jpeg"]:
        if rnd.random() < 0.4:
            kw[k] = "iVBORw0KGgo=" if k in ("output_png", "output_jpeg") else text(12)
    if rnd.random() < 0.3:
        kw["output_json"] = rnd.choice(['{"a": [1, 0.0025]}', '[]', '"s"'])
    if c == 2: return v3.new_output("display_data", **kw)
    return v3.new_output("pyout", prompt_number=rnd.randint(1, 9), **kw)
for i in range(n):
    cells = []
    for _ in range(rnd.randint(0, 6)):
        c = rnd.randint(0, 3)
        md = {"x": text(3)} if rnd.random() < 0.3 else {}
        if c == 0:
            cell = v3.new_code_cell(input=text(30), prompt_number=rnd.choice([None, rnd.randint(1, 9)]),
                                    outputs=[output() for _ in range(rnd.randint(0, 3))], collapsed=rnd.random() < 0.3, metadata=md)
        elif c == 1:
            cell = v3.new_text_cell(rnd.choice(["markdown", "raw", "html"]), source=text(30), metadata=md)
        else:
            cell = v3.new_heading_cell(source=text(8), level=rnd.randint(1, 6), metadata=md)
        cells.append(cell)
    ws = [v3.new_worksheet(cells=cells)]
    nb = v3.new_notebook(name=text(3), worksheets=ws, metadata={"signature": "sha256:x", "kernel_info": {"name": "python3"}} if rnd.random() < 0.5 else {})
    name = os.path.join(out, "nb%03d" % i)
    with open(name + ".ipynb", "w", encoding="utf-8", newline="") as f:
        f.write(v3.writes_json(nb) if hasattr(v3, "writes_json") else nbformat.writes(nb, version=3))
    up = nbformat.read(name + ".ipynb", as_version=4)
    up.nbformat_minor = 4
    for cell in up.cells:
        cell.pop("id", None)
    with open(name + ".want", "w", encoding="utf-8", newline="") as f:
        f.write(nbformat.writes(up) + "\n")
`

// TestUpgradeMatchesNbformatRandom: random nbformat 3 notebooks (written by
// nbformat's own v3 writer) read as nbformat 4, then written, give what
// nbformat makes of them (as TestUpgrade, on 200 of them). It needs a
// python3 with nbformat, and skips without one.
func TestUpgradeMatchesNbformatRandom(t *testing.T) {
	python := testenv.NbformatPython(t)
	dir := t.TempDir()
	const n = 200
	if out, err := exec.Command(python, "-c", nbformatRandomV3, dir, fmt.Sprint(n)).CombinedOutput(); err != nil {
		t.Fatalf("generating notebooks: %v\n%s", err, out)
	}
	bad := 0
	for i := range n {
		name := filepath.Join(dir, fmt.Sprintf("nb%03d", i))
		in, err := os.ReadFile(name + ".ipynb")
		if err != nil {
			t.Fatal(err)
		}
		want, err := os.ReadFile(name + ".want")
		if err != nil {
			t.Fatal(err)
		}
		nb, err := Parse(in)
		if err != nil {
			t.Errorf("nb%03d: %v", i, err)
			continue
		}
		if got := Write(nb); !bytes.Equal(got, want) {
			if bad++; bad <= 3 {
				t.Errorf("nb%03d: differs from nbformat's upgrade:\n%s", i, firstDifference(want, got))
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d upgraded notebooks differ", bad, n)
	}
}
