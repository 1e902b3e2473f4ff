package pktline

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
)

// A FilterFunc converts the content of the file at path (relative to the
// top of the work tree, with forward slashes) and returns the result,
// which may be content itself or share its memory. It must not keep
// content, nor change it: ServeFilter reads the next file into the same
// memory once it has sent the result. An error makes git treat the file
// as failed by the filter (with filter.<driver>.required unset, git then
// uses the unfiltered content and goes on).
type FilterFunc func(path string, content []byte) ([]byte, error)

// Filters are the conversions a filter process offers. A nil function is
// not advertised, so git never asks for it (with no smudge, git checks
// files out unchanged).
type Filters struct {
	Clean  FilterFunc
	Smudge FilterFunc
}

// ServeFilter speaks git's long-running filter protocol, version 2, as the
// filter process (the server) reading git's packets from r and writing its
// answers to w, until git closes r. The exchange, with "git>" for what git
// sends and "git<" for the answers:
//
//	git> git-filter-client, version=2, flush
//	git< git-filter-server, version=2, flush
//	git> capability=clean, capability=smudge, capability=delay, flush
//	git< capability=clean, flush   (those of f offered by git)
//
// then for every file
//
//	git> command=clean, pathname=PATH, [other keys], flush, CONTENT..., flush
//	git< status=success, flush, CONTENT..., flush, flush (an empty list: status unchanged)
//
// or, when the function fails (returns an error or panics) or the command
// was not advertised,
//
//	git< status=error, flush
//
// It returns nil when git ends the session at a file boundary and an error
// for a broken handshake, a packet that breaks the framing or a failed
// write. It does not change f.
func ServeFilter(r io.Reader, w io.Writer, f Filters) error {
	pr, pw := NewReader(r), NewWriter(w)
	if err := handshake(pr, pw, f); err != nil {
		return err
	}
	content := []byte{} // every file is read into the same memory
	for {
		header, err := pr.ReadText()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			return fmt.Errorf("pktline: filter: reading request: %w", err)
		}
		var command, path string
		for _, kv := range header {
			k, v, _ := strings.Cut(kv, "=")
			switch k {
			case "command":
				command = v
			case "pathname":
				path = v
			}
		}
		content, err = pr.AppendContent(content[:0])
		if err != nil {
			return fmt.Errorf("pktline: filter: reading %q: %w", path, err)
		}
		var fn FilterFunc
		switch command {
		case "clean":
			fn = f.Clean
		case "smudge":
			fn = f.Smudge
		}
		var out []byte
		ferr := errors.New("unsupported command")
		if fn != nil {
			out, ferr = call(fn, path, content)
		}
		if ferr != nil {
			pw.WriteText("status=error")
			if err := pw.WriteFlush(); err != nil {
				return fmt.Errorf("pktline: filter: %w", err)
			}
			continue
		}
		// The whole answer goes in one write (or as few as the buffer
		// allows): git reads it once it has sent the file, and each
		// write it waits for costs a switch between the processes.
		pw.WriteText("status=success")
		pw.endList()
		pw.WriteContent(out)
		pw.endList()
		if err := pw.WriteFlush(); err != nil {
			return fmt.Errorf("pktline: filter: %w", err)
		}
	}
}

// call runs fn and turns a panic into an error: one file the function
// cannot handle fails alone (git stores it unfiltered) instead of ending
// the process, which makes git die in the middle of a git add.
func call(fn FilterFunc, path string, content []byte) (out []byte, err error) {
	defer func() {
		if r := recover(); r != nil {
			out, err = nil, fmt.Errorf("pktline: filter: %s: panic: %v", path, r)
		}
	}()
	return fn(path, content)
}

// handshake runs the version and capability negotiation.
func handshake(pr *Reader, pw *Writer, f Filters) error {
	hello, err := pr.ReadText()
	if err != nil {
		return fmt.Errorf("pktline: filter handshake: %w", err)
	}
	if len(hello) == 0 || hello[0] != "git-filter-client" {
		return fmt.Errorf("pktline: filter handshake: expected git-filter-client, got %q", hello)
	}
	if !slices.Contains(hello[1:], "version=2") {
		return fmt.Errorf("pktline: filter handshake: git offers %q, not version=2", hello[1:])
	}
	pw.WriteText("git-filter-server", "version=2")
	if err := pw.WriteFlush(); err != nil {
		return fmt.Errorf("pktline: filter handshake: %w", err)
	}
	caps, err := pr.ReadText()
	if err != nil {
		return fmt.Errorf("pktline: filter handshake: reading capabilities: %w", err)
	}
	for _, c := range []struct {
		name string
		fn   FilterFunc
	}{{"clean", f.Clean}, {"smudge", f.Smudge}} {
		if c.fn != nil && slices.Contains(caps, "capability="+c.name) {
			pw.WriteText("capability=" + c.name)
		}
	}
	if err := pw.WriteFlush(); err != nil {
		return fmt.Errorf("pktline: filter handshake: %w", err)
	}
	return nil
}
