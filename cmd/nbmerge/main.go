// Command nbmerge merges three versions of a Jupyter notebook cell by cell
// and serves git as a merge driver.
package main

import (
	"io"
	"os"

	"github.com/nbtools/nbdiff/internal/cmdutil"
)

func main() { os.Exit(run(os.Args, os.Stdin, os.Stdout, os.Stderr)) }

// run runs nbmerge with args (args[0] is the program name) and returns the
// exit code.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	app := cmdutil.NewApp("nbmerge", "merge Jupyter notebooks cell by cell, for people and for git", cmdutil.Version, stdout, stderr)
	return cmdutil.Run(app, args, stderr)
}
