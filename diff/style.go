package diff

import (
	"github.com/nbtools/nbdiff/notebook"
)

// This file colours the lines of a diff: git's colour slots, the words
// that changed inside a changed line, and the syntax colours of code that a
// Highlighter gives.

// Colors are the ANSI SGR sequences that colour the parts of a diff when
// RenderOptions.Color is set, as git's color.diff.<slot> settings name
// them. An empty field takes git's default: Meta bold, Frag cyan, Func and
// Context plain, Old red, New green.
//
// With syntax colouring, Old and New colour the +/- marker column only,
// and the text of a changed line keeps its syntax colours on the
// background OldLine or NewLine (the words that changed on OldWord or
// NewWord), as delta and bat show them; their defaults are dark red and
// green of the 256-colour palette.
type Colors struct {
	Meta    string // "diff --git", "---" and "+++" lines
	Frag    string // the "@@ -a,b +c,d @@" part of hunk headers
	Func    string // the cell's name after the @@ part
	Old     string // removed lines
	New     string // added lines
	Context string // context lines

	OldLine, NewLine string // backgrounds of changed lines with syntax colours
	OldWord, NewWord string // backgrounds of the changed words in them
}

// git's default colours, and the reset and reverse video sequences.
const (
	colorMeta  = "\x1b[1m"
	colorFrag  = "\x1b[36m"
	colorOld   = "\x1b[31m"
	colorNew   = "\x1b[32m"
	colorReset = "\x1b[m"
	wordOn     = "\x1b[7m"
	wordOff    = "\x1b[27m"
)

// withDefaults returns c with its empty fields set to the defaults.
func (c Colors) withDefaults() Colors {
	def := func(s *string, d string) {
		if *s == "" {
			*s = d
		}
	}
	def(&c.Meta, colorMeta)
	def(&c.Frag, colorFrag)
	def(&c.Old, colorOld)
	def(&c.New, colorNew)
	def(&c.OldLine, "\x1b[48;5;52m")
	def(&c.NewLine, "\x1b[48;5;22m")
	def(&c.OldWord, "\x1b[48;5;88m")
	def(&c.NewWord, "\x1b[48;5;28m")
	return c
}

// A Highlighter colours source code for a terminal. Package diff has no
// lexer of its own: the command passes one (RenderOptions.Syntax).
type Highlighter interface {
	// Highlight returns the lines of src, the source of a code cell in
	// language lang (as the notebook's metadata names it:
	// kernelspec.language, else language_info.name), split as
	// notebook.SplitLines splits them, each line as spans of its text
	// (line end left out) with the SGR sequences that colour them
	// (foreground, bold, italic, underline: no background). It returns
	// nil when it cannot colour lang or src. Lines before from (which
	// are not shown) may be nil: the lexer reads them, for a string may
	// span lines, but need not colour them. The result need only stay
	// valid until the second call after (the diff colours the old and
	// the new version of one cell at a time). It is called from one
	// goroutine at a time.
	Highlight(lang, src string, from int) [][]Span
}

// A Span is a piece of a line and the SGR sequence that colours it (""
// for none).
type Span struct {
	Text, SGR string
}

// language returns the programming language of nb's code cells, as its
// metadata names it, "" when it does not.
func language(nb *notebook.Notebook) string {
	if nb == nil {
		return ""
	}
	if l := nb.Metadata.Get("kernelspec").Get("language").Text(); l != "" {
		return l
	}
	return nb.Metadata.Get("language_info").Get("name").Text()
}

// syntaxLines returns the syntax colours of lines [from, upto) of cell c
// of nb, whose source is lines (the lines before from may be nil), or nil
// when there are none (no Highlighter, colour off, not a code cell, a
// language the Highlighter does not know). The lexer reads the source up
// to the end of those lines only.
func (p *printer) syntaxLines(nb *notebook.Notebook, c *notebook.Cell, lines []string, from, upto int) [][]Span {
	if p.syntax == nil || !p.color || c.Type != "code" || upto == 0 {
		return nil
	}
	lang := language(nb)
	if lang == "" {
		return nil
	}
	n := 0
	for _, l := range lines[:upto] {
		n += len(l)
	}
	if n > len(c.Source) {
		return nil // lines are not c's (they are SplitLines of its source)
	}
	spans := p.syntax.Highlight(lang, c.Source[:n], from)
	if len(spans) != upto {
		return nil // split otherwise than the diff's lines: no colours
	}
	return spans
}

// styled appends to sb the bytes l[lo:hi] of line l (without its line
// end) as a line of kind ' ' (context), '-' (removed) or '+' (added)
// shows them: with syntax colours (spans of the whole line) on the
// background of the kind, the changed words (byte ranges of l) on that of
// the kind's words. Without spans it appends the text with the changed
// words in reverse video and nothing else (the caller colours the line).
func (p *printer) styled(sb sink, l string, lo, hi int, kind byte, words [][2]int, spans []Span) {
	if spans == nil {
		at := lo
		for _, w := range words {
			s, e := max(w[0], lo), min(w[1], hi)
			if s >= e {
				continue
			}
			sb.WriteString(l[at:s])
			sb.WriteString(wordOn)
			sb.WriteString(l[s:e])
			sb.WriteString(wordOff)
			at = e
		}
		sb.WriteString(l[at:hi])
		return
	}
	bg, wordBG := "", ""
	switch kind {
	case '-':
		bg, wordBG = p.colors.OldLine, p.colors.OldWord
	case '+':
		bg, wordBG = p.colors.NewLine, p.colors.NewWord
	}
	pos, wk := 0, 0
	cur := "" // the SGR sequences in force
	for _, sp := range spans {
		start, end := pos, pos+len(sp.Text)
		pos = end
		if end <= lo || start >= hi {
			continue
		}
		start, end = max(start, lo), min(end, hi)
		for start < end {
			// The piece up to the next word boundary.
			for wk < len(words) && words[wk][1] <= start {
				wk++
			}
			inWord, stop := false, end
			if wk < len(words) {
				if words[wk][0] <= start {
					inWord, stop = true, min(end, words[wk][1])
				} else {
					stop = min(end, words[wk][0])
				}
			}
			back := bg
			if inWord {
				back = wordBG
			}
			if want := back + sp.SGR; want != cur {
				if cur != "" {
					sb.WriteString(colorReset)
				}
				sb.WriteString(want)
				cur = want
			}
			sb.WriteString(l[start:stop])
			start = stop
		}
	}
	if cur != "" {
		sb.WriteString(colorReset)
	}
}

// A sink is what styled writes to: the printer's buffered writer (whose
// errors stick until it is flushed), or a strings.Builder.
type sink interface {
	WriteString(string) (int, error)
	WriteByte(byte) error
}

// wordRanges returns the byte ranges of a and of b that hold the words
// that differ between the two lines, or nil, nil when the lines have no
// word in common (the whole lines are the change) or are too long.
func wordRanges(a, b string) (ra, rb [][2]int) {
	ta, tb := words(a), words(b)
	if len(ta) > maxWordTokens || len(tb) > maxWordTokens {
		return nil, nil
	}
	edits := wordEdits(ta, tb)
	if len(edits) == 1 && edits[0] == (Edit{0, len(ta), 0, len(tb)}) {
		return nil, nil
	}
	ranges := func(toks []string, start, end func(Edit) int) [][2]int {
		var out [][2]int
		off, i := 0, 0
		for _, e := range edits {
			for ; i < start(e); i++ {
				off += len(toks[i])
			}
			if start(e) < end(e) {
				s := off
				for ; i < end(e); i++ {
					off += len(toks[i])
				}
				out = append(out, [2]int{s, off})
			}
		}
		return out
	}
	ra = ranges(ta, func(e Edit) int { return e.AStart }, func(e Edit) int { return e.AEnd })
	rb = ranges(tb, func(e Edit) int { return e.BStart }, func(e Edit) int { return e.BEnd })
	return ra, rb
}

// maxWordGrid bounds the tokens old x new that wordEdits compares with a
// table; larger middles go to Strings.
const maxWordGrid = 4096

// wordEdits returns the edits that turn the words ta into tb: the common
// prefix and suffix trimmed, then a longest common subsequence of the
// middles, by a table when they are short (the usual line: cheaper than
// Strings, which sets up go-diff for each pair), else by Strings.
func wordEdits(ta, tb []string) []Edit {
	pre := 0
	for pre < len(ta) && pre < len(tb) && ta[pre] == tb[pre] {
		pre++
	}
	suf := 0
	for suf < len(ta)-pre && suf < len(tb)-pre && ta[len(ta)-1-suf] == tb[len(tb)-1-suf] {
		suf++
	}
	ma, mb := ta[pre:len(ta)-suf], tb[pre:len(tb)-suf]
	n, m := len(ma), len(mb)
	switch {
	case n == 0 && m == 0:
		return nil
	case n == 0 || m == 0 || n*m > maxWordGrid:
		if n == 0 || m == 0 {
			return []Edit{{pre, pre + n, pre, pre + m}}
		}
		return Strings(ta, tb)
	}
	// lcs[x*(m+1)+y] is the length of a longest common subsequence of
	// ma[x:] and mb[y:].
	w := m + 1
	lcs := make([]uint16, (n+1)*w)
	for x := n - 1; x >= 0; x-- {
		for y := m - 1; y >= 0; y-- {
			switch {
			case ma[x] == mb[y]:
				lcs[x*w+y] = lcs[(x+1)*w+y+1] + 1
			case lcs[(x+1)*w+y] >= lcs[x*w+y+1]:
				lcs[x*w+y] = lcs[(x+1)*w+y]
			default:
				lcs[x*w+y] = lcs[x*w+y+1]
			}
		}
	}
	var edits []Edit
	x, y := 0, 0
	for x < n || y < m {
		if x < n && y < m && ma[x] == mb[y] {
			x, y = x+1, y+1
			continue
		}
		e := Edit{pre + x, pre + x, pre + y, pre + y}
		for x < n || y < m {
			if x < n && y < m && ma[x] == mb[y] {
				break
			}
			if y == m || x < n && lcs[(x+1)*w+y] >= lcs[x*w+y+1] {
				x++
			} else {
				y++
			}
		}
		e.AEnd, e.BEnd = pre+x, pre+y
		edits = append(edits, e)
	}
	return edits
}
