package htmldiff

import (
	"strings"

	"github.com/alecthomas/chroma/v2"
)

// pythonLexer is a chroma lexer of Python (and IPython cells) written by
// hand: one pass over the text, giving the token types chroma's own
// Python lexer gives for the common cases (keywords, builtins, strings
// with their prefixes, numbers, comments, decorators, the names that def
// and class introduce). chroma's lexer is made of regular expressions
// tried one after the other at every position, which is slow on a page of
// many changed cells; Python is the language of most notebooks, so it
// gets this one. Other languages use chroma's.
type pythonLexer struct{}

func (pythonLexer) Config() *chroma.Config {
	return &chroma.Config{Name: "Python", Aliases: []string{"python", "py", "ipython", "python3"}}
}

func (l pythonLexer) SetRegistry(*chroma.LexerRegistry) chroma.Lexer { return l }

func (l pythonLexer) SetAnalyser(func(string) float32) chroma.Lexer { return l }

func (pythonLexer) AnalyseText(string) float32 { return 0 }

// Tokenise returns the tokens of text; they join to text.
func (pythonLexer) Tokenise(_ *chroma.TokeniseOptions, text string) (chroma.Iterator, error) {
	return chroma.Literator(pythonTokens(text)...), nil
}

// pyKeywords are the token types of Python's reserved and builtin names.
var pyKeywords = func() map[string]chroma.TokenType {
	m := map[string]chroma.TokenType{
		"and": chroma.OperatorWord, "in": chroma.OperatorWord, "is": chroma.OperatorWord, "not": chroma.OperatorWord, "or": chroma.OperatorWord,
		"True": chroma.KeywordConstant, "False": chroma.KeywordConstant, "None": chroma.KeywordConstant,
		"import": chroma.KeywordNamespace, "from": chroma.KeywordNamespace,
		"self": chroma.NameBuiltinPseudo, "cls": chroma.NameBuiltinPseudo,
	}
	for _, k := range strings.Fields("as assert async await break class continue def del elif else except finally for global if lambda nonlocal pass raise return try while with yield") {
		m[k] = chroma.Keyword
	}
	for _, b := range strings.Fields("abs all any ascii bin bool breakpoint bytearray bytes callable chr classmethod compile complex delattr dict dir divmod enumerate eval exec filter float format frozenset getattr globals hasattr hash help hex id input int isinstance issubclass iter len list locals map max memoryview min next object oct open ord pow print property range repr reversed round set setattr slice sorted staticmethod str sum super tuple type vars zip") {
		m[b] = chroma.NameBuiltin
	}
	return m
}()

// pythonTokens splits text into typed tokens.
func pythonTokens(text string) []chroma.Token {
	out := make([]chroma.Token, 0, len(text)/3)
	last := 0 // where the last token starts
	emit := func(t chroma.TokenType, s string) {
		// Tokens are consecutive pieces of text: one of the type of the
		// last grows it to its end, without copying.
		if n := len(out); n > 0 && out[n-1].Type == t {
			out[n-1].Value = text[last : last+len(out[n-1].Value)+len(s)]
			return
		}
		if n := len(out); n > 0 {
			last += len(out[n-1].Value)
		}
		out = append(out, chroma.Token{Type: t, Value: s})
	}
	next := chroma.Name // the type of the next name (after def or class)
	for i := 0; i < len(text); {
		c := text[i]
		switch {
		case c == '\n' || c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v':
			j := i + 1
			for j < len(text) && (text[j] == ' ' || text[j] == '\t' || text[j] == '\n' || text[j] == '\r') {
				j++
			}
			emit(chroma.TextWhitespace, text[i:j])
			i = j
		case c == '#':
			j := strings.IndexByte(text[i:], '\n')
			if j < 0 {
				j = len(text) - i
			}
			emit(chroma.CommentSingle, text[i:i+j])
			i += j
		case c == '"' || c == '\'':
			j := pyString(text, i)
			emit(stringType(text[i]), text[i:j])
			i = j
		case isDigit(c) || c == '.' && i+1 < len(text) && isDigit(text[i+1]):
			j, t := pyNumber(text, i)
			emit(t, text[i:j])
			i = j
		case isIdentStart(c):
			j := i + 1
			for j < len(text) && isIdentByte(text[j]) {
				j++
			}
			word := text[i:j]
			if j < len(text) && (text[j] == '"' || text[j] == '\'') && isStringPrefix(word) {
				k := pyString(text, j)
				emit(chroma.LiteralStringAffix, word)
				emit(stringType(text[j]), text[j:k])
				i = k
				continue
			}
			t, ok := pyKeywords[word]
			switch {
			case next != chroma.Name:
				t, next = next, chroma.Name
			case !ok:
				t = chroma.Name
			case word == "def":
				next = chroma.NameFunction
			case word == "class":
				next = chroma.NameClass
			}
			emit(t, word)
			i = j
		case c == '@' && (i == 0 || text[i-1] == '\n' || strings.TrimSpace(text[strings.LastIndexByte(text[:i], '\n')+1:i]) == ""):
			j := i + 1
			for j < len(text) && (isIdentByte(text[j]) || text[j] == '.') {
				j++
			}
			emit(chroma.NameDecorator, text[i:j])
			i = j
		case strings.IndexByte("()[]{},:;.", c) >= 0:
			emit(chroma.Punctuation, text[i:i+1])
			i++
		case strings.IndexByte("+-*/%=<>!&|^~@", c) >= 0:
			emit(chroma.Operator, text[i:i+1])
			i++
		default:
			// Other bytes (non-ASCII letters start names too).
			j := i + 1
			for j < len(text) && text[j] >= 0x80 {
				j++
			}
			if c >= 0x80 {
				for j < len(text) && isIdentByte(text[j]) {
					j++
				}
				emit(chroma.Name, text[i:j])
			} else {
				emit(chroma.Text, text[i:j])
			}
			i = j
		}
	}
	return out
}

func stringType(quote byte) chroma.TokenType {
	if quote == '"' {
		return chroma.LiteralStringDouble
	}
	return chroma.LiteralStringSingle
}

// pyString returns the end of the string literal that starts at text[i]
// (a quote): a triple-quoted one may span lines; an unterminated one-line
// string ends at the line's end.
func pyString(text string, i int) int {
	q := text[i]
	if strings.HasPrefix(text[i:], strings.Repeat(string(q), 3)) {
		end := strings.Repeat(string(q), 3)
		for j := i + 3; j < len(text); j++ {
			if text[j] == '\\' {
				j++
				continue
			}
			if strings.HasPrefix(text[j:], end) {
				return j + 3
			}
		}
		return len(text)
	}
	for j := i + 1; j < len(text); j++ {
		switch text[j] {
		case '\\':
			j++
		case q:
			return j + 1
		case '\n':
			return j
		}
	}
	return len(text)
}

// pyNumber returns the end and type of the number that starts at text[i].
func pyNumber(text string, i int) (int, chroma.TokenType) {
	j := i
	if strings.HasPrefix(text[i:], "0x") || strings.HasPrefix(text[i:], "0X") {
		j += 2
		for j < len(text) && (isHex(text[j]) || text[j] == '_') {
			j++
		}
		return j, chroma.LiteralNumberHex
	}
	t := chroma.LiteralNumberInteger
	for j < len(text) && (isDigit(text[j]) || text[j] == '_') {
		j++
	}
	if j < len(text) && text[j] == '.' {
		t = chroma.LiteralNumberFloat
		j++
		for j < len(text) && (isDigit(text[j]) || text[j] == '_') {
			j++
		}
	}
	if j < len(text) && (text[j] == 'e' || text[j] == 'E') {
		k := j + 1
		if k < len(text) && (text[k] == '+' || text[k] == '-') {
			k++
		}
		if k < len(text) && isDigit(text[k]) {
			t = chroma.LiteralNumberFloat
			for j = k; j < len(text) && isDigit(text[j]); j++ {
			}
		}
	}
	if j < len(text) && (text[j] == 'j' || text[j] == 'J') {
		j++
	}
	return j, t
}

func isDigit(c byte) bool      { return c >= '0' && c <= '9' }
func isHex(c byte) bool        { return isDigit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }
func isIdentStart(c byte) bool { return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isIdentByte(c byte) bool  { return isIdentStart(c) || isDigit(c) || c >= 0x80 }

func isStringPrefix(w string) bool {
	if len(w) > 2 {
		return false
	}
	for _, c := range strings.ToLower(w) {
		if !strings.ContainsRune("rbuf", c) {
			return false
		}
	}
	return true
}
