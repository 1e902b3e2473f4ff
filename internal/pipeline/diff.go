package pipeline

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/nbtools/nbdiff/diff"
	"github.com/nbtools/nbdiff/internal/mapfile"
	"github.com/nbtools/nbdiff/notebook"
)

// DiffOptions are the options of a Differ.
type DiffOptions struct {
	// Diff says what the diff compares (outputs, metadata).
	Diff diff.Options
	// Render says how it is shown: Format, Color and Context. The paths
	// are set for each pair.
	Render diff.RenderOptions
	// Strip returns what stripping keeps. It is called once, after the
	// first pair is parsed (possibly on a goroutine of the Differ's own),
	// so that it may wait for settings read in the background meanwhile
	// (see Prefetch). nil keeps the defaults.
	Strip func() notebook.StripOptions
	// Prefetch, when set, starts reading what Strip returns, in the
	// background; it is called once. The Differ calls it as a pair's
	// parse starts, or, for versions big enough that their parse keeps
	// every core busy (lateSettings), once they are parsed: the reading
	// (a git process, on the command line) then runs beside the alignment
	// of their cells, which uses one core. Strip must start the reading
	// itself if it has not started.
	Prefetch func()
	// NoStrip compares the notebooks as they are, nothing stripped (the
	// command's --all); Strip is not called.
	NoStrip bool
	// Strict is for two files a person named: a side that is not a
	// notebook is an error, and JSON prints even an empty diff.
	// Otherwise such a side is compared as text with a one-line note (or,
	// for JSON and --stat, reported on stderr and skipped), as git needs.
	Strict bool
	// TuneGC sets the garbage collector, and readies the heap, for a
	// process that diffs one pair and ends (see DiffPair): the command
	// sets it; only DiffFiles of two files and DiffPair act on it.
	TuneGC bool
	// Page, when set, makes the Differ hand the pairs to it and write it
	// at Close (the HTML page of them all, see page.go) instead of a text
	// diff per pair; Render is then ignored but for Context.
	Page Page
}

// A Differ writes the diffs of pairs of notebook versions to a writer, in
// the order they are given: the one place where a pair of sources becomes
// notebooks, a diff and its rendering. Call Close when done.
type Differ struct {
	opts    DiffOptions
	strip   func() notebook.StripOptions
	w       *bufio.Writer
	stderr  io.Writer
	changed bool
	stats   []diff.StatLine // the Stat format's lines, printed aligned by Close
	parsed  func()          // when set, called once the first pair is parsed
	timing  *timing         // NBDIFF_TIMING: the time of each stage, on stderr
	// prefetch calls opts.Prefetch once; late has it wait until the
	// pair is parsed.
	prefetch func()
	late     bool
}

// NewDiffer returns a Differ writing diffs to stdout and notes to stderr.
func NewDiffer(stdout, stderr io.Writer, opts DiffOptions) *Differ {
	strip := opts.Strip
	if strip == nil {
		strip = func() notebook.StripOptions { return notebook.StripOptions{} }
	}
	prefetch := func() {}
	if opts.Prefetch != nil {
		prefetch = sync.OnceFunc(opts.Prefetch)
	}
	return &Differ{opts: opts, strip: sync.OnceValue(strip), prefetch: prefetch,
		w: bufio.NewWriterSize(stdout, 64<<10), stderr: stderr, timing: newTiming(stderr)}
}

// A Pair is two versions of a notebook.
type Pair struct {
	OldPath, NewPath string // the same path unless renamed
	Old, New         Source
	// Header holds git's extended header lines of a rename ("similarity
	// index", "rename from", "rename to"); "" has them made here when the
	// paths differ.
	Header string
	// OldMode and NewMode are the files' modes as git writes them
	// ("100644", "100755"), "" when not known: the headers of an added
	// or deleted notebook show them, and a change of mode is a change
	// ("old mode", "new mode"), as in git's diff.
	OldMode, NewMode string
}

// Changed reports whether any pair differed (or a path was unmerged).
func (d *Differ) Changed() bool { return d.changed }

// Close writes what is buffered (with a Page, the page; in the Stat
// format, every notebook's line, aligned, and the totals). A closed pipe
// comes back as EPIPE.
func (d *Differ) Close() error {
	if d.opts.Page != nil {
		if err := d.opts.Page.Write(d.w); err != nil {
			return err
		}
	}
	if len(d.stats) > 0 {
		if err := diff.RenderStat(d.w, d.stats, d.opts.Render); err != nil {
			return err
		}
		d.stats = nil
	}
	return d.w.Flush()
}

// heapFor estimates the heap that diffing versions of n bytes together
// allocates, parse to render (measured on the 2,000-cell pair of
// gen_big_nb.py, BenchmarkDiffStages/*/whole): about n for a text diff,
// whose outputs are digests (0.87 n with cell ids, 0.93 n without; the
// parse alone about 0.57 n), and twice n for the page, which holds the
// outputs whole and renders them. The estimate is of the whole diff, not
// only the parse: what the alignment and the line diffs allocate past the
// readied heap would land in small pages, one fault each. Readying 0.75 n
// instead cost the pair about 400 more page faults (1,550 against
// 1,140-1,220, perf stat) and 8 ms of 52 (NBDIFF_TIMING: the aligned
// stage 14.9 against 6.8 ms, medians of 21), for 0.5-1.5 MB less peak
// RSS.
func (d *Differ) heapFor(n int) int {
	if d.opts.Page != nil || !d.parseOptions(nil).DigestOutputs {
		return 2 * n
	}
	return n
}

// parseOptions are the options of parsing one version.
func (d *Differ) parseOptions(strs *notebook.StringTable) notebook.ParseOptions {
	// Outputs that are not shown only need to compare equal or not: a
	// digest of each cell's outputs does, and costs no memory.
	return notebook.ParseOptions{Strings: strs, DigestOutputs: !d.opts.Diff.Outputs && d.opts.Render.Format != diff.JSON && d.opts.Page == nil}
}

// Pair diffs one pair and writes its diff; identical notebooks print
// nothing (except JSON in strict mode, which always prints one document).
// It closes both sources.
func (d *Differ) Pair(p Pair) error {
	defer p.Old.Close()
	defer p.New.Close()
	ro := d.opts.Render
	ro.OldPath, ro.NewPath = p.OldPath, p.NewPath
	var strs notebook.StringTable
	if !d.late {
		d.prefetch()
	}
	na, nb, errA, errB := ParsePair(p.Old, p.New, d.parseOptions(&strs))
	d.timing.stage("parsed")
	d.prefetch()
	if parsed := d.parsed; parsed != nil {
		d.parsed = nil
		if d.late && !d.opts.NoStrip {
			// The settings are being read (a git process is starting):
			// collections now would wait for it to start (no
			// collection can stop the world while Go starts a process)
			// and compete with it for the other core. The alignment
			// runs on alone until the settings are in.
			go func() { d.strip(); parsed() }()
		} else {
			parsed()
		}
	}
	if errA != nil || errB != nil {
		return d.notNotebook(p, ro, na, nb, errA, errB)
	}
	if d.opts.Page != nil {
		return d.pagePair(p, na, nb)
	}
	// Aligning and diffing the sources does not depend on what stripping
	// keeps: it runs while the settings that say so may still be read.
	pre := diff.Prepare(na, nb)
	d.timing.stage("aligned")
	d.stripNotebook(na)
	d.stripNotebook(nb)
	d.timing.stage("stripped")
	r := pre.Finish(d.opts.Diff)
	d.timing.stage("diffed")
	defer d.timing.stage("rendered")
	both := !p.Old.IsAbsent() && !p.New.IsAbsent()
	renamed := !d.opts.Strict && p.OldPath != p.NewPath && both
	ro.OldMode, ro.NewMode = p.OldMode, p.NewMode
	modes := ""
	if both && p.OldMode != "" && p.NewMode != "" && p.OldMode != p.NewMode {
		modes = fmt.Sprintf("old mode %s\nnew mode %s\n", p.OldMode, p.NewMode)
	}
	// A rename or a change of mode is a change, even alone, as git
	// counts it: its extended header lines show it, --stat lists it
	// (with 0 lines) and --json prints its object (an empty diff between
	// the two paths).
	alone := renamed || modes != ""
	if alone && ro.Format == diff.Plain {
		ro.ExtendedHeader = modes
		if renamed {
			ro.ExtendedHeader += p.Header
			if p.Header == "" {
				ro.ExtendedHeader += fmt.Sprintf("rename from %s\nrename to %s\n", p.OldPath, p.NewPath)
			}
		}
		d.changed = true
		return diff.Render(d.w, r, ro)
	}
	if r.Empty() && !alone && (ro.Format != diff.JSON || !d.opts.Strict) {
		return nil
	}
	if !r.Empty() || alone {
		d.changed = true
	}
	if ro.Format == diff.Stat {
		// Lines are aligned on the longest: they wait for Close.
		if l, ok := diff.StatOf(r, ro); ok {
			d.stats = append(d.stats, l)
		} else if alone {
			d.stats = append(d.stats, diff.RenameStat(ro))
		}
		return nil
	}
	return diff.Render(d.w, r, ro)
}

// stripNotebook strips n (nil: absent) as the options say.
func (d *Differ) stripNotebook(n *notebook.Notebook) {
	if n != nil && !d.opts.NoStrip {
		notebook.Strip(n, d.strip())
	}
}

// notNotebook handles a pair of which a side is not a notebook: an error
// in strict mode; otherwise the pair compared as text with a note, the
// side that is a notebook shown as its textconv (as git log -p shows it:
// no base64 either way).
func (d *Differ) notNotebook(p Pair, ro diff.RenderOptions, na, nb *notebook.Notebook, errA, errB error) error {
	path, perr := p.OldPath, errA
	if errA == nil {
		path, perr = p.NewPath, errB
	}
	if errors.Is(perr, mapfile.ErrChanged) {
		// Truncated while it was read: neither a notebook nor text to
		// show.
		return fmt.Errorf("%s: %w", path, perr)
	}
	if d.opts.Strict {
		return fmt.Errorf("%s: not a notebook: %w", path, perr)
	}
	// The bytes are shown: copy mapped files, so that a file that
	// changes now cannot fault.
	a, err := p.Old.Copy()
	if err != nil {
		return fmt.Errorf("%s: %w", p.OldPath, err)
	}
	b, err := p.New.Copy()
	if err != nil {
		return fmt.Errorf("%s: %w", p.NewPath, err)
	}
	if bytes.Equal(normalizeEOL(a.Data()), normalizeEOL(b.Data())) && a.IsAbsent() == b.IsAbsent() {
		return nil
	}
	d.changed = true
	if d.opts.Page != nil {
		return d.pageText(p, a, b, na, nb, fmt.Sprintf("%s is not a notebook (%v); shown as text", path, perr))
	}
	if ro.Format != diff.Plain {
		fmt.Fprintf(d.stderr, "nbdiff: %s: not a notebook, skipped (%v)\n", path, perr)
		return nil
	}
	ta, tb := a.Data(), b.Data()
	if na != nil {
		d.stripNotebook(na)
		ta = diff.Textconv(na)
	}
	if nb != nil {
		d.stripNotebook(nb)
		tb = diff.Textconv(nb)
	}
	note := fmt.Sprintf("%s is not a notebook (%v); shown as text", path, perr)
	return diff.RenderText(d.w, p.OldPath, p.NewPath, ta, tb, ro, note)
}

// Unmerged reports a path with conflict stages: in the diff, as git diff
// does, or on stderr for --stat and --json.
func (d *Differ) Unmerged(path string) error {
	d.changed = true
	if d.opts.Page != nil {
		d.opts.Page.Add(PageFile{OldPath: path, NewPath: path, Note: "unmerged: resolve the conflict first"})
		return nil
	}
	if d.opts.Render.Format != diff.Plain {
		fmt.Fprintf(d.stderr, "nbdiff: %s: unmerged, not shown\n", path)
		return nil
	}
	_, err := fmt.Fprintf(d.w, "* Unmerged path %s\n", path)
	return err
}

func normalizeEOL(b []byte) []byte { return bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n")) }

// DiffFiles diffs two files (either may be the null device: absent), or
// every notebook that two directories hold, with d. Two files are named
// as given; the null device by the other side's name.
func DiffFiles(d *Differ, oldPath, newPath string) error {
	if isDir(oldPath) {
		return diffDirs(d, oldPath, newPath)
	}
	a, err := File(oldPath)
	if err != nil {
		return err
	}
	b, err := File(newPath)
	if err != nil {
		a.Close()
		return err
	}
	name := func(p, other string) string {
		if IsNullDevice(p) {
			return other
		}
		return p
	}
	return DiffPair(d, Pair{OldPath: name(oldPath, newPath), NewPath: name(newPath, oldPath), Old: a, New: b})
}

// DiffPair diffs p with d, for a process that diffs that one pair and
// ends (two files, git's diff driver): with TuneGC, the collector is set
// for it and the heap readied for its size (gcForDiff).
func DiffPair(d *Differ, p Pair) error {
	n := len(p.Old.data) + len(p.New.data)
	if d.opts.TuneGC {
		d.timing.stage("opened")
		d.parsed = gcForDiff(d.heapFor(n))
		d.timing.stage("readied")
	}
	d.late = n >= lateSettings
	return d.Pair(p)
}

// lateSettings is the size of a pair of versions from which DiffPair
// starts reading the settings (DiffOptions.Prefetch) only once they are
// parsed, and turns the collector on (gcForDiff) only once the settings
// are in. Parsing them takes both cores of a small machine for 15 ms or
// more, and the git process that reads the settings, which needs 4-5 ms
// of CPU there, slowed it by as much (and while Go starts a process no
// collection can stop the world: readying the heap waited for it); the
// alignment of their cells uses one core and takes longer than that
// process. Measured on the 2,000-cell pair (NBDIFF_TIMING, medians of 21):
// 47.6 ms with the settings read from the start, 43.8 ms so. For smaller
// versions the reading runs beside the parse, which would otherwise wait
// for it.
const lateSettings = 8 << 20

func isDir(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}

// diffDirs diffs every notebook that two directory trees hold, matched by
// path relative to each directory, in path order. Jujutsu and Mercurial
// call diff tools this way.
func diffDirs(d *Differ, oldDir, newDir string) error {
	oldFiles, err := notebooksUnder(oldDir)
	if err != nil {
		return err
	}
	newFiles, err := notebooksUnder(newDir)
	if err != nil {
		return err
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
	for _, p := range paths {
		a, err := fileUnder(oldDir, p, oldFiles[p])
		if err != nil {
			return err
		}
		b, err := fileUnder(newDir, p, newFiles[p])
		if err != nil {
			a.Close()
			return err
		}
		if err := d.Pair(Pair{OldPath: p, NewPath: p, Old: a, New: b}); err != nil {
			return err
		}
	}
	return nil
}

func fileUnder(dir, rel string, present bool) (Source, error) {
	if !present {
		return Absent(), nil
	}
	return File(filepath.Join(dir, filepath.FromSlash(rel)))
}

// notebooksUnder returns the *.ipynb files below dir by slash-separated
// relative path, skipping .git, .jj, .hg and .ipynb_checkpoints. dir may
// be a symbolic link to a directory (as in git diff --no-index); links
// below it are not followed into directories (nor by git).
func notebooksUnder(dir string) (map[string]bool, error) {
	files := map[string]bool{}
	// WalkDir does not follow a link that is its root: walk where it
	// leads.
	if real, err := filepath.EvalSymlinks(dir); err == nil {
		dir = real
	}
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
		if !IsNotebookPath(p) {
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

// IsNotebookPath reports whether a path names a notebook (*.ipynb, any
// case).
func IsNotebookPath(p string) bool { return strings.HasSuffix(strings.ToLower(p), ".ipynb") }
