package diff

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Format is an output format of Render.
type Format int

// The output formats.
const (
	// Plain is a unified diff with git-style headers whose @@ hunks name
	// the cell; with colour when RenderOptions.Color is set.
	Plain Format = iota
	// Stat is one line per notebook counting lines and cells by change,
	// aligned as git's --stat, and a totals line (see RenderStat).
	Stat
	// JSON is nbdime's diff format (see the package documentation): one
	// compact document per Result, on one line that ends in "\n", so
	// that renderings of several notebooks in a row are JSON lines. Like
	// Python's json module, it writes NaN and Infinity as the notebook
	// holds them.
	JSON
	// SideBySide shows the old and the new version of each changed cell
	// next to each other, in two columns that share RenderOptions.Width
	// (80 when 0), with the cells' hunk headers across both.
	SideBySide
)

// RenderOptions say how Render prints a Result. The zero value prints
// Plain text without colour, with 3 lines of context.
type RenderOptions struct {
	Format Format
	// Color adds git's colours (Colors: by default bold headers, cyan @@
	// lines, red old and green new lines) and highlights the changed
	// words of changed line pairs in reverse video.
	Color bool
	// Colors are the colours Color uses; the zero value is git's
	// defaults.
	Colors Colors
	// Syntax, when not nil and Color is set, colours the source of code
	// cells by the notebook's language, under the colours of added and
	// removed lines (see Colors).
	Syntax Highlighter
	// Width is the width of the terminal the output is for, in columns:
	// hunk headers longer than it are cut (with "..."), never wrapped;
	// Stat fits its bars to it and SideBySide splits it in two. 0 is no
	// limit for headers and 80 columns for Stat and SideBySide.
	Width int
	// OldPath and NewPath name the notebook in headers (one may be empty
	// when they are the same).
	OldPath, NewPath string
	// Context is the number of context lines inside a cell around
	// changes: 0 means 3, a negative number means none.
	Context int
	// ExtendedHeader is git's extended header lines for the notebook
	// ("similarity index 90%\nrename from OLD\nrename to NEW\n", as git
	// passes them to an external diff), "" for none. Render writes them
	// as given (with a line end added when the last one lacks it) right
	// after the "diff --git" line of the Plain format, and then prints
	// the header even for an Empty Result, as git shows a pure rename.
	// RenderText and the Stat and JSON formats ignore it.
	ExtendedHeader string
	// OldMode and NewMode are the files' modes as git writes them
	// ("100644", "100755", "120000"), for the header of a notebook
	// deleted or added ("deleted file mode", "new file mode"); "" is
	// 100644. A change of mode goes in ExtendedHeader ("old mode").
	OldMode, NewMode string
}

// maxWordTokens bounds the tokens of a line that take part in the word
// highlight; longer lines are not highlighted.
const maxWordTokens = 2000

// Render prints r to w in the format ro asks for. An empty Result (see
// Empty) prints nothing in the Plain and Stat formats, except the header
// that ro.ExtendedHeader asks for. It does not modify r. The only errors
// are w's, wrapped.
func Render(w io.Writer, r *Result, ro RenderOptions) error {
	switch ro.Format {
	case Stat:
		if l, ok := StatOf(r, ro); ok {
			return RenderStat(w, []StatLine{l}, ro)
		}
		return nil
	}
	p := newPrinter(w, ro)
	switch ro.Format {
	case JSON:
		p.json(r)
	case SideBySide:
		p.sideBySide(r)
	default:
		p.plain(r)
	}
	return p.flush()
}

// RenderText prints a plain line diff of a and b (the raw bytes of two
// files) with git-style headers, and note as a "# " line after them when it
// is not empty. A nil a or b is an absent side; equal inputs print nothing.
// It is for inputs that are not valid notebooks. In the Stat format it
// prints the line of TextStat and the totals (RenderStat); SideBySide
// prints as Plain;
// in the JSON format one line {"old_path":...,"new_path":...,"note":...,
// "diff":null}. The only errors are w's.
func RenderText(w io.Writer, oldPath, newPath string, a, b []byte, ro RenderOptions, note string) error {
	if a != nil && b != nil && string(a) == string(b) {
		return nil
	}
	ro.OldPath, ro.NewPath = oldPath, newPath
	ro.ExtendedHeader = ""
	p := newPrinter(w, ro)
	switch ro.Format {
	case Stat:
		return RenderStat(w, []StatLine{TextStat(oldPath, newPath, note)}, ro)
	case JSON:
		j := []byte(`{"old_path":`)
		if a == nil {
			j = append(j, "null"...)
		} else {
			j = appendJSONString(j, p.oldPath)
		}
		j = append(j, `,"new_path":`...)
		if b == nil {
			j = append(j, "null"...)
		} else {
			j = appendJSONString(j, p.newPath)
		}
		j = append(j, `,"note":`...)
		j = appendJSONString(j, note)
		j = append(j, `,"diff":null}`+"\n"...)
		if p.err == nil {
			_, p.err = p.w.Write(j)
		}
		return p.flush()
	}
	p.header(a == nil, b == nil)
	if note != "" {
		p.line("", "# "+note)
	}
	t := lines(slices.Collect(strings.Lines(string(a))), slices.Collect(strings.Lines(string(b))))
	p.hunks(&t, p.ctx, "", true, nil)
	return p.flush()
}

// printer writes one rendering, keeping the first write error.
type printer struct {
	w                *bufio.Writer
	err              error
	color            bool
	colors           Colors
	syntax           Highlighter
	width            int // 0: no limit
	oldPath, newPath string
	oldMode, newMode string // RenderOptions.OldMode, NewMode
	ctx              int    // context lines
	format           Format
	extHeader        string // git's extended header lines, each ending in "\n"
}

func newPrinter(w io.Writer, ro RenderOptions) *printer {
	p := &printer{w: bufio.NewWriterSize(w, 64<<10), color: ro.Color, colors: ro.Colors.withDefaults(), syntax: ro.Syntax,
		width: max(ro.Width, 0), ctx: contextLines(ro.Context), format: ro.Format}
	p.oldPath, p.newPath = ro.OldPath, ro.NewPath
	p.oldMode, p.newMode = ro.OldMode, ro.NewMode
	if h := ro.ExtendedHeader; h != "" && !strings.HasSuffix(h, "\n") {
		p.extHeader = h + "\n"
	} else {
		p.extHeader = h
	}
	if p.oldPath == "" {
		p.oldPath = p.newPath
	}
	if p.newPath == "" {
		p.newPath = p.oldPath
	}
	if p.oldPath == "" {
		p.oldPath, p.newPath = "notebook.ipynb", "notebook.ipynb"
	}
	return p
}

func (p *printer) flush() error {
	if p.err == nil {
		p.err = p.w.Flush()
	}
	if p.err != nil {
		return fmt.Errorf("diff: render: %w", p.err)
	}
	return nil
}

func (p *printer) str(s string) {
	if p.err == nil {
		_, p.err = p.w.WriteString(s)
	}
}

// line writes s as one line in colour c ("" for none).
func (p *printer) line(c, s string) {
	if p.color && c != "" {
		p.str(c)
		p.str(s)
		p.str(colorReset + "\n")
		return
	}
	p.str(s)
	p.str("\n")
}

// header writes the git-style file header.
func (p *printer) header(added, deleted bool) {
	p.gitLine()
	a, b := "a/"+trimRoot(p.oldPath), "b/"+trimRoot(p.newPath)
	switch {
	case added:
		p.line(p.colors.Meta, "new file mode "+orRegular(p.newMode))
		p.line(p.colors.Meta, "--- /dev/null")
		p.line(p.colors.Meta, "+++ "+b)
	case deleted:
		p.line(p.colors.Meta, "deleted file mode "+orRegular(p.oldMode))
		p.line(p.colors.Meta, "--- "+a)
		p.line(p.colors.Meta, "+++ /dev/null")
	default:
		p.line(p.colors.Meta, "--- "+a)
		p.line(p.colors.Meta, "+++ "+b)
	}
}

// gitLine writes the "diff --git a/OLD b/NEW" line and the extended
// header lines after it.
func (p *printer) gitLine() {
	p.line(p.colors.Meta, "diff --git a/"+trimRoot(p.oldPath)+" b/"+trimRoot(p.newPath))
	p.str(p.extHeader)
}

// orRegular returns mode, or git's mode of a regular file for "".
func orRegular(mode string) string {
	if mode == "" {
		return "100644"
	}
	return mode
}

// trimRoot returns path without leading slashes: an absolute path shows as
// "a/tmp/x.ipynb", as git diff --no-index shows it, not "a//tmp/x.ipynb".
func trimRoot(path string) string { return strings.TrimLeft(path, "/") }

// plain writes r as a unified diff.
func (p *printer) plain(r *Result) {
	if r.Empty() {
		if p.extHeader != "" {
			// Nothing changed but what the extended header says (a
			// pure rename): the header alone, as git prints it. Its
			// "diff --git" line has never been coloured here; colouring
			// it like gitLine's would change the output.
			p.str("diff --git a/" + trimRoot(p.oldPath) + " b/" + trimRoot(p.newPath) + "\n")
			p.str(p.extHeader)
		}
		return
	}
	visible := r.Metadata.Changed() || (r.Old == nil) != (r.New == nil)
	for k := range r.Cells {
		c := &r.Cells[k]
		if c.Action() != Matched || c.Moved || c.TypeChanged || c.Shown() {
			visible = true
			break
		}
	}
	if !visible {
		// Only hidden parts: the header names the file, one note says
		// what changed.
		p.gitLine()
		p.line("", "# "+strings.Join(r.notes(false), "; "))
		return
	}
	p.header(r.Old == nil, r.New == nil)
	p.hunks(&r.Metadata, p.ctx, "notebook metadata", false, nil)
	for k := range r.Cells {
		c := &r.Cells[k]
		switch {
		case c.Source.Changed():
			p.hunks(&c.Source, p.ctx, r.CellName(c), true, r.syntaxOf(p, c))
		case c.Moved || c.TypeChanged:
			// Moved or retyped with the same source: a hunk header of
			// its own, without lines, so that pagers and delta step
			// to it as to any other change.
			p.hunkHead("@@ -0,0 +0,0 @@", r.CellName(c))
		}
		if c.Outputs.Changed() {
			p.hunks(&c.Outputs, p.ctx, r.cellLabel(c)+" outputs", false, nil)
		}
		if c.Attachments.Changed() {
			p.hunks(&c.Attachments, p.ctx, r.cellLabel(c)+" attachments", false, nil)
		}
		if c.Metadata.Changed() {
			p.hunks(&c.Metadata, p.ctx, r.cellLabel(c)+" metadata", false, nil)
		}
	}
	if notes := r.notes(true); len(notes) > 0 {
		p.line("", "# "+strings.Join(notes, "; "))
	}
}

// syntax holds the syntax colours of the old and the new lines of a Text
// (either nil when there are none).
type syntax struct{ old, new [][]Span }

// syntaxOf returns the syntax colours of the source of cell c, or nil.
func (r *Result) syntaxOf(p *printer, c *Cell) *syntax {
	if p.syntax == nil || !p.color {
		return nil
	}
	// Only the lines up to the end of the last hunk are shown: the
	// lexers need not read further.
	hs := hunksOf(&c.Source, p.ctx)
	if len(hs) == 0 {
		return nil
	}
	first, last := hs[0], hs[len(hs)-1]
	var sx syntax
	if c.A >= 0 {
		sx.old = p.syntaxLines(r.Old, r.Old.Cells[c.A], c.Source.Old, first.a0, last.a1)
	}
	if c.B >= 0 {
		sx.new = p.syntaxLines(r.New, r.New.Cells[c.B], c.Source.New, first.b0, last.b1)
	}
	if sx.old == nil && sx.new == nil {
		return nil
	}
	return &sx
}

// cellLabel returns "cell N (type)", N counted from 1 in the new notebook
// (in the old one for a removed cell).
func (r *Result) cellLabel(c *Cell) string {
	n, typ := c.B, ""
	if n >= 0 {
		typ = r.New.Cells[n].Type
	} else {
		n = c.A
		typ = r.Old.Cells[n].Type
	}
	return "cell " + strconv.Itoa(n+1) + " (" + typ + ")"
}

// CellName returns the name of a changed cell as the @@ lines of the
// Plain format give it: "cell N (type)", how it changed (added, removed,
// "moved from N", "was TYPE"; "unchanged" when the source is the same),
// and its first non-blank line of source, quoted and cut to 40 characters
// (its id when the source is blank). c is one of r.Cells.
func (r *Result) CellName(c *Cell) string {
	name := r.cellLabel(c)
	switch {
	case c.Action() == Added:
		name += " added"
	case c.Action() == Removed:
		name += " removed"
	case c.Moved:
		name += " moved from " + strconv.Itoa(c.A+1)
	}
	var src, id string
	if c.B >= 0 {
		src, id = r.New.Cells[c.B].Source, r.New.Cells[c.B].ID
	} else {
		src, id = r.Old.Cells[c.A].Source, r.Old.Cells[c.A].ID
	}
	// The first line that is not blank, trimmed; a lone "\r" ends a line
	// too.
	first := strings.TrimSpace(firstNonBlank(src, "\r\n"))
	if c.TypeChanged {
		name += " was " + r.Old.Cells[c.A].Type
	}
	if (c.Moved || c.TypeChanged) && !c.Source.Changed() {
		name += ", unchanged"
	}
	switch {
	case first != "":
		name += " " + strconv.Quote(shorten(first, 40))
	case id != "":
		name += " id=" + id
	}
	return name
}

// shorten returns s cut to n characters, with "..." when it was longer.
func shorten(s string, n int) string {
	for i, k := 0, 0; i < len(s); k++ {
		if k == n {
			return s[:i] + "..."
		}
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return s
}

// notes returns what the trailing "#" line says: the number of unchanged
// cells (with unchanged, and only beside other notes) and the hidden
// changes. Moves and type changes have hunks of their own.
func (r *Result) notes(unchanged bool) []string {
	same := 0
	for k := range r.Cells {
		if c := &r.Cells[k]; c.Action() == Matched && !c.Moved && !c.TypeChanged && !c.Shown() {
			same++
		}
	}
	notes := r.Hidden.Notes()
	// The count of unchanged cells goes with other notes; it is not worth
	// a line of its own (the cell numbers in @@ lines tell as much).
	if unchanged && same > 0 && len(notes) > 0 {
		notes = slices.Insert(notes, 0, plural(same, "cell", "cells")+" unchanged")
	}
	return notes
}

// Notes returns one note per kind of hidden change, with the flag that
// shows it ("2 cells have new outputs (--outputs)"); none when nothing is
// hidden. The text diff, --stat and the HTML page all say it this way.
func (h Hidden) Notes() []string {
	var notes []string
	if h.Outputs > 0 {
		notes = append(notes, plural(h.Outputs, "cell has", "cells have")+" new outputs (--outputs)")
	}
	if h.Counts > 0 {
		notes = append(notes, plural(h.Counts, "cell has", "cells have")+" new execution counts (--outputs)")
	}
	if h.Attachments > 0 {
		notes = append(notes, plural(h.Attachments, "cell has", "cells have")+" new attachments (--outputs)")
	}
	if h.Metadata > 0 {
		notes = append(notes, plural(h.Metadata, "cell has", "cells have")+" new metadata (--metadata)")
	}
	if h.IDs > 0 {
		notes = append(notes, plural(h.IDs, "cell has", "cells have")+" a new id (--metadata)")
	}
	if h.Notebook {
		notes = append(notes, "notebook metadata changed (--metadata)")
	}
	return notes
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// A hunk is a group of edits of a Text shown together, and the lines
// around them: old lines [a0, a1), new lines [b0, b1).
type hunk struct {
	edits          []Edit
	a0, a1, b0, b1 int
}

// hunksOf splits the edits to show of t into hunks with ctx lines of
// context: edits separated by at most 2*ctx equal lines share a hunk, and
// blank lines at the edges of the context are left out.
func hunksOf(t *Text, ctx int) []hunk {
	var out []hunk
	edits := t.show
	for len(edits) > 0 {
		n := 1
		for n < len(edits) && edits[n].AStart-edits[n-1].AEnd <= 2*ctx {
			n++
		}
		group := edits[:n]
		edits = edits[n:]
		first, last := group[0], group[n-1]
		a0 := max(0, first.AStart-ctx)
		a1 := min(len(t.Old), last.AEnd+ctx)
		for a0 < first.AStart && isBlank(t.Old[a0]) {
			a0++
		}
		for a1 > last.AEnd && isBlank(t.Old[a1-1]) {
			a1--
		}
		b0 := first.BStart - (first.AStart - a0)
		b1 := last.BEnd + (a1 - last.AEnd)
		out = append(out, hunk{group, a0, a1, b0, b1})
	}
	return out
}

// hunks writes the hunks of t with ctx lines of context, each @@ line
// followed by name. With eof, a changed last line that lacks a line end is
// followed by git's "\ No newline" marker when the other side of its
// change holds the same line with a line end. sx, when not nil, holds the
// syntax colours of t's lines.
func (p *printer) hunks(t *Text, ctx int, name string, eof bool, sx *syntax) {
	if sx == nil {
		sx = &syntax{}
	}
	for _, h := range hunksOf(t, ctx) {
		p.hunkHead("@@ -"+hunkRange(h.a0, h.a1)+" +"+hunkRange(h.b0, h.b1)+" @@", name)
		i := h.a0
		for _, e := range h.edits {
			for ; i < e.AStart; i++ {
				p.textLine(' ', t.Old[i], nil, spansAt(sx.old, i))
			}
			p.change(t, e, eof, sx)
			i = e.AEnd
		}
		for ; i < h.a1; i++ {
			p.textLine(' ', t.Old[i], nil, spansAt(sx.old, i))
		}
	}
}

// spansAt returns lines[i], or nil when there are no lines.
func spansAt(lines [][]Span, i int) []Span {
	if i < len(lines) {
		return lines[i]
	}
	return nil
}

// hunkHead writes a hunk's @@ line: head, then name when not empty, cut
// to the width when there is one.
func (p *printer) hunkHead(head, name string) {
	if p.width > 0 {
		if w := textWidth(head); w >= p.width {
			head, name = cutToWidth(head, p.width), ""
		} else if name != "" {
			name = cutToWidth(name, p.width-w-1)
		}
	}
	if p.color {
		p.str(p.colors.Frag + head + colorReset)
	} else {
		p.str(head)
	}
	if name != "" {
		p.str(" ")
		if p.color && p.colors.Func != "" {
			p.str(p.colors.Func + name + colorReset)
		} else {
			p.str(name)
		}
	}
	p.str("\n")
}

// isBlank reports whether line l holds only white space.
func isBlank(l string) bool {
	return strings.TrimSpace(l) == ""
}

// hunkRange formats the start and length of lines [l0, l1) as git does:
// "start,count", ",count" left out when it is 1, start 0-based when empty.
func hunkRange(l0, l1 int) string {
	switch n := l1 - l0; n {
	case 0:
		return strconv.Itoa(l0) + ",0"
	case 1:
		return strconv.Itoa(l0 + 1)
	default:
		return strconv.Itoa(l0+1) + "," + strconv.Itoa(n)
	}
}

// change writes the removed and added lines of edit e, highlighting the
// changed words of line pairs when colour is on.
func (p *printer) change(t *Text, e Edit, eof bool, sx *syntax) {
	wa, wb := p.changedWords(t, e)
	p.side('-', t.Old, e.AStart, e.AEnd, wa, eof, t.New[e.BStart:e.BEnd], sx.old)
	p.side('+', t.New, e.BStart, e.BEnd, wb, eof, t.Old[e.AStart:e.AEnd], sx.new)
}

// changedWords returns, with colour on, the changed words of the line
// pairs of edit e (its first old line with its first new line, and so
// on), as byte ranges of each line.
func (p *printer) changedWords(t *Text, e Edit) (wa, wb [][][2]int) {
	na, nb := e.AEnd-e.AStart, e.BEnd-e.BStart
	if !p.color || na == 0 || nb == 0 {
		return nil, nil
	}
	k := min(na, nb)
	wa, wb = make([][][2]int, k), make([][][2]int, k)
	for x := range k {
		wa[x], wb[x] = wordRanges(trimEOL(t.Old[e.AStart+x]), trimEOL(t.New[e.BStart+x]))
	}
	return wa, wb
}

// side writes lines[l0:l1] of one side of a change with mark ('-' or
// '+'), the changed words of line l0+x being words[x] where there is one.
// With eof, the last line of lines is marked "\ No newline at end of
// file" when it lacks a line end that the other side's changed lines give
// it. spans are the syntax colours of lines (nil: none).
func (p *printer) side(mark byte, lines []string, l0, l1 int, words [][][2]int, eof bool, other []string, spans [][]Span) {
	for i := l0; i < l1; i++ {
		var w [][2]int
		if x := i - l0; x < len(words) {
			w = words[x]
		}
		p.textLine(mark, lines[i], w, spansAt(spans, i))
		if eof && i == len(lines)-1 && gainsEOL(lines[i], other) {
			p.str("\\ No newline at end of file\n")
		}
	}
}

// gainsEOL reports whether l lacks a line end and other holds l with one.
func gainsEOL(l string, other []string) bool {
	if lineEndOf(l) != "" {
		return false
	}
	for _, o := range other {
		if len(o) > len(l) && o[:len(l)] == l && lineEndOf(o) == o[len(l):] {
			return true
		}
	}
	return false
}

// textLine writes one diff line: the mark (' ', '-' or '+'), then the
// line without its line end, its changed words (byte ranges) highlighted
// and, with spans, in syntax colours.
func (p *printer) textLine(mark byte, l string, words [][2]int, spans []Span) {
	l, words, spans = shownLine(trimEOL(l), words, spans, false)
	if !p.color {
		if p.err == nil {
			p.err = p.w.WriteByte(mark)
		}
		p.str(l)
		p.str("\n")
		return
	}
	c := p.colors.Context
	switch mark {
	case '-':
		c = p.colors.Old
	case '+':
		c = p.colors.New
	}
	// The bufio.Writer keeps its first error until flush reports it.
	sb := p.w
	switch {
	case spans != nil:
		// Syntax colours: the line's colour on the marker only.
		if c != "" {
			sb.WriteString(c)
			sb.WriteByte(mark)
			sb.WriteString(colorReset)
		} else {
			sb.WriteByte(mark)
		}
		p.styled(sb, l, 0, len(l), mark, words, spans)
	case c != "":
		sb.WriteString(c)
		sb.WriteByte(mark)
		p.styled(sb, l, 0, len(l), mark, words, nil)
		sb.WriteString(colorReset)
	default:
		sb.WriteByte(mark)
		sb.WriteString(l)
	}
	sb.WriteByte('\n')
}

// trimEOL returns l without its line end.
func trimEOL(l string) string {
	return l[:len(l)-len(lineEndOf(l))]
}

// A Range is the bytes [Start, End) of a line.
type Range struct{ Start, End int }

// Words compares two lines (without their line ends) word by word, as the
// colour rendering highlights a changed line paired with a line of the
// other side, and returns the ranges of a and of b that differ: sorted, not
// overlapping, none empty. Words are runs of letters, digits and '_'
// (non-ASCII characters count as letters), runs of blanks, and single
// other characters. It returns nil, nil when the lines have no word in
// common (the whole lines are the change), when they are equal, or when
// either has more than 2,000 words (they are not compared).
func Words(a, b string) (ra, rb []Range) {
	wa, wb := wordRanges(a, b)
	spans := func(rs [][2]int) []Range {
		if len(rs) == 0 {
			return nil
		}
		out := make([]Range, len(rs))
		for i, r := range rs {
			out[i] = Range{r[0], r[1]}
		}
		return out
	}
	return spans(wa), spans(wb)
}

// words splits s into tokens: runs of letters, digits and '_' (non-ASCII
// characters count as letters), runs of white space, and single other
// characters. The tokens join to s.
func words(s string) []string {
	var out []string
	for i := 0; i < len(s); {
		j := i + 1
		switch c := s[i]; {
		case isWordByte(c):
			for j < len(s) && isWordByte(s[j]) {
				j++
			}
		case c == ' ' || c == '\t':
			for j < len(s) && (s[j] == ' ' || s[j] == '\t') {
				j++
			}
		}
		out = append(out, s[i:j])
		i = j
	}
	return out
}

// hiddenNotes returns the notes of r about hidden changes only.
func (r *Result) hiddenNotes() []string { return r.Hidden.Notes() }
