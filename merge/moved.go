package merge

import (
	"fmt"
	"strings"

	"github.com/nbtools/nbdiff/diff"
	"github.com/nbtools/nbdiff/notebook"
)

// Row moved text of the case table: one side moved text to another cell
// (it split a cell in two, joined two, or moved lines to a neighbour),
// and the other side edited that text where it stood in the base. git
// merges this cleanly, since the lines of the JSON are the same wherever
// the cells begin and end; cell by cell it is a deletion against an edit.
// The merge finds the text on the moving side, as one block in one cell,
// and applies the other side's edit there.
//
// The moved text is recognised only when it cannot be mistaken: its lines
// (blank lines at its ends aside) hold at least two lines that are not
// blank, or one of at least minMovedLine bytes; exactly one cell of the
// moving side holds them all, in order, as a block that a few lines may
// interrupt (the moving side may have edited it a little: locate), and
// no base cell but the one they come from does. The other side's edit is
// merged into that block (a three-way merge of the lines: the base's, the
// block, the edited ones) once the cells are merged; when the block is
// not found exactly once in the result, or that merge conflicts, the
// cells are merged again without the move, and conflict as they did.

// minMovedLine is the least length of a line that, alone, is taken for
// text that moved.
const minMovedLine = 40

// A move is the other side's edit of text that one side moved.
type move struct {
	key      moveKey
	from, to []string // the base's lines and the other side's, blank lines at the ends trimmed alike
	side     int      // the side that edited (fromOurs or fromTheirs)
}

// A moveKey names a move: the side that moved the text and the text.
type moveKey struct {
	mover int
	text  string
}

// movedEdit returns the move that applies editor's version (edited) of
// the base lines lines, which the side mover deleted there, to where mover
// put them, or false when mover put them nowhere recognisable (see the
// row's rules above) or the move is disabled. base is the base cell the
// lines come from.
func (m *merger) movedEdit(mover int, base *notebook.Cell, lines, edited []string) (move, bool) {
	from, lead, trail := trimBlankLines(lines)
	// The same blank lines off the ends of the edited text, where the
	// editor kept them.
	lead = min(lead, leadingBlank(edited))
	trail = min(trail, trailingBlank(edited), len(edited)-lead)
	to := edited[lead : len(edited)-trail]
	key := moveKey{mover: mover, text: strings.Join(from, "")}
	if m.movesOff || m.noMove[key] || len(to) == 0 || !distinctive(from) || equalTrimmed(from, to) {
		return move{}, false
	}
	cells := m.ours
	if mover == fromTheirs {
		cells = m.theirs
	}
	if m.index[mover] == nil {
		m.index[mover] = newLineIndex(cells)
	}
	if m.index[fromBase] == nil {
		m.index[fromBase] = newLineIndex(m.base)
	}
	if _, _, n := m.index[mover].locate(from, nil); n != 1 {
		return move{}, false
	}
	if _, _, n := m.index[fromBase].locate(from, base); n != 0 {
		return move{}, false
	}
	editor := fromTheirs
	if mover == fromTheirs {
		editor = fromOurs
	}
	return move{key: key, from: from, to: to, side: editor}, true
}

// distinctive reports whether lines are enough text to be recognised
// elsewhere: two lines that are not blank, or one long line.
func distinctive(lines []string) bool {
	n := 0
	for _, l := range lines {
		switch s := strings.TrimSpace(l); {
		case len(s) >= minMovedLine:
			return true
		case s != "":
			n++
		}
	}
	return n >= 2
}

// A lineIndex counts, for each line (line end aside), the cells that
// hold it, so that finding a block looks only at the cells that hold its
// rarest line.
type lineIndex struct {
	cells []*notebook.Cell
	lines map[string]lineCount
}

type lineCount struct{ cells, last int32 } // cells holding it; the last one counted, plus 1

// maxLineIndexHint bounds the size a line index's map is made with (about
// 3 MB of map); beyond it the map grows as lines come.
const maxLineIndexHint = 1 << 16

func newLineIndex(cells []*notebook.Cell) *lineIndex {
	// Sized for the lines at once: growing a map of 100,000 lines step
	// by step hashes them all again at each step. Lines counted are not
	// distinct lines (a cell of a million empty lines is one key), and a
	// map is allocated whole for its size: maxLineIndexHint bounds that.
	n := 0
	for _, c := range cells {
		n += strings.Count(c.Source, "\n") + 1
	}
	x := &lineIndex{cells: cells, lines: make(map[string]lineCount, min(n, maxLineIndexHint))}
	for i, c := range cells {
		for _, l := range c.Lines() {
			l = strings.TrimRight(l, "\r\n")
			if n := x.lines[l]; n.last != int32(i+1) {
				x.lines[l] = lineCount{cells: n.cells + 1, last: int32(i + 1)}
			}
		}
	}
	return x
}

// locate returns the cell (skip aside) in which lines stand as a block
// (see locate) and where, and in how many cells they do, counting at
// most 2.
func (x *lineIndex) locate(lines []string, skip *notebook.Cell) (cell int, r [2]int, n int) {
	rare, fewest := "", int32(-1)
	for _, l := range lines {
		if strings.TrimSpace(l) == "" {
			continue
		}
		t := strings.TrimRight(l, "\r\n")
		if c := x.lines[t].cells; fewest < 0 || c < fewest {
			rare, fewest = t, c
		}
	}
	cell = -1
	if fewest <= 0 {
		return cell, r, 0
	}
	for i, c := range x.cells {
		if c == skip || !strings.Contains(c.Source, rare) {
			continue
		}
		if lo, hi, ok := locate(c.Lines(), lines); ok {
			if n++; n == 1 {
				cell, r = i, [2]int{lo, hi}
			}
			if n == 2 {
				break
			}
		}
	}
	return cell, r, n
}

// locate finds lines as a block of src: every line of lines that is not
// blank matched, in order, by a line of src[lo:hi] (line ends aside),
// with at most maxInterrupt(len(lines)) other lines of src in between.
func locate(src, lines []string) (lo, hi int, ok bool) {
	if len(lines) == 0 || len(src) == 0 {
		return 0, 0, false
	}
	// A quick check first: src holds every line.
	have := make(map[string]bool, len(src))
	for _, l := range src {
		have[strings.TrimRight(l, "\r\n")] = true
	}
	trim := make([]string, len(lines))
	for i, l := range lines {
		trim[i] = strings.TrimRight(l, "\r\n")
		if strings.TrimSpace(l) != "" && !have[trim[i]] {
			return 0, 0, false
		}
	}
	st := make([]string, len(src))
	for j, l := range src {
		st[j] = strings.TrimRight(l, "\r\n")
	}
	// Pair the lines with src by a diff, and check that every line
	// that is not blank is paired.
	lo, hi = -1, -1
	i, j := 0, 0
	pairs := func(n int) {
		for k := 0; k < n; k++ {
			if lo < 0 {
				lo = j + k
			}
			hi = j + k + 1
		}
	}
	for _, e := range diff.Strings(trim, st) {
		pairs(e.AStart - i)
		j += e.AStart - i
		for _, l := range trim[e.AStart:e.AEnd] {
			if strings.TrimSpace(l) != "" {
				return 0, 0, false
			}
		}
		i, j = e.AEnd, e.BEnd
	}
	pairs(len(trim) - i)
	if lo < 0 || (hi-lo)-len(lines) > maxInterrupt(len(lines)) {
		return 0, 0, false
	}
	return lo, hi, true
}

// maxInterrupt is how many lines a block of n lines moved elsewhere may
// have gained there and still be recognised.
func maxInterrupt(n int) int { return 1 + n/4 }

// applyMoves merges the edits of the moves into the cells of out. It
// returns the keys of the moves that could not be applied: their block is
// not found in exactly one cell, or the merge conflicts.
func (m *merger) applyMoves(out *notebook.Notebook, res *Result) []moveKey {
	var failed []moveKey
	var index *lineIndex
	if len(m.moves) > 0 {
		index = newLineIndex(out.Cells)
	}
	for _, mv := range m.moves {
		at, r, n := index.locate(mv.from, nil)
		if n != 1 {
			failed = append(failed, mv.key)
			continue
		}
		c := out.Cells[at]
		src := c.Lines()
		block := src[r[0]:r[1]]
		// The base's and the edited lines end as the block does.
		end := lineEnd(block[len(block)-1])
		from, to := endAs(mv.from, end), endAs(mv.to, end)
		opts := m.opts
		opts.NoWordMerge = true
		tr := mergeText(join(from), join(block), join(to), &opts, &m.wordBudget, nil)
		if tr.conflicts > 0 {
			failed = append(failed, mv.key)
			continue
		}
		var sb strings.Builder
		writeLines(&sb, src[:r[0]])
		sb.WriteString(tr.text)
		writeLines(&sb, src[r[1]:])
		c.Source = sb.String()
		// The source is now neither side's: its outputs are cleared.
		clearOutputs(c)
		side := "theirs"
		if mv.side == fromOurs {
			side = "ours"
		}
		res.Notes = append(res.Notes, fmt.Sprintf("cell %d: %s' edit of text the other side moved here merged into it", at+1, side))
	}
	return failed
}

// endAs returns lines with the last one ending in end.
func endAs(lines []string, end string) []string {
	out := append([]string(nil), lines...)
	out[len(out)-1] = strings.TrimRight(out[len(out)-1], "\r\n") + end
	return out
}

// trimBlankLines returns lines without the blank lines at their start and
// end, and how many it left out at each end.
func trimBlankLines(lines []string) (core []string, lead, trail int) {
	lead, trail = leadingBlank(lines), 0
	if lead < len(lines) {
		trail = trailingBlank(lines)
	}
	return lines[lead : len(lines)-trail], lead, trail
}

func leadingBlank(lines []string) int {
	n := 0
	for n < len(lines) && strings.TrimSpace(lines[n]) == "" {
		n++
	}
	return n
}

func trailingBlank(lines []string) int {
	n := 0
	for n < len(lines) && strings.TrimSpace(lines[len(lines)-1-n]) == "" {
		n++
	}
	return n
}

// equalTrimmed reports whether two lists of lines are equal but for their
// line ends.
func equalTrimmed(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if strings.TrimRight(a[i], "\r\n") != strings.TrimRight(b[i], "\r\n") {
			return false
		}
	}
	return true
}

// lineEnd returns the line end of l ("" when it has none).
func lineEnd(l string) string {
	return l[len(strings.TrimRight(l, "\r\n")):]
}
