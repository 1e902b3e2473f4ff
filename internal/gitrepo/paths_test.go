package gitrepo

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/nbtools/nbdiff/internal/testenv"
)

// TestWantsMatchesGit: the paths and patterns that limit a diff select
// the files git's own pathspecs select (git ls-files is the reference):
// folders, files, and *, ? and [...], which match "/" too.
func TestWantsMatchesGit(t *testing.T) {
	dir, git := testenv.NewGitRepo(t)
	files := []string{"a.ipynb", "ab.ipynb", "b.ipynb", "sub/a.ipynb", "sub/deep/c.ipynb", "sub2/d.ipynb",
		"x y/e.ipynb", "notes.txt", "sub/notes.txt", "[x].ipynb"}
	for _, f := range files {
		testenv.WriteFile(t, dir, f, f+"\n")
	}
	git("add", ".")
	for _, spec := range []string{"*.ipynb", "sub", "sub/", "sub/*", "su", "sub*", "*/a.ipynb", "a?.ipynb", "?.ipynb",
		"[ab].ipynb", "[!a]*.ipynb", "sub/deep/c.ipynb", "x y", "*deep*", `\[x\].ipynb`, "*.txt"} {
		var want []string
		if out := git("ls-files", "--", spec); out != "" {
			want = strings.Split(out, "\n")
		}
		var got []string
		for _, f := range files {
			if (DiffOptions{Paths: []string{spec}}).Wants(f) {
				got = append(got, f)
			}
		}
		slices.Sort(want)
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("%q selects %q, git ls-files %q", spec, got, want)
		}
	}
}

// TestPaths: paths are taken relative to the working directory, up to
// the top of the working tree; one named through a link outside the
// repository (macOS's /tmp) is where the link leads; pathspec magic is
// an error, not a silent empty diff.
func TestPaths(t *testing.T) {
	dir, _ := testenv.NewGitRepo(t)
	testenv.WriteFile(t, dir, "sub/a.ipynb", "{}\n")
	r, err := Open(dir, Options{GitCommand: true})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	sub := filepath.Join(dir, "sub")
	got, err := r.Paths(sub, []string{"a.ipynb", "../b.ipynb", ".", filepath.Join(dir, "sub", "gone.ipynb")})
	if want := []string{"sub/a.ipynb", "b.ipynb", "sub", "sub/gone.ipynb"}; err != nil || !slices.Equal(got, want) {
		t.Errorf("Paths = %q, %v; want %q", got, err, want)
	}
	// From outside the working tree (GIT_DIR and GIT_WORK_TREE set), as
	// git does: from its top.
	if got, err := r.Paths(t.TempDir(), []string{"sub", "sub/a.ipynb"}); err != nil || !slices.Equal(got, []string{"sub", "sub/a.ipynb"}) {
		t.Errorf("from outside: Paths = %q, %v", got, err)
	}
	if _, err := r.Paths(sub, []string{":!sub"}); err == nil || !strings.Contains(err.Error(), "pathspec magic") {
		t.Errorf("magic: %v", err)
	}
	if _, err := r.Paths(sub, []string{"../.."}); err == nil || !strings.Contains(err.Error(), "outside the repository") {
		t.Errorf("outside: %v", err)
	}
	if runtime.GOOS == "windows" {
		return
	}
	link := filepath.Join(t.TempDir(), "link")
	if err := os.Symlink(filepath.Dir(dir), link); err != nil {
		t.Fatal(err)
	}
	through := filepath.Join(link, filepath.Base(dir), "sub")
	got, err = r.Paths(through, []string{filepath.Join(through, "a.ipynb"), filepath.Join(through, "gone.ipynb")})
	if want := []string{"sub/a.ipynb", "sub/gone.ipynb"}; err != nil || !slices.Equal(got, want) {
		t.Errorf("through a link: Paths = %q, %v; want %q", got, err, want)
	}
}

// TestOpenRefused: where git finds a repository but will not read it, the
// error is git's reason (and its fix), not "not a git repository": a bare
// repository (no working tree), one owned by another user (git's
// safe.directory; the test needs root to give the folder away).
func TestOpenRefused(t *testing.T) {
	dir, git := testenv.NewGitRepo(t)
	git("init", "-q", "--bare", "b.git")
	_, err := Open(filepath.Join(dir, "b.git"), Options{GitCommand: true})
	if err == nil || errors.Is(err, ErrNotRepository) || !strings.Contains(err.Error(), "bare repository") {
		t.Errorf("bare: %v", err)
	}
	if runtime.GOOS == "windows" || os.Getuid() != 0 {
		return
	}
	other := filepath.Join(dir, "other")
	git("init", "-q", other)
	if err := filepath.Walk(other, func(p string, _ os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		return os.Lchown(p, 65534, 65534)
	}); err != nil {
		t.Fatal(err)
	}
	_, err = Open(other, Options{GitCommand: true})
	if err == nil || errors.Is(err, ErrNotRepository) || !strings.Contains(err.Error(), "safe.directory") {
		t.Errorf("owned by another user: %v", err)
	}
}
