package pipeline

import (
	"bytes"
	"testing"

	"github.com/nbtools/nbdiff/notebook"
)

// TestStripKeptOutputs: Strip skips the outputs it drops, and must still
// keep those the notebook, a cell or the options keep (and their counts
// as the options say), exactly as stripping the fully parsed notebook
// does.
func TestStripKeptOutputs(t *testing.T) {
	const result = `{"data": {"text/plain": ["1"]}, "execution_count": 3, "metadata": {}, "output_type": "execute_result"}`
	cell := func(metadata string) string {
		return `{"cell_type": "code", "execution_count": 3, "metadata": ` + metadata + `, "outputs": [` + result + `], "source": "x"}`
	}
	notebookOf := func(metadata string, cells ...string) []byte {
		src := `{"cells": [`
		for i, c := range cells {
			if i > 0 {
				src += ", "
			}
			src += c
		}
		return []byte(src + `], "metadata": ` + metadata + `, "nbformat": 4, "nbformat_minor": 4}`)
	}
	for _, tc := range []struct {
		name string
		data []byte
		opts notebook.StripOptions
	}{
		{"none kept", notebookOf(`{}`, cell(`{}`), cell(`{"scrolled": true}`)), notebook.StripOptions{}},
		{"cell metadata", notebookOf(`{}`, cell(`{}`), cell(`{"keep_output": true}`)), notebook.StripOptions{}},
		{"cell tag", notebookOf(`{}`, cell(`{"tags": ["keep_output"]}`), cell(`{}`)), notebook.StripOptions{}},
		{"notebook", notebookOf(`{"keep_output": true}`, cell(`{"scrolled": true}`)), notebook.StripOptions{}},
		{"options", notebookOf(`{}`, cell(`{}`)), notebook.StripOptions{KeepOutputs: true}},
		{"options and counts", notebookOf(`{}`, cell(`{}`)), notebook.StripOptions{KeepOutputs: true, KeepCounts: true}},
		{"stripped keep_output", notebookOf(`{"keep_output": true}`, cell(`{}`)), notebook.StripOptions{ExtraMetadata: []string{"metadata.keep_output"}}},
		{"nothing to strip", notebookOf(`{}`, `{"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [], "source": "x"}`), notebook.StripOptions{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			nb, err := notebook.Parse(tc.data)
			if err != nil {
				t.Fatal(err)
			}
			wantChanged := notebook.Strip(nb, tc.opts)
			want := tc.data
			if wantChanged {
				want = notebook.Write(nb)
			}
			got, changed, err := Strip(tc.data, tc.opts)
			if err != nil || changed != wantChanged || !bytes.Equal(got, want) {
				t.Errorf("Strip: changed %v, %v:\n%s\nwant changed %v:\n%s", changed, err, got, wantChanged, want)
			}
		})
	}
}
