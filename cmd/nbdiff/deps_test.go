package main

import (
	"os/exec"
	"strings"
	"testing"
)

// TestNoPageLibraries: nbdiff links none of the HTML page's libraries, nor
// a web server, nor chroma. git starts nbdiff once per file (driver,
// textconv, the clean filter), and their package initialisation (regular
// expressions, CSS and entity tables, hundreds of lexers) doubled its
// start-up; nbdiff-html links the page's. The terminal diff's syntax
// colours are chroma's too, but written out ahead of time
// (internal/syntax/palette.go): chroma's core and formatters alone cost
// about 2 ms and 0.6 MB at each start. Nor go-git: nbdiff reads
// repositories with the git command (gitrepo without a Store), as go-git,
// its configuration parser gcfg and the encoding/gob that links cost
// about 1.5 ms and 1.4 MB at each start (nbdiff-html links it, through
// internal/gitrepo/gogit). Nor runtime/metrics, whose initialisation
// alone costs 0.2-0.9 ms (GODEBUG=inittrace=1, measured on two days).
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
				strings.Contains(pkg, "alecthomas/chroma"), strings.Contains(pkg, "dlclark/regexp2"),
				strings.HasSuffix(pkg, "/htmldiff"), strings.HasSuffix(pkg, "/internal/htmlpage"),
				pkg == "html/template", pkg == "net", pkg == "net/http":
				t.Errorf("nbdiff (tags %q) links %s, which belongs in nbdiff-html", tags, pkg)
			case strings.HasPrefix(pkg, "github.com/go-git/"), strings.HasSuffix(pkg, "/internal/gitrepo/gogit"), pkg == "encoding/gob":
				t.Errorf("nbdiff (tags %q) links %s: it reads repositories with the git command", tags, pkg)
			case pkg == "runtime/metrics":
				// Its initialisation costs 0.2-0.9 ms at every start
				// (runtime.ReadMemStats tells what the commands need).
				t.Errorf("nbdiff (tags %q) links runtime/metrics", tags)
			}
		}
	}
}
