package gogit

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/go-git/go-billy/v5"
	"github.com/go-git/go-billy/v5/osfs"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/cache"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/format/index"
	"github.com/go-git/go-git/v5/plumbing/storer"
	"github.com/go-git/go-git/v5/storage/filesystem"
	"github.com/go-git/go-git/v5/storage/filesystem/dotgit"

	"github.com/nbtools/nbdiff/internal/gitrepo"
)

// errNoHead marks a git directory without HEAD: not a repository.
var errNoHead = fmt.Errorf("%w: no HEAD", gitrepo.ErrNotRepository)

// A store reads a repository with go-git's storage packages (and decodes
// commits, tags and trees itself, objects.go).
type store struct {
	st   *filesystem.Storage
	root string // top of the working tree, absolute
}

// Open opens the repository whose git directory is gitDir (commonDir its
// shared part, root the top of its working tree) for gitrepo.Open
// (gitrepo.Options.Store). It refuses what openStorage refuses.
func Open(gitDir, commonDir, root string) (gitrepo.Store, error) {
	st, err := openStorage(gitDir, commonDir)
	if err != nil {
		return nil, err
	}
	return &store{st: st, root: root}, nil
}

// Name is "go-git".
func (r *store) Name() string { return "go-git" }

// openStorage opens the object, reference, index and config storage of
// the git directory gitDir, whose shared part (objects, refs) is commonDir
// for a linked worktree (commonDir == gitDir otherwise). It refuses what
// go-git's PlainOpen refuses: no HEAD (errNoHead), an unknown
// core.repositoryFormatVersion and any extension but noop.
func openStorage(gitDir, commonDir string) (*filesystem.Storage, error) {
	var fs billy.Filesystem = osfs.New(gitDir)
	if filepath.Clean(commonDir) != filepath.Clean(gitDir) {
		if _, err := os.Stat(commonDir); err != nil {
			return nil, fmt.Errorf("gitrepo: common git directory: %w", err)
		}
		fs = dotgit.NewRepositoryFilesystem(fs, osfs.New(commonDir))
	}
	// Objects above maxObjectSize are read lazily, so that readObject can
	// refuse a huge commit, tag or tree before it is in memory.
	st := filesystem.NewStorageWithOptions(fs, cache.NewObjectLRUDefault(), filesystem.Options{LargeObjectThreshold: maxObjectSize})
	if _, err := st.Reference(plumbing.HEAD); err != nil {
		if errors.Is(err, plumbing.ErrReferenceNotFound) {
			return nil, errNoHead
		}
		return nil, fmt.Errorf("gitrepo: HEAD: %w", err)
	}
	cfg, err := st.Config()
	if err != nil {
		return nil, fmt.Errorf("gitrepo: config: %w", err)
	}
	// go-git's config.Core keeps only version 1 and takes any other
	// version for 0; git refuses versions above 1.
	var version string
	if cfg.Raw != nil {
		version = strings.TrimSpace(cfg.Raw.Section("core").Options.Get("repositoryformatversion"))
	}
	if version != "" && version != "0" && version != "1" {
		return nil, fmt.Errorf("%w: core.repositoryformatversion %q", gitrepo.ErrUnsupported, version)
	}
	if cfg.Raw != nil && cfg.Raw.HasSection("extensions") {
		for _, o := range cfg.Raw.Section("extensions").Options {
			name := strings.ToLower(o.Key)
			if name != "noop" && !(name == "noop-v1" && version == "1") {
				return nil, fmt.Errorf("%w: extensions.%s", gitrepo.ErrUnsupported, o.Key)
			}
		}
	}
	return st, nil
}

// Unborn reports whether HEAD names a branch with no commit yet.
func (r *store) Unborn() bool {
	_, err := storer.ResolveReference(r.st, plumbing.HEAD)
	return errors.Is(err, plumbing.ErrReferenceNotFound)
}

// resolveSimple resolves a simple revision to a commit the way git does:
// HEAD or @, a name looked up as git does ($GIT_DIR/NAME, refs/NAME,
// refs/tags/NAME, refs/heads/NAME, refs/remotes/NAME and
// refs/remotes/NAME/HEAD; annotated tags peeled), or a full hex hash,
// followed by any number of ~N and ^N suffixes (N defaults to 1; ^0 is the
// commit itself). Anything else is an error.
func (r *store) resolveSimple(rev string) (*commit, error) {
	i := strings.IndexAny(rev, "~^")
	if i < 0 {
		i = len(rev)
	}
	name, suffix := rev[:i], rev[i:]
	h, err := r.resolveName(name)
	if err != nil {
		return nil, err
	}
	c, err := r.peelCommit(h)
	if err != nil {
		return nil, err
	}
	for suffix != "" {
		op := suffix[0]
		if op != '~' && op != '^' {
			return nil, fmt.Errorf("gitrepo: unknown revision %q", rev)
		}
		j := 1
		for j < len(suffix) && suffix[j] >= '0' && suffix[j] <= '9' {
			j++
		}
		n := 1
		if j > 1 {
			if j > 10 {
				return nil, fmt.Errorf("gitrepo: revision %q: number too large", rev)
			}
			n, _ = strconv.Atoi(suffix[1:j])
		}
		suffix = suffix[j:]
		switch {
		case op == '~':
			for ; n > 0; n-- {
				if c, err = r.firstParent(c, rev); err != nil {
					return nil, err
				}
			}
		case n == 0: // ^0
		default: // ^N
			if n > len(c.Parents) {
				return nil, fmt.Errorf("gitrepo: revision %q: no parent %d", rev, n)
			}
			if c, err = r.getCommit(c.Parents[n-1]); err != nil {
				return nil, fmt.Errorf("gitrepo: revision %q: %w", rev, err)
			}
		}
	}
	return c, nil
}

func (r *store) firstParent(c *commit, rev string) (*commit, error) {
	if len(c.Parents) == 0 {
		return nil, fmt.Errorf("gitrepo: revision %q: commit %s has no parent", rev, c.Hash)
	}
	p, err := r.getCommit(c.Parents[0])
	if err != nil {
		return nil, fmt.Errorf("gitrepo: revision %q: %w", rev, err)
	}
	return p, nil
}

// resolveName resolves a revision's name part (see resolveSimple) to an
// object hash.
func (r *store) resolveName(name string) (plumbing.Hash, error) {
	if name == "@" {
		name = "HEAD"
	}
	if len(name) == 40 && isHex(name) {
		return plumbing.NewHash(name), nil
	}
	if !validRefName(name) {
		return plumbing.ZeroHash, fmt.Errorf("gitrepo: unknown revision %q", name)
	}
	for _, rule := range plumbing.RefRevParseRules {
		ref, err := storer.ResolveReference(r.st, plumbing.ReferenceName(fmt.Sprintf(rule, name)))
		if err == nil && ref.Type() == plumbing.HashReference {
			return ref.Hash(), nil
		}
	}
	return plumbing.ZeroHash, fmt.Errorf("gitrepo: unknown revision %q", name)
}

// validRefName reports whether name can be looked up as a reference: the
// parts of git's check-ref-format rules that keep a lookup inside the git
// directory and away from revision syntax.
func validRefName(name string) bool {
	if name == "" || strings.HasPrefix(name, "/") || strings.HasSuffix(name, "/") ||
		strings.HasPrefix(name, "-") || strings.Contains(name, "..") || strings.Contains(name, "//") ||
		strings.HasSuffix(name, ".lock") || strings.HasSuffix(name, ".") {
		return false
	}
	for _, c := range name {
		if c < 0x20 || c == 0x7f || strings.ContainsRune(" ~^:?*[\\@{}", c) {
			return false
		}
	}
	for _, part := range strings.Split(name, "/") {
		if strings.HasPrefix(part, ".") {
			return false
		}
	}
	return true
}

func isHex(s string) bool {
	for _, c := range s {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

// peelCommit returns the commit that object h is or that its (annotated)
// tags point to, at most maxPeel tags deep.
func (r *store) peelCommit(h plumbing.Hash) (*commit, error) {
	const maxPeel = 16
	for range maxPeel {
		data, t, err := r.readObject(h, plumbing.AnyObject)
		if err != nil {
			return nil, err
		}
		switch t {
		case plumbing.CommitObject:
			return decodeCommit(h, data)
		case plumbing.TagObject:
			if h, err = decodeTag(h, data); err != nil {
				return nil, err
			}
		default:
			return nil, fmt.Errorf("gitrepo: object %s is a %s, not a commit", h, t)
		}
	}
	return nil, fmt.Errorf("gitrepo: object %s: tags nested too deep", h)
}

// Tree resolves a simple revision to its tree's hash.
func (r *store) Tree(rev string) (string, error) {
	c, err := r.resolveSimple(rev)
	if err != nil {
		return "", err
	}
	return c.Tree.String(), nil
}

// MergeBase returns the tree of the one best common ancestor of a and b
// (gitrepo.ErrUnsupported when there are several, or none).
func (r *store) MergeBase(a, b string) (gitrepo.Side, error) {
	var commits [2]*commit
	for i, rev := range []string{a, b} {
		c, err := r.resolveSimple(rev)
		if err != nil {
			return gitrepo.Side{}, err
		}
		commits[i] = c
	}
	bases, err := r.mergeBases(commits[0], commits[1])
	if err != nil {
		return gitrepo.Side{}, err
	}
	if len(bases) != 1 {
		// None, or several: let git choose as it always does.
		return gitrepo.Side{}, gitrepo.ErrUnsupported
	}
	c, err := r.getCommit(bases[0])
	if err != nil {
		return gitrepo.Side{}, err
	}
	return gitrepo.Side{Kind: gitrepo.Tree, Hash: c.Tree.String()}, nil
}

// Blob returns the content of the blob with hex hash.
func (r *store) Blob(hash string) ([]byte, error) {
	data, _, err := r.readObject(plumbing.NewHash(hash), plumbing.BlobObject)
	return data, err
}

// Lists lists the files of sides a and b that opts wants; two trees
// without the subtrees they share.
func (r *store) Lists(a, b gitrepo.Side, opts gitrepo.DiffOptions) (la, lb gitrepo.Listing, err error) {
	if a.Kind == gitrepo.Tree && b.Kind == gitrepo.Tree {
		return r.listTreeDiff(a, b, opts)
	}
	if la, err = r.listGoGit(a, opts); err != nil {
		return la, lb, err
	}
	lb, err = r.listGoGit(b, opts)
	return la, lb, err
}

// listTreeDiff lists the files of trees a and b that opts wants,
// leaving out the subtrees the two share (by hash), so that the work is
// bounded by what differs, not by the size of the trees.
func (r *store) listTreeDiff(a, b gitrepo.Side, opts gitrepo.DiffOptions) (la, lb gitrepo.Listing, err error) {
	la = gitrepo.Listing{Files: map[string]gitrepo.Entry{}, Unmerged: map[string]bool{}}
	lb = gitrepo.Listing{Files: map[string]gitrepo.Entry{}, Unmerged: map[string]bool{}}
	err = r.walkTrees(treeHash(a), treeHash(b), "", 0, opts, la, lb)
	return la, lb, err
}

// treeHash returns the tree of side s, the zero hash for the empty tree.
func treeHash(s gitrepo.Side) plumbing.Hash {
	if s.Hash == gitrepo.EmptyTree || s.Hash == "" {
		return plumbing.ZeroHash
	}
	return plumbing.NewHash(s.Hash)
}

// maxTreeDepth bounds how deep walkTrees descends, as git's
// core.maxTreeDepth (4096 by default) does; deeper trees, and a corrupt
// tree that contains itself, are left to git.
const maxTreeDepth = 4096

// walkTrees adds the files under trees ha and hb (either zero: none) at
// prefix, depth trees deep, to la and lb, skipping equal subtrees and
// equal files. Gitlinks (submodules) have no file and are left out.
func (r *store) walkTrees(ha, hb plumbing.Hash, prefix string, depth int, opts gitrepo.DiffOptions, la, lb gitrepo.Listing) error {
	if ha == hb {
		return nil
	}
	if depth >= maxTreeDepth {
		return fmt.Errorf("%w: trees deeper than %d at %s", gitrepo.ErrUnsupported, maxTreeDepth, prefix)
	}
	read := func(h plumbing.Hash) (map[string]treeEntry, error) {
		m := map[string]treeEntry{}
		if h.IsZero() {
			return m, nil
		}
		entries, err := r.getTree(h)
		if err != nil {
			return nil, fmt.Errorf("%w: %v", gitrepo.ErrUnsupported, err)
		}
		for _, e := range entries {
			m[e.Name] = e
		}
		return m, nil
	}
	ea, err := read(ha)
	if err != nil {
		return err
	}
	eb, err := read(hb)
	if err != nil {
		return err
	}
	names := map[string]bool{}
	for n := range ea {
		names[n] = true
	}
	for n := range eb {
		names[n] = true
	}
	for n := range names {
		x, inA := ea[n]
		y, inB := eb[n]
		if inA && inB && x.Hash == y.Hash && x.Mode == y.Mode {
			continue
		}
		path := prefix + n
		var subA, subB plumbing.Hash
		if inA {
			if x.Mode == filemode.Dir {
				subA = x.Hash
			} else if x.Mode != filemode.Submodule && opts.Wants(path) {
				la.Files[path] = gitrepo.Entry{Path: path, Hash: x.Hash.String(), Mode: modeString(x.Mode)}
			}
		}
		if inB {
			if y.Mode == filemode.Dir {
				subB = y.Hash
			} else if y.Mode != filemode.Submodule && opts.Wants(path) {
				lb.Files[path] = gitrepo.Entry{Path: path, Hash: y.Hash.String(), Mode: modeString(y.Mode)}
			}
		}
		if !subA.IsZero() || !subB.IsZero() {
			if err := r.walkTrees(subA, subB, path+"/", depth+1, opts, la, lb); err != nil {
				return err
			}
		}
	}
	return nil
}

func modeString(m filemode.FileMode) string { return fmt.Sprintf("%06o", uint32(m)) }

func (r *store) listGoGit(s gitrepo.Side, opts gitrepo.DiffOptions) (gitrepo.Listing, error) {
	l := gitrepo.Listing{Files: map[string]gitrepo.Entry{}, Unmerged: map[string]bool{}}
	switch s.Kind {
	case gitrepo.Tree:
		err := r.walkTrees(treeHash(s), plumbing.ZeroHash, "", 0, opts, l, gitrepo.Listing{Files: map[string]gitrepo.Entry{}})
		return l, err
	case gitrepo.Index, gitrepo.Worktree:
		idx, err := r.st.Index()
		if err != nil {
			return l, fmt.Errorf("%w: index: %v", gitrepo.ErrUnsupported, err)
		}
		modes := worktreeModes{trustExec: true, symlinks: true}
		if cfg, err := r.st.Config(); err == nil && cfg.Raw != nil {
			core := cfg.Raw.Section("core").Options
			modes.trustExec = gitBool(core.Get("filemode"), true)
			modes.symlinks = gitBool(core.Get("symlinks"), true)
		}
		for _, e := range idx.Entries {
			if !opts.Wants(e.Name) || e.Mode == filemode.Submodule {
				continue
			}
			// Stage 0 is merged (go-git names 1, the base, "Merged").
			if e.Stage != 0 {
				l.Unmerged[e.Name] = true
				continue
			}
			if s.Kind == gitrepo.Index {
				if e.IntentToAdd {
					continue
				}
				l.Files[e.Name] = gitrepo.Entry{Path: e.Name, Hash: e.Hash.String(), Mode: modeString(e.Mode)}
				continue
			}
			if ent, ok := r.worktreeEntry(e, modes); ok {
				l.Files[e.Name] = ent
			}
		}
		for p := range l.Unmerged {
			delete(l.Files, p)
		}
		return l, nil
	}
	return l, fmt.Errorf("gitrepo: unknown side")
}

// worktreeModes is what core.fileMode and core.symlinks say about the
// modes of files in the working tree.
type worktreeModes struct{ trustExec, symlinks bool }

// mode returns the mode git gives file fi of the working tree, whose index
// mode is m (git's ce_mode_from_stat).
func (w worktreeModes) mode(fi os.FileInfo, m filemode.FileMode) filemode.FileMode {
	switch {
	case fi.Mode()&os.ModeSymlink != 0:
		return filemode.Symlink
	case !w.symlinks && m == filemode.Symlink:
		return m
	case !w.trustExec:
		if m == filemode.Regular || m == filemode.Executable {
			return m
		}
		return filemode.Regular
	case fi.Mode()&0o100 != 0:
		return filemode.Executable
	}
	return filemode.Regular
}

// gitBool returns the value of a git boolean setting, def when unset or
// not a boolean.
func gitBool(v string, def bool) bool {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "true", "yes", "on", "1":
		return true
	case "false", "no", "off", "0":
		return false
	}
	return def
}

// worktreeEntry returns the working-tree file of index entry e, with the
// mode git gives it (modes), or false when it was deleted. A file whose
// size and modification time match the index keeps the index's hash
// (git's own shortcut); any other file is hashed as git would store it
// without filters.
func (r *store) worktreeEntry(e *index.Entry, modes worktreeModes) (gitrepo.Entry, bool) {
	p := filepath.Join(r.root, filepath.FromSlash(e.Name))
	fi, err := os.Lstat(p)
	if err != nil {
		if e.SkipWorktree {
			return gitrepo.Entry{Path: e.Name, Hash: e.Hash.String(), Mode: modeString(e.Mode)}, true
		}
		return gitrepo.Entry{}, false
	}
	if fi.IsDir() {
		return gitrepo.Entry{}, false
	}
	ent := gitrepo.Entry{Path: e.Name, Mode: modeString(modes.mode(fi, e.Mode))}
	if !e.IntentToAdd && uint32(fi.Size()) == e.Size && fi.ModTime().Equal(e.ModifiedAt) {
		ent.Hash = e.Hash.String()
		return ent, true
	}
	var data []byte
	if fi.Mode()&os.ModeSymlink != 0 {
		t, err := os.Readlink(p)
		if err != nil {
			return gitrepo.Entry{}, false
		}
		data = []byte(t)
	} else if data, err = os.ReadFile(p); err != nil {
		return gitrepo.Entry{}, false
	}
	ent.Hash = plumbing.ComputeHash(plumbing.BlobObject, data).String()
	return ent, true
}
