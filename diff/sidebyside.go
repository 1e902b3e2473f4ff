package diff

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// This file renders the SideBySide format: each hunk of a changed cell as
// rows of two columns, the old lines on the left and the new ones on the
// right, a removed line next to the added line that replaced it, each
// column with the lines' numbers in the cell and the +/- marks:
//
//	@@ -1,3 +1,4 @@ cell 3 (code) "import pandas as pd"
//	1  import pandas as pd          │1  import pandas as pd
//	2 -df = pd.read_csv("old.csv")  │2 +df = pd.read_csv("data/new.csv")
//	                                │3 +df = df.dropna()
//	3  df.head()                    │4  df.head()
//
// Lines longer than a column continue on the next row; tabs are expanded
// to the next multiple of 4 columns, so that the columns stay aligned.

// sideSep separates the two columns.
const sideSep = "│"

// sideBySide writes r in two columns.
func (p *printer) sideBySide(r *Result) {
	if r.Empty() {
		p.plain(r) // the header of a pure rename, as Plain writes it
		return
	}
	width := p.width
	if width <= 0 {
		width = 80
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
		p.gitLine()
		p.line("", "# "+strings.Join(r.notes(false), "; "))
		return
	}
	hw := p.width
	p.width = width
	defer func() { p.width = hw }()
	p.header(r.Old == nil, r.New == nil)
	p.sideHunks(&r.Metadata, "notebook metadata", nil)
	for k := range r.Cells {
		c := &r.Cells[k]
		switch {
		case c.Source.Changed():
			p.sideHunks(&c.Source, r.CellName(c), r.syntaxOf(p, c))
		case c.Moved || c.TypeChanged:
			p.hunkHead("@@ -0,0 +0,0 @@", r.CellName(c))
		}
		if c.Outputs.Changed() {
			p.sideHunks(&c.Outputs, r.cellLabel(c)+" outputs", nil)
		}
		if c.Attachments.Changed() {
			p.sideHunks(&c.Attachments, r.cellLabel(c)+" attachments", nil)
		}
		if c.Metadata.Changed() {
			p.sideHunks(&c.Metadata, r.cellLabel(c)+" metadata", nil)
		}
	}
	if notes := r.notes(true); len(notes) > 0 {
		p.line("", cutToWidth("# "+strings.Join(notes, "; "), width))
	}
}

// A sideLine is one line of a column: its number in the part (from 1, 0
// for none), its mark, its text without line end, the changed words and
// syntax colours.
type sideLine struct {
	n     int
	mark  byte
	text  string
	words [][2]int
	spans []Span
}

// sideHunks writes the hunks of t in two columns under their @@ lines.
func (p *printer) sideHunks(t *Text, name string, sx *syntax) {
	if !t.Changed() {
		return
	}
	if sx == nil {
		sx = &syntax{}
	}
	// The columns share the width, less the separator; the numbers take
	// as many digits as the longest part needs.
	col := (p.width - textWidth(sideSep)) / 2
	nw := len(strconv.Itoa(max(len(t.Old), len(t.New))))
	for _, h := range hunksOf(t, p.ctx) {
		p.hunkHead("@@ -"+hunkRange(h.a0, h.a1)+" +"+hunkRange(h.b0, h.b1)+" @@", name)
		i := h.a0
		context := func(end int) {
			for ; i < end; i++ {
				j := i + h.b0 - h.a0 + shift(h.edits, i)
				p.sideRow(col, nw, sideLine{n: i + 1, mark: ' ', text: trimEOL(t.Old[i]), spans: spansAt(sx.old, i)},
					sideLine{n: j + 1, mark: ' ', text: trimEOL(t.New[j]), spans: spansAt(sx.new, j)})
			}
		}
		for _, e := range h.edits {
			context(e.AStart)
			wa, wb := p.changedWords(t, e)
			na, nb := e.AEnd-e.AStart, e.BEnd-e.BStart
			for x := range max(na, nb) {
				var l, r sideLine
				if x < na {
					a := e.AStart + x
					l = sideLine{n: a + 1, mark: '-', text: trimEOL(t.Old[a]), spans: spansAt(sx.old, a)}
					if x < len(wa) {
						l.words = wa[x]
					}
				}
				if x < nb {
					b := e.BStart + x
					r = sideLine{n: b + 1, mark: '+', text: trimEOL(t.New[b]), spans: spansAt(sx.new, b)}
					if x < len(wb) {
						r.words = wb[x]
					}
				}
				p.sideRow(col, nw, l, r)
			}
			i = e.AEnd
		}
		context(h.a1)
	}
}

// shift returns how many more lines the new side has than the old before
// old line i, counting the edits before it (those of its hunk).
func shift(edits []Edit, i int) int {
	d := 0
	for _, e := range edits {
		if e.AEnd <= i {
			d += (e.BEnd - e.BStart) - (e.AEnd - e.AStart)
		}
	}
	return d
}

// sideRow writes left and right (a zero sideLine is an empty column) as
// rows of columns col wide, with numbers nw digits wide: as many rows as
// the longer of the two lines needs.
func (p *printer) sideRow(col, nw int, left, right sideLine) {
	left, right = expandTabs(left), expandTabs(right)
	tw := max(col-nw-2, 1) // text columns: the number, a space and the mark go first
	lc, rc := wrapAt(left.text, tw), wrapAt(right.text, tw)
	rows := max(len(lc), len(rc), 1)
	var sb strings.Builder
	for k := range rows {
		p.sideCell(&sb, left, lc, k, nw, tw)
		if p.color {
			sb.WriteString(p.colors.Frag + sideSep + colorReset)
		} else {
			sb.WriteString(sideSep)
		}
		p.sideCell(&sb, right, rc, k, nw, tw)
		p.str(strings.TrimRight(sb.String(), " ") + "\n")
		sb.Reset()
	}
}

// sideCell writes row k of line l, whose text wraps at chunks, padded to
// its column (nw+2+tw).
func (p *printer) sideCell(sb *strings.Builder, l sideLine, chunks [][2]int, k, nw, tw int) {
	if l.mark == 0 || k >= len(chunks) && !(k == 0 && len(chunks) == 0) {
		sb.WriteString(strings.Repeat(" ", nw+2+tw))
		return
	}
	num := ""
	if k == 0 {
		num = strconv.Itoa(l.n)
	}
	sb.WriteString(strings.Repeat(" ", nw-len(num)))
	sb.WriteString(num)
	sb.WriteByte(' ')
	lo, hi := 0, 0
	if k < len(chunks) {
		lo, hi = chunks[k][0], chunks[k][1]
	}
	c := ""
	if p.color {
		switch l.mark {
		case '-':
			c = p.colors.Old
		case '+':
			c = p.colors.New
		default:
			c = p.colors.Context
		}
	}
	switch {
	case !p.color:
		sb.WriteByte(l.mark)
		sb.WriteString(l.text[lo:hi])
	case l.spans != nil:
		if c != "" {
			sb.WriteString(c)
			sb.WriteByte(l.mark)
			sb.WriteString(colorReset)
		} else {
			sb.WriteByte(l.mark)
		}
		p.styled(sb, l.text, lo, hi, l.mark, l.words, l.spans)
	case c != "":
		sb.WriteString(c)
		sb.WriteByte(l.mark)
		p.styled(sb, l.text, lo, hi, l.mark, l.words, nil)
		sb.WriteString(colorReset)
	default:
		sb.WriteByte(l.mark)
		sb.WriteString(l.text[lo:hi])
	}
	sb.WriteString(strings.Repeat(" ", max(0, tw-textWidth(l.text[lo:hi]))))
}

// wrapAt returns the byte ranges of the pieces of s that are at most w
// columns wide each (one empty piece for an empty s).
func wrapAt(s string, w int) [][2]int {
	var out [][2]int
	start, n := 0, 0
	for i, r := range s {
		rw := runeWidth(r)
		if n+rw > w && i > start {
			out = append(out, [2]int{start, i})
			start, n = i, 0
		}
		n += rw
	}
	return append(out, [2]int{start, len(s)})
}

// expandTabs returns l with its tabs replaced by spaces up to the next
// multiple of 4 columns and its control characters shown (shownLine),
// its changed words and syntax colours moved to match.
func expandTabs(l sideLine) sideLine {
	text, words, spans := shownLine(l.text, l.words, l.spans, true)
	return sideLine{n: l.n, mark: l.mark, text: text, words: words, spans: spans}
}

// shownLine returns the text of a line as it goes to a terminal, with
// its changed words and syntax colours moved to match: control
// characters other than a tab (ESC, CR, BEL, DEL, the C1 set) shown as
// "^[", "^M", ..., "^?", "<U+009B>" (as less shows them), so that a
// notebook's source cannot move the cursor, erase the lines around it or
// set the terminal's title; and, with tabs, tabs as spaces up to the
// next multiple of 4 columns. A line with nothing to change comes back
// as it is.
func shownLine(line string, words [][2]int, spans []Span, tabs bool) (string, [][2]int, []Span) {
	if !strings.ContainsFunc(line, func(r rune) bool { return r == '\t' && tabs || isControl(r) }) {
		return line, words, spans
	}
	// at[i] is the offset in the new text of byte i of the old one.
	at := make([]int, len(line)+1)
	var b strings.Builder
	col := 0
	for i := 0; i < len(line); {
		r, size := utf8.DecodeRuneInString(line[i:])
		for k := i; k < i+size; k++ {
			at[k] = b.Len()
		}
		i += size
		switch {
		case r == '\t' && tabs:
			n := 4 - col%4
			b.WriteString(strings.Repeat(" ", n))
			col += n
			continue
		case isControl(r) && r < 0x80:
			b.WriteByte('^')
			b.WriteByte(byte(r) ^ 0x40)
			col += 2
			continue
		case isControl(r):
			n, _ := fmt.Fprintf(&b, "<U+%04X>", r)
			col += n
			continue
		}
		b.WriteRune(r) // a byte that is not UTF-8 as U+FFFD
		col += runeWidth(r)
	}
	at[len(line)] = b.Len()
	text := b.String()
	var moved [][2]int
	if words != nil {
		moved = make([][2]int, len(words))
		for k, w := range words {
			moved[k] = [2]int{at[w[0]], at[w[1]]}
		}
	}
	var shown []Span
	if spans != nil {
		shown = make([]Span, 0, len(spans))
		pos := 0
		for _, sp := range spans {
			shown = append(shown, Span{Text: text[at[pos]:at[pos+len(sp.Text)]], SGR: sp.SGR})
			pos += len(sp.Text)
		}
	}
	return text, moved, shown
}

// isControl reports whether r is a control character other than a tab:
// C0, DEL, or C1 (which some terminals read as escape sequences too).
func isControl(r rune) bool {
	return r < 0x20 && r != '\t' || r == 0x7f || r >= 0x80 && r <= 0x9f
}
