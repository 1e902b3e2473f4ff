package notebook

// Word-at-a-time scanning, shared by the decoder, the writer and the line
// splitter: eight bytes are tested at once while none of them needs a closer
// look (swar_test.go checks the scans against byte-by-byte references).

import (
	"bytes"
	"encoding/binary"
)

// load8 returns the eight bytes of s at i as a little-endian word (the
// compiler turns it into one load).
func load8(s string, i int) uint64 {
	s = s[i : i+8]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// escapeMask marks with its top bit each of the eight bytes of x that may be
// a control character, '"' or '\\'. The lowest marked byte is always one
// (a false mark can only follow a true one), and every one is marked.
func escapeMask(x uint64) uint64 {
	q := x ^ 0x2222222222222222 // zero where a byte is '"'
	b := x ^ 0x5c5c5c5c5c5c5c5c // zero where a byte is '\\'
	return ((x-0x2020202020202020)&^x | (q-0x0101010101010101)&^q | (b-0x0101010101010101)&^b) & 0x8080808080808080
}

// longRun is how many plain bytes of a string scanString goes through
// eight at a time before it takes the string for a long one (longPlain).
const longRun = 128

// longPlain returns how many bytes at the start of s are neither a quote,
// a backslash nor a control character, for long strings: it finds the
// first quote and the first backslash before it with bytes.IndexByte,
// which tests many bytes at once, and then only has to look for control
// characters, 32 bytes at a time.
func longPlain(s []byte) int {
	n := len(s)
	if q := bytes.IndexByte(s, '"'); q >= 0 {
		n = q
	}
	if b := bytes.IndexByte(s[:n], '\\'); b >= 0 {
		n = b
	}
	k := 0
	for ; k+32 <= n; k += 32 {
		x0, x1 := binary.LittleEndian.Uint64(s[k:]), binary.LittleEndian.Uint64(s[k+8:])
		x2, x3 := binary.LittleEndian.Uint64(s[k+16:]), binary.LittleEndian.Uint64(s[k+24:])
		if (controls(x0)|controls(x1)|controls(x2)|controls(x3))&0x8080808080808080 != 0 {
			break
		}
	}
	for k < n && s[k] >= 0x20 {
		k++
	}
	return k
}

// controls marks with its top bit each byte of x below 0x20, and maybe
// some after the first (as escapeMask).
func controls(x uint64) uint64 { return (x - 0x2020202020202020) &^ x }
