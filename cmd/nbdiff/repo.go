package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/nbtools/nbdiff/internal/cmdutil"
	"github.com/nbtools/nbdiff/internal/gitrepo"
)

// diffRepo diffs the notebooks of the repository around the current
// directory, as git diff does: args are revisions (then paths, when an
// argument is no revision but exists), split.Paths the paths after "--".
// Only *.ipynb files take part, in path order, renames followed; one that
// is not a valid notebook is shown as a text diff with a one-line note,
// and an unmerged one as "* Unmerged path".
func diffRepo(c *cli.Context, args []string, split splitArgs, stdout, stderr io.Writer) error {
	cwd, err := os.Getwd()
	if err != nil {
		return cmdutil.Exit(2, err)
	}
	repo, err := gitrepo.Open(cwd, gitrepo.Options{GitCommand: os.Getenv("NBDIFF_GITREPO") == "git"})
	if errors.Is(err, gitrepo.ErrNotRepository) {
		if len(args) == 2 {
			for _, p := range args {
				if !exists(p) {
					return cmdutil.Exit(2, fmt.Errorf("%s: no such file", p))
				}
			}
		}
		return cmdutil.Usage("%v", errNotRepo)
	}
	if err != nil {
		return cmdutil.Exit(2, err)
	}
	var revs []string
	paths := split.Paths
	for i, a := range args {
		if isRange(a) || repo.IsRev(a) {
			revs = append(revs, a)
			continue
		}
		if !split.DashDash && exists(a) {
			paths = append(append([]string(nil), args[i:]...), paths...)
			for _, p := range args[i:] {
				if !exists(p) {
					return cmdutil.Usage("%s: unknown revision or path not in the working tree", p)
				}
			}
			break
		}
		return cmdutil.Usage("%s: unknown revision or path not in the working tree (use -- to separate paths from revisions)", a)
	}
	a, b, err := sides(repo, revs, c.Bool("cached"))
	if err != nil {
		return err
	}
	rel, err := repoPaths(repo.Root(), cwd, paths)
	if err != nil {
		return err
	}
	changes, err := repo.Diff(a, b, gitrepo.DiffOptions{Paths: rel, Match: isNotebookPath})
	if err != nil {
		return cmdutil.Exit(2, err)
	}
	s, err := readSettings(c, stdout, repo.Root())
	if err != nil {
		return err
	}
	d := newDiffer(s, stdout, stderr, false)
	for _, ch := range changes {
		if ch.Unmerged {
			// As git diff says it; the conflict itself is in the file.
			if err := d.unmerged(ch.Path()); err != nil {
				return err
			}
			continue
		}
		oldSide, err := readEntry(repo, a, ch.From)
		if err != nil {
			return cmdutil.Exit(2, err)
		}
		newSide, err := readEntry(repo, b, ch.To)
		if err != nil {
			return cmdutil.Exit(2, err)
		}
		oldPath, newPath := ch.From.Path, ch.To.Path
		if oldPath == "" {
			oldPath = newPath
		}
		if newPath == "" {
			newPath = oldPath
		}
		if err := d.pair(oldPath, newPath, oldSide, newSide); err != nil {
			return err
		}
	}
	return d.result()
}

func readEntry(repo *gitrepo.Repo, s gitrepo.Side, e gitrepo.Entry) (side, error) {
	if e.Absent() {
		return side{absent: true}, nil
	}
	data, err := repo.Read(s, e)
	if err != nil {
		return side{}, err
	}
	return side{data: data}, nil
}

// isRange reports whether a is a range A..B or A...B (either end may be
// empty, meaning HEAD).
func isRange(a string) bool { return strings.Contains(a, "..") && !strings.HasPrefix(a, "-") }

// sides returns the two sides that revs and --cached name, as git diff
// reads them.
func sides(repo *gitrepo.Repo, revs []string, cached bool) (a, b gitrepo.Side, err error) {
	if len(revs) == 1 && isRange(revs[0]) {
		if cached {
			return a, b, cmdutil.Usage("--cached takes at most one revision, not a range")
		}
		r := revs[0]
		if x, y, ok := strings.Cut(r, "..."); ok {
			x, y = orHead(x), orHead(y)
			if a, err = repo.MergeBase(x, y); err != nil {
				return a, b, cmdutil.Exit(2, err)
			}
			b, err = rev(repo, y)
			return a, b, err
		}
		x, y, _ := strings.Cut(r, "..")
		if a, err = rev(repo, orHead(x)); err != nil {
			return a, b, err
		}
		b, err = rev(repo, orHead(y))
		return a, b, err
	}
	for _, r := range revs {
		if isRange(r) {
			return a, b, cmdutil.Usage("%s: a range goes alone", r)
		}
	}
	switch len(revs) {
	case 0:
		if cached {
			a, err = repo.Head()
			if err != nil {
				return a, b, cmdutil.Exit(2, err)
			}
			return a, gitrepo.IndexSide, nil
		}
		return gitrepo.IndexSide, gitrepo.WorktreeSide, nil
	case 1:
		if a, err = rev(repo, revs[0]); err != nil {
			return a, b, err
		}
		if cached {
			return a, gitrepo.IndexSide, nil
		}
		return a, gitrepo.WorktreeSide, nil
	case 2:
		if cached {
			return a, b, cmdutil.Usage("--cached takes at most one revision")
		}
		if a, err = rev(repo, revs[0]); err != nil {
			return a, b, err
		}
		b, err = rev(repo, revs[1])
		return a, b, err
	}
	return a, b, cmdutil.Usage("too many revisions: %s", strings.Join(revs, " "))
}

func orHead(r string) string {
	if r == "" {
		return "HEAD"
	}
	return r
}

func rev(repo *gitrepo.Repo, r string) (gitrepo.Side, error) {
	s, err := repo.Rev(r)
	if err != nil {
		return s, cmdutil.Usage("%v", err)
	}
	return s, nil
}

// repoPaths turns paths given relative to cwd into slash-separated paths
// relative to the top of the working tree.
func repoPaths(root, cwd string, paths []string) ([]string, error) {
	if len(paths) == 0 {
		return nil, nil
	}
	rroot, err := filepath.EvalSymlinks(root)
	if err != nil {
		rroot = root
	}
	rcwd, err := filepath.EvalSymlinks(cwd)
	if err != nil {
		rcwd = cwd
	}
	var out []string
	for _, p := range paths {
		abs := p
		if !filepath.IsAbs(p) {
			abs = filepath.Join(rcwd, p)
		}
		rel, err := filepath.Rel(rroot, abs)
		if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return nil, cmdutil.Usage("%s: outside the repository at %s", p, root)
		}
		out = append(out, filepath.ToSlash(rel))
	}
	return out, nil
}
