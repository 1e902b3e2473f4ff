// Command benchhtml measures nbdiff --html, the HTML review page, against
// git diff --no-index on the same files in the same run (make bench).
//
// Usage: go run ./tools/benchhtml [-shared DIR] [-bin DIR] [-runs N] [-cells N]
//
// It generates the benchmark pair with ../shared/bench/gen_big_nb.py
// (2,000 cells by default) into a temporary folder, times both commands
// as the median of -runs runs, taking turns so that a busy machine slows
// both alike, and prints the time ratio (target: at most 1) and the size
// of the page relative to the two inputs (target: at most 0.6).
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"time"
)

func main() {
	shared := flag.String("shared", "../shared", "the shared folder (bench/gen_big_nb.py)")
	bin := flag.String("bin", "bin", "folder holding the nbdiff and nbdiff-html binaries")
	runs := flag.Int("runs", 5, "timed runs per command (the median is reported)")
	cells := flag.Int("cells", 2000, "cells of the generated notebooks")
	flag.Parse()
	if err := run(*shared, *bin, *runs, *cells, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "benchhtml:", err)
		os.Exit(1)
	}
}

func run(shared, bin string, runs, cells int, out io.Writer) error {
	bin, err := filepath.Abs(bin)
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "nbbenchhtml")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	gen := filepath.Join(shared, "bench", "gen_big_nb.py")
	if b, err := exec.Command("python3", gen, "--outdir", tmp, "--cells", fmt.Sprint(cells)).CombinedOutput(); err != nil {
		return fmt.Errorf("gen_big_nb.py: %v\n%s", err, b)
	}
	page := filepath.Join(tmp, "page.html")
	ours := []string{filepath.Join(bin, "nbdiff"), "--html", "-o", page, "base.ipynb", "local.ipynb"}
	git := []string{"git", "diff", "--no-index", "--no-color", "base.ipynb", "local.ipynb"}
	var to, tg []time.Duration
	for k := 0; k <= runs; k++ { // the first round warms the caches up
		a, err := timed(tmp, ours)
		if err != nil {
			return err
		}
		g, err := timed(tmp, git)
		if err != nil {
			return err
		}
		if k > 0 {
			to, tg = append(to, a), append(tg, g)
		}
	}
	var in int64
	for _, f := range []string{"base.ipynb", "local.ipynb"} {
		fi, err := os.Stat(filepath.Join(tmp, f))
		if err != nil {
			return err
		}
		in += fi.Size()
	}
	fi, err := os.Stat(page)
	if err != nil {
		return err
	}
	mo, mg := median(to), median(tg)
	fmt.Fprintf(out, "nbdiff --html, %d cells: median of %d runs; ratio = ours / git diff --no-index on the same files\n", cells, runs)
	fmt.Fprintf(out, "%-28s %10s %10s %7s %12s %8s\n", "case", "ours", "git", "ratio", "page", "/inputs")
	fmt.Fprintf(out, "%-28s %10s %10s %7.2f %11.1fM %8.2f\n\n", fmt.Sprintf("nbdiff --html %d cells", cells),
		ms(mo), ms(mg), float64(mo)/float64(mg), float64(fi.Size())/(1<<20), float64(fi.Size())/float64(in))
	return nil
}

// timed runs argv in dir and returns its wall time; exit code 1 (there are
// differences) counts as success.
func timed(dir string, argv []string) (time.Duration, error) {
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Dir = dir
	start := time.Now()
	err := cmd.Run()
	d := time.Since(start)
	if ee, ok := err.(*exec.ExitError); ok && ee.ExitCode() == 1 {
		err = nil
	}
	if err != nil {
		return 0, fmt.Errorf("%v: %w", argv, err)
	}
	return d, nil
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

func ms(d time.Duration) string { return fmt.Sprintf("%.0fms", float64(d)/float64(time.Millisecond)) }
