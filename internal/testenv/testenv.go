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
	"path/filepath"
	"runtime"
	"strings"
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
