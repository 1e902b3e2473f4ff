package htmldiff

import (
	"bufio"
	"bytes"
	"strings"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/alecthomas/chroma/v2/styles"

	"github.com/nbtools/nbdiff/diff"
	"github.com/nbtools/nbdiff/notebook"
)

// A tok is a piece of a line of code and its chroma class ("" for plain
// text).
type tok struct {
	cls, text string
}

// language returns the programming language of nb's code cells, as
// Jupyter reads it: metadata.kernelspec.language, else
// metadata.language_info.name, else python.
func language(nb *notebook.Notebook) string {
	if nb != nil {
		if l := nb.Metadata.Get("kernelspec").Get("language"); l != nil && l.Kind == notebook.String && l.Str != "" {
			return strings.ToLower(l.Str)
		}
		if l := nb.Metadata.Get("language_info").Get("name"); l != nil && l.Kind == notebook.String && l.Str != "" {
			return strings.ToLower(l.Str)
		}
	}
	return "python"
}

// lexerFor returns the chroma lexer of a language: this package's own for
// Python (see pythonLexer), chroma's for the others, Python's when chroma
// knows no lexer of that name.
func lexerFor(lang string) chroma.Lexer {
	switch lang {
	case "python", "python3", "ipython", "ipython3", "py":
		return pythonLexer{}
	}
	l := lexers.Get(lang)
	if l == nil {
		return pythonLexer{}
	}
	return chroma.Coalesce(l)
}

// tokenLines splits lines (each with its line end, as notebook.SplitLines
// gives them) into tokens with lexer, one slice per line, line ends left
// out. A lexer that fails, or whose tokens do not give the text back,
// leaves the lines plain.
func tokenLines(lexer chroma.Lexer, lines []string) [][]tok {
	if lexer == nil || len(lines) == 0 {
		return plainTokens(lines)
	}
	var src strings.Builder
	n := 0
	for _, l := range lines {
		n += len(l) + 1
	}
	src.Grow(n)
	for _, l := range lines {
		src.WriteString(trimEOL(l))
		src.WriteByte('\n')
	}
	it, err := lexer.Tokenise(nil, src.String())
	if err != nil {
		return plainTokens(lines)
	}
	// All tokens in one slice; each line's tokens are a part of it.
	all := make([]tok, 0, 4*len(lines))
	starts := make([]int, 1, len(lines)+1)
	for t := it(); t != chroma.EOF; t = it() {
		cls := chroma.StandardTypes[t.Type]
		if t.Type == chroma.Text || t.Type == chroma.TextWhitespace {
			cls = ""
		}
		for v := t.Value; v != ""; {
			part, rest, nl := strings.Cut(v, "\n")
			if part != "" {
				all = append(all, tok{cls, part})
			}
			if nl {
				starts = append(starts, len(all))
			}
			v = rest
		}
	}
	if len(starts) != len(lines)+1 {
		return plainTokens(lines)
	}
	out := make([][]tok, len(lines))
	for i, l := range lines {
		out[i] = all[starts[i]:starts[i+1]:starts[i+1]]
		if !joinsTo(out[i], trimEOL(l)) {
			return plainTokens(lines)
		}
	}
	return out
}

// joinsTo reports whether the texts of toks join to s.
func joinsTo(toks []tok, s string) bool {
	for _, t := range toks {
		if !strings.HasPrefix(s, t.text) {
			return false
		}
		s = s[len(t.text):]
	}
	return s == ""
}

// plainTokens returns lines as plain tokens, without highlighting.
func plainTokens(lines []string) [][]tok {
	all := make([]tok, len(lines))
	out := make([][]tok, len(lines))
	for i, l := range lines {
		all[i] = tok{"", trimEOL(l)}
		out[i] = all[i : i+1 : i+1]
	}
	return out
}

// writeLine writes the tokens of a line as HTML: each token of a class in
// a span of that class, the bytes in marks (sorted, not overlapping, none
// empty) in <mark> elements.
func writeLine(b *strings.Builder, toks []tok, marks []diff.Span) {
	off, m, in := 0, 0, false
	for _, t := range toks {
		s := t.text
		for s != "" {
			n := len(s)
			if m < len(marks) {
				if !in && marks[m].Start <= off {
					b.WriteString("<mark>")
					in = true
				}
				if in {
					n = min(n, marks[m].End-off)
				} else {
					n = min(n, marks[m].Start-off)
				}
			}
			if t.cls != "" {
				b.WriteString(`<span class="`)
				b.WriteString(t.cls)
				b.WriteString(`">`)
				escape(b, s[:n])
				b.WriteString("</span>")
			} else {
				escape(b, s[:n])
			}
			s, off = s[n:], off+n
			if in && off >= marks[m].End {
				b.WriteString("</mark>")
				in = false
				m++
			}
		}
	}
	if in {
		b.WriteString("</mark>")
	}
}

// escape writes s as HTML text.
func escape(b *strings.Builder, s string) {
	last := 0
	for i := 0; i < len(s); i++ {
		var r string
		switch s[i] {
		case '&':
			r = "&amp;"
		case '<':
			r = "&lt;"
		case '>':
			r = "&gt;"
		case '"':
			r = "&#34;"
		case '\'':
			r = "&#39;"
		case 0:
			r = "\uFFFD"
		default:
			continue
		}
		b.WriteString(s[last:i])
		b.WriteString(r)
		last = i + 1
	}
	b.WriteString(s[last:])
}

// escapeString returns s as HTML text.
func escapeString(s string) string {
	var b strings.Builder
	escape(&b, s)
	return b.String()
}

// tokenCSS returns the CSS of the chroma classes of code, in chroma's
// "github" style, scoped to elements of class "code".
func tokenCSS() string {
	var buf bytes.Buffer
	style := styles.Get("github")
	if err := chromahtml.New(chromahtml.WithClasses(true)).WriteCSS(&buf, style); err != nil {
		return ""
	}
	// Keep the rules of token classes; drop those of chroma's own
	// wrapper, line tables and background, and the white of white space.
	var out strings.Builder
	sc := bufio.NewScanner(&buf)
	for sc.Scan() {
		l := sc.Text()
		if i := strings.Index(l, "*/ "); i >= 0 {
			l = l[i+3:]
		}
		rest, ok := strings.CutPrefix(l, ".chroma .")
		if !ok {
			continue
		}
		cls, rule, _ := strings.Cut(rest, " ")
		switch cls {
		case "w", "err", "lnlinks", "lntd", "lntable", "hl", "lnt", "ln", "line", "cl":
			continue
		}
		out.WriteString(".code ." + cls + rule + "\n")
	}
	return out.String()
}

// trimEOL returns l without its line end.
func trimEOL(l string) string {
	for _, end := range []string{"\r\n", "\n", "\r", "\v", "\f", "\x1c", "\x1d", "\x1e", "\u0085", "\u2028", "\u2029"} {
		if strings.HasSuffix(l, end) {
			return l[:len(l)-len(end)]
		}
	}
	return l
}
