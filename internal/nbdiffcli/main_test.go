package nbdiffcli

import (
	"io"
	"os"
	"path/filepath"
	"testing"
)

// TestMain gives the tests, which run the command line in-process, a
// private HOME and no system git configuration, so that no setting of the
// user's changes what they see.
func TestMain(m *testing.M) {
	home, err := os.MkdirTemp("", "nbdiffcli-test-home")
	if err != nil {
		panic(err)
	}
	os.Setenv("HOME", home)
	os.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
	os.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	os.Unsetenv("GIT_CONFIG_GLOBAL")
	os.Unsetenv("GIT_DIR")
	code := m.Run()
	os.RemoveAll(home)
	os.Exit(code)
}

// run runs nbdiff's command line as the nbdiff binary does (without the
// page, which it hands to nbdiff-html, and reading repositories with the
// git command).
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return Run(args, stdin, stdout, stderr, Links{})
}
