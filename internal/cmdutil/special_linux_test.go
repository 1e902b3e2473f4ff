//go:build linux

package cmdutil

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/nbtools/nbdiff/internal/testenv"
)

// TestOutputOntoDeviceOrPipeWritesIntoIt: -o onto a device or a named pipe
// replaced it with a regular file (a temporary file renamed over it; as
// root, nbmerge -o /dev/null replaced /dev/null). The output is written
// into such files, which stay what they are. The device here is a node of
// the null device made in a temporary directory (as root only), never
// /dev/null itself.
func TestOutputOntoDeviceOrPipeWritesIntoIt(t *testing.T) {
	dir := t.TempDir()
	data := []byte("{\"cells\": []}\n")

	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	got := testenv.ReadFifo(fifo)
	if err := WriteFileAtomic(fifo, data, 0o644); err != nil {
		t.Fatalf("fifo: %v", err)
	}
	if b := <-got; string(b) != string(data) {
		t.Errorf("fifo: the reader got %q, want %q", b, data)
	}
	if fi, err := os.Lstat(fifo); err != nil || fi.Mode()&os.ModeNamedPipe == 0 {
		t.Errorf("fifo: no longer a named pipe: %v, %v", fi.Mode(), err)
	}

	// A symbolic link to a pipe is followed, as /dev/stdout is.
	link := filepath.Join(dir, "link")
	if err := os.Symlink(fifo, link); err != nil {
		t.Fatal(err)
	}
	got = testenv.ReadFifo(fifo)
	if err := WriteFileAtomic(link, data, 0o644); err != nil {
		t.Fatalf("link to a fifo: %v", err)
	}
	if b := <-got; string(b) != string(data) {
		t.Errorf("link to a fifo: the reader got %q", b)
	}

	if err := WriteFileAtomic(dir, data, 0o644); err == nil {
		t.Errorf("a directory: no error")
	}

	if os.Geteuid() != 0 {
		t.Log("not root: no device node made")
		return
	}
	null := filepath.Join(dir, "null")
	if err := syscall.Mknod(null, syscall.S_IFCHR|0o666, int(mkdev(1, 3))); err != nil {
		t.Skipf("mknod: %v", err)
	}
	if err := WriteFileAtomic(null, data, 0o644); err != nil {
		t.Fatalf("device: %v", err)
	}
	if fi, err := os.Lstat(null); err != nil || fi.Mode()&os.ModeCharDevice == 0 {
		t.Errorf("device: no longer a character device: %v, %v", fi.Mode(), err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 3 {
		t.Errorf("temporary files left: %v", entries)
	}
}

// mkdev returns the device number of major and minor as Linux encodes it.
func mkdev(major, minor uint64) uint64 {
	return (major&0xfff)<<8 | (major&^0xfff)<<32 | minor&0xff | (minor&^0xff)<<12
}
