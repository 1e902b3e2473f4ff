// Package syntax colours the source of notebook cells for a terminal, for
// nbdiff's coloured diffs: it implements diff.Highlighter with chroma's
// lexer engine and its terminal formatters (terminal256, or terminal16m
// for terminals that show 24-bit colour).
//
// It links neither chroma's registry of lexers nor that of styles: both
// parse every definition they hold when the program starts (tens of
// milliseconds, at every start of nbdiff, which git runs once per
// notebook). The lexers here are small ones of its own for the languages
// notebooks are written in (Python, R, Julia), and so is the palette (a
// dark one, close to monokai's).
package syntax

import (
	"strings"
	"sync"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/formatters"

	"github.com/nbtools/nbdiff/diff"
)

// A Highlighter colours sources. Its zero value is not usable: call New.
// A Highlighter is safe for use by one goroutine at a time.
type Highlighter struct {
	formatter chroma.Formatter
	sgr       map[chroma.TokenType]string // built on first use
}

// New returns a Highlighter writing 256-colour sequences, or 24-bit ones
// with trueColor.
func New(trueColor bool) *Highlighter {
	f := formatters.TTY256
	if trueColor {
		f = formatters.TTY16m
	}
	return &Highlighter{formatter: f}
}

// Known reports whether the Highlighter has a lexer for lang, a language
// as a notebook's metadata names it (kernelspec.language or
// language_info.name, any case).
func Known(lang string) bool { return lexerFor(lang) != nil }

// Highlight returns the lines of src, coloured as code in lang, as
// diff.Highlighter asks: split as notebook.SplitLines splits them, each
// as spans of text and SGR sequences (no background); nil when lang is
// not known, or src has line ends other than "\n" and "\r\n".
func (h *Highlighter) Highlight(lang, src string) [][]diff.Span {
	lx := lexerFor(lang)
	if lx == nil || oddLineEnds(src) {
		return nil
	}
	if h.sgr == nil {
		h.sgr = h.table()
	}
	var lines [][]diff.Span
	var cur []diff.Span
	// Spans are pieces of src: each grows while its colour stays.
	s0, s1, sgr := 0, 0, ""
	flush := func() {
		if s1 > s0 {
			cur = append(cur, diff.Span{Text: src[s0:s1], SGR: sgr})
		}
	}
	add := func(t chroma.TokenType, start, end int) {
		if start == end {
			return
		}
		if c := h.sgr[t]; c != sgr || start != s1 {
			flush()
			s0, sgr = start, c
		}
		s1 = end
	}
	lineEnd := func(at int) {
		// The line ends at at ("\n"), a "\r" before it left out.
		if s1 == at && s1 > s0 && src[s1-1] == '\r' {
			s1--
		}
		flush()
		if cur == nil {
			cur = []diff.Span{}
		}
		lines = append(lines, cur)
		cur = nil
		s0, s1 = at+1, at+1
	}
	lx.tokens(src, func(t chroma.TokenType, start, end int) {
		for {
			i := strings.IndexByte(src[start:end], '\n')
			if i < 0 {
				add(t, start, end)
				return
			}
			add(t, start, start+i)
			lineEnd(start + i)
			start += i + 1
		}
	})
	if s1 > s0 || cur != nil {
		flush()
		lines = append(lines, cur)
	}
	return lines
}

// tokenTypes are the token types the lexers emit.
var tokenTypes = []chroma.TokenType{
	chroma.Text, chroma.CommentSingle, chroma.CommentMultiline, chroma.CommentPreproc,
	chroma.NameDecorator, chroma.LiteralNumber, chroma.LiteralString, chroma.LiteralStringChar,
	chroma.Name, chroma.NameFunction, chroma.NameBuiltin, chroma.NameBuiltinPseudo,
	chroma.Keyword, chroma.KeywordNamespace, chroma.KeywordConstant, chroma.Punctuation, chroma.Operator,
}

// table returns the SGR sequence of each token type, as the formatter
// writes it with the palette, without backgrounds. It runs the formatter
// once, on one token of each type: chroma's terminal formatters match the
// palette to the terminal's colours at each call, which costs more than
// colouring a cell.
func (h *Highlighter) table() map[chroma.TokenType]string {
	toks := make([]chroma.Token, len(tokenTypes))
	for k, t := range tokenTypes {
		toks[k] = chroma.Token{Type: t, Value: "\x00"}
	}
	var b strings.Builder
	out := map[chroma.TokenType]string{}
	if err := h.formatter.Format(&b, style(), chroma.Literator(toks...)); err != nil {
		return out
	}
	parts := strings.Split(b.String(), "\x00")
	for k, t := range tokenTypes {
		if k >= len(parts) {
			break
		}
		seq := strings.TrimPrefix(parts[k], "\x1b[0m")
		var keep strings.Builder
		for seq != "" {
			i := strings.IndexByte(seq, 'm')
			if i < 0 || !strings.HasPrefix(seq, "\x1b[") {
				break
			}
			if !isBackground(seq[:i+1]) {
				keep.WriteString(seq[:i+1])
			}
			seq = seq[i+1:]
		}
		out[t] = keep.String()
	}
	return out
}

// oddLineEnds reports whether src ends a line otherwise than with "\n"
// or "\r\n".
func oddLineEnds(src string) bool {
	const odd = "\r\v\f\x1c\x1d\x1e\u0085\u2028\u2029"
	return strings.ContainsAny(src, odd) && strings.ContainsAny(strings.ReplaceAll(src, "\r\n", "\n"), odd)
}

// isBackground reports whether the SGR sequence seq sets a background
// colour (40-49, 100-107, 48;...).
func isBackground(seq string) bool {
	p := strings.TrimSuffix(strings.TrimPrefix(seq, "\x1b["), "m")
	if strings.HasPrefix(p, "48;") {
		return true
	}
	return len(p) == 2 && p[0] == '4' || len(p) == 3 && p[0] == '1' && p[1] == '0'
}

var styleOnce = sync.OnceValue(func() *chroma.Style {
	return chroma.MustNewStyle("nbdiff", chroma.StyleEntries{
		chroma.Comment:               "#8a8a8a",
		chroma.CommentPreproc:        "#d787ff",
		chroma.Keyword:               "#66d9ef",
		chroma.KeywordNamespace:      "#f92672",
		chroma.KeywordConstant:       "#ae81ff",
		chroma.NameBuiltin:           "#66d9ef",
		chroma.NameBuiltinPseudo:     "#fd971f",
		chroma.NameFunction:          "#a6e22e",
		chroma.NameClass:             "#a6e22e",
		chroma.NameDecorator:         "#a6e22e",
		chroma.LiteralString:         "#e6db74",
		chroma.LiteralStringEscape:   "#ae81ff",
		chroma.LiteralStringInterpol: "#fd971f",
		chroma.LiteralNumber:         "#ae81ff",
		chroma.Operator:              "#f92672",
	})
})

func style() *chroma.Style { return styleOnce() }
