package nbdiffcli

import (
	"fmt"
	"io"
	"os"
	"sync"

	"github.com/urfave/cli/v2"

	"github.com/nbtools/nbdiff/diff"
	"github.com/nbtools/nbdiff/internal/cmdutil"
	"github.com/nbtools/nbdiff/internal/gitcmd"
	"github.com/nbtools/nbdiff/internal/gitrepo"
	"github.com/nbtools/nbdiff/internal/pipeline"
	"github.com/nbtools/nbdiff/internal/syntax"
	"github.com/nbtools/nbdiff/notebook"
)

// diffOptions reads the display flags of c (or of its parents) into the
// options of a pipeline.Differ, with git's settings as seen from dir
// (read in the background, while the files are read and parsed: the
// Differ starts reading them, opts.Prefetch, unless they are needed
// sooner), and returns what waits for those settings.
func diffOptions(c *cli.Context, stdout io.Writer, dir string, strict bool) (pipeline.DiffOptions, func() gitcmd.Settings, error) {
	var opts pipeline.DiffOptions
	start, settings := readSettings(dir)
	opts.Prefetch = start
	color, err := useColor(c.String("color"), stdout, func() bool { return settings().Color })
	if err != nil {
		return opts, settings, err
	}
	n := c.Int("unified")
	switch {
	case n < 0:
		return opts, settings, cmdutil.Usage("-U %d: want a number of lines, 0 or more", n)
	case n == 0:
		n = -1 // the diff package's "no context"
	}
	formats := 0
	for _, f := range []string{"stat", "json", "side-by-side"} {
		if c.Bool(f) {
			formats++
		}
	}
	if formats > 1 {
		return opts, settings, cmdutil.Usage("--stat, --json and --side-by-side exclude each other")
	}
	opts.Diff = diff.Options{Outputs: c.Bool("outputs"), Metadata: c.Bool("metadata")}
	if c.Bool("all") {
		// Everything, as the files hold it: outputs, execution counts,
		// ids and every piece of metadata, nothing stripped.
		opts.Diff = diff.Options{Outputs: true, Metadata: true}
		opts.NoStrip = true
	}
	opts.Render = diff.RenderOptions{Format: diff.Plain, Color: color, Context: n}
	switch {
	case c.Bool("stat"):
		opts.Render.Format = diff.Stat
	case c.Bool("json"):
		opts.Render.Format = diff.JSON
	case c.Bool("side-by-side"):
		opts.Render.Format = diff.SideBySide
	}
	// The terminal: hunk headers fit its width when a person reads them;
	// --stat and --side-by-side lay out for it in any case.
	switch f := opts.Render.Format; {
	case f == diff.Stat || f == diff.SideBySide:
		opts.Render.Width = termWidth(stdout)
	case f == diff.Plain && forPerson(stdout):
		opts.Render.Width = termWidth(stdout)
	}
	if color {
		// git's colour slots, and the syntax colours of code cells
		// under the colours of added and removed lines.
		set := settings().Colors
		opts.Render.Colors = diff.Colors{Meta: set.Meta, Frag: set.Frag, Func: set.Func, Old: set.Old, New: set.New, Context: set.Context}
		if trueColor() {
			opts.Render.Colors.OldLine, opts.Render.Colors.NewLine = "\x1b[48;2;63;0;1m", "\x1b[48;2;0;40;0m"
			opts.Render.Colors.OldWord, opts.Render.Colors.NewWord = "\x1b[48;2;144;16;17m", "\x1b[48;2;0;96;0m"
		}
		if !c.Bool("no-syntax") {
			opts.Render.Syntax = syntax.New(trueColor())
		}
	}
	opts.Strict = strict
	opts.TuneGC = true
	opts.Strip = func() notebook.StripOptions {
		set := settings()
		s := set.Strip
		// Outputs stay for the diff package, which hides them unless
		// asked and says in one line how many cells have new outputs;
		// execution counts and volatile metadata go, as the
		// repository's settings say. Where the clean filter is
		// installed, the repository never holds outputs, so they are
		// stripped as the filter would strip them: otherwise every diff
		// of a notebook that was run would report new outputs.
		if !set.Filter {
			s.KeepOutputs = true
		}
		return s
	}
	return opts, settings, nil
}

// pager returns where the text diff goes: o's writer, or, when that is a
// terminal and neither --no-pager nor the settings say otherwise, a pager
// in front of it (as git pages its diffs); and what to call when done,
// which returns err, or the error of closing the pager. The HTML page is
// never paged.
func (o *output) pager(c *cli.Context, stderr io.Writer, settings func() gitcmd.Settings) (io.Writer, func(error) error) {
	stdout := o.w
	f, ok := stdout.(*os.File)
	if !ok || o.html != nil || c.Bool("no-pager") || !isTerminal(stdout) {
		return stdout, func(err error) error { return err }
	}
	cmd := pagerCommand(settings())
	if cmd == "" {
		return stdout, func(err error) error { return err }
	}
	p, err := startPager(cmd, f, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "nbdiff: pager %q: %v; not paging\n", cmd, err)
		return stdout, func(err error) error { return err }
	}
	return p.in, func(err error) error {
		if cerr := p.Close(); err == nil {
			err = cerr
		}
		return err
	}
}

// readSettings returns what starts reading git's settings as seen from
// dir, in the background, and what waits for them (starting to read them
// if nothing has). Settings that cannot be read leave the defaults: a diff
// is still worth showing.
func readSettings(dir string) (start func(), wait func() gitcmd.Settings) {
	ch := make(chan gitcmd.Settings, 1)
	start = sync.OnceFunc(func() {
		go func() {
			set, err := gitcmd.ReadSettings(dir)
			if err != nil {
				set = gitcmd.Settings{}
			}
			ch <- set
		}()
	})
	wait = sync.OnceValue(func() gitcmd.Settings {
		start()
		return <-ch
	})
	return start, wait
}

// finish flushes the diffs of d (writes the page, for HTML) and returns
// the error of a diff action: nil, or exit code 1 with --exit-code when
// something changed.
func finish(c *cli.Context, d *pipeline.Differ, out *output, err error) error {
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	if err == nil && out.done != nil {
		err = out.done()
	}
	if err == nil && c.Bool("exit-code") && d.Changed() {
		return cmdutil.Exit(1, nil)
	}
	return err
}

// diffAction is the default action: files, directories or a repository,
// as a text diff or (--html) a page.
func diffAction(c *cli.Context, split cmdutil.ArgsSplit, page *pageRunner, stdout, stderr io.Writer) error {
	if c.Bool("html") && page.html == nil {
		return page.delegate()
	}
	out, err := newOutput(c, split, page, stdout, stderr)
	if err != nil {
		return err
	}
	defer out.cleanup()
	return diffTo(c, split, out, page.store, stderr)
}

// diffTo diffs what the arguments of c name into out, reading a
// repository with store (Links.Store).
func diffTo(c *cli.Context, split cmdutil.ArgsSplit, out *output, store gitrepo.OpenStore, stderr io.Writer) error {
	all := c.Args().Slice()
	pos := all[:max(0, len(all)-len(split.Paths))]
	if split.DashDash || len(pos) != 2 || !exists(pos[0]) || !exists(pos[1]) {
		return diffRepo(c, pos, split, out, store, stderr)
	}
	if c.Bool("cached") {
		return cmdutil.Usage("--cached compares the index, not files (use -- to name paths of the repository)")
	}
	if isDir(pos[0]) != isDir(pos[1]) {
		return cmdutil.Usage("%s and %s: a file and a directory", pos[0], pos[1])
	}
	// Two files a person named are strict: a side that is not a
	// notebook is an error. The trees of two directories are not.
	opts, settings, err := diffOptions(c, out.w, "", !isDir(pos[0]))
	if err != nil {
		return err
	}
	if err := out.apply(c, &opts); err != nil {
		return err
	}
	w, done := out.pager(c, stderr, settings)
	d := pipeline.NewDiffer(w, stderr, opts)
	return done(finish(c, d, out, pipeline.DiffFiles(d, pos[0], pos[1])))
}

// exists reports whether path is on disk (or is the null device).
func exists(path string) bool {
	if pipeline.IsNullDevice(path) {
		return true
	}
	_, err := os.Stat(path)
	return err == nil
}

func isDir(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}
