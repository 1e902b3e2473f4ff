package diff

import (
	"slices"
	"strings"

	"github.com/nbtools/nbdiff/notebook"
)

// Options say what Notebooks compares and shows. The zero value compares
// the cells' sources only. (How many lines of context to print is a
// RenderOptions field.)
type Options struct {
	// Outputs compares and shows outputs and execution counts: text
	// outputs as line diffs, images and other binary data as a summary
	// (mime type, size before and after, short hash).
	Outputs bool
	// Metadata compares and shows metadata changes key by key, of the
	// notebook and of the cells, and changes of cell ids.
	Metadata bool
}

// contextLines returns the number of context lines that n, a
// RenderOptions.Context, asks for.
func contextLines(n int) int {
	switch {
	case n == 0:
		return 3
	case n < 0:
		return 0
	}
	return n
}

// A Result is the difference of two notebooks, as Notebooks computes it.
// Render prints it. It is read-only once made: its cells share memory
// (see Parts).
type Result struct {
	// Old and New are the notebooks compared, as given; nil for an absent
	// side (an added or a deleted notebook).
	Old, New *notebook.Notebook
	// Cells has one entry per Pair of Align(Old.Cells, New.Cells), in
	// that order.
	Cells []Cell
	// Metadata is the notebook's metadata (with nbformat) as lines, one
	// per top-level key; compared only with Options.Metadata.
	Metadata Text
	// Hidden counts changes that the options do not show.
	Hidden Hidden
	// Options are the options the notebooks were compared with.
	Options Options
}

// A Cell is the difference of one cell: Pair says which cells of the old
// and the new notebook it is about, Parts how each part of it changed.
type Cell struct {
	Pair
	*Parts // never nil
	// TypeChanged is set when a matched cell changed its type.
	TypeChanged bool
}

// Parts are the parts of a cell as lines, each with the edits between its
// old and its new lines. The cells of a Result whose parts show no change
// (most cells of most diffs) share one Parts, empty, which must not be
// modified: a Result holds one per changed cell only, not one per cell
// (on a diff of two 2,000-cell notebooks, 820 KB of 11 MB that way).
type Parts struct {
	// Source is the source as lines, each with its line end.
	Source Text
	// Outputs is the execution count and outputs as lines (see the
	// package documentation); compared only with Options.Outputs.
	Outputs Text
	// Attachments are the cell's attachments (of a markdown or raw
	// cell) as lines, as outputs are; compared only with
	// Options.Outputs.
	Attachments Text
	// Metadata is the id and the metadata as lines, one per top-level
	// key; compared only with Options.Metadata.
	Metadata Text
}

// noParts are the Parts of the cells that show no change.
var noParts Parts

// own gives c Parts of its own, to fill, and returns them.
func (c *Cell) own() *Parts {
	if c.Parts == &noParts {
		c.Parts = new(Parts)
	}
	return c.Parts
}

// A Text is one part of a cell (or of the notebook) as lines, and the line
// edits that turn Old into New. When one side is absent, its lines are nil
// and one edit covers all the other side's lines (an empty edit when the
// source of an added or removed cell is empty, so that it shows).
type Text struct {
	Old, New []string
	Edits    []Edit
	// show are the edits to print: Edits, but where a last line that
	// lacks a line end and gains one because lines follow it now (or
	// loses it because the lines after it went) is not a change itself.
	show []Edit
}

// Shown returns the edits that Render prints: Edits, except that the last
// line of a side that only gains its line end because lines now follow it
// (or loses it because the lines after it went) is not a change of its
// own. The caller must not modify the slice.
func (t *Text) Shown() []Edit { return t.show }

// Changed reports whether t has edits.
func (t *Text) Changed() bool { return len(t.Edits) > 0 }

// Changed reports whether the cell is added, removed, moved or changed in
// a part that the options show.
func (c *Cell) Changed() bool {
	return c.Action() != Matched || c.Moved || c.TypeChanged || c.Shown()
}

// Shown reports whether a part of the cell that the options show changed:
// its source, outputs, attachments or metadata.
func (c *Cell) Shown() bool {
	return c.Source.Changed() || c.Outputs.Changed() || c.Attachments.Changed() || c.Metadata.Changed()
}

// Hidden counts the changes that Options do not show.
type Hidden struct {
	Outputs     int  // cells whose outputs changed
	Counts      int  // cells whose execution count alone changed
	Attachments int  // cells whose attachments changed
	Metadata    int  // cells whose metadata changed
	IDs         int  // cells whose id changed
	Notebook    bool // the notebook's metadata or nbformat version changed
}

// Any reports whether anything is hidden.
func (h Hidden) Any() bool {
	return h.Outputs+h.Counts+h.Attachments+h.Metadata+h.IDs > 0 || h.Notebook
}

// Notebooks compares notebook a with notebook b: it aligns their cells
// (Align), diffs the lines of each matched cell, and, as opts say,
// compares outputs and metadata or counts their changes as hidden. A nil a
// or b is an absent side (b added or a deleted). It does not modify a or
// b; the Result shares their strings.
//
// The cost is linear in the size of the notebooks plus the line diffs of
// the changed cells, each bounded as Strings bounds it.
//
// It is Prepare(a, b).Finish(opts).
func Notebooks(a, b *notebook.Notebook, opts Options) *Result {
	return Prepare(a, b).Finish(opts)
}

// A Prepared comparison has compared what stripping a notebook leaves as
// it is: the cells, their order and their sources (notebook.Strip removes
// outputs, execution counts and metadata only). Finish compares the rest.
type Prepared struct {
	r      *Result
	ca, cb []*notebook.Cell
}

// Prepare aligns the cells of a and b and diffs the lines of their
// sources, the bulk of Notebooks' work, which does not depend on what
// stripping keeps: a caller may run it while it waits to know that, then
// strip the notebooks and call Finish. A nil a or b is an absent side.
func Prepare(a, b *notebook.Notebook) *Prepared {
	p := &Prepared{r: &Result{Old: a, New: b}}
	if a != nil {
		p.ca = a.Cells
	}
	if b != nil {
		p.cb = b.Cells
	}
	pairs := Align(p.ca, p.cb)
	p.r.Cells = make([]Cell, len(pairs))
	for k, pair := range pairs {
		c := &p.r.Cells[k]
		c.Pair, c.Parts = pair, &noParts
		x, y := p.cells(pair)
		compareSource(c, x, y)
	}
	return p
}

// cells returns the old and the new cell of pair (nil when absent).
func (p *Prepared) cells(pair Pair) (x, y *notebook.Cell) {
	if pair.A >= 0 {
		x = p.ca[pair.A]
	}
	if pair.B >= 0 {
		y = p.cb[pair.B]
	}
	return x, y
}

// Finish completes the comparison with opts and returns its Result: the
// outputs, attachments and metadata of the cells, and of the notebook, as
// the notebooks hold them now (stripped, if the caller stripped them after
// Prepare; their cells and sources must be those Prepare saw). Call it
// once.
func (p *Prepared) Finish(opts Options) *Result {
	r := p.r
	r.Options = opts
	for k := range r.Cells {
		c := &r.Cells[k]
		x, y := p.cells(c.Pair)
		r.compareRest(c, x, y)
	}
	a, b := r.Old, r.New
	switch {
	case a != nil && b != nil:
		same := a.Major == b.Major && a.Minor == b.Minor && a.Metadata.Equal(&b.Metadata) && membersEqual(a.Other, b.Other)
		if !same {
			if opts.Metadata {
				r.Metadata = lines(notebookMetadataLines(a), notebookMetadataLines(b))
			} else {
				r.Hidden.Notebook = true
			}
		}
	case opts.Metadata && a != nil:
		r.Metadata = lines(notebookMetadataLines(a), nil)
	case opts.Metadata && b != nil:
		r.Metadata = lines(nil, notebookMetadataLines(b))
	}
	return r
}

// compareSource fills c's source (and type change) from the old cell x
// and the new cell y (nil when absent).
func compareSource(c *Cell, x, y *notebook.Cell) {
	switch {
	case x == nil:
		c.own().Source = lines(nil, y.Lines())
	case y == nil:
		c.own().Source = lines(x.Lines(), nil)
	default:
		c.TypeChanged = x.Type != y.Type
		if x.Source != y.Source {
			c.own().Source = lines(x.Lines(), y.Lines())
		}
	}
	// An added or removed cell without source still shows, as an empty
	// edit.
	if (x == nil || y == nil) && !c.Source.Changed() {
		src := &c.own().Source
		src.Edits = []Edit{{}}
		src.show = src.Edits
	}
}

// compareRest fills the rest of c (outputs, attachments, metadata) from
// the old cell x and the new cell y (nil when absent), or counts their
// changes as hidden, as r's options say.
func (r *Result) compareRest(c *Cell, x, y *notebook.Cell) {
	opts := r.Options
	switch {
	case x == nil:
		if opts.Outputs {
			c.own().Outputs = lines(nil, outputLines(y))
			c.own().Attachments = lines(nil, attachmentLines(y))
		}
		if opts.Metadata {
			c.own().Metadata = lines(nil, cellMetadataLines(y))
		}
		return
	case y == nil:
		if opts.Outputs {
			c.own().Outputs = lines(outputLines(x), nil)
			c.own().Attachments = lines(attachmentLines(x), nil)
		}
		if opts.Metadata {
			c.own().Metadata = lines(cellMetadataLines(x), nil)
		}
		return
	}
	outputs := x.Outputs.Equal(&y.Outputs) || noOutputs(&x.Outputs) && noOutputs(&y.Outputs)
	count := x.ExecutionCount.Equal(&y.ExecutionCount)
	switch {
	case outputs && count:
	case opts.Outputs:
		c.own().Outputs = lines(outputLines(x), outputLines(y))
	case !outputs:
		r.Hidden.Outputs++
	default:
		r.Hidden.Counts++
	}
	switch {
	case x.Attachments.Equal(&y.Attachments):
	case opts.Outputs:
		c.own().Attachments = lines(attachmentLines(x), attachmentLines(y))
	default:
		r.Hidden.Attachments++
	}
	md := x.Metadata.Equal(&y.Metadata) && membersEqual(x.Other, y.Other)
	id := x.ID == y.ID
	switch {
	case md && id:
	case opts.Metadata:
		c.own().Metadata = lines(cellMetadataLines(x), cellMetadataLines(y))
	default:
		if !md {
			r.Hidden.Metadata++
		}
		if !id {
			r.Hidden.IDs++
		}
	}
}

// noOutputs reports whether outputs v hold none: absent (a markdown
// cell's) or an empty list (a code cell's).
func noOutputs(v *notebook.Value) bool {
	return v.Kind == notebook.Null || v.Kind == notebook.Array && len(v.Items) == 0
}

// membersEqual reports whether x and y hold the same members, in any
// order.
func membersEqual(x, y []notebook.Member) bool {
	if len(x) == 0 && len(y) == 0 {
		return true
	}
	ox := notebook.ObjectValue(slices.Clone(x)...)
	oy := notebook.ObjectValue(slices.Clone(y)...)
	return ox.Equal(&oy)
}

// lines returns the Text of the old lines a and the new lines b: the
// edits of Strings over the lines, where a last line without a line end
// counts as ending in "\n" for the comparison, and then Edits add the
// change of such a line when its counterpart differs from it (it has a
// line end), while the edits to show add it only when both lines are the
// last ones. The Text keeps a and b, which callers build for it.
func lines(a, b []string) Text {
	t := Text{Old: a, New: b}
	switch {
	case len(a) == 0 && len(b) == 0:
		return t
	case len(a) == 0 || len(b) == 0:
		t.Edits = []Edit{{0, len(a), 0, len(b)}}
		t.show = t.Edits
		return t
	}
	// Compare lines without regard to a missing final line end, so that
	// adding a line after the last one does not show it as changed: the
	// last lines gain one for the comparison, in place (copies of the
	// slices would allocate as much again as splitting the sources into
	// them did), and get their own back after it.
	la, lb := a[len(a)-1], b[len(b)-1]
	ea, eb := lineEndOf(la), lineEndOf(lb)
	if ea == "" {
		a[len(a)-1] = la + "\n"
	}
	if eb == "" {
		b[len(b)-1] = lb + "\n"
	}
	norm := Strings(a, b)
	a[len(a)-1], b[len(b)-1] = la, lb
	t.Edits = norm
	t.show = norm
	if ea == "" || eb == "" {
		// A line that lacked its line end is equal to its counterpart only
		// if that lacks it too: else, in Edits, the pair is a change. For
		// showing, only the last lines of both sides count so: a line
		// gains its line end when lines are added after it, which shows.
		t.Edits = slices.Clone(norm)
		if ea == "" {
			t.Edits = rawChange(t.Edits, t.Old, t.New, len(a)-1, true, false)
		}
		if eb == "" {
			t.Edits = rawChange(t.Edits, t.Old, t.New, len(b)-1, false, false)
		}
		t.show = rawChange(slices.Clone(norm), t.Old, t.New, len(a)-1, true, true)
	}
	return t
}

// rawChange adds to edits the change of line k of the old lines a (of the
// new lines b when not inA) and its counterpart when edits leave them
// equal but their raw texts differ; with lastOnly, only when both are the
// last lines.
func rawChange(edits []Edit, a, b []string, k int, inA, lastOnly bool) []Edit {
	off := 0 // index in b minus index in a, in the equal region
	pos := len(edits)
	for n, e := range edits {
		start, end := e.AStart, e.AEnd
		if !inA {
			start, end = e.BStart, e.BEnd
		}
		if k < start {
			pos = n
			break
		}
		if k < end {
			return edits // inside an edit already
		}
		off = e.BEnd - e.AEnd
	}
	i, j := k, k+off
	if !inA {
		i, j = k-off, k
	}
	if a[i] == b[j] || lastOnly && (i != len(a)-1 || j != len(b)-1) {
		return edits
	}
	e := Edit{i, i + 1, j, j + 1}
	if pos > 0 && edits[pos-1].AEnd == i && edits[pos-1].BEnd == j {
		edits[pos-1].AEnd, edits[pos-1].BEnd = e.AEnd, e.BEnd
		if pos < len(edits) && edits[pos].AStart == e.AEnd && edits[pos].BStart == e.BEnd {
			edits[pos-1].AEnd, edits[pos-1].BEnd = edits[pos].AEnd, edits[pos].BEnd
			edits = append(edits[:pos], edits[pos+1:]...)
		}
		return edits
	}
	if pos < len(edits) && edits[pos].AStart == e.AEnd && edits[pos].BStart == e.BEnd {
		edits[pos].AStart, edits[pos].BStart = i, j
		return edits
	}
	edits = append(edits, Edit{})
	copy(edits[pos+1:], edits[pos:])
	edits[pos] = e
	return edits
}

// lineEndOf returns the line end that line l ends with, "" when none.
func lineEndOf(l string) string {
	if n := len(l); n > 0 {
		switch l[n-1] {
		case '\n':
			if n > 1 && l[n-2] == '\r' {
				return "\r\n"
			}
			return "\n"
		case '\r', '\v', '\f', 0x1c, 0x1d, 0x1e:
			return l[n-1:]
		case 0x85:
			if n > 1 && l[n-2] == 0xc2 {
				return l[n-2:]
			}
		case 0xa8, 0xa9:
			if n > 2 && l[n-3] == 0xe2 && l[n-2] == 0x80 {
				return l[n-3:]
			}
		}
	}
	return ""
}

// firstNonBlank returns the first line of s that is not blank (white
// space only), without its line end; "" when every line is blank. Lines
// end at any byte of ends.
func firstNonBlank(s, ends string) string {
	for s != "" {
		l := s
		if i := strings.IndexAny(s, ends); i >= 0 {
			l, s = s[:i], s[i+1:]
		} else {
			s = ""
		}
		if strings.TrimSpace(l) != "" {
			return l
		}
	}
	return ""
}

// Empty reports whether r has nothing to print: the notebooks are the same
// under the options, and nothing hidden changed either. An added or a
// deleted notebook is never empty.
func (r *Result) Empty() bool {
	if (r.Old == nil) != (r.New == nil) {
		return false
	}
	if r.Metadata.Changed() || r.Hidden.Any() {
		return false
	}
	for k := range r.Cells {
		if r.Cells[k].Changed() {
			return false
		}
	}
	return true
}

// Stats counts the cells of r by kind of change.
type Stats struct {
	Added, Removed, Modified, Moved, Retyped, Unchanged int
	// LinesAdded and LinesRemoved count the source lines.
	LinesAdded, LinesRemoved int
}

// Stats returns the counts of r's cells by change. A cell counts under
// each of moved, retyped (its type changed) and modified (a part the
// options show changed) that applies; unchanged when none does.
func (r *Result) Stats() Stats {
	var s Stats
	for k := range r.Cells {
		c := &r.Cells[k]
		for _, e := range c.Source.show {
			s.LinesRemoved += e.AEnd - e.AStart
			s.LinesAdded += e.BEnd - e.BStart
		}
		switch c.Action() {
		case Added:
			s.Added++
			continue
		case Removed:
			s.Removed++
			continue
		}
		if c.Moved {
			s.Moved++
		}
		if c.TypeChanged {
			s.Retyped++
		}
		if c.Shown() {
			s.Modified++
		} else if !c.Moved && !c.TypeChanged {
			s.Unchanged++
		}
	}
	return s
}
