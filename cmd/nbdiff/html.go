package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/nbtools/nbdiff/htmldiff"
	"github.com/nbtools/nbdiff/internal/cmdutil"
	"github.com/nbtools/nbdiff/internal/pipeline"
)

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
	html    bool
	title   string
	done    func() error // nil: nothing to do
	cleanup func()       // removes what done did not use; never nil
}

// newOutput returns the output that the flags of c ask for, the page's
// title made of the arguments.
func newOutput(c *cli.Context, split cmdutil.ArgsSplit, stdout, stderr io.Writer) (*output, error) {
	file, open := c.String("output"), c.Bool("open")
	if !c.Bool("html") {
		if file != "" || open {
			return nil, cmdutil.Usage("-o and --open are for the HTML page: add --html")
		}
		return &output{w: stdout, cleanup: func() {}}, nil
	}
	o := &output{w: stdout, html: true, title: pageTitle(c, split), cleanup: func() {}}
	if file == "" && !open {
		return o, nil
	}
	// The page goes to a temporary file beside the one asked for, renamed
	// over it at the end: a reader never sees half a page.
	dir, pattern := filepath.Dir(file), "."+filepath.Base(file)+".*.tmp"
	if file == "" {
		dir, pattern = "", "nbdiff-*.html"
	}
	f, err := os.CreateTemp(dir, pattern)
	if err != nil {
		return nil, err
	}
	o.w = f
	o.cleanup = func() {
		f.Close()
		if file != "" {
			os.Remove(f.Name())
		}
	}
	o.done = func() error {
		path := file
		if err := f.Close(); err != nil {
			return err
		}
		if path == "" {
			path = f.Name()
		} else {
			if err := os.Chmod(f.Name(), 0o644); err != nil {
				return err
			}
			if err := os.Rename(f.Name(), path); err != nil {
				return err
			}
		}
		if !open {
			return nil
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
	if !o.html {
		return nil
	}
	if c.Bool("stat") || c.Bool("json") {
		return cmdutil.Usage("the HTML page excludes --stat and --json")
	}
	// The page compares outputs always (it shows cells as Jupyter does);
	// --outputs asks for the outputs of unchanged cells too.
	opts.HTML = &htmldiff.Options{Title: o.title, Context: opts.Render.Context, UnchangedOutputs: opts.Diff.Outputs}
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
func webCommand(stdout, stderr io.Writer, split *cmdutil.ArgsSplit) *cli.Command {
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
			var buf bytes.Buffer
			o := &output{w: &buf, html: true, title: pageTitle(c, *split), cleanup: func() {}}
			if err := diffTo(c, *split, o, stderr); err != nil {
				return err
			}
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			return serve(ctx, c.Int("port"), buf.Bytes(), !c.Bool("no-browser"), stdout, stderr)
		},
	}
}

// serve serves page on 127.0.0.1:port (0: a free port) until ctx ends,
// and opens it in the browser or prints its address on stdout.
//
// It speaks just enough HTTP/1.1 for a browser to fetch one page (GET or
// HEAD of "/", one request per connection) instead of linking net/http,
// whose server and TLS code would make every nbdiff command larger and
// slower to start, for a page that never asks for anything else.
func serve(ctx context.Context, port int, page []byte, browser bool, stdout, stderr io.Writer) error {
	if port < 0 || port > 65535 {
		return cmdutil.Usage("--port %d: want 0 to 65535", port)
	}
	ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
	if err != nil {
		return err
	}
	defer ln.Close()
	u := "http://" + ln.Addr().String() + "/"
	errc := make(chan error, 1)
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				errc <- err
				return
			}
			go answer(conn, page)
		}
	}()
	if browser {
		fmt.Fprintf(stderr, "nbdiff: serving %s (Ctrl-C to stop)\n", u)
		if err := openBrowser(u); err != nil {
			fmt.Fprintf(stderr, "nbdiff: could not open a browser (%v): open %s\n", err, u)
		}
	} else {
		fmt.Fprintln(stdout, u)
	}
	select {
	case <-ctx.Done():
		return nil
	case err := <-errc:
		if errors.Is(err, net.ErrClosed) {
			return nil
		}
		return err
	}
}

// answer reads one HTTP request from conn and answers it: the page for
// GET or HEAD of "/", 404 for another path, 405 for another method.
func answer(conn net.Conn, page []byte) {
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(30 * time.Second))
	r := bufio.NewReader(io.LimitReader(conn, 64<<10))
	line, err := r.ReadString('\n')
	if err != nil {
		return
	}
	for { // the headers, up to the blank line
		h, err := r.ReadString('\n')
		if err != nil {
			return
		}
		if strings.TrimRight(h, "\r\n") == "" {
			break
		}
	}
	method, rest, _ := strings.Cut(strings.TrimRight(line, "\r\n"), " ")
	target, _, _ := strings.Cut(rest, " ")
	if i := strings.IndexByte(target, '?'); i >= 0 {
		target = target[:i]
	}
	status, body := "200 OK", page
	switch {
	case method != "GET" && method != "HEAD":
		status, body = "405 Method Not Allowed", []byte("method not allowed\n")
	case target != "/":
		status, body = "404 Not Found", []byte("not found\n")
	}
	ctype := "text/html; charset=utf-8"
	if status[0] != '2' {
		ctype = "text/plain; charset=utf-8"
	}
	w := bufio.NewWriter(conn)
	fmt.Fprintf(w, "HTTP/1.1 %s\r\nContent-Type: %s\r\nContent-Length: %d\r\nCache-Control: no-store\r\n"+
		"X-Content-Type-Options: nosniff\r\nReferrer-Policy: no-referrer\r\nConnection: close\r\n\r\n", status, ctype, len(body))
	if method != "HEAD" {
		w.Write(body)
	}
	w.Flush()
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
