package gitrepo

import (
	"bytes"
	"fmt"
	"io"
	"sort"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
)

// Objects are decoded here rather than with go-git's plumbing/object,
// which links in OpenPGP (for signatures nbdiff never checks) and with it
// several megabytes of code that start-up touches.

// maxObjectSize bounds the commits, tags and trees read whole.
const maxObjectSize = 64 << 20

// A commit is the part of a commit object nbdiff uses.
type commit struct {
	Hash, Tree plumbing.Hash
	Parents    []plumbing.Hash
}

// readObject returns the content of object h, which must be of type t
// (plumbing.AnyObject: any), and its type.
func (r *Repo) readObject(h plumbing.Hash, t plumbing.ObjectType) ([]byte, plumbing.ObjectType, error) {
	o, err := r.st.EncodedObject(t, h)
	if err != nil {
		return nil, 0, fmt.Errorf("gitrepo: object %s: %w", h, err)
	}
	if t != plumbing.BlobObject && o.Size() > maxObjectSize {
		return nil, 0, fmt.Errorf("gitrepo: object %s: %d bytes is too large", h, o.Size())
	}
	rd, err := o.Reader()
	if err != nil {
		return nil, 0, fmt.Errorf("gitrepo: object %s: %w", h, err)
	}
	defer rd.Close()
	data, err := io.ReadAll(rd)
	if err != nil {
		return nil, 0, fmt.Errorf("gitrepo: object %s: %w", h, err)
	}
	return data, o.Type(), nil
}

// headerHashes returns the hashes after "key " in the header lines of a
// commit or tag (up to the first empty line), in order.
func headerHashes(data []byte, key string) []plumbing.Hash {
	var out []plumbing.Hash
	prefix := []byte(key + " ")
	for len(data) > 0 {
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			data = nil
		}
		if len(line) == 0 {
			break
		}
		if v, ok := bytes.CutPrefix(line, prefix); ok && len(v) == 40 && isHex(string(v)) {
			out = append(out, plumbing.NewHash(string(v)))
		}
	}
	return out
}

// getCommit reads and decodes commit h.
func (r *Repo) getCommit(h plumbing.Hash) (*commit, error) {
	data, _, err := r.readObject(h, plumbing.CommitObject)
	if err != nil {
		return nil, err
	}
	return decodeCommit(h, data)
}

func decodeCommit(h plumbing.Hash, data []byte) (*commit, error) {
	tree := headerHashes(data, "tree")
	if len(tree) != 1 {
		return nil, fmt.Errorf("gitrepo: commit %s: malformed", h)
	}
	return &commit{Hash: h, Tree: tree[0], Parents: headerHashes(data, "parent")}, nil
}

// A treeEntry is one entry of a tree object.
type treeEntry struct {
	Name string
	Mode filemode.FileMode
	Hash plumbing.Hash
}

// getTree reads and decodes tree h.
func (r *Repo) getTree(h plumbing.Hash) ([]treeEntry, error) {
	data, _, err := r.readObject(h, plumbing.TreeObject)
	if err != nil {
		return nil, err
	}
	var entries []treeEntry
	for len(data) > 0 {
		sp := bytes.IndexByte(data, ' ')
		nul := bytes.IndexByte(data, 0)
		if sp < 0 || nul < sp || len(data) < nul+1+20 {
			return nil, fmt.Errorf("gitrepo: tree %s: malformed", h)
		}
		mode, err := filemode.New(string(data[:sp]))
		if err != nil {
			return nil, fmt.Errorf("gitrepo: tree %s: %w", h, err)
		}
		var eh plumbing.Hash
		copy(eh[:], data[nul+1:nul+21])
		entries = append(entries, treeEntry{Name: string(data[sp+1 : nul]), Mode: mode, Hash: eh})
		data = data[nul+21:]
	}
	return entries, nil
}

// mergeBases returns the best common ancestors of commits a and b: the
// common ancestors that are no ancestor of another common ancestor,
// sorted by hash. Every ancestor of both is read once.
func (r *Repo) mergeBases(a, b *commit) ([]plumbing.Hash, error) {
	ancestors := func(c *commit) (map[plumbing.Hash]*commit, error) {
		seen := map[plumbing.Hash]*commit{c.Hash: c}
		todo := []*commit{c}
		for len(todo) > 0 {
			c := todo[len(todo)-1]
			todo = todo[:len(todo)-1]
			for _, p := range c.Parents {
				if _, ok := seen[p]; ok {
					continue
				}
				pc, err := r.getCommit(p)
				if err != nil {
					return nil, err
				}
				seen[p] = pc
				todo = append(todo, pc)
			}
		}
		return seen, nil
	}
	ha, err := ancestors(a)
	if err != nil {
		return nil, err
	}
	hb, err := ancestors(b)
	if err != nil {
		return nil, err
	}
	// The common ancestors are closed under taking parents, so a common
	// ancestor lies below another exactly when it is a parent of one.
	below := map[plumbing.Hash]bool{}
	for h, c := range ha {
		if _, ok := hb[h]; ok {
			for _, p := range c.Parents {
				below[p] = true
			}
		}
	}
	var bases []plumbing.Hash
	for h := range ha {
		if _, ok := hb[h]; ok && !below[h] {
			bases = append(bases, h)
		}
	}
	sort.Slice(bases, func(i, j int) bool { return bytes.Compare(bases[i][:], bases[j][:]) < 0 })
	return bases, nil
}
