package notebook

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// keepsOutputs reports whether Strip with the default options keeps some
// of nb's outputs (keep_output in the notebook's or a cell's metadata, or
// a cell's tag).
func keepsOutputs(nb *Notebook) bool {
	c := nb.Clone()
	Strip(c, StripOptions{})
	for _, cell := range c.Cells {
		if len(cell.Outputs.Items) > 0 {
			return true
		}
	}
	return false
}

// TestSkipOutputs: skipped outputs are as many nulls as there were
// outputs, the notebook says they were skipped, and nbformat 3's outputs
// are skipped alike.
func TestSkipOutputs(t *testing.T) {
	v4 := `{"cells": [{"cell_type": "code", "execution_count": 1, "metadata": {}, "outputs": [{"name": "stdout", "output_type": "stream", "text": "hi"},
		{"data": {"image/png": "iVBORw0KGgo=", "text/plain": ["<Figure>"]}, "metadata": {}, "output_type": "display_data"}], "source": "print('hi')"},
		{"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [], "source": ""}], "metadata": {}, "nbformat": 4, "nbformat_minor": 4}`
	v3 := `{"metadata": {}, "nbformat": 3, "nbformat_minor": 0, "worksheets": [{"cells": [{"cell_type": "code", "input": "print('hi')",
		"language": "python", "metadata": {}, "outputs": [{"output_type": "stream", "stream": "stdout", "text": "hi"}, {"output_type": "pyout", "text": "1"}],
		"prompt_number": 1}, {"cell_type": "code", "input": "", "language": "python", "metadata": {}, "outputs": []}]}]}`
	for _, src := range []string{v4, v3} {
		nb, err := ParseWith([]byte(src), ParseOptions{SkipOutputs: true, DigestOutputs: true})
		if err != nil {
			t.Fatal(err)
		}
		if !nb.OutputsSkipped || nb.OutputsDigested {
			t.Errorf("nbformat %d: OutputsSkipped %v, OutputsDigested %v", nb.Major, nb.OutputsSkipped, nb.OutputsDigested)
		}
		want := []Value{{Kind: Array, Items: []Value{{}, {}}}, {Kind: Array, Items: []Value{}}}
		for i, c := range nb.Cells {
			if !c.Outputs.Equal(&want[i]) {
				t.Errorf("nbformat %d: cell %d: outputs %+v, want %+v", nb.Major, i, c.Outputs, want[i])
			}
		}
	}
}

// TestSkipOutputsCorpus strips every notebook of testdata and ../shared
// (corpus and merges) parsed with and without SkipOutputs: the written
// files are the same, unless a notebook keeps outputs.
func TestSkipOutputsCorpus(t *testing.T) {
	var files []string
	for _, pattern := range []string{"../testdata/*/*.ipynb", "../testdata/*/*/*.ipynb", "../../shared/corpus/*/*.ipynb",
		"../../shared/corpus/*.ipynb", "../../shared/merges/*/*.ipynb"} {
		names, _ := filepath.Glob(pattern)
		files = append(files, names...)
	}
	same := 0
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		full, err := Parse(data)
		skipped, errs := ParseWith(data, ParseOptions{SkipOutputs: true})
		if (err == nil) != (errs == nil) || err != nil && err.Error() != errs.Error() {
			t.Fatalf("%s: error %v with outputs skipped, %v without", name, errs, err)
		}
		if err != nil || keepsOutputs(full) {
			continue
		}
		changed, changedSkipped := Strip(full, StripOptions{}), Strip(skipped, StripOptions{})
		if changed != changedSkipped {
			t.Errorf("%s: Strip reports a change %v, with outputs skipped %v", name, changed, changedSkipped)
		}
		if !bytes.Equal(Write(full), Write(skipped)) {
			t.Errorf("%s: stripped with outputs skipped, another file", name)
		}
		same++
	}
	if same < 10 {
		t.Fatalf("only %d notebooks compared", same)
	}
	t.Logf("%d notebooks stripped alike", same)
}
