package gogit

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/nbtools/nbdiff/internal/gitrepo"
	"github.com/nbtools/nbdiff/internal/testenv"
)

// The tests of gitrepo that need both of its readers: go-git (this
// package) and the git command.

// summary is a change without the hashes of working-tree files, which
// only go-git computes.
func summary(changes []gitrepo.Change) []string {
	var out []string
	for _, c := range changes {
		side := func(e gitrepo.Entry) string {
			if e.Absent() {
				return "none"
			}
			return e.Path + " " + e.Mode
		}
		s := side(c.From) + " -> " + side(c.To)
		if c.Unmerged {
			s = "unmerged " + c.Path()
		}
		out = append(out, s)
	}
	return out
}

// TestBackendsAgree builds a history with edits, a rename, an addition, a
// deletion, staged and unstaged changes, and checks that go-git and the git
// command report the same changes for every kind of comparison, and that
// the contents they read are the same.
func TestBackendsAgree(t *testing.T) {
	dir, git := testenv.NewGitRepo(t)
	testenv.WriteFile(t, dir, "a.ipynb", testenv.Lines("a", 40))
	testenv.WriteFile(t, dir, "b.ipynb", testenv.Lines("b", 40))
	testenv.WriteFile(t, dir, "dir/c.ipynb", testenv.Lines("c", 40))
	testenv.WriteFile(t, dir, "notes.txt", "text\n")
	git("add", ".")
	git("commit", "-q", "-m", "one")
	testenv.WriteFile(t, dir, "a.ipynb", testenv.Lines("a", 41))
	git("mv", "b.ipynb", "dir/b2.ipynb")
	testenv.WriteFile(t, dir, "dir/b2.ipynb", testenv.Lines("b", 40)+"one more line\n")
	git("rm", "-q", "dir/c.ipynb")
	testenv.WriteFile(t, dir, "d.ipynb", testenv.Lines("d", 10))
	git("add", ".")
	git("commit", "-q", "-m", "two")
	testenv.WriteFile(t, dir, "d.ipynb", testenv.Lines("d", 12))
	git("add", "d.ipynb")
	testenv.WriteFile(t, dir, "a.ipynb", testenv.Lines("a", 3))
	testenv.WriteFile(t, dir, "d.ipynb", testenv.Lines("d", 13))
	os.Remove(filepath.Join(dir, "notes.txt"))
	// Moved in the working tree, the new name added with intent to add
	// (git add -N): between the index and the working tree git sees a
	// rename, as with git mv.
	os.Rename(filepath.Join(dir, "dir", "b2.ipynb"), filepath.Join(dir, "dir", "b3.ipynb"))
	git("add", "-N", "dir/b3.ipynb")

	gg := mustOpen(t, filepath.Join(dir, "dir"), gitrepo.Options{Store: Open}, "go-git")
	gc := mustOpen(t, dir, gitrepo.Options{GitCommand: true}, "git")
	if gg.Root() != gc.Root() {
		t.Fatalf("roots %q and %q differ", gg.Root(), gc.Root())
	}
	sides := func(r *gitrepo.Repo) map[string][2]gitrepo.Side {
		one, two := mustRev(t, r, "main~1"), mustRev(t, r, "HEAD")
		return map[string][2]gitrepo.Side{
			"commits":        {one, two},
			"empty-to-one":   {{Kind: gitrepo.Tree, Hash: gitrepo.EmptyTree}, one},
			"head-index":     {two, gitrepo.IndexSide},
			"head-worktree":  {two, gitrepo.WorktreeSide},
			"one-worktree":   {one, gitrepo.WorktreeSide},
			"index-worktree": {gitrepo.IndexSide, gitrepo.WorktreeSide},
		}
	}
	compare(t, gg, gc, sides(gg), sides(gc))
	// Packed objects (git gc) read the same.
	git("gc", "-q")
	packed := mustOpen(t, dir, gitrepo.Options{Store: Open}, "go-git")
	gitDir := filepath.Join(dir, ".git")
	st, err := Open(gitDir, gitDir, dir)
	if err != nil {
		t.Fatal(err)
	}
	if data, err := st.Blob(git("rev-parse", "HEAD:a.ipynb")); err != nil || string(data) != testenv.Lines("a", 41) {
		t.Errorf("go-git reading a packed blob: %v", err)
	}
	compare(t, packed, gc, sides(packed), sides(gc))

	// The expected changes between the commits, spelled out once.
	sg := sides(gg)
	checkChanges(t, "changes between the commits", gg, sg["commits"][0], sg["commits"][1],
		"a.ipynb 100644 -> a.ipynb 100644",
		"none -> d.ipynb 100644",
		"b.ipynb 100644 -> dir/b2.ipynb 100644",
		"dir/c.ipynb 100644 -> none")
}

// compare checks that the go-git repository gg and the git command
// repository gc report the same changes and contents for the named pairs
// of sides, with and without paths and a match.
func compare(t *testing.T, gg, gc *gitrepo.Repo, sg, sc map[string][2]gitrepo.Side) {
	t.Helper()
	notebooks := func(p string) bool { return strings.HasSuffix(p, ".ipynb") }
	for name, pair := range sg {
		for _, opts := range []gitrepo.DiffOptions{{}, {Match: notebooks}, {Paths: []string{"dir"}}, {Paths: []string{"a.ipynb", "d.ipynb"}, Match: notebooks}} {
			cg, err := gg.Diff(pair[0], pair[1], opts)
			if err != nil {
				t.Fatalf("%s: go-git: %v", name, err)
			}
			cc, err := gc.Diff(sc[name][0], sc[name][1], opts)
			if err != nil {
				t.Fatalf("%s: git: %v", name, err)
			}
			if d := cmp.Diff(summary(cc), summary(cg)); d != "" {
				t.Errorf("%s %+v: go-git and git disagree (-git +go-git):\n%s", name, opts.Paths, d)
			}
			for i := range cg {
				if i >= len(cc) {
					break
				}
				for _, k := range []struct {
					s      gitrepo.Side
					eg, ec gitrepo.Entry
				}{{pair[0], cg[i].From, cc[i].From}, {pair[1], cg[i].To, cc[i].To}} {
					bg, err1 := gg.Read(k.s, k.eg)
					bc, err2 := gc.Read(k.s, k.ec)
					if err1 != nil || err2 != nil || string(bg) != string(bc) {
						t.Errorf("%s: %s: contents differ (%v, %v)", name, k.eg.Path, err1, err2)
					}
				}
			}
		}
	}
}

// TestWorktreeConfigFallsBack checks that a repository go-git refuses
// (extensions.worktreeConfig) is read with the git command, and that a
// linked worktree opens with go-git.
func TestWorktreeConfigFallsBack(t *testing.T) {
	dir, git := testenv.NewGitRepo(t)
	testenv.WriteFile(t, dir, "a.ipynb", "one\n")
	git("add", ".")
	git("commit", "-q", "-m", "one")
	wt := filepath.Join(t.TempDir(), "wt")
	git("worktree", "add", "-q", wt, "-b", "feature")
	testenv.WriteFile(t, wt, "a.ipynb", "two\n")
	r := mustOpen(t, wt, gitrepo.Options{Store: Open}, "go-git") // a linked worktree
	changes, err := r.Diff(gitrepo.IndexSide, gitrepo.WorktreeSide, gitrepo.DiffOptions{})
	if err != nil || len(changes) != 1 || changes[0].Path() != "a.ipynb" {
		t.Errorf("linked worktree: changes %v, %v; want a.ipynb", changes, err)
	}
	git("config", "extensions.worktreeConfig", "true")
	r = mustOpen(t, dir, gitrepo.Options{Store: Open}, "git") // extensions.worktreeConfig
	base, err := r.MergeBase("main", "feature")
	if err != nil {
		t.Fatal(err)
	}
	head, err := r.Rev("main")
	if err != nil || head != base {
		t.Errorf("merge base %v, want main's tree %v (%v)", base, head, err)
	}
}

// TestWithoutGit checks that a machine without the git command still
// reads a plain repository with go-git, from a subdirectory.
func TestWithoutGit(t *testing.T) {
	dir, git := testenv.NewGitRepo(t)
	testenv.WriteFile(t, dir, "sub/a.ipynb", "one\n")
	git("add", ".")
	git("commit", "-q", "-m", "one")
	testenv.WriteFile(t, dir, "sub/a.ipynb", "two\n")
	r := mustOpen(t, filepath.Join(dir, "sub"), gitrepo.Options{Store: Open, Git: filepath.Join(t.TempDir(), "no-git")}, "go-git")
	head, err := r.Head()
	if err != nil {
		t.Fatal(err)
	}
	changes, err := r.Diff(head, gitrepo.WorktreeSide, gitrepo.DiffOptions{})
	if err != nil || len(changes) != 1 || changes[0].Path() != "sub/a.ipynb" {
		t.Fatalf("changes %v, %v; want sub/a.ipynb", changes, err)
	}
	data, err := r.Read(gitrepo.WorktreeSide, changes[0].To)
	if err != nil || string(data) != "two\n" {
		t.Errorf("Read = %q, %v; want \"two\\n\"", data, err)
	}
	if _, err := gitrepo.Open(t.TempDir(), gitrepo.Options{Store: Open, Git: filepath.Join(t.TempDir(), "no-git")}); !errors.Is(err, gitrepo.ErrNotRepository) {
		t.Errorf("Open outside a repository without git: %v, want gitrepo.ErrNotRepository", err)
	}
}

// TestStatDirtyIsNoChange checks that a file whose stat information no
// longer matches the index (a new modification time, the same content) is
// not a change for either backend, as git diff shows nothing for it, while
// a file with new content of the same size still is.
func TestStatDirtyIsNoChange(t *testing.T) {
	dir, git := testenv.NewGitRepo(t)
	testenv.WriteFile(t, dir, "a.ipynb", "one\n")
	testenv.WriteFile(t, dir, "b.ipynb", "two\n")
	git("add", ".")
	git("commit", "-q", "-m", "one")
	later := time.Now().Add(time.Hour)
	if err := os.Chtimes(filepath.Join(dir, "a.ipynb"), later, later); err != nil {
		t.Fatal(err)
	}
	testenv.WriteFile(t, dir, "b.ipynb", "TWO\n")
	if err := os.Chtimes(filepath.Join(dir, "b.ipynb"), later, later); err != nil {
		t.Fatal(err)
	}
	if out := git("diff-files", "--name-only"); !strings.Contains(out, "a.ipynb") {
		t.Fatalf("git diff-files does not list the touched file (%q): the test does not test", out)
	}
	for _, gitCommand := range []bool{false, true} {
		r := mustOpen(t, dir, gitrepo.Options{GitCommand: gitCommand, Store: Open}, map[bool]string{true: "git", false: "go-git"}[gitCommand])
		head := mustRev(t, r, "HEAD")
		for _, a := range []gitrepo.Side{gitrepo.IndexSide, head} {
			got, err := r.Diff(a, gitrepo.WorktreeSide, gitrepo.DiffOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if want := []string{"b.ipynb 100644 -> b.ipynb 100644"}; !slices.Equal(summary(got), want) {
				t.Errorf("%s, %v against the working tree: %q, want %q", r.Backend(), a.Kind, summary(got), want)
			}
		}
	}
}

// TestRevisions checks revision syntax go-git gets wrong, which goes to
// git rev-parse, and what is not a revision or not a repository, with
// the Store and without (as nbdiff reads).
func TestRevisions(t *testing.T) {
	dir, git := testenv.NewGitRepo(t)
	testenv.WriteFile(t, dir, "sub/a.ipynb", "one\n")
	git("add", ".")
	git("commit", "-q", "-m", "one")
	testenv.WriteFile(t, dir, "sub/a.ipynb", "two\n")
	git("commit", "-q", "-am", "two")
	for _, opts := range []gitrepo.Options{{Store: Open}, {}} {
		r := mustOpen(t, dir, opts, map[bool]string{true: "go-git", false: "git"}[opts.Store != nil])
		for rev, want := range map[string]string{
			"HEAD~1":          git("rev-parse", "HEAD~1^{tree}"),
			"HEAD@{1}":        git("rev-parse", "HEAD@{1}^{tree}"),
			"HEAD^{tree}":     git("rev-parse", "HEAD^{tree}"),
			"HEAD~1:sub":      git("rev-parse", "HEAD~1:sub"),
			"main":            git("rev-parse", "main^{tree}"),
			gitrepo.EmptyTree: gitrepo.EmptyTree,
			"v-no-such-tag":   "",
		} {
			s, err := r.Rev(rev)
			if want == "" {
				if err == nil {
					t.Errorf("%s: Rev(%q) = %v, want an error", r.Backend(), rev, s)
				}
				continue
			}
			if err != nil || s.Hash != want {
				t.Errorf("%s: Rev(%q) = %v, %v; want %s", r.Backend(), rev, s, err, want)
			}
		}
	}
	if _, err := gitrepo.Open(t.TempDir(), gitrepo.Options{Store: Open}); !errors.Is(err, gitrepo.ErrNotRepository) {
		t.Errorf("Open outside a repository: %v, want gitrepo.ErrNotRepository", err)
	}
}

// mustOpen opens the repository around dir with opts, closes it when the
// test ends, and stops the test unless it opened and reads it with
// backend ("go-git" or "git").
func mustOpen(t *testing.T, dir string, opts gitrepo.Options, backend string) *gitrepo.Repo {
	t.Helper()
	r, err := gitrepo.Open(dir, opts)
	t.Cleanup(func() { closeRepo(r) })
	if err != nil {
		t.Fatalf("Open(%s): %v", dir, err)
	}
	if r.Backend() != backend {
		t.Fatalf("Open(%s): backend %q, want %q", dir, r.Backend(), backend)
	}
	return r
}

// mustRev is r.Rev(rev), which must not fail.
func mustRev(t *testing.T, r *gitrepo.Repo, rev string) gitrepo.Side {
	t.Helper()
	s, err := r.Rev(rev)
	if err != nil {
		t.Fatalf("Rev(%q): %v", rev, err)
	}
	return s
}

// checkChanges checks r's changes from a to b, in summary's form, against
// want.
func checkChanges(t *testing.T, what string, r *gitrepo.Repo, a, b gitrepo.Side, want ...string) {
	t.Helper()
	got, err := r.Diff(a, b, gitrepo.DiffOptions{})
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	if d := cmp.Diff(want, summary(got)); d != "" {
		t.Errorf("%s (-want +got):\n%s", what, d)
	}
}

// openStore opens the repository around dir as mustOpen does with opts
// and this package's Store, which it must read it with, and returns the
// store too, for the tests of what it does inside.
func openStore(t *testing.T, dir string, opts gitrepo.Options) (*gitrepo.Repo, *store) {
	t.Helper()
	r, s, err := openRepo(dir, opts)
	t.Cleanup(func() { closeRepo(r) })
	if err != nil || r.Backend() != "go-git" {
		t.Fatalf("Open(%s): %v, %v", dir, r, err)
	}
	return r, s
}

// openRepo opens the repository around dir as gitrepo.Open does with
// opts and this package's Store, and returns the store it opened too (nil
// when it opened none), for the tests of what it does inside.
func openRepo(dir string, opts gitrepo.Options) (*gitrepo.Repo, *store, error) {
	var s *store
	opts.Store = func(gitDir, commonDir, root string) (gitrepo.Store, error) {
		st, err := Open(gitDir, commonDir, root)
		if err == nil {
			s = st.(*store)
		}
		return st, err
	}
	r, err := gitrepo.Open(dir, opts)
	return r, s, err
}

// closeRepo ends the git process r may have started to read blobs (nil:
// nothing to close).
func closeRepo(r *gitrepo.Repo) {
	if r != nil {
		r.Close()
	}
}
