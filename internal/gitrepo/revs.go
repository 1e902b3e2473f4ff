package gitrepo

import (
	"fmt"
	"path/filepath"
	"strings"
)

// IsRange reports whether a is a range A..B or A...B (either end may be
// empty, meaning HEAD).
func IsRange(a string) bool { return strings.Contains(a, "..") && !strings.HasPrefix(a, "-") }

// IsRangeOf reports whether a is a range (IsRange) whose ends are both
// revisions of r (an empty end is HEAD): "../a.ipynb" and "v1..v2.ipynb"
// have the form of a range, but are paths.
func (r *Repo) IsRangeOf(a string) bool {
	if !IsRange(a) {
		return false
	}
	x, y, ok := strings.Cut(a, "...")
	if !ok {
		x, y, _ = strings.Cut(a, "..")
	}
	return r.IsRev(orHead(x)) && r.IsRev(orHead(y))
}

// Sides returns the two sides that revisions and --cached name, as git
// diff reads them: none, the index against the working tree (cached: HEAD
// against the index); REV, that revision against the working tree (or the
// index); REV REV; A..B; A...B, from the merge base of A and B to B.
func (r *Repo) Sides(revs []string, cached bool) (a, b Side, err error) {
	if len(revs) == 1 && IsRange(revs[0]) {
		if cached {
			return a, b, fmt.Errorf("--cached takes at most one revision, not a range")
		}
		if x, y, ok := strings.Cut(revs[0], "..."); ok {
			x, y = orHead(x), orHead(y)
			if a, err = r.MergeBase(x, y); err != nil {
				return a, b, err
			}
			b, err = r.Rev(y)
			return a, b, err
		}
		x, y, _ := strings.Cut(revs[0], "..")
		if a, err = r.Rev(orHead(x)); err != nil {
			return a, b, err
		}
		b, err = r.Rev(orHead(y))
		return a, b, err
	}
	for _, rev := range revs {
		if IsRange(rev) {
			return a, b, fmt.Errorf("%s: a range goes alone", rev)
		}
	}
	switch len(revs) {
	case 0:
		if cached {
			a, err = r.Head()
			return a, IndexSide, err
		}
		return IndexSide, WorktreeSide, nil
	case 1:
		if a, err = r.Rev(revs[0]); err != nil {
			return a, b, err
		}
		if cached {
			return a, IndexSide, nil
		}
		return a, WorktreeSide, nil
	case 2:
		if cached {
			return a, b, fmt.Errorf("--cached takes at most one revision")
		}
		if a, err = r.Rev(revs[0]); err != nil {
			return a, b, err
		}
		b, err = r.Rev(revs[1])
		return a, b, err
	}
	return a, b, fmt.Errorf("too many revisions: %s", strings.Join(revs, " "))
}

func orHead(rev string) string {
	if rev == "" {
		return "HEAD"
	}
	return rev
}

// Paths turns paths given relative to cwd (or, as git does where cwd is
// outside the working tree, GIT_WORK_TREE naming it, relative to its top)
// into slash-separated paths relative to the top of the working tree. A
// path outside it is an error.
func (r *Repo) Paths(cwd string, paths []string) ([]string, error) {
	if len(paths) == 0 {
		return nil, nil
	}
	root, err := filepath.EvalSymlinks(r.root)
	if err != nil {
		root = r.root
	}
	if c, err := filepath.EvalSymlinks(cwd); err == nil {
		cwd = c
	}
	if _, ok := under(root, cwd); !ok {
		// Outside the working tree (GIT_DIR and GIT_WORK_TREE name the
		// repository), git takes paths from the top of the tree.
		cwd = root
	}
	var out []string
	for _, p := range paths {
		if strings.HasPrefix(p, ":") {
			return nil, fmt.Errorf("%s: pathspec magic (git's :(...), :! and :/) is not supported; give paths, or patterns with * ? [...]", p)
		}
		abs := p
		if !filepath.IsAbs(p) {
			abs = filepath.Join(cwd, p)
		}
		rel, ok := under(root, abs)
		if !ok {
			// Named through a link outside the repository (/tmp is
			// /private/tmp on macOS): where the path leads, or its
			// folder for a file no longer there.
			if real, err := filepath.EvalSymlinks(abs); err == nil {
				rel, ok = under(root, real)
			} else if dir, err := filepath.EvalSymlinks(filepath.Dir(abs)); err == nil {
				rel, ok = under(root, filepath.Join(dir, filepath.Base(abs)))
			}
		}
		if !ok {
			return nil, fmt.Errorf("%s: outside the repository at %s", p, r.root)
		}
		out = append(out, filepath.ToSlash(rel))
	}
	return out, nil
}

// under returns path relative to root, and whether it lies inside it.
func under(root, path string) (string, bool) {
	rel, err := filepath.Rel(root, path)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", false
	}
	return rel, true
}
