package merge

import (
	"bytes"
	"strings"

	"github.com/nbtools/nbdiff/diff"
)

// GitLines returns the merge that git's own text merge (git merge-file, or
// git merge without a merge driver) makes of three files, when that merge
// is clean; ok is false when it would conflict. Lines end at "\n" only,
// as git's do; each side's changed blocks are placed as git's diff places
// them (slide); hunks of the two sides that overlap or touch conflict
// unless they are the same change. It works on any bytes and does not
// modify its arguments; its cost is that of diff.Strings on the lines.
//
// Callers use it where the notebook merge leaves conflicts (row git
// clean of the package's case table): where git completes a merge,
// people took its result in almost every real merge, and a merge that
// git completes must not get worse with a merge driver.
func GitLines(base, ours, theirs []byte) (out []byte, ok bool) {
	b, o, t := gitSplit(base), gitSplit(ours), gitSplit(theirs)
	var buf bytes.Buffer
	buf.Grow(max(len(ours), len(theirs)))
	for _, c := range diff3(len(b), slide(b, o, diff.Strings(b, o)), slide(b, t, diff.Strings(b, t)), true) {
		switch {
		case !c.ours && !c.theirs:
			writeTo(&buf, b[c.a0:c.a1])
		case !c.theirs:
			writeTo(&buf, o[c.o0:c.o1])
		case !c.ours, equalLines(o[c.o0:c.o1], t[c.t0:c.t1]):
			writeTo(&buf, t[c.t0:c.t1])
		default:
			return nil, false
		}
	}
	return buf.Bytes(), true
}

// gitSplit splits data into lines that end in "\n" (the last may not).
func gitSplit(data []byte) []string {
	s := string(data)
	lines := strings.SplitAfter(s, "\n")
	if len(lines) > 0 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}

func writeTo(buf *bytes.Buffer, lines []string) {
	for _, l := range lines {
		buf.WriteString(l)
	}
}
