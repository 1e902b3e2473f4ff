package notebook

import (
	"fmt"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// maxDepth bounds the nesting of arrays and objects. Python's json module
// gives up near 1,000 levels; real notebooks stay below 20.
const maxDepth = 10000

// A SyntaxError reports input that is not valid JSON (or not UTF-8).
// Offset counts bytes from the start of the input, after any byte-order
// mark; Line and Column count from 1 (Column in bytes).
type SyntaxError struct {
	Offset int
	Line   int
	Column int
	Msg    string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("notebook: line %d, column %d (byte %d): %s", e.Line, e.Column, e.Offset, e.Msg)
}

// decoder is a recursive-descent JSON parser over a string; the strings it
// returns share memory with the input where they hold no escapes.
type decoder struct {
	s     string
	i     int
	depth int
}

func (d *decoder) errorf(off int, format string, args ...any) *SyntaxError {
	if off > len(d.s) {
		off = len(d.s)
	}
	line := 1 + strings.Count(d.s[:off], "\n")
	col := off - strings.LastIndexByte(d.s[:off], '\n')
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

// parseJSON parses one JSON document that fills all of s.
func parseJSON(s string) (Value, error) {
	d := &decoder{s: s}
	d.skipSpace()
	if d.i == len(s) {
		return Value{}, d.errorf(d.i, "empty input, expected a JSON object")
	}
	v, err := d.value()
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
	r, _ := utf8.DecodeRuneInString(d.s[off:])
	if r < 0x20 || r == utf8.RuneError {
		return fmt.Sprintf("byte 0x%02x", d.s[off])
	}
	return fmt.Sprintf("%q", r)
}

func (d *decoder) value() (Value, error) {
	if d.i >= len(d.s) {
		return Value{}, d.errorf(d.i, "unexpected end of input, expected a value")
	}
	switch c := d.s[d.i]; {
	case c == '{':
		return d.object()
	case c == '[':
		return d.array()
	case c == '"':
		s, err := d.str()
		return Value{Kind: String, Str: s}, err
	case c == '-' || (c >= '0' && c <= '9'):
		return d.number()
	default:
		for _, lit := range [...]struct {
			text string
			kind Kind
		}{{"true", Bool}, {"false", Bool}, {"null", Null}, {"NaN", Number}, {"Infinity", Number}} {
			if strings.HasPrefix(d.s[d.i:], lit.text) {
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

func (d *decoder) object() (Value, error) {
	if err := d.enter(); err != nil {
		return Value{}, err
	}
	d.i++ // {
	var members []Member
	d.skipSpace()
	if d.i < len(d.s) && d.s[d.i] == '}' {
		d.i++
		d.depth--
		return Value{Kind: Object, Members: []Member{}}, nil
	}
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
		v, err := d.value()
		if err != nil {
			return Value{}, err
		}
		members = append(members, Member{Key: key, Value: v})
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
	return Value{Kind: Object, Members: sortMembers(members)}, nil
}

func (d *decoder) array() (Value, error) {
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
	var items []Value
	for {
		d.skipSpace()
		v, err := d.value()
		if err != nil {
			return Value{}, err
		}
		items = append(items, v)
		d.skipSpace()
		if d.i >= len(d.s) {
			return Value{}, d.errorf(d.i, "unexpected end of input, expected ',' or ']'")
		}
		if d.s[d.i] == ',' {
			d.i++
			continue
		}
		if d.s[d.i] == ']' {
			d.i++
			break
		}
		return Value{}, d.errorf(d.i, "unexpected %s, expected ',' or ']'", d.describe(d.i))
	}
	d.depth--
	return Value{Kind: Array, Items: items}, nil
}

func (d *decoder) number() (Value, error) {
	start := d.i
	s := d.s
	if s[d.i] == '-' {
		d.i++
		if strings.HasPrefix(s[d.i:], "Infinity") {
			d.i += len("Infinity")
			return Value{Kind: Number, Str: s[start:d.i]}, nil
		}
	}
	digits := func() int {
		n := 0
		for d.i < len(s) && s[d.i] >= '0' && s[d.i] <= '9' {
			d.i++
			n++
		}
		return n
	}
	if d.i < len(s) && s[d.i] == '0' {
		d.i++
	} else if digits() == 0 {
		return Value{}, d.errorf(d.i, "unexpected %s in number", d.describe(d.i))
	}
	if d.i < len(s) && s[d.i] == '.' {
		d.i++
		if digits() == 0 {
			return Value{}, d.errorf(d.i, "unexpected %s in number, expected a digit", d.describe(d.i))
		}
	}
	if d.i < len(s) && (s[d.i] == 'e' || s[d.i] == 'E') {
		d.i++
		if d.i < len(s) && (s[d.i] == '+' || s[d.i] == '-') {
			d.i++
		}
		if digits() == 0 {
			return Value{}, d.errorf(d.i, "unexpected %s in number, expected a digit", d.describe(d.i))
		}
	}
	return Value{Kind: Number, Str: s[start:d.i]}, nil
}

// str parses a JSON string starting at the opening quote.
func (d *decoder) str() (string, error) {
	start := d.i + 1
	s := d.s
	// Fast path: no escape, no control character.
	j := start
	for j < len(s) {
		c := s[j]
		if c == '"' {
			d.i = j + 1
			return s[start:j], nil
		}
		if c == '\\' || c < 0x20 {
			break
		}
		j++
	}
	buf := make([]byte, 0, j-start+16)
	buf = append(buf, s[start:j]...)
	for {
		if j >= len(s) {
			return "", d.errorf(start-1, "unterminated string")
		}
		c := s[j]
		switch {
		case c == '"':
			d.i = j + 1
			return string(buf), nil
		case c < 0x20:
			return "", d.errorf(j, "control character 0x%02x in string", c)
		case c != '\\':
			// copy a run of plain bytes
			k := j
			for k < len(s) && s[k] != '"' && s[k] != '\\' && s[k] >= 0x20 {
				k++
			}
			buf = append(buf, s[j:k]...)
			j = k
			continue
		}
		if j+1 >= len(s) {
			return "", d.errorf(start-1, "unterminated string")
		}
		switch e := s[j+1]; e {
		case '"', '\\', '/':
			buf = append(buf, e)
			j += 2
		case 'b':
			buf = append(buf, '\b')
			j += 2
		case 'f':
			buf = append(buf, '\f')
			j += 2
		case 'n':
			buf = append(buf, '\n')
			j += 2
		case 'r':
			buf = append(buf, '\r')
			j += 2
		case 't':
			buf = append(buf, '\t')
			j += 2
		case 'u':
			r, ok := hex4(s, j+2)
			if !ok {
				return "", d.errorf(j, "invalid \\u escape")
			}
			j += 6
			if utf16.IsSurrogate(r) {
				if r2, ok := hex4(s, j+2); ok && j+1 < len(s) && s[j] == '\\' && s[j+1] == 'u' {
					if dec := utf16.DecodeRune(r, r2); dec != utf8.RuneError {
						r = dec
						j += 6
					}
				}
			}
			buf = utf8.AppendRune(buf, r)
		default:
			return "", d.errorf(j, "invalid escape \\%c in string", e)
		}
	}
}

func hex4(s string, i int) (rune, bool) {
	if i+4 > len(s) {
		return 0, false
	}
	var r rune
	for _, c := range []byte(s[i : i+4]) {
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
