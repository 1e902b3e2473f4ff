package main

import (
	"bytes"
	"fmt"
	"io"
	"os"

	"github.com/urfave/cli/v2"

	"github.com/nbtools/nbdiff/internal/cmdutil"
	"github.com/nbtools/nbdiff/notebook"
)

func stripCommand(stdin io.Reader, stdout, stderr io.Writer) *cli.Command {
	return &cli.Command{
		Name:      "strip",
		Usage:     "remove outputs, execution counts and volatile metadata from notebooks",
		ArgsUsage: "FILE... | -",
		Description: "Each FILE is rewritten in place (atomically) the way Jupyter would save it; a file that\n" +
			"needs no change is left untouched. With - the notebook is read from standard input\n" +
			"and the stripped notebook written to standard output.",
		Action: func(c *cli.Context) error {
			if c.NArg() == 0 {
				return cmdutil.Usage("strip: no file given (use - for standard input)")
			}
			var opts notebook.StripOptions
			failed := false
			for _, path := range c.Args().Slice() {
				if err := stripOne(path, opts, stdin, stdout); err != nil {
					fmt.Fprintf(stderr, "nbdiff: %v\n", err)
					failed = true
				}
			}
			if failed {
				return cmdutil.Exit(2, nil)
			}
			return nil
		},
	}
}

// stripOne strips one notebook: path "-" is stdin to stdout, anything else is
// rewritten in place when stripping changes its bytes.
func stripOne(path string, opts notebook.StripOptions, stdin io.Reader, stdout io.Writer) error {
	var data []byte
	var err error
	if path == "-" {
		data, err = io.ReadAll(stdin)
	} else {
		data, err = os.ReadFile(path)
	}
	if err != nil {
		return err
	}
	name := path
	if path == "-" {
		name = "<stdin>"
	}
	nb, err := notebook.Parse(data)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	notebook.Strip(nb, opts)
	out := notebook.Write(nb)
	if path == "-" {
		_, err = stdout.Write(out)
		return err
	}
	if bytes.Equal(out, data) {
		return nil
	}
	return cmdutil.WriteFileAtomic(path, out, 0o644)
}
