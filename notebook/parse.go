package notebook

import (
	"bytes"
	"fmt"
	"hash/maphash"
	"strconv"
	"strings"
	"sync"
)

// Parse parses a notebook file: nbformat 4, or nbformat 2 or 3, which it
// upgrades to 4.4 (see the package documentation). It does not retain or
// modify data; the returned notebook shares no memory with it.
//
// Errors are a *SyntaxError for input that is not JSON or not UTF-8, and a
// *StructureError for JSON that is not a notebook of a supported version.
func Parse(data []byte) (*Notebook, error) { return ParseWith(data, ParseOptions{}) }

// ParseOptions configures ParseWith. The zero value parses as Parse does.
type ParseOptions struct {
	// Consumed, when set, is called as parsing moves through data (about
	// every megabyte) with n: parsing will not read the first n bytes of
	// data again, except to report the line and column of an error. A
	// caller whose data is a memory-mapped file can release those pages,
	// so that a big file is never resident whole. (The UTF-8 check then
	// runs a step ahead of the parser instead of over the whole input
	// first; the errors are the same.)
	Consumed func(n int)
	// ConsumedStep is about how many bytes the parse reads between calls
	// of Consumed, and takes of Like between calls of LikeConsumed; 0
	// means a megabyte. A smaller step keeps less of a mapped file in
	// memory, for more calls (and pages mapped again: a page cache that
	// holds a file in large folios maps one whole at a read of any page
	// of it).
	ConsumedStep int
	// Strings, when set, holds the long strings (64 bytes or more) of
	// every parse given it: a string equal to one it holds is not
	// allocated again but shares its memory. The versions of one notebook
	// (a diff's two sides, a merge's three) share most sources and
	// images, so parsing them with one table saves most of the memory of
	// all but the first.
	Strings *StringTable
	// DigestOutputs replaces each code cell's outputs by digests, for a
	// caller that only needs to know whether outputs changed (a diff that
	// does not show them): Outputs is then an empty Array when the cell
	// has no outputs, and otherwise an Array of one or two Strings,
	// SHA-256 digests (digest.go says of what). After Strip with the same
	// options, two cells' digests are equal exactly when their outputs
	// are. Parsing is faster and the outputs take no memory, but the
	// notebook is for comparison only: writing it would write the digests
	// (Notebook.OutputsDigested tells).
	DigestOutputs bool
	// SkipOutputs checks each code cell's outputs as JSON and drops them,
	// for a caller that strips them (a clean filter): Outputs is then an
	// Array of one null per output, which says how many there were and
	// no more. Parsing then builds none of what outputs hold (base64
	// images above all), but the notebook can be written only once Strip
	// has removed every output (Notebook.OutputsSkipped tells). It takes
	// precedence over DigestOutputs.
	SkipOutputs bool
	// Index, when set, is filled with the notebook's cells and the bytes
	// each was parsed from (see CellIndex), for parses of other versions
	// of the notebook to copy the cells they share with it (Like). Such
	// a parse keeps data in the index, and does not call Consumed.
	Index *CellIndex
	// Like, when set, is the index of another version of the notebook,
	// parsed with the same DigestOutputs and SkipOutputs (else it is not
	// used): a cell whose bytes are those of one of its cells is copied
	// from it instead of parsed again. The notebook is the one the parse
	// gives without Like.
	Like *CellIndex
	// LikeConsumed, when set with Like, is called as the parse takes
	// cells of Like further and further on in the bytes Like was made
	// from (about every megabyte), with n: the parse has compared the
	// first n of those bytes and looks at them again only for a cell
	// that moved back, so a caller that maps them can drop them from
	// memory (to be read from the file again in that case).
	LikeConsumed func(n int)
	// LikeShares, with Like, makes a cell taken from Like share its
	// values (metadata, outputs, attachments and other members) with
	// the cell of Like, instead of having copies of its own: changing
	// one then changes the other. It is for a caller that only reads
	// the notebooks (merge.Notebooks does not modify its arguments),
	// which then need less time and memory.
	LikeShares bool
}

// ParseWith is Parse with options. It does not retain or modify data; the
// returned notebook shares no memory with it.
func ParseWith(data []byte, opts ParseOptions) (*Notebook, error) {
	s := data
	var style Style
	if bytes.HasPrefix(s, []byte(bom)) {
		style.BOM = true
		s = s[len(bom):]
	}
	style.detect(s)
	d := &decoder{s: s, consumed: opts.Consumed, step: releaseStep, base: len(data) - len(s), strings: opts.Strings, digestOutputs: opts.DigestOutputs,
		skipOutputs: opts.SkipOutputs, cells: &directCells{errIndex: -1}}
	if opts.ConsumedStep > 0 {
		d.step = opts.ConsumedStep
	}
	if opts.Index != nil {
		*opts.Index = CellIndex{}
		d.index, d.consumed = true, nil
	}
	if x := opts.Like; x != nil && x.skipOutputs == opts.SkipOutputs && x.digestOutputs == (opts.DigestOutputs && !opts.SkipOutputs) {
		d.like, d.likeDone, d.likeShares = x, opts.LikeConsumed, opts.LikeShares
	}
	if d.consumed == nil {
		if err := d.validate(len(s)); err != nil {
			return nil, err
		}
	}
	root, err := d.document()
	// Invalid UTF-8 anywhere is the error, even after a syntax error.
	if verr := d.validate(len(s)); verr != nil {
		return nil, verr
	}
	if err != nil {
		return nil, err
	}
	if root.Get("cells") == nil || root.Get("cells").Kind != Array {
		d.cells = nil // the cells list was not one, or not there
	}
	nb, err := fromValue(root, style, d.cells)
	switch {
	case nb == nil:
	case opts.SkipOutputs:
		if nb.OrigMajor != 0 {
			// Upgraded cells hold built outputs: drop them alike.
			for _, c := range nb.Cells {
				if c.Outputs.Kind == Array {
					c.Outputs.Items = make([]Value, len(c.Outputs.Items))
				}
			}
		}
		nb.OutputsSkipped = true
	case opts.DigestOutputs:
		if nb.OrigMajor != 0 {
			// Upgraded cells hold built outputs: digest them alike.
			newDigests().digestOutputs(nb)
		}
		nb.OutputsDigested = true
	}
	if opts.Index != nil && err == nil {
		opts.Index.fill(d, nb)
	}
	return nb, err
}

// A StringTable lets parses share the memory of equal strings (see
// ParseOptions.Strings). Its zero value is empty and ready; it is safe for
// concurrent use, and holds what it was given until it is dropped.
type StringTable struct {
	mu sync.Mutex
	// m holds the strings by their hash: a string is hashed once, and the
	// map grows without hashing its long keys again. Of two strings with
	// the same hash, only the first is held.
	m map[uint64]string
}

// tableSeed seeds the hashes of every StringTable: one seed for all lets
// share hash a string before it takes a table's lock.
var tableSeed = maphash.MakeSeed()

// minShared is the length from which ParseOptions.Strings is used.
const minShared = 64

// share returns b as a string: the table's equal string when it holds one,
// else a new one, which it then holds unless it holds another string of
// the same hash.
//
// Two parses share one table side by side (the versions of a diff or a
// merge), so the lock is held only to look up and to insert: hashing b,
// comparing it with the string found and copying it are done outside
// (strings do not change, so the one found can be read without the lock).
// When both parses insert the same string at once, one copy is held and
// the other parse keeps its own: a string shared less, never a different
// string.
//
// It also returns the hash of b, which Cell.SourceHash returns for a
// source.
func (t *StringTable) share(b []byte, a *stringArena) (string, uint64) {
	h := maphash.Bytes(tableSeed, b)
	t.mu.Lock()
	s, ok := t.m[h]
	t.mu.Unlock()
	if ok {
		if s == string(b) {
			return s, h
		}
		return a.string(b), h
	}
	s = a.string(b)
	t.mu.Lock()
	if t.m == nil {
		t.m = make(map[uint64]string)
	}
	if _, ok := t.m[h]; !ok {
		t.m[h] = s
	}
	t.mu.Unlock()
	return s, h
}

// A stringArena makes strings by copying them into chunks of arenaChunk
// bytes, so that the long strings a parse shares (sources above all) take
// a few large allocations rather than one each: strings of every length
// would each take the size class above them, in spans of their own, partly
// filled, for the collector to sweep and the runtime to keep account of.
// On the 2,000-cell pair (BenchmarkDiffStages/*/parse) the parse of the
// two versions took 19.1-20.7 ms and 21,400 allocations that way, 15.3-16.7
// ms and 19,300 so; nbdiff on the pair 0.7-0.9 ms less (41 alternating
// runs), 53 fewer page faults, 0.1-0.2 MiB less peak memory. A chunk stays
// in memory as long as one of its strings does, as a parse's strings stay
// as long as its notebook. Strings above arenaMax are allocated alone. The
// zero value is ready; one arena serves one parse (it is not safe for
// concurrent use).
type stringArena struct {
	b strings.Builder // the chunk: strings handed out are never changed
}

const (
	arenaChunk = 64 << 10
	arenaMax   = 8 << 10
)

// string returns a string holding b.
func (a *stringArena) string(b []byte) string {
	if len(b) > arenaMax {
		return string(b)
	}
	if a.b.Cap()-a.b.Len() < len(b) {
		a.b = strings.Builder{}
		a.b.Grow(arenaChunk)
	}
	start := a.b.Len()
	a.b.Write(b)
	return a.b.String()[start:]
}

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
	spans    []span // with ParseOptions.Index: where each cell is
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

// currentMinor is the newest nbformat 4 minor version this package knows.
const currentMinor = 5

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
