// Command benchadd measures what stripping notebooks at git add costs: the
// time of "git add" of many generated notebooks through nbdiff's
// long-running filter process (filter.nbdiff.process), through the
// per-file clean filter (filter.nbdiff.clean) and without any filter, as
// ratios to the unfiltered add in the same run; and the throughput of
// "nbdiff strip --check" over ../shared/corpus in MB/s.
//
// Usage: go run ./tools/benchadd [-bin DIR] [-shared DIR] [-n 1000] [-cells 50] [-runs 3]
//
// The notebooks are generated here, deterministically: -cells cells each,
// one in six markdown, the code cells with stream output, an
// execute_result and, every fourth, a small PNG. Every repository is
// fresh, with a private HOME and no system configuration; each mode is run
// -runs times, the modes interleaved so that a busy machine slows all of
// them alike, and the median is reported.
package main

import (
	"bytes"
	"encoding/base64"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/nbtools/nbdiff/internal/gitsetup"
	"github.com/nbtools/nbdiff/notebook"
)

func main() {
	bin := flag.String("bin", "bin", "folder holding the nbdiff binary")
	shared := flag.String("shared", "../shared", "the shared folder (corpus/)")
	n := flag.Int("n", 1000, "notebooks to add")
	cells := flag.Int("cells", 50, "cells per notebook")
	runs := flag.Int("runs", 3, "timed runs per mode (the median is reported)")
	flag.Parse()
	if err := run(*bin, *shared, *n, *cells, *runs, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "benchadd:", err)
		os.Exit(1)
	}
}

func run(bin, shared string, n, cells, runs int, out io.Writer) error {
	bin, err := filepath.Abs(bin)
	if err != nil {
		return err
	}
	nbdiff := filepath.Join(bin, "nbdiff")
	if _, err := os.Stat(nbdiff); err != nil {
		return fmt.Errorf("nbdiff binary: %w (run make build)", err)
	}
	tmp, err := os.MkdirTemp("", "benchadd")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	env := append(os.Environ(), "HOME="+tmp, "GIT_CONFIG_NOSYSTEM=1", "XDG_CONFIG_HOME="+filepath.Join(tmp, ".config"),
		"PATH="+bin+string(filepath.ListSeparator)+os.Getenv("PATH"))

	src := filepath.Join(tmp, "src")
	size, err := generate(src, n, cells)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "git add of %d notebooks (%d cells each, %.1f MB in all), median of %d runs\n", n, cells, float64(size)/1e6, runs)

	modes := []struct {
		name   string
		config [][2]string
	}{
		{"no filter", nil},
		// The settings nbdiff install --strip --bare-names writes, with -bin first on PATH.
		{"filter.nbdiff.process", [][2]string{{"filter.nbdiff.process", gitsetup.ProcessCommand("")}}},
		{"filter.nbdiff.clean", [][2]string{{"filter.nbdiff.clean", "nbdiff filter"}}},
	}
	times := make([][]time.Duration, len(modes))
	for r := 0; r < runs; r++ {
		for i, m := range modes {
			repo := filepath.Join(tmp, fmt.Sprintf("repo-%d-%d", i, r))
			d, err := timeAdd(repo, src, m.config, env)
			if err != nil {
				return fmt.Errorf("%s: %w", m.name, err)
			}
			times[i] = append(times[i], d)
			os.RemoveAll(repo)
		}
	}
	base := median(times[0])
	for i, m := range modes {
		t := median(times[i])
		fmt.Fprintf(out, "  %-24s %8.2f s   %5.2fx the unfiltered add\n", m.name, t.Seconds(), t.Seconds()/base.Seconds())
	}

	corpus := filepath.Join(shared, "corpus")
	files, _ := filepath.Glob(filepath.Join(corpus, "*.ipynb"))
	if len(files) == 0 {
		fmt.Fprintf(out, "nbdiff strip: no notebooks in %s, skipped\n", corpus)
		return nil
	}
	return stripThroughput(nbdiff, files, runs, env, out)
}

// timeAdd makes a repository at repo with the notebooks of src (hard
// links), configures the filter and times "git add .".
func timeAdd(repo, src string, config [][2]string, env []string) (time.Duration, error) {
	if err := git(env, "", "init", "-q", repo); err != nil {
		return 0, err
	}
	for _, kv := range config {
		if err := git(env, repo, "config", kv[0], kv[1]); err != nil {
			return 0, err
		}
	}
	if len(config) > 0 {
		if err := os.WriteFile(filepath.Join(repo, ".git", "info", "attributes"), []byte("*.ipynb filter=nbdiff\n"), 0o644); err != nil {
			return 0, err
		}
	}
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(repo, rel), 0o755)
		}
		return os.Link(p, filepath.Join(repo, rel))
	})
	if err != nil {
		return 0, err
	}
	start := time.Now()
	err = git(env, repo, "add", ".")
	d := time.Since(start)
	if err != nil {
		return 0, err
	}
	// Check the filter did its work: a stored notebook has no outputs
	// exactly when a filter is configured.
	blob, err := exec.Command("git", "-C", repo, "cat-file", "-p", ":d00/nb0000.ipynb").Output()
	if err != nil {
		return 0, err
	}
	if stripped := !bytes.Contains(blob, []byte(`"output_type"`)); stripped != (len(config) > 0) {
		return 0, fmt.Errorf("stored blob stripped = %v, want %v", stripped, len(config) > 0)
	}
	return d, nil
}

func stripThroughput(nbdiff string, files []string, runs int, env []string, out io.Writer) error {
	var size int64
	for _, f := range files {
		fi, err := os.Stat(f)
		if err != nil {
			return err
		}
		size += fi.Size()
	}
	var ts []time.Duration
	for r := 0; r < runs; r++ {
		cmd := exec.Command(nbdiff, append([]string{"strip", "--check"}, files...)...)
		cmd.Env = env
		start := time.Now()
		err := cmd.Run()
		ts = append(ts, time.Since(start))
		// Exit 1 means "some would change", 2 that some file is not a notebook:
		// the throughput is measured all the same.
		if _, ok := err.(*exec.ExitError); err != nil && !ok {
			return err
		}
	}
	t := median(ts)
	fmt.Fprintf(out, "nbdiff strip --check over %d corpus notebooks (%.1f MB): %.3f s, %.0f MB/s\n",
		len(files), float64(size)/1e6, t.Seconds(), float64(size)/1e6/t.Seconds())

	// The same work in-process, without starting a command or reading files.
	var datas [][]byte
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		datas = append(datas, b)
	}
	ts = ts[:0]
	for r := 0; r < runs; r++ {
		start := time.Now()
		for _, b := range datas {
			nb, err := notebook.Parse(b)
			if err != nil {
				continue
			}
			if notebook.Strip(nb, notebook.StripOptions{}) {
				notebook.Write(nb)
			}
		}
		ts = append(ts, time.Since(start))
	}
	t = median(ts)
	fmt.Fprintf(out, "  in-process Parse+Strip+Write: %.3f s, %.0f MB/s\n", t.Seconds(), float64(size)/1e6/t.Seconds())
	return nil
}

func git(env []string, dir string, args ...string) error {
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = env
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("git %s: %v: %s", strings.Join(args, " "), err, stderr.String())
	}
	return nil
}

func median(ts []time.Duration) time.Duration {
	s := slices.Clone(ts)
	slices.Sort(s)
	return s[len(s)/2]
}

// generate writes n notebooks of the given number of cells into dir, in
// subfolders of 100, and returns their total size.
func generate(dir string, n, cells int) (int64, error) {
	rng := rand.New(rand.NewPCG(1, 2))
	png := make([]byte, 3000)
	for i := range png {
		png[i] = byte(rng.UintN(256))
	}
	var total int64
	for i := 0; i < n; i++ {
		sub := filepath.Join(dir, fmt.Sprintf("d%02d", i/100))
		if err := os.MkdirAll(sub, 0o755); err != nil {
			return 0, err
		}
		data, err := notebookJSON(rng, i, cells, png)
		if err != nil {
			return 0, err
		}
		if err := os.WriteFile(filepath.Join(sub, fmt.Sprintf("nb%04d.ipynb", i)), data, 0o644); err != nil {
			return 0, err
		}
		total += int64(len(data))
	}
	return total, nil
}

var words = strings.Fields("alpha beta gamma delta data frame model loss value index count total mean rows cols batch epoch train test score")

// notebookJSON builds one notebook and writes it the way Jupyter does.
func notebookJSON(rng *rand.Rand, k, cells int, png []byte) ([]byte, error) {
	str := notebook.StringValue
	word := func() string { return words[rng.IntN(len(words))] }
	var b strings.Builder
	b.WriteString(`{"cells": [`)
	for c := 0; c < cells; c++ {
		if c > 0 {
			b.WriteString(",")
		}
		var src strings.Builder
		for l := 0; l < 1+rng.IntN(8); l++ {
			fmt.Fprintf(&src, "%s_%d = %s(%s, %d)\n", word(), l, word(), word(), rng.IntN(1000))
		}
		id := fmt.Sprintf("%04x%04x", k, c)
		if c%6 == 0 {
			fmt.Fprintf(&b, `{"cell_type": "markdown", "id": %q, "metadata": {}, "source": %s}`, id, jsonString(str("## "+word()+" "+word()+"\n"+src.String())))
			continue
		}
		count := c + 1
		outputs := fmt.Sprintf(`{"name": "stdout", "output_type": "stream", "text": %s}, {"data": {"text/plain": %s}, "execution_count": %d, "metadata": {}, "output_type": "execute_result"}`,
			jsonString(str(strings.Repeat(word()+" "+word()+"\n", 1+rng.IntN(6)))), jsonString(str(word())), count)
		if c%4 == 1 {
			outputs += fmt.Sprintf(`, {"data": {"image/png": %q, "text/plain": ["<Figure>"]}, "metadata": {}, "output_type": "display_data"}`, base64.StdEncoding.EncodeToString(png[:1000+rng.IntN(2000)]))
		}
		fmt.Fprintf(&b, `{"cell_type": "code", "execution_count": %d, "id": %q, "metadata": {"scrolled": true}, "outputs": [%s], "source": %s}`,
			count, id, outputs, jsonString(str(src.String())))
	}
	b.WriteString(`], "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}}, "nbformat": 4, "nbformat_minor": 5}`)
	nb, err := notebook.Parse([]byte(b.String()))
	if err != nil {
		return nil, fmt.Errorf("generated notebook %d does not parse: %w", k, err)
	}
	return notebook.Write(nb), nil
}

func jsonString(v notebook.Value) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range v.Str {
		switch r {
		case '"', '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '\n':
			b.WriteString(`\n`)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
