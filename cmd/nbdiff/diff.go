package main

import (
	"io"
	"os"
	"sync"

	"github.com/urfave/cli/v2"

	"github.com/nbtools/nbdiff/diff"
	"github.com/nbtools/nbdiff/internal/cmdutil"
	"github.com/nbtools/nbdiff/internal/gitcmd"
	"github.com/nbtools/nbdiff/internal/pipeline"
	"github.com/nbtools/nbdiff/notebook"
)

// diffOptions reads the display flags of c (or of its parents) into the
// options of a pipeline.Differ, with git's settings as seen from dir
// (read in the background, while the files are read and parsed).
func diffOptions(c *cli.Context, stdout io.Writer, dir string, strict bool) (pipeline.DiffOptions, error) {
	var opts pipeline.DiffOptions
	settings := sync.OnceValue(readSettings(dir))
	color, err := useColor(c.String("color"), stdout, func() bool { return settings().Color })
	if err != nil {
		return opts, err
	}
	n := c.Int("unified")
	switch {
	case n < 0:
		return opts, cmdutil.Usage("-U %d: want a number of lines, 0 or more", n)
	case n == 0:
		n = -1 // the diff package's "no context"
	}
	if c.Bool("stat") && c.Bool("json") {
		return opts, cmdutil.Usage("--stat and --json exclude each other")
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
	return opts, nil
}

// readSettings starts reading git's settings as seen from dir and returns
// what waits for them. Settings that cannot be read leave the defaults: a
// diff is still worth showing.
func readSettings(dir string) func() gitcmd.Settings {
	ch := make(chan gitcmd.Settings, 1)
	go func() {
		set, err := gitcmd.ReadSettings(dir)
		if err != nil {
			set = gitcmd.Settings{}
		}
		ch <- set
	}()
	return func() gitcmd.Settings { return <-ch }
}

// finish flushes the diffs of d and returns the error of a diff action:
// nil, or exit code 1 with --exit-code when something changed.
func finish(c *cli.Context, d *pipeline.Differ, err error) error {
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	if err == nil && c.Bool("exit-code") && d.Changed() {
		return cmdutil.Exit(1, nil)
	}
	return err
}

// diffAction is the default action: files, directories or a repository.
func diffAction(c *cli.Context, split cmdutil.ArgsSplit, stdout, stderr io.Writer) error {
	all := c.Args().Slice()
	pos := all[:max(0, len(all)-len(split.Paths))]
	if split.DashDash || len(pos) != 2 || !exists(pos[0]) || !exists(pos[1]) {
		return diffRepo(c, pos, split, stdout, stderr)
	}
	if c.Bool("cached") {
		return cmdutil.Usage("--cached compares the index, not files (use -- to name paths of the repository)")
	}
	if isDir(pos[0]) != isDir(pos[1]) {
		return cmdutil.Usage("%s and %s: a file and a directory", pos[0], pos[1])
	}
	// Two files a person named are strict: a side that is not a
	// notebook is an error. The trees of two directories are not.
	opts, err := diffOptions(c, stdout, "", !isDir(pos[0]))
	if err != nil {
		return err
	}
	d := pipeline.NewDiffer(stdout, stderr, opts)
	return finish(c, d, pipeline.DiffFiles(d, pos[0], pos[1]))
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
