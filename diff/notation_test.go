package diff

import (
	"fmt"
	"strings"

	"github.com/nbtools/nbdiff/notebook"
)

// cells builds cells from a one-line notation: cells separated by spaces,
// each TYPE:SOURCE[@ID], TYPE one of code, md, raw; in SOURCE '|' stands
// for a line break and '~' for a space. "code:a md:b|c@x1" is a code cell
// "a" and a markdown cell "b\nc" with id x1.
func cells(s string) []*notebook.Cell {
	var out []*notebook.Cell
	for _, f := range strings.Fields(s) {
		typ, src, ok := strings.Cut(f, ":")
		if !ok {
			panic(fmt.Sprintf("cells: %q: no type", f))
		}
		switch typ {
		case "md":
			typ = "markdown"
		case "code", "raw":
		default:
			panic(fmt.Sprintf("cells: %q: unknown type", f))
		}
		c := &notebook.Cell{Type: typ, Metadata: notebook.ObjectValue()}
		if k := strings.LastIndexByte(src, '@'); k >= 0 {
			c.SetID(src[k+1:])
			src = src[:k]
		}
		c.Source = strings.NewReplacer("|", "\n", "~", " ").Replace(src)
		out = append(out, c)
	}
	return out
}

// nb builds a notebook (nbformat 4.5) from the cell notation.
func nb(s string) *notebook.Notebook {
	return &notebook.Notebook{Major: 4, Minor: 5, Metadata: notebook.ObjectValue(), Cells: cells(s)}
}

// pairString writes pairs as "A:B" separated by spaces, "-" for an absent
// side and a trailing "*" for a move.
func pairString(ps []Pair) string {
	var b strings.Builder
	for k, p := range ps {
		if k > 0 {
			b.WriteByte(' ')
		}
		side := func(i int) {
			if i < 0 {
				b.WriteByte('-')
			} else {
				fmt.Fprint(&b, i)
			}
		}
		side(p.A)
		b.WriteByte(':')
		side(p.B)
		if p.Moved {
			b.WriteByte('*')
		}
	}
	return b.String()
}
