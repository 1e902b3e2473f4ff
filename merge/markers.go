package merge

import (
	"fmt"
	"strings"

	"github.com/nbtools/nbdiff/notebook"
)

// minMarker is the shortest conflict marker git writes.
const minMarker = 7

// Sides holds the versions that a text with git's textual conflict markers
// was made of, as SplitMarkers reads them back.
type Sides struct {
	// Ours, Theirs and Base are the texts of the sides: the lines outside
	// conflicts, plus each conflict's section of that side. Base is valid
	// only when HasBase is set: every conflict had a ||||||| section
	// (merge.conflictStyle diff3 or zdiff3), or there was no conflict.
	Ours, Theirs, Base string
	HasBase            bool
	// Conflicts counts the conflicts; Size is the marker length of the
	// first (0 when there is none).
	Conflicts, Size int
	// OursLabel, TheirsLabel and BaseLabel are the labels of the first
	// conflict's markers ("" when absent).
	OursLabel, TheirsLabel, BaseLabel string
	// OursLines, TheirsLines and BaseLines map each line of the side's text
	// (index 0 is line 1) to its line number in the text that was split,
	// from 1. BaseLines is nil when HasBase is not set.
	OursLines, TheirsLines, BaseLines []int
}

// SplitMarkers splits text, which holds git's conflict markers in the
// merge, diff3 or zdiff3 style, into its sides. A conflict opens with a line
// of at least 7 '<' (then a space and a label, or the line end); its
// "|||||||", "=======" and ">>>>>>>" lines have the same length. Markers of
// another length inside a conflict are content (git nests them in recursive
// merges). Lines may end in "\n" or "\r\n"; line ends are kept, so every
// side is made of whole lines of text. A text without markers gives
// Conflicts == 0 and three copies of text. An unterminated conflict or a
// stray marker is an error naming the line ("line 3: ..."). SplitMarkers
// reads text once; the line maps hold one int per line of each side.
func SplitMarkers(text string) (*Sides, error) {
	s := &Sides{HasBase: true}
	var ours, theirs, base strings.Builder
	const (
		outside = iota
		inOurs
		inBase
		inTheirs
	)
	state, size, open, hunkBase := outside, 0, 0, false
	lineNo := 0
	for len(text) > 0 {
		line := text
		if i := strings.IndexByte(text, '\n'); i >= 0 {
			line = text[:i+1]
		}
		text = text[len(line):]
		lineNo++
		addOurs := func() { ours.WriteString(line); s.OursLines = append(s.OursLines, lineNo) }
		addTheirs := func() { theirs.WriteString(line); s.TheirsLines = append(s.TheirsLines, lineNo) }
		addBase := func() { base.WriteString(line); s.BaseLines = append(s.BaseLines, lineNo) }
		switch state {
		case outside:
			if n, label, ok := marker(line, '<'); ok && n >= minMarker {
				state, size, open, hunkBase = inOurs, n, lineNo, false
				s.Conflicts++
				if s.Conflicts == 1 {
					s.OursLabel, s.Size = label, n
				}
				continue
			}
			for _, ch := range []byte("|=>") {
				if n, _, ok := marker(line, ch); ok && n >= minMarker {
					return nil, fmt.Errorf("line %d: conflict marker %q outside a conflict", lineNo, strings.Repeat(string(ch), n))
				}
			}
			addOurs()
			addTheirs()
			addBase()
		case inOurs:
			if n, label, ok := marker(line, '|'); ok && n == size {
				state, hunkBase = inBase, true
				if s.Conflicts == 1 {
					s.BaseLabel = label
				}
				continue
			}
			if n, label, ok := marker(line, '='); ok && n == size && label == "" {
				state = inTheirs
				continue
			}
			if n, _, ok := marker(line, '<'); ok && n == size {
				return nil, fmt.Errorf("line %d: conflict opened inside the conflict of line %d", lineNo, open)
			}
			addOurs()
		case inBase:
			if n, label, ok := marker(line, '='); ok && n == size && label == "" {
				state = inTheirs
				continue
			}
			addBase()
		case inTheirs:
			if n, label, ok := marker(line, '>'); ok && n == size {
				state = outside
				if !hunkBase {
					s.HasBase = false
				}
				if s.Conflicts == 1 {
					s.TheirsLabel = label
				}
				continue
			}
			addTheirs()
		}
	}
	if state != outside {
		return nil, fmt.Errorf("line %d: conflict not closed at the end of the file", open)
	}
	if s.Conflicts == 0 {
		s.HasBase = true
	}
	s.Ours, s.Theirs = ours.String(), theirs.String()
	if s.HasBase {
		s.Base = base.String()
	} else {
		s.BaseLines = nil
	}
	return s, nil
}

// marker reports whether line is a conflict marker made of ch: a run of ch,
// then the line end or a space and a label. It returns the run's length and
// the label without its line end.
func marker(line string, ch byte) (n int, label string, ok bool) {
	for n < len(line) && line[n] == ch {
		n++
	}
	if n == 0 {
		return 0, "", false
	}
	rest := strings.TrimSuffix(strings.TrimSuffix(line[n:], "\n"), "\r")
	if rest == "" {
		return n, "", true
	}
	if rest[0] != ' ' {
		return 0, "", false
	}
	return n, rest[1:], true
}

// HasMarkers reports whether data holds a line that opens a git conflict:
// at least 7 '<' at the start of a line, then a space or the line end.
// It does not check that the conflict is well formed (SplitMarkers does).
func HasMarkers(data []byte) bool {
	for _, line := range strings.SplitAfter(string(data), "\n") {
		if n, _, ok := marker(line, '<'); ok && n >= minMarker {
			return true
		}
	}
	return false
}

// MarkedCells returns the indices (from 0, in order) of the cells of nb
// whose source holds a line that opens a conflict (see HasMarkers): the
// conflicts a merge left that a person has not resolved yet. It returns
// nil when there are none, and does not modify nb.
func MarkedCells(nb *notebook.Notebook) []int {
	var marked []int
	for i, c := range nb.Cells {
		if strings.Contains(c.Source, "<<<<<<<") && HasMarkers([]byte(c.Source)) {
			marked = append(marked, i)
		}
	}
	return marked
}

// ConflictLines returns, for each conflict that text opens (a line of at
// least 7 '<', as HasMarkers reads it), the numbers of its first line and
// of its last: the line of as many '>' that closes it, or the last line of
// text when none does. Lines count from 1 and may end in "\n" or "\r\n".
// It returns nil when text opens no conflict; it reads text once.
func ConflictLines(text string) [][2]int {
	var spans [][2]int
	size, lineNo := 0, 0
	for len(text) > 0 {
		line := text
		if i := strings.IndexByte(text, '\n'); i >= 0 {
			line = text[:i+1]
		}
		text = text[len(line):]
		lineNo++
		if size == 0 {
			if n, _, ok := marker(line, '<'); ok && n >= minMarker {
				size = n
				spans = append(spans, [2]int{lineNo, 0})
			}
			continue
		}
		if n, _, ok := marker(line, '>'); ok && n == size {
			spans[len(spans)-1][1] = lineNo
			size = 0
		}
	}
	if size != 0 {
		spans[len(spans)-1][1] = lineNo
	}
	return spans
}
