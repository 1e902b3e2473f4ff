package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sort"
	"strings"
	"sync"

	"github.com/urfave/cli/v2"

	"github.com/nbtools/nbdiff/diff"
	"github.com/nbtools/nbdiff/internal/cmdutil"
	"github.com/nbtools/nbdiff/internal/gitsetup"
	"github.com/nbtools/nbdiff/internal/mapfile"
	"github.com/nbtools/nbdiff/notebook"
)

// settings is what the display flags and git's configuration say.
type settings struct {
	opts     diff.Options
	render   diff.RenderOptions           // Format, Color and Context; paths set per notebook
	strip    func() notebook.StripOptions // waits for git's answer, read in the background
	exitCode bool
}

// readSettings reads the display flags of c (or of its parents) and the
// strip settings of the repository around dir.
func readSettings(c *cli.Context, stdout io.Writer, dir string) (settings, error) {
	var s settings
	color, err := useColor(c.String("color"), stdout)
	if err != nil {
		return s, err
	}
	n := c.Int("unified")
	switch {
	case n < 0:
		return s, cmdutil.Usage("-U %d: want a number of lines, 0 or more", n)
	case n == 0:
		n = -1 // the diff package's "no context"
	}
	if c.Bool("stat") && c.Bool("json") {
		return s, cmdutil.Usage("--stat and --json exclude each other")
	}
	s.opts = diff.Options{Outputs: c.Bool("outputs"), Metadata: c.Bool("metadata")}
	s.render = diff.RenderOptions{Format: diff.Plain, Color: color, Context: n}
	switch {
	case c.Bool("stat"):
		s.render.Format = diff.Stat
	case c.Bool("json"):
		s.render.Format = diff.JSON
	}
	s.exitCode = c.Bool("exit-code")
	// git config runs while the files are read and parsed.
	strip := make(chan notebook.StripOptions, 1)
	go func() {
		set, err := gitsetup.ReadSettings(dir)
		if err != nil {
			// Settings that cannot be read leave the defaults: a diff
			// is still worth showing.
			set = gitsetup.Settings{}
		}
		opts := set.Strip
		// Outputs stay for the diff package, which hides them unless
		// asked and says in one line how many cells have new outputs;
		// execution counts and volatile metadata go, as the
		// repository's settings say. Where the clean filter is
		// installed, the repository never holds outputs, so they are
		// stripped as the filter would strip them: otherwise every diff
		// of a notebook that was run would report new outputs.
		if !set.Filter {
			opts.KeepOutputs = true
		}
		strip <- opts
	}()
	s.strip = sync.OnceValue(func() notebook.StripOptions { return <-strip })
	return s, nil
}

// A differ writes the diffs of notebook pairs to w.
type differ struct {
	s      settings
	w      *bufio.Writer
	stderr io.Writer
	// strict is for two files given by name: input that is not a
	// notebook is an error, and --json prints even an empty diff.
	strict  bool
	changed bool
}

func newDiffer(s settings, stdout, stderr io.Writer, strict bool) *differ {
	return &differ{s: s, w: bufio.NewWriterSize(stdout, 64<<10), stderr: stderr, strict: strict}
}

// flush writes what is buffered; a closed pipe comes back as EPIPE.
func (d *differ) flush() error { return d.w.Flush() }

// side is one side of a pair: its content, or absent.
type side struct {
	data   []byte
	absent bool
	file   *mapfile.File // when data is mapped from a file: to drop its pages while parsing
}

// close unmaps the side's file, if any.
func (s side) close() {
	if s.file != nil {
		s.file.Close()
	}
}

// bytes returns the side's content, nil when it is absent.
func (s side) bytes() []byte {
	if s.absent {
		return nil
	}
	if s.data == nil {
		return []byte{}
	}
	return s.data
}

// parse returns the stripped notebook of a side, nil for an absent or
// empty side.
func (d *differ) parse(s side, strs *notebook.StringTable) (*notebook.Notebook, error) {
	if s.absent {
		return nil, nil
	}
	var nb *notebook.Notebook
	// Outputs that are not shown only need to compare equal or not: a
	// digest of each cell's outputs does, and costs no memory.
	opts := notebook.ParseOptions{Strings: strs, DigestOutputs: !d.s.opts.Outputs && d.s.render.Format != diff.JSON}
	parse := func() error {
		if len(bytes.TrimSpace(s.data)) == 0 {
			return nil // an empty file is an absent side
		}
		var err error
		nb, err = notebook.ParseWith(s.data, opts)
		return err
	}
	var err error
	if s.file == nil {
		err = parse()
	} else {
		// Every read of mapped bytes happens inside Use, so a file
		// truncated meanwhile is an error, not a crash.
		opts.Consumed = s.file.Release
		err = mapfile.Use(parse)
	}
	if err != nil || nb == nil {
		return nil, err
	}
	notebook.Strip(nb, d.s.strip())
	return nb, nil
}

// parseBoth parses two sides, at the same time when both are big enough
// for a second goroutine to pay (parsing is most of the time of a diff).
func (d *differ) parseBoth(a, b side) (na, nb *notebook.Notebook, errA, errB error) {
	// The two versions share most sources and outputs: parsed with one
	// table, equal long strings are held once.
	var strs notebook.StringTable
	if len(a.data) < 1<<20 || len(b.data) < 1<<20 || runtime.GOMAXPROCS(0) < 2 {
		na, errA = d.parse(a, &strs)
		nb, errB = d.parse(b, &strs)
		return na, nb, errA, errB
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		na, errA = d.parse(a, &strs)
	}()
	nb, errB = d.parse(b, &strs)
	<-done
	return na, nb, errA, errB
}

// pair diffs the notebooks a (at oldPath) and b (at newPath) and writes the
// diff; identical notebooks print nothing (except --json for two files,
// which always prints one document). A side that is not a notebook is an
// error (exit status 2) when d.strict; otherwise it is compared as text
// with a one-line note, or, for --json, reported on stderr and skipped.
func (d *differ) pair(oldPath, newPath string, a, b side) error {
	return d.pairMeta(oldPath, newPath, a, b, "")
}

// pairMeta is pair with git's extended header lines for a rename (meta,
// "" to have them made here).
func (d *differ) pairMeta(oldPath, newPath string, a, b side, meta string) error {
	ro := d.s.render
	ro.OldPath, ro.NewPath = oldPath, newPath
	na, nb, errA, errB := d.parseBoth(a, b)
	if errA == nil && errB == nil {
		// Only the parsed notebooks are needed from here on; let the
		// garbage collector have the bytes.
		a.data, b.data = nil, nil
	}
	if errA != nil || errB != nil {
		// The bytes are shown: copy mapped files, so that a file that
		// changes now cannot fault.
		for _, s := range []*side{&a, &b} {
			if s.file != nil {
				var data []byte
				if err := mapfile.Use(func() error { data = bytes.Clone(s.data); return nil }); err != nil {
					return cmdutil.Exit(2, err)
				}
				s.data, s.file = data, nil
			}
		}
		path, perr := oldPath, errA
		if errA == nil {
			path, perr = newPath, errB
		}
		if d.strict {
			return cmdutil.Exit(2, fmt.Errorf("%s: not a notebook: %w", path, perr))
		}
		if bytes.Equal(normalizeEOL(a.data), normalizeEOL(b.data)) && a.absent == b.absent {
			return nil
		}
		d.changed = true
		if ro.Format != diff.Plain {
			fmt.Fprintf(d.stderr, "nbdiff: %s: not a notebook, skipped (%v)\n", path, perr)
			return nil
		}
		// The side that is a notebook is shown as its textconv, as
		// git log -p shows it: no base64 either way.
		ta, tb := a.bytes(), b.bytes()
		if na != nil {
			ta = diff.Textconv(na)
		}
		if nb != nil {
			tb = diff.Textconv(nb)
		}
		note := fmt.Sprintf("%s is not a notebook (%v); shown as text", path, perr)
		return diff.RenderText(d.w, oldPath, newPath, ta, tb, ro, note)
	}
	r := diff.Notebooks(na, nb, d.s.opts)
	renamed := !d.strict && oldPath != newPath && !a.absent && !b.absent
	if renamed && ro.Format == diff.Plain {
		// git's extended header lines after the "diff --git" line
		// ("rename from", "rename to" and, from git, "similarity
		// index"), so that a pure rename shows too, as in git.
		if meta == "" {
			meta = fmt.Sprintf("rename from %s\nrename to %s\n", oldPath, newPath)
		}
		ro.ExtendedHeader = meta
		d.changed = true
		return diff.Render(d.w, r, ro)
	}
	if r.Empty() && (ro.Format != diff.JSON || !d.strict) {
		return nil
	}
	if !r.Empty() {
		d.changed = true
	}
	return diff.Render(d.w, r, ro)
}

// unmerged reports a path with conflict stages: in the diff, as git diff
// does, or on stderr for --stat and --json.
func (d *differ) unmerged(path string) error {
	d.changed = true
	if d.s.render.Format != diff.Plain {
		fmt.Fprintf(d.stderr, "nbdiff: %s: unmerged, not shown\n", path)
		return nil
	}
	_, err := fmt.Fprintf(d.w, "* Unmerged path %s\n", path)
	return err
}

// result is what a diff action returns: nil, or exit code 1 with
// --exit-code when something changed.
func (d *differ) result() error {
	if err := d.flush(); err != nil {
		return err
	}
	if d.s.exitCode && d.changed {
		return cmdutil.Exit(1, nil)
	}
	return nil
}

func normalizeEOL(b []byte) []byte { return bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n")) }

// diffAction is the default action: files, directories or a repository.
func diffAction(c *cli.Context, split splitArgs, stdout, stderr io.Writer) error {
	all := c.Args().Slice()
	pos := all[:max(0, len(all)-len(split.Paths))]
	if !split.DashDash && len(pos) == 2 && exists(pos[0]) && exists(pos[1]) {
		if c.Bool("cached") {
			return cmdutil.Usage("--cached compares the index, not files (use -- to name paths of the repository)")
		}
		return diffFiles(c, pos[0], pos[1], stdout, stderr)
	}
	return diffRepo(c, pos, split, stdout, stderr)
}

// exists reports whether path is on disk (or is /dev/null).
func exists(path string) bool {
	if path == os.DevNull {
		return true
	}
	_, err := os.Stat(path)
	return err == nil
}

// diffFiles diffs two files, or every notebook of two directories.
func diffFiles(c *cli.Context, oldPath, newPath string, stdout, stderr io.Writer) error {
	s, err := readSettings(c, stdout, "")
	if err != nil {
		return err
	}
	da, db := isDir(oldPath), isDir(newPath)
	if da != db {
		return cmdutil.Usage("%s and %s: a file and a directory", oldPath, newPath)
	}
	if da {
		return diffDirs(s, oldPath, newPath, stdout, stderr)
	}
	if os.Getenv("GOGC") == "" {
		// Two notebooks are parsed and stay live to the end, and the
		// diff makes little garbage: collecting seldom keeps the second
		// core for parsing. The 2,000-cell pair without ids allocates
		// about 13 MB in all, so no collection runs at all (max RSS
		// 20.7 MB; with GOGC 100, 19.9-20.7 MB and one or two
		// collections).
		debug.SetGCPercent(400)
	}
	a, err := readSide(oldPath)
	if err != nil {
		return cmdutil.Exit(2, err)
	}
	defer a.close()
	b, err := readSide(newPath)
	if err != nil {
		return cmdutil.Exit(2, err)
	}
	defer b.close()
	d := newDiffer(s, stdout, stderr, true)
	name := func(p, other string) string {
		if p == os.DevNull {
			return other
		}
		return p
	}
	if err := d.pair(name(oldPath, newPath), name(newPath, oldPath), a, b); err != nil {
		return err
	}
	return d.result()
}

func isDir(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}

// readSide reads a file; /dev/null is an absent side.
func readSide(path string) (side, error) {
	if path == os.DevNull {
		return side{absent: true}, nil
	}
	f, err := mapfile.Read(path)
	if err != nil {
		return side{}, err
	}
	s := side{data: f.Bytes(), absent: len(f.Bytes()) == 0}
	if f.Mapped() {
		s.file = f
	}
	return s, nil
}

// diffDirs diffs every notebook that two directory trees hold, matched by
// path relative to each directory, in path order. Jujutsu and Mercurial
// call diff tools this way.
func diffDirs(s settings, oldDir, newDir string, stdout, stderr io.Writer) error {
	oldFiles, err := notebooksUnder(oldDir)
	if err != nil {
		return cmdutil.Exit(2, err)
	}
	newFiles, err := notebooksUnder(newDir)
	if err != nil {
		return cmdutil.Exit(2, err)
	}
	union := map[string]bool{}
	for p := range oldFiles {
		union[p] = true
	}
	for p := range newFiles {
		union[p] = true
	}
	paths := make([]string, 0, len(union))
	for p := range union {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	d := newDiffer(s, stdout, stderr, false)
	for _, p := range paths {
		var a, b side
		var err error
		if a, err = readUnder(oldDir, p, oldFiles[p]); err != nil {
			return cmdutil.Exit(2, err)
		}
		if b, err = readUnder(newDir, p, newFiles[p]); err != nil {
			a.close()
			return cmdutil.Exit(2, err)
		}
		err = d.pair(p, p, a, b)
		a.close()
		b.close()
		if err != nil {
			return err
		}
	}
	return d.result()
}

func readUnder(dir, rel string, present bool) (side, error) {
	if !present {
		return side{absent: true}, nil
	}
	return readSide(filepath.Join(dir, filepath.FromSlash(rel)))
}

// notebooksUnder returns the *.ipynb files below dir by slash-separated
// relative path, skipping .git, .jj, .hg and .ipynb_checkpoints.
func notebooksUnder(dir string) (map[string]bool, error) {
	files := map[string]bool{}
	err := filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if e.IsDir() {
			switch e.Name() {
			case ".git", ".jj", ".hg", ".ipynb_checkpoints":
				if p != dir {
					return filepath.SkipDir
				}
			}
			return nil
		}
		if !isNotebookPath(p) {
			return nil
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		files[filepath.ToSlash(rel)] = true
		return nil
	})
	return files, err
}

// isNotebookPath reports whether a path names a notebook (*.ipynb, any
// case).
func isNotebookPath(p string) bool { return strings.HasSuffix(strings.ToLower(p), ".ipynb") }

var errNotRepo = errors.New("not a git repository: give two files or two directories (nbdiff OLD NEW)")
