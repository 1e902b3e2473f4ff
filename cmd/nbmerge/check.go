package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/nbtools/nbdiff/internal/cmdutil"
	"github.com/nbtools/nbdiff/internal/gitcmd"
	"github.com/nbtools/nbdiff/merge"
	"github.com/nbtools/nbdiff/notebook"
)

func checkCommand(stdout, stderr io.Writer) *cli.Command {
	return &cli.Command{
		Name:      "check",
		Usage:     "list the cells that still hold conflict markers",
		ArgsUsage: "FILE...",
		Description: "Lists on standard output every cell of each FILE whose source still holds a\n" +
			"conflict (a line of at least 7 '<'), with the lines of each conflict inside the\n" +
			"cell's source; and a FILE that is no notebook because a text merge left git's\n" +
			"markers in its JSON, with the lines of the file (nbmerge fix repairs it). With\n" +
			"--cached the versions staged in git's index are checked (a pre-commit hook's\n" +
			"view). Exit status: 0 no markers, 1 markers found, 2 a file could not be read or\n" +
			"is no notebook for another reason.",
		Flags: []cli.Flag{
			&cli.BoolFlag{Name: "cached", Aliases: []string{"staged"}, Usage: "check the versions in git's index, not the working files"},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() == 0 {
				return cmdutil.Usage("check: no file given")
			}
			failed, marked := 0, 0
			for _, file := range c.Args().Slice() {
				found, err := checkFile(file, c.Bool("cached"), stdout)
				switch {
				case err != nil:
					fmt.Fprintf(stderr, "nbmerge: check: %s: %v\n", file, err)
					failed++
				case found:
					marked++
				}
			}
			if marked > 0 {
				fmt.Fprintf(stderr, "nbmerge: check: %s conflict markers: resolve them before committing\n", cmdutil.OfTotal(marked, c.NArg(), "notebook", "notebooks", "holds", "hold"))
			}
			switch {
			case failed > 0:
				return cmdutil.Exit(2, nil)
			case marked > 0:
				return cmdutil.Exit(1, nil)
			}
			return nil
		},
	}
}

// checkFile writes to w a line for each cell of the notebook in file (or
// its version in git's index, with cached) that holds conflict markers,
// or one line for a file that holds git's markers in its JSON, and
// reports whether it wrote any. A file that cannot be read, or that is no
// notebook and holds no markers, is an error.
func checkFile(file string, cached bool, w io.Writer) (bool, error) {
	var data []byte
	var err error
	if cached {
		data, err = indexBlob(file)
	} else {
		data, err = os.ReadFile(file)
	}
	if err != nil {
		return false, err
	}
	nb, parseErr := notebook.Parse(data)
	if parseErr != nil {
		spans := merge.ConflictLines(string(data))
		if spans == nil {
			return false, parseErr
		}
		_, err := fmt.Fprintf(w, "%s: git's conflict markers in the JSON, %s of the file (nbmerge fix %s repairs it)\n",
			file, lineSpans(spans), file)
		return true, err
	}
	cells := merge.MarkedCells(nb)
	for _, i := range cells {
		cell := nb.Cells[i]
		what := cell.Type
		if cell.ID != "" {
			what += ", id " + cell.ID
		}
		if _, err := fmt.Fprintf(w, "%s: cell %d (%s): conflict markers, %s of its source\n",
			file, i+1, what, lineSpans(merge.ConflictLines(cell.Source))); err != nil {
			return true, err
		}
	}
	return len(cells) > 0, nil
}

// lineSpans writes the spans of ConflictLines for people: "lines 3-7",
// "lines 3-7 and 12-15".
func lineSpans(spans [][2]int) string {
	parts := make([]string, len(spans))
	for i, s := range spans {
		parts[i] = fmt.Sprintf("%d-%d", s[0], s[1])
	}
	if len(parts) == 1 {
		return "lines " + parts[0]
	}
	return "lines " + strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

// indexBlob returns the version of file staged in the index of the git
// repository that holds it.
func indexBlob(file string) ([]byte, error) {
	dir, name := filepath.Split(file)
	if dir == "" {
		dir = "."
	}
	data, err := catBlob(dir, ":./"+name)
	if ge := (*gitcmd.Error)(nil); errors.As(err, &ge) {
		return nil, errors.New("not in git's index")
	}
	return data, err
}
