package notebook

import (
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
)

// The parser and writer scan eight bytes at a time (scanString,
// appendString, strBody, lineEnd). These tests build strings from pieces of
// odd lengths, so that escapes, multi-byte characters and line ends fall at
// every offset of the eight-byte steps and across their boundaries, and
// compare with independent references.

// escapePieces are JSON string-body fragments: escapes (surrogate pairs,
// lone surrogates, a high surrogate before a non-surrogate), multi-byte
// characters, Python's non-ASCII line ends raw and escaped, and padding.
var escapePieces = []string{"a", "bc", `\n`, `\"`, `\\`, `\ud83d\ude00`, `\ud800`, `\udc00`, `\ud800\u0041`,
	`\udc00\ud800`, "é", "\u2028", `\u2028`, `\u0085`, "\u0085", "€", "😀", `\/`, `\t`, `\u001f`, "xxxxxxx", `\u00e9`}

func randomBody(rng *rand.Rand, pieces []string) string {
	var b strings.Builder
	for k := rng.IntN(12); k > 0; k-- {
		b.WriteString(pieces[rng.IntN(len(pieces))])
	}
	return b.String()
}

// TestStringEscapesMatchEncodingJSON checks that a JSON string decodes to
// what encoding/json gives (also for lone surrogates: U+FFFD), alone and
// joined from a source list, and that the writer's escaping reads back
// the same.
func TestStringEscapesMatchEncodingJSON(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 50000 {
		body := randomBody(rng, escapePieces)
		var want string
		if err := json.Unmarshal([]byte(`"`+body+`"`), &want); err != nil {
			t.Fatalf("reference rejects %q: %v", body, err)
		}
		v, err := parseJSON([]byte(`"` + body + `"`))
		if err != nil || v.Str != want {
			t.Fatalf("string %q decodes to %q, %v; want %q", body, v.Str, err, want)
		}
		d := &decoder{s: []byte(`["` + body + `", "` + body + `"]`)}
		if got, ok := d.joinStrings(); !ok || got != want+want {
			t.Fatalf("source list of %q joins to %q, %v; want %q", body, got, ok, want+want)
		}
		w := &writer{indent: " ", nl: "\n"}
		w.str(want)
		var back string
		if err := json.Unmarshal(w.buf, &back); err != nil || back != want {
			t.Fatalf("%q is written as %q, which reads back as %q, %v", want, w.buf, back, err)
		}
	}
}

// TestLoneSurrogateDecodesToReplacement pins the documented decoding of
// \u escapes of UTF-16 surrogates.
func TestLoneSurrogateDecodesToReplacement(t *testing.T) {
	for body, want := range map[string]string{
		`\ud83d\ude00`:       "😀",
		`\ud800`:             "\ufffd",
		`\udc00`:             "\ufffd",
		`\ud800\u0041`:       "\ufffdA",
		`\udc00\ud800`:       "\ufffd\ufffd",
		`\ud83d\ud83d\ude00`: "\ufffd😀",
		`xxxxxx\ud83d\ude00`: "xxxxxx😀",
	} {
		v, err := parseJSON([]byte(`"` + body + `"`))
		if err != nil || v.Str != want {
			t.Errorf("%s decodes to %q, %v; want %q", body, v.Str, err, want)
		}
	}
}

// splitLinesReference is str.splitlines(True) rune by rune.
func splitLinesReference(s string) []string {
	var out []string
	start := 0
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		end := -1
		switch r {
		case '\n', '\v', '\f', 0x1c, 0x1d, 0x1e, 0x85, 0x2028, 0x2029:
			end = i + n
		case '\r':
			end = i + 1
			if i+1 < len(s) && s[i+1] == '\n' {
				end = i + 2
			}
		}
		if end < 0 {
			i += n
			continue
		}
		out = append(out, s[start:end])
		start, i = end, end
	}
	if start < len(s) {
		out = append(out, s[start:])
	}
	return out
}

var linePieces = []string{"a", "bc", "\n", "\r", "\r\n", "\v", "\x1c", "\u2028", "\u2029", "\u0085", "é", "€", "\u2027", "\u00a0",
	"😀", "xxxxxxx"}

// TestSplitLinesMatchesPython checks SplitLines against a rune-by-rune
// str.splitlines(True), and that canonicalLines accepts a list of items
// only when it is what SplitLines gives for their concatenation.
func TestSplitLinesMatchesPython(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for range 50000 {
		s := randomBody(rng, linePieces)
		got, want := SplitLines(s), splitLinesReference(s)
		if strings.Join(got, "|") != strings.Join(want, "|") || len(got) != len(want) {
			t.Fatalf("SplitLines(%q) = %q, want %q", s, got, want)
		}
		var items []Value
		var all strings.Builder
		for k := rng.IntN(4); k >= 0; k-- {
			item := randomBody(rng, linePieces[:len(linePieces)-1])
			items = append(items, Value{Kind: String, Str: item})
			all.WriteString(item)
		}
		lines := SplitLines(all.String())
		same := len(lines) == len(items)
		for i := 0; same && i < len(lines); i++ {
			same = lines[i] == items[i].Str
		}
		if canonicalLines(items) != same {
			t.Fatalf("canonicalLines(%q) = %v, but SplitLines of their concatenation is %q", items, !same, lines)
		}
	}
}

// scanStringRef is scanString byte by byte.
func scanStringRef(s []byte, i int) (int, bool) {
	special := false
	for ; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"':
			return i, special
		case c == '\\':
			special = true
			i++
		case c < 0x20:
			special = true
		}
	}
	return -1, special
}

// TestScanStringLong: in strings longer than scanString's eight-byte run
// (base64 images), a quote, an escaped quote, a backslash or a control
// character at any offset around and past the switch to longPlain is
// found where a byte-by-byte scan finds it.
func TestScanStringLong(t *testing.T) {
	plain := strings.Repeat("iVBORw0KGgo+/AB", 40) // 600 bytes
	for _, special := range []string{`"`, `\"`, `\\`, `\n`, "\x01", "\x1f", "é", `\u0041`} {
		for at := 0; at < len(plain); at++ {
			for _, tail := range []string{`"`, `" more "`, ``} {
				s := []byte(plain[:at] + special + plain[at:] + tail)
				for _, from := range []int{0, 3} {
					gotEnd, gotSpecial := scanString(s, from)
					wantEnd, wantSpecial := scanStringRef(s, from)
					if gotEnd != wantEnd || (gotEnd >= 0 && gotSpecial != wantSpecial) {
						t.Fatalf("%q at %d, tail %q, from %d: got %d, %v; want %d, %v", special, at, tail, from, gotEnd, gotSpecial, wantEnd, wantSpecial)
					}
				}
			}
		}
	}
}
