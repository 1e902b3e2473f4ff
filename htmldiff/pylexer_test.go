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
