package diff

import (
	"strconv"
	"strings"

	"github.com/nbtools/nbdiff/notebook"
)

// TextconvFuncname is a POSIX extended regular expression, for git's
// diff.<driver>.xfuncname, that matches the cell header lines of Textconv,
// so git's hunk headers name the cell a hunk is in.
const TextconvFuncname = `^# cell [0-9]+ \[[-A-Za-z0-9_]+\].*$`

// Textconv returns the cell-delimited text of nb as given (the caller
// strips it first if it wants to): for each cell, one header line
//
//	# cell N [TYPE] id=ID
//
// (N counted from 1; " id=ID" only when the cell has an id), then the
// cell's source, ending in a line end. It is the text git diffs for
// diff.<driver>.textconv (git log -p, git show, --stat, blame). It does not
// modify nb; its cost is linear in the size of the sources.
func Textconv(nb *notebook.Notebook) []byte {
	n := 0
	for _, c := range nb.Cells {
		n += len(c.Source) + len(c.ID) + 32
	}
	b := make([]byte, 0, n)
	for i, c := range nb.Cells {
		b = append(b, "# cell "...)
		b = strconv.AppendInt(b, int64(i+1), 10)
		b = append(b, " ["...)
		b = append(b, c.Type...)
		b = append(b, ']')
		if c.ID != "" {
			b = append(b, " id="...)
			if strings.ContainsAny(c.ID, "\r\n\v\f\x1c\x1d\x1e\u0085\u2028\u2029") {
				b = strconv.AppendQuote(b, c.ID) // keep the header one line
			} else {
				b = append(b, c.ID...)
			}
		}
		b = append(b, '\n')
		b = append(b, c.Source...)
		if len(c.Source) > 0 && lineEndOf(c.Source) == "" {
			b = append(b, '\n')
		}
	}
	return b
}
