package notebook

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"hash"
)

// Outputs digests (ParseOptions.DigestOutputs).
//
// A digested cell's Outputs is an Array that is empty when the cell's
// outputs are, and otherwise holds one String: the SHA-256 of a canonical
// encoding of the outputs list, in which each value is a tag byte followed
// by its content, strings and literals length-prefixed:
//
//	null  n           true/false  b len text      number  d len literal
//	string s len bytes            array  [ values ]
//	object { (len key, value)... }  with members in key order
//
// The top-level "execution_count" member of each output (an
// execute_result's count) is left out: Strip clears it, and a count that
// changed is a count, not a new output. Two outputs lists therefore have
// equal digests exactly when they are equal as Values, apart from those
// counts, whatever their whitespace, escapes or key order in the file.
//
// The common case, keys in order (as every notebook writer writes them),
// is hashed as it is scanned, allocating nothing. Anything else (keys out
// of order or escaped, a syntax error) makes the decoder go back and parse
// the list as a Value, which it then hashes: the digest is the same, and a
// syntax error is reported exactly as without digests.

// digester feeds the canonical encoding to a hash, through a buffer so that
// the many small pieces cost one call per 4 KB.
type digester struct {
	h   hash.Hash
	buf []byte
}

func newDigester() *digester {
	return &digester{h: sha256.New(), buf: make([]byte, 0, 4096)}
}

// A nil *digester writes nothing: it is for values that are scanned but
// left out of a digest.

func (g *digester) tag(c byte) {
	if g == nil {
		return
	}
	if len(g.buf) == cap(g.buf) {
		g.flush()
	}
	g.buf = append(g.buf, c)
}

// bytes writes the length of b and b.
func (g *digester) bytes(b []byte) {
	if g == nil {
		return
	}
	if cap(g.buf)-len(g.buf) < binary.MaxVarintLen64 {
		g.flush()
	}
	g.buf = binary.AppendUvarint(g.buf, uint64(len(b)))
	if len(b) > cap(g.buf)-len(g.buf) {
		g.flush()
		if len(b) > cap(g.buf) {
			g.h.Write(b)
			return
		}
	}
	g.buf = append(g.buf, b...)
}

func (g *digester) flush() {
	g.h.Write(g.buf)
	g.buf = g.buf[:0]
}

// sum returns the digest and resets g.
func (g *digester) sum() string {
	g.flush()
	var out [sha256.Size]byte
	s := string(g.h.Sum(out[:0]))
	g.h.Reset()
	return s
}

// value writes the encoding of v; skipCount leaves out an object's
// "execution_count" member.
func (g *digester) value(v *Value, skipCount bool) {
	switch v.Kind {
	case Null:
		g.tag('n')
	case Bool:
		g.tag('b')
		g.bytes([]byte(v.Str))
	case Number:
		g.tag('d')
		g.bytes([]byte(v.Str))
	case String:
		g.tag('s')
		g.bytes([]byte(v.Str))
	case Array:
		g.tag('[')
		for i := range v.Items {
			g.value(&v.Items[i], false)
		}
		g.tag(']')
	case Object:
		g.tag('{')
		for i := range v.Members {
			m := &v.Members[i]
			if skipCount && m.Key == countKey {
				continue
			}
			g.bytes([]byte(m.Key))
			g.value(&m.Value, false)
		}
		g.tag('}')
	}
}

const countKey = "execution_count"

// outputsDigest parses the outputs list that starts at d.i ('[') into its
// digest (see above).
func (d *decoder) outputsDigest() (Value, error) {
	start, depth := d.i, d.depth
	d.i++
	d.skipSpace()
	if d.i < len(d.s) && d.s[d.i] == ']' {
		d.i++
		return Value{Kind: Array, Items: []Value{}}, nil
	}
	d.i = start
	if d.dg == nil {
		d.dg = newDigester()
	}
	g := d.dg
	if !d.hashValue(g, true) {
		// The slow way: parse, then hash the value.
		g.buf = g.buf[:0]
		g.h.Reset()
		d.i, d.depth = start, depth
		v, err := d.array(roleAny)
		if err != nil {
			return Value{}, err
		}
		g.tag('[')
		for i := range v.Items {
			g.value(&v.Items[i], true)
		}
		g.tag(']')
	}
	return Value{Kind: Array, Items: []Value{{Kind: String, Str: g.sum()}}}, nil
}

// hashValue scans the value at d.i, writing its encoding to g, and reports
// whether it could: false for anything but well-formed JSON whose object
// keys are in order and free of escapes. With items, the value is an
// outputs list, whose elements' execution counts are left out.
func (d *decoder) hashValue(g *digester, items bool) bool {
	d.skipSpace()
	if d.i >= len(d.s) {
		return false
	}
	switch c := d.s[d.i]; {
	case c == '{':
		return d.hashObject(g, items)
	case c == '[':
		if d.depth >= maxDepth {
			return false
		}
		d.depth++
		d.i++
		g.tag('[')
		d.skipSpace()
		if d.i < len(d.s) && d.s[d.i] == ']' {
			d.i++
			d.depth--
			g.tag(']')
			return true
		}
		for {
			d.skipSpace()
			var ok bool
			if items {
				// An output is an object; anything else takes the
				// slow way.
				ok = d.i < len(d.s) && d.s[d.i] == '{' && d.hashObject(g, true)
			} else {
				ok = d.hashValue(g, false)
			}
			if !ok {
				return false
			}
			if more, ok := d.after(']'); !ok {
				return false
			} else if !more {
				d.depth--
				g.tag(']')
				return true
			}
		}
	case c == '"':
		start := d.i + 1
		end, special := scanString(d.s, start)
		if end < 0 {
			return false
		}
		g.tag('s')
		if !special {
			g.bytes(d.s[start:end])
			d.i = end + 1
			return true
		}
		buf, next, err := d.appendString(d.scratch[:0], start)
		d.scratch = buf
		if err != nil {
			return false
		}
		g.bytes(buf)
		d.i = next
		return true
	case c == '-' || (c >= '0' && c <= '9'):
		start := d.i
		if d.scanNumber() != nil {
			return false
		}
		g.tag('d')
		g.bytes(d.s[start:d.i])
		return true
	default:
		for _, lit := range literals {
			if bytes.HasPrefix(d.s[d.i:], []byte(lit.text)) {
				d.i += len(lit.text)
				switch lit.kind {
				case Null:
					g.tag('n')
				case Bool:
					g.tag('b')
					g.bytes([]byte(lit.text))
				default:
					g.tag('d')
					g.bytes([]byte(lit.text))
				}
				return true
			}
		}
		return false
	}
}

// hashObject is hashValue for the object at d.i; output leaves out its
// "execution_count" member.
func (d *decoder) hashObject(g *digester, output bool) bool {
	if d.depth >= maxDepth {
		return false
	}
	d.depth++
	d.i++ // {
	g.tag('{')
	var prev []byte
	for first := true; ; first = false {
		d.skipSpace()
		if first && d.i < len(d.s) && d.s[d.i] == '}' {
			d.i++
			break
		}
		if d.i >= len(d.s) || d.s[d.i] != '"' {
			return false
		}
		start := d.i + 1
		end, special := scanString(d.s, start)
		if end < 0 || special {
			return false
		}
		key := d.s[start:end]
		if !first && bytes.Compare(prev, key) >= 0 {
			return false // out of order, or a duplicate: the slow way sorts
		}
		prev = key
		d.i = end + 1
		d.skipSpace()
		if d.i >= len(d.s) || d.s[d.i] != ':' {
			return false
		}
		d.i++
		if output && string(key) == countKey {
			if !d.hashValue(nil, false) {
				return false
			}
		} else {
			g.bytes(key)
			if !d.hashValue(g, false) {
				return false
			}
		}
		more, ok := d.after('}')
		if !ok {
			return false
		}
		if !more {
			break
		}
	}
	d.depth--
	g.tag('}')
	return true
}

// after moves past the ',' or the closing bracket that follows an item of
// a list or object: more says it was a ',', ok false means it was neither.
func (d *decoder) after(closing byte) (more, ok bool) {
	d.skipSpace()
	if d.i >= len(d.s) {
		return false, false
	}
	switch d.s[d.i] {
	case ',':
		d.i++
		return true, true
	case closing:
		d.i++
		return false, true
	}
	return false, false
}
