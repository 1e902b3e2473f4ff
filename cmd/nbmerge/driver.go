package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strconv"

	"github.com/urfave/cli/v2"

	"github.com/nbtools/nbdiff/internal/cmdutil"
	"github.com/nbtools/nbdiff/merge"
	"github.com/nbtools/nbdiff/notebook"
)

func driverCommand(stderr io.Writer) *cli.Command {
	return &cli.Command{
		Name:      "driver",
		Usage:     "git's merge driver protocol: merge into OURS",
		ArgsUsage: "BASE OURS THEIRS [MARKER-SIZE [PATH [OURS-LABEL THEIRS-LABEL]]]",
		Description: "Configure git with\n" +
			"  git config merge.nbmerge.driver 'nbmerge driver %O %A %B %L %P'\n" +
			"  echo '*.ipynb merge=nbmerge' >> .gitattributes\n" +
			"The merged notebook replaces OURS (atomically, once everything is computed). Exit status\n" +
			"0 clean, 1 conflicts. An input that is not a notebook is merged as plain text with\n" +
			"conflict markers, and the exit status is 1.",
		Flags: mergeFlags(),
		Action: func(c *cli.Context) error {
			return driver(c, stderr)
		},
	}
}

// driver is the action of nbmerge driver.
func driver(c *cli.Context, stderr io.Writer) error {
	args := c.Args().Slice()
	if len(args) < 3 || len(args) > 7 {
		return cmdutil.Usage("driver: want BASE OURS THEIRS [MARKER-SIZE [PATH [OURS-LABEL THEIRS-LABEL]]], got %d arguments", len(args))
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
	parsed := gcForMerge()
	var data [3][]byte
	for i := range data {
		if data[i], err = os.ReadFile(args[i]); err != nil {
			return cmdutil.Exit(2, fmt.Errorf("%s: %w", path, err))
		}
	}
	oursFile := args[1]
	if out, ok := merge.FastPath(data[0], data[1], data[2], opts); ok {
		if bytes.Equal(out, data[1]) {
			return nil
		}
		return writeResult(oursFile, path, out, 0)
	}
	names := []string{path + " (base)", path + " (ours)", path + " (theirs)"}
	base, ours, theirs, err := parseSides(names, data)
	parsed()
	var baseErr error
	if err != nil && ours != nil && theirs != nil {
		// Only the base is no notebook (a committed text merge, say): merge
		// the sides as if both added the file, which keeps the result a
		// notebook and loses nothing.
		baseErr, err = err, nil
	}
	var res *merge.Result
	if err == nil {
		res, err = mergeNotebooks(base, ours, theirs, opts)
	}
	if err != nil {
		// Not a notebook: merge the bytes as text, so that neither side is
		// lost, and let the person look.
		text := merge.Text(string(data[0]), string(data[1]), string(data[2]), opts)
		hint := ""
		for i, side := range []string{"base", "ours", "theirs"} {
			if merge.HasMarkers(data[i]) {
				hint = " (" + side + " holds conflict markers)"
				break
			}
		}
		fmt.Fprintf(stderr, "nbmerge: %v%s; merged as plain text, check the conflict markers\n", err, hint)
		return writeResult(oursFile, path, []byte(text), 1)
	}
	out := notebook.Write(res.Notebook)
	report(stderr, path, res)
	conflicts := len(res.Conflicts)
	if baseErr != nil {
		fmt.Fprintf(stderr, "nbmerge: %v; merged the sides as if both added the file, check the result\n", baseErr)
		conflicts++
	}
	return writeResult(oursFile, path, out, conflicts)
}

// writeResult replaces file with data and returns the error that gives the
// exit code: 1 when there are conflicts.
func writeResult(file, path string, data []byte, conflicts int) error {
	if err := cmdutil.WriteFileAtomic(file, data, 0o644); err != nil {
		return cmdutil.Exit(2, fmt.Errorf("%s: %w", path, err))
	}
	if conflicts > 0 {
		return cmdutil.Exit(1, nil)
	}
	return nil
}
