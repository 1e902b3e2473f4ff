package pipeline

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"sync"

	"github.com/nbtools/nbdiff/internal/mapfile"
	"github.com/nbtools/nbdiff/merge"
	"github.com/nbtools/nbdiff/notebook"
)

// MergeOptions are the options of Merge. The zero value merges files
// named on the command line with merge's default options.
type MergeOptions struct {
	merge.Options
	// Driver merges as git's merge driver does: a fast path is taken on
	// the bytes before anything is parsed, and an input that is not a
	// notebook fails nothing: the three files are merged as plain text,
	// with conflict markers where the sides conflict, so that no side is
	// ever lost. (When only the base is not a notebook, the sides are
	// merged as if both added the file, one conflict more, with a note, in
	// both modes.)
	Driver bool
	// Path names the merged file in messages (git's %P for the driver);
	// "" names it by the path of ours.
	Path string
	// TuneGC sets the garbage collector for a process that makes this one
	// merge and ends (see gcForMerge): the commands set it; a caller that
	// goes on to other work, such as a harness replaying many merges,
	// must not.
	TuneGC bool
	// Complete, when not nil, is called once the versions are read and
	// parsed, before they are merged, to complete the options with what
	// was found out meanwhile (git's settings, read in the background).
	Complete func(*merge.Options)
}

// Merged is the result of Merge.
type Merged struct {
	// Result is the notebook merge; nil when a fast path or the text
	// fallback made the result, which is then in the bytes WriteTo writes.
	Result *merge.Result
	// Unchanged reports that the result is ours' bytes exactly (a driver
	// then has nothing to write).
	Unchanged bool
	// Conflicts counts the conflicts left in the result: Result's, the
	// merge of a base that is not a notebook, or the text fallback's.
	Conflicts int
	// Notes are one-line messages about how the merge was made, for
	// standard error (the driver's fallbacks).
	Notes []string
	data  []byte
}

// WriteTo writes the merged file to w: the notebook the way Jupyter
// writes it, encoded as it is written (never whole in memory), or the
// bytes of a fast path or text merge.
func (m *Merged) WriteTo(w io.Writer) (int64, error) {
	if m.Result != nil {
		cw := &countWriter{w: w}
		err := notebook.WriteTo(cw, m.Result.Notebook)
		return cw.n, err
	}
	n, err := w.Write(m.data)
	return int64(n), err
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// Merge reads the versions at paths (base, ours, theirs) and merges them
// (merge.Notebooks), taking a fast path when one side did not change or
// both made the same change (merge.FastPath). An empty base (only white
// space, or the null device: IsNullDevice) means both sides added the
// file. It writes no file. Where the cells conflict and git's own text
// merge of the files is clean and a notebook, that is the result (with a
// note). The error is the first read error, in the order of paths, else
// (not in driver mode) the first parse error of a side, prefixed with the
// file's name; a panic of the merge (a bug) is an error too (in driver
// mode, a merge as plain text with a note), so that both sides are kept.
func Merge(paths [3]string, opts MergeOptions) (*Merged, error) {
	path := opts.Path
	if path == "" {
		path = paths[1]
	}
	sizes := regularSizes(paths)
	parsed := func() {}
	if opts.TuneGC {
		// The parse allocates about the size of the versions; a driver
		// reads them into the heap first (readVersions), as much again.
		heap := int(min(max(sizes[0], 0)+max(sizes[1], 0)+max(sizes[2], 0), math.MaxInt32))
		if opts.Driver {
			heap *= 2
		}
		parsed = gcForMerge(heap)
	}
	v, err := readVersions(paths, sizes, opts.Driver)
	if err != nil {
		if opts.Driver {
			err = fmt.Errorf("%s: %w", path, err)
		}
		return nil, err
	}
	defer v.close()
	if opts.Driver {
		// The fast path needs no setting that Complete may change.
		if m := v.fastPath(opts.Options); m != nil {
			return m, nil
		}
	}
	names := paths
	if opts.Driver {
		names = [3]string{path + " (base)", path + " (ours)", path + " (theirs)"}
	}
	nbs, errs := v.parse(names)
	parsed()
	if opts.Complete != nil {
		opts.Complete(&opts.Options)
	}
	var baseErr error
	if errs[0] != nil && errs[1] == nil && errs[2] == nil {
		// Only the base is no notebook (a committed text merge, say):
		// merge the sides as if both added the file, which keeps the
		// result a notebook and loses nothing.
		baseErr, nbs[0] = errs[0], nil
	}
	if err := firstError(errs[:]); err != nil && baseErr == nil {
		if !opts.Driver {
			return nil, err
		}
		return v.text(err, opts.Options), nil
	}
	if !opts.Driver {
		if m := v.fastPath(opts.Options); m != nil {
			return m, nil
		}
	}
	res, err := notebooks(nbs, opts.Options)
	if err != nil {
		if !opts.Driver {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		return v.text(err, opts.Options), nil
	}
	if baseErr == nil {
		if m := v.gitClean(path, res, opts.Options); m != nil {
			return m, nil
		}
	}
	m := &Merged{Result: res, Conflicts: len(res.Conflicts)}
	if baseErr != nil {
		m.Notes = append(m.Notes, fmt.Sprintf("%v; merged the sides as if both added the file, check the result", baseErr))
		m.Conflicts++
	}
	return m, nil
}

// text merges the versions as plain text, for a driver whose inputs are
// not all notebooks (err says why), so that neither side is lost: git's
// own text merge where ours conflicts and git's is clean, as git would
// have merged the file. The note asks to check the conflict markers only
// when some were left.
func (v *versions) text(err error, opts merge.Options) *Merged {
	text, n := merge.TextConflicts(string(v.data[0]), string(v.data[1]), string(v.data[2]), opts)
	if n > 0 {
		if out, ok := merge.GitLines(v.data[0], v.data[1], v.data[2]); ok {
			text, n = string(out), 0
		}
	}
	hint := ""
	for i, side := range []string{"base", "ours", "theirs"} {
		if merge.HasMarkers(v.data[i]) {
			hint = " (" + side + " holds conflict markers)"
			break
		}
	}
	note := fmt.Sprintf("%v%s; merged as plain text", err, hint)
	if n > 0 {
		note += ", check the conflict markers"
	}
	return &Merged{data: []byte(text), Conflicts: n, Notes: []string{note}}
}

func firstError(errs []error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// Fix repairs a notebook that holds git's textual conflict markers
// (merge.Fix), turning a panic (a bug) into an error, so that the file
// stays as it was.
func Fix(data []byte, opts merge.FixOptions) (fixed *merge.Fixed, err error) {
	defer func() {
		if r := recover(); r != nil {
			fixed, err = nil, fmt.Errorf("merge: internal error: %v", r)
		}
	}()
	return merge.Fix(data, opts)
}

// notebooks calls merge.Notebooks, turning a panic (a bug) into an error.
func notebooks(nbs [3]*notebook.Notebook, opts merge.Options) (res *merge.Result, err error) {
	defer func() {
		if r := recover(); r != nil {
			res, err = nil, fmt.Errorf("merge: internal error: %v", r)
		}
	}()
	return merge.Notebooks(nbs[0], nbs[1], nbs[2], opts), nil
}

// versions are the three inputs of a merge as read.
type versions struct {
	data  [3][]byte        // the content, mapped or in the heap
	files [3]*mapfile.File // mapped files, to drop pages while parsing
}

// regularSizes returns the size of each file at paths, -1 for one that is
// not a regular file (or cannot be read).
func regularSizes(paths [3]string) (size [3]int64) {
	for i, p := range paths {
		size[i] = -1
		if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() {
			size[i] = fi.Size()
		}
	}
	return size
}

// readVersions reads the three files. With keepAll every file is read
// into the heap. Otherwise a file is read into the heap when a fast path
// may need its bytes after parsing: when it is not a regular file or
// another version has the same size (equal files have equal sizes). The
// others may be mapped (internal/mapfile) and their pages dropped as the
// parser moves on, so that memory holds the parsed notebooks and not the
// files as well. size is regularSizes(paths). The error is the first, in
// the order of paths.
func readVersions(paths [3]string, size [3]int64, keepAll bool) (*versions, error) {
	v := new(versions)
	var kept [3]bool
	for i := range kept {
		for j := range kept {
			if keepAll || size[i] < 0 || j != i && (size[j] < 0 || size[j] == size[i]) {
				kept[i] = true
			}
		}
	}
	for i, p := range paths {
		if IsNullDevice(p) { // "/dev/null" cannot be opened on Windows
			v.data[i] = []byte{}
			continue
		}
		if kept[i] {
			b, err := mapfile.ReadFile(p)
			if err != nil {
				v.close()
				return nil, err
			}
			v.data[i] = b
			continue
		}
		f, err := mapfile.Read(p)
		if err != nil {
			v.close()
			return nil, err
		}
		v.data[i] = f.Bytes()
		if f.Mapped() {
			v.files[i] = f
		}
	}
	return v, nil
}

func (v *versions) close() {
	for _, f := range v.files {
		if f != nil {
			f.Close()
		}
	}
}

// testHookBaseParsed, when set (by a test), runs once a merge has parsed
// its base, before it parses ours and theirs.
var testHookBaseParsed func()

// owner returns which version a parse error of version i is about: the
// version whose mapping a memory fault was in (the parses of ours and
// theirs read the mapped base again), else i.
func (v *versions) owner(i int, err error) int {
	var ce *mapfile.ChangedError
	if errors.As(err, &ce) {
		for j, f := range v.files {
			if f != nil && f.Holds(ce.Addr) {
				return j
			}
		}
	}
	return i
}

// fastPath returns the result when one side did not change (or both made
// the same change), or nil. A mapped version has a size no other version
// has (see readVersions), so comparing it reads none of its pages; when
// its bytes are the result, they are copied, to outlive the mapping. All
// of it runs inside mapfile.Use all the same: a file whose size changed
// between readVersions' look at it and its mapping could be compared, and
// a file truncated since is then no crash. With a file changed since the
// parse, it returns nil: the merge goes on with the versions as parsed.
func (v *versions) fastPath(opts merge.Options) *Merged {
	var m *Merged
	err := mapfile.Use(func() error {
		out, ok := merge.FastPath(v.data[0], v.data[1], v.data[2], opts)
		if !ok {
			return nil
		}
		for i, f := range v.files {
			if f != nil && len(out) > 0 && &out[0] == &v.data[i][0] {
				m = &Merged{data: bytes.Clone(out)}
				return nil
			}
		}
		m = &Merged{data: out, Unchanged: v.files[1] == nil && bytes.Equal(out, v.data[1])}
		return nil
	})
	if err != nil {
		return nil
	}
	return m
}

// gitCleanMax bounds the size of the versions (together) for which gitClean
// runs git's text merge.
const gitCleanMax = 12 << 20

// gitClean returns, when the notebook merge res left conflicts, git's own
// text merge of the versions if that is clean and a notebook (row git
// clean of merge's case table: a merge git completes does not get worse),
// with a note naming path; nil otherwise, and always with
// opts.StripOutputs (git's merge keeps the outputs). It is tried only
// while the three versions together hold at most gitCleanMax bytes: git's
// merge is two line diffs of the whole files, which on big notebooks
// costs several times the notebook merge and its memory, for a rule that
// decides a conflict the other way in rare cases (keeping the conflict is
// never wrong).
func (v *versions) gitClean(path string, res *merge.Result, opts merge.Options) *Merged {
	if len(res.Conflicts) == 0 || opts.StripOutputs || len(v.data[0])+len(v.data[1])+len(v.data[2]) > gitCleanMax {
		return nil
	}
	var out []byte
	var ok bool
	// Mapped versions are read inside Use: a file truncated meanwhile
	// is no crash, and then no merge of git's either.
	if err := mapfile.Use(func() error {
		out, ok = merge.GitLines(v.data[0], v.data[1], v.data[2])
		return nil
	}); err != nil || !ok {
		return nil
	}
	if _, err := notebook.Parse(out); err != nil {
		return nil
	}
	note := fmt.Sprintf("%s: the cells conflict in %d places, but git's own text merge of the file is clean: written that", path, len(res.Conflicts))
	return &Merged{data: out, Notes: []string{note}}
}

// mergeStep is how far ours and theirs are parsed between drops of what
// their parses are done with (theirs, ours and the base's), a quarter of
// the parser's default. Three versions are mapped at once, and their
// parse, not the merge, set nbmerge's peak memory on freshly written
// files (which the page cache holds in large folios, each mapped whole
// at a read of any page of it): on freshly generated 2,000-cell triples,
// 30 alternating runs (twice, the order swapped), the peak was 1.1-2.5
// MiB lower at the median and 2.0-3.3 MiB at the worst (the merge's own
// peak then), for 0.6-3.6 ms more of 80-90; on files written the day
// before, 0.8 MiB lower at the median, the worst the same.
const mergeStep = 256 << 10

// parse parses the versions with one string table (the versions share
// most sources and outputs: equal long strings are held once). The base
// goes first, indexed: ours and theirs, parsed side by side after it,
// copy the cells they share with it byte for byte (most cells, as a
// rule) instead of parsing them again. An empty base (only white space)
// is nil. Each error is prefixed with the version's name.
func (v *versions) parse(names [3]string) (nbs [3]*notebook.Notebook, errs [3]error) {
	var strs notebook.StringTable
	var base notebook.CellIndex
	parse1 := func(i int, opts notebook.ParseOptions) {
		src := Source{data: v.data[i], file: v.files[i]}
		var err error
		// Only an empty base means an absent side: an empty ours or
		// theirs is no notebook.
		nbs[i], err = parse(src, opts, i == 0)
		if err != nil {
			errs[i] = fmt.Errorf("%s: %w", names[v.owner(i, err)], err)
		}
	}
	parse1(0, notebook.ParseOptions{Strings: &strs, Index: &base})
	// The base stays mapped for the index, but not in memory: the parses
	// of ours and theirs read its cells again (from the page cache) as
	// they get to them, and drop them once both are past.
	if f := v.files[0]; f != nil {
		f.Release(len(v.data[0]))
	}
	if testHookBaseParsed != nil {
		testHookBaseParsed()
	}
	var mu sync.Mutex
	var past [3]int // how far into the base ours and theirs have got
	got := func(i int) func(int) {
		return func(n int) {
			mu.Lock()
			defer mu.Unlock()
			past[i] = max(past[i], n)
			if f := v.files[0]; f != nil {
				f.Release(min(past[1], past[2]))
			}
		}
	}
	var wg sync.WaitGroup
	for i := 1; i <= 2; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// merge.Notebooks does not modify its arguments: the cells
			// taken from the base can share its values.
			parse1(i, notebook.ParseOptions{Strings: &strs, Like: &base, LikeConsumed: got(i), LikeShares: true, ConsumedStep: mergeStep})
			got(i)(len(v.data[0]))
		}()
	}
	wg.Wait()
	return nbs, errs
}
