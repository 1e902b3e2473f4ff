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

// Tokenise returns the tokens of text, which join to text, one at a time.
func (pythonLexer) Tokenise(_ *chroma.TokeniseOptions, text string) (chroma.Iterator, error) {
	return pythonIterator(text), nil
}

// pythonTokens returns all the tokens of text.
func pythonTokens(text string) []chroma.Token {
	var out []chroma.Token
	it := pythonIterator(text)
	for t := it(); t != chroma.EOF; t = it() {
		out = append(out, t)
	}
	return out
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

// pythonIterator returns the tokens of text one at a time, then EOF.
func pythonIterator(text string) chroma.Iterator {
	i := 0
	next := chroma.Name // the type of the next name (after def or class)
	return func() chroma.Token {
		if i >= len(text) {
			return chroma.EOF
		}
		start := i
		t := chroma.Text
		c := text[i]
		switch {
		case c == '\n' || c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v':
			i++
			for i < len(text) && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r') {
				i++
			}
			t = chroma.TextWhitespace
		case c == '#':
			j := strings.IndexByte(text[i:], '\n')
			if j < 0 {
				j = len(text) - i
			}
			i += j
			t = chroma.CommentSingle
		case c == '"' || c == '\'':
			i = pyString(text, i)
			t = stringType(c)
		case isDigit(c) || c == '.' && i+1 < len(text) && isDigit(text[i+1]):
			i, t = pyNumber(text, i)
		case isIdentStart(c):
			j := i + 1
			for j < len(text) && isIdentByte(text[j]) {
				j++
			}
			word := text[i:j]
			i = j
			if j < len(text) && (text[j] == '"' || text[j] == '\'') && isStringPrefix(word) {
				return chroma.Token{Type: chroma.LiteralStringAffix, Value: word}
			}
			kw, ok := pyKeywords[word]
			switch {
			case next != chroma.Name:
				t, next = next, chroma.Name
			case !ok:
				t = chroma.Name
			default:
				t = kw
				if word == "def" {
					next = chroma.NameFunction
				} else if word == "class" {
					next = chroma.NameClass
				}
			}
		case c == '@' && strings.TrimSpace(text[strings.LastIndexByte(text[:i], '\n')+1:i]) == "":
			i++
			for i < len(text) && (isIdentByte(text[i]) || text[i] == '.') {
				i++
			}
			t = chroma.NameDecorator
		case strings.IndexByte("()[]{},:;.", c) >= 0:
			i++
			t = chroma.Punctuation
		case strings.IndexByte("+-*/%=<>!&|^~@", c) >= 0:
			i++
			t = chroma.Operator
		case c >= 0x80:
			// Non-ASCII letters start names too.
			i++
			for i < len(text) && isIdentByte(text[i]) {
				i++
			}
			t = chroma.Name
		default:
			i++
		}
		return chroma.Token{Type: t, Value: text[start:i]}
	}
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

// A scriptLexer is a chroma lexer of a language given by its words and
// comment markers: enough to highlight keywords, builtins, strings,
// numbers and comments of the other languages of Jupyter kernels (R,
// Julia, JavaScript, Scala, shells, SQL and others) without chroma's
// registry of lexers, which parses hundreds of lexer definitions when a
// program starts: every nbdiff command, the text diff for git included,
// would pay for it.
type scriptLexer struct {
	name         string
	keywords     map[string]chroma.TokenType
	lineComments []string  // "#", "//", "--", "%"
	blockComment [2]string // "/*", "*/"; empty for none
	quotes       string    // the characters that start strings
}

func (l *scriptLexer) Config() *chroma.Config { return &chroma.Config{Name: l.name} }

func (l *scriptLexer) SetRegistry(*chroma.LexerRegistry) chroma.Lexer { return l }

func (l *scriptLexer) SetAnalyser(func(string) float32) chroma.Lexer { return l }

func (l *scriptLexer) AnalyseText(string) float32 { return 0 }

// Tokenise returns the tokens of text, which join to text, one at a time.
func (l *scriptLexer) Tokenise(_ *chroma.TokeniseOptions, text string) (chroma.Iterator, error) {
	i := 0
	return func() chroma.Token {
		if i >= len(text) {
			return chroma.EOF
		}
		start := i
		t := chroma.Text
		c := text[i]
		switch {
		case c == '\n' || c == ' ' || c == '\t' || c == '\r':
			for i < len(text) && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r') {
				i++
			}
			t = chroma.TextWhitespace
		case l.blockComment[0] != "" && strings.HasPrefix(text[i:], l.blockComment[0]):
			end := strings.Index(text[i+len(l.blockComment[0]):], l.blockComment[1])
			if end < 0 {
				i = len(text)
			} else {
				i += len(l.blockComment[0]) + end + len(l.blockComment[1])
			}
			t = chroma.CommentMultiline
		case l.lineComment(text[i:]):
			j := strings.IndexByte(text[i:], '\n')
			if j < 0 {
				j = len(text) - i
			}
			i += j
			t = chroma.CommentSingle
		case strings.IndexByte(l.quotes, c) >= 0:
			i = pyString(text, i)
			t = stringType(c)
			if c == '`' {
				t = chroma.LiteralStringBacktick
			}
		case isDigit(c):
			i, t = pyNumber(text, i)
		case isIdentStart(c) || c >= 0x80:
			i++
			for i < len(text) && (isIdentByte(text[i]) || text[i] == '.' && l.name == "R") {
				i++
			}
			t = chroma.Name
			if kw, ok := l.keywords[text[start:i]]; ok {
				t = kw
			} else if i < len(text) && text[i] == '(' {
				t = chroma.NameFunction
			}
		case strings.IndexByte("()[]{},;", c) >= 0:
			i++
			t = chroma.Punctuation
		case strings.IndexByte("+-*/%=<>!&|^~@:?$.", c) >= 0:
			i++
			t = chroma.Operator
		default:
			i++
		}
		return chroma.Token{Type: t, Value: text[start:i]}
	}, nil
}

func (l *scriptLexer) lineComment(s string) bool {
	for _, m := range l.lineComments {
		if strings.HasPrefix(s, m) {
			return true
		}
	}
	return false
}

// scriptLexerFor returns the lexer of a language this package knows the
// words of.
func scriptLexerFor(lang string) (chroma.Lexer, bool) {
	mk := func(name, keywords, constants, builtins string, comments []string, block [2]string, quotes string) chroma.Lexer {
		m := map[string]chroma.TokenType{}
		for _, w := range strings.Fields(keywords) {
			m[w] = chroma.Keyword
		}
		for _, w := range strings.Fields(constants) {
			m[w] = chroma.KeywordConstant
		}
		for _, w := range strings.Fields(builtins) {
			m[w] = chroma.NameBuiltin
		}
		return &scriptLexer{name: name, keywords: m, lineComments: comments, blockComment: block, quotes: quotes}
	}
	cBlock := [2]string{"/*", "*/"}
	switch strings.ToLower(lang) {
	case "r":
		return mk("R", "if else repeat while function for in next break return library require",
			"TRUE FALSE NULL NA NaN Inf NA_integer_ NA_real_ NA_character_",
			"c list data.frame print paste paste0 length sum mean median sd nrow ncol head tail summary apply sapply lapply vapply matrix seq rep names",
			[]string{"#"}, [2]string{}, `"'`+"`"), true
	case "julia":
		return mk("Julia", "function end if elseif else for while in return begin let local global const do try catch finally module using import export struct mutable abstract type macro quote break continue where",
			"true false nothing missing Inf NaN",
			"println print length push! map filter reduce sum collect zeros ones size typeof",
			[]string{"#"}, [2]string{"#=", "=#"}, `"'`), true
	case "javascript", "typescript", "js", "ts", "node":
		return mk("JavaScript", "var let const function return if else for while do switch case default break continue new delete typeof instanceof in of class extends super this import export from async await try catch finally throw yield",
			"true false null undefined NaN Infinity",
			"console Math JSON Object Array String Number Promise require document window",
			[]string{"//"}, cBlock, "\"'`"), true
	case "scala", "java", "kotlin", "c", "c++", "cpp", "c++11", "c++14", "c++17", "c++20", "go", "rust", "c#", "csharp", "f#", "groovy", "swift", "dart":
		return mk(lang, "if else for while do switch case default break continue return new class object trait interface extends implements import package public private protected static final val var def fn func let const struct enum match type impl use mod pub void int long float double char bool boolean auto template typename namespace using try catch finally throw throws override",
			"true false null nil None Some Ok Err this self",
			"println printf print String List Map Vec std cout cin",
			[]string{"//"}, cBlock, `"'`), true
	case "bash", "sh", "shell", "zsh":
		return mk("Bash", "if then else elif fi for while until do done case esac in function return local export",
			"true false",
			"echo cd ls cat grep sed awk printf read set unset source exit",
			[]string{"#"}, [2]string{}, `"'`), true
	case "sql", "sqlite", "postgresql", "mysql":
		return mk("SQL", "SELECT FROM WHERE GROUP BY ORDER HAVING LIMIT JOIN LEFT RIGHT INNER OUTER ON AS AND OR NOT IN IS INSERT INTO VALUES UPDATE SET DELETE CREATE TABLE DROP WITH DISTINCT UNION select from where group by order having limit join left right inner outer on as and or not in is insert into values update set delete create table drop with distinct union",
			"NULL TRUE FALSE null true false",
			"COUNT SUM AVG MIN MAX count sum avg min max",
			[]string{"--"}, cBlock, `"'`), true
	case "matlab", "octave":
		return mk("MATLAB", "function end if elseif else for while switch case otherwise return break continue try catch global persistent",
			"true false pi Inf NaN",
			"disp fprintf plot zeros ones size length numel sum",
			[]string{"%"}, [2]string{"%{", "%}"}, `"'`), true
	}
	return nil, false
}
