package htmldiff

import (
	"strconv"
	"strings"
)

// ansiState is the graphic rendition that ANSI SGR sequences set.
type ansiState struct {
	fg, bg          int    // palette colour 0-15, -1 for the default
	fgRGB, bgRGB    string // a 256-colour or true colour as CSS, "" for none
	bold, underline bool
}

func (s ansiState) plain() bool {
	return s.fg < 0 && s.bg < 0 && s.fgRGB == "" && s.bgRGB == "" && !s.bold && !s.underline
}

// writeANSI writes text as HTML, turning the colours and weights of ANSI
// SGR sequences (ESC [ ... m) into spans (classes af0-af15 and ab0-ab15
// for the 16 colours, abold and aul, an inline style for 256 and true
// colours) and dropping every other escape sequence, as Jupyter shows
// tracebacks and coloured streams.
func writeANSI(b *strings.Builder, text string) {
	st := ansiState{fg: -1, bg: -1}
	open := false
	for text != "" {
		i := strings.IndexByte(text, 0x1b)
		if i < 0 {
			escape(b, text)
			break
		}
		escape(b, text[:i])
		text = text[i+1:]
		if strings.HasPrefix(text, "]") {
			// An operating system command (a window title): up to BEL or
			// ESC \, dropped.
			end := strings.IndexAny(text, "\a\x1b")
			if end < 0 {
				break
			}
			if text[end] == 0x1b && strings.HasPrefix(text[end:], "\x1b\\") {
				end++
			}
			text = text[end+1:]
			continue
		}
		if !strings.HasPrefix(text, "[") {
			// ESC followed by one character: drop both.
			if text != "" {
				text = text[1:]
			}
			continue
		}
		// A control sequence: parameters, intermediates, a final byte.
		j := 1
		for j < len(text) && text[j] >= 0x20 && text[j] <= 0x3f {
			j++
		}
		if j >= len(text) {
			break
		}
		final, params := text[j], text[1:j]
		text = text[j+1:]
		if final != 'm' {
			continue
		}
		next := st.apply(params)
		if next == st {
			continue
		}
		if open {
			b.WriteString("</span>")
			open = false
		}
		st = next
		if !st.plain() {
			b.WriteString(st.span())
			open = true
		}
	}
	if open {
		b.WriteString("</span>")
	}
}

// apply returns s changed by the parameters of one SGR sequence.
func (s ansiState) apply(params string) ansiState {
	if params == "" {
		params = "0"
	}
	ps := strings.FieldsFunc(params, func(r rune) bool { return r == ';' || r == ':' })
	for k := 0; k < len(ps); k++ {
		n, err := strconv.Atoi(ps[k])
		if err != nil {
			continue
		}
		switch {
		case n == 0:
			s = ansiState{fg: -1, bg: -1}
		case n == 1:
			s.bold = true
		case n == 4:
			s.underline = true
		case n == 22:
			s.bold = false
		case n == 24:
			s.underline = false
		case n >= 30 && n <= 37:
			s.fg, s.fgRGB = n-30, ""
		case n >= 90 && n <= 97:
			s.fg, s.fgRGB = n-90+8, ""
		case n == 39:
			s.fg, s.fgRGB = -1, ""
		case n >= 40 && n <= 47:
			s.bg, s.bgRGB = n-40, ""
		case n >= 100 && n <= 107:
			s.bg, s.bgRGB = n-100+8, ""
		case n == 49:
			s.bg, s.bgRGB = -1, ""
		case n == 38 || n == 48:
			css, used := extendedColour(ps[k+1:])
			k += used
			if css == "" {
				continue
			}
			if n == 38 {
				s.fg, s.fgRGB = -1, css
			} else {
				s.bg, s.bgRGB = -1, css
			}
		}
	}
	return s
}

// extendedColour reads the colour after 38 or 48 (5;N or 2;R;G;B) and
// returns it as CSS and the number of parameters it used.
func extendedColour(ps []string) (string, int) {
	num := func(k int) (int, bool) {
		if k >= len(ps) {
			return 0, false
		}
		n, err := strconv.Atoi(ps[k])
		return n, err == nil && n >= 0 && n <= 255
	}
	mode, ok := num(0)
	if !ok {
		return "", len(ps)
	}
	switch mode {
	case 5:
		n, ok := num(1)
		if !ok {
			return "", 2
		}
		if n < 16 {
			return ansiPalette[n], 2
		}
		if n >= 232 {
			g := 8 + (n-232)*10
			return rgb(g, g, g), 2
		}
		n -= 16
		level := func(v int) int {
			if v == 0 {
				return 0
			}
			return 55 + v*40
		}
		return rgb(level(n/36), level(n/6%6), level(n%6)), 2
	case 2:
		r, ok1 := num(1)
		g, ok2 := num(2)
		bl, ok3 := num(3)
		if !ok1 || !ok2 || !ok3 {
			return "", min(4, len(ps))
		}
		return rgb(r, g, bl), 4
	}
	return "", 1
}

func rgb(r, g, b int) string {
	return "rgb(" + strconv.Itoa(r) + "," + strconv.Itoa(g) + "," + strconv.Itoa(b) + ")"
}

// span returns the opening span tag of s.
func (s ansiState) span() string {
	var cls []string
	if s.fg >= 0 {
		cls = append(cls, "af"+strconv.Itoa(s.fg))
	}
	if s.bg >= 0 {
		cls = append(cls, "ab"+strconv.Itoa(s.bg))
	}
	if s.bold {
		cls = append(cls, "abold")
	}
	if s.underline {
		cls = append(cls, "aul")
	}
	out := "<span"
	if len(cls) > 0 {
		out += ` class="` + strings.Join(cls, " ") + `"`
	}
	var style []string
	if s.fgRGB != "" {
		style = append(style, "color:"+s.fgRGB)
	}
	if s.bgRGB != "" {
		style = append(style, "background-color:"+s.bgRGB)
	}
	if len(style) > 0 {
		out += ` style="` + strings.Join(style, ";") + `"`
	}
	return out + ">"
}

// ansiPalette are the 16 colours of the terminal, as Jupyter's
// stylesheet gives them.
var ansiPalette = [16]string{
	"#3e424d", "#e75c58", "#00a250", "#ddb62b", "#208ffb", "#d160c4", "#60c6c8", "#c5c1b4",
	"#282c36", "#b22b31", "#007427", "#b27d12", "#0065ca", "#a03196", "#258f8f", "#a1a6b2",
}

// ansiCSS returns the CSS of the classes writeANSI uses.
func ansiCSS() string {
	var b strings.Builder
	for i, c := range ansiPalette {
		n := strconv.Itoa(i)
		b.WriteString(".af" + n + "{color:" + c + "}.ab" + n + "{background-color:" + c + "}")
	}
	b.WriteString(".abold{font-weight:bold}.aul{text-decoration:underline}\n")
	return b.String()
}
