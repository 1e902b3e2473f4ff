// Package nbdiffcli is the command line of nbdiff, which two binaries
// share: nbdiff (cmd/nbdiff) and nbdiff-html (cmd/nbdiff-html), the one
// that makes the HTML page. They parse the same flags and commands, so
// that help, usage errors and every form of the diff are the same in both.
//
// The page's libraries (goldmark, chroma, bluemonday, html/template) and
// its web server are linked into nbdiff-html only: their package
// initialisation would double the start-up of every nbdiff that git runs
// per file (driver, textconv, the clean filter). nbdiff runs without them
// (a nil HTML), and hands "--html" and "web" to nbdiff-html with the same
// arguments (html.go).
package nbdiffcli

import (
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/urfave/cli/v2"

	"github.com/nbtools/nbdiff/internal/cmdutil"
	"github.com/nbtools/nbdiff/internal/gitrepo"
)

// Links is what a binary links beyond nbdiff's own code (nbdiff links
// neither; nbdiff-html both): their packages' initialisation would add
// to the start-up and the memory of every nbdiff that git runs per file
// (driver, textconv, the clean filter), which never uses them.
type Links struct {
	// HTML makes the HTML page; when it is nil, --html and web run
	// nbdiff-html with the same arguments instead (see HTMLProgram).
	HTML HTML
	// Store opens the reader that reads a repository in-process
	// (gogit.Open, with go-git) for diffs of revisions, the index and the
	// working tree; when it is nil, they are read with the git command
	// (one git cat-file --batch for the blobs).
	Store gitrepo.OpenStore
}

// Main runs the command line of the process with links and exits with its
// status.
func Main(links Links) {
	// A closed pipe on stdout (nbdiff | head) then makes writes fail with
	// EPIPE, which ends the command quietly with status 0, instead of
	// killing it with SIGPIPE.
	signal.Ignore(syscall.SIGPIPE)
	os.Exit(Run(os.Args, os.Stdin, os.Stdout, os.Stderr, links))
}

// Run runs nbdiff with args (args[0] is the program name) and returns the
// exit code.
func Run(args []string, stdin io.Reader, stdout, stderr io.Writer, links Links) int {
	app := cmdutil.NewApp("nbdiff", "diff Jupyter notebooks cell by cell, for people and for git", cmdutil.Version, stdout, stderr)
	app.ArgsUsage = "[OLD NEW | DIR DIR | REV | REV REV | REV..REV | REV...REV] [-- PATH...]"
	app.Description = "Without a command, nbdiff diffs two notebook files, two directories, or,\n" +
		"inside a git repository, the notebooks that changed, as git diff would\n" +
		"(the working tree against the index, --cached, a revision, two revisions,\n" +
		"A..B, or A...B from the merge base). Outputs, execution counts and\n" +
		"volatile metadata are hidden unless asked for."
	app.Flags = append(displayFlags(), htmlFlags()...)
	var split cmdutil.ArgsSplit
	arg0 := ""
	if len(args) > 0 {
		arg0 = args[0]
	}
	page := &pageRunner{html: links.HTML, store: links.Store, args: args, stdin: stdin, stdout: stdout, stderr: stderr}
	app.Action = func(c *cli.Context) error { return diffAction(c, split, page, stdout, stderr) }
	app.Commands = []*cli.Command{
		stripCommand(stdin, stdout, stderr),
		filterCommand(stdin, stdout, stderr),
		installCommand(arg0, stdout, stderr),
		uninstallCommand(stderr),
		driverCommand(stdout, stderr),
		textconvCommand(stdout, stderr),
		webCommand(page, stdout, stderr, &split),
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
