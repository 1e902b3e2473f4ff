// Command nbdiff shows what changed in Jupyter notebooks, cell by cell, and
// serves git as a diff driver, textconv and clean filter.
//
//	nbdiff OLD NEW                      two notebooks (/dev/null or an empty file = absent)
//	nbdiff DIR DIR                      every notebook two trees hold, by relative path
//	nbdiff [REV | REV REV | REV..REV | REV...REV] [--cached] [-- PATH...]
//	                                    in a repository, like git diff
//	nbdiff driver PATH OLD OLD-HEX OLD-MODE NEW NEW-HEX NEW-MODE [NEW-PATH META]
//	nbdiff textconv FILE
//
// Flags may come before or after the arguments. A first argument that names
// a command (strip, filter, install, uninstall, driver, textconv) is that
// command; write ./NAME to diff a file with such a name. Two arguments that
// both exist on disk are files, also inside a repository; write
// "nbdiff -- PATH PATH" to diff two paths of the repository against the
// index instead.
package main

import (
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/urfave/cli/v2"

	"github.com/nbtools/nbdiff/internal/cmdutil"
)

func main() {
	// A closed pipe on stdout (nbdiff | head) then makes writes fail with
	// EPIPE, which ends the command quietly with status 0, instead of
	// killing it with SIGPIPE.
	signal.Ignore(syscall.SIGPIPE)
	os.Exit(run(os.Args, os.Stdin, os.Stdout, os.Stderr))
}

// run runs nbdiff with args (args[0] is the program name) and returns the
// exit code.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	app := cmdutil.NewApp("nbdiff", "diff Jupyter notebooks cell by cell, for people and for git", cmdutil.Version, stdout, stderr)
	app.ArgsUsage = "[OLD NEW | DIR DIR | REV | REV REV | REV..REV | REV...REV] [-- PATH...]"
	app.Description = "Without a command, nbdiff diffs two notebook files, two directories, or,\n" +
		"inside a git repository, the notebooks that changed, as git diff would\n" +
		"(the working tree against the index, --cached, a revision, two revisions,\n" +
		"A..B, or A...B from the merge base). Outputs, execution counts and\n" +
		"volatile metadata are hidden unless asked for."
	app.Flags = displayFlags()
	var split cmdutil.ArgsSplit
	arg0 := ""
	if len(args) > 0 {
		arg0 = args[0]
	}
	app.Action = func(c *cli.Context) error { return diffAction(c, split, stdout, stderr) }
	app.Commands = []*cli.Command{
		stripCommand(stdin, stdout, stderr),
		filterCommand(stdin, stdout, stderr),
		installCommand(arg0, stdout, stderr),
		uninstallCommand(stderr),
		driverCommand(stdout, stderr),
		textconvCommand(stdout, stderr),
	}
	args, split, err := cmdutil.ReorderArgs(args, app, cmdutil.ReorderOptions{GitSpellings: true})
	if err != nil {
		return cmdutil.Code(err, app.Name, stderr)
	}
	return cmdutil.Run(app, args, stderr)
}

// displayFlags are the flags of the diff itself; the driver and textconv
// commands read them too (given before the command name).
func displayFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "color", Value: "auto", Usage: "colour: `auto`, always or never"},
		&cli.IntFlag{Name: "unified", Aliases: []string{"U"}, Value: 3, Usage: "`N` lines of context"},
		&cli.BoolFlag{Name: "outputs", Usage: "show changes of outputs (text as lines, binary data as a summary)"},
		&cli.BoolFlag{Name: "metadata", Usage: "show changes of metadata"},
		&cli.BoolFlag{Name: "all", Usage: "show everything, nothing stripped: outputs, execution counts, ids and all metadata (text and --json)"},
		&cli.BoolFlag{Name: "stat", Usage: "per notebook, count cells added, removed, modified and moved"},
		&cli.BoolFlag{Name: "json", Usage: "the diff in nbdime's JSON format"},
		&cli.BoolFlag{Name: "side-by-side", Aliases: []string{"y"}, Usage: "old and new version of each changed cell side by side, in the terminal's width"},
		&cli.BoolFlag{Name: "no-pager", Aliases: []string{"P"}, Usage: "do not page the output (by default a terminal gets git's pager)"},
		&cli.BoolFlag{Name: "no-syntax", Usage: "no syntax colours in code cells (colour on)"},
		&cli.BoolFlag{Name: "exit-code", Usage: "exit with 1 when there are differences"},
		&cli.BoolFlag{Name: "cached", Aliases: []string{"staged"}, Usage: "in a repository: the index against HEAD or REV"},
	}
}
