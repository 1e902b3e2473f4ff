// Package merge is a temporary stand-in for github.com/nbtools/nbdiff/merge
// with the same API, so that cmd/nbmerge compiles until that package lands.
// It is deleted then.
package merge

import (
	"fmt"
	"strings"

	"github.com/nbtools/nbdiff/notebook"
)

// Options mirrors merge.Options.
type Options struct {
	MarkerSize                        int
	OursLabel, TheirsLabel, BaseLabel string
	Diff3                             bool
	StripOutputs                      bool
	NoWordMerge                       bool
}

// Kind mirrors merge.Kind.
type Kind int

// Conflict mirrors merge.Conflict.
type Conflict struct {
	Cell int
	Kind Kind
}

func (c Conflict) String() string { return fmt.Sprintf("cell %d: both changed", c.Cell) }

// Result mirrors merge.Result.
type Result struct {
	Notebook  *notebook.Notebook
	Conflicts []Conflict
	Notes     []string
}

// Notebooks returns ours, with a conflict when theirs differs.
func Notebooks(base, ours, theirs *notebook.Notebook, opts Options) *Result {
	r := &Result{Notebook: ours.Clone()}
	if string(notebook.Write(ours)) != string(notebook.Write(theirs)) {
		r.Conflicts = append(r.Conflicts, Conflict{})
	}
	return r
}

// Text wraps the whole of both sides in one conflict.
func Text(base, ours, theirs string, opts Options) (string, int) {
	n := opts.MarkerSize
	if n == 0 {
		n = 7
	}
	var b strings.Builder
	b.WriteString(strings.Repeat("<", n) + " ours\n" + ours)
	if opts.Diff3 {
		b.WriteString(strings.Repeat("|", n) + " base\n" + base)
	}
	b.WriteString(strings.Repeat("=", n) + "\n" + theirs + strings.Repeat(">", n) + " theirs\n")
	return b.String(), 1
}
