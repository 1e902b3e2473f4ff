// Package syntax colours the source of notebook cells for a terminal, for
// nbdiff's coloured diffs: it implements diff.Highlighter with scanners of
// its own and the colours of chroma's terminal formatters (terminal256, or
// terminal16m for terminals that show 24-bit colour).
//
// It does not link chroma: git runs nbdiff once per notebook, and
// chroma's package initialisation (its formatters, its regular-expression
// engine) cost about 2 ms and 0.6 MB of memory at every start. What
// chroma gives here is one escape sequence per kind of token, for a fixed
// palette (a dark one, close to monokai's): palette.go holds them,
// written by chroma's formatters themselves (go test -run Palette
// -update rewrites it; the test fails when it is out of date). Nor does
// it use chroma's lexers: see lexers.go.
package syntax

import (
	"strings"

	"github.com/nbtools/nbdiff/diff"
)

// A Highlighter colours sources. Its zero value is not usable: call New.
// A Highlighter is safe for use by one goroutine at a time.
type Highlighter struct {
	sgr  *[nKinds]string // the escape sequence of each kind
	toks []token         // scratch space
	// Two arenas of spans and lines, used in turns: a result stays valid
	// until the second call after it, which is what diff.Highlighter
	// asks, and a diff of a large notebook then allocates no spans
	// beyond the first few cells.
	arenas [2]arena
	turn   int
}

// An arena is the memory of one result of Highlight.
type arena struct {
	spans []diff.Span
	lines [][]diff.Span
}

// New returns a Highlighter writing 256-colour sequences, or 24-bit ones
// with trueColor.
func New(trueColor bool) *Highlighter {
	if trueColor {
		return &Highlighter{sgr: &sgr16m}
	}
	return &Highlighter{sgr: &sgr256}
}

// Known reports whether the Highlighter has a lexer for lang, a language
// as a notebook's metadata names it (kernelspec.language or
// language_info.name, any case).
func Known(lang string) bool { return lexerFor(lang) != nil }

// Highlight returns the lines of src, coloured as code in lang, as
// diff.Highlighter asks: split as notebook.SplitLines splits them, each
// as spans of text and SGR sequences (no background); nil when lang is
// not known, or src has line ends other than "\n" and "\r\n". The
// lines before from are lexed (a string may span lines) but left nil. The
// spans' texts share src's memory; the result stays valid until the
// second call after this one.
func (h *Highlighter) Highlight(lang, src string, from int) [][]diff.Span {
	lx := lexerFor(lang)
	if lx == nil || oddLineEnds(src) {
		return nil
	}
	h.toks = lx.tokens(src, h.toks[:0])
	ar := &h.arenas[h.turn]
	h.turn = 1 - h.turn
	lines := ar.lines[:0]
	// The spans of all lines share one array; a line is a piece of it.
	spans := ar.spans[:0]
	defer func() { ar.spans, ar.lines = spans[:0], lines[:0] }()
	first := 0              // the first span of the current line
	skip := from > 0        // the current line is before from: no spans
	s0, s1, sgr := 0, 0, "" // the span being grown: src[s0:s1] in sgr
	for _, t := range h.toks {
		start, end := int(t.start), int(t.end)
		for start < end {
			stop, eol := end, -1
			switch t.kind {
			case kNewline:
				stop, eol = start, end
			case kString, kBlockComment, kChar:
				if i := strings.IndexByte(src[start:end], '\n'); i >= 0 {
					stop, eol = start+i, start+i+1
				}
			}
			if start < stop && !skip {
				if c := h.sgr[t.kind]; c != sgr || start != s1 {
					if s1 > s0 {
						spans = append(spans, diff.Span{Text: src[s0:s1], SGR: sgr})
					}
					s0, sgr = start, c
				}
				s1 = stop
			}
			if eol < 0 {
				break
			}
			// The line ends at stop; a "\r" before a "\n" is part of
			// the line end.
			if s1 == stop && s1 > s0 && src[s1-1] == '\r' {
				s1--
			}
			if skip {
				lines = append(lines, nil)
				skip = len(lines) < from
			} else {
				if s1 > s0 {
					spans = append(spans, diff.Span{Text: src[s0:s1], SGR: sgr})
				}
				lines = append(lines, spans[first:len(spans):len(spans)])
			}
			first = len(spans)
			s0, s1, sgr = eol, eol, ""
			start = eol
		}
	}
	if !skip {
		if s1 > s0 {
			spans = append(spans, diff.Span{Text: src[s0:s1], SGR: sgr})
		}
		if len(spans) > first {
			lines = append(lines, spans[first:len(spans):len(spans)])
		}
	} else if len(src) > 0 && src[len(src)-1] != '\n' {
		lines = append(lines, nil)
	}
	return lines
}

// oddLineEnds reports whether src ends a line otherwise than with "\n"
// or "\r\n" (a lone "\r", "\v", "\f", "\x1c"-"\x1e", U+0085, U+2028,
// U+2029), which notebook.SplitLines would split at.
func oddLineEnds(src string) bool {
	for i := 0; i < len(src); i++ {
		switch src[i] {
		case '\r':
			if i+1 == len(src) || src[i+1] != '\n' {
				return true
			}
		case '\v', '\f', 0x1c, 0x1d, 0x1e:
			return true
		case 0xc2:
			if i+1 < len(src) && src[i+1] == 0x85 {
				return true
			}
		case 0xe2:
			if i+2 < len(src) && src[i+1] == 0x80 && (src[i+2] == 0xa8 || src[i+2] == 0xa9) {
				return true
			}
		}
	}
	return false
}
