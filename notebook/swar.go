package notebook

// Word-at-a-time scanning, shared by the decoder, the writer and the line
// splitter: eight bytes are tested at once while none of them needs a closer
// look (swar_test.go checks the scans against byte-by-byte references).

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
