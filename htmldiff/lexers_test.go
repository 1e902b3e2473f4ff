package htmldiff

import (
	"strings"
	"testing"

	"github.com/alecthomas/chroma/v2"
)

// TestPythonTokensJoin checks the tokens of the Python lexer give the
// text back and type the common cases as chroma's lexer does.
func TestPythonTokensJoin(t *testing.T) {
	src := "@dataclass\nclass Point:\n    def norm(self, p=2.5e-3):\n        \"\"\"Doc\n        string\"\"\"\n        return f'{self.x}' + r\"\\d\" # note\n\nx = 0x1F if True else None\nprint(len([1, 2]))  # é\n%matplotlib inline\n"
	toks := pythonTokens(src)
	var b strings.Builder
	types := map[string]chroma.TokenType{}
	for _, tk := range toks {
		b.WriteString(tk.Value)
		types[strings.TrimSpace(tk.Value)] = tk.Type
	}
	if b.String() != src {
		t.Fatalf("tokens join to %q, want %q", b.String(), src)
	}
	for word, want := range map[string]chroma.TokenType{
		"@dataclass": chroma.NameDecorator, "class": chroma.Keyword, "Point": chroma.NameClass, "norm": chroma.NameFunction,
		"self": chroma.NameBuiltinPseudo, "2.5e-3": chroma.LiteralNumberFloat, "0x1F": chroma.LiteralNumberHex,
		"True": chroma.KeywordConstant, "print": chroma.NameBuiltin, "# note": chroma.CommentSingle, "f": chroma.LiteralStringAffix,
		"'{self.x}'": chroma.LiteralStringSingle, "\"\"\"Doc\n        string\"\"\"": chroma.LiteralStringDouble,
	} {
		if got := types[word]; got != want {
			t.Errorf("%q: type %v, want %v", word, got, want)
		}
	}
}

// TestScriptLexers checks the lexers of other languages give the text
// back and find their keywords, strings and comments.
func TestScriptLexers(t *testing.T) {
	for lang, src := range map[string]string{
		"R":          "x <- c(1, 2.5) # note\nif (TRUE) print(\"hi\")\n",
		"julia":      "function f(x)\n    return \"x\" * x #= block =#\nend\n",
		"javascript": "const s = `t${x}`; /* c */ // line\nconsole.log('a')\n",
		"sql":        "SELECT count(*) FROM t -- n\nWHERE a = 'x';\n",
	} {
		l := lexerFor(strings.ToLower(lang))
		it, err := l.Tokenise(nil, src)
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		seen := map[chroma.TokenType]bool{}
		for tk := it(); tk != chroma.EOF; tk = it() {
			b.WriteString(tk.Value)
			seen[tk.Type.Category()] = true
			seen[tk.Type.SubCategory()] = true
		}
		if b.String() != src {
			t.Errorf("%s: tokens join to %q", lang, b.String())
		}
		for _, want := range []chroma.TokenType{chroma.Keyword, chroma.LiteralString, chroma.Comment} {
			if !seen[want] {
				t.Errorf("%s: no %v token", lang, want)
			}
		}
	}
}
