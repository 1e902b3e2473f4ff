package mapfile

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

func writeFile(t *testing.T, size int) (string, []byte) {
	t.Helper()
	data := make([]byte, size)
	for i := range data {
		data[i] = byte('a' + i%26)
	}
	path := filepath.Join(t.TempDir(), "f")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path, data
}

// TestRead checks that a small file is read, a big one mapped, and that
// both give the file's bytes, also after releasing pages of the mapping.
func TestRead(t *testing.T) {
	for _, size := range []int{0, 10, minMapSize - 1, minMapSize, 3*minMapSize + 123} {
		path, want := writeFile(t, size)
		f, err := Read(path)
		if err != nil {
			t.Fatalf("size %d: %v", size, err)
		}
		wantMapped := size >= minMapSize && runtime.GOOS != "windows" && runtime.GOOS != "plan9"
		if f.Mapped() != wantMapped {
			t.Errorf("size %d: mapped %v, want %v", size, f.Mapped(), wantMapped)
		}
		if !bytes.Equal(f.Bytes(), want) {
			t.Errorf("size %d: content differs", size)
		}
		f.Release(size / 2)
		f.Release(size / 4) // going back does nothing
		if !bytes.Equal(f.Bytes(), want) {
			t.Errorf("size %d: content differs after Release", size)
		}
		if err := f.Close(); err != nil {
			t.Errorf("size %d: Close: %v", size, err)
		}
	}
}

// TestReadErrors checks that missing files and directories are errors.
func TestReadErrors(t *testing.T) {
	dir := t.TempDir()
	if _, err := Read(filepath.Join(dir, "missing")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: error %v, want not exist", err)
	}
	if _, err := Read(dir); err == nil {
		t.Errorf("directory: no error")
	}
}

// TestUseTruncated checks that reading a mapped file that was truncated is
// an error from Use, not a crash.
func TestUseTruncated(t *testing.T) {
	path, _ := writeFile(t, 2*minMapSize)
	f, err := Read(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if !f.Mapped() {
		t.Skip("files are not mapped on this system")
	}
	if err := os.Truncate(path, 0); err != nil {
		t.Fatal(err)
	}
	var sum int
	err = Use(func() error {
		for _, b := range f.Bytes() {
			sum += int(b)
		}
		return nil
	})
	if !errors.Is(err, ErrChanged) {
		t.Errorf("Use after truncation: error %v, want ErrChanged", err)
	}
	if err := Use(func() error { return os.ErrClosed }); err != os.ErrClosed {
		t.Errorf("Use passes on fn's error: got %v", err)
	}
}

// TestReadPipe checks that a named pipe is read once, whole.
func TestReadPipe(t *testing.T) {
	if runtime.GOOS == "windows" || runtime.GOOS == "plan9" {
		t.Skip("no named pipes")
	}
	path := filepath.Join(t.TempDir(), "fifo")
	if err := mkfifo(path); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	want := bytes.Repeat([]byte("notebook "), 1000)
	go func() {
		f, err := os.OpenFile(path, os.O_WRONLY, 0)
		if err != nil {
			return
		}
		f.Write(want)
		f.Close()
	}()
	f, err := Read(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if f.Mapped() || !bytes.Equal(f.Bytes(), want) {
		t.Errorf("named pipe: mapped %v, %d bytes, want %d unmapped", f.Mapped(), len(f.Bytes()), len(want))
	}
}
