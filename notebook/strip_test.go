package notebook

import (
	"bytes"
	"testing"
)

// counted reports how many cells of nb have outputs and how many have an
// execution count (of the cell or of one of its outputs).
func counted(nb *Notebook) (outputs, counts int) {
	for _, c := range nb.Cells {
		if len(c.Outputs.Items) > 0 {
			outputs++
		}
		has := c.ExecutionCount.Kind != Null
		for i := range c.Outputs.Items {
			if ec := c.Outputs.Items[i].Get("execution_count"); ec != nil && ec.Kind != Null {
				has = true
			}
		}
		if has {
			counts++
		}
	}
	return outputs, counts
}

func TestStripIdempotent(t *testing.T) {
	opts := []StripOptions{
		{},
		{KeepOutputs: true},
		{KeepCounts: true},
		{ExtraMetadata: []string{"cell.metadata.tags", "metadata.keep_output"}},
		{KeepOutputs: true, KeepCounts: true, ExtraMetadata: []string{"metadata.kernelspec", "cell.metadata.tags"}},
	}
	for name, data := range ownNotebooks(t) {
		for _, o := range opts {
			nb := mustParse(t, data)
			Strip(nb, o)
			once := Write(nb)
			if Strip(nb, o) {
				t.Errorf("%s %+v: second Strip reports a change", name, o)
			}
			if twice := Write(nb); !bytes.Equal(once, twice) {
				t.Errorf("%s %+v: Strip(Strip(x)) != Strip(x) %s", name, o, firstDiff(once, twice))
			}
			// and after a round trip through the file
			re := mustParse(t, once)
			if Strip(re, o) {
				t.Errorf("%s %+v: Strip of the written stripped notebook reports a change", name, o)
			}
		}
	}
}

func TestStripDefaults(t *testing.T) {
	files := ownNotebooks(t)
	nb := mustParse(t, files["notebooks/unicode-v4.4.ipynb"])
	if !Strip(nb, StripOptions{}) {
		t.Fatal("Strip reports no change")
	}
	outs, counts := counted(nb)
	// cell 3 has the tag keep_output: it keeps its outputs and count
	if outs != 1 || counts != 1 || len(nb.Cells[3].Outputs.Items) != 1 || nb.Cells[3].ExecutionCount.Str != "5" {
		t.Errorf("%d cells with outputs and %d with counts; want only the keep_output cell", outs, counts)
	}
	for _, k := range []string{"ExecuteTime", "collapsed", "scrolled"} {
		if nb.Cells[1].Metadata.Get(k) != nil {
			t.Errorf("cell metadata %q kept", k)
		}
	}
	if nb.Metadata.Get("widgets") != nil {
		t.Error("notebook metadata widgets kept")
	}
	for _, k := range []string{"kernelspec", "language_info", "toc"} {
		if nb.Metadata.Get(k) == nil {
			t.Errorf("notebook metadata %q removed", k)
		}
	}
	if nb.Cells[3].Metadata.Get("tags") == nil {
		t.Error("tags removed")
	}
	// Sources are untouched.
	orig := mustParse(t, files["notebooks/unicode-v4.4.ipynb"])
	for i := range nb.Cells {
		if nb.Cells[i].Source != orig.Cells[i].Source {
			t.Errorf("cell %d: source changed", i)
		}
	}
	// A stripped notebook's code cells keep "outputs": [] and
	// "execution_count": null, as nbformat requires.
	out := Write(nb)
	if !bytes.Contains(out, []byte("\"execution_count\": null,\n   \"metadata\": {},\n   \"outputs\": [],")) {
		t.Errorf("stripped code cell not written as nbformat requires:\n%s", out)
	}
}

func TestStripOptions(t *testing.T) {
	data := ownNotebooks(t)["notebooks/all-outputs-v4.5.ipynb"]
	before := mustParse(t, data)
	wantOuts, wantCounts := counted(before)
	if wantOuts < 7 || wantCounts < 7 {
		t.Fatalf("test notebook has %d cells with outputs and %d with counts", wantOuts, wantCounts)
	}
	tests := []struct {
		name         string
		opts         StripOptions
		outs, counts int
	}{
		{"defaults", StripOptions{}, 0, 0},
		{"keep outputs", StripOptions{KeepOutputs: true}, wantOuts, 0},
		{"keep counts", StripOptions{KeepCounts: true}, 0, wantCounts},
		{"keep both", StripOptions{KeepOutputs: true, KeepCounts: true}, wantOuts, wantCounts},
	}
	for _, tt := range tests {
		nb := mustParse(t, data)
		Strip(nb, tt.opts)
		if outs, counts := counted(nb); outs != tt.outs || counts != tt.counts {
			t.Errorf("%s: %d cells with outputs and %d with counts, want %d and %d", tt.name, outs, counts, tt.outs, tt.counts)
		}
		if tt.opts.KeepOutputs && !tt.opts.KeepCounts {
			// execute_result outputs stay, with a null count
			ec := nb.Cells[2].Outputs.Items[0].Get("execution_count")
			if ec == nil || ec.Kind != Null {
				t.Errorf("%s: execute_result count %+v", tt.name, ec)
			}
		}
	}
	if nb := mustParse(t, data); Strip(nb, StripOptions{KeepOutputs: true, KeepCounts: true}) == bytes.Equal(Write(nb), data) {
		t.Error("Strip's report of a change disagrees with the written bytes")
	}
}

func TestStripMetadataOptions(t *testing.T) {
	data := ownNotebooks(t)["notebooks/unicode-v4.4.ipynb"]
	nb := mustParse(t, data)
	Strip(nb, StripOptions{
		KeepMetadata:  []string{"cell.metadata.scrolled", "metadata.widgets"},
		ExtraMetadata: []string{"metadata.toc.nav_menu", "cell.metadata.tags", "metadata.language_info.codemirror_mode.name"},
	})
	c := nb.Cells[1]
	if c.Metadata.Get("scrolled") == nil || c.Metadata.Get("collapsed") != nil {
		t.Errorf("cell metadata: %+v", c.Metadata)
	}
	if nb.Metadata.Get("widgets") == nil {
		t.Error("kept widgets removed")
	}
	toc := nb.Metadata.Get("toc")
	if toc == nil || toc.Get("nav_menu") != nil || toc.Get("number_sections") == nil {
		t.Errorf("dotted path: toc %+v", toc)
	}
	// an object emptied by the deletion goes too
	if cm := nb.Metadata.Get("language_info").Get("codemirror_mode"); cm == nil || cm.Get("name") != nil {
		t.Errorf("codemirror_mode %+v", cm)
	}
	if nb.Cells[3].Metadata.Get("tags") != nil {
		t.Error("extra cell.metadata.tags kept")
	}
	// Without its tag, the keep_output cell is stripped.
	if len(nb.Cells[3].Outputs.Items) != 0 {
		t.Error("outputs kept after the keep_output tag was removed")
	}
}

func TestStripKeepOutput(t *testing.T) {
	data := ownNotebooks(t)["notebooks/all-outputs-v4.5.ipynb"]
	// Notebook-wide opt-out.
	nb := mustParse(t, data)
	nb.Metadata.Set("keep_output", Value{Kind: Bool, Str: "true"})
	outs, counts := counted(nb)
	Strip(nb, StripOptions{})
	if o, c := counted(nb); o != outs || c != counts {
		t.Errorf("metadata keep_output: %d outputs and %d counts left of %d and %d", o, c, outs, counts)
	}
	// Per-cell opt-out by metadata; false does not opt out.
	nb = mustParse(t, data)
	nb.Cells[1].Metadata.Set("keep_output", Value{Kind: Bool, Str: "true"})
	nb.Cells[2].Metadata.Set("keep_output", Value{Kind: Bool, Str: "false"})
	Strip(nb, StripOptions{})
	if o, c := counted(nb); o != 1 || c != 1 || len(nb.Cells[1].Outputs.Items) != 2 {
		t.Errorf("cell keep_output: %d cells with outputs and %d with counts", o, c)
	}
}
