package nbdiffcli

import (
	"fmt"
	"io"

	"github.com/urfave/cli/v2"

	"github.com/nbtools/nbdiff/internal/cmdutil"
	"github.com/nbtools/nbdiff/internal/gitcmd"
	"github.com/nbtools/nbdiff/internal/mapfile"
	"github.com/nbtools/nbdiff/internal/pipeline"
	"github.com/nbtools/nbdiff/notebook"
)

func stripCommand(stdin io.Reader, stdout, stderr io.Writer) *cli.Command {
	return &cli.Command{
		Name:      "strip",
		Usage:     "remove outputs, execution counts and volatile metadata from notebooks",
		ArgsUsage: "FILE... | -",
		Description: "Each FILE that has something to strip is rewritten in place (atomically) the way\n" +
			"Jupyter would save it; any other file is left untouched. With - the notebook is read\n" +
			"from standard input and written, stripped, to standard output.\n\n" +
			"What is kept comes from git's configuration (nbdiff.keepOutputs, nbdiff.keepCounts,\n" +
			"nbdiff.keepMetadata, nbdiff.extraMetadata), then from the flags. A notebook whose\n" +
			"metadata has \"keep_output\": true, and a cell with that metadata or the tag\n" +
			"keep_output, keep their outputs. A metadata KEY is \"metadata.KEY\" (the notebook's),\n" +
			"\"cell.metadata.KEY\" (every cell's) or a bare KEY (both).\n\n" +
			"With --check nothing is written: the notebooks that would change are listed on\n" +
			"standard output and the exit code is 1 (for CI and pre-commit).",
		Flags: []cli.Flag{
			&cli.BoolFlag{Name: "check", Usage: "change nothing; list the notebooks that would change and exit 1 if any"},
			&cli.BoolFlag{Name: "keep-outputs", Usage: "keep cell outputs"},
			&cli.BoolFlag{Name: "keep-counts", Usage: "keep execution counts"},
			&cli.StringSliceFlag{Name: "keep-metadata", Usage: "keep this volatile metadata `KEY` (repeatable)"},
			&cli.StringSliceFlag{Name: "extra-metadata", Usage: "also strip this metadata `KEY` (repeatable)"},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() == 0 {
				return cmdutil.Usage("strip: no file given (use - for standard input)")
			}
			set, err := gitcmd.ReadSettings("")
			if err != nil {
				return err
			}
			opts := set.Strip
			opts.KeepOutputs = opts.KeepOutputs || c.Bool("keep-outputs")
			opts.KeepCounts = opts.KeepCounts || c.Bool("keep-counts")
			opts.KeepMetadata = append(opts.KeepMetadata, gitcmd.MetadataPaths(c.StringSlice("keep-metadata"))...)
			opts.ExtraMetadata = append(opts.ExtraMetadata, gitcmd.MetadataPaths(c.StringSlice("extra-metadata"))...)
			check := c.Bool("check")
			failed, dirty := 0, 0
			for _, path := range c.Args().Slice() {
				changed, err := stripOne(path, opts, check, stdin, stdout)
				if err != nil {
					fmt.Fprintf(stderr, "nbdiff: strip: %v\n", err)
					failed++
					continue
				}
				if !changed {
					continue
				}
				dirty++
				switch {
				case check:
					// A list nobody can read is no check: a write
					// error (a full disk, a closed pipe) ends it.
					if _, err := fmt.Fprintln(stdout, displayName(path)); err != nil {
						return cmdutil.Exit(2, fmt.Errorf("strip: writing the list: %w", err))
					}
				case path != "-":
					fmt.Fprintf(stderr, "nbdiff: stripped %s\n", path)
				}
			}
			if failed > 0 {
				return cmdutil.Exit(2, nil)
			}
			if check && dirty > 0 {
				fmt.Fprintf(stderr, "nbdiff: %s outputs or volatile metadata (run nbdiff strip)\n", cmdutil.OfTotal(dirty, c.NArg(), "notebook", "notebooks", "holds", "hold"))
				return cmdutil.Exit(1, nil)
			}
			return nil
		},
	}
}

func displayName(path string) string {
	if path == "-" {
		return "<stdin>"
	}
	return path
}

// stripOne strips one notebook and reports whether stripping changes it.
// Path "-" is stdin to stdout (stripped, or unchanged when nothing is to
// strip); any other path is rewritten in place when it changes, unless
// check is set. With check nothing is written.
func stripOne(path string, opts notebook.StripOptions, check bool, stdin io.Reader, stdout io.Writer) (bool, error) {
	var data []byte
	var err error
	if path == "-" {
		data, err = mapfile.ReadAll(stdin, "standard input")
	} else {
		data, err = mapfile.ReadFile(path)
	}
	if err != nil {
		return false, err
	}
	out, changed, err := pipeline.Strip(data, opts)
	if err != nil {
		return false, fmt.Errorf("%s: %w", displayName(path), err)
	}
	switch {
	case check:
	case path == "-":
		_, err = stdout.Write(out)
	case changed:
		err = cmdutil.WriteFileAtomic(path, out, 0o644)
	}
	return changed, err
}
