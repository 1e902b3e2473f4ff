package main

import (
	"os/exec"
	"strings"
	"testing"
)

// TestNoPageLibraries: nbdiff links none of the HTML page's libraries, nor
// a web server, nor chroma's lexer and style registries. git starts nbdiff
// once per file (driver, textconv, the clean filter), and their package
// initialisation (regular expressions, CSS and entity tables, hundreds of
// lexers) doubled its start-up; nbdiff-html links the page's. chroma's
// core and its terminal formatters (the syntax colours of the terminal
// diff) cost little at start-up and stay.
func TestNoPageLibraries(t *testing.T) {
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	for _, tags := range []string{"", "urfave_cli_no_docs"} {
		out, err := exec.Command(goCmd, "list", "-tags", tags, "-deps", ".").Output()
		if err != nil {
			t.Fatalf("go list -deps: %v", err)
		}
		for _, pkg := range strings.Fields(string(out)) {
			switch {
			case strings.Contains(pkg, "goldmark"), strings.Contains(pkg, "bluemonday"),
				strings.Contains(pkg, "chroma/v2/lexers"), strings.Contains(pkg, "chroma/v2/styles"),
				strings.HasSuffix(pkg, "/htmldiff"), strings.HasSuffix(pkg, "/internal/htmlpage"),
				pkg == "html/template", pkg == "net", pkg == "net/http":
				t.Errorf("nbdiff (tags %q) links %s, which belongs in nbdiff-html", tags, pkg)
			}
		}
	}
}
