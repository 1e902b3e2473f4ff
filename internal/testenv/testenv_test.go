package testenv

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// TestCleanPath: the directories that hold one of the programs go, the
// others stay, in order.
func TestCleanPath(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("executable bits")
	}
	root := t.TempDir()
	dir := func(name string, files ...string) string {
		d := filepath.Join(root, name)
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			if err := os.WriteFile(filepath.Join(d, f), []byte("#!/bin/sh\n"), 0o755); err != nil {
				t.Fatal(err)
			}
		}
		return d
	}
	usr := dir("usr", "git", "sh")
	gobin := dir("gobin", "nbdiff", "nbmerge", "nbdiff-html")
	other := dir("other", "nbmerge")
	notExec := dir("notexec")
	if err := os.WriteFile(filepath.Join(notExec, "nbdiff"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	sep := string(os.PathListSeparator)
	got := CleanPath(usr + sep + gobin + sep + other + sep + notExec + sep + "/no/such/dir")
	if want := usr + sep + notExec + sep + "/no/such/dir"; got != want {
		t.Errorf("CleanPath = %q, want %q", got, want)
	}
}
