// Package testenv holds what tests of several packages need: above all,
// it keeps the copies of this project's programs that a user has
// installed out of the tests' way.
//
// A developer who follows the README runs make demo, which installs
// nbdiff, nbmerge and nbdiff-html into $(go env GOPATH)/bin, usually on
// PATH, and then make test. Tests that inherit that PATH would then run
// the installed programs, perhaps older ones, where they mean to run
// those they build, or find one where they check what happens when it is
// missing. Only tests import this package.
package testenv

import (
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// Programs are the names of the project's programs.
var Programs = []string{"nbdiff", "nbmerge", "nbdiff-html"}

// CleanPath returns path, a PATH value, without the directories that hold
// one of Programs.
func CleanPath(path string) string {
	var keep []string
	for _, dir := range filepath.SplitList(path) {
		if !holdsProgram(dir) {
			keep = append(keep, dir)
		}
	}
	return strings.Join(keep, string(os.PathListSeparator))
}

// CleanPATH sets the PATH environment variable of the process to
// CleanPath of itself.
func CleanPATH() { os.Setenv("PATH", CleanPath(os.Getenv("PATH"))) }

func holdsProgram(dir string) bool {
	if dir == "" {
		return false
	}
	for _, name := range Programs {
		if runtime.GOOS == "windows" {
			name += ".exe"
		}
		if fi, err := os.Stat(filepath.Join(dir, name)); err == nil && !fi.IsDir() && (runtime.GOOS == "windows" || fi.Mode()&0o111 != 0) {
			return true
		}
	}
	return false
}

// ReadFifo reads the named pipe at path to its end in a goroutine and
// sends what it read (nil when it cannot open it): the reader a test of a
// command writing to a named pipe needs.
func ReadFifo(path string) <-chan []byte {
	got := make(chan []byte, 1)
	go func() {
		f, err := os.Open(path)
		if err != nil {
			got <- nil
			return
		}
		defer f.Close()
		b, _ := io.ReadAll(f)
		got <- b
	}()
	return got
}

// NbformatPython returns a python3 that has Jupyter's nbformat package
// (Debian: python3-nbformat), the reference for how Jupyter reads, writes
// and validates notebooks, or skips the test: python3 on PATH first, then
// the system's (an environment manager's python3 on PATH may lack it).
func NbformatPython(t testing.TB) string {
	t.Helper()
	for _, p := range []string{"python3", "/usr/bin/python3"} {
		if exec.Command(p, "-c", "import nbformat").Run() == nil {
			return p
		}
	}
	t.Skip("no python3 with nbformat")
	return ""
}

// nbformatValidate is a Python program that reads paths on standard
// input, one a line, and prints for each a line: empty when nbformat's
// schema (what Jupyter checks as it opens a file) finds the notebook
// valid, else the first line of the problem. It reads with json.load, not
// nbformat.read, and does not repair duplicate ids, so that what is
// checked is the file as written.
const nbformatValidate = `
import json, sys, warnings, nbformat
warnings.simplefilter("ignore")
def validate(nb):
    try:
        nbformat.validate(nb, repair_duplicate_cell_ids=False)
    except TypeError:  # a later nbformat without the argument, which never repairs
        nbformat.validate(nb)
for line in sys.stdin:
    try:
        with open(line.rstrip("\n"), encoding="utf-8") as f:
            validate(json.load(f))
        print()
    except Exception as e:
        print((str(e).strip().splitlines() or [type(e).__name__])[0].replace("\n", " ") or type(e).__name__)
`

// NbformatProblems validates the notebooks at paths with nbformat's schema
// (python, from NbformatPython, runs once for all) and returns the
// problem of each invalid one, by path.
func NbformatProblems(t testing.TB, python string, paths []string) map[string]string {
	t.Helper()
	cmd := exec.Command(python, "-c", nbformatValidate)
	cmd.Stdin = strings.NewReader(strings.Join(paths, "\n") + "\n")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("nbformat: %v", err)
	}
	lines := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	if len(lines) != len(paths) {
		t.Fatalf("nbformat answered %d lines for %d notebooks", len(lines), len(paths))
	}
	problems := map[string]string{}
	for i, l := range lines {
		if l != "" {
			problems[paths[i]] = l
		}
	}
	return problems
}
