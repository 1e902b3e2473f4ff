package gitrepo

import (
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/nbtools/nbdiff/internal/testenv"
)

// The tests that need go-git too (the two readers agree, and the like)
// are in gogit/backends_test.go.

// TestGitCommandReads reads a repository without a Store, as nbdiff does:
// every answer comes from the git command, the blobs of the changes from
// one git cat-file --batch, byte for byte (binary content, an empty file,
// a file without a final newline, the same blob twice), and a missing
// object is an error naming it.
func TestGitCommandReads(t *testing.T) {
	dir, git := testenv.NewGitRepo(t)
	contents := map[string]string{
		"a.ipynb":     testenv.Lines("a", 30),
		"bin.ipynb":   "\x00\x01\n\n\xff binary\x00",
		"empty.ipynb": "",
		"tail.ipynb":  "no final newline",
		"same.ipynb":  testenv.Lines("a", 30),
	}
	for name := range contents {
		testenv.WriteFile(t, dir, name, "old "+name+"\n")
	}
	git("add", ".")
	git("commit", "-q", "-m", "one")
	for name, c := range contents {
		testenv.WriteFile(t, dir, name, c)
	}
	git("commit", "-q", "-am", "two")
	r, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if r.Backend() != "git" {
		t.Fatalf("backend %q, want git", r.Backend())
	}
	a, err := r.Rev("HEAD~1")
	if err != nil {
		t.Fatal(err)
	}
	b, err := r.Rev("HEAD")
	if err != nil {
		t.Fatal(err)
	}
	changes, err := r.Diff(a, b, DiffOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range changes {
		got = append(got, c.Path())
		old, err := r.Read(a, c.From)
		if err != nil || string(old) != "old "+c.Path()+"\n" {
			t.Errorf("%s, old side: %q, %v", c.Path(), old, err)
		}
		data, err := r.Read(b, c.To)
		if err != nil || string(data) != contents[c.Path()] {
			t.Errorf("%s, new side: %q, %v; want %q", c.Path(), data, err, contents[c.Path()])
		}
	}
	if want := []string{"a.ipynb", "bin.ipynb", "empty.ipynb", "same.ipynb", "tail.ipynb"}; !slices.Equal(got, want) {
		t.Fatalf("changes %q, want %q", got, want)
	}
	missing := Entry{Path: "gone.ipynb", Hash: strings.Repeat("1", 40), Mode: "100644"}
	if _, err := r.Read(b, missing); err == nil || !strings.Contains(err.Error(), "gone.ipynb") || !strings.Contains(err.Error(), "missing") {
		t.Errorf("reading a missing blob: %v, want an error naming the file and saying missing", err)
	}
	// The reader goes on after a missing object.
	if data, err := r.Read(b, changes[0].To); err != nil || string(data) != contents["a.ipynb"] {
		t.Errorf("after a missing object: %q, %v", data, err)
	}
	if err := r.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
}

// TestWithoutGitOrStore checks what Open says on a machine without git
// when it has no Store either: outside a repository, ErrNotRepository
// (the commands then say to give two files); inside one, that reading it
// takes git.
func TestWithoutGitOrStore(t *testing.T) {
	dir, git := testenv.NewGitRepo(t)
	testenv.WriteFile(t, dir, "a.ipynb", "one\n")
	git("add", ".")
	git("commit", "-q", "-m", "one")
	noGit := filepath.Join(t.TempDir(), "no-git")
	if _, err := Open(t.TempDir(), Options{Git: noGit}); !errors.Is(err, ErrNotRepository) {
		t.Errorf("outside a repository: %v, want ErrNotRepository", err)
	}
	_, err := Open(dir, Options{Git: noGit})
	if err == nil || errors.Is(err, ErrNotRepository) || !strings.Contains(err.Error(), "takes the git command") {
		t.Errorf("inside a repository: %v, want an error saying it takes git", err)
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

// failingStore is a Store that can read nothing: every method fails.
type failingStore struct{}

func (failingStore) Name() string                           { return "failing" }
func (failingStore) Unborn() bool                           { return false }
func (failingStore) Tree(string) (string, error)            { return "", ErrUnsupported }
func (failingStore) MergeBase(string, string) (Side, error) { return Side{}, errors.New("no") }
func (failingStore) Blob(string) ([]byte, error)            { return nil, errors.New("no") }
func (failingStore) Lists(Side, Side, DiffOptions) (Listing, Listing, error) {
	return Listing{}, Listing{}, ErrUnsupported
}

// TestStoreFallsBack checks that where a Store fails, the git command
// answers: revisions, the merge base, the changes (Lists failing with
// ErrUnsupported) and the blobs, as without a Store; and that a Store
// that cannot open the repository leaves it to git.
func TestStoreFallsBack(t *testing.T) {
	dir, git := testenv.NewGitRepo(t)
	testenv.WriteFile(t, dir, "a.ipynb", "one\n")
	git("add", ".")
	git("commit", "-q", "-m", "one")
	testenv.WriteFile(t, dir, "a.ipynb", "two\n")
	git("commit", "-q", "-am", "two")
	opened := 0
	withFailing := Options{Store: func(gitDir, commonDir, root string) (Store, error) {
		opened++
		return failingStore{}, nil
	}}
	refusing := Options{Store: func(string, string, string) (Store, error) { return nil, errors.New("refused") }}
	for i, opts := range []Options{withFailing, refusing} {
		r, err := Open(dir, opts)
		if err != nil {
			t.Fatal(err)
		}
		if want := []string{"failing", "git"}[i]; r.Backend() != want {
			t.Fatalf("backend %q, want %q", r.Backend(), want)
		}
		a, err := r.Rev("HEAD~1")
		if want := git("rev-parse", "HEAD~1^{tree}"); err != nil || a.Hash != want {
			t.Fatalf("%s: Rev = %v, %v; want %s", r.Backend(), a, err, want)
		}
		b, err := r.MergeBase("HEAD", "HEAD~1")
		if err != nil || b != a {
			t.Errorf("%s: MergeBase = %v, %v; want %v", r.Backend(), b, err, a)
		}
		head, err := r.Head()
		if err != nil {
			t.Fatal(err)
		}
		changes, err := r.Diff(a, head, DiffOptions{})
		if err != nil || len(changes) != 1 || changes[0].Path() != "a.ipynb" {
			t.Fatalf("%s: Diff = %v, %v", r.Backend(), changes, err)
		}
		data, err := r.Read(head, changes[0].To)
		if err != nil || string(data) != "two\n" {
			t.Errorf("%s: Read = %q, %v", r.Backend(), data, err)
		}
		r.Close()
	}
	if opened != 1 {
		t.Errorf("the Store was opened %d times, want 1", opened)
	}
}
