package syntax

import (
	"strings"
	"sync"
)

// A kind is a kind of token the scanners emit; palette_test.go maps it to
// chroma's token type, whose colour it takes.
type kind uint8

// The kinds of token. kNewline is a line end ("\n" or "\r\n") of its
// own; strings and block comments may hold line ends too.
const (
	kText kind = iota
	kNewline
	kComment
	kBlockComment
	kMagic
	kDecorator
	kNumber
	kString
	kChar
	kName
	kFunction
	kBuiltin
	kPseudo
	kKeyword
	kNamespace
	kConstant
	kPunct
	kOperator
	nKinds
)

// The lexers here are scanners, not chroma's regular-expression lexers:
// those match a list of expressions at each position and colour well
// under a megabyte a second, which a coloured diff of a large notebook
// cannot afford. A scanner reads each byte about once. The kinds of token
// are chroma's, and so are their colours.

// A lang describes a language to the scanner.
type lang struct {
	lineComment  string // starts a comment to the end of the line
	blockComment [2]string
	tripleQuotes bool   // """ and ''' strings (as quotes allows)
	quotes       string // characters that open a string
	charQuote    byte   // opens a character literal ('x'), not a string
	prefixes     string // letters that may prefix a string (r"", f"")
	multiline    bool   // strings may span lines without triple quotes
	magics       bool   // IPython's %magic and !shell lines
	decorator    bool   // @name
	identExtra   string // characters of identifiers beside letters, digits, '_'
	words        map[string]kind
	defines      map[string]bool // keywords after which a name is a function or class
}

// words returns a map of each word of list to t.
func words(m map[string]kind, t kind, list string) map[string]kind {
	if m == nil {
		m = map[string]kind{}
	}
	for _, w := range strings.Fields(list) {
		m[w] = t
	}
	return m
}

// The languages are made when first asked for: their tables of words cost
// every start of nbdiff 0.1-0.2 ms of package initialisation
// (GODEBUG=inittrace=1), and many runs colour no code (the textconv and
// the clean filter, which git runs once per file, and every diff written
// without colours).

var python = sync.OnceValue(func() *lang {
	return &lang{
		lineComment:  "#",
		tripleQuotes: true,
		quotes:       `"'`,
		prefixes:     "rRbBuUfF",
		magics:       true,
		decorator:    true,
		words: words(words(words(words(words(nil,
			kKeyword, "and as assert async await break continue def del elif else except finally for global if in is lambda nonlocal not or pass raise return try while with yield class match case"),
			kNamespace, "import from"),
			kConstant, "True False None"),
			kPseudo, "self cls"),
			kBuiltin, "abs all any bool dict enumerate filter float getattr hasattr int isinstance len list map max min open print range round set sorted str sum super tuple type zip"),
		defines: map[string]bool{"def": true, "class": true},
	}
})

var rLang = sync.OnceValue(func() *lang {
	return &lang{
		lineComment: "#",
		quotes:      `"'`,
		multiline:   true,
		identExtra:  ".",
		words: words(words(words(nil,
			kKeyword, "function if else for while repeat break next return in"),
			kNamespace, "library require"),
			kConstant, "TRUE FALSE NULL NA NA_integer_ NA_real_ NA_character_ Inf NaN T F"),
	}
})

var julia = sync.OnceValue(func() *lang {
	return &lang{
		lineComment:  "#",
		blockComment: [2]string{"#=", "=#"},
		tripleQuotes: true,
		quotes:       `"`,
		charQuote:    '\'',
		multiline:    true,
		decorator:    true,
		identExtra:   "!",
		words: words(words(words(nil,
			kKeyword, "begin end function macro return if elseif else for while do let local global const struct mutable abstract type try catch finally break continue quote in where"),
			kNamespace, "using import export module"),
			kConstant, "true false nothing missing Inf NaN"),
		defines: map[string]bool{"function": true, "macro": true, "struct": true},
	}
})

// lexerFor returns the language of lang (any case), nil when there is none.
func lexerFor(name string) *lang {
	switch strings.ToLower(strings.TrimSpace(name)) {
	case "python", "python2", "python3", "ipython", "ipython2", "ipython3", "py":
		return python()
	case "r":
		return rLang()
	case "julia", "jl":
		return julia()
	}
	return nil
}

// The classes of bytes the scanners tell apart.
const (
	cOther = iota
	cLetter
	cDigit
	cPunct
	cOperator
)

// class is the class of each byte: letters are ASCII letters, '_' and
// every byte of a character beyond ASCII.
var class = func() (t [256]uint8) {
	for c := 0; c < 256; c++ {
		switch {
		case c == '_' || c >= 0x80 || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z':
			t[c] = cLetter
		case '0' <= c && c <= '9':
			t[c] = cDigit
		case strings.IndexByte("()[]{},;", byte(c)) >= 0:
			t[c] = cPunct
		case strings.IndexByte("+-*/%&|^~<>=!:$?.\\", byte(c)) >= 0:
			t[c] = cOperator
		}
	}
	return t
}()

func isIdentStart(c byte) bool { return class[c] == cLetter }

func isDigit(c byte) bool { return class[c] == cDigit }

// A token is a piece src[start:end] of a source, of a kind.
type token struct {
	kind       kind
	start, end int32
}

// tokens appends the tokens of src to toks and returns them: their pieces
// join to src. Line ends are tokens of their own (kNewline), or inside
// strings and comments that span lines. Sources must be shorter than 2
// GiB.
func (l *lang) tokens(src string, toks []token) []token {
	emit := func(k kind, start, end int) { toks = append(toks, token{k, int32(start), int32(end)}) }
	lineStart := true // only white space since the last line end
	define := false   // the next name is being defined
	ident := func(c byte) bool {
		k := class[c]
		return k == cLetter || k == cDigit || l.identExtra != "" && strings.IndexByte(l.identExtra, c) >= 0
	}
	for i := 0; i < len(src); {
		c := src[i]
		start := i
		switch {
		case c == '\n':
			emit(kNewline, start, start+1)
			i++
			lineStart = true
			continue
		case c == ' ' || c == '\t' || c == '\r':
			for i < len(src) && (src[i] == ' ' || src[i] == '\t' || src[i] == '\r' && i+1 < len(src) && src[i+1] != '\n') {
				i++
			}
			if i == start { // "\r\n"
				i += 2
				emit(kNewline, start, i)
				lineStart = true
				continue
			}
			emit(kText, start, i)
			continue
		case l.blockComment[0] != "" && c == l.blockComment[0][0] && strings.HasPrefix(src[i:], l.blockComment[0]):
			end := strings.Index(src[i+len(l.blockComment[0]):], l.blockComment[1])
			if end < 0 {
				i = len(src)
			} else {
				i += len(l.blockComment[0]) + end + len(l.blockComment[1])
			}
			emit(kBlockComment, start, i)
		case c == l.lineComment[0] && strings.HasPrefix(src[i:], l.lineComment):
			i = lineEnd(src, i)
			emit(kComment, start, i)
		case l.magics && lineStart && (c == '%' || c == '!'):
			i = lineEnd(src, i)
			emit(kMagic, start, i)
		case l.decorator && c == '@' && i+1 < len(src) && isIdentStart(src[i+1]):
			i++
			for i < len(src) && (ident(src[i]) || src[i] == '.') {
				i++
			}
			emit(kDecorator, start, i)
		case isDigit(c) || c == '.' && i+1 < len(src) && isDigit(src[i+1]):
			for i < len(src) {
				d := src[i]
				if isDigit(d) || isIdentStart(d) && d < 0x80 || d == '.' && !(i+1 < len(src) && src[i+1] == '.') {
					i++
				} else if (d == '+' || d == '-') && (src[i-1] == 'e' || src[i-1] == 'E') && !strings.HasPrefix(src[start:], "0x") {
					i++
				} else {
					break
				}
			}
			emit(kNumber, start, i)
		case strings.IndexByte(l.quotes, c) >= 0:
			i = l.stringEnd(src, i)
			emit(kString, start, i)
		case l.charQuote != 0 && c == l.charQuote && i+2 < len(src) && (src[i+2] == c || src[i+1] == '\\'):
			i++
			if src[i] == '\\' {
				i++
			}
			for i < len(src) && src[i] != c && src[i] != '\n' {
				i++
			}
			if i < len(src) && src[i] == c {
				i++
			}
			emit(kChar, start, i)
		case isIdentStart(c):
			for i < len(src) && ident(src[i]) {
				i++
			}
			// A string prefix: r"...", f'...'.
			if l.prefixes != "" && i < len(src) && i-start <= 2 && strings.IndexByte(l.quotes, src[i]) >= 0 && allIn(src[start:i], l.prefixes) {
				i = l.stringEnd(src, i)
				emit(kString, start, i)
				break
			}
			w := src[start:i]
			t, ok := l.words[w]
			switch {
			case define:
				t, define = kFunction, false
			case !ok:
				t = kName
			}
			if l.defines[w] {
				define = true
			}
			emit(t, start, i)
		case class[c] == cPunct:
			i++
			emit(kPunct, start, i)
		case class[c] == cOperator:
			for i < len(src) && class[src[i]] == cOperator {
				i++
			}
			emit(kOperator, start, i)
		default:
			i++
			for i < len(src) && src[i] >= 0x80 && src[i] < 0xc0 { // the rest of a character
				i++
			}
			emit(kText, start, i)
		}
		lineStart = false
	}
	return toks
}

// allIn reports whether every byte of s is in set.
func allIn(s, set string) bool {
	for i := 0; i < len(s); i++ {
		if strings.IndexByte(set, s[i]) < 0 {
			return false
		}
	}
	return true
}

// lineEnd returns the offset of the line end at or after i ("\r\n" or
// "\n"), or len(src).
func lineEnd(src string, i int) int {
	if j := strings.IndexByte(src[i:], '\n'); j >= 0 {
		if j > 0 && src[i+j-1] == '\r' {
			j--
		}
		return i + j
	}
	return len(src)
}

// stringEnd returns the offset after the string that starts with the
// quote at i: triple-quoted strings end at the same three quotes, others
// at their quote or, unless strings span lines, at the line end; a
// backslash escapes the next character.
func (l *lang) stringEnd(src string, i int) int {
	q := src[i]
	if l.tripleQuotes && strings.HasPrefix(src[i:], strings.Repeat(string(q), 3)) {
		close := strings.Repeat(string(q), 3)
		for j := i + 3; j < len(src); j++ {
			switch {
			case src[j] == '\\':
				j++
			case strings.HasPrefix(src[j:], close):
				return j + 3
			}
		}
		return len(src)
	}
	for j := i + 1; j < len(src); j++ {
		switch src[j] {
		case '\\':
			if j+1 < len(src) && src[j+1] == '\n' && !l.multiline {
				return j + 1
			}
			j++
		case q:
			return j + 1
		case '\n':
			if !l.multiline {
				return j
			}
		}
	}
	return len(src)
}
