package nbdiffcli

import (
	"fmt"
	"io"
	"os"

	"github.com/urfave/cli/v2"

	"github.com/nbtools/nbdiff/internal/cmdutil"
	"github.com/nbtools/nbdiff/internal/gitcmd"
	"github.com/nbtools/nbdiff/internal/mapfile"
	"github.com/nbtools/nbdiff/internal/pipeline"
)

// textconvCommand prints the cell-delimited text of a stripped notebook,
// for diff.<driver>.textconv (git log -p, git show, --stat, blame). An
// input that is not a notebook is printed as it is, with a note on stderr,
// and the exit status stays 0 so git keeps going.
func textconvCommand(stdout, stderr io.Writer) *cli.Command {
	return &cli.Command{
		Name:            "textconv",
		Usage:           "cell-delimited text of a notebook (diff.nbdiff.textconv)",
		ArgsUsage:       "FILE",
		SkipFlagParsing: true, // git passes a path, which may start with "-"
		Action: func(c *cli.Context) error {
			if cmdutil.HelpAsked(c) {
				return nil
			}
			if c.NArg() != 1 {
				return cmdutil.Usage("textconv: want one file, got %s", cmdutil.Plural(c.NArg(), "argument", "arguments"))
			}
			path := c.Args().First()
			if fi, err := os.Stat(path); err == nil && fi.Mode().IsRegular() {
				pipeline.TextconvHeap(int(min(fi.Size(), 1<<30)))
			}
			data, err := mapfile.ReadFile(path)
			if err != nil {
				return cmdutil.Exit(2, fmt.Errorf("textconv: %w", err))
			}
			set, err := gitcmd.ReadSettings("")
			if err != nil {
				set = gitcmd.Settings{}
			}
			text, err := pipeline.Textconv(data, set.Strip)
			if err != nil {
				fmt.Fprintf(stderr, "nbdiff textconv: %s is not a notebook (%v); shown as it is\n", path, err)
				text = data
			}
			_, err = stdout.Write(text)
			return err
		},
	}
}
