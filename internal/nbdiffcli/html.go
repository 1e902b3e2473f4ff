package nbdiffcli

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"

	"github.com/urfave/cli/v2"

	"github.com/nbtools/nbdiff/internal/cmdutil"
	"github.com/nbtools/nbdiff/internal/gitrepo"
	"github.com/nbtools/nbdiff/internal/pipeline"
)

// HTML makes the HTML page and serves it: nbdiff-html supplies it
// (internal/htmlpage), so that nbdiff links neither the page's libraries
// nor a server.
type HTML interface {
	// NewPage returns an empty page, which a pipeline.Differ fills with
	// the pairs it compares and writes at Close.
	NewPage(opts PageOptions) pipeline.Page
	// Serve serves page on 127.0.0.1:port (0: a free port) until ctx
	// ends, and calls listening with its address ("http://127.0.0.1:N/")
	// once it accepts connections.
	Serve(ctx context.Context, port int, page []byte, listening func(url string)) error
}

// PageOptions say what the page shows.
type PageOptions struct {
	// Title is the page's title.
	Title string
	// Context is the number of unchanged lines shown around changed
	// lines (-U).
	Context int
	// UnchangedOutputs shows the outputs of unchanged cells too
	// (--outputs).
	UnchangedOutputs bool
}

// A pageRunner makes the page in this process (with html), or hands the
// whole command line to nbdiff-html (without).
type pageRunner struct {
	html           HTML
	store          gitrepo.OpenStore // Links.Store
	args           []string          // the command line as given, program name first
	stdin          io.Reader
	stdout, stderr io.Writer
}

// htmlFlags are the flags of the HTML page.
func htmlFlags() []cli.Flag {
	return []cli.Flag{
		&cli.BoolFlag{Name: "html", Usage: "write one self-contained HTML page of the diff (to stdout, or -o FILE)"},
		&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "with --html: write the page to `FILE`"},
		&cli.BoolFlag{Name: "open", Usage: "with --html: open the page in the browser (written to -o FILE or a temporary file)"},
	}
}

// An output is where a diff action writes: stdout, or for the HTML page
// a temporary file that done renames to the file asked for, and opens.
type output struct {
	w       io.Writer
	html    HTML // nil: the text diff
	title   string
	done    func() error // nil: nothing to do
	cleanup func()       // removes what done did not use; never nil
}

// newOutput returns the output that the flags of c ask for, the page's
// title made of the arguments.
func newOutput(c *cli.Context, split cmdutil.ArgsSplit, page *pageRunner, stdout, stderr io.Writer) (*output, error) {
	file, open := c.String("output"), c.Bool("open")
	if !c.Bool("html") {
		if file != "" || open {
			return nil, cmdutil.Usage("-o and --open are for the HTML page: add --html")
		}
		return &output{w: stdout, cleanup: func() {}}, nil
	}
	o := &output{w: stdout, html: page.html, title: pageTitle(c, split), cleanup: func() {}}
	if file == "" && !open {
		return o, nil
	}
	// The page goes to a file asked for as nbmerge writes one (beside
	// it, renamed over it at the end: a reader never sees half a page;
	// a link's target replaced; a device or pipe written into), or, to
	// be opened, to a new temporary file that stays.
	var path string
	if file != "" {
		f, err := cmdutil.CreateAtomic(file, 0o644)
		if err != nil {
			return nil, err
		}
		o.w, path = f, file
		o.cleanup = f.Abort
		o.done = f.Commit
	} else {
		f, err := os.CreateTemp("", "nbdiff-*.html")
		if err != nil {
			return nil, err
		}
		o.w, path = f, f.Name()
		o.cleanup = func() { f.Close() }
		o.done = f.Close
	}
	if !open {
		return o, nil
	}
	commit := o.done
	o.done = func() error {
		if err := commit(); err != nil {
			return err
		}
		abs, err := filepath.Abs(path)
		if err != nil {
			return err
		}
		u := (&url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}).String()
		fmt.Fprintf(stderr, "nbdiff: wrote %s\n", abs)
		if err := openBrowser(u); err != nil {
			fmt.Fprintf(stderr, "nbdiff: could not open a browser (%v): open %s\n", err, u)
		}
		return nil
	}
	return o, nil
}

// apply sets the options of the diff for the output: with HTML, a page
// that compares outputs too.
func (o *output) apply(c *cli.Context, opts *pipeline.DiffOptions) error {
	if o.html == nil {
		return nil
	}
	if c.Bool("stat") || c.Bool("json") {
		return cmdutil.Usage("the HTML page excludes --stat and --json")
	}
	// The page compares outputs always (it shows cells as Jupyter does);
	// --outputs asks for the outputs of unchanged cells too.
	opts.Page = o.html.NewPage(PageOptions{Title: o.title, Context: opts.Render.Context, UnchangedOutputs: opts.Diff.Outputs})
	opts.Diff.Outputs = true
	return nil
}

// pageTitle names the page after the command line's arguments.
func pageTitle(c *cli.Context, split cmdutil.ArgsSplit) string {
	all := c.Args().Slice()
	pos := all[:max(0, len(all)-len(split.Paths))]
	parts := []string{"nbdiff"}
	if c.Bool("cached") {
		parts = append(parts, "--cached")
	}
	for _, a := range pos {
		parts = append(parts, filepath.Base(a))
	}
	if len(split.Paths) > 0 {
		parts = append(append(parts, "--"), split.Paths...)
	}
	return strings.Join(parts, " ")
}

// webCommand serves the HTML page on 127.0.0.1.
func webCommand(page *pageRunner, stdout, stderr io.Writer, split *cmdutil.ArgsSplit) *cli.Command {
	flags := append(displayFlags(),
		&cli.IntFlag{Name: "port", Usage: "serve on this `PORT` (0: a free one)"},
		&cli.BoolFlag{Name: "no-browser", Usage: "print the page's address instead of opening a browser"},
	)
	return &cli.Command{
		Name:      "web",
		Usage:     "serve the HTML page of a diff on 127.0.0.1 and open it in the browser",
		ArgsUsage: "[OLD NEW | DIR DIR | REV | REV REV | REV..REV | REV...REV] [-- PATH...]",
		Description: "Takes the arguments of the diff itself, makes the page nbdiff --html makes,\n" +
			"serves it on 127.0.0.1 (a free port unless --port) and opens the browser\n" +
			"(--no-browser prints the address on stdout). Stops on Ctrl-C.",
		Flags: flags,
		Action: func(c *cli.Context) error {
			if page.html == nil {
				return page.delegate()
			}
			port := c.Int("port")
			if port < 0 || port > 65535 {
				return cmdutil.Usage("--port %d: want 0 to 65535", port)
			}
			var buf bytes.Buffer
			o := &output{w: &buf, html: page.html, title: pageTitle(c, *split), cleanup: func() {}}
			if err := diffTo(c, *split, o, page.store, stderr); err != nil {
				return err
			}
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			browser := !c.Bool("no-browser")
			return page.html.Serve(ctx, port, buf.Bytes(), func(u string) {
				if !browser {
					fmt.Fprintln(stdout, u)
					return
				}
				fmt.Fprintf(stderr, "nbdiff: serving %s (Ctrl-C to stop)\n", u)
				if err := openBrowser(u); err != nil {
					fmt.Fprintf(stderr, "nbdiff: could not open a browser (%v): open %s\n", err, u)
				}
			})
		},
	}
}

// openBrowser opens u in the user's browser, without waiting for it.
func openBrowser(u string) error {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "darwin":
		cmd = exec.Command("open", u)
	case "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", u)
	default:
		cmd = exec.Command("xdg-open", u)
	}
	cmd.Stdout, cmd.Stderr = nil, nil
	if err := cmd.Start(); err != nil {
		return err
	}
	go cmd.Wait()
	return nil
}
