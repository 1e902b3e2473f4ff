package notebook

import (
	"bytes"
	"hash/maphash"
)

// Reusing the cells of another version (ParseOptions.Index and Like).
//
// The versions of one notebook that a merge reads (or a diff) share most
// of their cells byte for byte. Parsing a cell's JSON again only to build
// the cell a version already has costs as much as the first time, so a
// parse with Like set takes such a cell from the other version instead:
// where the bytes at the start of a cell of the list are those of a cell
// of the index, that cell is copied (Cell.Clone) and the parser goes on
// after them. The same bytes always parse to the same cell (a cell's
// object is parsed without regard to what is around it, and its type is
// checked against the notebook's version afterwards either way), so the
// result is the notebook Parse gives; only the work differs.
//
// A cell is looked for first right after the cell taken last (the next
// cell of an unchanged stretch), then by the hash of its first
// prefixLen bytes; either way its bytes are compared in full, so a
// candidate found by a hash is never taken unless its bytes are the same.
// Cells shorter than prefixLen are parsed.

// prefixLen is how many bytes of a cell CellIndex keys it by.
const prefixLen = 128

// A CellIndex holds the cells of a parsed notebook with the bytes each was
// parsed from, for parses of other versions of the notebook to copy the
// cells they share with it (ParseOptions.Like). A parse with
// ParseOptions.Index fills it. It keeps the bytes given to that parse,
// which must stay unchanged while the index is used, and the notebook's
// cells, which must not be changed either. It is safe for concurrent use
// by parses once filled.
type CellIndex struct {
	data  []byte // the bytes of the notebook after its byte-order mark
	base  int    // the offset of data in the bytes given to the parse
	cells []*Cell
	spans []span
	// byPrefix holds the indexes of the cells by the hash of their first
	// prefixLen bytes.
	byPrefix map[uint64][]int32
	seed     maphash.Seed
	// the options that make a cell's bytes give another cell
	digestOutputs, skipOutputs bool
}

// A span is where a cell's object is in CellIndex.data.
type span struct{ start, end int }

// fill makes x the index of the cells of d (whose bytes are d.s), which
// parsed to nb; it stays empty when nb's cells are not those the parser
// built (a notebook upgraded from nbformat 3, say).
func (x *CellIndex) fill(d *decoder, nb *Notebook) {
	*x = CellIndex{}
	if nb == nil || d.cells == nil || len(nb.Cells) != len(d.cells.spans) || (len(nb.Cells) > 0 && &nb.Cells[0] != &d.cells.cells[0]) {
		return
	}
	x.data, x.base, x.cells, x.spans = d.s, d.base, nb.Cells, d.cells.spans
	x.skipOutputs, x.digestOutputs = d.skipOutputs, d.digestOutputs && !d.skipOutputs
	x.seed = maphash.MakeSeed()
	x.byPrefix = make(map[uint64][]int32, len(x.cells))
	for i, sp := range x.spans {
		if sp.end-sp.start >= prefixLen {
			h := maphash.Bytes(x.seed, x.data[sp.start:sp.start+prefixLen])
			x.byPrefix[h] = append(x.byPrefix[h], int32(i))
		}
	}
}

// take returns the length of the cell of x whose bytes s starts with, and
// a copy of that cell; 0 and nil when there is none. next is the cell
// after the one taken last, which it moves on.
// With share, the copy shares its values with the cell (see
// ParseOptions.LikeShares).
func (x *CellIndex) take(s []byte, next *int, share bool) (int, *Cell) {
	i := x.find(s, *next)
	if i < 0 {
		return 0, nil
	}
	*next = i + 1
	n := x.spans[i].end - x.spans[i].start
	if share {
		c := *x.cells[i]
		return n, &c
	}
	return n, x.cells[i].Clone()
}

// find returns the index of the cell of x whose bytes s starts with, or
// -1; next is where to look first.
func (x *CellIndex) find(s []byte, next int) int {
	if len(s) < prefixLen || len(x.cells) == 0 {
		return -1
	}
	same := func(i int) bool {
		sp := x.spans[i]
		n := sp.end - sp.start
		return n >= prefixLen && n <= len(s) && bytes.Equal(s[:n], x.data[sp.start:sp.end])
	}
	if next < len(x.cells) && same(next) {
		return next
	}
	for _, k := range x.byPrefix[maphash.Bytes(x.seed, s[:prefixLen])] {
		if same(int(k)) {
			return int(k)
		}
	}
	return -1
}
