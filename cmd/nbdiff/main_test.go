package main

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/nbtools/nbdiff/internal/gitrepo/gogit"
	"github.com/nbtools/nbdiff/internal/htmlpage"
	"github.com/nbtools/nbdiff/internal/nbdiffcli"
	"github.com/nbtools/nbdiff/internal/testenv"
)

var update = flag.Bool("update", false, "rewrite the cmp files of testdata/*.txtar from the actual output")

// TestMain lets the test binary act as nbdiff and as nbdiff-html (the
// page's program, which nbdiff runs for --html and web), so that
// testscript scripts (and git, through the PATH testscript sets up) run
// the commands the test builds, as their mains do. nbmerge lives in
// another main package and cannot be registered here: scripts that need it
// check [exec:nbmerge] and skip.
//
// The tests get a private HOME and no system git configuration too, so
// that no setting of the user's changes what they see, and a PATH without
// the programs the user installed (testenv.CleanPath).
func TestMain(m *testing.M) {
	home := ""
	if name := strings.TrimSuffix(filepath.Base(os.Args[0]), ".exe"); name != "nbdiff" && name != nbdiffcli.HTMLProgram {
		var err error
		if home, err = os.MkdirTemp("", "nbdiff-test-home"); err != nil {
			panic(err)
		}
		os.Setenv("HOME", home)
		os.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
		os.Setenv("GIT_CONFIG_NOSYSTEM", "1")
		os.Unsetenv("GIT_CONFIG_GLOBAL")
		testenv.CleanPATH() // no installed nbdiff or nbmerge
		os.Unsetenv("GIT_DIR")
	}
	testscript.Main(removeAfter{m, home}, map[string]func(){
		"nbdiff":              func() { nbdiffcli.Main(nbdiffcli.Links{}) },
		nbdiffcli.HTMLProgram: func() { nbdiffcli.Main(nbdiffcli.Links{HTML: htmlpage.HTML{}, Store: gogit.Open}) },
	})
}

// TestScripts runs the end-to-end scripts in testdata/*.txtar with the
// real git binary, in a fresh $WORK with a private HOME and no system
// configuration, so the user's git configuration is never read or written.
// With -update, the files that cmp compares with are rewritten from the
// actual output.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:           "testdata",
		UpdateScripts: *update,
		Setup: func(env *testscript.Env) error {
			home := filepath.Join(env.WorkDir, "home")
			if err := os.MkdirAll(home, 0o755); err != nil {
				return err
			}
			for k, v := range map[string]string{
				"HOME":                home,
				"XDG_CONFIG_HOME":     filepath.Join(home, ".config"),
				"GIT_CONFIG_NOSYSTEM": "1",
				"GIT_AUTHOR_NAME":     "A U Thor",
				"GIT_AUTHOR_EMAIL":    "author@example.com",
				"GIT_AUTHOR_DATE":     "2026-01-02T03:04:05Z",
				"GIT_COMMITTER_NAME":  "C O Mitter",
				"GIT_COMMITTER_EMAIL": "committer@example.com",
				"GIT_COMMITTER_DATE":  "2026-01-02T03:04:05Z",
				"NO_COLOR":            "1",
			} {
				env.Setenv(k, v)
			}
			return nil
		},
		Cmds: testenv.ScriptCmds(),
	})
}

// removeAfter runs the tests, then removes dir (testscript.Main ends the
// process itself, so a deferred call in TestMain would never run).
type removeAfter struct {
	m   *testing.M
	dir string
}

func (r removeAfter) Run() int {
	code := r.m.Run()
	if r.dir != "" {
		os.RemoveAll(r.dir)
	}
	return code
}
