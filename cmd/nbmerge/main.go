// Command nbmerge merges three versions of a Jupyter notebook cell by cell
// and serves git as a merge driver.
//
//	nbmerge BASE OURS THEIRS [-o OUT]   merge three files; result to OUT or stdout
//	nbmerge driver BASE OURS THEIRS [MARKER-SIZE [PATH [OURS-LABEL THEIRS-LABEL [BASE-LABEL]]]]
//	                                    git's merge driver protocol: result written into OURS
//	nbmerge fix FILE...                 repair a notebook that holds git's textual conflict markers
//	nbmerge check [--cached] FILE...    list the cells that still hold conflict markers
//
// Exit codes: 0 clean, 1 conflicts written (check: markers found), 2 usage
// error or unreadable input.
package main

import (
	"fmt"
	"io"
	"os"
	"slices"

	"github.com/urfave/cli/v2"

	"github.com/nbtools/nbdiff/internal/cmdutil"
	"github.com/nbtools/nbdiff/internal/gitcmd"
	"github.com/nbtools/nbdiff/internal/pipeline"
	"github.com/nbtools/nbdiff/merge"
)

func main() { os.Exit(run(os.Args, os.Stdin, os.Stdout, os.Stderr)) }

// run runs nbmerge with args (args[0] is the program name) and returns the
// exit code.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	app := cmdutil.NewApp("nbmerge", "merge Jupyter notebooks cell by cell, for people and for git", cmdutil.Version, stdout, stderr)
	app.UsageText = "nbmerge [options] BASE OURS THEIRS [-o OUT]\n" +
		"nbmerge driver [options] BASE OURS THEIRS [MARKER-SIZE [PATH [OURS-LABEL THEIRS-LABEL [BASE-LABEL]]]]\n" +
		"nbmerge fix [options] FILE...\n" +
		"nbmerge check [--cached] FILE..."
	app.Description = "Merges the changes from BASE to THEIRS into OURS, cell by cell and line by line inside\n" +
		"cells, and writes the merged notebook to OUT (atomically) or to standard output. Conflicts\n" +
		"are marked inside the cells they belong to, so the result is always a valid notebook.\n" +
		"An empty BASE (or /dev/null) means both sides added the file; so does a BASE that is not a\n" +
		"notebook, with a note and exit status 1.\n" +
		"Exit status: 0 clean, 1 conflicts written, 2 usage error or unreadable input (nothing written)."
	app.Flags = append(mergeFlags(), &cli.StringFlag{Name: "o", Aliases: []string{"output"}, Usage: "write the result to `OUT` instead of standard output"})
	app.Action = func(c *cli.Context) error { return standalone(c, stdout, stderr) }
	app.Commands = []*cli.Command{
		driverCommand(stderr),
		fixCommand(stderr),
		checkCommand(stdout, stderr),
	}
	args, _, err := cmdutil.ReorderArgs(args, app, cmdutil.ReorderOptions{FlagsFirst: []string{"driver"}})
	if err != nil {
		return cmdutil.Code(err, app.Name, stderr)
	}
	return cmdutil.Run(app, args, stderr)
}

// mergeFlags returns the flags that set merge options; every command has
// them.
func mergeFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "outputs", Value: "keep", Usage: "outputs `MODE`: keep (a cell keeps the outputs of the side its source comes from) or strip"},
		&cli.BoolFlag{Name: "no-word-merge", Usage: "do not retry conflicting lines word by word"},
		&cli.IntFlag{Name: "marker-size", Value: 7, Usage: "length `N` of conflict markers (at least 7)"},
		&cli.BoolFlag{Name: "diff3", Usage: "add a ||||||| base section to conflicts", DefaultText: "git's merge.conflictStyle is diff3 or zdiff3"},
		&cli.StringFlag{Name: "ours-label", Usage: "`LABEL` of the <<<<<<< marker", DefaultText: "ours"},
		&cli.StringFlag{Name: "theirs-label", Usage: "`LABEL` of the >>>>>>> marker", DefaultText: "theirs"},
		&cli.StringFlag{Name: "base-label", Usage: "`LABEL` of the ||||||| marker", DefaultText: "base"},
	}
}

// options reads the merge flags of c. dir is the directory in which git's
// merge.conflictStyle is looked up when --diff3 is not given.
func options(c *cli.Context, dir string) (merge.Options, error) {
	opts, err := flagOptions(c)
	if err == nil && !c.IsSet("diff3") {
		opts.Diff3 = gitDiff3(dir)
	}
	return opts, err
}

// gitDiff3 reports whether git's merge.conflictStyle, as seen from dir, asks
// for a base section (diff3 or zdiff3). Without git, or outside a
// repository without the setting, it is false.
func gitDiff3(dir string) bool {
	set, err := gitcmd.ReadSettings(dir)
	return err == nil && set.Diff3
}

// flagOptions is options without looking up merge.conflictStyle: Diff3 is
// set only when --diff3 is given.
func flagOptions(c *cli.Context) (merge.Options, error) {
	opts := merge.Options{
		MarkerSize:  c.Int("marker-size"),
		OursLabel:   c.String("ours-label"),
		TheirsLabel: c.String("theirs-label"),
		BaseLabel:   c.String("base-label"),
		NoWordMerge: c.Bool("no-word-merge"),
	}
	if opts.MarkerSize < 7 || opts.MarkerSize > merge.MaxMarkerSize {
		return opts, cmdutil.Usage("--marker-size %d: must be from 7 to %d", opts.MarkerSize, merge.MaxMarkerSize)
	}
	switch o := c.String("outputs"); o {
	case "keep":
	case "strip":
		opts.StripOutputs = true
	default:
		return opts, cmdutil.Usage("--outputs=%s: want keep or strip", o)
	}
	opts.Diff3 = c.Bool("diff3")
	return opts, nil
}

// standalone is the action of nbmerge BASE OURS THEIRS [-o OUT].
func standalone(c *cli.Context, stdout, stderr io.Writer) error {
	if c.NArg() != 3 {
		return cmdutil.Usage("want 3 files (BASE OURS THEIRS), got %d (see 'nbmerge --help')", c.NArg())
	}
	opts, err := flagOptions(c)
	if err != nil {
		return err
	}
	// git config runs while the files are read and parsed.
	diff3 := make(chan bool, 1)
	if c.IsSet("diff3") {
		diff3 <- opts.Diff3
	} else {
		go func() { diff3 <- gitDiff3(".") }()
	}
	paths := [3]string(c.Args().Slice())
	m, err := pipeline.Merge(paths, pipeline.MergeOptions{Options: opts, TuneGC: true, Complete: func(o *merge.Options) { o.Diff3 = <-diff3 }})
	if err != nil {
		return cmdutil.Exit(2, err)
	}
	report(stderr, paths[1], m.Result, m.Notes)
	write := func(w io.Writer) error { _, err := m.WriteTo(w); return err }
	if o := c.String("o"); o != "" && o != "-" {
		if err := cmdutil.WriteFileAtomicFunc(o, 0o644, write); err != nil {
			return cmdutil.Exit(2, err)
		}
	} else if err := write(stdout); err != nil {
		return err
	}
	if m.Conflicts > 0 {
		return cmdutil.Exit(1, nil)
	}
	return nil
}

// report writes the summary of a merge on stderr: the conflicts of res
// (nil when no notebook merge was made), with the cells they are in, its
// notes, then the notes on how the merge was made. path names the merged
// file.
func report(stderr io.Writer, path string, res *merge.Result, notes []string) {
	if res != nil {
		if n := len(res.Conflicts); n > 0 {
			where := "marked inside cells"
			if !slices.ContainsFunc(res.Conflicts, func(c merge.Conflict) bool {
				return c.Regions > 0 || c.Kind == merge.DeletedByOurs || c.Kind == merge.DeletedByTheirs
			}) {
				where = "in cells (a type or an attachment, which no marker can show)"
			}
			fmt.Fprintf(stderr, "nbmerge: %s: %s %s:\n", path, cmdutil.Plural(n, "conflict", "conflicts"), where)
			for _, c := range res.Conflicts {
				fmt.Fprintf(stderr, "  %s\n", c)
			}
		}
		for _, note := range res.Notes {
			fmt.Fprintf(stderr, "nbmerge: %s: %s\n", path, note)
		}
	}
	for _, note := range notes {
		fmt.Fprintf(stderr, "nbmerge: %s\n", note)
	}
}
