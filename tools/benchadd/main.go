// Command benchadd measures what stripping notebooks at git add costs: the
// time of "git add" through nbdiff's long-running filter process
// (filter.nbdiff.process) and through the per-file clean filter
// (filter.nbdiff.clean), as ratios to a "git add" without any filter of
// the same files in the same run; and the throughput of "nbdiff strip
// --check" over ../shared/corpus in MB/s.
//
// Usage: go run ./tools/benchadd [-bin DIR] [-shared DIR] [-copies 300] [-n 1000] [-runs 5] [-only SETS]
//
// Two sets of notebooks, made with ../shared/bench/gen_big_nb.py:
//
//   - images: -copies copies of one image-heavy notebook (--cells 30
//     --pngs 2, about 360 KB): re-run notebooks whose stripped form is
//     stored already, where a plain git add only hashes each file;
//   - small: -n distinct small notebooks without images (--cells 50
//     --pngs 0 --lines 5; the base, local and remote notebooks of
//     successive seeds), which git compresses and stores each.
//
// Every repository is fresh, with a private HOME and no system
// configuration, and the filters are configured as nbdiff install --strip
// configures them. A fourth mode gives the floor of any long-running
// filter: a process filter that does nothing (this program, run with
// -echo-filter, answers each file with its bytes unchanged), whose cost
// over the unfiltered add is git's exchange with a filter process alone.
// The repositories are removed once all runs of a set are done: removing
// each after its run made the next one slower (ext4 skips recently freed
// inodes when it allocates new ones, which the next add does for every
// object). The modes take turns (none, process, clean, floor, none, ...),
// so that a busy machine slows each alike; each time is the median of
// -runs runs, each ratio the ratio of the medians, and the range after it
// the smallest and largest ratio of one run's times.
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

	"github.com/nbtools/nbdiff/internal/gitsetup"
	"github.com/nbtools/nbdiff/internal/pktline"
	"github.com/nbtools/nbdiff/notebook"
)

func main() {
	bin := flag.String("bin", "bin", "folder holding the nbdiff binary")
	shared := flag.String("shared", "../shared", "the shared folder (bench/gen_big_nb.py, corpus/)")
	copies := flag.Int("copies", 300, "copies of the image-heavy notebook (set images)")
	n := flag.Int("n", 1000, "distinct small notebooks (set small)")
	runs := flag.Int("runs", 5, "timed runs per mode (the median is reported)")
	only := flag.String("only", "", "run only the sets and filters whose \"SET FILTER\" matches this regular expression\n"+
		"(\"images process\", \"images clean\", \"images floor\", \"small process\", ...; \"strip\" for the corpus;\n"+
		"the unfiltered add of a set runs with any of its filters)")
	echo := flag.Bool("echo-filter", false, "serve git's long-running filter protocol, answering each file with its bytes unchanged\n(the floor mode's filter process)")
	flag.Parse()
	if *echo {
		unchanged := func(_ string, content []byte) ([]byte, error) { return content, nil }
		if err := pktline.ServeFilter(os.Stdin, os.Stdout, pktline.Filters{Clean: unchanged}); err != nil {
			fmt.Fprintln(os.Stderr, "benchadd -echo-filter:", err)
			os.Exit(1)
		}
		return
	}
	re, err := regexp.Compile(*only)
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchadd: -only:", err)
		os.Exit(2)
	}
	if err := run(*bin, *shared, *copies, *n, *runs, re, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "benchadd:", err)
		os.Exit(1)
	}
}

// A set is a folder of notebooks to add.
type set struct {
	name, title string
	dir         string
	files       int
	size        int64
}

func run(bin, shared string, copies, n, nruns int, only *regexp.Regexp, out io.Writer) error {
	bin, err := filepath.Abs(bin)
	if err != nil {
		return err
	}
	nbdiff := filepath.Join(bin, "nbdiff")
	if _, err := os.Stat(nbdiff); err != nil {
		return fmt.Errorf("nbdiff binary: %w (run make build)", err)
	}
	gen := filepath.Join(shared, "bench", "gen_big_nb.py")
	if _, err := os.Stat(gen); err != nil {
		return fmt.Errorf("generator not found: %w", err)
	}
	tmp, err := os.MkdirTemp("", "benchadd")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	env := append(os.Environ(), "HOME="+tmp, "GIT_CONFIG_NOSYSTEM=1", "XDG_CONFIG_HOME="+filepath.Join(tmp, ".config"))

	self, err := os.Executable()
	if err != nil {
		return err
	}
	modes := []struct {
		name, short string
		config      [][2]string
		strips      bool // the stored notebooks have no outputs
	}{
		{"no filter", "", nil, false},
		// What nbdiff install --strip writes, with -bin's nbdiff.
		{"filter.nbdiff.process", "process", [][2]string{{"filter.nbdiff.process", gitsetup.ProcessCommand(nbdiff)}}, true},
		{"filter.nbdiff.clean", "clean", [][2]string{{"filter.nbdiff.clean", gitsetup.CleanCommand(nbdiff)}}, true},
		// Started through the shell, as the first; required, so that a
		// filter that fails is an error, not an unfiltered add.
		{"floor: a filter doing nothing", "floor", [][2]string{{"filter.nbdiff.process", "exec " + gitsetup.ShellQuote(self) + " -echo-filter"}, {"filter.nbdiff.required", "true"}}, false},
	}
	runs := func(set string) bool { // any of the set's filters
		for _, m := range modes[1:] {
			if only.MatchString(set + " " + m.short) {
				return true
			}
		}
		return false
	}
	var sets []*set
	if runs("images") {
		s, err := imageCopies(gen, filepath.Join(tmp, "images"), copies)
		if err != nil {
			return err
		}
		sets = append(sets, s)
	}
	if runs("small") {
		s, err := smallNotebooks(gen, filepath.Join(tmp, "small"), n)
		if err != nil {
			return err
		}
		sets = append(sets, s)
	}
	for _, s := range sets {
		fmt.Fprintf(out, "git add of %s: %d files, %.1f MB; median of %d runs\n", s.title, s.files, float64(s.size)/1e6, nruns)
		times := make([][]time.Duration, len(modes))
		for r := 0; r < nruns; r++ {
			for i, m := range modes {
				if i > 0 && !only.MatchString(s.name+" "+m.short) {
					continue
				}
				repo := filepath.Join(tmp, fmt.Sprintf("repo-%d-%d", i, r))
				d, err := timeAdd(repo, s.dir, m.config, m.strips, env)
				if err != nil {
					return fmt.Errorf("%s: %s: %w", s.name, m.name, err)
				}
				times[i] = append(times[i], d)
			}
		}
		base := median(times[0])
		for i, m := range modes {
			if len(times[i]) == 0 {
				continue
			}
			t := median(times[i])
			if i == 0 {
				fmt.Fprintf(out, "  %-30s %7.3f s\n", m.name, t.Seconds())
				continue
			}
			lo, hi := ratioRange(times[i], times[0])
			fmt.Fprintf(out, "  %-30s %7.3f s  %5.2fx the unfiltered add (%.2f-%.2f)\n", m.name, t.Seconds(), t.Seconds()/base.Seconds(), lo, hi)
		}
		fmt.Fprintln(out)
		if err := removeRepos(tmp); err != nil {
			return err
		}
	}
	if !only.MatchString("strip") {
		return nil
	}
	files, _ := filepath.Glob(filepath.Join(shared, "corpus", "*.ipynb"))
	if len(files) == 0 {
		fmt.Fprintf(out, "nbdiff strip: no notebooks in %s, skipped\n", filepath.Join(shared, "corpus"))
		return nil
	}
	return stripThroughput(nbdiff, files, nruns, env, out)
}

// imageCopies writes copies of the base notebook of gen_big_nb.py --cells
// 30 --pngs 2 into dir.
func imageCopies(gen, dir string, copies int) (*set, error) {
	src := filepath.Join(dir, ".gen")
	if out, err := exec.Command("python3", gen, "--outdir", src, "--cells", "30", "--pngs", "2").CombinedOutput(); err != nil {
		return nil, fmt.Errorf("gen_big_nb.py: %v\n%s", err, out)
	}
	data, err := os.ReadFile(filepath.Join(src, "base.ipynb"))
	if err != nil {
		return nil, err
	}
	if err := os.RemoveAll(src); err != nil {
		return nil, err
	}
	s := &set{name: "images", title: fmt.Sprintf("%d copies of one image-heavy notebook (gen_big_nb.py --cells 30 --pngs 2)", copies), dir: dir}
	for i := 0; i < copies; i++ {
		if err := writeIn(dir, i, data); err != nil {
			return nil, err
		}
		s.files++
		s.size += int64(len(data))
	}
	return s, nil
}

// genMany runs gen_big_nb.py's main once per seed in one Python process
// (one process per notebook would take longer than the adds) and moves
// the base, local and remote notebooks of each seed, in that order, into
// dir, until there are n.
const genMany = `
import contextlib, importlib.util, io, os, shutil, sys
gen_path, outdir, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
args = sys.argv[4:]
spec = importlib.util.spec_from_file_location("gen_big_nb", gen_path)
gen = importlib.util.module_from_spec(spec)
spec.loader.exec_module(gen)
tmp = os.path.join(outdir, ".gen")
k, seed = 0, 0
while k < n:
    seed += 1
    sys.argv = ["gen_big_nb.py", "--outdir", tmp, "--seed", str(seed)] + args
    with contextlib.redirect_stdout(io.StringIO()):
        gen.main()
    for name in ("base", "local", "remote"):
        if k < n:
            sub = os.path.join(outdir, "d%02d" % (k // 100))
            os.makedirs(sub, exist_ok=True)
            os.replace(os.path.join(tmp, name + ".ipynb"), os.path.join(sub, "nb%04d.ipynb" % k))
            k += 1
shutil.rmtree(tmp)
`

// smallNotebooks writes n distinct notebooks of gen_big_nb.py --cells 50
// --pngs 0 --lines 5 into dir.
func smallNotebooks(gen, dir string, n int) (*set, error) {
	args := []string{"-c", genMany, gen, dir, fmt.Sprint(n), "--cells", "50", "--pngs", "0", "--lines", "5"}
	if out, err := exec.Command("python3", args...).CombinedOutput(); err != nil {
		return nil, fmt.Errorf("gen_big_nb.py: %v\n%s", err, out)
	}
	s := &set{name: "small", title: fmt.Sprintf("%d distinct small notebooks (gen_big_nb.py --cells 50 --pngs 0 --lines 5)", n), dir: dir}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		s.files++
		s.size += fi.Size()
		return nil
	})
	if err == nil && s.files != n {
		err = fmt.Errorf("generated %d notebooks, want %d", s.files, n)
	}
	return s, err
}

// writeIn writes notebook i into a subfolder of dir (100 to a folder).
func writeIn(dir string, i int, data []byte) error {
	sub := filepath.Join(dir, fmt.Sprintf("d%02d", i/100))
	if err := os.MkdirAll(sub, 0o755); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(sub, fmt.Sprintf("nb%04d.ipynb", i)), data, 0o644)
}

// removeRepos removes the repositories timeAdd made in tmp.
func removeRepos(tmp string) error {
	repos, err := filepath.Glob(filepath.Join(tmp, "repo-*"))
	for _, r := range repos {
		if err := os.RemoveAll(r); err != nil {
			return err
		}
	}
	return err
}

// timeAdd makes a repository at repo with the notebooks of src (hard
// links), configures the filter and times "git add ."; strips says
// whether the filter strips outputs, which it checks.
func timeAdd(repo, src string, config [][2]string, strips bool, env []string) (time.Duration, error) {
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
	// exactly when the filter strips them.
	blob, err := exec.Command("git", "-C", repo, "cat-file", "-p", ":d00/nb0000.ipynb").Output()
	if err != nil {
		return 0, err
	}
	if stripped := !bytes.Contains(blob, []byte(`"output_type"`)); stripped != strips {
		return 0, fmt.Errorf("stored blob stripped = %v, want %v", stripped, strips)
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

// ratioRange returns the smallest and largest ratio of the times of one
// run.
func ratioRange(a, b []time.Duration) (lo, hi float64) {
	for i := range a {
		r := a[i].Seconds() / b[i].Seconds()
		if i == 0 || r < lo {
			lo = r
		}
		if i == 0 || r > hi {
			hi = r
		}
	}
	return lo, hi
}
