package nbdiffcli

import (
	"fmt"
	"io"

	"github.com/urfave/cli/v2"

	"github.com/nbtools/nbdiff/internal/cmdutil"
	"github.com/nbtools/nbdiff/internal/pipeline"
)

// driverCommand is git's external diff protocol (diff.<driver>.command):
//
//	nbdiff driver PATH OLD-FILE OLD-HEX OLD-MODE NEW-FILE NEW-HEX NEW-MODE [NEW-PATH META]
//
// 7 arguments, 9 for a rename or copy, 1 for an unmerged path. An absent
// side is /dev/null with hex and mode ".". git prints no header for an
// external diff, so the rendered diff carries its own "diff --git" lines.
// It always exits 0: any other status makes git abort the whole diff.
func driverCommand(stdout, stderr io.Writer) *cli.Command {
	return &cli.Command{
		Name:            "driver",
		Usage:           "git's external diff driver (diff.nbdiff.command)",
		ArgsUsage:       "PATH OLD-FILE OLD-HEX OLD-MODE NEW-FILE NEW-HEX NEW-MODE [NEW-PATH META]",
		SkipFlagParsing: true, // git passes paths, which may start with "-"
		Action: func(c *cli.Context) (err error) {
			if cmdutil.HelpAsked(c) {
				return nil
			}
			// Whatever happens, git must see status 0, or it stops
			// the diff of every other file too.
			defer func() {
				if p := recover(); p != nil {
					fmt.Fprintf(stderr, "nbdiff driver: internal error: %v\n", p)
				}
				err = nil
			}()
			// A pager that quit early is not worth a word.
			if err := driver(c, stdout, stderr); err != nil && !cmdutil.IsClosedPipe(err) {
				fmt.Fprintf(stderr, "nbdiff driver: %v\n", err)
			}
			return nil
		},
	}
}

func driver(c *cli.Context, stdout, stderr io.Writer) error {
	args := c.Args().Slice()
	switch len(args) {
	case 1:
		// An unmerged path: git prints nothing for it when it runs an
		// external diff, so say what git's own diff says.
		_, err := fmt.Fprintf(stdout, "* Unmerged path %s\n", args[0])
		return err
	case 7, 9:
	default:
		return fmt.Errorf("want 7 or 9 arguments from git (1 for an unmerged path), got %d", len(args))
	}
	// git pages the external diff itself: never a pager here.
	opts, _, err := diffOptions(c, stdout, "", false)
	if err != nil {
		return err
	}
	p := pipeline.Pair{OldPath: args[0], NewPath: args[0], OldMode: args[3], NewMode: args[6]}
	if len(args) == 9 {
		p.NewPath, p.Header = args[7], args[8]
	}
	if p.Old, err = driverSide(args[1], args[2]); err != nil {
		return err
	}
	if p.New, err = driverSide(args[4], args[5]); err != nil {
		p.Old.Close()
		return err
	}
	d := pipeline.NewDiffer(stdout, stderr, opts)
	err = pipeline.DiffPair(d, p)
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}

// driverSide reads one side that git passes: a file, or /dev/null with
// hex "." for an absent side (Git for Windows' shell hands /dev/null on
// as "nul").
func driverSide(file, hex string) (pipeline.Source, error) {
	if hex == "." || pipeline.IsNullDevice(file) {
		return pipeline.Absent(), nil
	}
	return pipeline.Present(file)
}
