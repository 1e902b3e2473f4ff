// Command nbdiff shows what changed in Jupyter notebooks, cell by cell, and
// serves git as a diff driver, textconv and clean filter.
package main

import (
	"io"
	"os"

	"github.com/urfave/cli/v2"

	"github.com/nbtools/nbdiff/internal/cmdutil"
)

func main() { os.Exit(run(os.Args, os.Stdin, os.Stdout, os.Stderr)) }

// run runs nbdiff with args (args[0] is the program name) and returns the
// exit code.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	app := cmdutil.NewApp("nbdiff", "diff Jupyter notebooks cell by cell, for people and for git", cmdutil.Version, stdout, stderr)
	app.Commands = []*cli.Command{
		stripCommand(stdin, stdout, stderr),
	}
	return cmdutil.Run(app, args, stderr)
}
