package gogit

import (
	"bytes"
	"compress/zlib"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"

	"github.com/nbtools/nbdiff/internal/gitrepo"
	"github.com/nbtools/nbdiff/internal/testenv"
)

// Object kinds for FuzzDecodeObject.
const (
	kindTree byte = iota
	kindCommit
	kindTag
)

// objectRepo makes a repository with what trees and commits can hold:
// a gitlink (submodule), a symbolic link, an executable file, names that
// git quotes, nested directories, an annotated tag, a merge, and a commit
// with extra headers (encoding, a multi-line gpgsig, a mergetag). It
// returns the repository and its objects, by kind, as git cat-file prints
// them.
func objectRepo(t testing.TB) (string, func(args ...string) string, map[byte][][]byte) {
	dir, git := testenv.NewGitRepo(t)
	testenv.WriteFile(t, dir, "a.ipynb", "{}\n")
	testenv.WriteFile(t, dir, "deep/er/still/b.ipynb", "{}\n")
	testenv.WriteFile(t, dir, "tab\there \"q\" ü.ipynb", "x\n")
	testenv.WriteFile(t, dir, "run.sh", "#!/bin/sh\n")
	if err := os.Chmod(filepath.Join(dir, "run.sh"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("a.ipynb", filepath.Join(dir, "link.ipynb")); err != nil {
		t.Skipf("symlink: %v", err)
	}
	git("add", ".")
	git("update-index", "--add", "--cacheinfo", "160000,"+strings.Repeat("ab", 20)+",sub")
	git("commit", "-q", "-m", "one")
	git("tag", "-a", "-m", "tagged", "v1")
	git("checkout", "-q", "-b", "side")
	testenv.WriteFile(t, dir, "c.ipynb", "{}\n")
	git("add", ".")
	git("commit", "-q", "-m", "side")
	git("checkout", "-q", "main")
	git("merge", "-q", "--no-ff", "-m", "merge", "side")
	tag := git("cat-file", "tag", "v1")
	headers := fmt.Sprintf("tree %s\nparent %s\nauthor A <a@example.com> 1 +0000\ncommitter C <c@example.com> 1 +0000\n"+
		"encoding ISO-8859-1\nmergetag %s\ngpgsig -----BEGIN PGP SIGNATURE-----\n \n parent %s\n tree %s\n -----END PGP SIGNATURE-----\n\nsigned\n",
		git("rev-parse", "HEAD^{tree}"), git("rev-parse", "HEAD"), strings.ReplaceAll(tag, "\n", "\n "),
		strings.Repeat("0", 40), strings.Repeat("1", 40))
	hashObject := exec.Command("git", "hash-object", "-t", "commit", "-w", "--stdin")
	hashObject.Dir, hashObject.Env, hashObject.Stdin = dir, testenv.GitEnv(t), strings.NewReader(headers)
	out, err := hashObject.Output()
	if err != nil {
		t.Fatalf("git hash-object: %v", err)
	}
	git("update-ref", "refs/heads/signed", strings.TrimSpace(string(out)))
	objects := map[byte][][]byte{}
	for _, line := range strings.Split(git("rev-list", "--objects", "--all"), "\n") {
		h, _, _ := strings.Cut(line, " ")
		typ := git("cat-file", "-t", h)
		cmd := exec.Command("git", "cat-file", typ, h)
		cmd.Dir, cmd.Env = dir, testenv.GitEnv(t)
		data, err := cmd.Output()
		if err != nil {
			t.Fatalf("git cat-file %s %s: %v", typ, h, err)
		}
		switch typ {
		case "tree":
			objects[kindTree] = append(objects[kindTree], data)
		case "commit":
			objects[kindCommit] = append(objects[kindCommit], data)
		}
	}
	for _, ref := range []string{"v1"} {
		objects[kindTag] = append(objects[kindTag], []byte(git("cat-file", "tag", ref)+"\n"))
	}
	return dir, git, objects
}

// encodeTree writes entries as a tree object, with git's modes.
func encodeTree(entries []treeEntry) []byte {
	var b bytes.Buffer
	for _, e := range entries {
		fmt.Fprintf(&b, "%o %s\x00", uint32(e.Mode), e.Name)
		b.Write(e.Hash[:])
	}
	return b.Bytes()
}

// FuzzDecodeObject checks that no bytes make the decoders panic, and that
// what they decode survives a round trip: a tree re-encoded decodes to the
// same entries; a commit's or tag's hashes are those of its first lines.
func FuzzDecodeObject(f *testing.F) {
	_, _, objects := objectRepo(f)
	for kind, list := range objects {
		for _, data := range list {
			f.Add(kind, data)
		}
	}
	f.Add(kindTree, []byte("100644 a\x00short"))
	f.Add(kindCommit, []byte("author x\ntree "+strings.Repeat("a", 40)+"\n"))
	f.Fuzz(func(t *testing.T, kind byte, data []byte) {
		var h plumbing.Hash
		switch kind % 3 {
		case kindTree:
			entries, err := decodeTree(h, data)
			if err != nil {
				return
			}
			for _, e := range entries {
				if e.Name == "" || strings.ContainsAny(e.Name, "/\x00") || canonMode(uint32(e.Mode)) != e.Mode {
					t.Fatalf("decoded entry %+v", e)
				}
			}
			again, err := decodeTree(h, encodeTree(entries))
			if err != nil || fmt.Sprint(again) != fmt.Sprint(entries) {
				t.Fatalf("round trip: %v, %v; want %v", again, err, entries)
			}
		case kindCommit:
			c, err := decodeCommit(h, data)
			if err != nil {
				return
			}
			var b strings.Builder
			fmt.Fprintf(&b, "tree %s\n", c.Tree)
			for _, p := range c.Parents {
				fmt.Fprintf(&b, "parent %s\n", p)
			}
			if !bytes.HasPrefix(data, []byte(b.String())) {
				t.Fatalf("commit %+v does not begin %q", c, data)
			}
		case kindTag:
			target, err := decodeTag(h, data)
			if err == nil && !bytes.HasPrefix(data, []byte("object "+target.String())) {
				t.Fatalf("tag target %s does not begin %q", target, data)
			}
		}
	})
}

// TestDecodeRealObjects checks the decoders against git's own view of the
// objects of a repository with gitlinks, links, executables, quoted names
// and commits with extra headers.
func TestDecodeRealObjects(t *testing.T) {
	_, git, objects := objectRepo(t)
	for _, data := range objects[kindTree] {
		entries, err := decodeTree(plumbing.ZeroHash, data)
		if err != nil {
			t.Fatalf("tree %q: %v", data, err)
		}
		if !bytes.Equal(encodeTree(entries), data) {
			t.Errorf("tree %q: re-encoded differs", data)
		}
	}
	for _, data := range objects[kindCommit] {
		c, err := decodeCommit(plumbing.ZeroHash, data)
		if err != nil {
			t.Fatalf("commit %q: %v", data, err)
		}
		h := plumbing.ComputeHash(plumbing.CommitObject, data).String()
		if want := git("rev-parse", h+"^{tree}"); c.Tree.String() != want {
			t.Errorf("commit %s: tree %s, want %s", h, c.Tree, want)
		}
		var parents []string
		for _, p := range c.Parents {
			parents = append(parents, p.String())
		}
		want := strings.Fields(git("rev-list", "--parents", "-n", "1", h))[1:]
		if strings.Join(parents, " ") != strings.Join(want, " ") {
			t.Errorf("commit %s: parents %v, want %v", h, parents, want)
		}
	}
	modes := map[string]filemode.FileMode{}
	for _, data := range objects[kindTree] {
		entries, _ := decodeTree(plumbing.ZeroHash, data)
		for _, e := range entries {
			modes[e.Name] = e.Mode
		}
	}
	for name, want := range map[string]filemode.FileMode{
		"sub": filemode.Submodule, "link.ipynb": filemode.Symlink, "run.sh": filemode.Executable,
		"a.ipynb": filemode.Regular, "deep": filemode.Dir, "tab\there \"q\" ü.ipynb": filemode.Regular,
	} {
		if modes[name] != want {
			t.Errorf("%q: mode %o, want %o", name, modes[name], want)
		}
	}
}

// TestDecodeMalformed checks that malformed objects are errors, and that
// modes are made canonical as git makes them.
func TestDecodeMalformed(t *testing.T) {
	hash := strings.Repeat("\x01", 20)
	hex := strings.Repeat("ab", 20)
	for _, tc := range []struct {
		name, data string
		want       string // entries as "MODE NAME ...", or "error"
	}{
		{"empty tree", "", ""},
		{"one file", "100644 a\x00" + hash, "100644 a"},
		{"truncated hash", "100644 a\x00" + hash[:19], "error"},
		{"missing NUL", "100644 a" + hash, "error"},
		{"NUL before space", "100644\x00a " + hash, "error"},
		{"no mode", " a\x00" + hash, "error"},
		{"empty name", "100644 \x00" + hash, "error"},
		{"dot name", "40000 .\x00" + hash, "error"},
		{"dot-dot name", "40000 ..\x00" + hash, "error"},
		{"slash in name", "100644 a/b\x00" + hash, "error"},
		{"mode not octal", "100648 a\x00" + hash, "error"},
		{"mode signed", "+100644 a\x00" + hash, "error"},
		{"mode too big", "777777777777 a\x00" + hash, "error"},
		{"group-writable file", "100664 a\x00" + hash, "100644 a"},
		{"odd executable", "100711 a\x00" + hash, "100755 a"},
		{"zero-padded dir", "040000 d\x00" + hash, "40000 d"},
		{"symlink with bits", "120777 l\x00" + hash, "120000 l"},
		{"gitlink", "160000 s\x00" + hash, "160000 s"},
		{"unknown type is a gitlink", "644 s\x00" + hash, "160000 s"},
		{"two entries, quoted names", "100755 x\ty\x00" + hash + "120000 \"ü\x00" + hash, "100755 x\ty 120000 \"ü"},
	} {
		entries, err := decodeTree(plumbing.ZeroHash, []byte(tc.data))
		var got []string
		for _, e := range entries {
			got = append(got, fmt.Sprintf("%o %s", uint32(e.Mode), e.Name))
		}
		if err != nil {
			got = []string{"error"}
		}
		if strings.Join(got, " ") != tc.want {
			t.Errorf("tree %s: %q, want %q (error %v)", tc.name, got, tc.want, err)
		}
	}
	for _, tc := range []struct{ name, data, want string }{
		{"no tree line", "author a\n\nmsg\n", "error"},
		{"tree not first", "author a\ntree " + hex + "\n", "error"},
		{"short tree hash", "tree " + hex[:39] + "\n", "error"},
		{"upper-case tree hash", "tree " + strings.ToUpper(hex) + "\n", "error"},
		// Found by FuzzDecodeObject: git requires the newline.
		{"tree line without newline", "tree " + hex, "error"},
		{"tree only", "tree " + hex + "\n", hex},
		{"parent line without newline", "tree " + hex + "\nparent " + hex, "error"},
		{"short parent hash", "tree " + hex + "\nparent " + hex[:38] + "\n", "error"},
		{"parents", "tree " + hex + "\nparent " + hex + "\nparent " + hex + "\nauthor a\n", hex + " " + hex + " " + hex},
		{"parent after author is not read", "tree " + hex + "\nauthor a\nparent " + hex + "\n", hex},
		{"parent in a gpgsig", "tree " + hex + "\ngpgsig x\n parent " + hex + "\n", hex},
	} {
		c, err := decodeCommit(plumbing.ZeroHash, []byte(tc.data))
		got := "error"
		if err == nil {
			got = c.Tree.String()
			for _, p := range c.Parents {
				got += " " + p.String()
			}
		}
		if got != tc.want {
			t.Errorf("commit %s: %q, want %q", tc.name, got, tc.want)
		}
	}
	if _, err := decodeTag(plumbing.ZeroHash, []byte("type commit\nobject "+hex+"\n")); err == nil {
		t.Errorf("tag without object line first: no error")
	}
}

// writeLoose stores data as loose object h of type typ in repository dir,
// whatever h is: a corrupt repository.
func writeLoose(t *testing.T, dir string, h plumbing.Hash, typ string, data []byte) {
	t.Helper()
	writeLooseSized(t, dir, h, typ, len(data), data)
}

// writeLooseSized is writeLoose with the size its header gives, whatever
// data's is.
func writeLooseSized(t *testing.T, dir string, h plumbing.Hash, typ string, size int, data []byte) {
	t.Helper()
	var b bytes.Buffer
	z := zlib.NewWriter(&b)
	fmt.Fprintf(z, "%s %d\x00", typ, size)
	z.Write(data)
	z.Close()
	p := filepath.Join(dir, ".git", "objects", h.String()[:2], h.String()[2:])
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, b.Bytes(), 0o444); err != nil {
		t.Fatal(err)
	}
}

// TestTreeContainsItself checks that a corrupt tree that names itself as
// a subtree is an error, not endless recursion (a fatal stack overflow),
// and that deep but finite trees are walked.
func TestTreeContainsItself(t *testing.T) {
	dir, git := testenv.NewGitRepo(t)
	testenv.WriteFile(t, dir, "a.ipynb", "{}\n")
	git("add", ".")
	git("commit", "-q", "-m", "one")
	self := plumbing.NewHash(strings.Repeat("5e", 20))
	writeLoose(t, dir, self, "tree", []byte("40000 d\x00"+string(self[:])))
	_, s := openStore(t, dir, gitrepo.Options{})
	_, _, err := s.Lists(gitrepo.Side{Kind: gitrepo.Tree, Hash: gitrepo.EmptyTree}, gitrepo.Side{Kind: gitrepo.Tree, Hash: self.String()}, gitrepo.DiffOptions{})
	if !errors.Is(err, gitrepo.ErrUnsupported) || !strings.Contains(err.Error(), "deeper than") {
		t.Errorf("tree that contains itself: error %v, want gitrepo.ErrUnsupported for depth", err)
	}
	// A chain of 100 trees, the innermost holding a.ipynb.
	h := plumbing.NewHash(git("rev-parse", "HEAD^{tree}"))
	for range 100 {
		h = plumbing.ComputeHash(plumbing.TreeObject, []byte("40000 d\x00"+string(h[:])))
	}
	inner := plumbing.NewHash(git("rev-parse", "HEAD^{tree}"))
	for range 100 {
		data := []byte("40000 d\x00" + string(inner[:]))
		inner = plumbing.ComputeHash(plumbing.TreeObject, data)
		writeLoose(t, dir, inner, "tree", data)
	}
	la, lb, err := s.Lists(gitrepo.Side{Kind: gitrepo.Tree, Hash: gitrepo.EmptyTree}, gitrepo.Side{Kind: gitrepo.Tree, Hash: h.String()}, gitrepo.DiffOptions{})
	if _, ok := lb.Files[strings.Repeat("d/", 100)+"a.ipynb"]; err != nil || len(la.Files) != 0 || len(lb.Files) != 1 || !ok {
		t.Errorf("deep tree: %v, %v, %v", la.Files, lb.Files, err)
	}
}

// TestObjectSizeCap checks that a tree over maxObjectSize is refused, also
// when the size in its header claims less.
func TestObjectSizeCap(t *testing.T) {
	dir, git := testenv.NewGitRepo(t)
	testenv.WriteFile(t, dir, "a.ipynb", "{}\n")
	git("add", ".")
	git("commit", "-q", "-m", "one")
	_, s := openStore(t, dir, gitrepo.Options{})
	big := bytes.Repeat([]byte("100644 a\x00"+strings.Repeat("\x01", 20)), maxObjectSize/29+1)
	for _, header := range []int{len(big), 29} {
		h := plumbing.NewHash(fmt.Sprintf("%040x", header))
		writeLooseSized(t, dir, h, "tree", header, big)
		if _, err := s.getTree(h); err == nil || !strings.Contains(err.Error(), "too large") {
			t.Errorf("tree of %d bytes, header %d: error %v, want too large", len(big), header, err)
		}
	}
}

// TestBackendsAgreeOnModes checks that go-git and the git command report
// the same changes for executable bits, symbolic links, gitlinks
// (submodules, which have no file and are left out), names git quotes,
// and a tree with an old group-writable mode (100664), which git reads as
// 100644.
func TestBackendsAgreeOnModes(t *testing.T) {
	dir, git, _ := objectRepo(t)
	if err := os.Chmod(filepath.Join(dir, "a.ipynb"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(filepath.Join(dir, "run.sh"), 0o644); err != nil {
		t.Fatal(err)
	}
	os.Remove(filepath.Join(dir, "link.ipynb"))
	if err := os.Symlink("c.ipynb", filepath.Join(dir, "link.ipynb")); err != nil {
		t.Fatal(err)
	}
	testenv.WriteFile(t, dir, "tab\there \"q\" ü.ipynb", "y\n")
	git("add", ".")
	git("update-index", "--add", "--cacheinfo", "160000,"+strings.Repeat("cd", 20)+",sub")
	git("update-index", "--add", "--cacheinfo", "160000,"+strings.Repeat("ef", 20)+",sub2.ipynb")
	git("commit", "-q", "-m", "modes")
	testenv.WriteFile(t, dir, "c.ipynb", "changed\n")
	os.Remove(filepath.Join(dir, "link.ipynb"))
	testenv.WriteFile(t, dir, "link.ipynb", "now a file\n")
	blob := plumbing.NewHash(git("rev-parse", "HEAD:a.ipynb"))
	var trees [2]plumbing.Hash
	for i, mode := range []string{"100644", "100664"} {
		data := []byte(mode + " x.ipynb\x00" + string(blob[:]))
		trees[i] = plumbing.ComputeHash(plumbing.TreeObject, data)
		writeLoose(t, dir, trees[i], "tree", data)
	}

	open := func() (gg, gc *gitrepo.Repo) {
		return mustOpen(t, dir, gitrepo.Options{Store: Open}, "go-git"), mustOpen(t, dir, gitrepo.Options{Store: Open, GitCommand: true}, "git")
	}
	gg, gc := open()
	sides := func(r *gitrepo.Repo) map[string][2]gitrepo.Side {
		one, two := mustRev(t, r, "HEAD~1"), mustRev(t, r, "HEAD")
		return map[string][2]gitrepo.Side{
			"commits":       {one, two},
			"empty-to-one":  {{Kind: gitrepo.Tree, Hash: gitrepo.EmptyTree}, one},
			"head-worktree": {two, gitrepo.WorktreeSide},
			"old mode":      {{Kind: gitrepo.Tree, Hash: trees[0].String()}, {Kind: gitrepo.Tree, Hash: trees[1].String()}},
		}
	}
	compare(t, gg, gc, sides(gg), sides(gc))
	sg := sides(gg)
	checkChanges(t, "changes between the commits", gg, sg["commits"][0], sg["commits"][1],
		"a.ipynb 100644 -> a.ipynb 100755",
		"link.ipynb 120000 -> link.ipynb 120000",
		"run.sh 100755 -> run.sh 100644",
		"tab\there \"q\" ü.ipynb 100644 -> tab\there \"q\" ü.ipynb 100644")
	checkChanges(t, "changes in the working tree", gg, sg["head-worktree"][0], sg["head-worktree"][1],
		"c.ipynb 100644 -> c.ipynb 100644", "link.ipynb 120000 -> link.ipynb 100644")

	// With core.fileMode false, executable bits in the working tree are
	// not changes.
	git("config", "core.fileMode", "false")
	if err := os.Chmod(filepath.Join(dir, "c.ipynb"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(filepath.Join(dir, "a.ipynb"), 0o644); err != nil {
		t.Fatal(err)
	}
	gg, gc = open()
	compare(t, gg, gc, sides(gg), sides(gc))
}

// TestReplacedObjects checks that a repository with replace refs (git
// replace), which go-git does not honour, and an environment naming
// another index are read with the git command, and that go-git is used
// again when GIT_NO_REPLACE_OBJECTS turns replacement off.
func TestReplacedObjects(t *testing.T) {
	dir, git := testenv.NewGitRepo(t)
	testenv.WriteFile(t, dir, "a.ipynb", "one\n")
	git("add", ".")
	git("commit", "-q", "-m", "one")
	testenv.WriteFile(t, dir, "a.ipynb", "two\n")
	git("commit", "-q", "-am", "two")
	open := func() *gitrepo.Repo {
		r, err := gitrepo.Open(dir, gitrepo.Options{Store: Open})
		t.Cleanup(func() { closeRepo(r) })
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	if b := open().Backend(); b != "go-git" {
		t.Fatalf("backend %q, want go-git", b)
	}
	t.Setenv("GIT_INDEX_FILE", filepath.Join(dir, ".git", "other-index"))
	if b := open().Backend(); b != "git" {
		t.Errorf("with GIT_INDEX_FILE: backend %q, want git", b)
	}
	os.Unsetenv("GIT_INDEX_FILE")
	git("replace", git("rev-parse", "HEAD:a.ipynb"), git("rev-parse", "HEAD~1:a.ipynb"))
	for _, packed := range []bool{false, true} {
		if packed {
			git("pack-refs", "--all")
		}
		r := open()
		if r.Backend() != "git" {
			t.Errorf("with replace refs (packed %v): backend %q, want git", packed, r.Backend())
		}
		data, err := r.Read(mustRev(t, r, "HEAD"), gitrepo.Entry{Path: "a.ipynb", Hash: git("rev-parse", "HEAD:a.ipynb")})
		if err != nil || string(data) != "one\n" {
			t.Errorf("replaced blob: %q, %v; want the replacement", data, err)
		}
	}
	t.Setenv("GIT_NO_REPLACE_OBJECTS", "1")
	if b := open().Backend(); b != "go-git" {
		t.Errorf("with GIT_NO_REPLACE_OBJECTS: backend %q, want go-git", b)
	}
}
