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

// lexerFor returns the chroma lexer of a language (python when chroma
// knows no lexer of that name).
func lexerFor(lang string) chroma.Lexer {
	l := lexers.Get(lang)
	if l == nil {
		l = lexers.Get("python")
	}
	if l == nil {
		l = lexers.Fallback
	}
	return chroma.Coalesce(l)
}

// tokenLines splits lines (each with its line end, as notebook.SplitLines
// gives them) into tokens with lexer, one slice per line, line ends left
// out. A lexer that fails, or whose tokens do not give the text back,
// leaves the lines plain.
func tokenLines(lexer chroma.Lexer, lines []string) [][]tok {
	out := make([][]tok, len(lines))
	var src strings.Builder
	for _, l := range lines {
		src.WriteString(trimEOL(l))
		src.WriteByte('\n')
	}
	plain := func() [][]tok {
		for i, l := range lines {
			out[i] = []tok{{"", trimEOL(l)}}
		}
		return out
	}
	if lexer == nil || len(lines) == 0 {
		return plain()
	}
	it, err := lexer.Tokenise(nil, src.String())
	if err != nil {
		return plain()
	}
	k := 0
	for t := it(); t != chroma.EOF; t = it() {
		cls := chroma.StandardTypes[t.Type]
		if t.Type == chroma.Text || t.Type == chroma.TextWhitespace {
			cls = ""
		}
		v := t.Value
		for v != "" {
			if k >= len(lines) {
				return plain()
			}
			part, rest, nl := strings.Cut(v, "\n")
			if part != "" {
				out[k] = appendTok(out[k], tok{cls, part})
			}
			if nl {
				k++
			}
			v = rest
		}
	}
	for i, l := range lines {
		if joinToks(out[i]) != trimEOL(l) {
			return plain()
		}
	}
	return out
}

// appendTok appends t to toks, joined with the last token when they have
// the same class.
func appendTok(toks []tok, t tok) []tok {
	if n := len(toks); n > 0 && toks[n-1].cls == t.cls {
		toks[n-1].text += t.text
		return toks
	}
	return append(toks, t)
}

func joinToks(toks []tok) string {
	var b strings.Builder
	for _, t := range toks {
		b.WriteString(t.text)
	}
	return b.String()
}

// plainTokens returns lines as plain tokens, without highlighting.
func plainTokens(lines []string) [][]tok {
	out := make([][]tok, len(lines))
	for i, l := range lines {
		out[i] = []tok{{"", trimEOL(l)}}
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
