package gitcmd

import (
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/nbtools/nbdiff/internal/testenv"
)

// TestBatch reads objects through one git cat-file --batch: a blob byte
// for byte, then errors that leave the reader usable (a missing object,
// an object of another type, a string that is no hash), and after Close
// an error.
func TestBatch(t *testing.T) {
	dir, git := testenv.NewGitRepo(t)
	testenv.WriteFile(t, dir, "a", "line\n\x00\xff")
	blob := git("hash-object", "-w", "a")
	git("add", "a")
	git("commit", "-q", "-m", "a")
	tree := git("rev-parse", "HEAD^{tree}")
	b, err := StartBatch("git", dir)
	if err != nil {
		t.Fatal(err)
	}
	read := func(hash, typ, want, wantErr string) {
		t.Helper()
		data, err := b.Read(hash, typ)
		if wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), wantErr) {
				t.Errorf("Read(%q, %s) = %q, %v; want an error with %q", hash, typ, data, err, wantErr)
			}
			return
		}
		if err != nil || string(data) != want {
			t.Errorf("Read(%q, %s) = %q, %v; want %q", hash, typ, data, err, want)
		}
	}
	read(blob, "blob", "line\n\x00\xff", "")
	read(strings.Repeat("0", 40), "blob", "", "missing")
	read(tree, "blob", "", "is a tree")
	read("HEAD\nHEAD", "blob", "", "not an object hash")
	read(blob, "blob", "line\n\x00\xff", "")
	if err := b.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	read(blob, "blob", "", "closed")
	if err := b.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}

// TestBatchOutOfStep: a git that answers out of protocol (a header about
// another object, then a megabyte of content it then waits to write)
// makes Read fail instead of waiting for it (which would hang the test),
// and every later Read fail the same way; Close then returns. The
// stand-in is a shell script, so not on Windows.
func TestBatchOutOfStep(t *testing.T) {
	if _, err := exec.LookPath("sh"); err != nil || runtime.GOOS == "windows" {
		t.Skip("no sh")
	}
	fake := filepath.Join(t.TempDir(), "git")
	script := "#!/bin/sh\nread line\necho \"0000000000000000000000000000000000000000 blob 1048576\"\nhead -c 1048576 /dev/zero\ncat >/dev/null\n"
	if err := testenv.WriteExecutable(fake, []byte(script)); err != nil {
		t.Fatal(err)
	}
	b, err := StartBatch(fake, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	hash := strings.Repeat("1", 40)
	if _, err := b.Read(hash, "blob"); err == nil || !strings.Contains(err.Error(), "unexpected answer") {
		t.Fatalf("Read: %v, want an unexpected answer", err)
	}
	if _, err := b.Read(hash, "blob"); err == nil || !strings.Contains(err.Error(), "unexpected answer") {
		t.Errorf("second Read: %v, want the same error", err)
	}
	if err := b.Close(); err != nil {
		t.Errorf("Close after a failure: %v", err)
	}
}
