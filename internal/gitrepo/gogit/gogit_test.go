package gogit

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/nbtools/nbdiff/internal/gitrepo"
	"github.com/nbtools/nbdiff/internal/testenv"
)

// TestResolveSimple checks that the revisions resolved without git
// (names, tags, full hashes, ~N and ^N, packed or loose refs, from a
// linked worktree) name the commit git rev-parse names, and that other
// syntax is refused rather than guessed.
func TestResolveSimple(t *testing.T) {
	dir, git := testenv.NewGitRepo(t)
	testenv.WriteFile(t, dir, "a.ipynb", "one\n")
	git("add", ".")
	git("commit", "-q", "-m", "one")
	git("tag", "light")
	git("tag", "-a", "-m", "annotated", "v1")
	git("tag", "-a", "-m", "on a tag", "v1-again", "v1")
	git("checkout", "-q", "-b", "side")
	testenv.WriteFile(t, dir, "b.ipynb", "side\n")
	git("add", ".")
	git("commit", "-q", "-m", "side")
	git("checkout", "-q", "main")
	testenv.WriteFile(t, dir, "a.ipynb", "two\n")
	git("commit", "-q", "-am", "two")
	git("merge", "-q", "--no-ff", "-m", "merge", "side")
	git("update-ref", "refs/remotes/origin/main", "HEAD~1")
	git("symbolic-ref", "refs/remotes/origin/HEAD", "refs/remotes/origin/main")
	wt := filepath.Join(t.TempDir(), "wt")
	git("worktree", "add", "-q", wt, "-b", "feature", "HEAD^2")
	revs := []string{
		"HEAD", "@", "main", "side", "light", "v1", "v1-again", "tags/v1", "refs/heads/side",
		"origin", "origin/main", "HEAD~", "HEAD~1", "HEAD^", "HEAD^1", "HEAD^2", "HEAD^2~1",
		"HEAD~2", "HEAD^^", "HEAD^0", "v1^0", "main~1^1", "feature", git("rev-parse", "HEAD~1"),
	}
	for _, packed := range []bool{false, true} {
		if packed {
			git("pack-refs", "--all")
		}
		for _, where := range []string{dir, wt} {
			for _, noGit := range []bool{false, true} {
				opts := gitrepo.Options{}
				if noGit {
					opts.Git = filepath.Join(t.TempDir(), "no-git")
				}
				r, s, err := openRepo(where, opts)
				t.Cleanup(func() { closeRepo(r) })
				if err != nil || r.Backend() != "go-git" {
					t.Fatalf("Open(%s, no git %v): %v, %v", where, noGit, r, err)
				}
				for _, rev := range revs {
					want := revParse(where, rev+"^{commit}")
					c, err := s.resolveSimple(rev)
					if want == "" {
						if err == nil {
							t.Errorf("%s: resolveSimple(%q) = %v; git knows no such commit", where, rev, c)
						}
						continue
					}
					if err != nil || c.Hash.String() != want {
						t.Errorf("packed %v, %s: resolveSimple(%q) = %v, %v; want %s", packed, where, rev, c, err, want)
						continue
					}
					s, err := r.Rev(rev)
					if tree := revParse(where, rev+"^{tree}"); err != nil || s.Hash != tree {
						t.Errorf("packed %v, %s, no git %v: Rev(%q) = %v, %v; want %s", packed, where, noGit, rev, s, err, tree)
					}
				}
				for _, rev := range []string{
					"", "HEAD~3", "HEAD^3", "HEAD~1x", "no-such", "main..side", "HEAD@{1}", "HEAD:a.ipynb",
					"../HEAD", "refs//heads/main", ".git/HEAD", git("rev-parse", "HEAD^{tree}"),
					git("rev-parse", "--short", "HEAD"), "HEAD~99999999999",
				} {
					if c, err := s.resolveSimple(rev); err == nil {
						t.Errorf("resolveSimple(%q) = %v, want an error", rev, c)
					}
				}
				if noGit {
					if s, err := r.Rev("HEAD@{1}"); err == nil {
						t.Errorf("Rev(HEAD@{1}) without git = %v, want an error", s)
					}
				}
			}
		}
	}
}

// TestOpenStorageRefuses checks that a git directory go-git would refuse
// (an extension, an unknown format version) or one without HEAD is not
// opened with go-git.
func TestOpenStorageRefuses(t *testing.T) {
	dir, git := testenv.NewGitRepo(t)
	testenv.WriteFile(t, dir, "a.ipynb", "one\n")
	git("add", ".")
	git("commit", "-q", "-m", "one")
	gitDir := filepath.Join(dir, ".git")
	if _, err := openStorage(gitDir, gitDir); err != nil {
		t.Fatalf("plain repository: %v", err)
	}
	git("config", "extensions.noop", "true")
	if _, err := openStorage(gitDir, gitDir); err != nil {
		t.Errorf("extensions.noop: %v, want it accepted", err)
	}
	git("config", "core.repositoryFormatVersion", "1")
	git("config", "extensions.objectFormat", "sha1")
	if _, err := openStorage(gitDir, gitDir); !errors.Is(err, gitrepo.ErrUnsupported) {
		t.Errorf("extensions.objectFormat: %v, want gitrepo.ErrUnsupported", err)
	}
	git("config", "--unset", "extensions.objectFormat")
	git("config", "--unset", "extensions.noop")
	cfg := filepath.Join(gitDir, "config")
	data, err := os.ReadFile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	// git itself refuses to touch a version 2 repository: edit the file.
	if err := os.WriteFile(cfg, []byte(regexp.MustCompile(`(?i)repositoryformatversion = 1`).ReplaceAllString(string(data), "repositoryformatversion = 2")), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := openStorage(gitDir, gitDir); !errors.Is(err, gitrepo.ErrUnsupported) {
		t.Errorf("format version 2: %v, want gitrepo.ErrUnsupported", err)
	}
	if err := os.WriteFile(cfg, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(gitDir, "HEAD")); err != nil {
		t.Fatal(err)
	}
	if _, err := openStorage(gitDir, gitDir); !errors.Is(err, errNoHead) {
		t.Errorf("no HEAD: %v, want errNoHead", err)
	}
}

// revParse returns what git rev-parse --verify says rev is in dir, or ""
// when git knows no such revision.
func revParse(dir, rev string) string {
	cmd := exec.Command("git", "rev-parse", "--verify", "--quiet", rev)
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}

// TestOpenFromSubdirectory checks that the git directory git names
// relative to a subdirectory is found, so go-git reads the repository.
func TestOpenFromSubdirectory(t *testing.T) {
	dir, git := testenv.NewGitRepo(t)
	testenv.WriteFile(t, dir, "sub/deeper/a.ipynb", "one\n")
	git("add", ".")
	git("commit", "-q", "-m", "one")
	r, _ := openStore(t, filepath.Join(dir, "sub", "deeper"), gitrepo.Options{})
	head, err := r.Head()
	if want := git("rev-parse", "HEAD^{tree}"); err != nil || head.Hash != want {
		t.Errorf("Head() = %v, %v; want %s", head, err, want)
	}
}

// TestMergeBases checks the merge bases found without git against git
// merge-base --all, on a history with a criss-cross merge (two bases).
func TestMergeBases(t *testing.T) {
	dir, git := testenv.NewGitRepo(t)
	commit := func(name, content string) {
		testenv.WriteFile(t, dir, name, content)
		git("add", ".")
		git("commit", "-q", "-m", name+content)
	}
	commit("a.ipynb", "root\n")
	git("checkout", "-q", "-b", "x")
	commit("x.ipynb", "1\n")
	git("checkout", "-q", "-b", "y", "main")
	commit("y.ipynb", "1\n")
	git("tag", "y1")
	git("checkout", "-q", "x")
	git("tag", "x1")
	git("merge", "-q", "--no-ff", "-m", "x+y", "y1")
	commit("x.ipynb", "2\n")
	git("checkout", "-q", "y")
	git("merge", "-q", "--no-ff", "-m", "y+x", "x1")
	commit("y.ipynb", "2\n")
	git("checkout", "-q", "main")
	commit("m.ipynb", "1\n")
	r, s := openStore(t, dir, gitrepo.Options{})
	for _, pair := range [][2]string{
		{"x", "y"}, {"main", "x"}, {"x1", "y1"}, {"x", "x~1"}, {"y", "main"}, {"x", "x"},
	} {
		a, err := s.resolveSimple(pair[0])
		if err != nil {
			t.Fatal(err)
		}
		b, err := s.resolveSimple(pair[1])
		if err != nil {
			t.Fatal(err)
		}
		bases, err := s.mergeBases(a, b)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, h := range bases {
			got = append(got, h.String())
		}
		want := strings.Fields(git("merge-base", "--all", pair[0], pair[1]))
		sort.Strings(want)
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("merge bases of %s and %s: %v, want %v", pair[0], pair[1], got, want)
		}
		side, err := r.MergeBase(pair[0], pair[1])
		if wantTree := revParse(dir, git("merge-base", pair[0], pair[1])+"^{tree}"); err != nil || side.Hash != wantTree {
			t.Errorf("MergeBase(%s, %s) = %v, %v; want %s", pair[0], pair[1], side, err, wantTree)
		}
	}
}
