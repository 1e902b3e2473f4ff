package notebook

import (
	"bytes"
	"fmt"
	"hash/fnv"
	"strconv"
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

// A StructureError reports JSON that is valid but not an nbformat 4
// notebook. Cell is the index of the cell at fault, or -1 for the notebook
// itself; Field names the member at fault.
type StructureError struct {
	Cell  int
	Field string
	Msg   string
}

func (e *StructureError) Error() string {
	where := "notebook"
	if e.Cell >= 0 {
		where = fmt.Sprintf("notebook: cell %d", e.Cell)
	}
	if e.Field != "" {
		return fmt.Sprintf("%s: %q: %s", where, e.Field, e.Msg)
	}
	return fmt.Sprintf("%s: %s", where, e.Msg)
}

const bom = "\xef\xbb\xbf"

// currentMinor is the newest nbformat 4 minor version this package knows.
const currentMinor = 5

// Parse parses a notebook file: nbformat 4, or nbformat 2 or 3, which it
// upgrades to 4.4 (see the package documentation). It does not retain or
// modify data; the returned notebook shares no memory with it.
//
// Errors are a *SyntaxError for input that is not JSON or not UTF-8, and a
// *StructureError for JSON that is not a notebook of a supported version.
func Parse(data []byte) (*Notebook, error) { return ParseWith(data, ParseOptions{}) }

// detect reads the layout of the file from its text.
func (st *Style) detect(s []byte) {
	// Indentation: the white space that starts the second line.
	if i := bytes.IndexByte(s, '\n'); i >= 0 {
		if i > 0 && s[i-1] == '\r' {
			st.CRLF = true
		}
		j := i + 1
		for j < len(s) && (s[j] == ' ' || s[j] == '\t') {
			j++
		}
		if ind := s[i+1 : j]; len(ind) > 1 || (len(ind) == 1 && ind[0] != ' ') {
			st.Indent = string(ind)
		}
	}
	if len(s) > 0 && s[len(s)-1] != '\n' {
		st.NoFinalNL = true
	}
}

func fromValue(root Value, style Style, direct *directCells) (*Notebook, error) {
	if root.Kind != Object {
		return nil, &StructureError{Cell: -1, Msg: fmt.Sprintf("the top level is %s, not an object: not a notebook", kindName(root.Kind))}
	}
	nb := &Notebook{Style: style}
	major := root.Get("nbformat")
	if major == nil {
		return nil, &StructureError{Cell: -1, Field: "nbformat", Msg: "missing: not a notebook"}
	}
	var ok bool
	if nb.Major, ok = intValue(major); !ok {
		return nil, &StructureError{Cell: -1, Field: "nbformat", Msg: fmt.Sprintf("is %s, not an integer", kindName(major.Kind))}
	}
	switch {
	case (nb.Major == 2 || nb.Major == 3) && root.Get("worksheets") == nil && root.Get("cells") != nil:
		// Read as version 3, it would be a notebook without cells, and a
		// merge or a diff would drop every cell. nbformat refuses it.
		return nil, &StructureError{Cell: -1, Field: "nbformat", Msg: fmt.Sprintf("is %d, but the notebook has the layout of version 4 (\"cells\", no \"worksheets\"); set \"nbformat\" to 4", nb.Major)}
	case nb.Major == 2 || nb.Major == 3:
		if err := upgrade(&root, nb.Major); err != nil {
			return nil, err
		}
		nb.OrigMajor, nb.Major = nb.Major, 4
		// nbformat 3 was written without a final newline; the upgraded
		// notebook is written as nbformat 4 writes.
		nb.Style.NoFinalNL = false
	case nb.Major < 2:
		return nil, &StructureError{Cell: -1, Field: "nbformat", Msg: fmt.Sprintf("version %d is not supported; upgrade the notebook to version 4 (open and save it in Jupyter, or run: jupyter nbconvert --to notebook --inplace FILE)", nb.Major)}
	case nb.Major > 4:
		return nil, &StructureError{Cell: -1, Field: "nbformat", Msg: fmt.Sprintf("version %d is newer than this tool understands (4)", nb.Major)}
	}
	// A missing nbformat_minor is 0, as nbformat reads it (nbstripout
	// and some tools drop it).
	if minor := root.Get("nbformat_minor"); minor != nil {
		if nb.Minor, ok = intValue(minor); !ok {
			return nil, &StructureError{Cell: -1, Field: "nbformat_minor", Msg: fmt.Sprintf("is %s, not an integer", kindName(minor.Kind))}
		}
	}
	cells := root.Get("cells")
	if cells == nil {
		return nil, &StructureError{Cell: -1, Field: "cells", Msg: "missing: not a notebook"}
	}
	if cells.Kind != Array {
		return nil, &StructureError{Cell: -1, Field: "cells", Msg: fmt.Sprintf("is %s, not a list", kindName(cells.Kind))}
	}
	if md := root.Get("metadata"); md != nil {
		if md.Kind != Object {
			return nil, &StructureError{Cell: -1, Field: "metadata", Msg: fmt.Sprintf("is %s, not an object", kindName(md.Kind))}
		}
		nb.Metadata = *md
	} else {
		nb.Metadata = Value{Kind: Object, Members: []Member{}}
	}
	for _, m := range root.Members {
		switch m.Key {
		case "cells", "metadata", "nbformat", "nbformat_minor":
		default:
			nb.Other = append(nb.Other, m)
		}
	}
	if direct != nil && nb.OrigMajor == 0 {
		// The parser built the cells already (an upgrade replaces them).
		for i, c := range direct.cells {
			if c != nil {
				if err := checkCellType(c.Type, i, nb.Minor); err != nil {
					return nil, err
				}
			}
			if i == direct.errIndex {
				return nil, direct.err
			}
		}
		nb.Cells = direct.cells
		return nb, nil
	}
	nb.Cells = make([]*Cell, len(cells.Items))
	for i := range cells.Items {
		c, err := cellFromValue(&cells.Items[i], i, nb.Minor)
		if err != nil {
			return nil, err
		}
		nb.Cells[i] = c
	}
	return nb, nil
}

// directCells are the cells of a notebook as the parser built them, with
// the first error it met in them (by cell index; errIndex -1 for none).
// The cell types are checked later, when the notebook's version is known.
type directCells struct {
	cells    []*Cell
	errIndex int
	err      error
}

func cellFromValue(v *Value, index, minor int) (*Cell, error) {
	if v.Kind != Object {
		return nil, notAnObject(v.Kind, index)
	}
	c, err := cellFromMembers(v.Members, index)
	if c != nil {
		if terr := checkCellType(c.Type, index, minor); terr != nil {
			return nil, terr
		}
	}
	if err != nil {
		return nil, err
	}
	return c, nil
}

func notAnObject(k Kind, index int) error {
	return &StructureError{Cell: index, Msg: fmt.Sprintf("is %s, not an object", kindName(k))}
}

// checkCellType reports a cell type that notebooks of minor version minor
// cannot have.
func checkCellType(t string, index, minor int) error {
	switch t {
	case "code", "markdown", "raw":
		return nil
	}
	// nbformat accepts unknown cell types from minor versions it does not
	// know yet; so do we, keeping them verbatim.
	if minor > currentMinor {
		return nil
	}
	return &StructureError{Cell: index, Field: "cell_type", Msg: fmt.Sprintf("unknown cell type %q (expected code, markdown or raw)", t)}
}

// cellFromMembers builds the cell at index from the members of its object,
// which it does not retain (the Values they hold, it does). An error about
// cell_type comes with a nil cell; any other with the cell as far as it
// was built, its Type set, so that the caller can check the type first.
func cellFromMembers(members []Member, index int) (*Cell, error) {
	c := &Cell{}
	v := Value{Kind: Object, Members: members}
	ct := v.Get("cell_type")
	if ct == nil {
		return nil, &StructureError{Cell: index, Field: "cell_type", Msg: "missing"}
	}
	if ct.Kind != String {
		return nil, &StructureError{Cell: index, Field: "cell_type", Msg: fmt.Sprintf("is %s, not a string", kindName(ct.Kind))}
	}
	c.Type = ct.Str
	for _, m := range members {
		switch m.Key {
		case "cell_type":
		case "id":
			if m.Value.Kind != String {
				return c, &StructureError{Cell: index, Field: "id", Msg: fmt.Sprintf("is %s, not a string", kindName(m.Value.Kind))}
			}
			c.ID, c.hasID = m.Value.Str, true
		case "source":
			if m.Value.Kind != String && !m.Value.isStringList() {
				return c, &StructureError{Cell: index, Field: "source", Msg: fmt.Sprintf("is %s, not a string or a list of strings", kindName(m.Value.Kind))}
			}
			c.Source = m.Value.Text()
		case "metadata":
			if m.Value.Kind != Object {
				return c, &StructureError{Cell: index, Field: "metadata", Msg: fmt.Sprintf("is %s, not an object", kindName(m.Value.Kind))}
			}
			c.Metadata = m.Value
		case "outputs":
			if m.Value.Kind != Array {
				return c, &StructureError{Cell: index, Field: "outputs", Msg: fmt.Sprintf("is %s, not a list", kindName(m.Value.Kind))}
			}
			c.Outputs = m.Value
		case "execution_count":
			c.ExecutionCount, c.hasCount = m.Value, true
		case "attachments":
			c.Attachments = m.Value
		default:
			c.Other = append(c.Other, m)
		}
	}
	if c.Metadata.Kind == Null {
		c.Metadata = Value{Kind: Object, Members: []Member{}}
	}
	return c, nil
}

func intValue(v *Value) (int, bool) {
	if v.Kind != Number {
		return 0, false
	}
	n, err := strconv.Atoi(v.Str)
	return n, err == nil
}

func kindName(k Kind) string {
	switch k {
	case Null:
		return "null"
	case Bool:
		return "a boolean"
	case Number:
		return "a number"
	case String:
		return "a string"
	case Array:
		return "a list"
	}
	return "an object"
}
