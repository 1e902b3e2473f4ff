// Package gitrepo reads what nbdiff needs from a git repository: revisions,
// trees, the index, blobs and the working tree, and the list of files that
// changed between two of them, with renames followed.
//
// It reads with the git command (rev-parse, diff-tree, diff-index,
// diff-files, and one cat-file --batch for the blobs), or, where a Store
// is given (Options.Store), in-process where the Store can: package
// gogit reads objects, references and the index through go-git's storage
// packages and resolves simple revisions (names, full hashes, ~N and ^N).
// The Store is a package of its own so that a program that reads
// repositories with git alone links no git library: nbdiff, which git
// starts once per file, leaves go-git out (its package initialisation
// and memory), nbdiff-html links it. With a Store, the git command still
// answers where go-git would refuse a repository (any repository
// extension, such as extensions.worktreeConfig of sparse checkouts, or an
// index it cannot decode), for revision syntax beyond the simple
// (HEAD@{1}, REV:path, REV^{tree}, short hashes), for several merge bases,
// and for repositories whose objects git would read otherwise than
// go-git (replace refs, grafts, GIT_INDEX_FILE, GIT_OBJECT_DIRECTORY and
// the like in the environment). Both ways give the same answers.
//
// Nothing here writes to the repository: the index is never refreshed, so a
// file whose timestamps changed may be reported as changed although its
// content did not; callers compare content anyway.
package gitrepo

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/nbtools/nbdiff/internal/gitcmd"
)

// ErrNotRepository is returned by Open when dir is not inside a git
// repository.
var ErrNotRepository = errors.New("gitrepo: not a git repository")

// EmptyTree is the hash of git's empty tree (SHA-1 repositories).
const EmptyTree = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"

// Options configures Open. The zero value reads with the git command.
type Options struct {
	// GitCommand makes the repository read with the git command only.
	GitCommand bool
	// Git is the git program to run; "" means "git" from PATH.
	Git string
	// Store opens the reader that reads the repository in-process where
	// it can (gogit.Open); nil reads it with the git command alone. (The
	// reader is a separate package so that a program that only runs the
	// git command links no git library.)
	Store OpenStore
}

// A Store reads a repository in-process, without running git: its
// objects, references and index (package gogit, with go-git). Where a
// method fails, the git command answers instead (for Lists only when it
// fails with ErrUnsupported; with no git command, nothing does): a Store
// never has to know every repository git reads.
type Store interface {
	// Name names the reader, as Backend reports it.
	Name() string
	// Unborn reports whether HEAD names a branch with no commit yet.
	Unborn() bool
	// Tree resolves a simple revision (see simpleRev) to its tree's hash.
	Tree(rev string) (string, error)
	// MergeBase returns the tree of the best common ancestor of simple
	// revisions a and b when there is exactly one.
	MergeBase(a, b string) (Side, error)
	// Blob returns the content of the blob with hex hash.
	Blob(hash string) ([]byte, error)
	// Lists returns the files of sides a and b that opts wants (a is
	// never the working tree); where both are trees it may leave out
	// what the two share.
	Lists(a, b Side, opts DiffOptions) (la, lb Listing, err error)
}

// OpenStore opens a Store for the repository whose git directory is
// gitDir, with commonDir its shared part (objects, refs: gitDir itself
// but in a linked worktree) and root the top of its working tree. An
// error wrapping ErrNotRepository says gitDir is no repository (no HEAD);
// any other that the Store cannot read this one.
type OpenStore func(gitDir, commonDir, root string) (Store, error)

// A Listing is the files of one side that DiffOptions wants, by path;
// Unmerged holds the paths with conflict stages.
type Listing struct {
	Files    map[string]Entry
	Unmerged map[string]bool
}

// A Repo is an open repository with a working tree.
type Repo struct {
	root  string        // top of the working tree, absolute
	st    Store         // nil: read with the git command
	batch *gitcmd.Batch // git cat-file --batch, once a blob was read with git
	git   string
	noGit bool // there is no git command: the Store alone reads
}

// Open opens the repository that holds dir (dir or one of its parents, as
// git finds it; linked worktrees included). It returns ErrNotRepository
// when there is none. A bare repository is refused: nbdiff needs a working
// tree. Close the Repo when done: reading blobs with git leaves a git
// process running.
func Open(dir string, opts Options) (*Repo, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("gitrepo: %w", err)
	}
	r := &Repo{git: opts.Git}
	if r.git == "" {
		r.git = "git"
	}
	// git itself is the authority on where the working tree and the git
	// directories are (it knows GIT_DIR, GIT_WORK_TREE, .git files and
	// safe.directory).
	out, err := r.run(abs, "rev-parse", "--show-toplevel", "--git-dir", "--git-common-dir")
	if err != nil {
		if _, lookErr := exec.LookPath(r.git); lookErr != nil && !opts.GitCommand {
			if opts.Store != nil {
				return openStoreOnly(r, abs, opts.Store)
			}
			if _, _, err := findGitDir(abs); err != nil {
				return nil, err
			}
			return nil, fmt.Errorf("reading a git repository takes the git command: %w", lookErr)
		}
		// git refusing a repository it found (one owned by another
		// user: safe.directory; a bare one) says why and what to do,
		// where "not a git repository" would hide it.
		var ge *gitcmd.Error
		if errors.As(err, &ge) && !strings.Contains(ge.Stderr, "not a git repository") {
			if strings.Contains(ge.Stderr, "must be run in a work tree") {
				return nil, fmt.Errorf("gitrepo: %s is in a bare repository, which has no working tree: run nbdiff in a clone with one", abs)
			}
			return nil, fmt.Errorf("gitrepo: %s", strings.TrimPrefix(strings.TrimSpace(ge.Stderr), "fatal: "))
		}
		return nil, ErrNotRepository
	}
	lines := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	if len(lines) != 3 || lines[0] == "" {
		return nil, ErrNotRepository
	}
	r.root = lines[0]
	if opts.GitCommand || opts.Store == nil || gitEnvRedirects() {
		return r, nil
	}
	gitDir, commonDir := lines[1], lines[2]
	if !filepath.IsAbs(gitDir) {
		gitDir = filepath.Join(abs, gitDir)
	}
	if !filepath.IsAbs(commonDir) {
		commonDir = filepath.Join(abs, commonDir)
	}
	if replacesObjects(commonDir) {
		return r, nil // go-git would read the objects git replaces
	}
	if st, err := opts.Store(gitDir, commonDir, r.root); err == nil {
		r.st = st
	} // else the Store cannot read this repository: use the git command
	return r, nil
}

// gitEnvRedirects reports whether the environment tells git to read
// another repository, index or object store than go-git would find (as in
// a hook that git commit runs with GIT_INDEX_FILE).
func gitEnvRedirects() bool {
	for _, v := range []string{
		"GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY",
		"GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_COMMON_DIR", "GIT_REPLACE_REF_BASE", "GIT_GRAFT_FILE",
	} {
		if os.Getenv(v) != "" {
			return true
		}
	}
	return false
}

// replacesObjects reports whether git would read some objects of the
// repository with common directory commonDir as others: replace refs
// (git replace) or a grafts file, which go-git ignores.
func replacesObjects(commonDir string) bool {
	if _, err := os.Stat(filepath.Join(commonDir, "info", "grafts")); err == nil {
		return true
	}
	if os.Getenv("GIT_NO_REPLACE_OBJECTS") != "" {
		return false
	}
	if entries, err := os.ReadDir(filepath.Join(commonDir, "refs", "replace")); err == nil && len(entries) > 0 {
		return true
	}
	packed, err := os.ReadFile(filepath.Join(commonDir, "packed-refs"))
	return err == nil && bytes.Contains(packed, []byte(" refs/replace/"))
}

// openStoreOnly opens the repository around dir with a Store alone, for
// a machine without git: it finds the .git directory (or .git file) in
// dir or the nearest parent that has one. Revision syntax beyond
// simpleRev's and repositories the Store refuses then fail.
func openStoreOnly(r *Repo, dir string, open OpenStore) (*Repo, error) {
	root, gitDir, err := findGitDir(dir)
	if err != nil {
		return nil, err
	}
	commonDir := gitDir
	if b, err := os.ReadFile(filepath.Join(gitDir, "commondir")); err == nil {
		commonDir = strings.TrimSpace(string(b))
		if !filepath.IsAbs(commonDir) {
			commonDir = filepath.Join(gitDir, commonDir)
		}
	}
	st, err := open(gitDir, commonDir, root)
	if errors.Is(err, ErrNotRepository) {
		return nil, ErrNotRepository
	}
	if err != nil {
		return nil, fmt.Errorf("%w (and no git command to fall back to)", err)
	}
	r.st, r.root, r.noGit = st, root, true
	return r, nil
}

// findGitDir returns the top of the working tree holding dir and its git
// directory: the nearest of dir and its parents with a .git directory, or
// a .git file saying "gitdir: PATH". It returns ErrNotRepository when
// there is none.
func findGitDir(dir string) (root, gitDir string, err error) {
	for d := dir; ; {
		p := filepath.Join(d, ".git")
		fi, err := os.Stat(p)
		switch {
		case err == nil && fi.IsDir():
			return d, p, nil
		case err == nil:
			b, err := os.ReadFile(p)
			if err != nil {
				return "", "", fmt.Errorf("gitrepo: %w", err)
			}
			line, _, _ := strings.Cut(string(b), "\n")
			g, ok := strings.CutPrefix(strings.TrimSpace(line), "gitdir:")
			g = strings.TrimSpace(g)
			if !ok || g == "" {
				return "", "", fmt.Errorf("gitrepo: %s: not a gitdir file", p)
			}
			if !filepath.IsAbs(g) {
				g = filepath.Join(d, g)
			}
			return d, g, nil
		}
		parent := filepath.Dir(d)
		if parent == d {
			return "", "", ErrNotRepository
		}
		d = parent
	}
}

// Root returns the absolute path of the top of the working tree.
func (r *Repo) Root() string { return r.root }

// Backend returns the name of the Store that reads this repository
// ("go-git"), or "git" for the git command.
func (r *Repo) Backend() string {
	if r.st != nil {
		return r.st.Name()
	}
	return "git"
}

// run runs git in dir with args and returns its stdout; a failure carries
// git's stderr.
func (r *Repo) run(dir string, args ...string) ([]byte, error) {
	return r.runInput(dir, "", args...)
}

// runInput is run with input on the command's standard input.
func (r *Repo) runInput(dir, input string, args ...string) ([]byte, error) {
	out, err := gitcmd.RunWith(r.git, dir, input, args...)
	var ge *gitcmd.Error
	if err != nil && !errors.As(err, &ge) {
		return nil, fmt.Errorf("git %s: %w", strings.Join(args, " "), err)
	}
	if err != nil {
		return nil, err
	}
	return out, nil
}

// A SideKind says what a Side is.
type SideKind int

const (
	// Tree is a tree object (a revision's tree, or the empty tree).
	Tree SideKind = iota
	// Index is the index (staging area).
	Index
	// Worktree is the working tree.
	Worktree
)

// A Side is one side of a comparison.
type Side struct {
	Kind SideKind
	// Hash is the tree's hash when Kind is Tree.
	Hash string
}

// IndexSide and WorktreeSide are the index and the working tree.
var (
	IndexSide    = Side{Kind: Index}
	WorktreeSide = Side{Kind: Worktree}
)

// An Entry is a file on one side of a change. Path is "" when the file is
// absent on that side. Hash is the blob's hex hash, "" for a working-tree
// file whose hash was not computed. Mode is git's octal mode ("100644").
type Entry struct {
	Path, Hash, Mode string
}

// Absent reports whether the entry stands for a missing file.
func (e Entry) Absent() bool { return e.Path == "" }

// A Change is a file that differs between two sides: added (From absent),
// deleted (To absent), modified or renamed (paths differ). Unmerged marks a
// path with conflict stages in the index; its entries are not meaningful.
type Change struct {
	From, To Entry
	Unmerged bool
}

// Path returns the path the change is known by: the new path, or the old
// one for a deletion.
func (c Change) Path() string {
	if c.To.Path != "" {
		return c.To.Path
	}
	return c.From.Path
}

// DiffOptions selects which files Diff reports. The zero value reports
// every changed file.
type DiffOptions struct {
	// Paths limits the diff to these paths, relative to the top of the
	// working tree with "/" separators: a file, or a directory and all it
	// holds, or a pattern with *, ? or [...], which, as in git's
	// pathspecs, is matched against the whole path, a * matching "/" too
	// ("*.ipynb" is every notebook, "sub/*" all below sub). Empty means
	// everything. Unlike git's pathspecs they apply after rename
	// detection: a file moved into a directory given here is a rename,
	// not an addition.
	Paths []string
	// Match, when not nil, limits the diff to files whose path (on either
	// side of a change) it accepts.
	Match func(path string) bool
}

// Wants reports whether the diff is to report the file at path.
func (o DiffOptions) Wants(path string) bool {
	if path == "" {
		return false
	}
	if o.Match != nil && !o.Match(path) {
		return false
	}
	if len(o.Paths) == 0 {
		return true
	}
	for _, p := range o.Paths {
		p = strings.TrimSuffix(p, "/")
		if p == "" || p == "." || path == p || strings.HasPrefix(path, p+"/") {
			return true
		}
		if re := globPattern(p); re != nil && re.MatchString(path) {
			return true
		}
	}
	return false
}

// globs holds the regular expressions of the patterns globPattern has
// translated (Wants asks for each path of each change).
var globs sync.Map // string -> *regexp.Regexp (nil: no pattern)

// globPattern returns, for a path with a wildcard (*, ? or [...]), the
// regular expression that matches what git's pathspec matches (fnmatch
// without FNM_PATHNAME: * and ? match "/" too), and nil for a plain path
// or a bracket left open. Go's path.Match stops * at "/", so it is
// translated here; patterns are few and short.
func globPattern(p string) *regexp.Regexp {
	if !strings.ContainsAny(p, "*?[") {
		return nil
	}
	if re, ok := globs.Load(p); ok {
		return re.(*regexp.Regexp)
	}
	re := translateGlob(p)
	globs.Store(p, re)
	return re
}

// translateGlob is globPattern's translation.
func translateGlob(p string) *regexp.Regexp {
	var b strings.Builder
	b.WriteString("^")
	for i := 0; i < len(p); i++ {
		switch c := p[i]; c {
		case '*':
			b.WriteString(".*")
		case '?':
			b.WriteString(".")
		case '\\':
			if i+1 < len(p) {
				i++
				b.WriteString(regexp.QuoteMeta(p[i : i+1]))
			}
		case '[':
			end := strings.IndexByte(p[i+1:], ']')
			if end == 0 && i+2 < len(p) { // "[]...]": the ] is a member
				end = 1 + strings.IndexByte(p[i+2:], ']')
			}
			if end < 0 {
				return nil
			}
			class := p[i+1 : i+1+end]
			if strings.HasPrefix(class, "!") {
				class = "^" + class[1:]
			}
			b.WriteString("[" + strings.ReplaceAll(class, `\`, `\\`) + "]")
			i += 1 + end
		default:
			b.WriteString(regexp.QuoteMeta(string(c)))
		}
	}
	b.WriteString("$")
	re, err := regexp.Compile(b.String())
	if err != nil {
		return nil
	}
	return re
}

func (o DiffOptions) keep(c Change) bool { return o.Wants(c.From.Path) || o.Wants(c.To.Path) }

// Diff returns the files that differ from a to b, sorted by path (the new
// path for renames), with renames detected. The working tree may only be
// b; the index may be a or b.
func (r *Repo) Diff(a, b Side, opts DiffOptions) ([]Change, error) {
	if a.Kind == Worktree || (a.Kind == Index && b.Kind == Tree) || (a.Kind == b.Kind && a.Kind != Tree) {
		return nil, fmt.Errorf("gitrepo: diff: unsupported comparison")
	}
	var changes []Change
	var err error
	match := DiffOptions{Match: opts.Match} // Paths apply after renames
	if r.st != nil {
		changes, err = r.diffStore(a, b, match)
		if errors.Is(err, ErrUnsupported) {
			changes, err = r.diffGit(a, b, match)
		}
	} else {
		changes, err = r.diffGit(a, b, match)
	}
	if err != nil {
		return nil, err
	}
	kept := changes[:0]
	for _, c := range changes {
		if opts.keep(c) {
			kept = append(kept, c)
		}
	}
	sort.SliceStable(kept, func(i, j int) bool { return kept[i].Path() < kept[j].Path() })
	return kept, nil
}

// ErrUnsupported marks a failure of a Store that the git command handles.
var ErrUnsupported = errors.New("gitrepo: the in-process reader cannot read this")

// diffStore lists the changes from a to b with the Store.
func (r *Repo) diffStore(a, b Side, opts DiffOptions) ([]Change, error) {
	from, to, err := r.st.Lists(a, b, opts)
	if err != nil {
		return nil, err
	}
	return r.detectRenames(diffListings(from, to), a, b), nil
}

// Read returns the content of entry e of side s: a blob, or the file in the
// working tree (raw, as on disk; a symbolic link gives its target).
func (r *Repo) Read(s Side, e Entry) ([]byte, error) {
	if e.Absent() {
		return nil, nil
	}
	if s.Kind == Worktree {
		p := filepath.Join(r.root, filepath.FromSlash(e.Path))
		if fi, err := os.Lstat(p); err == nil && fi.Mode()&os.ModeSymlink != 0 {
			t, err := os.Readlink(p)
			return []byte(t), err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return nil, fmt.Errorf("gitrepo: %w", err)
		}
		return data, nil
	}
	if r.st != nil {
		if data, err := r.st.Blob(e.Hash); err == nil {
			return data, nil
		}
	}
	if r.batch == nil {
		b, err := gitcmd.StartBatch(r.git, r.root)
		if err != nil {
			return nil, fmt.Errorf("gitrepo: read %s: %w", e.Path, err)
		}
		r.batch = b
	}
	out, err := r.batch.Read(e.Hash, "blob")
	if err != nil {
		return nil, fmt.Errorf("gitrepo: read %s: %w", e.Path, err)
	}
	return out, nil
}

// Close ends the git process that reads blobs, if one was started.
func (r *Repo) Close() error {
	if r.batch == nil {
		return nil
	}
	return r.batch.Close()
}

// Rev resolves a revision to the tree it names: a commit (through tags), or
// any tree-ish git accepts (HEAD@{1}, REV^{tree}, REV:dir).
func (r *Repo) Rev(rev string) (Side, error) {
	if rev == EmptyTree {
		return Side{Kind: Tree, Hash: EmptyTree}, nil
	}
	if r.st != nil && simpleRev(rev) {
		if h, err := r.st.Tree(rev); err == nil {
			return Side{Kind: Tree, Hash: h}, nil
		}
	}
	if r.noGit {
		if !simpleRev(rev) {
			return Side{}, fmt.Errorf("gitrepo: revision %q: without the git command only names, full hashes and ~N, ^N suffixes are understood", rev)
		}
		return Side{}, fmt.Errorf("gitrepo: unknown revision %q", rev)
	}
	// Resolve first, then peel: "REV:dir^{tree}" would name a path.
	out, err := r.run(r.root, "rev-parse", "--verify", "--quiet", "--end-of-options", rev)
	if err == nil {
		out, err = r.run(r.root, "rev-parse", "--verify", "--quiet", strings.TrimSpace(string(out))+"^{tree}")
	}
	if err != nil {
		return Side{}, fmt.Errorf("gitrepo: unknown revision %q", rev)
	}
	return Side{Kind: Tree, Hash: strings.TrimSpace(string(out))}, nil
}

// IsRev reports whether rev names a revision of the repository.
func (r *Repo) IsRev(rev string) bool {
	_, err := r.Rev(rev)
	return err == nil
}

// Head returns the tree of HEAD, or the empty tree on an unborn branch.
func (r *Repo) Head() (Side, error) {
	s, err := r.Rev("HEAD")
	if err != nil {
		if r.noGit {
			if r.st.Unborn() {
				return Side{Kind: Tree, Hash: EmptyTree}, nil
			}
			return Side{}, err
		}
		if _, e2 := r.run(r.root, "rev-parse", "--verify", "--quiet", "HEAD"); e2 != nil {
			return Side{Kind: Tree, Hash: EmptyTree}, nil
		}
		return Side{}, err
	}
	return s, nil
}

// MergeBase returns the tree of the best common ancestor of revisions a
// and b (the first, as git merge-base prints it). It is an error when they
// have none.
func (r *Repo) MergeBase(a, b string) (Side, error) {
	if r.st != nil && simpleRev(a) && simpleRev(b) {
		if h, err := r.st.MergeBase(a, b); err == nil {
			return h, nil
		}
	}
	out, err := r.run(r.root, "merge-base", "--end-of-options", a, b)
	if err != nil {
		return Side{}, fmt.Errorf("gitrepo: no merge base of %q and %q", a, b)
	}
	return r.Rev(strings.TrimSpace(string(out)))
}

// simpleRev reports whether rev may be resolved by a Store: no
// reflog (@{...}), no path (:), no peeling (^{...}) and no range.
func simpleRev(rev string) bool {
	return rev != "" && !strings.ContainsAny(rev, ":{}") && !strings.Contains(rev, "..") && !strings.HasPrefix(rev, "-")
}
