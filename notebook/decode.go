package notebook

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"math/bits"
	"unicode/utf16"
	"unicode/utf8"
	"unsafe"
)

// decoder is a recursive-descent JSON parser over the input bytes. It
// copies every string it returns (the caller's bytes are not retained), and
// builds each object's members and each array's items on scratch stacks so
// that the slices it returns are allocated once at their exact size.
type decoder struct {
	s       []byte
	i       int
	depth   int
	members []Member // scratch stack of the members of the open objects
	items   []Value  // scratch stack of the items of the open arrays
	scratch []byte   // scratch buffer for decoding strings

	strings       *StringTable // ParseOptions.Strings, or nil
	arena         stringArena  // where the strings d.strings takes are copied
	digestOutputs bool         // ParseOptions.DigestOutputs
	skipOutputs   bool         // ParseOptions.SkipOutputs
	dg            *digests     // with digestOutputs: reused for every cell
	// cells, when set, receives the cells of the top-level "cells" list,
	// built as they are parsed (the list's Value is then a placeholder).
	cells      *directCells
	index      bool       // ParseOptions.Index: record where each cell is
	like       *CellIndex // ParseOptions.Like, or nil
	likeNext   int        // the cell of like after the one taken last
	likeDone   func(int)  // ParseOptions.LikeConsumed, or nil
	likeShares bool       // ParseOptions.LikeShares
	likeTold   int        // what likeDone was told last
	consumed   func(int)  // ParseOptions.Consumed, or nil
	step       int        // ParseOptions.ConsumedStep, or releaseStep
	base       int        // offset of s in the caller's data
	next       int        // with consumed: call it when i reaches next
	validTo    int        // s[:validTo] is known to be UTF-8
	// shared is the string d.strings shared last, and sharedHash its
	// hash; source is the source of the cell being parsed when it is
	// such a string (noteSource), sourceHash its hash.
	shared, source         string
	sharedHash, sourceHash uint64
}

// maxDepth bounds the nesting of arrays and objects. Python's json module
// gives up near 1,000 levels; real notebooks stay below 20.
const maxDepth = 10000

// releaseStep is how many bytes the parser reads between calls of
// ParseOptions.Consumed unless ParseOptions.ConsumedStep says.
const releaseStep = 1 << 20

// makeString returns b as a new string, or one shared through d.strings.
func (d *decoder) makeString(b []byte) string {
	if d.strings != nil && len(b) >= minShared {
		s, h := d.strings.share(b, &d.arena)
		d.shared, d.sharedHash = s, h
		return s
	}
	return string(b)
}

// noteSource notes s as the source of the cell being parsed, with its hash
// when the table shared it (it is then the string shared last).
func (d *decoder) noteSource(s string) {
	d.source = ""
	if s != "" && len(s) == len(d.shared) && unsafe.StringData(s) == unsafe.StringData(d.shared) {
		d.source, d.sourceHash = s, d.sharedHash
	}
}

// withSourceHash gives c the hash of its source when the parse took it
// (Cell.SourceHash), and returns c.
func (d *decoder) withSourceHash(c *Cell) *Cell {
	if c != nil && d.source != "" && len(c.Source) == len(d.source) && unsafe.StringData(c.Source) == unsafe.StringData(d.source) {
		if len(d.source) <= math.MaxUint32 {
			c.srcHash, c.srcData, c.srcLen = d.sourceHash, unsafe.StringData(d.source), uint32(len(d.source))
		}
	}
	return c
}

// validate checks that d.s is UTF-8 from d.validTo to about to (not
// splitting a character), and moves d.validTo on. It returns the error for
// the first byte that is not UTF-8.
func (d *decoder) validate(to int) error {
	s := d.s
	to = min(to, len(s))
	for k := 0; k < utf8.UTFMax && to < len(s) && to > d.validTo && !utf8.RuneStart(s[to]); k++ {
		to--
	}
	if to <= d.validTo {
		return nil
	}
	if utf8.Valid(s[d.validTo:to]) {
		d.validTo = to
		return nil
	}
	off := d.validTo
	for off < len(s) {
		r, n := utf8.DecodeRune(s[off:])
		if r == utf8.RuneError && n <= 1 {
			break
		}
		off += n
	}
	return d.errorf(off, "invalid UTF-8 (byte 0x%02x)", s[off])
}

// progress, with d.consumed set, checks the UTF-8 of the next step of the
// input and reports what the parser is done with, each time the parser
// has moved a step on. Only checked bytes are reported: the check may
// still have to read the bytes a long string took the parser past.
func (d *decoder) progress() error {
	if d.consumed == nil || d.i < d.next {
		return nil
	}
	if err := d.validate(d.i + d.step); err != nil {
		return err
	}
	d.consumed(d.base + min(d.i, d.validTo))
	d.next = d.i + d.step
	return nil
}

// roles tell the decoder where in a notebook it is, so that a cell's source
// is decoded straight into one string instead of a list of lines.
type role uint8

const (
	roleAny     role = iota
	roleRoot         // the top-level value
	roleCells        // the top-level "cells" array
	roleCell         // an element of "cells"
	roleText         // a cell's "source": a string or a list of strings
	roleOutputs      // a cell's "outputs", with DigestOutputs or SkipOutputs
)

func (d *decoder) errorf(off int, format string, args ...any) *SyntaxError {
	if off > len(d.s) {
		off = len(d.s)
	}
	line := 1 + bytes.Count(d.s[:off], []byte{'\n'})
	col := off - bytes.LastIndexByte(d.s[:off], '\n')
	return &SyntaxError{Offset: off, Line: line, Column: col, Msg: fmt.Sprintf(format, args...)}
}

func (d *decoder) skipSpace() {
	for d.i < len(d.s) {
		switch d.s[d.i] {
		case ' ', '\t', '\n', '\r':
			d.i++
		default:
			return
		}
	}
}

// parseJSON parses one JSON document that fills all of s. The result holds
// no reference to s.
func parseJSON(s []byte) (Value, error) {
	d := &decoder{s: s}
	return d.document()
}

// document parses the one JSON document that fills d.s.
func (d *decoder) document() (Value, error) {
	s := d.s
	d.skipSpace()
	if d.i == len(s) {
		return Value{}, d.errorf(d.i, "empty input, expected a JSON object")
	}
	v, err := d.value(roleRoot)
	if err != nil {
		return Value{}, err
	}
	d.skipSpace()
	if d.i != len(s) {
		return Value{}, d.errorf(d.i, "unexpected %s after the JSON value", d.describe(d.i))
	}
	return v, nil
}

func (d *decoder) describe(off int) string {
	if off >= len(d.s) {
		return "end of input"
	}
	r, _ := utf8.DecodeRune(d.s[off:])
	if r < 0x20 || r == utf8.RuneError {
		return fmt.Sprintf("byte 0x%02x", d.s[off])
	}
	return fmt.Sprintf("%q", r)
}

var literals = [...]struct {
	text string
	kind Kind
}{{"true", Bool}, {"false", Bool}, {"null", Null}, {"NaN", Number}, {"Infinity", Number}}

func (d *decoder) value(r role) (Value, error) {
	if d.i >= len(d.s) {
		return Value{}, d.errorf(d.i, "unexpected end of input, expected a value")
	}
	switch c := d.s[d.i]; {
	case c == '{':
		return d.object(r)
	case c == '[':
		if r == roleText {
			if s, ok := d.joinStrings(); ok {
				d.noteSource(s)
				return Value{Kind: String, Str: s}, nil
			}
		}
		if r == roleOutputs && d.skipOutputs {
			return d.outputsSkip()
		}
		if r == roleOutputs {
			return d.outputsDigest()
		}
		return d.array(r)
	case c == '"':
		s, err := d.str()
		if r == roleText {
			d.noteSource(s)
		}
		return Value{Kind: String, Str: s}, err
	case c == '-' || (c >= '0' && c <= '9'):
		return d.number()
	default:
		for _, lit := range literals {
			if bytes.HasPrefix(d.s[d.i:], []byte(lit.text)) {
				d.i += len(lit.text)
				v := Value{Kind: lit.kind}
				if lit.kind != Null {
					v.Str = lit.text
				}
				return v, nil
			}
		}
		return Value{}, d.errorf(d.i, "unexpected %s, expected a value", d.describe(d.i))
	}
}

func (d *decoder) enter() error {
	d.depth++
	if d.depth > maxDepth {
		return d.errorf(d.i, "nesting deeper than %d levels", maxDepth)
	}
	return nil
}

func (d *decoder) object(r role) (Value, error) {
	if err := d.enter(); err != nil {
		return Value{}, err
	}
	d.i++ // {
	d.skipSpace()
	if d.i < len(d.s) && d.s[d.i] == '}' {
		d.i++
		d.depth--
		if r == roleCell && d.cells != nil {
			d.addCell(cellFromMembers(nil, len(d.cells.cells)))
		}
		return Value{Kind: Object, Members: []Member{}}, nil
	}
	base := len(d.members)
	for {
		d.skipSpace()
		if d.i >= len(d.s) || d.s[d.i] != '"' {
			return Value{}, d.errorf(d.i, "unexpected %s, expected a string key", d.describe(d.i))
		}
		key, err := d.str()
		if err != nil {
			return Value{}, err
		}
		d.skipSpace()
		if d.i >= len(d.s) || d.s[d.i] != ':' {
			return Value{}, d.errorf(d.i, "unexpected %s, expected ':' after key %q", d.describe(d.i), key)
		}
		d.i++
		d.skipSpace()
		child := roleAny
		switch {
		case r == roleRoot && key == "cells":
			child = roleCells
		case r == roleCell && key == "source":
			child = roleText
		case r == roleCell && key == "outputs" && (d.digestOutputs || d.skipOutputs):
			child = roleOutputs
		}
		v, err := d.value(child)
		if err != nil {
			return Value{}, err
		}
		d.members = append(d.members, Member{Key: key, Value: v})
		d.skipSpace()
		if d.i >= len(d.s) {
			return Value{}, d.errorf(d.i, "unexpected end of input, expected ',' or '}'")
		}
		if d.s[d.i] == ',' {
			d.i++
			continue
		}
		if d.s[d.i] == '}' {
			d.i++
			break
		}
		return Value{}, d.errorf(d.i, "unexpected %s, expected ',' or '}'", d.describe(d.i))
	}
	d.depth--
	if r == roleCell && d.cells != nil {
		// The cell is built from the scratch stack: its object is
		// never allocated.
		c, err := cellFromMembers(sortMembers(d.members[base:]), len(d.cells.cells))
		d.addCell(d.withSourceHash(c), err)
		clear(d.members[base:])
		d.members = d.members[:base]
		return Value{Kind: Object}, nil
	}
	members := make([]Member, len(d.members)-base)
	copy(members, d.members[base:])
	clear(d.members[base:])
	d.members = d.members[:base]
	return Value{Kind: Object, Members: sortMembers(members)}, nil
}

func (d *decoder) array(r role) (Value, error) {
	if err := d.enter(); err != nil {
		return Value{}, err
	}
	if r == roleCells && d.cells != nil {
		// A later "cells" replaces an earlier one, as in Python.
		*d.cells = directCells{cells: []*Cell{}, errIndex: -1}
	}
	d.i++ // [
	d.skipSpace()
	if d.i < len(d.s) && d.s[d.i] == ']' {
		d.i++
		d.depth--
		return Value{Kind: Array, Items: []Value{}}, nil
	}
	child := roleAny
	if r == roleCells {
		child = roleCell
	}
	base := len(d.items)
	for {
		d.skipSpace()
		start := d.i
		if r == roleCells && d.cells != nil {
			// Cells go to d.cells, not onto the stack.
			if !d.reuseCell() {
				v, err := d.value(child)
				if err != nil {
					return Value{}, err
				}
				if v.Kind != Object {
					d.addCell(nil, notAnObject(v.Kind, len(d.cells.cells)))
				}
			}
			if d.index {
				d.cells.spans = append(d.cells.spans, span{start, d.i})
			}
		} else {
			v, err := d.value(child)
			if err != nil {
				return Value{}, err
			}
			d.items = append(d.items, v)
		}
		if more, err := d.listNext(); err != nil {
			return Value{}, err
		} else if !more {
			break
		}
	}
	d.depth--
	items := make([]Value, len(d.items)-base)
	copy(items, d.items[base:])
	clear(d.items[base:])
	d.items = d.items[:base]
	return Value{Kind: Array, Items: items}, nil
}

// reuseCell, with ParseOptions.Like, takes the cell at d.i from the
// index when it holds a cell of the same bytes, and reports whether it
// did.
func (d *decoder) reuseCell() bool {
	if d.like == nil {
		return false
	}
	n, c := d.like.take(d.s[d.i:], &d.likeNext, d.likeShares)
	if c == nil {
		return false
	}
	d.i += n
	d.addCell(c, nil)
	if end := d.like.base + d.like.spans[d.likeNext-1].end; d.likeDone != nil && end >= d.likeTold+d.step {
		d.likeDone(end)
		d.likeTold = end
	}
	return true
}

// addCell appends a cell built by the parser, or nil, and records err when
// it is the first.
func (d *decoder) addCell(c *Cell, err error) {
	if err != nil && d.cells.err == nil {
		d.cells.errIndex, d.cells.err = len(d.cells.cells), err
	}
	d.cells.cells = append(d.cells.cells, c)
}

// listNext, after an item of a list, tells ParseOptions.Consumed what the
// parser is done with (see progress) and moves past the ',' or the ']'
// that follows: more says it was a ','.
func (d *decoder) listNext() (more bool, err error) {
	if err := d.progress(); err != nil {
		return false, err
	}
	d.skipSpace()
	if d.i >= len(d.s) {
		return false, d.errorf(d.i, "unexpected end of input, expected ',' or ']'")
	}
	switch d.s[d.i] {
	case ',':
		d.i++
		return true, nil
	case ']':
		d.i++
		return false, nil
	}
	return false, d.errorf(d.i, "unexpected %s, expected ',' or ']'", d.describe(d.i))
}

// joinStrings decodes an array of strings starting at '[' into the
// concatenation of its strings, allocating once. When the array holds
// anything but strings, or is malformed, it reports false and leaves the
// position unchanged, so the caller parses it as a plain array (which also
// reports any syntax error).
func (d *decoder) joinStrings() (string, bool) {
	s := d.s
	k := d.i + 1
	buf := d.scratch[:0]
	n := 0
	for {
		for k < len(s) && (s[k] == ' ' || s[k] == '\t' || s[k] == '\n' || s[k] == '\r') {
			k++
		}
		if k < len(s) && s[k] == ']' && n == 0 {
			break
		}
		if k >= len(s) || s[k] != '"' {
			return "", false
		}
		// Most lines are plain text and a "\n" before the closing
		// quote: those are copied at once.
		switch j := scanPlain(s, k+1); {
		case j+2 < len(s) && s[j] == '\\' && s[j+1] == 'n' && s[j+2] == '"':
			buf = append(append(buf, s[k+1:j]...), '\n')
			k = j + 3
		case j < len(s) && s[j] == '"':
			buf = append(buf, s[k+1:j]...)
			k = j + 1
		default:
			var err error
			if buf, k, err = d.appendString(buf, k+1); err != nil {
				return "", false
			}
		}
		n++
		for k < len(s) && (s[k] == ' ' || s[k] == '\t' || s[k] == '\n' || s[k] == '\r') {
			k++
		}
		if k < len(s) && s[k] == ',' {
			k++
			continue
		}
		if k < len(s) && s[k] == ']' {
			break
		}
		return "", false
	}
	d.scratch = buf
	d.i = k + 1
	if n == 0 {
		return "", true
	}
	return d.makeString(buf), true
}

// scanPlain returns the offset of the first quote, backslash or control
// character in s from i on, or len(s).
func scanPlain(s []byte, i int) int {
	for i+8 <= len(s) {
		if m := escapeMask(binary.LittleEndian.Uint64(s[i:])); m != 0 {
			return i + bits.TrailingZeros64(m)>>3
		}
		i += 8
	}
	for i < len(s) && s[i] >= 0x20 && s[i] != '"' && s[i] != '\\' {
		i++
	}
	return i
}

// scanString finds the closing quote of the string whose body starts at i.
// It returns its offset (-1 when the input ends first) and whether the body
// holds an escape or a control character.
func scanString(s []byte, i int) (int, bool) {
	special := false
	for i < len(s) {
		// Eight bytes at a time while none of them is a quote, a backslash
		// or a control character; a run longer than longRun (base64
		// images) goes on with longPlain.
		for n := 0; i+8 <= len(s); n += 8 {
			if m := escapeMask(binary.LittleEndian.Uint64(s[i:])); m != 0 {
				i += bits.TrailingZeros64(m) >> 3
				break
			}
			i += 8
			if n == longRun {
				i += longPlain(s[i:])
				break
			}
		}
		if i >= len(s) {
			break
		}
		switch c := s[i]; {
		case c == '"':
			return i, special
		case c == '\\':
			special = true
			i += 2
		case c < 0x20:
			special = true
			i++
		default:
			i++
		}
	}
	return -1, special
}

// str parses a JSON string starting at the opening quote.
func (d *decoder) str() (string, error) {
	start := d.i + 1
	end, special := scanString(d.s, start)
	if end < 0 {
		return "", d.errorf(d.i, "unterminated string")
	}
	if !special {
		d.i = end + 1
		if end-start >= minShared {
			return d.makeString(d.s[start:end]), nil
		}
		return intern(d.s[start:end]), nil
	}
	buf, next, err := d.appendString(d.scratch[:0], start)
	d.scratch = buf
	if err != nil {
		return "", err
	}
	d.i = next
	return d.makeString(buf), nil
}

// appendString decodes the body of the JSON string that starts at s[i]
// (after the opening quote) onto buf. It returns buf and the offset just
// after the closing quote.
func (d *decoder) appendString(buf []byte, i int) ([]byte, int, error) {
	s := d.s
	open := i - 1
	for {
		j := i
		for j+8 <= len(s) {
			if m := escapeMask(binary.LittleEndian.Uint64(s[j:])); m != 0 {
				j += bits.TrailingZeros64(m) >> 3
				break
			}
			j += 8
		}
		for j < len(s) && s[j] >= 0x20 && s[j] != '"' && s[j] != '\\' {
			j++
		}
		buf = append(buf, s[i:j]...)
		if j >= len(s) {
			return buf, j, d.errorf(open, "unterminated string")
		}
		switch c := s[j]; {
		case c == '"':
			return buf, j + 1, nil
		case c < 0x20:
			return buf, j, d.errorf(j, "control character 0x%02x in string", c)
		}
		if j+1 >= len(s) {
			return buf, j, d.errorf(open, "unterminated string")
		}
		i = j + 2
		switch e := s[j+1]; e {
		case '"', '\\', '/':
			buf = append(buf, e)
		case 'b':
			buf = append(buf, '\b')
		case 'f':
			buf = append(buf, '\f')
		case 'n':
			buf = append(buf, '\n')
		case 'r':
			buf = append(buf, '\r')
		case 't':
			buf = append(buf, '\t')
		case 'u':
			r, ok := hex4(s, j+2)
			if !ok {
				return buf, j, d.errorf(j, "invalid \\u escape")
			}
			i = j + 6
			if utf16.IsSurrogate(r) && i+1 < len(s) && s[i] == '\\' && s[i+1] == 'u' {
				if r2, ok := hex4(s, i+2); ok {
					if dec := utf16.DecodeRune(r, r2); dec != utf8.RuneError {
						r = dec
						i += 6
					}
				}
			}
			buf = utf8.AppendRune(buf, r)
		default:
			return buf, j, d.errorf(j, "invalid escape \\%c in string", e)
		}
	}
}

func (d *decoder) number() (Value, error) {
	start := d.i
	if err := d.scanNumber(); err != nil {
		return Value{}, err
	}
	if d.s[start] == '-' && d.s[d.i-1] == 'y' {
		return Value{Kind: Number, Str: "-Infinity"}, nil
	}
	return Value{Kind: Number, Str: intern(d.s[start:d.i])}, nil
}

// scanNumber moves d.i past the number (or -Infinity) that starts there.
func (d *decoder) scanNumber() error {
	s := d.s
	if s[d.i] == '-' {
		d.i++
		if bytes.HasPrefix(s[d.i:], []byte("Infinity")) {
			d.i += len("Infinity")
			return nil
		}
	}
	if d.i < len(s) && s[d.i] == '0' {
		d.i++
	} else if d.digits() == 0 {
		return d.errorf(d.i, "unexpected %s in number", d.describe(d.i))
	}
	if d.i < len(s) && s[d.i] == '.' {
		d.i++
		if d.digits() == 0 {
			return d.errorf(d.i, "unexpected %s in number, expected a digit", d.describe(d.i))
		}
	}
	if d.i < len(s) && (s[d.i] == 'e' || s[d.i] == 'E') {
		d.i++
		if d.i < len(s) && (s[d.i] == '+' || s[d.i] == '-') {
			d.i++
		}
		if d.digits() == 0 {
			return d.errorf(d.i, "unexpected %s in number, expected a digit", d.describe(d.i))
		}
	}
	return nil
}

func (d *decoder) digits() int {
	n := 0
	for d.i < len(d.s) && d.s[d.i] >= '0' && d.s[d.i] <= '9' {
		d.i++
		n++
	}
	return n
}

func hex4(s []byte, i int) (rune, bool) {
	if i+4 > len(s) {
		return 0, false
	}
	var r rune
	for _, c := range s[i : i+4] {
		r <<= 4
		switch {
		case c >= '0' && c <= '9':
			r |= rune(c - '0')
		case c >= 'a' && c <= 'f':
			r |= rune(c - 'a' + 10)
		case c >= 'A' && c <= 'F':
			r |= rune(c - 'A' + 10)
		default:
			return 0, false
		}
	}
	return r, true
}

// intern returns b as a string, without allocating for the keys and values
// that recur in every notebook.
func intern(b []byte) string {
	switch string(b) {
	case "":
		return ""
	case "cell_type":
		return "cell_type"
	case "code":
		return "code"
	case "markdown":
		return "markdown"
	case "raw":
		return "raw"
	case "id":
		return "id"
	case "metadata":
		return "metadata"
	case "source":
		return "source"
	case "outputs":
		return "outputs"
	case "execution_count":
		return "execution_count"
	case "attachments":
		return "attachments"
	case "output_type":
		return "output_type"
	case "stream":
		return "stream"
	case "name":
		return "name"
	case "stdout":
		return "stdout"
	case "stderr":
		return "stderr"
	case "text":
		return "text"
	case "data":
		return "data"
	case "execute_result":
		return "execute_result"
	case "display_data":
		return "display_data"
	case "error":
		return "error"
	case "ename":
		return "ename"
	case "evalue":
		return "evalue"
	case "traceback":
		return "traceback"
	case "text/plain":
		return "text/plain"
	case "text/html":
		return "text/html"
	case "image/png":
		return "image/png"
	case "tags":
		return "tags"
	case "collapsed":
		return "collapsed"
	case "scrolled":
		return "scrolled"
	case "cells":
		return "cells"
	case "nbformat":
		return "nbformat"
	case "nbformat_minor":
		return "nbformat_minor"
	case "0":
		return "0"
	case "1":
		return "1"
	case "2":
		return "2"
	case "3":
		return "3"
	case "4":
		return "4"
	case "5":
		return "5"
	}
	return string(b)
}
