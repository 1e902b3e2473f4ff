package notebook

import (
	"iter"
	"math/bits"
	"strings"
)

// SplitLines splits s the way Python's str.splitlines(True) does: after
// "\n", "\r\n", "\r", "\v", "\f", "\x1c", "\x1d", "\x1e", U+0085, U+2028
// and U+2029, each line keeping its line end. An empty s gives nil.
func SplitLines(s string) []string {
	if s == "" {
		return nil
	}
	// Counted first, so that the lines take one allocation of the right
	// size (finding line ends is a fast scan; growing the slice is not).
	n := 0
	for t := s; len(t) > 0; n++ {
		t = t[nextLine(t):]
	}
	lines := make([]string, 0, n)
	for len(s) > 0 {
		n := nextLine(s)
		lines = append(lines, s[:n])
		s = s[n:]
	}
	return lines
}

// LinesOf yields the lines of s as SplitLines gives them, without making
// the slice.
func LinesOf(s string) iter.Seq[string] {
	return func(yield func(string) bool) {
		for len(s) > 0 {
			n := nextLine(s)
			if !yield(s[:n]) {
				return
			}
			s = s[n:]
		}
	}
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
		// Eight bytes at a time while all are printable ASCII: every line
		// end is a control character or starts with 0xc2 or 0xe2.
		for i+8 <= len(s) {
			x := load8(s, i)
			if m := ((x - 0x2020202020202020) | x) & 0x8080808080808080; m != 0 {
				// the lowest marked byte is a control character or
				// not ASCII: look at it
				i += bits.TrailingZeros64(m) >> 3
				break
			}
			i += 8
		}
		if i >= len(s) {
			break
		}
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
