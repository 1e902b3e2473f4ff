package main

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"

	"github.com/urfave/cli/v2"

	"github.com/nbtools/nbdiff/internal/cmdutil"
	"github.com/nbtools/nbdiff/internal/mapfile"
	"github.com/nbtools/nbdiff/internal/pipeline"
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
	if !c.IsSet("marker-size") {
		opts.MarkerSize = 0 // that of the file's markers
	}
	data, err := mapfile.ReadFile(file)
	if err != nil {
		return 0, err
	}
	fixed, err := pipeline.Fix(data, merge.FixOptions{
		Options:   opts,
		KeepDiff3: c.IsSet("diff3"),
		Stages:    func() (*merge.Stages, error) { return indexStages(dir, name) },
	})
	if err != nil {
		return 0, fmt.Errorf("%s: %w", file, err)
	}
	res := fixed.Result
	if res == nil {
		if n := len(fixed.Marked); n > 0 {
			verb := "hold"
			if n == 1 {
				verb = "holds"
			}
			fmt.Fprintf(stderr, "nbmerge: fix: %s: a valid notebook; %s %s conflict markers in its source\n", file, cmdutil.Plural(n, "cell", "cells"), verb)
			return n, nil
		}
		fmt.Fprintf(stderr, "nbmerge: fix: %s: a valid notebook without conflict markers; nothing to do\n", file)
		return 0, nil
	}
	out := notebook.Write(res.Notebook)
	if err := cmdutil.WriteFileAtomic(file, out, 0o644); err != nil {
		return 0, err
	}
	report(stderr, file, res, nil)
	if len(res.Conflicts) == 0 {
		fmt.Fprintf(stderr, "nbmerge: fix: %s: merged cleanly\n", file)
	}
	return len(res.Conflicts), nil
}

// indexStages returns the versions of file (named name in dir) in git's
// index when it is an unmerged path, or nil when it is not.
func indexStages(dir, name string) (*merge.Stages, error) {
	stages := unmergedStages(dir, name)
	if stages == nil {
		return nil, nil
	}
	if stages[2] == "" || stages[3] == "" {
		return nil, errors.New("deleted on one side of the merge; keep it with git add or drop it with git rm")
	}
	st := &merge.Stages{NoBase: stages[1] == ""}
	for n, data := range [...]*[]byte{&st.Base, &st.Ours, &st.Theirs} {
		if object := stages[n+1]; object != "" {
			var err error
			if *data, err = catBlob(dir, object); err != nil {
				return nil, err
			}
		}
	}
	return st, nil
}
