package pipeline

import (
	"bytes"
	"io"

	"github.com/nbtools/nbdiff/diff"
	"github.com/nbtools/nbdiff/notebook"
)

// A Page renders the pairs of a diff as one document, written at the end:
// the HTML review page (internal/htmlpage, linked into nbdiff-html only,
// so that pipeline and nbdiff link none of its libraries). The Differ
// adds each pair that differs, in order, and writes the page at Close.
type Page interface {
	// Add adds one notebook to the page. The page may keep f's notebooks
	// and diff until Write; the Differ does not change them afterwards.
	Add(f PageFile)
	// Write writes the page of the files added to w; its only errors
	// should be w's.
	Write(w io.Writer) error
}

// A PageFile is one notebook of a Page: its diff and the notebooks to
// show, or a text diff with a note.
type PageFile struct {
	// OldPath and NewPath name the notebook.
	OldPath, NewPath string
	// Renamed marks a notebook that git saw renamed (paths that differ
	// otherwise just name the two files compared).
	Renamed bool
	// Diff is the difference of the two versions as diff.Notebooks
	// computes it, on the notebooks stripped as the text diff strips
	// them; nil for a file shown as text (Text) or only noted (Note).
	Diff *diff.Result
	// Old and New are the versions to show (nil: absent): the cells of
	// Diff's notebooks, in the same order, with their outputs and
	// execution counts, which the page shows without counting them as
	// changes.
	Old, New *notebook.Notebook
	// Note says why the file is shown as it is (not a notebook,
	// unmerged), or is "".
	Note string
	// Text, for a file without Diff, is the plain text diff to show.
	Text string
}

// pagePair compares a pair of parsed notebooks for the page (either
// may be nil: absent). The comparison strips as the text diff does, so
// the page shows the cells the text diff shows; the versions shown keep
// their outputs and execution counts (volatile metadata stripped), which
// is how Jupyter shows them.
func (d *Differ) pagePair(p Pair, na, nb *notebook.Notebook) error {
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
	d.opts.Page.Add(PageFile{OldPath: p.OldPath, NewPath: p.NewPath, Renamed: renamed, Diff: r, Old: na, New: nb})
	return nil
}

// pageText adds a pair of which a side is not a notebook to the page, as
// a plain text diff with a note (a side that is a notebook as its
// textconv).
func (d *Differ) pageText(p Pair, a, b Source, na, nb *notebook.Notebook, note string) error {
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
	d.opts.Page.Add(PageFile{OldPath: p.OldPath, NewPath: p.NewPath, Note: note, Text: buf.String()})
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
