package notebook

import (
	"io"
	"math/bits"
	"strings"
)

// Write returns the notebook encoded the way nbformat writes it (see the
// package documentation), in the notebook's Style. It does not modify nb.
//
// As nbformat does, Write drops the transient members metadata.orig_nbformat,
// metadata.orig_nbformat_minor, metadata.signature and cell
// metadata.trusted, and writes multi-line text (sources, stream text and
// text-like mime data) as lists of lines.
func Write(nb *Notebook) []byte {
	w := newWriter(nb)
	w.buf = make([]byte, 0, w.estimate(nb))
	w.write(nb)
	return w.buf
}

// WriteTo writes to out what Write returns, in pieces, so that the whole
// encoding is never in memory at once: it writes whenever 64 KB or more are
// gathered at the end of a cell, so a piece holds at least one whole cell
// and is as large as the largest cell's encoding. It does not modify nb,
// and returns the first error of out.Write, after which it writes nothing.
func WriteTo(out io.Writer, nb *Notebook) error {
	w := newWriter(nb)
	w.out = out
	w.buf = make([]byte, 0, 2*flushSize)
	w.write(nb)
	w.flush()
	return w.err
}

// flushSize is how many bytes WriteTo gathers before writing them.
const flushSize = 64 << 10

func newWriter(nb *Notebook) *writer {
	w := &writer{indent: nb.Style.Indent, nl: "\n", parallelMin: parallelMin}
	if w.indent == "" {
		w.indent = " "
	}
	if nb.Style.CRLF {
		w.nl = "\r\n"
	}
	w.pad = w.nl + strings.Repeat(w.indent, 16)
	return w
}

func (w *writer) write(nb *Notebook) {
	if nb.Style.BOM {
		w.buf = append(w.buf, bom...)
	}
	w.notebook(nb)
	if !nb.Style.NoFinalNL {
		w.buf = append(w.buf, w.nl...)
	}
}

// flush hands what is gathered to w.out (WriteTo only).
func (w *writer) flush() {
	if w.out == nil || len(w.buf) == 0 {
		return
	}
	if w.err == nil {
		_, w.err = w.out.Write(w.buf)
	}
	w.buf = w.buf[:0]
}

type writer struct {
	out     io.Writer // WriteTo's destination; nil for Write
	err     error     // the first error of out.Write
	buf     []byte
	indent  string
	nl      string
	pad     string // nl then 16 indents: newline appends a prefix of it
	depth   int
	entries []entry // scratch stack of the members of the open objects
	// parallelMin is the number of cells from which they are encoded in
	// parallel (parallelMin, or less in tests)
	parallelMin int
}

// estimate guesses the output size, a little above it, to size the buffer
// once.
func (w *writer) estimate(nb *Notebook) int {
	perLine := 6 + 3*len(w.indent) + len(w.nl) // indentation, quotes, "\n", comma
	n := 1024 + sizeOf(&nb.Metadata)
	for _, c := range nb.Cells {
		n += 256 + len(c.Source) + perLine*(1+strings.Count(c.Source, "\n")) +
			sizeOf(&c.Outputs) + sizeOf(&c.Attachments) + sizeOf(&c.Metadata)
	}
	return n + n/32
}

func sizeOf(v *Value) int {
	n := len(v.Str) + 12
	for i := range v.Items {
		n += sizeOf(&v.Items[i])
	}
	for i := range v.Members {
		n += len(v.Members[i].Key) + 12 + sizeOf(&v.Members[i].Value)
	}
	return n
}

// An entry is a member to write: its key, and how to write its value. The
// writer collects the entries of an object on a scratch stack, sorts them by
// key, then writes them, so typed fields and verbatim members interleave in
// key order without a closure per member.
type entry struct {
	key  string
	kind entryKind
	v    *Value
	s    string // for entryStr and entryLines
	n    int    // for entryInt
	flag bool   // entryOutputs: the cell is a code cell; entryText: split into lines
}

type entryKind uint8

const (
	entryValue        entryKind = iota // v verbatim
	entryStr                           // s as a JSON string
	entryLines                         // s as a list of lines
	entryInt                           // n
	entryCells                         // the notebook's cells
	entryNBMetadata                    // v without the transient notebook keys
	entryCellMetadata                  // v without "trusted"
	entryOutputs                       // v as a list of outputs
	entryAttachments                   // v as attachments
	entryMime                          // v as a mime bundle
	entryText                          // v as text
)

func (w *writer) newline() {
	if n := len(w.nl) + w.depth*len(w.indent); n <= len(w.pad) {
		w.buf = append(w.buf, w.pad[:n]...)
		return
	}
	w.buf = append(w.buf, w.nl...)
	for i := 0; i < w.depth; i++ {
		w.buf = append(w.buf, w.indent...)
	}
}

func (w *writer) push(e entry) { w.entries = append(w.entries, e) }

// pushMembers pushes the members of an object as verbatim values.
func (w *writer) pushMembers(members []Member) {
	for i := range members {
		w.entries = append(w.entries, entry{key: members[i].Key, kind: entryValue, v: &members[i].Value})
	}
}

// object sorts the entries pushed since base by key, writes them as a JSON
// object and pops them.
func (w *writer) object(base int, nb *Notebook) {
	es := w.entries[base:]
	// insertion sort: a handful of entries, mostly in order already
	for i := 1; i < len(es); i++ {
		for j := i; j > 0 && es[j].key < es[j-1].key; j-- {
			es[j], es[j-1] = es[j-1], es[j]
		}
	}
	n := len(es)
	if n == 0 {
		w.buf = append(w.buf, "{}"...)
		return
	}
	w.buf = append(w.buf, '{')
	w.depth++
	for i := 0; i < n; i++ {
		e := w.entries[base+i] // a copy: writing e may grow w.entries
		if i > 0 {
			w.buf = append(w.buf, ',')
		}
		w.newline()
		w.str(e.key)
		w.buf = append(w.buf, ": "...)
		w.entry(&e, nb)
	}
	w.depth--
	w.newline()
	w.buf = append(w.buf, '}')
	clear(w.entries[base:])
	w.entries = w.entries[:base]
}

func (w *writer) entry(e *entry, nb *Notebook) {
	switch e.kind {
	case entryValue:
		w.value(e.v)
	case entryStr:
		w.str(e.s)
	case entryLines:
		w.lines(e.s)
	case entryInt:
		w.buf = append(w.buf, itoa(e.n)...)
	case entryCells:
		w.cells(nb.Cells)
	case entryNBMetadata, entryCellMetadata:
		if e.v.Kind == Null {
			// a notebook or cell built in code: nbformat requires an object
			w.buf = append(w.buf, "{}"...)
			return
		}
		if e.v.Kind != Object {
			w.value(e.v)
			return
		}
		base := len(w.entries)
		for i := range e.v.Members {
			m := &e.v.Members[i]
			if e.kind == entryNBMetadata && (m.Key == "orig_nbformat" || m.Key == "orig_nbformat_minor" || m.Key == "signature") ||
				e.kind == entryCellMetadata && m.Key == "trusted" {
				continue
			}
			w.push(entry{key: m.Key, kind: entryValue, v: &m.Value})
		}
		w.object(base, nil)
	case entryOutputs:
		w.outputs(e.v, e.flag)
	case entryAttachments:
		w.attachments(e.v)
	case entryMime:
		w.mimeBundle(e.v)
	case entryText:
		w.text(e.v, e.flag)
	}
}

func (w *writer) notebook(nb *Notebook) {
	base := len(w.entries)
	w.push(entry{key: "cells", kind: entryCells})
	w.push(entry{key: "metadata", kind: entryNBMetadata, v: &nb.Metadata})
	w.push(entry{key: "nbformat", kind: entryInt, n: nb.Major})
	w.push(entry{key: "nbformat_minor", kind: entryInt, n: nb.Minor})
	w.pushMembers(nb.Other)
	w.object(base, nb)
}

func itoa(n int) string {
	if n >= 0 && n < 10 {
		return string(rune('0' + n))
	}
	var b [20]byte
	i := len(b)
	neg := n < 0
	if neg {
		n = -n
	}
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	if neg {
		i--
		b[i] = '-'
	}
	return string(b[i:])
}

func (w *writer) cells(cells []*Cell) {
	if len(cells) == 0 {
		w.buf = append(w.buf, "[]"...)
		return
	}
	w.buf = append(w.buf, '[')
	w.depth++
	if parallel(cells, w.parallelMin) {
		w.cellsParallel(cells)
		w.depth--
		w.newline()
		w.buf = append(w.buf, ']')
		return
	}
	for i, c := range cells {
		if i > 0 {
			w.buf = append(w.buf, ',')
		}
		w.newline()
		w.cell(c)
		if len(w.buf) >= flushSize {
			w.flush()
		}
	}
	w.depth--
	w.newline()
	w.buf = append(w.buf, ']')
}

func (w *writer) cell(c *Cell) {
	base := len(w.entries)
	w.push(entry{key: "cell_type", kind: entryStr, s: c.Type})
	w.push(entry{key: "metadata", kind: entryCellMetadata, v: &c.Metadata})
	w.push(entry{key: "source", kind: entryLines, s: c.Source})
	if c.HasID() {
		w.push(entry{key: "id", kind: entryStr, s: c.ID})
	}
	if c.Type == "code" || c.Outputs.Kind != Null {
		w.push(entry{key: "outputs", kind: entryOutputs, v: &c.Outputs, flag: c.Type == "code"})
	}
	if c.Type == "code" || c.hasCount || c.ExecutionCount.Kind != Null {
		w.push(entry{key: "execution_count", kind: entryValue, v: &c.ExecutionCount})
	}
	if c.Attachments.Kind != Null {
		w.push(entry{key: "attachments", kind: entryAttachments, v: &c.Attachments})
	}
	w.pushMembers(c.Other)
	w.object(base, nil)
}

func (w *writer) outputs(v *Value, code bool) {
	if v.Kind != Array {
		if v.Kind == Null {
			w.buf = append(w.buf, "[]"...)
			return
		}
		w.value(v)
		return
	}
	if len(v.Items) == 0 {
		w.buf = append(w.buf, "[]"...)
		return
	}
	w.buf = append(w.buf, '[')
	w.depth++
	for i := range v.Items {
		if i > 0 {
			w.buf = append(w.buf, ',')
		}
		w.newline()
		w.output(&v.Items[i], code)
	}
	w.depth--
	w.newline()
	w.buf = append(w.buf, ']')
}

// output writes one output the way nbformat's rejoin_lines then split_lines
// leave it: stream text and text-like mime data as lists of lines.
func (w *writer) output(o *Value, code bool) {
	if o.Kind != Object {
		w.value(o)
		return
	}
	otype := ""
	if t := o.Get("output_type"); t != nil && t.Kind == String {
		otype = t.Str
	}
	base := len(w.entries)
	for i := range o.Members {
		m := &o.Members[i]
		switch {
		case m.Key == "data" && code && (otype == "execute_result" || otype == "display_data") && m.Value.Kind == Object:
			w.push(entry{key: m.Key, kind: entryMime, v: &m.Value})
		case m.Key == "text" && otype != "" && (m.Value.Kind == String || m.Value.isStringList()):
			w.push(entry{key: m.Key, kind: entryText, v: &m.Value, flag: code && otype == "stream"})
		default:
			w.push(entry{key: m.Key, kind: entryValue, v: &m.Value})
		}
	}
	w.object(base, nil)
}

func (w *writer) attachments(v *Value) {
	if v.Kind != Object {
		w.value(v)
		return
	}
	base := len(w.entries)
	for i := range v.Members {
		m := &v.Members[i]
		if m.Value.Kind == Object {
			w.push(entry{key: m.Key, kind: entryMime, v: &m.Value})
		} else {
			w.push(entry{key: m.Key, kind: entryValue, v: &m.Value})
		}
	}
	w.object(base, nil)
}

// mimeBundle writes a mime bundle: lists of strings are joined unless the
// type is JSON, then text types are split into lines.
func (w *writer) mimeBundle(v *Value) {
	base := len(w.entries)
	for i := range v.Members {
		m := &v.Members[i]
		if (m.Value.Kind == String || m.Value.isStringList()) && !isJSONMime(m.Key) {
			w.push(entry{key: m.Key, kind: entryText, v: &m.Value, flag: isSplitMime(m.Key)})
		} else {
			w.push(entry{key: m.Key, kind: entryValue, v: &m.Value})
		}
	}
	w.object(base, nil)
}

func isJSONMime(key string) bool {
	return key == "application/json" || (strings.HasPrefix(key, "application/") && strings.HasSuffix(key, "+json"))
}

func isSplitMime(key string) bool {
	return strings.HasPrefix(key, "text/") || key == "image/svg+xml" || key == "application/javascript"
}

// text writes a String or a list of Strings as their joined text: as a list
// of lines when split is set, as one string otherwise.
func (w *writer) text(v *Value, split bool) {
	if split {
		if v.Kind == String {
			w.lines(v.Str)
			return
		}
		if canonicalLines(v.Items) {
			w.value(v)
			return
		}
		w.lines(v.Text())
		return
	}
	if v.Kind == String {
		w.str(v.Str)
		return
	}
	w.buf = append(w.buf, '"')
	for i := range v.Items {
		w.strBody(v.Items[i].Str)
	}
	w.buf = append(w.buf, '"')
}

// lines writes s as a JSON list of its lines.
func (w *writer) lines(s string) {
	if s == "" {
		w.buf = append(w.buf, "[]"...)
		return
	}
	w.buf = append(w.buf, '[')
	w.depth++
	first := true
	for len(s) > 0 {
		n := nextLine(s)
		if !first {
			w.buf = append(w.buf, ',')
		}
		first = false
		w.newline()
		w.str(s[:n])
		s = s[n:]
	}
	w.depth--
	w.newline()
	w.buf = append(w.buf, ']')
}

func (w *writer) value(v *Value) {
	switch v.Kind {
	case Null:
		w.buf = append(w.buf, "null"...)
	case Bool, Number:
		w.buf = append(w.buf, v.Str...)
	case String:
		w.str(v.Str)
	case Array:
		if len(v.Items) == 0 {
			w.buf = append(w.buf, "[]"...)
			return
		}
		w.buf = append(w.buf, '[')
		w.depth++
		for i := range v.Items {
			if i > 0 {
				w.buf = append(w.buf, ',')
			}
			w.newline()
			w.value(&v.Items[i])
		}
		w.depth--
		w.newline()
		w.buf = append(w.buf, ']')
	case Object:
		if len(v.Members) == 0 {
			w.buf = append(w.buf, "{}"...)
			return
		}
		w.buf = append(w.buf, '{')
		w.depth++
		for i := range v.Members {
			if i > 0 {
				w.buf = append(w.buf, ',')
			}
			w.newline()
			w.str(v.Members[i].Key)
			w.buf = append(w.buf, ": "...)
			w.value(&v.Members[i].Value)
		}
		w.depth--
		w.newline()
		w.buf = append(w.buf, '}')
	}
}

func (w *writer) str(s string) {
	w.buf = append(w.buf, '"')
	w.strBody(s)
	w.buf = append(w.buf, '"')
}

const hexDigits = "0123456789abcdef"

// strBody appends s escaped as Python's json.dumps(ensure_ascii=False) does.
func (w *writer) strBody(s string) {
	start := 0
	i := 0
	for {
		// Eight bytes at a time while none needs an escape: most text,
		// and all of base64 data, is copied as it is.
		for i+8 <= len(s) {
			if m := escapeMask(load8(s, i)); m != 0 {
				i += bits.TrailingZeros64(m) >> 3
				break
			}
			i += 8
		}
		if i >= len(s) {
			break
		}
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' {
			i++
			continue
		}
		w.buf = append(w.buf, s[start:i]...)
		switch c {
		case '"':
			w.buf = append(w.buf, '\\', '"')
		case '\\':
			w.buf = append(w.buf, '\\', '\\')
		case '\n':
			w.buf = append(w.buf, '\\', 'n')
		case '\r':
			w.buf = append(w.buf, '\\', 'r')
		case '\t':
			w.buf = append(w.buf, '\\', 't')
		case '\b':
			w.buf = append(w.buf, '\\', 'b')
		case '\f':
			w.buf = append(w.buf, '\\', 'f')
		default:
			w.buf = append(w.buf, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
		}
		i++
		start = i
	}
	w.buf = append(w.buf, s[start:]...)
}
