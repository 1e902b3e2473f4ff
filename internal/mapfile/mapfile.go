// Package mapfile reads an input file for parsing without holding a copy
// of it in the heap: a regular file of a megabyte or more is mapped into
// memory read-only, and the pages a parser is done with can be dropped, so
// that a big file is never resident whole; other files are read into
// memory.
//
// Reading a mapped file that shrinks under it faults; Use turns that into
// an error.
package mapfile

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"unsafe"
)

// minMapSize is the size from which a file is mapped rather than read.
const minMapSize = 1 << 20

// A File is the content of one file.
type File struct {
	data   []byte
	mapped bool
}

// MaxStream is the most that is read from a file that is not a regular
// file (a pipe, a device, standard input): it has no size to check first,
// and some never end (/dev/zero). No real notebook comes near it.
const MaxStream = 256 << 20

// A TooLargeError reports a stream longer than MaxStream.
type TooLargeError struct {
	Name string // the file's path, or what the stream is ("standard input")
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("%s: more than %d MiB, the most read from a pipe, a device or standard input", e.Name, MaxStream>>20)
}

// Read returns the content of the file at path: mapped when it is a
// regular file of at least a megabyte and the system can map it, read into
// memory otherwise (pipes, devices, small files). A regular file larger
// than the address space allows (over 2 GiB on a 32-bit system) is an
// error, and so is a file that is not a regular file and holds more than
// MaxStream bytes (a *TooLargeError). Close the File when done.
func Read(path string) (*File, error) {
	f, size, err := open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if int64(int(size)) != size {
		// A 32-bit system can neither map nor hold it.
		return nil, fmt.Errorf("mapfile: %s: %d bytes is too large for this system", path, size)
	}
	if size >= minMapSize {
		if data, err := mmap(f, int(size)); err == nil {
			noHuge(data)
			return &File{data: data, mapped: true}, nil
		}
	}
	// Read from the open file, not by name again: a named pipe opened
	// twice would lose what its writer already wrote.
	data, err := readAll(f, size, path)
	if err != nil {
		return nil, err
	}
	return &File{data: data}, nil
}

// ReadFile reads the file at path into memory, as os.ReadFile does, but a
// file that is not a regular file is read up to MaxStream bytes only
// (more is a *TooLargeError).
func ReadFile(path string) ([]byte, error) {
	f, size, err := open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readAll(f, size, path)
}

// open opens the file at path and returns its size when it is a regular
// file, 0 otherwise.
func open(path string) (*os.File, int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, err
	}
	size := int64(0)
	if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
		size = fi.Size()
	}
	return f, size, nil
}

// ReadAll reads r to its end, up to MaxStream bytes (more is a
// *TooLargeError naming name): for standard input.
func ReadAll(r io.Reader, name string) ([]byte, error) {
	return readStream(r, name)
}

// readAll reads f to its end, as os.ReadFile does, with size as a hint; a
// size of 0 (not a regular file, or an empty one) bounds what is read to
// MaxStream bytes.
func readAll(f *os.File, size int64, path string) ([]byte, error) {
	if size == 0 {
		return readStream(f, path)
	}
	data := make([]byte, 0, max(512, min(size, 1<<30)+1))
	for {
		n, err := f.Read(data[len(data):cap(data)])
		data = data[:len(data)+n]
		if err == io.EOF {
			return data, nil
		}
		if err != nil {
			return nil, err
		}
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)]
		}
	}
}

// readStream reads r to its end, up to MaxStream bytes, in chunks that
// are joined at the end: memory is touched once per byte read, so that a
// stream that never ends costs no more than the limit.
func readStream(r io.Reader, name string) ([]byte, error) {
	var chunks [][]byte
	total, size := 0, 64<<10
	for {
		buf := make([]byte, size)
		n, err := io.ReadFull(r, buf)
		chunks = append(chunks, buf[:n])
		total += n
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if total > MaxStream {
			return nil, &TooLargeError{Name: name}
		}
		size = min(2*size, 16<<20)
	}
	if total > MaxStream {
		return nil, &TooLargeError{Name: name}
	}
	data := make([]byte, 0, total)
	for _, c := range chunks {
		data = append(data, c...)
	}
	return data, nil
}

// Bytes returns the content. For a mapped file it is valid until Close and
// must not be modified.
func (f *File) Bytes() []byte { return f.data }

// Mapped reports whether the content is mapped from the file.
func (f *File) Mapped() bool { return f.mapped }

// Release drops from memory the whole pages of the first n bytes of a
// mapped file; reading them again reads them from the file. It does
// nothing for a file read into memory.
//
// It drops all of them each time, not only those after the last call:
// a file the page cache holds in large folios is mapped a folio at a
// time, so reading a byte past the last release can map pages again
// that it had dropped.
func (f *File) Release(n int) {
	if !f.mapped {
		return
	}
	if n = min(n, len(f.data)) &^ (os.Getpagesize() - 1); n > 0 {
		dontNeed(f.data[:n])
	}
}

// Close unmaps a mapped file; afterwards Bytes returns nil and Release
// does nothing. Slices of the content taken before must not be used
// afterwards. Close may be called more than once.
func (f *File) Close() error {
	if !f.mapped || f.data == nil {
		return nil
	}
	err := munmap(f.data)
	f.data = nil
	return err
}

// ErrChanged is the error of Use when a file shrank while it was read
// (a *ChangedError is ErrChanged).
var ErrChanged = errors.New("mapfile: the file changed while it was read")

// A ChangedError is Use's error for a memory fault: Addr is the address
// read, which tells what file it was (File.Holds) where fn read several.
// Its message is ErrChanged's: the runtime's own ("invalid memory address
// or nil pointer dereference") would read as a crash.
type ChangedError struct {
	Addr  uintptr
	Fault runtime.Error
}

func (e *ChangedError) Error() string { return ErrChanged.Error() }

// Is makes a ChangedError ErrChanged for errors.Is.
func (e *ChangedError) Is(target error) bool { return target == ErrChanged }

// Use calls fn, turning a memory fault while fn runs (reading a mapped
// file past its new end, when it was truncated) into a *ChangedError.
// fn must not start goroutines that read the content.
func Use(fn func() error) (err error) {
	old := debug.SetPanicOnFault(true)
	defer func() {
		debug.SetPanicOnFault(old)
		if r := recover(); r != nil {
			if re, ok := r.(runtime.Error); ok {
				if f, ok := re.(interface{ Addr() uintptr }); ok {
					err = &ChangedError{Addr: f.Addr(), Fault: re}
					return
				}
			}
			panic(r)
		}
	}()
	return fn()
}

// Holds reports whether addr lies in the mapping of f (false for a file
// read into memory, or once closed).
func (f *File) Holds(addr uintptr) bool {
	if !f.mapped || len(f.data) == 0 {
		return false
	}
	start := uintptr(unsafe.Pointer(unsafe.SliceData(f.data)))
	return addr >= start && addr-start < uintptr(len(f.data))
}
