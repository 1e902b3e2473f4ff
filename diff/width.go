package diff

// This file measures text in terminal columns, for RenderOptions.Width.

// textWidth returns the columns s takes on a terminal: one per character,
// two for wide ones (see runeWidth). Escape sequences are not skipped:
// measure text before colouring it.
func textWidth(s string) int {
	n := 0
	for _, r := range s {
		n += runeWidth(r)
	}
	return n
}

// runeWidth returns the columns r takes: 0 for combining marks and
// zero-width characters, 2 for East Asian wide and full-width characters
// and most emoji, 1 otherwise. (The ranges are the usual approximation of
// Unicode's East Asian Width; a character outside them counts as 1.)
func runeWidth(r rune) int {
	switch {
	case r < 0x300:
		return 1
	case r >= 0x300 && r <= 0x36f, r >= 0x200b && r <= 0x200f, r == 0xfeff, r >= 0xfe00 && r <= 0xfe0f:
		return 0
	case r >= 0x1100 && r <= 0x115f, r >= 0x2e80 && r <= 0x303e, r >= 0x3041 && r <= 0x33ff,
		r >= 0x3400 && r <= 0x4dbf, r >= 0x4e00 && r <= 0x9fff, r >= 0xa000 && r <= 0xa4cf,
		r >= 0xac00 && r <= 0xd7a3, r >= 0xf900 && r <= 0xfaff, r >= 0xfe30 && r <= 0xfe4f,
		r >= 0xff00 && r <= 0xff60, r >= 0xffe0 && r <= 0xffe6, r >= 0x1f300 && r <= 0x1f64f,
		r >= 0x1f900 && r <= 0x1f9ff, r >= 0x20000 && r <= 0x3fffd:
		return 2
	}
	return 1
}

// ellipsis ends text cut to a width.
const ellipsis = "..."

// cutToWidth returns s when it fits in w columns, else its longest
// prefix that fits in w-3 columns followed by "...". A w of 0 or less
// means no limit.
func cutToWidth(s string, w int) string {
	if w <= 0 || textWidth(s) <= w {
		return s
	}
	limit := w - len(ellipsis)
	n := 0
	for i, r := range s {
		rw := runeWidth(r)
		if n+rw > limit {
			return s[:i] + ellipsis
		}
		n += rw
	}
	return s
}
