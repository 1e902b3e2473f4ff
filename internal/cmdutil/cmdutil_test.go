package cmdutil

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/urfave/cli/v2"
)

// TestWriteFileAtomicFollowsSymlink: writing through a symbolic link (a
// notebook linked from elsewhere, an attributes file kept in a dotfiles
// repository) replaces the file it points to and keeps the link.
func TestWriteFileAtomicFollowsSymlink(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "real.ipynb")
	link := filepath.Join(dir, "link.ipynb")
	if err := os.WriteFile(real, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("real.ipynb", link); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	if err := WriteFileAtomic(link, []byte("new"), 0o644); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Lstat(link)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("%s is no longer a symbolic link (mode %v)", link, fi.Mode())
	}
	got, err := os.ReadFile(real)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != "new" {
		t.Errorf("target holds %q, want %q", got, "new")
	}
	if fi, err := os.Stat(real); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("target mode %v (err %v), want the old 0600", fi.Mode().Perm(), err)
	}
	assertNoTemp(t, dir, 2)
}

// TestWriteFileAtomicDanglingSymlink: a link to a file not there yet
// stays a link, and the file is made where it leads.
func TestWriteFileAtomicDanglingSymlink(t *testing.T) {
	dir := t.TempDir()
	link := filepath.Join(dir, "link.html")
	if err := os.Symlink("made.html", link); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	if err := WriteFileAtomic(link, []byte("new"), 0o644); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("%s is no longer a symbolic link (%v)", link, err)
	}
	if got, err := os.ReadFile(filepath.Join(dir, "made.html")); err != nil || string(got) != "new" {
		t.Errorf("made.html: %q, %v", got, err)
	}
	assertNoTemp(t, dir, 2)
}

// TestWriteFileAtomic: a new file gets perm; an existing file keeps its
// mode and gets the new bytes; no temporary file is left behind.
func TestWriteFileAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "nb.ipynb")
	if err := WriteFileAtomic(path, []byte("one"), 0o640); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o640 {
		t.Fatalf("new file mode %v (err %v), want 0640", fi.Mode().Perm(), err)
	}
	if err := os.Chmod(path, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := WriteFileAtomic(path, []byte("two"), 0o644); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(path)
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 || string(got) != "two" {
		t.Errorf("got %q mode %v (err %v), want \"two\" mode 0600", got, fi.Mode().Perm(), err)
	}
	assertNoTemp(t, dir, 1)
	if err := WriteFileAtomic(filepath.Join(dir, "missing", "x"), nil, 0o644); err == nil {
		t.Error("writing into a missing directory succeeded")
	}
}

func assertNoTemp(t *testing.T, dir string, want int) {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(ents) != want {
		var names []string
		for _, e := range ents {
			names = append(names, e.Name())
		}
		t.Errorf("%s holds %q, want %d entries (a temporary file left behind?)", dir, names, want)
	}
}

// TestCode: the one place errors become exit codes.
func TestCode(t *testing.T) {
	for _, c := range []struct {
		err  error
		code int
		msg  string
	}{
		{nil, 0, ""},
		{Exit(1, nil), 1, ""},
		{Exit(1, errors.New("conflicts")), 1, "x: conflicts\n"},
		{Usage("bad %s", "flag"), 2, "x: bad flag\n"},
		{errors.New("boom"), 2, "x: boom\n"},
		{fmt.Errorf("write: %w", syscall.EPIPE), 0, ""},
	} {
		var buf bytes.Buffer
		if got := Code(c.err, "x", &buf); got != c.code || buf.String() != c.msg {
			t.Errorf("Code(%v) = %d, %q; want %d, %q", c.err, got, buf.String(), c.code, c.msg)
		}
	}
}

// TestUsageErrorNamesCommand: a bad flag is a usage error (exit 2) whose
// message points to the help of the command it was given to, once named
// ("see 'tool --help'", not "see 'tool tool --help'"), with nothing on
// stdout.
func TestUsageErrorNamesCommand(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"tool", "--bogus"}, "(see 'tool --help')"},
		{[]string{"tool", "sub", "--bogus"}, "(see 'tool sub --help')"},
	} {
		var stdout, stderr bytes.Buffer
		app := NewApp("tool", "a test", "1", &stdout, &stderr)
		app.Flags = []cli.Flag{&cli.BoolFlag{Name: "x"}}
		app.Action = func(*cli.Context) error { return nil }
		app.Commands = []*cli.Command{{Name: "sub", Action: func(*cli.Context) error { return nil }}}
		code := Run(app, c.args, &stderr)
		if code != 2 || stdout.Len() != 0 || !strings.Contains(stderr.String(), c.want) {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want 2, nothing, %q", c.args, code, stdout.String(), stderr.String(), c.want)
		}
	}
}

func TestWriteFileAtomicFuncFailure(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "nb.ipynb")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	err := WriteFileAtomicFunc(path, 0o644, func(w io.Writer) error {
		io.WriteString(w, "half of the new")
		return boom
	})
	if !errors.Is(err, boom) {
		t.Errorf("err = %v, want %v", err, boom)
	}
	if got, _ := os.ReadFile(path); string(got) != "old" {
		t.Errorf("file holds %q, want the old bytes", got)
	}
	assertNoTemp(t, dir, 1)
}
