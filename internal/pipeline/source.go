// Package pipeline reads and parses the versions of a notebook that a command
// compares or merges. It is the one pipeline from bytes to notebooks that
// both commands and the evaluation harnesses use: how a file is read
// (mapped, with the pages the parser is done with dropped, or read into
// memory), which versions are parsed at the same time, how they share
// their equal strings, and how the garbage collector is set while they
// are parsed.
package pipeline

import (
	"bytes"
	"runtime"
	"strings"

	"github.com/nbtools/nbdiff/internal/mapfile"
	"github.com/nbtools/nbdiff/notebook"
)

// A Source is one version of a file: its content, or absent (the file
// does not exist on that side). The zero Source is present and empty.
// Close it when done.
type Source struct {
	data   []byte
	absent bool
	file   *mapfile.File // when data is mapped: its pages are dropped while parsing
}

// Absent returns the Source of a side where the file does not exist.
func Absent() Source { return Source{absent: true} }

// Bytes returns a Source holding data (not copied; not modified).
func Bytes(data []byte) Source { return Source{data: data} }

// File reads the file at path. The null device (IsNullDevice) is an absent
// side; an empty file is an absent side too (as git shows an added or
// deleted file). A regular file of a megabyte or more is mapped, not
// copied into the heap.
func File(path string) (Source, error) {
	if IsNullDevice(path) {
		return Absent(), nil
	}
	s, err := Present(path)
	s.absent = err == nil && len(s.data) == 0
	return s, err
}

// Present reads the file at path as a side that exists, even when it is
// empty: a version git hands a diff driver. Like File, it maps a regular
// file of a megabyte or more instead of copying it into the heap.
func Present(path string) (Source, error) {
	f, err := mapfile.Read(path)
	if err != nil {
		return Source{}, err
	}
	s := Source{data: f.Bytes()}
	if f.Mapped() {
		s.file = f
	} else {
		f.Close()
	}
	return s, nil
}

// IsNullDevice reports whether path names the null device, which stands
// for an absent side: "/dev/null" on every system (git passes it for an
// absent side on Windows too, and the README and scripts write it), and
// on Windows also NUL in any case, as cmd.exe users write it and as Git
// for Windows' shell turns /dev/null into for programs that are not its
// own ("nul", or "\\.\NUL" from cygpath -w).
func IsNullDevice(path string) bool { return isNullDevice(path, runtime.GOOS) }

func isNullDevice(path, goos string) bool {
	if path == "/dev/null" {
		return true
	}
	if goos != "windows" {
		return false
	}
	path = strings.TrimPrefix(strings.TrimPrefix(path, `\\.\`), "//./")
	return strings.EqualFold(path, "nul")
}

// IsAbsent reports whether the file does not exist on this side.
func (s Source) IsAbsent() bool { return s.absent }

// Data returns the content: nil when absent, non-nil otherwise. The
// content of a mapped file is valid until Close, and a read of it may
// fault if the file shrinks meanwhile: use Copy to hold it safely.
func (s Source) Data() []byte {
	if s.absent {
		return nil
	}
	if s.data == nil {
		return []byte{}
	}
	return s.data
}

// Copy returns the Source with its content copied into the heap, so that
// it stays valid and safe after the file changes or is closed. A file
// that shrank while it was copied is an error.
func (s Source) Copy() (Source, error) {
	if s.file == nil {
		return s, nil
	}
	var data []byte
	if err := mapfile.Use(func() error { data = bytes.Clone(s.data); return nil }); err != nil {
		return Source{}, err
	}
	return Source{data: data, absent: s.absent}, nil
}

// Close releases a mapped file. It may be called more than once.
func (s Source) Close() {
	if s.file != nil {
		s.file.Close()
	}
}

// Parse returns the notebook of s, or nil for an absent side or one that
// holds only white space. opts.Consumed is set here for mapped files; the
// caller's Consumed, if any, is replaced.
func Parse(s Source, opts notebook.ParseOptions) (*notebook.Notebook, error) {
	if s.absent {
		return nil, nil
	}
	return parse(s, opts, true)
}

// parse parses the content of s; when emptyIsNil, content that is only
// white space is no notebook (nil) rather than an error. A mapped file
// is released as it is parsed, unless opts.Index keeps it.
//
// The parse runs inside mapfile.Use, so that a mapped file truncated
// meanwhile is an error (a *mapfile.ChangedError), not a crash: s's own
// file, or, for content in the heap too, the base that opts.Like reads
// again (a merge maps the base while ours and theirs may be in the heap).
func parse(s Source, opts notebook.ParseOptions, emptyIsNil bool) (*notebook.Notebook, error) {
	if s.file != nil {
		opts.Consumed = s.file.Release
	}
	var nb *notebook.Notebook
	err := mapfile.Use(func() error {
		if emptyIsNil && len(bytes.TrimSpace(s.data)) == 0 {
			return nil
		}
		var err error
		nb, err = notebook.ParseWith(s.data, opts)
		return err
	})
	if s.file == nil {
		return nb, err
	}
	// The parser releases the file a step behind itself, and the last
	// steps would stay resident through the diff or merge, when memory
	// peaks: drop them too. (A fallback that reads the bytes again, to
	// show them as text, reads them from the file.) A file indexed
	// (opts.Index) is kept whole, for the parses that use the index.
	if opts.Index == nil {
		s.file.Release(len(s.data))
	}
	return nb, err
}

// parallelMin is the size from which two versions are parsed on two
// goroutines: below it, starting one costs more than it saves.
const parallelMin = 1 << 20

// ParsePair parses two versions, at the same time when both are big enough for
// a second goroutine to pay and there is a second core. They share one
// string table (opts.Strings, a new one when nil), so that equal long
// strings, such as unchanged sources and images, are held once. Each
// error belongs to its side; the notebook of a side that failed is nil.
func ParsePair(a, b Source, opts notebook.ParseOptions) (na, nb *notebook.Notebook, errA, errB error) {
	if opts.Strings == nil {
		opts.Strings = new(notebook.StringTable)
	}
	if len(a.data) < parallelMin || len(b.data) < parallelMin || runtime.GOMAXPROCS(0) < 2 {
		na, errA = Parse(a, opts)
		nb, errB = Parse(b, opts)
		return na, nb, errA, errB
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		na, errA = Parse(a, opts)
	}()
	nb, errB = Parse(b, opts)
	<-done
	return na, nb, errA, errB
}
