package gitcmd

import (
	"fmt"
	"strconv"
	"strings"
)

// DiffColors are git's colour slots of diffs (color.diff.<slot>, or the
// older diff.color.<slot>) as ANSI SGR sequences; "" for a slot that is
// not set. A slot set to "normal" (no colour) is "\x1b[m".
type DiffColors struct {
	Meta, Frag, Func, Old, New, Commit, Context string
}

// setSlot sets the slot that name (case-insensitive) names to sgr; it
// ignores names that are no slot.
func (c *DiffColors) setSlot(name, sgr string) {
	switch strings.ToLower(name) {
	case "meta":
		c.Meta = sgr
	case "frag":
		c.Frag = sgr
	case "func":
		c.Func = sgr
	case "old":
		c.Old = sgr
	case "new":
		c.New = sgr
	case "commit":
		c.Commit = sgr
	case "context", "plain":
		c.Context = sgr
	}
}

// ParseColor turns a colour as git's configuration writes it ("bold
// red", "#ff0000", "reverse", "blue black ul", "214", "brightgreen",
// "no-bold", "reset red") into one ANSI SGR sequence, as git's
// color_parse does: the first colour is the foreground, the second the
// background; attributes (bold, dim, italic, ul, blink, reverse, strike,
// each with a "no" or "no-" prefix to turn it off) and "reset" may stand
// anywhere. A value that sets nothing ("normal", "") gives "\x1b[m". A
// word git would reject is an error.
func ParseColor(value string) (string, error) {
	var attrs []string
	var fg, bg string
	nColors := 0
	reset := false
	for _, w := range strings.Fields(strings.ToLower(value)) {
		if w == "reset" {
			reset = true
			continue
		}
		if c, ok, err := parseColorWord(w); err != nil {
			return "", err
		} else if ok {
			switch nColors {
			case 0:
				fg = c.code(false)
			case 1:
				bg = c.code(true)
			default:
				return "", fmt.Errorf("invalid color value: %s (more than two colours)", value)
			}
			nColors++
			continue
		}
		if a, ok := colorAttr(w); ok {
			attrs = append(attrs, a)
			continue
		}
		return "", fmt.Errorf("invalid color value: %s", value)
	}
	var params []string
	if reset {
		params = append(params, "")
	}
	params = append(params, attrs...)
	if fg != "" {
		params = append(params, fg)
	}
	if bg != "" {
		params = append(params, bg)
	}
	if len(params) == 0 {
		return "\x1b[m", nil
	}
	return "\x1b[" + strings.Join(params, ";") + "m", nil
}

// A color is one colour word: an ANSI colour (0-7, bright 8-15), the
// terminal's default, a 256-colour index, a 24-bit colour, or "normal"
// (no change).
type color struct {
	kind    int // 0 normal, 1 ansi, 2 default, 3 index, 4 rgb
	n       int
	r, g, b int
}

// code returns the SGR parameters of c as foreground or background; ""
// for normal.
func (c color) code(bg bool) string {
	base := 30
	if bg {
		base = 40
	}
	switch c.kind {
	case 1:
		if c.n >= 8 {
			return strconv.Itoa(base + 60 + c.n - 8)
		}
		return strconv.Itoa(base + c.n)
	case 2:
		return strconv.Itoa(base + 9)
	case 3:
		return strconv.Itoa(base+8) + ";5;" + strconv.Itoa(c.n)
	case 4:
		return fmt.Sprintf("%d;2;%d;%d;%d", base+8, c.r, c.g, c.b)
	}
	return ""
}

var colorNames = []string{"black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"}

// parseColorWord reads w as a colour; ok is false when w is no colour
// (an attribute, maybe), err set when it looks like one but is not valid.
func parseColorWord(w string) (c color, ok bool, err error) {
	switch {
	case w == "normal":
		return color{}, true, nil
	case w == "default":
		return color{kind: 2}, true, nil
	case strings.HasPrefix(w, "#"):
		h := w[1:]
		if len(h) == 3 {
			h = string([]byte{h[0], h[0], h[1], h[1], h[2], h[2]})
		}
		v, perr := strconv.ParseUint(h, 16, 32)
		if len(h) != 6 || perr != nil {
			return c, false, fmt.Errorf("invalid color value: %s", w)
		}
		return color{kind: 4, r: int(v >> 16), g: int(v >> 8 & 0xff), b: int(v & 0xff)}, true, nil
	}
	if n, perr := strconv.Atoi(w); perr == nil {
		if n < -1 || n > 255 {
			return c, false, fmt.Errorf("invalid color value: %s", w)
		}
		if n == -1 {
			return color{}, true, nil
		}
		return color{kind: 3, n: n}, true, nil
	}
	bright := strings.HasPrefix(w, "bright")
	name := strings.TrimPrefix(w, "bright")
	for i, cn := range colorNames {
		if name == cn {
			if bright {
				i += 8
			}
			return color{kind: 1, n: i}, true, nil
		}
	}
	return c, false, nil
}

// colorAttr returns the SGR parameter of attribute word w.
func colorAttr(w string) (string, bool) {
	on := map[string]int{"bold": 1, "dim": 2, "italic": 3, "ul": 4, "blink": 5, "reverse": 7, "strike": 9}
	off := map[string]int{"bold": 22, "dim": 22, "italic": 23, "ul": 24, "blink": 25, "reverse": 27, "strike": 29}
	if n, ok := on[w]; ok {
		return strconv.Itoa(n), true
	}
	neg := strings.TrimPrefix(strings.TrimPrefix(w, "no"), "-")
	if strings.HasPrefix(w, "no") {
		if n, ok := off[neg]; ok {
			return strconv.Itoa(n), true
		}
	}
	return "", false
}
