package notebook

import (
	"bytes"
	"os"
	"testing"
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
