package main

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/nbtools/nbdiff/internal/testenv"
	"github.com/nbtools/nbdiff/notebook"
	"github.com/nbtools/nbdiff/notebook/nbtest"
)

// TestOutputOntoPipeOrDevice: nbmerge -o onto a named pipe or a device
// replaced it with a regular file (as root, -o /dev/null replaced
// /dev/null). The merge is written into it, and it stays a pipe or a
// device. The device is a node of the null device made in a temporary
// directory (as root only), never /dev/null itself.
func TestOutputOntoPipeOrDevice(t *testing.T) {
	t.Setenv("HOME", t.TempDir())
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	dir := t.TempDir()
	var paths [3]string
	for i, s := range []string{nbtest.JSON("code:x~=~1| code:y~=~2|"), nbtest.JSON("code:x~=~10| code:y~=~2|"), nbtest.JSON("code:x~=~1| code:y~=~20|")} {
		paths[i] = filepath.Join(dir, []string{"base", "ours", "theirs"}[i]+".ipynb")
		if err := os.WriteFile(paths[i], []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	got := testenv.ReadFifo(fifo)
	code, stderr, grown := runMeasured([]string{"nbmerge", paths[0], paths[1], paths[2], "-o", fifo})
	checkRun(t, code, stderr, grown, 0, "", ".")
	if nb, err := notebook.Parse(<-got); err != nil || len(nb.Cells) != 2 || nb.Cells[0].Source != "x = 10\n" || nb.Cells[1].Source != "y = 20\n" {
		t.Errorf("the pipe's reader got %v, %v", nb, err)
	}
	if fi, err := os.Lstat(fifo); err != nil || fi.Mode()&os.ModeNamedPipe == 0 {
		t.Errorf("no longer a named pipe: %v, %v", fi.Mode(), err)
	}

	if os.Geteuid() != 0 {
		t.Log("not root: no device node made")
		return
	}
	null := filepath.Join(dir, "null")
	// The null device is 1, 3 on Linux.
	if err := syscall.Mknod(null, syscall.S_IFCHR|0o666, 1<<8|3); err != nil {
		t.Skipf("mknod: %v", err)
	}
	code, stderr, grown = runMeasured([]string{"nbmerge", paths[0], paths[1], paths[2], "-o", null})
	checkRun(t, code, stderr, grown, 0, "", ".")
	if fi, err := os.Lstat(null); err != nil || fi.Mode()&os.ModeCharDevice == 0 {
		t.Errorf("no longer a character device: %v, %v", fi.Mode(), err)
	}
}
