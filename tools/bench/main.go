// Command bench measures nbdiff and nbmerge against git's own text tools on
// the same files, in the same run, and prints ratios (make bench).
//
// Usage: go run ./tools/bench [-shared DIR] [-bin DIR] [-runs N] [-quick] [-only SECTIONS]
//
// It generates the benchmark notebooks with ../shared/bench/gen_big_nb.py
// into a temporary folder, times each command as the median of -runs runs
// (alternating ours and git's, so a busy machine slows both alike) and
// reads peak memory from the operating system (max RSS; 0 outside Unix,
// where it is not reported). Absolute times on a shared machine mean
// little; the ratios are the figures to compare, and the range after each
// is that of the ratios of single runs (ours and git's taking turns).
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/nbtools/nbdiff/diff"
	"github.com/nbtools/nbdiff/notebook"
	"github.com/nbtools/nbdiff/tools/tsv"
)

func main() {
	if len(os.Args) > 2 && os.Args[1] == childFlag {
		os.Exit(child(os.Args[2:]))
	}
	shared := flag.String("shared", "../shared", "the shared folder (bench/gen_big_nb.py, merges/, corpus/)")
	bin := flag.String("bin", "bin", "folder holding the nbdiff and nbmerge binaries")
	runs := flag.Int("runs", 5, "timed runs per command (the median is reported)")
	quick := flag.Bool("quick", false, "skip the 8,000-cell scaling point")
	only := flag.String("only", "", "run only the rows and sections whose name matches this regular expression\n"+
		"(rows: \"nbdiff 2000 cells\", \"nbmerge 2000-noids cells\", ...; sections: colour, scaling, startup, readability, strip)")
	flag.Parse()
	re, err := regexp.Compile(*only)
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench: -only:", err)
		os.Exit(2)
	}
	if err := run(*shared, *bin, *runs, *quick, re, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

type bench struct {
	bin, tmp string
	runs     int
	only     *regexp.Regexp
	out      io.Writer
}

func run(shared, bin string, runs int, quick bool, only *regexp.Regexp, out io.Writer) error {
	gen := filepath.Join(shared, "bench", "gen_big_nb.py")
	if _, err := os.Stat(gen); err != nil {
		return fmt.Errorf("generator not found: %w", err)
	}
	bin, err := filepath.Abs(bin)
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "nbbench")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	b := &bench{bin: bin, tmp: tmp, runs: runs, only: only, out: out}

	sets := []struct {
		name  string
		cells int
		ids   bool
	}{{"2000", 2000, true}, {"2000-noids", 2000, false}, {"500", 500, true}, {"8000", 8000, true}}
	if quick {
		sets = sets[:3]
	}
	dirs := map[string]string{}
	for _, s := range sets {
		dir := filepath.Join(tmp, s.name)
		args := []string{gen, "--outdir", dir, "--cells", fmt.Sprint(s.cells)}
		if !s.ids {
			args = append(args, "--no-ids")
		}
		if outb, err := exec.Command("python3", args...).CombinedOutput(); err != nil {
			return fmt.Errorf("gen_big_nb.py: %v\n%s", err, outb)
		}
		dirs[s.name] = dir
	}

	fmt.Fprintf(out, "nbdiff/nbmerge benchmarks: median of %d runs; ratio = ours / git's on the same files\n\n", runs)
	fmt.Fprintf(out, "%-34s %10s %10s %7s %11s %9s %8s\n", "case", "ours", "git", "ratio", "(range)", "peak RSS", "/input")
	for _, s := range []string{"2000", "2000-noids"} {
		d := dirs[s]
		if err := b.pair("nbdiff "+s+" cells", d, []string{"nbdiff", "--color=never", "base.ipynb", "local.ipynb"},
			[]string{"git", "diff", "--no-index", "--no-color", "base.ipynb", "local.ipynb"}, "base.ipynb", "local.ipynb"); err != nil {
			return err
		}
		if err := b.pair("nbmerge "+s+" cells", d, []string{"nbmerge", "base.ipynb", "local.ipynb", "remote.ipynb", "-o", filepath.Join(tmp, "out.ipynb")},
			[]string{"git", "merge-file", "-p", "local.ipynb", "base.ipynb", "remote.ipynb"}, "base.ipynb", "local.ipynb", "remote.ipynb"); err != nil {
			return err
		}
	}
	fmt.Fprintln(out)
	if only.MatchString("colour") {
		if err := b.colour(dirs["2000"]); err != nil {
			return err
		}
	}
	if only.MatchString("scaling") {
		if err := b.scaling(sets, dirs); err != nil {
			return err
		}
	}
	if only.MatchString("startup") {
		ts, _, _, err := b.timeAll(tmp, []string{"nbdiff", "--version"}, []string{"nbmerge", "--version"}, []string{"git", "--version"})
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "start-up: nbdiff --version %s, nbmerge --version %s, git --version %s\n\n", ms(ts[0]), ms(ts[1]), ms(ts[2]))
	}
	if only.MatchString("readability") {
		if err := b.readability(filepath.Join(shared, "merges")); err != nil {
			return err
		}
	}
	if only.MatchString("strip") {
		return b.stripThroughput(filepath.Join(shared, "corpus"))
	}
	return nil
}

// colour prints what colour and syntax colours cost nbdiff on the
// 2,000-cell pair (a Python notebook): the median wall and CPU (user +
// system) times of the plain diff, the coloured one without and with
// syntax colours, run in turns, and their ratios to the plain one. The
// CPU time is the steadier figure on a busy machine.
func (b *bench) colour(dir string) error {
	argvs := [][]string{{"--color=never"}, {"--color=always", "--no-syntax"}, {"--color=always"}}
	wall := make([][]time.Duration, len(argvs))
	cpu := make([][]time.Duration, len(argvs))
	for i := 0; i <= b.runs; i++ {
		for k, flags := range argvs {
			cmd := exec.Command(filepath.Join(b.bin, "nbdiff"), append(flags, "base.ipynb", "local.ipynb")...)
			cmd.Dir, cmd.Stdout = dir, io.Discard
			start := time.Now()
			if err := cmd.Run(); err != nil {
				return fmt.Errorf("nbdiff %s: %v", strings.Join(flags, " "), err)
			}
			if i > 0 {
				wall[k] = append(wall[k], time.Since(start))
				cpu[k] = append(cpu[k], cmd.ProcessState.UserTime()+cmd.ProcessState.SystemTime())
			}
		}
	}
	median := func(ts []time.Duration) time.Duration {
		slices.Sort(ts)
		return ts[len(ts)/2]
	}
	fmt.Fprintf(b.out, "colour (nbdiff, 2,000 cells; ratio = / plain)\n")
	fmt.Fprintf(b.out, "%-34s %10s %7s %10s %7s\n", "", "wall", "ratio", "CPU", "ratio")
	w0, c0 := median(wall[0]), median(cpu[0])
	for k, name := range []string{"plain (--color=never)", "colour, no syntax (--no-syntax)", "colour and syntax colours"} {
		w, c := median(wall[k]), median(cpu[k])
		fmt.Fprintf(b.out, "%-34s %10s %7.2f %10s %7.2f\n", name, ms(w), float64(w)/float64(w0), ms(c), float64(c)/float64(c0))
	}
	fmt.Fprintln(b.out)
	return nil
}

// scaling prints nbdiff's and nbmerge's times over the generated sets with
// cell ids (500, 2,000 and, unless -quick, 8,000 cells).
func (b *bench) scaling(sets []struct {
	name  string
	cells int
	ids   bool
}, dirs map[string]string) error {
	out, tmp := b.out, b.tmp
	fmt.Fprintf(out, "scaling (time per 1,000 cells should stay flat for near-linear growth)\n")
	fmt.Fprintf(out, "%-10s %12s %14s %12s %14s\n", "cells", "nbdiff", "per 1k cells", "nbmerge", "per 1k cells")
	for _, s := range sets {
		if !s.ids {
			continue
		}
		d := dirs[s.name]
		td, _, err := b.time(d, []string{"nbdiff", "--color=never", "base.ipynb", "local.ipynb"})
		if err != nil {
			return err
		}
		tm, _, err := b.time(d, []string{"nbmerge", "base.ipynb", "local.ipynb", "remote.ipynb", "-o", filepath.Join(tmp, "out.ipynb")})
		if err != nil {
			return err
		}
		k := float64(s.cells) / 1000
		fmt.Fprintf(out, "%-10d %12s %14s %12s %14s\n", s.cells, ms(td), ms(time.Duration(float64(td)/k)), ms(tm), ms(time.Duration(float64(tm)/k)))
	}
	fmt.Fprintln(out)
	return nil
}

// pair times ours against git's on the same inputs and prints one row.
func (b *bench) pair(name, dir string, ours, git []string, inputs ...string) error {
	if !b.only.MatchString(name) {
		return nil
	}
	ts, peaks, runs, err := b.timeAll(dir, ours, git)
	if err != nil {
		return err
	}
	to, tg, rss := ts[0], ts[1], peaks[0]
	lo, hi := 0.0, 0.0
	for i := range runs[0] {
		r := runs[0][i].Seconds() / runs[1][i].Seconds()
		if i == 0 || r < lo {
			lo = r
		}
		if i == 0 || r > hi {
			hi = r
		}
	}
	size := int64(0)
	for _, in := range inputs {
		fi, err := os.Stat(filepath.Join(dir, in))
		if err != nil {
			return err
		}
		size += fi.Size()
	}
	fmt.Fprintf(b.out, "%-34s %10s %10s %7.2f %11s %8.1fM %8.2f\n", name, ms(to), ms(tg), float64(to)/float64(tg),
		fmt.Sprintf("(%.2f-%.2f)", lo, hi), float64(rss)/(1<<20), float64(rss)/float64(size))
	return nil
}

// time runs argv in dir b.runs times (after one warm-up run) and returns the
// median wall time and the largest peak RSS in bytes.
func (b *bench) time(dir string, argv []string) (time.Duration, int64, error) {
	ts, peaks, _, err := b.timeAll(dir, argv)
	if err != nil {
		return 0, 0, err
	}
	return ts[0], peaks[0], nil
}

// timeAll runs each command in dir b.runs times (after one warm-up round),
// taking turns (ours, git's, ours, ...) so that a busy machine slows each
// alike, and returns each one's median wall time, largest peak RSS in
// bytes and the times of every run, in the order they ran. Exit codes 0 and 1 both count as success (diff and merge tools
// use 1 for "differences"), and for git merge-file any code below 128 does
// (it exits with the number of conflicts).
func (b *bench) timeAll(dir string, argvs ...[]string) ([]time.Duration, []int64, [][]time.Duration, error) {
	times := make([][]time.Duration, len(argvs))
	peaks := make([]int64, len(argvs))
	for i := 0; i <= b.runs; i++ {
		for k, argv := range argvs {
			d, rss, err := b.run1(dir, argv)
			if err != nil {
				return nil, nil, nil, err
			}
			peaks[k] = max(peaks[k], rss)
			if i > 0 {
				times[k] = append(times[k], d)
			}
		}
	}
	medians := make([]time.Duration, len(argvs))
	for k := range times {
		sorted := slices.Sorted(slices.Values(times[k]))
		medians[k] = sorted[len(sorted)/2]
	}
	return medians, peaks, times, nil
}

// run1 runs argv once in dir and returns its wall time and peak RSS.
//
// It runs argv through a copy of this program (child): on Linux, the
// peak RSS that wait4 reports for a process includes the memory of the
// process it was forked from, until its exec (Go forks by vfork, sharing
// it), so that a child of this program, which holds its own test data,
// would report this program's peak when that is higher. The copy is a
// small process at the time it forks (a few MB), far below the commands'.
func (b *bench) run1(dir string, argv []string) (time.Duration, int64, error) {
	name := argv[0]
	if name == "nbdiff" || name == "nbmerge" {
		name = filepath.Join(b.bin, name)
	}
	self, err := os.Executable()
	if err != nil {
		return 0, 0, err
	}
	cmd := exec.Command(self, append([]string{childFlag, name}, argv[1:]...)...)
	cmd.Dir = dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return 0, 0, fmt.Errorf("%s: %v\n%s", strings.Join(argv, " "), err, stderr.Bytes())
	}
	var ns, rss int64
	var code int
	if _, err := fmt.Sscan(stdout.String(), &ns, &rss, &code); err != nil {
		return 0, 0, fmt.Errorf("%s: %q: %v", strings.Join(argv, " "), stdout.String(), err)
	}
	mergeFile := len(argv) > 1 && argv[0] == "git" && argv[1] == "merge-file"
	if code != 0 && code != 1 && !(mergeFile && code > 0 && code < 128) {
		return 0, 0, fmt.Errorf("%s: exit code %d\n%s", strings.Join(argv, " "), code, stderr.Bytes())
	}
	return time.Duration(ns), rss, nil
}

// childFlag, as the first argument, runs this program as run1's copy.
const childFlag = "-run-child"

// child runs argv with its output discarded and prints its wall time in
// nanoseconds, its peak RSS in bytes and its exit code; its standard
// error goes to this process's. It returns 0 when it could run argv.
func child(argv []string) int {
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Stdout, cmd.Stderr = io.Discard, os.Stderr
	start := time.Now()
	err := cmd.Run()
	d := time.Since(start)
	code := 0
	if err != nil {
		ee, ok := err.(*exec.ExitError)
		if !ok {
			fmt.Fprintln(os.Stderr, err)
			return 2
		}
		code = ee.ExitCode()
	}
	fmt.Println(d.Nanoseconds(), peakRSS(cmd.ProcessState), code)
	return 0
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1fms", float64(d.Microseconds())/1000) }

// readability prints, for every 8th case of the real merges (base against
// ours), the lines nbdiff and git diff --no-index print per changed source
// line, where the changed source lines are the lines a line diff of the
// concatenated cell sources (stripped) inserts or deletes.
func (b *bench) readability(merges string) error {
	rows, err := tsv.Read(filepath.Join(merges, "cases.tsv"))
	if err != nil {
		fmt.Fprintf(b.out, "readability: skipped (%v)\n", err)
		return nil
	}
	var ids []string
	for _, r := range rows {
		ids = append(ids, r["id"])
	}
	var cases, changed, oursLines, gitLines, skipped int
	for i := 0; i < len(ids); i += 8 {
		dir := filepath.Join(merges, ids[i])
		base, err1 := os.ReadFile(filepath.Join(dir, "base.ipynb"))
		ours, err2 := os.ReadFile(filepath.Join(dir, "ours.ipynb"))
		if err1 != nil || err2 != nil {
			skipped++
			continue
		}
		nc, ok := changedSourceLines(base, ours)
		if !ok {
			skipped++
			continue
		}
		cases++
		changed += nc
		oursLines += countLines(filepath.Join(b.bin, "nbdiff"), dir, "--color=never", "base.ipynb", "ours.ipynb")
		gitLines += countLines("git", dir, "diff", "--no-index", "--no-color", "base.ipynb", "ours.ipynb")
	}
	if changed == 0 {
		fmt.Fprintf(b.out, "readability: no cases\n")
		return nil
	}
	fmt.Fprintf(b.out, "readability on %d real pairs (every 8th case of merges/, base vs ours; %d skipped as not valid notebooks):\n", cases, skipped)
	fmt.Fprintf(b.out, "  %d changed source lines; printed lines per changed source line: nbdiff %.2f, git diff --no-index %.2f\n\n",
		changed, float64(oursLines)/float64(changed), float64(gitLines)/float64(changed))
	return nil
}

// changedSourceLines counts the source lines that a line diff of the two
// notebooks' concatenated cell sources inserts or deletes.
func changedSourceLines(a, b []byte) (int, bool) {
	na, err := notebook.Parse(a)
	if err != nil {
		return 0, false
	}
	nb, err := notebook.Parse(b)
	if err != nil {
		return 0, false
	}
	lines := func(n *notebook.Notebook) []string {
		var out []string
		for _, c := range n.Cells {
			for _, l := range c.Lines() {
				out = append(out, strings.TrimRight(l, "\r\n"))
			}
		}
		return out
	}
	la, lb := lines(na), lines(nb)
	n := 0
	for _, e := range diff.Strings(la, lb) {
		n += (e.AEnd - e.AStart) + (e.BEnd - e.BStart)
	}
	return n, true
}

func countLines(name, dir string, args ...string) int {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	out, _ := cmd.Output()
	return bytes.Count(out, []byte("\n"))
}

// stripThroughput runs nbdiff strip - over every corpus notebook and prints MB/s.
func (b *bench) stripThroughput(corpus string) error {
	files, _ := filepath.Glob(filepath.Join(corpus, "*.ipynb"))
	if len(files) == 0 {
		return nil
	}
	var total int64
	var elapsed time.Duration
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		cmd := exec.Command(filepath.Join(b.bin, "nbdiff"), "strip", "-")
		cmd.Stdin = bytes.NewReader(data)
		cmd.Stdout = io.Discard
		start := time.Now()
		if cmd.Run() != nil {
			continue // not a notebook this tool reads (for example nbformat 2)
		}
		elapsed += time.Since(start)
		total += int64(len(data))
	}
	fmt.Fprintf(b.out, "nbdiff strip over the corpus: %.1f MB in %s, %.1f MB/s (one process per file)\n",
		float64(total)/1e6, ms(elapsed), float64(total)/1e6/elapsed.Seconds())
	return nil
}
