package merge

import (
	"fmt"

	"github.com/nbtools/nbdiff/notebook"
)

// Options control a merge. The zero value means: markers of 7 characters
// labelled "ours" and "theirs", no base section, outputs kept, word-level
// retry on.
type Options struct {
	// MarkerSize is the length of conflict markers; 0 means 7, and more
	// than MaxMarkerSize means MaxMarkerSize.
	MarkerSize int
	// OursLabel, TheirsLabel and BaseLabel follow the markers; "" means
	// "ours", "theirs" and "base".
	OursLabel, TheirsLabel, BaseLabel string
	// Diff3 adds a "|||||||" section holding the base to every conflict
	// (git's merge.conflictStyle diff3 and zdiff3).
	Diff3 bool
	// StripOutputs clears all outputs and execution counts in the result
	// (nbmerge --outputs=strip).
	StripOutputs bool
	// NoWordMerge turns off the word-level retry of overlapping hunks.
	NoWordMerge bool

	// keepSmallEdits turns off row delete/small edit (a cell deleted on
	// one side and changed a little on the other goes): tests that check
	// that no added line is lost use it.
	keepSmallEdits bool
}

// MaxMarkerSize is the longest conflict marker written: git passes the
// size a repository's conflict-marker-size attribute asks for, and a
// huge one would take all memory.
const MaxMarkerSize = 1024

// Kind says what a conflict is about.
type Kind int

// The kinds of conflict.
const (
	// SourceConflict: both sides changed the same lines of a cell's source.
	SourceConflict Kind = iota + 1
	// DeletedByOurs: ours deleted a cell whose source or type theirs changed.
	DeletedByOurs
	// DeletedByTheirs: theirs deleted a cell whose source or type ours changed.
	DeletedByTheirs
	// TypeConflict: both sides changed the cell's type, each to another;
	// the cell has ours' (there are no markers to mark it).
	TypeConflict
	// AttachmentConflict: both sides changed one of the cell's
	// attachments (a pasted image) differently; the cell has ours'.
	AttachmentConflict
)

// String returns a short description of the kind.
func (k Kind) String() string {
	switch k {
	case SourceConflict:
		return "both sides edited the same lines"
	case DeletedByOurs:
		return "ours deleted the cell, theirs edited it"
	case DeletedByTheirs:
		return "theirs deleted the cell, ours edited it"
	case TypeConflict:
		return "both sides changed the cell type: ours kept, check it"
	case AttachmentConflict:
		return "both sides changed an attachment: ours kept, check it"
	}
	return fmt.Sprintf("conflict kind %d", int(k))
}

// A Conflict is one cell of the merged notebook that holds a conflict.
type Conflict struct {
	// Cell is the index of the cell in the merged notebook.
	Cell int
	// Kind says what the conflict is about.
	Kind Kind
	// Type and ID are the merged cell's type and id ("" when none).
	Type, ID string
	// Regions is the number of conflict regions (marker blocks) in the
	// cell's source.
	Regions int
}

// String describes the conflict in one line, for example
// `cell 4 (code, id 1a2b): both sides edited the same lines`.
func (c Conflict) String() string {
	what := c.Type
	if c.ID != "" {
		what += ", id " + c.ID
	}
	s := fmt.Sprintf("cell %d (%s): %s", c.Cell+1, what, c.Kind)
	if c.Regions > 1 {
		s += fmt.Sprintf(" (%d places)", c.Regions)
	}
	return s
}

// A Result is a merged notebook and what the merge found.
type Result struct {
	// Notebook is the merged notebook; it shares nothing with the inputs.
	Notebook *notebook.Notebook
	// Conflicts are the conflicting cells, in cell order.
	Conflicts []Conflict
	// Notes are things worth a line on stderr: cells resolved by the
	// word-level merge, metadata keys that clashed (ours kept), ids
	// replaced.
	Notes []string
}
