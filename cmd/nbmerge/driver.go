package main

import (
	"fmt"
	"io"
	"strconv"

	"github.com/urfave/cli/v2"

	"github.com/nbtools/nbdiff/internal/cmdutil"
	"github.com/nbtools/nbdiff/internal/pipeline"
	"github.com/nbtools/nbdiff/merge"
)

func driverCommand(stderr io.Writer) *cli.Command {
	return &cli.Command{
		Name:      "driver",
		Usage:     "git's merge driver protocol: merge into OURS",
		ArgsUsage: "BASE OURS THEIRS [MARKER-SIZE [PATH [OURS-LABEL THEIRS-LABEL [BASE-LABEL]]]]",
		Description: "nbdiff install configures git to run it; by hand:\n" +
			"  git config merge.nbmerge.driver 'nbmerge driver %O %A %B %L %P'\n" +
			"  echo '*.ipynb merge=nbmerge' >> .gitattributes\n" +
			"(git 2.44 and later also pass their conflict labels: ... %P %X %Y %S.)\n" +
			"The merged notebook replaces OURS (atomically, once everything is computed). Exit status\n" +
			"0 clean, 1 conflicts. An input that is not a notebook is merged as plain text, with\n" +
			"conflict markers where the sides conflict (exit status 1 then, 0 when that merge is clean);\n" +
			"a base alone that is not one is merged as if both sides added the file (exit status 1).",
		Flags: mergeFlags(),
		Action: func(c *cli.Context) error {
			return driver(c, stderr)
		},
	}
}

// driver is the action of nbmerge driver.
func driver(c *cli.Context, stderr io.Writer) error {
	args := c.Args().Slice()
	if len(args) < 3 || len(args) > 8 {
		return cmdutil.Usage("driver: want BASE OURS THEIRS [MARKER-SIZE [PATH [OURS-LABEL THEIRS-LABEL [BASE-LABEL]]]], got %s", cmdutil.Plural(len(args), "argument", "arguments"))
	}
	// git runs drivers at the top of the work tree, where git config sees
	// the repository's settings.
	opts, err := options(c, ".")
	if err != nil {
		return err
	}
	if len(args) > 3 {
		n, err := strconv.Atoi(args[3])
		if err != nil || n < 1 {
			return cmdutil.Usage("driver: marker size %q: want a positive number", args[3])
		}
		if n > merge.MaxMarkerSize {
			// git passes the conflict-marker-size attribute as it is;
			// refusing would leave ours alone as a conflict, without
			// markers.
			fmt.Fprintf(stderr, "nbmerge: marker size %d (the conflict-marker-size attribute) is more than %d: markers of %d written\n", n, merge.MaxMarkerSize, merge.MaxMarkerSize)
			n = merge.MaxMarkerSize
		}
		opts.MarkerSize = n
	}
	path := args[1]
	if len(args) > 4 && args[4] != "" {
		path = args[4]
	}
	if len(args) > 5 && args[5] != "" {
		opts.OursLabel = args[5]
	}
	if len(args) > 6 && args[6] != "" {
		opts.TheirsLabel = args[6]
	}
	if len(args) > 7 && args[7] != "" {
		opts.BaseLabel = args[7]
	}
	m, err := pipeline.Merge([3]string(args[:3]), pipeline.MergeOptions{Options: opts, Driver: true, Path: path, TuneGC: true})
	if err != nil {
		return cmdutil.Exit(2, err)
	}
	report(stderr, path, m.Result, m.Notes)
	if !m.Unchanged {
		write := func(w io.Writer) error { _, err := m.WriteTo(w); return err }
		if err := cmdutil.WriteFileAtomicFunc(args[1], 0o644, write); err != nil {
			return cmdutil.Exit(2, fmt.Errorf("%s: %w", path, err))
		}
	}
	if m.Conflicts > 0 {
		return cmdutil.Exit(1, nil)
	}
	return nil
}
