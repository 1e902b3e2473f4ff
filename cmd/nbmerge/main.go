// Command nbmerge merges three versions of a Jupyter notebook cell by cell
// and serves git as a merge driver.
//
//	nbmerge BASE OURS THEIRS [-o OUT]   merge three files; result to OUT or stdout
//	nbmerge driver BASE OURS THEIRS [MARKER-SIZE [PATH [OURS-LABEL THEIRS-LABEL]]]
//	                                    git's merge driver protocol: result written into OURS
//	nbmerge fix FILE...                 repair a notebook that holds git's textual conflict markers
//
// Exit codes: 0 clean, 1 conflicts written, 2 usage error or unreadable input.
package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"

	"github.com/urfave/cli/v2"

	"github.com/nbtools/nbdiff/internal/cmdutil"
	"github.com/nbtools/nbdiff/internal/mapfile"
	"github.com/nbtools/nbdiff/merge"
	"github.com/nbtools/nbdiff/notebook"
)

func main() { os.Exit(run(os.Args, os.Stdin, os.Stdout, os.Stderr)) }

// gcForMerge sets the garbage collector for a merge, unless the GOGC or
// GOMEMLIMIT environment variable sets it, and returns what to call once
// the versions are parsed. Parsing builds the notebooks, which stay live
// to the end and share their equal strings: collecting then frees nearly
// nothing and costs a good share of the time; and what parsing allocates
// is bounded (little more than the input, less where versions share). So
// the collector is off while parsing. Then it runs only when the heap
// reaches twice what parsing left (plus 8 MB): a merge of similar versions
// allocates far less than that, and one of unrelated versions, whose text
// merges make garbage, is collected before it grows past it. Against a
// plain GOGC 200 this is faster at about the same peak memory on similar
// versions, and keeps the peak lower on unrelated ones.
func gcForMerge() (parsed func()) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	debug.SetGCPercent(-1)
	return func() {
		sample := []metrics.Sample{{Name: "/memory/classes/total:bytes"}}
		metrics.Read(sample)
		if sample[0].Value.Kind() == metrics.KindUint64 {
			debug.SetMemoryLimit(int64(2*sample[0].Value.Uint64()) + 8<<20)
		} else {
			debug.SetGCPercent(100)
		}
	}
}

// run runs nbmerge with args (args[0] is the program name) and returns the
// exit code.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	app := cmdutil.NewApp("nbmerge", "merge Jupyter notebooks cell by cell, for people and for git", cmdutil.Version, stdout, stderr)
	app.UsageText = "nbmerge [options] BASE OURS THEIRS [-o OUT]\n" +
		"nbmerge driver [options] BASE OURS THEIRS [MARKER-SIZE [PATH [OURS-LABEL THEIRS-LABEL]]]\n" +
		"nbmerge fix [options] FILE..."
	app.Description = "Merges the changes from BASE to THEIRS into OURS, cell by cell and line by line inside\n" +
		"cells, and writes the merged notebook to OUT (atomically) or to standard output. Conflicts\n" +
		"are marked inside the cells they belong to, so the result is always a valid notebook.\n" +
		"An empty BASE (or /dev/null) means both sides added the file.\n" +
		"Exit status: 0 clean, 1 conflicts written, 2 usage error or unreadable input (nothing written)."
	app.Flags = append(mergeFlags(), &cli.StringFlag{Name: "o", Aliases: []string{"output"}, Usage: "write the result to `OUT` instead of standard output"})
	app.Action = func(c *cli.Context) error { return standalone(c, stdout, stderr) }
	app.Commands = []*cli.Command{
		driverCommand(stderr),
		fixCommand(stderr),
	}
	return cmdutil.Run(app, reorderArgs(args, app), stderr)
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
	if opts.MarkerSize < 7 {
		return opts, cmdutil.Usage("--marker-size %d: must be at least 7", opts.MarkerSize)
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
	names := c.Args().Slice()
	parsed := gcForMerge()
	data, _, nbs, err := readSides(names)
	if err != nil {
		return cmdutil.Exit(2, err)
	}
	parsed()
	opts.Diff3 = <-diff3
	base, ours, theirs := nbs[0], nbs[1], nbs[2]
	// The result is written as it is encoded, never whole in memory.
	var write func(io.Writer) error
	conflicts := 0
	if out, ok := merge.FastPath(data[0], data[1], data[2], opts); ok {
		write = func(w io.Writer) error {
			_, err := w.Write(out)
			return err
		}
	} else {
		res, err := mergeNotebooks(base, ours, theirs, opts)
		if err != nil {
			return cmdutil.Exit(2, fmt.Errorf("%s: %w", names[1], err))
		}
		write = func(w io.Writer) error { return notebook.WriteTo(w, res.Notebook) }
		conflicts = len(res.Conflicts)
		report(stderr, names[1], res)
	}
	if o := c.String("o"); o != "" && o != "-" {
		if err := cmdutil.WriteFileAtomicFunc(o, 0o644, write); err != nil {
			return cmdutil.Exit(2, err)
		}
	} else if err := write(stdout); err != nil {
		return err
	}
	if conflicts > 0 {
		return cmdutil.Exit(1, nil)
	}
	return nil
}

// readSides reads and parses the three versions named names, up to two at
// a time. It keeps the bytes of a version only when merge.FastPath may need them:
// when it is not a regular file or another version has the same size
// (equal files have equal sizes). The others are mapped (internal/mapfile)
// and their pages dropped as the parser moves on, so that memory holds the
// parsed notebooks and not the files as well (data holds nil for them, which
// merge.FastPath takes for a version that differs). kept says which bytes data holds. The error is the first read
// error in the order of names, else the first parse error, prefixed with
// the file's name; an empty base (only white space) parses to nil.
func readSides(names []string) (data [3][]byte, kept [3]bool, nbs [3]*notebook.Notebook, err error) {
	var size [3]int64
	for i, name := range names {
		size[i] = -1
		if fi, err := os.Stat(name); err == nil && fi.Mode().IsRegular() {
			size[i] = fi.Size()
		}
	}
	for i := range kept {
		for j := range kept {
			if size[i] < 0 || j != i && (size[j] < 0 || size[j] == size[i]) {
				kept[i] = true
			}
		}
	}
	var readErr, parseErr [3]error
	// The versions share most sources and outputs: parsed with one
	// table, equal long strings are held once.
	var strs notebook.StringTable
	sem := make(chan struct{}, min(3, max(1, runtime.GOMAXPROCS(0))))
	var wg sync.WaitGroup
	for i, name := range names {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			if kept[i] {
				b, err := os.ReadFile(name)
				if err != nil {
					readErr[i] = err
					return
				}
				data[i] = b
				if i == 0 && len(bytes.TrimSpace(b)) == 0 {
					return
				}
				if nbs[i], err = notebook.ParseWith(b, notebook.ParseOptions{Strings: &strs}); err != nil {
					parseErr[i] = fmt.Errorf("%s: %w", name, err)
				}
				return
			}
			// Not needed after parsing: a big file is mapped and its
			// pages dropped as the parser moves on.
			f, err := mapfile.Read(name)
			if err != nil {
				readErr[i] = err
				return
			}
			defer f.Close()
			err = mapfile.Use(func() error {
				b := f.Bytes()
				if i == 0 && len(bytes.TrimSpace(b)) == 0 {
					return nil
				}
				var err error
				nbs[i], err = notebook.ParseWith(b, notebook.ParseOptions{Consumed: f.Release, Strings: &strs})
				return err
			})
			if err != nil {
				parseErr[i] = fmt.Errorf("%s: %w", name, err)
			}
		}()
	}
	wg.Wait()
	for _, errs := range [][3]error{readErr, parseErr} {
		for _, e := range errs {
			if e != nil {
				return data, kept, nbs, e
			}
		}
	}
	return data, kept, nbs, nil
}

// mergeNotebooks calls merge.Notebooks, turning a panic (a bug) into an
// error so that the caller can still keep both sides.
func mergeNotebooks(base, ours, theirs *notebook.Notebook, opts merge.Options) (res *merge.Result, err error) {
	defer func() {
		if r := recover(); r != nil {
			res, err = nil, fmt.Errorf("merge: internal error: %v", r)
		}
	}()
	return merge.Notebooks(base, ours, theirs, opts), nil
}

// parseSides parses the three versions named names. An empty base (only
// white space) is nil: both sides added the file. The error is the first
// version's that failed; the versions that parsed are returned with it.
func parseSides(names []string, data [3][]byte) (base, ours, theirs *notebook.Notebook, err error) {
	var nbs [3]*notebook.Notebook
	for i := range data {
		if i == 0 && len(bytes.TrimSpace(data[0])) == 0 {
			continue
		}
		var e error
		if nbs[i], e = notebook.Parse(data[i]); e != nil && err == nil {
			err = fmt.Errorf("%s: %w", names[i], e)
		}
	}
	return nbs[0], nbs[1], nbs[2], err
}

// report writes the summary of a merge on stderr: the conflicts, with the
// cells they are in, and the merge's notes. path names the merged file.
func report(stderr io.Writer, path string, res *merge.Result) {
	if n := len(res.Conflicts); n > 0 {
		s := "s"
		if n == 1 {
			s = ""
		}
		fmt.Fprintf(stderr, "nbmerge: %s: %d conflict%s marked inside cells:\n", path, n, s)
		for _, c := range res.Conflicts {
			fmt.Fprintf(stderr, "  %s\n", c)
		}
	}
	for _, note := range res.Notes {
		fmt.Fprintf(stderr, "nbmerge: %s: %s\n", path, note)
	}
}
