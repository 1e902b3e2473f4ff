package gitrepo

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/format/index"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// treeGoGit resolves a simple revision to its tree's hash with go-git.
func (r *Repo) treeGoGit(rev string) (string, error) {
	h, err := r.gg.ResolveRevision(plumbing.Revision(rev))
	if err != nil {
		return "", err
	}
	c, err := r.gg.CommitObject(*h)
	if err != nil {
		return "", err
	}
	return c.TreeHash.String(), nil
}

func (r *Repo) mergeBaseGoGit(a, b string) (Side, error) {
	var commits [2]*object.Commit
	for i, rev := range []string{a, b} {
		h, err := r.gg.ResolveRevision(plumbing.Revision(rev))
		if err != nil {
			return Side{}, err
		}
		if commits[i], err = r.gg.CommitObject(*h); err != nil {
			return Side{}, err
		}
	}
	bases, err := commits[0].MergeBase(commits[1])
	if err != nil {
		return Side{}, err
	}
	if len(bases) != 1 {
		// None, or several: let git choose as it always does.
		return Side{}, errUnsupported
	}
	return Side{Kind: Tree, Hash: bases[0].TreeHash.String()}, nil
}

func (r *Repo) blobGoGit(hash string) ([]byte, error) {
	b, err := r.gg.BlobObject(plumbing.NewHash(hash))
	if err != nil {
		return nil, err
	}
	rd, err := b.Reader()
	if err != nil {
		return nil, err
	}
	defer rd.Close()
	return io.ReadAll(rd)
}

// treeObject returns the tree of side s (nil for the empty tree).
func (r *Repo) treeObject(s Side) (*object.Tree, error) {
	if s.Hash == EmptyTree || s.Hash == "" {
		return nil, nil
	}
	t, err := r.gg.TreeObject(plumbing.NewHash(s.Hash))
	if err != nil {
		return nil, fmt.Errorf("%w: tree %s: %v", errUnsupported, s.Hash, err)
	}
	return t, nil
}

func (r *Repo) diffGoGit(a, b Side, opts DiffOptions) ([]Change, error) {
	if a.Kind == Tree && b.Kind == Tree {
		return r.diffTreesGoGit(a, b, opts)
	}
	from, err := r.listGoGit(a, opts)
	if err != nil {
		return nil, err
	}
	to, err := r.listGoGit(b, opts)
	if err != nil {
		return nil, err
	}
	changes := diffListings(from, to)
	return r.detectRenames(changes, a, b), nil
}

// diffTreesGoGit compares two trees with go-git's tree diff, which detects
// renames the way git does (by content similarity).
func (r *Repo) diffTreesGoGit(a, b Side, opts DiffOptions) ([]Change, error) {
	ta, err := r.treeObject(a)
	if err != nil {
		return nil, err
	}
	tb, err := r.treeObject(b)
	if err != nil {
		return nil, err
	}
	gc, err := object.DiffTreeWithOptions(context.Background(), ta, tb, object.DefaultDiffTreeOptions)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", errUnsupported, err)
	}
	var changes []Change
	for _, c := range gc {
		ch := Change{From: treeEntry(c.From), To: treeEntry(c.To)}
		if ch.From.Absent() && ch.To.Absent() {
			continue
		}
		if opts.keep(ch) {
			changes = append(changes, ch)
		}
	}
	return changes, nil
}

// treeEntry converts a go-git change entry; a submodule has no file and is
// absent.
func treeEntry(e object.ChangeEntry) Entry {
	if e.Name == "" || e.TreeEntry.Mode == filemode.Submodule || e.TreeEntry.Mode == filemode.Dir {
		return Entry{}
	}
	return Entry{Path: e.Name, Hash: e.TreeEntry.Hash.String(), Mode: modeString(e.TreeEntry.Mode)}
}

func modeString(m filemode.FileMode) string { return fmt.Sprintf("%06o", uint32(m)) }

// A listing is the files of one side that DiffOptions wants, by path.
// unmerged holds paths with conflict stages.
type listing struct {
	files    map[string]Entry
	unmerged map[string]bool
}

func (r *Repo) listGoGit(s Side, opts DiffOptions) (listing, error) {
	l := listing{files: map[string]Entry{}, unmerged: map[string]bool{}}
	switch s.Kind {
	case Tree:
		t, err := r.treeObject(s)
		if err != nil || t == nil {
			return l, err
		}
		w := object.NewTreeWalker(t, true, nil)
		defer w.Close()
		for {
			name, e, err := w.Next()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				return l, fmt.Errorf("%w: %v", errUnsupported, err)
			}
			if e.Mode == filemode.Dir || e.Mode == filemode.Submodule || !opts.wants(name) {
				continue
			}
			l.files[name] = Entry{Path: name, Hash: e.Hash.String(), Mode: modeString(e.Mode)}
		}
		return l, nil
	case Index, Worktree:
		idx, err := r.gg.Storer.Index()
		if err != nil {
			return l, fmt.Errorf("%w: index: %v", errUnsupported, err)
		}
		for _, e := range idx.Entries {
			if !opts.wants(e.Name) || e.Mode == filemode.Submodule {
				continue
			}
			// Stage 0 is merged (go-git names 1, the base, "Merged").
			if e.Stage != 0 {
				l.unmerged[e.Name] = true
				continue
			}
			if s.Kind == Index {
				if e.IntentToAdd {
					continue
				}
				l.files[e.Name] = Entry{Path: e.Name, Hash: e.Hash.String(), Mode: modeString(e.Mode)}
				continue
			}
			if ent, ok := r.worktreeEntry(e); ok {
				l.files[e.Name] = ent
			}
		}
		for p := range l.unmerged {
			delete(l.files, p)
		}
		return l, nil
	}
	return l, fmt.Errorf("gitrepo: unknown side")
}

// worktreeEntry returns the working-tree file of index entry e, or false
// when it was deleted. A file whose size and modification time match the
// index keeps the index's hash (git's own shortcut); any other file is
// hashed as git would store it without filters.
func (r *Repo) worktreeEntry(e *index.Entry) (Entry, bool) {
	p := filepath.Join(r.root, filepath.FromSlash(e.Name))
	fi, err := os.Lstat(p)
	if err != nil {
		if e.SkipWorktree {
			return Entry{Path: e.Name, Hash: e.Hash.String(), Mode: modeString(e.Mode)}, true
		}
		return Entry{}, false
	}
	if fi.IsDir() {
		return Entry{}, false
	}
	ent := Entry{Path: e.Name, Mode: modeString(e.Mode)}
	if !e.IntentToAdd && uint32(fi.Size()) == e.Size && fi.ModTime().Equal(e.ModifiedAt) {
		ent.Hash = e.Hash.String()
		return ent, true
	}
	var data []byte
	if fi.Mode()&os.ModeSymlink != 0 {
		t, err := os.Readlink(p)
		if err != nil {
			return Entry{}, false
		}
		data = []byte(t)
	} else if data, err = os.ReadFile(p); err != nil {
		return Entry{}, false
	}
	ent.Hash = plumbing.ComputeHash(plumbing.BlobObject, data).String()
	return ent, true
}
