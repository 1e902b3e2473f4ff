package notebook

import "strings"

// Write returns the notebook encoded the way nbformat writes it (see the
// package documentation), in the notebook's Style. It does not modify nb.
//
// As nbformat does, Write drops the transient members metadata.orig_nbformat,
// metadata.orig_nbformat_minor, metadata.signature and cell
// metadata.trusted, and writes multi-line text (sources, stream text and
// text-like mime data) as lists of lines.
func Write(nb *Notebook) []byte {
	w := &writer{indent: nb.Style.Indent, nl: "\n"}
	if w.indent == "" {
		w.indent = " "
	}
	if nb.Style.CRLF {
		w.nl = "\r\n"
	}
	w.buf = make([]byte, 0, w.estimate(nb))
	if nb.Style.BOM {
		w.buf = append(w.buf, bom...)
	}
	w.notebook(nb)
	if !nb.Style.NoFinalNL {
		w.buf = append(w.buf, w.nl...)
	}
	return w.buf
}

type writer struct {
	buf    []byte
	indent string
	nl     string
	depth  int
}

// estimate guesses the output size to size the buffer once.
func (w *writer) estimate(nb *Notebook) int {
	n := 1024
	for _, c := range nb.Cells {
		n += 256 + len(c.Source)*11/10 + sizeOf(&c.Outputs) + sizeOf(&c.Attachments)
	}
	return n
}

func sizeOf(v *Value) int {
	n := len(v.Str) + 8
	for i := range v.Items {
		n += sizeOf(&v.Items[i])
	}
	for i := range v.Members {
		n += len(v.Members[i].Key) + 8 + sizeOf(&v.Members[i].Value)
	}
	return n
}

// A field is a member to write whose value is produced by a function, so the
// writer can merge typed fields and verbatim members in key order.
type field struct {
	key   string
	write func()
}

func (w *writer) newline() {
	w.buf = append(w.buf, w.nl...)
	for i := 0; i < w.depth; i++ {
		w.buf = append(w.buf, w.indent...)
	}
}

// object writes fields, which must be sorted by key.
func (w *writer) object(fields []field) {
	if len(fields) == 0 {
		w.buf = append(w.buf, "{}"...)
		return
	}
	w.buf = append(w.buf, '{')
	w.depth++
	for i, f := range fields {
		if i > 0 {
			w.buf = append(w.buf, ',')
		}
		w.newline()
		w.str(f.key)
		w.buf = append(w.buf, ": "...)
		f.write()
	}
	w.depth--
	w.newline()
	w.buf = append(w.buf, '}')
}

// mergeFields adds verbatim members to typed fields and sorts the result.
func (w *writer) mergeFields(typed []field, other []Member, skip func(key string) bool) []field {
	for i := range other {
		m := &other[i]
		if skip != nil && skip(m.Key) {
			continue
		}
		typed = append(typed, field{m.Key, func() { w.value(&m.Value) }})
	}
	// insertion sort: a handful of fields
	for i := 1; i < len(typed); i++ {
		for j := i; j > 0 && typed[j].key < typed[j-1].key; j-- {
			typed[j], typed[j-1] = typed[j-1], typed[j]
		}
	}
	return typed
}

func (w *writer) notebook(nb *Notebook) {
	fields := []field{
		{"cells", func() { w.cells(nb.Cells) }},
		{"metadata", func() {
			w.objectSkipping(&nb.Metadata, func(k string) bool {
				return k == "orig_nbformat" || k == "orig_nbformat_minor" || k == "signature"
			})
		}},
		{"nbformat", func() { w.buf = append(w.buf, itoa(nb.Major)...) }},
		{"nbformat_minor", func() { w.buf = append(w.buf, itoa(nb.Minor)...) }},
	}
	w.object(w.mergeFields(fields, nb.Other, nil))
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
	for i, c := range cells {
		if i > 0 {
			w.buf = append(w.buf, ',')
		}
		w.newline()
		w.cell(c)
	}
	w.depth--
	w.newline()
	w.buf = append(w.buf, ']')
}

func (w *writer) cell(c *Cell) {
	fields := make([]field, 0, 8+len(c.Other))
	fields = append(fields,
		field{"cell_type", func() { w.str(c.Type) }},
		field{"metadata", func() { w.objectSkipping(&c.Metadata, func(k string) bool { return k == "trusted" }) }},
		field{"source", func() { w.lines(c.Source) }},
	)
	if c.HasID() {
		fields = append(fields, field{"id", func() { w.str(c.ID) }})
	}
	if c.Type == "code" || c.Outputs.Kind != Null {
		fields = append(fields, field{"outputs", func() { w.outputs(&c.Outputs, c.Type == "code") }})
	}
	if c.Type == "code" || c.hasCount || c.ExecutionCount.Kind != Null {
		fields = append(fields, field{"execution_count", func() { w.value(&c.ExecutionCount) }})
	}
	if c.Attachments.Kind != Null {
		fields = append(fields, field{"attachments", func() { w.attachments(&c.Attachments) }})
	}
	w.object(w.mergeFields(fields, c.Other, nil))
}

func (w *writer) objectSkipping(v *Value, skip func(string) bool) {
	if v.Kind != Object {
		w.value(v)
		return
	}
	w.object(w.mergeFields(nil, v.Members, skip))
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
	fields := make([]field, 0, len(o.Members))
	for i := range o.Members {
		m := &o.Members[i]
		switch {
		case m.Key == "data" && code && (otype == "execute_result" || otype == "display_data") && m.Value.Kind == Object:
			fields = append(fields, field{m.Key, func() { w.mimeBundle(&m.Value) }})
		case m.Key == "text" && otype != "" && (m.Value.Kind == String || m.Value.isStringList()):
			split := code && otype == "stream"
			fields = append(fields, field{m.Key, func() { w.text(&m.Value, split) }})
		default:
			fields = append(fields, field{m.Key, func() { w.value(&m.Value) }})
		}
	}
	w.object(fields)
}

func (w *writer) attachments(v *Value) {
	if v.Kind != Object {
		w.value(v)
		return
	}
	fields := make([]field, 0, len(v.Members))
	for i := range v.Members {
		m := &v.Members[i]
		if m.Value.Kind == Object {
			fields = append(fields, field{m.Key, func() { w.mimeBundle(&m.Value) }})
		} else {
			fields = append(fields, field{m.Key, func() { w.value(&m.Value) }})
		}
	}
	w.object(fields)
}

// mimeBundle writes a mime bundle: lists of strings are joined unless the
// type is JSON, then text types are split into lines.
func (w *writer) mimeBundle(v *Value) {
	fields := make([]field, 0, len(v.Members))
	for i := range v.Members {
		m := &v.Members[i]
		if (m.Value.Kind == String || m.Value.isStringList()) && !isJSONMime(m.Key) {
			fields = append(fields, field{m.Key, func() { w.text(&m.Value, isSplitMime(m.Key)) }})
		} else {
			fields = append(fields, field{m.Key, func() { w.value(&m.Value) }})
		}
	}
	w.object(fields)
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

// canonicalLines reports whether items are already what SplitLines gives for
// their concatenation: no empty item, every line end at the end of an item,
// and every item but the last ending in one.
func canonicalLines(items []Value) bool {
	for i := range items {
		s := items[i].Str
		if s == "" {
			return false
		}
		n := lineEnd(s, 0)
		if n < 0 {
			if i != len(items)-1 {
				return false
			}
			continue
		}
		// the first line end must close the item
		if !endsLineAt(s, n) {
			return false
		}
		// a "\r" at the end of this item followed by "\n" at the start of
		// the next would be one line end
		if s[len(s)-1] == '\r' && i+1 < len(items) && strings.HasPrefix(items[i+1].Str, "\n") {
			return false
		}
	}
	return true
}

// endsLineAt reports whether the line end found at byte n of s is the end of s.
func endsLineAt(s string, n int) bool {
	_, size := lineEndSize(s, n)
	return n+size == len(s)
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
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' {
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
		start = i + 1
	}
	w.buf = append(w.buf, s[start:]...)
}

// SplitLines splits s the way Python's str.splitlines(True) does: after
// "\n", "\r\n", "\r", "\v", "\f", "\x1c", "\x1d", "\x1e", U+0085, U+2028
// and U+2029, each line keeping its line end. An empty s gives nil.
func SplitLines(s string) []string {
	var lines []string
	for len(s) > 0 {
		n := nextLine(s)
		lines = append(lines, s[:n])
		s = s[n:]
	}
	return lines
}

// nextLine returns the length of the first line of s, line end included.
func nextLine(s string) int {
	n := lineEnd(s, 0)
	if n < 0 {
		return len(s)
	}
	_, size := lineEndSize(s, n)
	return n + size
}

// lineEnd returns the offset of the first line end in s at or after from, or -1.
func lineEnd(s string, from int) int {
	for i := from; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\n' || c == '\r' || c == '\v' || c == '\f' || c == 0x1c || c == 0x1d || c == 0x1e:
			return i
		case c == 0xc2 && i+1 < len(s) && s[i+1] == 0x85:
			return i
		case c == 0xe2 && i+2 < len(s) && s[i+1] == 0x80 && (s[i+2] == 0xa8 || s[i+2] == 0xa9):
			return i
		}
	}
	return -1
}

// lineEndSize returns the line end at byte n of s and its size in bytes.
func lineEndSize(s string, n int) (string, int) {
	switch s[n] {
	case '\r':
		if n+1 < len(s) && s[n+1] == '\n' {
			return "\r\n", 2
		}
		return "\r", 1
	case 0xc2:
		return s[n : n+2], 2
	case 0xe2:
		return s[n : n+3], 3
	}
	return s[n : n+1], 1
}
