package htmldiff

import (
	"sort"
	"strings"

	"github.com/alecthomas/chroma/v2"

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

// lexerFor returns the lexer of a language (see lexers.go): Python's, or
// the generic lexer of a language it knows the words of, or Python's when
// it knows none.
func lexerFor(lang string) chroma.Lexer {
	switch lang {
	case "python", "python2", "python3", "ipython", "ipython3", "py", "sage":
		return pythonLexer{}
	}
	if l, ok := scriptLexerFor(lang); ok {
		return l
	}
	return pythonLexer{}
}

// tokenLines splits lines (each with its line end, as notebook.SplitLines
// gives them) into tokens with lexer, one slice per line, line ends left
// out; classes gives each token type its class ("" or absent: plain), and
// neighbouring tokens of one class join. A lexer that fails, or whose
// tokens do not give the text back, leaves the lines plain.
func tokenLines(lexer chroma.Lexer, classes map[chroma.TokenType]string, lines []string) [][]tok {
	if lexer == nil || len(lines) == 0 {
		return plainTokens(lines)
	}
	var b strings.Builder
	n := 0
	for _, l := range lines {
		n += len(l) + 1
	}
	b.Grow(n)
	for _, l := range lines {
		b.WriteString(trimEOL(l))
		b.WriteByte('\n')
	}
	src := b.String()
	it, err := lexer.Tokenise(nil, src)
	if err != nil {
		return plainTokens(lines)
	}
	// All tokens in one slice, each a piece of src; each line's tokens
	// are a part of the slice.
	all := make([]tok, 0, len(lines)*4)
	starts := make([]int, 1, len(lines)+1)
	pos := 0
	for t := it(); t != chroma.EOF; t = it() {
		if !strings.HasPrefix(src[pos:], t.Value) {
			return plainTokens(lines)
		}
		cls := classes[t.Type]
		for v := t.Value; v != ""; {
			part, rest, nl := strings.Cut(v, "\n")
			if part != "" {
				if k := len(all); k > starts[len(starts)-1] && all[k-1].cls == cls {
					all[k-1].text = src[pos-len(all[k-1].text) : pos+len(part)]
				} else {
					all = append(all, tok{cls, src[pos : pos+len(part)]})
				}
				pos += len(part)
			}
			if nl {
				starts = append(starts, len(all))
				pos++
			}
			v = rest
		}
	}
	if len(starts) != len(lines)+1 || pos != len(src) {
		return plainTokens(lines)
	}
	out := make([][]tok, len(lines))
	for i := range lines {
		out[i] = all[starts[i]:starts[i+1]:starts[i+1]]
	}
	return out
}

// tokenStyle returns the CSS declarations of a token type, close to
// GitHub's light theme, or "" for one shown as plain text (most names,
// punctuation, white space: they need no span).
func tokenStyle(tt chroma.TokenType) string {
	switch {
	case tt == chroma.NameBuiltinPseudo:
		return "color:#6a737d"
	case tt.InCategory(chroma.Keyword):
		return "color:#cf222e"
	case tt == chroma.NameBuiltin || tt == chroma.NameFunction || tt == chroma.NameFunctionMagic:
		return "color:#6639ba"
	case tt == chroma.NameClass || tt.InSubCategory(chroma.NameVariable):
		return "color:#953800"
	case tt == chroma.NameDecorator || tt == chroma.NameConstant || tt == chroma.NameTag:
		return "color:#0550ae"
	case tt.InSubCategory(chroma.LiteralString):
		return "color:#0a3069"
	case tt.InSubCategory(chroma.LiteralNumber) || tt.InCategory(chroma.Operator):
		return "color:#0550ae"
	case tt.InCategory(chroma.Comment):
		return "color:#57606a;font-style:italic"
	case tt == chroma.GenericDeleted:
		return "color:#82071e;background-color:#ffebe9"
	case tt == chroma.GenericInserted:
		return "color:#116329;background-color:#dafbe1"
	case tt == chroma.GenericHeading || tt == chroma.GenericStrong:
		return "font-weight:bold"
	case tt == chroma.GenericEmph:
		return "font-style:italic"
	}
	return ""
}

// tokenClasses returns the class of each token type that tokenStyle
// styles: chroma's short name of the type.
func tokenClasses() map[chroma.TokenType]string {
	m := map[chroma.TokenType]string{}
	for tt, cls := range chroma.StandardTypes {
		if cls != "" && tokenStyle(tt) != "" {
			m[tt] = cls
		}
	}
	return m
}

// tokenCSS returns the CSS of the token classes, scoped to elements of
// class "code", sorted.
func tokenCSS() string {
	var rules []string
	for tt, cls := range tokenClasses() {
		rules = append(rules, ".code ."+cls+"{"+tokenStyle(tt)+"}")
	}
	sort.Strings(rules)
	return strings.Join(rules, "\n") + "\n"
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
func writeLine(b *strings.Builder, toks []tok, marks []diff.Range) {
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

// trimEOL returns l without its line end.
func trimEOL(l string) string {
	for _, end := range []string{"\r\n", "\n", "\r", "\v", "\f", "\x1c", "\x1d", "\x1e", "\u0085", "\u2028", "\u2029"} {
		if strings.HasSuffix(l, end) {
			return l[:len(l)-len(end)]
		}
	}
	return l
}
