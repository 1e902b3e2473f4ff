package htmldiff

import (
	"html/template"
	"strconv"
	"strings"

	"github.com/alecthomas/chroma/v2"

	"github.com/nbtools/nbdiff/diff"
	"github.com/nbtools/nbdiff/notebook"
)

// nbContext is what the cells of one notebook share while they are built.
type nbContext struct {
	b        *builder
	r        *diff.Result
	old, new *notebook.Notebook
	file     string
	lexer    chroma.Lexer
}

// A cellView is one cell on the page: a changed cell with its two sides,
// or an unchanged one in a fold.
type cellView struct {
	ID, Label string
	Kind      string // added, removed, modified, moved
	Type      string // the cell type (the new one)
	Badges    []string
	Prompt    string
	// Rendered is a changed markdown cell as Jupyter shows it, both
	// versions side by side.
	Rendered template.HTML
	// Split is the source side by side (the page's script makes the
	// unified view of it when asked: the page holds the source once).
	Split template.HTML
	// HTML is the whole of an unchanged cell.
	HTML    template.HTML
	Outputs template.HTML
	// Meta lists the changes of execution count, id and metadata;
	// MetaSummary says them in a line.
	Meta        template.HTML
	MetaSummary string
}

// cells returns the old and new cells of c, nil when absent.
func (nc *nbContext) cells(c *diff.Cell) (x, y *notebook.Cell) {
	if c.A >= 0 && nc.old != nil && c.A < len(nc.old.Cells) {
		x = nc.old.Cells[c.A]
	}
	if c.B >= 0 && nc.new != nil && c.B < len(nc.new.Cells) {
		y = nc.new.Cells[c.B]
	}
	return x, y
}

// unchanged fills in the view of a cell that did not change: its source as
// plain text (the page is about the changes: rendering and highlighting
// every unchanged cell of a big notebook would cost more than the rest of
// the page) and, as the options ask, its outputs.
func (nc *nbContext) unchanged(cv *cellView, c *diff.Cell) {
	_, y := nc.cells(c) // an unchanged cell is on both sides
	if y == nil {
		return
	}
	// Written here rather than by the template: a big notebook has
	// thousands of these.
	var s strings.Builder
	s.Grow(len(y.Source) + len(y.Source)/8 + 200)
	s.WriteString(`<div class="cell same t-`)
	escape(&s, y.Type)
	s.WriteString(`"><div class="cell-head"><span class="cell-label">cell ` + strconv.Itoa(c.B+1) + " (")
	escape(&s, y.Type)
	s.WriteString(")</span>")
	if p := prompt(y); p != "" {
		s.WriteString(` <span class="prompt">`)
		escape(&s, p)
		s.WriteString("</span>")
	}
	k := len(y.Outputs.Items)
	if k > 0 && !nc.b.opts.UnchangedOutputs {
		s.WriteString(` <span class="badge">` + plural(k, "output", "outputs") + " not shown</span>")
	}
	s.WriteString(`</div><pre class="code plain">`)
	escape(&s, y.Source)
	s.WriteString("</pre>")
	if k > 0 && nc.b.opts.UnchangedOutputs {
		s.WriteString(`<div class="outputs">`)
		for i := range y.Outputs.Items {
			s.WriteString(`<div class="o-row o-same"><div class="o-cell">`)
			nc.output(&s, &y.Outputs.Items[i])
			s.WriteString("</div></div>")
		}
		s.WriteString("</div>")
	}
	s.WriteString("</div>")
	cv.HTML = template.HTML(s.String())
}

// changed fills in the view of a changed cell.
func (nc *nbContext) changed(cv *cellView, c *diff.Cell) {
	x, y := nc.cells(c)
	cur := y
	switch c.Action() {
	case diff.Added:
		cv.Kind = "added"
	case diff.Removed:
		cv.Kind = "removed"
		cur = x
	default:
		cv.Kind = "modified"
		if c.Moved && !c.TypeChanged && !c.Source.Changed() && !c.Outputs.Changed() && !c.Metadata.Changed() {
			cv.Kind = "moved"
		}
	}
	if cur == nil {
		return
	}
	cv.Type = cur.Type
	if c.Moved {
		cv.Badges = append(cv.Badges, "moved from "+strconv.Itoa(c.A+1))
	}
	if c.TypeChanged {
		cv.Badges = append(cv.Badges, "type: "+x.Type+" → "+y.Type)
	}
	switch {
	case x != nil && y != nil && prompt(x) != prompt(y):
		cv.Prompt = prompt(x) + " → " + prompt(y)
	default:
		cv.Prompt = prompt(cur)
	}

	// Source.
	a, b := nc.side(x), nc.side(y)
	var edits []diff.Edit
	switch {
	case x == nil || y == nil:
		if len(a.lines)+len(b.lines) > 0 {
			edits = []diff.Edit{{AStart: 0, AEnd: len(a.lines), BStart: 0, BEnd: len(b.lines)}}
		}
	case c.Source.Changed():
		edits = c.Source.Shown()
	}
	rows := makeRows(a.lines, b.lines, edits)
	ctx := nc.b.ctx
	if len(edits) == 0 {
		ctx = -1 // nothing changed in the source: show it whole
	}
	cv.Split = template.HTML(splitTable(rows, a, b, ctx))
	if (x != nil && x.Type == "markdown") || (y != nil && y.Type == "markdown") {
		var s strings.Builder
		s.WriteString(`<div class="md-pair">`)
		for k, cell := range []*notebook.Cell{x, y} {
			cls := [2]string{"old", "new"}[k]
			switch {
			case cell == nil:
				s.WriteString(`<div class="side ` + cls + ` absent"></div>`)
			case cell.Type == "markdown":
				s.WriteString(`<div class="side ` + cls + ` md">`)
				s.WriteString(nc.b.r.markdown(cell.Source, &cell.Attachments, nc.b.images))
				s.WriteString("</div>")
			default:
				s.WriteString(`<div class="side ` + cls + ` other">` + escapeString(cell.Type) + ` cell</div>`)
			}
		}
		s.WriteString("</div>")
		cv.Rendered = template.HTML(s.String())
	}

	// Outputs and attachments.
	cv.Outputs = template.HTML(nc.outputRows(x, y))

	// Execution count, id and metadata.
	meta, sum := cellMeta(x, y)
	cv.Meta, cv.MetaSummary = template.HTML(meta), sum
}

// prompt returns a code cell's execution count as Jupyter shows it
// ("[3]", "[ ]"), "" for other cells.
func prompt(c *notebook.Cell) string {
	if c == nil || c.Type != "code" {
		return ""
	}
	if v := &c.ExecutionCount; v.Kind == notebook.Number {
		return "[" + v.Str + "]"
	}
	return "[ ]"
}

// A side is one version of a cell's source: its lines and their tokens.
type side struct {
	lines []string
	toks  [][]tok
}

// side returns the lines of cell c, highlighted when it is code.
func (nc *nbContext) side(c *notebook.Cell) side {
	if c == nil {
		return side{}
	}
	lines := c.Lines()
	if c.Type == "code" {
		return side{lines, tokenLines(nc.lexer, nc.b.classes, lines)}
	}
	return side{lines, plainTokens(lines)}
}

// A row is one line of the side-by-side view: old line a and new line b
// (-1 when absent), and the changed spans of a paired change.
type row struct {
	a, b   int
	change bool
	ma, mb []diff.Range
}

// makeRows lays the lines of a change out in rows: equal lines side by
// side, and in each edit the old and new lines paired in order (their
// changed words marked, as the colour diff marks them), the lines left
// over on their own.
func makeRows(a, b []string, edits []diff.Edit) []row {
	var rows []row
	i, j := 0, 0
	for _, e := range edits {
		for ; i < e.AStart; i, j = i+1, j+1 {
			rows = append(rows, row{a: i, b: j})
		}
		na, nb := e.AEnd-e.AStart, e.BEnd-e.BStart
		for k := 0; k < max(na, nb); k++ {
			r := row{a: -1, b: -1, change: true}
			if k < na {
				r.a = e.AStart + k
			}
			if k < nb {
				r.b = e.BStart + k
			}
			if r.a >= 0 && r.b >= 0 {
				r.ma, r.mb = diff.Words(trimEOL(a[r.a]), trimEOL(b[r.b]))
			}
			rows = append(rows, r)
		}
		i, j = e.AEnd, e.BEnd
	}
	for ; i < len(a) && j < len(b); i, j = i+1, j+1 {
		rows = append(rows, row{a: i, b: j})
	}
	// Only with no edits can one side be longer (an absent side).
	for ; i < len(a); i++ {
		rows = append(rows, row{a: i, b: -1})
	}
	for ; j < len(b); j++ {
		rows = append(rows, row{a: -1, b: j})
	}
	return rows
}

// folds returns, for each row, whether it is folded away: unchanged rows
// further than ctx rows from a change, in runs of at least two (a
// negative ctx folds nothing).
func folds(rows []row, ctx int) []bool {
	hidden := make([]bool, len(rows))
	if ctx < 0 {
		return hidden
	}
	for s := 0; s < len(rows); {
		if rows[s].change {
			s++
			continue
		}
		e := s
		for e < len(rows) && !rows[e].change {
			e++
		}
		lo, hi := s, e
		if s > 0 {
			lo = s + ctx
		}
		if e < len(rows) {
			hi = e - ctx
		}
		if hi-lo >= 2 {
			for k := lo; k < hi; k++ {
				hidden[k] = true
			}
		}
		s = e
	}
	return hidden
}

// foldedTable writes the rows of a table in tbody groups, the folded runs
// in hidden groups behind a button that shows them; row writes one row.
func foldedTable(s *strings.Builder, n int, hidden []bool, cols int, row func(k int)) {
	for k := 0; k < n; {
		e := k
		for e < n && hidden[e] == hidden[k] {
			e++
		}
		if hidden[k] {
			s.WriteString(`<tbody class="d-fold"><tr><td colspan="` + strconv.Itoa(cols) + `"><button type="button" class="unfold">⋯ ` +
				plural(e-k, "unchanged line", "unchanged lines") + `</button></td></tr></tbody><tbody hidden>`)
		} else {
			s.WriteString("<tbody>")
		}
		for ; k < e; k++ {
			row(k)
		}
		s.WriteString("</tbody>")
	}
}

// splitTable returns the side-by-side source table of rows.
func splitTable(rows []row, a, b side, ctx int) string {
	var s strings.Builder
	if len(rows) == 0 {
		return `<p class="empty">empty source</p>`
	}
	n := 0
	for _, l := range a.lines {
		n += len(l)
	}
	for _, l := range b.lines {
		n += len(l)
	}
	s.Grow(2*n + 120*len(rows) + 200)
	s.WriteString(`<table class="code split"><colgroup><col class="c-ln"><col class="c-src"><col class="c-ln"><col class="c-src"></colgroup>`)
	hidden := folds(rows, ctx)
	foldedTable(&s, len(rows), hidden, 4, func(k int) {
		r := rows[k]
		s.WriteString("<tr>")
		cellHTML(&s, r.a, a, r.ma, r.change, "d-del")
		cellHTML(&s, r.b, b, r.mb, r.change, "d-add")
		s.WriteString("</tr>")
	})
	s.WriteString("</table>")
	return s.String()
}

// cellHTML writes the line number and the line i of one side (-1: a
// filler), classed cls when it is part of a change.
func cellHTML(s *strings.Builder, i int, sd side, marks []diff.Range, change bool, cls string) {
	if i < 0 {
		s.WriteString(`<td class="d-ln"></td><td class="d-fill"></td>`)
		return
	}
	s.WriteString(`<td class="d-ln">` + strconv.Itoa(i+1) + `</td><td class="d-c`)
	if change {
		s.WriteString(" " + cls)
	}
	s.WriteString(`">`)
	writeLine(s, sd.toks[i], marks)
	s.WriteString("</td>")
}
