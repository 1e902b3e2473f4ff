package notebook

import (
	"hash/fnv"
	"hash/maphash"
	"unsafe"
)

// A Notebook is a parsed nbformat 4 notebook.
type Notebook struct {
	// Major and Minor are nbformat and nbformat_minor.
	Major, Minor int
	// Metadata is the notebook's metadata object.
	Metadata Value
	// Cells are the notebook's cells in order.
	Cells []*Cell
	// Other holds the top-level members other than cells, metadata,
	// nbformat and nbformat_minor, sorted by key.
	Other []Member
	// Style records how the file was laid out, so Write keeps it.
	Style Style
	// OrigMajor is the nbformat version of the file when Parse upgraded it
	// from version 2 or 3 to 4.4, and 0 otherwise. Write ignores it: an
	// upgraded notebook is written as nbformat 4.
	OrigMajor int
	// OutputsDigested is set when the notebook was parsed with
	// ParseOptions.DigestOutputs: its cells' outputs are digests, good
	// for comparing, not for writing.
	OutputsDigested bool
	// OutputsSkipped is set when the notebook was parsed with
	// ParseOptions.SkipOutputs: a cell's outputs are nulls that only
	// count them, and the notebook is for writing only once Strip has
	// removed them all.
	OutputsSkipped bool
}

// Style is the layout of a notebook file that is not part of its content.
// The zero Style is nbformat's: one space of indentation, "\n" line ends,
// a final newline, no byte-order mark.
type Style struct {
	Indent    string // "" means one space
	CRLF      bool   // lines end in "\r\n"
	NoFinalNL bool   // the file does not end in a newline
	BOM       bool   // the file starts with a UTF-8 byte-order mark
}

// bom is the UTF-8 byte-order mark of Style.BOM.
const bom = "\xef\xbb\xbf"

// A Cell is one notebook cell.
type Cell struct {
	// Type is the cell_type: "code", "markdown" or "raw".
	Type string
	// ID is the cell id, "" when the cell has none.
	ID string
	// Source is the cell's source as one string.
	Source string
	// Metadata is the cell's metadata object (Null when absent).
	Metadata Value
	// Outputs is the outputs array of a code cell (Null when absent).
	Outputs Value
	// ExecutionCount is a code cell's execution_count (Null when null or
	// absent; HasCount tells them apart).
	ExecutionCount Value
	// Attachments is the attachments object (Null when absent).
	Attachments Value
	// Other holds every other member of the cell, sorted by key.
	Other []Member

	hasID    bool
	hasCount bool
	// srcHash is SourceHash of the source it was taken of, whose bytes
	// and length are srcData and srcLen (its length fits in 32 bits): a
	// parse takes it as it shares the source through a StringTable.
	// (Pointer and length rather than the string: the cell fits in a
	// size class of 384 bytes instead of 416, 128 KB less for the two
	// versions of a 2,000-cell notebook.)
	srcLen  uint32
	srcHash uint64
	srcData *byte
}

// SourceHash returns a 64-bit hash of the cell's source: equal sources
// have equal hashes in one process (the seed is the process's, so hashes
// differ from one run to the next), different ones almost never. A parse
// that shares its strings through a StringTable takes it as it reads a
// source of 64 bytes or more, so that comparing many cells by their
// sources (diff.Align) does not read the sources again; for a source set
// since, or any other, it is computed at each call. (The cell then keeps
// the string it hashed, also once its Source is replaced, until the cell
// is dropped; and two cells equal in every exported field can differ in
// that: compare cells by their fields, not with reflect.DeepEqual.)
func (c *Cell) SourceHash() uint64 {
	if c.srcData != nil && len(c.Source) == int(c.srcLen) && unsafe.StringData(c.Source) == c.srcData {
		return c.srcHash
	}
	return maphash.String(tableSeed, c.Source)
}

// HasID reports whether the cell has an "id" member.
func (c *Cell) HasID() bool { return c.hasID || c.ID != "" }

// SetID sets the cell's id; an empty id removes it.
func (c *Cell) SetID(id string) { c.ID, c.hasID = id, id != "" }

// Lines returns the cell's source split into lines, each with its line end
// (Python's str.splitlines(True)). An empty source gives no lines.
func (c *Cell) Lines() []string { return SplitLines(c.Source) }

// Hash returns a hash of the cell's type and source, stable across runs and
// machines; cells with equal type and source have equal hashes.
func (c *Cell) Hash() uint64 {
	h := fnv.New64a()
	h.Write([]byte(c.Type))
	h.Write([]byte{0})
	h.Write([]byte(c.Source))
	return h.Sum64()
}

// Clone returns a deep copy of the cell.
func (c *Cell) Clone() *Cell {
	d := *c
	d.Metadata = c.Metadata.Clone()
	d.Outputs = c.Outputs.Clone()
	d.ExecutionCount = c.ExecutionCount.Clone()
	d.Attachments = c.Attachments.Clone()
	if c.Other != nil {
		d.Other = append([]Member(nil), c.Other...)
		for i := range d.Other {
			d.Other[i].Value = d.Other[i].Value.Clone()
		}
	}
	return &d
}

// Clone returns a deep copy of the notebook.
func (nb *Notebook) Clone() *Notebook {
	d := *nb
	d.Metadata = nb.Metadata.Clone()
	d.Cells = make([]*Cell, len(nb.Cells))
	for i, c := range nb.Cells {
		d.Cells[i] = c.Clone()
	}
	d.Other = append([]Member(nil), nb.Other...)
	for i := range d.Other {
		d.Other[i].Value = d.Other[i].Value.Clone()
	}
	return &d
}
