package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/nbtools/nbdiff/internal/cmdutil"
	"github.com/nbtools/nbdiff/merge"
	"github.com/nbtools/nbdiff/notebook"
)

func fixCommand(stderr io.Writer) *cli.Command {
	return &cli.Command{
		Name:      "fix",
		Usage:     "repair notebooks that hold git's textual conflict markers",
		ArgsUsage: "FILE...",
		Description: "Each FILE, a notebook in which a text merge left conflict markers in the JSON, is\n" +
			"split back into its sides, merged cell by cell, and rewritten (atomically) as a valid\n" +
			"notebook with any remaining conflict inside its cell. When FILE is an unmerged path of a\n" +
			"git repository, the versions in git's index (stages 1, 2, 3) are merged instead.\n" +
			"Exit status: 0 no conflict remains, 1 conflicts remain inside cells, 2 a file could not\n" +
			"be repaired (it is left as it was).",
		Flags: mergeFlags(),
		Action: func(c *cli.Context) error {
			if c.NArg() == 0 {
				return cmdutil.Usage("fix: no file given")
			}
			code := 0
			for _, file := range c.Args().Slice() {
				n, err := fixFile(c, file, stderr)
				switch {
				case err != nil:
					fmt.Fprintf(stderr, "nbmerge: fix: %v\n", err)
					code = 2
				case n > 0 && code == 0:
					code = 1
				}
			}
			if code != 0 {
				return cmdutil.Exit(code, nil)
			}
			return nil
		},
	}
}

// fixFile repairs one file and returns the number of conflicts left in it.
// On error the file is unchanged.
func fixFile(c *cli.Context, file string, stderr io.Writer) (int, error) {
	dir, name := filepath.Split(file)
	if dir == "" {
		dir = "."
	}
	opts, err := options(c, dir)
	if err != nil {
		return 0, err
	}
	base, ours, theirs, style, err := fixSides(dir, name, file)
	if err != nil {
		return 0, err
	}
	if ours == nil {
		// No conflict markers: nothing to split; say whether cells still
		// hold markers of an earlier merge.
		if n := cellsWithMarkers(theirs); n > 0 {
			fmt.Fprintf(stderr, "nbmerge: fix: %s: a valid notebook; %d cells hold conflict markers in their source\n", file, n)
			return n, nil
		}
		fmt.Fprintf(stderr, "nbmerge: fix: %s: a valid notebook without conflict markers; nothing to do\n", file)
		return 0, nil
	}
	// Without flags saying otherwise, conflicts that remain look like the
	// ones the file held.
	if opts.OursLabel == "" {
		opts.OursLabel = style.OursLabel
	}
	if opts.TheirsLabel == "" {
		opts.TheirsLabel = style.TheirsLabel
	}
	if opts.BaseLabel == "" {
		opts.BaseLabel = style.BaseLabel
	}
	if style.Size > 0 && !c.IsSet("marker-size") {
		opts.MarkerSize = style.Size
	}
	if style.Conflicts > 0 && !c.IsSet("diff3") {
		opts.Diff3 = style.HasBase
	}
	res, err := mergeNotebooks(base, ours, theirs, opts)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", file, err)
	}
	out := notebook.Write(res.Notebook)
	if err := cmdutil.WriteFileAtomic(file, out, 0o644); err != nil {
		return 0, err
	}
	report(stderr, file, res)
	if len(res.Conflicts) == 0 {
		fmt.Fprintf(stderr, "nbmerge: fix: %s: merged cleanly\n", file)
	}
	return len(res.Conflicts), nil
}

// fixSides returns the versions to merge for file (named name in dir). A
// file that is a valid notebook needs no repair: it gives nil ours and the
// parsed file as theirs, and is never rewritten (so edits made by hand are
// not lost). Otherwise the versions are the index stages when file is an
// unmerged path of a git repository, or else the sides of its conflict
// markers; the returned split tells the markers' style (its texts
// cleared).
func fixSides(dir, name, file string) (base, ours, theirs *notebook.Notebook, style merge.Sides, err error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, nil, nil, style, err
	}
	if nb, err := notebook.Parse(data); err == nil {
		return nil, nil, nb, style, nil
	}
	s, splitErr := merge.SplitMarkers(string(data))
	if splitErr == nil {
		style = merge.Sides{Conflicts: s.Conflicts, Size: s.Size, HasBase: s.HasBase,
			OursLabel: s.OursLabel, TheirsLabel: s.TheirsLabel, BaseLabel: s.BaseLabel}
	}
	if stages := unmergedStages(dir, name); stages != nil {
		if stages[2] == "" || stages[3] == "" {
			return nil, nil, nil, style, fmt.Errorf("%s: deleted on one side of the merge; keep it with git add or drop it with git rm", file)
		}
		var nbs [4]*notebook.Notebook
		for n := 1; n <= 3; n++ {
			if stages[n] == "" {
				continue // added on both sides: no base
			}
			data, err := catBlob(dir, stages[n])
			if err != nil {
				return nil, nil, nil, style, fmt.Errorf("%s: %w", file, err)
			}
			if nbs[n], err = notebook.Parse(data); err != nil {
				return nil, nil, nil, style, fmt.Errorf("%s: index stage %d (%s): %w", file, n, [...]string{"", "base", "ours", "theirs"}[n], err)
			}
		}
		return nbs[1], nbs[2], nbs[3], style, nil
	}
	if splitErr != nil {
		return nil, nil, nil, style, fmt.Errorf("%s: %w", file, splitErr)
	}
	if s.Conflicts == 0 {
		_, err := notebook.Parse(data)
		return nil, nil, nil, style, fmt.Errorf("%s: no conflict markers, and not a notebook: %w", file, err)
	}
	if ours, err = parseSide(file, "ours", s.Ours, s.OursLines); err != nil {
		return nil, nil, nil, style, err
	}
	if theirs, err = parseSide(file, "theirs", s.Theirs, s.TheirsLines); err != nil {
		return nil, nil, nil, style, err
	}
	if s.HasBase {
		if base, err = parseSide(file, "base", s.Base, s.BaseLines); err != nil {
			return nil, nil, nil, style, err
		}
	}
	return base, ours, theirs, style, nil
}

// parseSide parses the text of one side of a conflicted file; a syntax
// error names the line of the file it comes from.
func parseSide(file, side, text string, lines []int) (*notebook.Notebook, error) {
	nb, err := notebook.Parse([]byte(text))
	if err == nil {
		return nb, nil
	}
	var se *notebook.SyntaxError
	if errors.As(err, &se) && se.Line >= 1 && se.Line <= len(lines) {
		return nil, fmt.Errorf("%s: line %d: %s side of the conflicts is not a notebook: %w", file, lines[se.Line-1], side, err)
	}
	return nil, fmt.Errorf("%s: %s side of the conflicts is not a notebook: %w", file, side, err)
}

// cellsWithMarkers counts the cells of nb whose source holds a line that
// opens a conflict.
func cellsWithMarkers(nb *notebook.Notebook) int {
	n := 0
	for _, c := range nb.Cells {
		if strings.Contains(c.Source, "<<<<<<<") && merge.HasMarkers([]byte(c.Source)) {
			n++
		}
	}
	return n
}
