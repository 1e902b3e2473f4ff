package gitrepo

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// gitEnv is a private git environment: no user or system configuration.
func gitEnv(t testing.TB) []string {
	home := t.TempDir()
	env := []string{
		"HOME=" + home, "XDG_CONFIG_HOME=" + filepath.Join(home, ".config"), "GIT_CONFIG_NOSYSTEM=1",
		"GIT_AUTHOR_NAME=A", "GIT_AUTHOR_EMAIL=a@example.com", "GIT_AUTHOR_DATE=2026-01-02T03:04:05Z",
		"GIT_COMMITTER_NAME=C", "GIT_COMMITTER_EMAIL=c@example.com", "GIT_COMMITTER_DATE=2026-01-02T03:04:05Z",
	}
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "PATH=") {
			env = append(env, kv)
		}
	}
	return env
}

// newRepo makes a repository in a temporary directory and returns its
// path and a function that runs git in it.
func newRepo(t testing.TB) (string, func(args ...string) string) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	dir := t.TempDir()
	env := gitEnv(t)
	// Setenv for the process: Open runs git too.
	for _, kv := range env {
		k, v, _ := strings.Cut(kv, "=")
		t.Setenv(k, v)
	}
	git := func(args ...string) string {
		t.Helper()
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		cmd.Env = env
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return strings.TrimSpace(string(out))
	}
	git("init", "-q", "-b", "main")
	return dir, git
}

func write(t testing.TB, dir, name, content string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// lines returns n numbered lines starting with prefix.
func lines(prefix string, n int) string {
	var b strings.Builder
	for i := range n {
		b.WriteString(prefix)
		b.WriteString(strings.Repeat("x", i%7))
		b.WriteString(string(rune('a' + i%26)))
		b.WriteString("\n")
	}
	return b.String()
}

// summary is a change without the hashes of working-tree files, which
// only go-git computes.
func summary(changes []Change) []string {
	var out []string
	for _, c := range changes {
		side := func(e Entry) string {
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
	dir, git := newRepo(t)
	write(t, dir, "a.ipynb", lines("a", 40))
	write(t, dir, "b.ipynb", lines("b", 40))
	write(t, dir, "dir/c.ipynb", lines("c", 40))
	write(t, dir, "notes.txt", "text\n")
	git("add", ".")
	git("commit", "-q", "-m", "one")
	write(t, dir, "a.ipynb", lines("a", 41))
	git("mv", "b.ipynb", "dir/b2.ipynb")
	write(t, dir, "dir/b2.ipynb", lines("b", 40)+"one more line\n")
	git("rm", "-q", "dir/c.ipynb")
	write(t, dir, "d.ipynb", lines("d", 10))
	git("add", ".")
	git("commit", "-q", "-m", "two")
	write(t, dir, "d.ipynb", lines("d", 12))
	git("add", "d.ipynb")
	write(t, dir, "a.ipynb", lines("a", 3))
	write(t, dir, "d.ipynb", lines("d", 13))
	os.Remove(filepath.Join(dir, "notes.txt"))

	gg, err := Open(filepath.Join(dir, "dir"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if gg.Backend() != "go-git" {
		t.Fatalf("backend %q, want go-git", gg.Backend())
	}
	gc, err := Open(dir, Options{GitCommand: true})
	if err != nil {
		t.Fatal(err)
	}
	if gc.Backend() != "git" {
		t.Fatalf("backend %q, want git", gc.Backend())
	}
	if gg.Root() != gc.Root() {
		t.Fatalf("roots %q and %q differ", gg.Root(), gc.Root())
	}
	sides := func(r *Repo) map[string][2]Side {
		one, err := r.Rev("main~1")
		if err != nil {
			t.Fatal(err)
		}
		two, err := r.Rev("HEAD")
		if err != nil {
			t.Fatal(err)
		}
		return map[string][2]Side{
			"commits":        {one, two},
			"empty-to-one":   {{Kind: Tree, Hash: EmptyTree}, one},
			"head-index":     {two, IndexSide},
			"head-worktree":  {two, WorktreeSide},
			"one-worktree":   {one, WorktreeSide},
			"index-worktree": {IndexSide, WorktreeSide},
		}
	}
	compare(t, gg, gc, sides(gg), sides(gc))
	// Packed objects (git gc) read the same.
	git("gc", "-q")
	packed, err := Open(dir, Options{})
	if err != nil || packed.Backend() != "go-git" {
		t.Fatalf("open after gc: %v", err)
	}
	for _, e := range []Entry{{Path: "a.ipynb", Hash: git("rev-parse", "HEAD:a.ipynb")}} {
		if data, err := packed.blobGoGit(e.Hash); err != nil || string(data) != lines("a", 41) {
			t.Errorf("go-git reading a packed blob: %v", err)
		}
	}
	compare(t, packed, gc, sides(packed), sides(gc))

	// The expected changes between the commits, spelled out once.
	sg := sides(gg)
	got, err := gg.Diff(sg["commits"][0], sg["commits"][1], DiffOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"a.ipynb 100644 -> a.ipynb 100644",
		"none -> d.ipynb 100644",
		"b.ipynb 100644 -> dir/b2.ipynb 100644",
		"dir/c.ipynb 100644 -> none",
	}
	if d := cmp.Diff(want, summary(got)); d != "" {
		t.Errorf("changes between the commits (-want +got):\n%s", d)
	}
}

// compare checks that the go-git repository gg and the git command
// repository gc report the same changes and contents for the named pairs
// of sides, with and without paths and a match.
func compare(t *testing.T, gg, gc *Repo, sg, sc map[string][2]Side) {
	t.Helper()
	notebooks := func(p string) bool { return strings.HasSuffix(p, ".ipynb") }
	for name, pair := range sg {
		for _, opts := range []DiffOptions{{}, {Match: notebooks}, {Paths: []string{"dir"}}, {Paths: []string{"a.ipynb", "d.ipynb"}, Match: notebooks}} {
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
					s      Side
					eg, ec Entry
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
	dir, git := newRepo(t)
	write(t, dir, "a.ipynb", "one\n")
	git("add", ".")
	git("commit", "-q", "-m", "one")
	wt := filepath.Join(t.TempDir(), "wt")
	git("worktree", "add", "-q", wt, "-b", "feature")
	write(t, wt, "a.ipynb", "two\n")
	r, err := Open(wt, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if r.Backend() != "go-git" {
		t.Errorf("linked worktree: backend %q, want go-git", r.Backend())
	}
	changes, err := r.Diff(IndexSide, WorktreeSide, DiffOptions{})
	if err != nil || len(changes) != 1 || changes[0].Path() != "a.ipynb" {
		t.Errorf("linked worktree: changes %v, %v; want a.ipynb", changes, err)
	}
	git("config", "extensions.worktreeConfig", "true")
	r, err = Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if r.Backend() != "git" {
		t.Errorf("worktreeConfig: backend %q, want git", r.Backend())
	}
	base, err := r.MergeBase("main", "feature")
	if err != nil {
		t.Fatal(err)
	}
	head, err := r.Rev("main")
	if err != nil || head != base {
		t.Errorf("merge base %v, want main's tree %v (%v)", base, head, err)
	}
}

// TestRevisions checks revision syntax go-git gets wrong, which goes to
// git rev-parse, and what is not a revision or not a repository.
func TestRevisions(t *testing.T) {
	dir, git := newRepo(t)
	write(t, dir, "sub/a.ipynb", "one\n")
	git("add", ".")
	git("commit", "-q", "-m", "one")
	write(t, dir, "sub/a.ipynb", "two\n")
	git("commit", "-q", "-am", "two")
	r, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for rev, want := range map[string]string{
		"HEAD~1":        git("rev-parse", "HEAD~1^{tree}"),
		"HEAD@{1}":      git("rev-parse", "HEAD@{1}^{tree}"),
		"HEAD^{tree}":   git("rev-parse", "HEAD^{tree}"),
		"HEAD~1:sub":    git("rev-parse", "HEAD~1:sub"),
		"main":          git("rev-parse", "main^{tree}"),
		EmptyTree:       EmptyTree,
		"v-no-such-tag": "",
	} {
		s, err := r.Rev(rev)
		if want == "" {
			if err == nil {
				t.Errorf("Rev(%q) = %v, want an error", rev, s)
			}
			continue
		}
		if err != nil || s.Hash != want {
			t.Errorf("Rev(%q) = %v, %v; want %s", rev, s, err, want)
		}
	}
	if _, err := Open(t.TempDir(), Options{}); !errors.Is(err, ErrNotRepository) {
		t.Errorf("Open outside a repository: %v, want ErrNotRepository", err)
	}
}

func TestParseRaw(t *testing.T) {
	z := "0000000000000000000000000000000000000000"
	h1, h2 := strings.Repeat("1", 40), strings.Repeat("2", 40)
	out := ":100644 100644 " + h1 + " " + z + " M\x00a b.ipynb\x00" +
		":100644 100644 " + h1 + " " + h2 + " R087\x00old.ipynb\x00new.ipynb\x00" +
		":000000 100644 " + z + " " + h2 + " A\x00added.ipynb\x00" +
		":100644 000000 " + h1 + " " + z + " D\x00gone.ipynb\x00" +
		":160000 160000 " + h1 + " " + h2 + " M\x00submodule\x00" +
		":000000 000000 " + z + " " + z + " U\x00conflict.ipynb\x00"
	got, err := parseRaw([]byte(out))
	if err != nil {
		t.Fatal(err)
	}
	want := []Change{
		{From: Entry{"a b.ipynb", h1, "100644"}, To: Entry{"a b.ipynb", z, "100644"}},
		{From: Entry{"old.ipynb", h1, "100644"}, To: Entry{"new.ipynb", h2, "100644"}},
		{To: Entry{"added.ipynb", h2, "100644"}},
		{From: Entry{"gone.ipynb", h1, "100644"}},
		{From: Entry{"conflict.ipynb", z, "000000"}, To: Entry{"conflict.ipynb", z, "000000"}, Unmerged: true},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("parseRaw (-want +got):\n%s", d)
	}
	if _, err := parseRaw([]byte(":100644 M\x00x\x00")); err == nil {
		t.Error("parseRaw accepted a short record")
	}
}

func TestSimilarity(t *testing.T) {
	split := func(s string) [][]byte {
		var out [][]byte
		for _, l := range strings.SplitAfter(s, "\n") {
			if l != "" {
				out = append(out, []byte(l))
			}
		}
		return out
	}
	for _, tt := range []struct {
		a, b string
		want int
	}{
		{"", "", 100},
		{"a\nb\n", "a\nb\n", 100},
		{"a\nb\n", "c\nd\n", 0},
		{"a\nb\nc\nd\n", "a\nb\nc\ne\n", 75},
		{"a\na\n", "a\n", 66},
	} {
		if got := similarity(split(tt.a), split(tt.b)); got != tt.want {
			t.Errorf("similarity(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
		if similarity(split(tt.a), split(tt.b)) != similarity(split(tt.b), split(tt.a)) {
			t.Errorf("similarity(%q, %q) is not symmetric", tt.a, tt.b)
		}
	}
}

// TestWithoutGit checks that a machine without the git command still
// reads a plain repository with go-git, from a subdirectory.
func TestWithoutGit(t *testing.T) {
	dir, git := newRepo(t)
	write(t, dir, "sub/a.ipynb", "one\n")
	git("add", ".")
	git("commit", "-q", "-m", "one")
	write(t, dir, "sub/a.ipynb", "two\n")
	r, err := Open(filepath.Join(dir, "sub"), Options{Git: filepath.Join(t.TempDir(), "no-git")})
	if err != nil {
		t.Fatal(err)
	}
	if r.Backend() != "go-git" {
		t.Fatalf("backend %q, want go-git", r.Backend())
	}
	head, err := r.Head()
	if err != nil {
		t.Fatal(err)
	}
	changes, err := r.Diff(head, WorktreeSide, DiffOptions{})
	if err != nil || len(changes) != 1 || changes[0].Path() != "sub/a.ipynb" {
		t.Fatalf("changes %v, %v; want sub/a.ipynb", changes, err)
	}
	data, err := r.Read(WorktreeSide, changes[0].To)
	if err != nil || string(data) != "two\n" {
		t.Errorf("Read = %q, %v; want \"two\\n\"", data, err)
	}
	if _, err := Open(t.TempDir(), Options{Git: filepath.Join(t.TempDir(), "no-git")}); !errors.Is(err, ErrNotRepository) {
		t.Errorf("Open outside a repository without git: %v, want ErrNotRepository", err)
	}
}

// TestStatDirtyIsNoChange checks that a file whose stat information no
// longer matches the index (a new modification time, the same content) is
// not a change for either backend, as git diff shows nothing for it, while
// a file with new content of the same size still is.
func TestStatDirtyIsNoChange(t *testing.T) {
	dir, git := newRepo(t)
	write(t, dir, "a.ipynb", "one\n")
	write(t, dir, "b.ipynb", "two\n")
	git("add", ".")
	git("commit", "-q", "-m", "one")
	later := time.Now().Add(time.Hour)
	if err := os.Chtimes(filepath.Join(dir, "a.ipynb"), later, later); err != nil {
		t.Fatal(err)
	}
	write(t, dir, "b.ipynb", "TWO\n")
	if err := os.Chtimes(filepath.Join(dir, "b.ipynb"), later, later); err != nil {
		t.Fatal(err)
	}
	if out := git("diff-files", "--name-only"); !strings.Contains(out, "a.ipynb") {
		t.Fatalf("git diff-files does not list the touched file (%q): the test does not test", out)
	}
	for _, gitCommand := range []bool{false, true} {
		r, err := Open(dir, Options{GitCommand: gitCommand})
		if err != nil {
			t.Fatal(err)
		}
		head, err := r.Rev("HEAD")
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range []Side{IndexSide, head} {
			got, err := r.Diff(a, WorktreeSide, DiffOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if want := []string{"b.ipynb 100644 -> b.ipynb 100644"}; !slices.Equal(summary(got), want) {
				t.Errorf("%s, %v against the working tree: %q, want %q", r.Backend(), a.Kind, summary(got), want)
			}
		}
	}
}
