package merge

import (
	"errors"
	"fmt"

	"github.com/nbtools/nbdiff/notebook"
)

// FixOptions control Fix.
type FixOptions struct {
	// Options are those of the merge. The marker settings it leaves
	// unset are taken from the file's first conflict, so that conflicts
	// that remain look like the ones the file held: a label that is "",
	// a MarkerSize of 0, and Diff3 (set when every conflict had a base
	// section) unless KeepDiff3. Where the file's markers cannot be read,
	// they keep the meaning Options gives them.
	Options
	// KeepDiff3 keeps Options.Diff3 as it is, whatever the file holds
	// (the caller was told which style to use).
	KeepDiff3 bool
	// Stages, when not nil, returns the versions that git's index holds
	// of the file, or nil when the file is not an unmerged path. Fix calls
	// it once, and only when the file is not a notebook; its error is
	// returned as it is.
	Stages func() (*Stages, error)
}

// Stages are the versions of a file that git's index holds while the file
// is unmerged: stage 1 (the base), 2 (ours) and 3 (theirs).
type Stages struct {
	Base, Ours, Theirs []byte
	// NoBase says there is no stage 1: both sides added the file (Base is
	// then ignored).
	NoBase bool
}

// Fixed is what Fix made of a file.
type Fixed struct {
	// Result is the merge of the file's versions, or nil when the file was
	// a notebook already.
	Result *Result
	// Marked lists, when the file was a notebook already, the cells whose
	// source still holds conflict markers (MarkedCells).
	Marked []int
}

// Fix repairs data, a notebook file into which a text merge wrote git's
// conflict markers, and returns the merge of the versions it was made of,
// with any conflict that remains marked inside its cell.
//
// A file that is a valid notebook needs no repair: Fix returns a Fixed
// without Result that lists its cells still holding markers, so that a
// caller never overwrites edits made by hand after a first repair.
// Otherwise the versions are those of opts.Stages when it returns some
// (they tell which side an execution count came with, which the markers
// cannot), or else the sides of the markers (SplitMarkers): the base only
// when every conflict had a ||||||| section, and otherwise none, so that
// the sides merge as an add/add. They are merged by Notebooks.
//
// The error says what could not be read: a stray or unclosed marker, a
// side that is not a notebook (naming the line of data the syntax error is
// on), an index stage that is not a notebook, or a file that holds no
// markers and is not a notebook. Fix does not modify data; its cost is
// that of parsing data and the versions, plus that of Notebooks.
func Fix(data []byte, opts FixOptions) (*Fixed, error) {
	nb, parseErr := notebook.Parse(data)
	if parseErr == nil {
		return &Fixed{Marked: MarkedCells(nb)}, nil
	}
	s, splitErr := SplitMarkers(string(data))
	var stages *Stages
	if opts.Stages != nil {
		var err error
		if stages, err = opts.Stages(); err != nil {
			return nil, err
		}
	}
	var base, ours, theirs *notebook.Notebook
	var err error
	switch {
	case stages != nil:
		base, ours, theirs, err = stages.parse()
	case splitErr != nil:
		return nil, splitErr
	case s.Conflicts == 0:
		return nil, fmt.Errorf("no conflict markers, and not a notebook: %w", parseErr)
	default:
		base, ours, theirs, err = s.parse()
	}
	if err != nil {
		return nil, err
	}
	mopts := opts.Options
	if splitErr == nil {
		mopts = s.restyle(mopts, opts.KeepDiff3)
	}
	return &Fixed{Result: Notebooks(base, ours, theirs, mopts)}, nil
}

// restyle returns opts with the marker settings it leaves unset taken from
// the first conflict of s (see FixOptions).
func (s *Sides) restyle(opts Options, keepDiff3 bool) Options {
	if opts.OursLabel == "" {
		opts.OursLabel = s.OursLabel
	}
	if opts.TheirsLabel == "" {
		opts.TheirsLabel = s.TheirsLabel
	}
	if opts.BaseLabel == "" {
		opts.BaseLabel = s.BaseLabel
	}
	if s.Size > 0 && opts.MarkerSize == 0 {
		opts.MarkerSize = s.Size
	}
	if s.Conflicts > 0 && !keepDiff3 {
		opts.Diff3 = s.HasBase
	}
	return opts
}

// parse parses the versions of the index; the base is nil without stage 1.
func (st *Stages) parse() (base, ours, theirs *notebook.Notebook, err error) {
	var nbs [3]*notebook.Notebook
	for i, data := range [3][]byte{st.Base, st.Ours, st.Theirs} {
		if i == 0 && st.NoBase {
			continue
		}
		if nbs[i], err = notebook.Parse(data); err != nil {
			return nil, nil, nil, fmt.Errorf("index stage %d (%s): %w", i+1, [...]string{"base", "ours", "theirs"}[i], err)
		}
	}
	return nbs[0], nbs[1], nbs[2], nil
}

// parse parses the sides of the conflicts; the base is nil unless every
// conflict had a base section.
func (s *Sides) parse() (base, ours, theirs *notebook.Notebook, err error) {
	if ours, err = parseSide("ours", s.Ours, s.OursLines); err != nil {
		return nil, nil, nil, err
	}
	if theirs, err = parseSide("theirs", s.Theirs, s.TheirsLines); err != nil {
		return nil, nil, nil, err
	}
	if s.HasBase {
		if base, err = parseSide("base", s.Base, s.BaseLines); err != nil {
			return nil, nil, nil, err
		}
	}
	return base, ours, theirs, nil
}

// parseSide parses the text of one side of a conflicted file; a syntax
// error names the line of the file it comes from (lines maps the side's
// lines to the file's).
func parseSide(side, text string, lines []int) (*notebook.Notebook, error) {
	nb, err := notebook.Parse([]byte(text))
	if err == nil {
		return nb, nil
	}
	var se *notebook.SyntaxError
	if errors.As(err, &se) && se.Line >= 1 && se.Line <= len(lines) {
		return nil, fmt.Errorf("line %d: %s side of the conflicts is not a notebook: %w", lines[se.Line-1], side, err)
	}
	return nil, fmt.Errorf("%s side of the conflicts is not a notebook: %w", side, err)
}
