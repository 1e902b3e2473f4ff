// Command realmerge replays the real notebook merges of ../shared/merges
// through merge.Notebooks and compares the results with what the people
// committed (make realmerge).
//
// Usage: go run ./tools/realmerge [-v] [-no-word-merge] [DIR]
//
// DIR (default ../shared/merges) holds cases.tsv and one folder per case
// with base.ipynb, ours.ipynb, theirs.ipynb and human.ipynb. Each merge
// takes the command's fast paths first (theirs equal to base gives ours'
// bytes, ours equal to base gives theirs'), then parses the three files and
// merges them, and where the cells conflict takes git's own text merge of
// the files when that is clean and a notebook, as the command does. The figures are printed separately for the merges that git's
// text merge completes and those where it conflicts: how many merged
// cleanly, how many of those equal the person's result on cell types and
// sources in order (outputs and metadata ignored; counted where the person's
// result is a valid notebook), how many results do not parse, and how many
// clean merges dropped a source line that one side added (apart from lines
// that the word-level merge resolved: there the line of one side is gone
// by design, replaced by the other side's, whose word edits hold its own;
// these are counted apart, and only when the merge without the word level
// keeps every line; and apart from cells that one side deleted and the
// other changed a little, which go on purpose, with a note). Beside
// that, it counts the clean merges that dropped a line a side added and the
// person kept: a word-level resolution that takes one side's edit of a line
// replaces the other side's line on purpose, and only a line the person
// wanted tells a wrong drop from a chosen one. -v lists the cases behind
// each figure.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/nbtools/nbdiff/internal/pipeline"
	"github.com/nbtools/nbdiff/merge"
	"github.com/nbtools/nbdiff/notebook"
	"github.com/nbtools/nbdiff/tools/tsv"
)

func main() {
	verbose := flag.Bool("v", false, "list the cases behind each figure")
	noWords := flag.Bool("no-word-merge", false, "turn off the word-level retry of overlapping hunks")
	flag.Parse()
	dir := "../shared/merges"
	if flag.NArg() > 0 {
		dir = flag.Arg(0)
	}
	start := time.Now()
	if err := run(dir, merge.Options{NoWordMerge: *noWords}, *verbose, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "realmerge:", err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "realmerge: %.1fs\n", time.Since(start).Seconds())
}

// group holds the figures of one kind of merge.
type group struct {
	name                                   string
	total, clean, comparable, same         int
	invalid, dropped, conflicting, badIn   int
	wordDropped, keptDropped, smallDropped int
	listDiffer, listDrop, listConf, listIn []string
	listWord, listKept, listSmall          []string
}

func run(dir string, opts merge.Options, verbose bool, out io.Writer) error {
	groups, invalidInputs, err := evaluate(dir, opts)
	if err != nil {
		return err
	}
	report(groups, invalidInputs, verbose, out)
	return nil
}

// evaluate replays every case of dir and returns the figures of the merges
// git's text merge completes (key true) and of those where it conflicts
// (key false), and the number of merges whose inputs are not notebooks.
func evaluate(dir string, opts merge.Options) (map[bool]*group, int, error) {
	rows, err := tsv.Read(filepath.Join(dir, "cases.tsv"))
	if err != nil {
		return nil, 0, err
	}
	groups := map[bool]*group{
		true:  {name: "git's text merge clean"},
		false: {name: "git's text merge conflicts"},
	}
	invalidInputs := 0
	for _, row := range rows {
		g := groups[row["git_textmerge"] == "clean"]
		g.total++
		id := row["id"]
		paths := [3]string{filepath.Join(dir, id, "base.ipynb"), filepath.Join(dir, id, "ours.ipynb"), filepath.Join(dir, id, "theirs.ipynb")}
		read := func(name string) ([]byte, error) { return os.ReadFile(filepath.Join(dir, id, name)) }
		b, err1 := read("base.ipynb")
		o, err2 := read("ours.ipynb")
		t, err3 := read("theirs.ipynb")
		if err := firstErr(err1, err2, err3); err != nil {
			return nil, 0, fmt.Errorf("case %s: %w", id, err)
		}
		c := replay(paths, b, o, t, opts)
		if c.badInput {
			invalidInputs++
			g.badIn++
			g.listIn = append(g.listIn, id)
			continue
		}
		res, err := notebook.Parse(c.out)
		if err != nil {
			g.invalid++
			continue
		}
		if !c.clean {
			g.conflicting++
			g.listConf = append(g.listConf, id)
			continue
		}
		g.clean++
		lost := dropped(c.base, c.ours, c.theirs, res)
		if len(lost) > 0 {
			// A line that both sides edited and the word-level merge
			// resolved is the line of one side: count those apart,
			// checking that the merge without the word level keeps them.
			// A cell deleted on one side and changed a little on the
			// other goes on purpose, with a note: those apart too.
			plain := replay(paths, b, o, t, merge.Options{NoWordMerge: true})
			pr, err := notebook.Parse(plain.out)
			switch {
			case !opts.NoWordMerge && err == nil && len(dropped(c.base, c.ours, c.theirs, pr)) == 0:
				g.wordDropped++
				g.listWord = append(g.listWord, id)
			case slices.ContainsFunc(c.notes, func(n string) bool { return strings.Contains(n, "changed a little, deleted") }):
				g.smallDropped++
				g.listSmall = append(g.listSmall, id)
			default:
				g.dropped++
				g.listDrop = append(g.listDrop, id)
			}
		}
		hb, err := read("human.ipynb")
		if err != nil {
			continue
		}
		human, err := notebook.Parse(hb)
		if err != nil {
			continue
		}
		if kept := keptLines(lost, human); len(kept) > 0 {
			g.keptDropped++
			g.listKept = append(g.listKept, id)
		}
		g.comparable++
		if sameSources(res, human) {
			g.same++
		} else {
			g.listDiffer = append(g.listDiffer, id)
		}
	}
	return groups, invalidInputs, nil
}

// report prints the figures of evaluate.
func report(groups map[bool]*group, invalidInputs int, verbose bool, out io.Writer) {
	for _, clean := range []bool{true, false} {
		g := groups[clean]
		fmt.Fprintf(out, "%s: %d merges\n", g.name, g.total)
		fmt.Fprintf(out, "  merged cleanly:                 %d of %d with valid inputs (%d conflict)\n", g.clean, g.total-g.badIn, g.conflicting)
		fmt.Fprintf(out, "  clean and same as the person:   %d of %d clean with a valid person's result\n", g.same, g.comparable)
		fmt.Fprintf(out, "  invalid results:                %d\n", g.invalid)
		fmt.Fprintf(out, "  clean merges dropping a line:   %d (and %d where the word-level merge took one side's edit of a line, %d where a cell deleted on one side and changed a little on the other went)\n", g.dropped, g.wordDropped, g.smallDropped)
		fmt.Fprintf(out, "  clean merges dropping a line a side added and the person kept: %d\n", g.keptDropped)
		if verbose {
			fmt.Fprintf(out, "  differ from the person: %s\n", strings.Join(g.listDiffer, " "))
			fmt.Fprintf(out, "  conflicts: %s\n", strings.Join(g.listConf, " "))
			fmt.Fprintf(out, "  dropping a line: %s\n", strings.Join(g.listDrop, " "))
			fmt.Fprintf(out, "  lines combined word by word: %s\n", strings.Join(g.listWord, " "))
			fmt.Fprintf(out, "  cells deleted despite a small edit: %s\n", strings.Join(g.listSmall, " "))
			fmt.Fprintf(out, "  dropping a line the person kept: %s\n", strings.Join(g.listKept, " "))
			fmt.Fprintf(out, "  invalid inputs: %s\n", strings.Join(g.listIn, " "))
		}
	}
	fmt.Fprintf(out, "inputs that are not valid notebooks: %d merges\n", invalidInputs)
}

// outcome is one replayed merge.
type outcome struct {
	out                []byte
	clean, badInput    bool
	notes              []string // the notebook merge's
	base, ours, theirs *notebook.Notebook
}

// replay merges three files the way nbmerge does: fast paths on bytes,
// then a notebook merge, and where its cells conflict git's own text merge
// of the files when that is clean and a notebook.
func replay(paths [3]string, b, o, t []byte, opts merge.Options) outcome {
	var c outcome
	var errs [3]error
	c.base, errs[0] = notebook.Parse(b)
	c.ours, errs[1] = notebook.Parse(o)
	c.theirs, errs[2] = notebook.Parse(t)
	if firstErr(errs[:]...) != nil {
		c.badInput = true
		return c
	}
	// The merge itself is the commands' own pipeline: fast paths on the
	// bytes, then parsing and merge.Notebooks.
	m, err := pipeline.Merge(paths, pipeline.MergeOptions{Options: opts})
	if err != nil {
		c.badInput = true
		return c
	}
	var out bytes.Buffer
	if _, err := m.WriteTo(&out); err != nil {
		c.badInput = true
		return c
	}
	c.out, c.clean, c.notes = out.Bytes(), m.Conflicts == 0, m.Notes
	if m.Result != nil {
		c.notes = append(c.notes, m.Result.Notes...)
	}
	return c
}

func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// sameSources reports whether two notebooks have the same cell types and
// sources in order.
func sameSources(a, b *notebook.Notebook) bool {
	if len(a.Cells) != len(b.Cells) {
		return false
	}
	for i := range a.Cells {
		if a.Cells[i].Type != b.Cells[i].Type || a.Cells[i].Source != b.Cells[i].Source {
			return false
		}
	}
	return true
}

// keptLines returns the lines of lost that a cell of human holds.
func keptLines(lost []string, human *notebook.Notebook) []string {
	if len(lost) == 0 {
		return nil
	}
	have := sourceLines(human)
	var kept []string
	for _, l := range lost {
		if have[l] {
			kept = append(kept, l)
		}
	}
	return kept
}

// sourceLines returns the set of source lines of the cells of nb, without
// their line ends.
func sourceLines(nb *notebook.Notebook) map[string]bool {
	set := map[string]bool{}
	for _, c := range nb.Cells {
		for _, l := range c.Lines() {
			set[strings.TrimRight(l, "\r\n")] = true
		}
	}
	return set
}

// dropped returns the source lines that ours or theirs added (lines found
// in no base cell) and that are missing from every cell of the result,
// sorted.
func dropped(base, ours, theirs, res *notebook.Notebook) []string {
	b, r := sourceLines(base), sourceLines(res)
	var lost []string
	for _, side := range []*notebook.Notebook{ours, theirs} {
		for l := range sourceLines(side) {
			if !b[l] && !r[l] {
				lost = append(lost, l)
			}
		}
	}
	sort.Strings(lost)
	return lost
}
