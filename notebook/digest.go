package notebook

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"hash"
)

// Outputs digests (ParseOptions.DigestOutputs), and outputs checked and
// dropped (ParseOptions.SkipOutputs) by the same scanner.
//
// A digested cell's Outputs is an Array that is empty when the cell's
// outputs are, and otherwise holds one or two Strings. The first is the
// SHA-256 of the list of the outputs' own SHA-256s, each of a canonical
// encoding of one output in which every value is a tag byte followed by its
// content, strings and literals length-prefixed:
//
//	null  n           true/false  b len text      number  d len literal
//	string s len bytes            array  [ values ]
//	object { (k len key value)... }  with members in key order
//
// except that an output's own "execution_count" member (an execute_result's
// count) is written as the tag c alone. The second String, present when
// some output's count is not null, is the SHA-256 of those counts (output
// index and value). Strip, when it clears counts, drops it, as it would set
// the counts to null: so two digested lists, stripped alike, are equal
// exactly when the outputs, stripped alike, are equal as Values, whatever
// their whitespace, escapes or key order in the file.
//
// An output whose keys are in order (as every notebook writer writes them)
// is hashed as it is scanned, allocating nothing. Anything else (keys out of
// order or escaped, a syntax error) makes the decoder go back to the start
// of that output and parse it as a Value, which it then hashes: the digest
// is the same, and a syntax error is reported exactly as without digests.
// ParseOptions.Consumed is told between outputs; an output that takes the
// parser past the next point where it tells goes the slow way, which tells
// as it goes, so that Consumed is told as often as without digests.
//
// Why a second scanner: the outputs could be parsed into Values and hashed
// from those, as digestOutputs does for upgraded notebooks. But outputs,
// base64 images above all, are most of a notebook's bytes: hashing them as
// they are scanned never builds them, so that a parse with digests
// allocates less than Parse (building them first would allocate more), in
// a fraction of the allocations, and takes less time.
// BenchmarkParseDigest against BenchmarkParseDigestBuilt shows it. The
// price is a second path through the outputs that must fail exactly as
// the decoder does: TestDigestErrors, TestDigestCorpus and FuzzParse hold
// it to that.

// digester feeds the canonical encoding to a hash, through a buffer so that
// the many small pieces cost one call per 4 KB.
type digester struct {
	h   hash.Hash
	buf []byte
	out [sha256.Size]byte // for sumBytes
}

func newDigester() *digester {
	return &digester{h: sha256.New(), buf: make([]byte, 0, 4096)}
}

// A digester without a hash keeps what it is given in buf; a nil digester
// drops it (the scanner below then only checks and skips, for
// ParseOptions.SkipOutputs).

func (g *digester) tag(c byte) {
	if g == nil {
		return
	}
	if len(g.buf) == cap(g.buf) && g.h != nil {
		g.flush()
	}
	g.buf = append(g.buf, c)
}

// bytes writes the length of b and b.
func (g *digester) bytes(b []byte) {
	if g == nil {
		return
	}
	if cap(g.buf)-len(g.buf) < binary.MaxVarintLen64 && g.h != nil {
		g.flush()
	}
	g.buf = binary.AppendUvarint(g.buf, uint64(len(b)))
	if len(b) > cap(g.buf)-len(g.buf) && g.h != nil {
		g.flush()
		if len(b) > cap(g.buf) {
			g.h.Write(b)
			return
		}
	}
	g.buf = append(g.buf, b...)
}

// str is bytes for a string, which it passes on through the buffer
// rather than converting it to a []byte (a copy as long as the string).
func (g *digester) str(s string) {
	if g == nil {
		return
	}
	if cap(g.buf)-len(g.buf) < binary.MaxVarintLen64 && g.h != nil {
		g.flush()
	}
	g.buf = binary.AppendUvarint(g.buf, uint64(len(s)))
	for g.h != nil && len(s) > cap(g.buf)-len(g.buf) {
		n := cap(g.buf) - len(g.buf)
		g.buf = append(g.buf, s[:n]...)
		g.flush()
		s = s[n:]
	}
	g.buf = append(g.buf, s...)
}

func (g *digester) flush() {
	g.h.Write(g.buf)
	g.buf = g.buf[:0]
}

// sum returns the digest and resets g.
func (g *digester) sum() string { return string(g.sumBytes()) }

// sumBytes is sum in g's own buffer, valid until its next sum.
func (g *digester) sumBytes() []byte {
	g.flush()
	b := g.h.Sum(g.out[:0])
	g.h.Reset()
	return b
}

// value writes the encoding of v. When counts is not nil, v is an output:
// its "execution_count" member is written as the tag c, and its value to
// counts.
func (g *digester) value(v *Value, counts *digester) {
	switch v.Kind {
	case Null:
		g.tag('n')
	case Bool:
		g.tag('b')
		g.str(v.Str)
	case Number:
		g.tag('d')
		g.str(v.Str)
	case String:
		g.tag('s')
		g.str(v.Str)
	case Array:
		g.tag('[')
		for i := range v.Items {
			g.value(&v.Items[i], nil)
		}
		g.tag(']')
	case Object:
		g.tag('{')
		for i := range v.Members {
			m := &v.Members[i]
			if counts != nil && m.Key == countKey {
				g.tag('c')
				counts.value(&m.Value, nil)
				continue
			}
			g.tag('k')
			g.str(m.Key)
			g.value(&m.Value, nil)
		}
		g.tag('}')
	}
}

const countKey = "execution_count"

// outputsDigest parses the outputs list that starts at d.i ('[') into its
// digest (see above). It fails as array would, at the same places.
func (d *decoder) outputsDigest() (Value, error) {
	if err := d.enter(); err != nil {
		return Value{}, err
	}
	d.i++ // [
	d.skipSpace()
	if d.i < len(d.s) && d.s[d.i] == ']' {
		d.i++
		d.depth--
		return Value{Kind: Array, Items: []Value{}}, nil
	}
	if d.dg == nil {
		d.dg = newDigests()
	}
	g := d.dg
	anyCount := false
	for k := 0; ; k++ {
		d.skipSpace()
		start, depth := d.i, d.depth
		g.count.buf = g.count.buf[:0]
		if !(d.i < len(d.s) && d.s[d.i] == '{' && d.hashObject(g.item, g.count)) {
			// The slow way, for this output. Its strings are garbage
			// once hashed: they are not shared (ParseOptions.Strings
			// would keep them).
			g.item.reset()
			g.count.buf = g.count.buf[:0]
			d.i, d.depth = start, depth
			strs := d.strings
			d.strings = nil
			v, err := d.value(roleAny)
			d.strings = strs
			if err != nil {
				return Value{}, err
			}
			g.item.value(&v, g.count)
		}
		g.add(k, &anyCount)
		if more, err := d.listNext(); err != nil {
			return Value{}, err
		} else if !more {
			break
		}
	}
	d.depth--
	return g.result(anyCount), nil
}

// outputsSkip checks the outputs list that starts at d.i ('[') and drops
// it (ParseOptions.SkipOutputs): the list it returns holds one null per
// output. Each output is scanned as outputsDigest scans it, hashing
// nothing, and parsed the slow way when the scan gives up, so that it
// fails as array would, at the same places.
func (d *decoder) outputsSkip() (Value, error) {
	if err := d.enter(); err != nil {
		return Value{}, err
	}
	d.i++ // [
	d.skipSpace()
	n := 0
	if d.i < len(d.s) && d.s[d.i] == ']' {
		d.i++
	} else {
		for {
			d.skipSpace()
			start, depth := d.i, d.depth
			if !d.hashValue(nil) {
				d.i, d.depth = start, depth
				if _, err := d.value(roleAny); err != nil {
					return Value{}, err
				}
			}
			n++
			if more, err := d.listNext(); err != nil {
				return Value{}, err
			} else if !more {
				break
			}
		}
	}
	d.depth--
	return Value{Kind: Array, Items: make([]Value, n)}, nil
}

// add adds the output hashed into g.item, with the count in g.count, as
// output k of the list.
func (g *digests) add(k int, anyCount *bool) {
	g.list.bytes(g.item.sumBytes())
	if len(g.count.buf) > 0 {
		var n [binary.MaxVarintLen64]byte
		g.all.bytes(binary.AppendUvarint(n[:0], uint64(k)))
		g.all.bytes(g.count.buf)
		*anyCount = *anyCount || g.count.buf[0] != 'n'
		g.count.buf = g.count.buf[:0]
	}
}

// result returns the digest of the list and resets g.
func (g *digests) result(anyCount bool) Value {
	if !anyCount {
		g.all.sumBytes() // (resets it) no counts: no second String
		return Value{Kind: Array, Items: []Value{{Kind: String, Str: g.list.sum()}}}
	}
	return Value{Kind: Array, Items: []Value{{Kind: String, Str: g.list.sum()}, {Kind: String, Str: g.all.sum()}}}
}

// digestOutputs replaces the outputs of nb's cells by their digests, as
// the parser makes them (for notebooks upgraded from nbformat 2 or 3,
// whose outputs are built, not parsed).
func (g *digests) digestOutputs(nb *Notebook) {
	for _, c := range nb.Cells {
		if c.Outputs.Kind != Array || len(c.Outputs.Items) == 0 {
			continue
		}
		anyCount := false
		for k := range c.Outputs.Items {
			g.item.value(&c.Outputs.Items[k], g.count)
			g.add(k, &anyCount)
		}
		c.Outputs = g.result(anyCount)
	}
}

func newDigests() *digests {
	return &digests{list: newDigester(), item: newDigester(), all: newDigester(), count: &digester{}}
}

// digests are the digesters of a decoder with DigestOutputs, reused.
type digests struct {
	list  *digester // the list of the outputs' digests
	item  *digester // one output
	all   *digester // the counts of the list
	count *digester // without a hash: the encoding of one output's count
}

// due reports, with ParseOptions.Consumed, that the parser has gone past
// the point where it tells what it is done with. The fast way cannot (it
// may have to go back to the start of the output), so it gives up: the
// slow way parses the output as array does, telling as it goes.
func (d *decoder) due() bool { return d.consumed != nil && d.i >= d.next }

// reset drops what g was given since its last sum.
func (g *digester) reset() {
	g.buf = g.buf[:0]
	g.h.Reset()
}

// hashValue scans the value at d.i, writing its encoding to g (nowhere
// when g is nil), and reports whether it could: false for anything but
// well-formed JSON whose object keys are in order and free of escapes.
func (d *decoder) hashValue(g *digester) bool {
	d.skipSpace()
	if d.i >= len(d.s) {
		return false
	}
	switch c := d.s[d.i]; {
	case c == '{':
		return d.hashObject(g, nil)
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
			if !d.hashValue(g) || d.due() {
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

// hashObject is hashValue for the object at d.i. When counts is not nil,
// the object is an output, whose "execution_count" is written as in
// digester.value.
func (d *decoder) hashObject(g *digester, counts *digester) bool {
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
		if counts != nil && string(key) == countKey {
			g.tag('c')
			if !d.hashValue(counts) {
				return false
			}
		} else {
			g.tag('k')
			g.bytes(key)
			if !d.hashValue(g) {
				return false
			}
		}
		more, ok := d.after('}')
		if !ok || d.due() {
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
