package nbdiffcli

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/nbtools/nbdiff/internal/testenv"
)

// TestDelegateToHTMLProgram: without the page linked in, --html and web
// run nbdiff-html with the arguments as given, on the same streams, and
// end with its exit status; a text diff never does. When nbdiff-html is
// neither beside the program nor on PATH, the error names it.
func TestDelegateToHTMLProgram(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the fake nbdiff-html is a shell script")
	}
	bin := t.TempDir()
	script := "#!/bin/sh\nfor a; do printf '[%s]' \"$a\"; done\necho\ncat\necho to stderr >&2\nexit 3\n"
	if err := testenv.WriteExecutable(filepath.Join(bin, HTMLProgram), []byte(script)); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	for _, args := range [][]string{
		{"--html", "-o", "a page.html", "old.ipynb", "new.ipynb"},
		{"old.ipynb", "--html", "new.ipynb", "--outputs"},
		{"web", "--no-browser", "main...feature", "--", "nb/"},
		{"-U", "5", "web", "--port", "8080"},
	} {
		var stdout, stderr bytes.Buffer
		code := Run(append([]string{"nbdiff"}, args...), strings.NewReader("stdin\n"), &stdout, &stderr, Links{})
		want := "[" + strings.Join(args, "][") + "]\nstdin\n"
		if code != 3 || stdout.String() != want || stderr.String() != "to stderr\n" {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want 3, %q", args, code, stdout.String(), stderr.String(), want)
		}
	}

	// The text diff runs in nbdiff; so do usage errors of the page's flags
	// without --html.
	dir := writeFiles(t, map[string]string{"a.ipynb": diffTestNotebook("x = 1", 1), "b.ipynb": diffTestNotebook("x = 2", 1)})
	if code, out, _ := runNbdiff(filepath.Join(dir, "a.ipynb"), filepath.Join(dir, "b.ipynb")); code != 0 || !strings.Contains(out, "+x = 2") {
		t.Errorf("text diff: exit %d, %q", code, out)
	}
	if code, _, errs := runNbdiff("-o", "x.html", filepath.Join(dir, "a.ipynb"), filepath.Join(dir, "b.ipynb")); code != 2 || !strings.Contains(errs, "add --html") {
		t.Errorf("-o without --html: exit %d, %q", code, errs)
	}

	t.Setenv("PATH", t.TempDir())
	code, _, errs := runNbdiff("--html", filepath.Join(dir, "a.ipynb"), filepath.Join(dir, "b.ipynb"))
	if code == 0 || !strings.Contains(errs, "nbdiff: the HTML page is made by nbdiff-html, which is neither beside this nbdiff") {
		t.Errorf("without nbdiff-html: exit %d, %q", code, errs)
	}
}

// TestFindHTMLProgram: nbdiff-html beside the program as called comes
// before the one on PATH.
func TestFindHTMLProgram(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("executable bits")
	}
	beside, onPath := t.TempDir(), t.TempDir()
	for _, d := range []string{beside, onPath} {
		if err := testenv.WriteExecutable(filepath.Join(d, HTMLProgram), []byte("#!/bin/sh\n")); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("PATH", onPath)
	if p, err := findHTMLProgram(filepath.Join(beside, "nbdiff")); err != nil || p != filepath.Join(beside, HTMLProgram) {
		t.Errorf("called by path: %q, %v; want the one beside it", p, err)
	}
	if p, err := findHTMLProgram("nbdiff"); err != nil || p != filepath.Join(onPath, HTMLProgram) {
		t.Errorf("called by name: %q, %v; want the one on PATH", p, err)
	}
	// Not in the current folder by way of PATH ".".
	t.Chdir(beside)
	t.Setenv("PATH", ".")
	if p, err := findHTMLProgram("nbdiff"); err == nil {
		t.Errorf("PATH=.: found %q", p)
	}
}
