package nbdiffcli

import (
	"fmt"
	"io"

	"github.com/urfave/cli/v2"

	"github.com/nbtools/nbdiff/internal/cmdutil"
	"github.com/nbtools/nbdiff/internal/gitcmd"
	"github.com/nbtools/nbdiff/internal/mapfile"
	"github.com/nbtools/nbdiff/internal/pipeline"
	"github.com/nbtools/nbdiff/internal/pktline"
	"github.com/nbtools/nbdiff/notebook"
)

func filterCommand(stdin io.Reader, stdout, stderr io.Writer) *cli.Command {
	return &cli.Command{
		Name:  "filter",
		Usage: "git clean filter: strip a notebook on its way into the repository",
		Description: "Reads a notebook on standard input and writes it stripped to standard output\n" +
			"(filter.nbdiff.clean). With --process it speaks git's long-running filter protocol\n" +
			"(filter.nbdiff.process), so one process serves a whole git add, git status or\n" +
			"checkout. Input that is not a notebook passes through unchanged, with a note on\n" +
			"standard error. What is kept follows git's configuration, as for nbdiff strip.\n" +
			"Only clean is offered: a checkout writes notebooks as they were stored.\n" +
			"Set up by nbdiff install --strip.",
		Flags: []cli.Flag{
			&cli.BoolFlag{Name: "process", Usage: "serve git's long-running filter protocol (version 2, clean)"},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				return cmdutil.Usage("filter: unexpected argument %q", c.Args().First())
			}
			set, err := gitcmd.ReadSettings("")
			opts := set.Strip
			clean := func(path string, data []byte) ([]byte, error) {
				return cleanFile(path, data, opts, stderr), nil
			}
			if err != nil {
				if !c.Bool("process") {
					return fmt.Errorf("filter: %w", err)
				}
				// A process that ends before the handshake makes git die
				// ("the remote end hung up unexpectedly") in every git add
				// and git status. Serve it, and fail each file instead: git
				// then stores it unfiltered and goes on.
				fmt.Fprintf(stderr, "nbdiff filter: %v; notebooks are stored unfiltered\n", err)
				clean = func(string, []byte) ([]byte, error) { return nil, err }
			}
			if c.Bool("process") {
				pipeline.GCForFilter()
				growPipes(stdin, stdout)
				return pktline.ServeFilter(stdin, stdout, pktline.Filters{Clean: clean})
			}
			data, err := mapfile.ReadAll(stdin, "standard input")
			if err != nil {
				return fmt.Errorf("filter: %w", err)
			}
			_, err = stdout.Write(cleanFile("", data, opts, stderr))
			return err
		},
	}
}

// cleanFile returns data stripped when it is a notebook, and data itself,
// with a one-line note on stderr, when it is not: a filter must never lose
// a file.
func cleanFile(path string, data []byte, opts notebook.StripOptions, stderr io.Writer) []byte {
	out, _, err := pipeline.Strip(data, opts)
	if err != nil {
		if path == "" {
			path = "<stdin>"
		}
		fmt.Fprintf(stderr, "nbdiff filter: %s: stored unchanged, not a notebook: %v\n", path, err)
		return data
	}
	return out
}
