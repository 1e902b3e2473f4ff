package mapfile

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
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

// TestReadDevNull checks that a device is read, not mapped: /dev/null is
// empty.
func TestReadDevNull(t *testing.T) {
	if _, err := os.Stat(os.DevNull); err != nil || runtime.GOOS == "windows" {
		t.Skip("no /dev/null")
	}
	f, err := Read(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if f.Mapped() || len(f.Bytes()) != 0 {
		t.Errorf("%s: mapped %v, %d bytes; want 0 unmapped", os.DevNull, f.Mapped(), len(f.Bytes()))
	}
}

// TestUseShrunk checks that a mapped file that shrinks to the middle of a
// page reads the same up to its new end, and that reading past the pages
// it still has is ErrChanged.
func TestUseShrunk(t *testing.T) {
	path, want := writeFile(t, 2*minMapSize)
	f, err := Read(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if !f.Mapped() {
		t.Skip("files are not mapped on this system")
	}
	f.Release(minMapSize / 2) // dropped pages are read again from the file
	end := minMapSize + 100
	if err := os.Truncate(path, int64(end)); err != nil {
		t.Fatal(err)
	}
	err = Use(func() error {
		if !bytes.Equal(f.Bytes()[:end], want[:end]) {
			t.Errorf("content before the new end differs")
		}
		return nil
	})
	if err != nil {
		t.Fatalf("reading before the new end: %v", err)
	}
	last, sum := 0, 0
	err = Use(func() error {
		for i := end; i < len(f.Bytes()); i++ {
			last = i
			sum += int(f.Bytes()[i]) // a load the compiler keeps
		}
		return nil
	})
	if !errors.Is(err, ErrChanged) {
		t.Errorf("reading past the new end: error %v (sum %d), want ErrChanged", err, sum)
	}
	if page := os.Getpagesize(); last != (end+page-1)/page*page {
		t.Errorf("fault at byte %d, want at the first page past the end", last)
	}
}

// TestClose checks that Close lets go of the mapping: Bytes is nil, Release
// and a second Close do nothing.
func TestClose(t *testing.T) {
	for _, size := range []int{10, 2 * minMapSize} {
		path, _ := writeFile(t, size)
		f, err := Read(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := f.Close(); err != nil {
			t.Fatalf("size %d: Close: %v", size, err)
		}
		f.Release(size)
		if f.Mapped() && f.Bytes() != nil {
			t.Errorf("size %d: Bytes after Close: %d bytes, want nil", size, len(f.Bytes()))
		}
		if err := f.Close(); err != nil {
			t.Errorf("size %d: second Close: %v", size, err)
		}
	}
}

// TestReadHuge checks that a (sparse) file over 2 GiB is mapped whole on
// a 64-bit system.
func TestReadHuge(t *testing.T) {
	if strconv.IntSize < 64 {
		t.Skip("32-bit system")
	}
	const size = 3<<30 + 5
	path := filepath.Join(t.TempDir(), "huge")
	fh, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	_, err = fh.WriteAt([]byte("end"), size-3)
	if err2 := fh.Close(); err == nil {
		err = err2
	}
	if err != nil {
		t.Skipf("cannot make a sparse file: %v", err)
	}
	f, err := Read(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if !f.Mapped() && runtime.GOOS != "windows" && runtime.GOOS != "plan9" {
		t.Fatalf("a %d-byte file is not mapped", size)
	}
	b := f.Bytes()
	if len(b) != size || string(b[size-3:]) != "end" || b[1<<31] != 0 {
		t.Errorf("huge file: %d bytes ending %q, want %d ending \"end\"", len(b), b[len(b)-3:], size)
	}
}
