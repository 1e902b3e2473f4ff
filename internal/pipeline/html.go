package pipeline

import (
	"bytes"

	"github.com/nbtools/nbdiff/diff"
	"github.com/nbtools/nbdiff/htmldiff"
	"github.com/nbtools/nbdiff/notebook"
)

// htmlPair compares a pair of parsed notebooks for the HTML page (either
// may be nil: absent). The comparison strips as the text diff does, so
// the page shows the cells the text diff shows; the versions shown keep
// their outputs and execution counts (volatile metadata stripped), which
// is how Jupyter shows them.
func (d *Differ) htmlPair(p Pair, na, nb *notebook.Notebook) error {
	s := d.strip()
	show := notebook.StripOptions{KeepOutputs: true, KeepCounts: true, KeepMetadata: s.KeepMetadata, ExtraMetadata: s.ExtraMetadata}
	var ca, cb *notebook.Notebook
	for k, n := range []*notebook.Notebook{na, nb} {
		if n == nil {
			continue
		}
		notebook.Strip(n, show)
		c := n
		if !s.KeepOutputs || !s.KeepCounts {
			c = stripCopy(n)
			notebook.Strip(c, s)
		}
		if k == 0 {
			ca = c
		} else {
			cb = c
		}
	}
	r := diff.Notebooks(ca, cb, d.opts.Diff)
	renamed := !d.opts.Strict && p.OldPath != p.NewPath && !p.Old.IsAbsent() && !p.New.IsAbsent()
	if r.Empty() && !renamed {
		return nil
	}
	d.changed = true
	d.html = append(d.html, htmldiff.File{OldPath: p.OldPath, NewPath: p.NewPath, Renamed: renamed, Diff: r, Old: na, New: nb})
	return nil
}

// htmlText adds a pair of which a side is not a notebook to the page, as
// a plain text diff with a note (a side that is a notebook as its
// textconv).
func (d *Differ) htmlText(p Pair, a, b Source, na, nb *notebook.Notebook, note string) error {
	ta, tb := a.Data(), b.Data()
	if na != nil {
		notebook.Strip(na, d.strip())
		ta = diff.Textconv(na)
	}
	if nb != nil {
		notebook.Strip(nb, d.strip())
		tb = diff.Textconv(nb)
	}
	if a.IsAbsent() {
		ta = nil
	}
	if b.IsAbsent() {
		tb = nil
	}
	var buf bytes.Buffer
	if err := diff.RenderText(&buf, p.OldPath, p.NewPath, ta, tb, diff.RenderOptions{Context: d.opts.Render.Context}, ""); err != nil {
		return err
	}
	d.html = append(d.html, htmldiff.File{OldPath: p.OldPath, NewPath: p.NewPath, Note: note, Text: buf.String()})
	return nil
}

// stripCopy returns a copy of nb that Strip may change without changing
// nb, once nb was stripped of the same metadata: the notebook and its
// cells are copied, and of their values only the outputs that hold an
// execution count, which Strip may clear in place (the metadata paths are
// gone already, and what else Strip clears it replaces, not changes).
func stripCopy(nb *notebook.Notebook) *notebook.Notebook {
	c := *nb
	c.Cells = make([]*notebook.Cell, len(nb.Cells))
	cells := make([]notebook.Cell, len(nb.Cells))
	for i, cell := range nb.Cells {
		cells[i] = *cell
		for k := range cell.Outputs.Items {
			if ec := cell.Outputs.Items[k].Get("execution_count"); ec != nil && ec.Kind != notebook.Null {
				cells[i].Outputs = cell.Outputs.Clone()
				break
			}
		}
		c.Cells[i] = &cells[i]
	}
	return &c
}
