package gogit

import (
	"bytes"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

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
func (r *store) readObject(h plumbing.Hash, t plumbing.ObjectType) ([]byte, plumbing.ObjectType, error) {
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
	var src io.Reader = rd
	if t != plumbing.BlobObject {
		// The size in the object's header is not trusted.
		src = io.LimitReader(rd, maxObjectSize+1)
	}
	data, err := io.ReadAll(src)
	if err != nil {
		return nil, 0, fmt.Errorf("gitrepo: object %s: %w", h, err)
	}
	if t != plumbing.BlobObject && len(data) > maxObjectSize {
		return nil, 0, fmt.Errorf("gitrepo: object %s: more than %d bytes is too large", h, maxObjectSize)
	}
	return data, o.Type(), nil
}

// headerHash returns the hash on the first line of data, "key HASH\n",
// the header line of a commit or tag that git reads first, and the rest of
// data after that line. As in git, the line must end in a newline.
func headerHash(data []byte, key string) (plumbing.Hash, []byte, bool) {
	line, rest, found := bytes.Cut(data, []byte{'\n'})
	v, ok := bytes.CutPrefix(line, []byte(key+" "))
	if !found || !ok || len(v) != 40 || !isHex(string(v)) {
		return plumbing.ZeroHash, data, false
	}
	return plumbing.NewHash(string(v)), rest, true
}

// getCommit reads and decodes commit h.
func (r *store) getCommit(h plumbing.Hash) (*commit, error) {
	data, _, err := r.readObject(h, plumbing.CommitObject)
	if err != nil {
		return nil, err
	}
	return decodeCommit(h, data)
}

// decodeCommit decodes commit h from data as git does: the first line
// names the tree, and the "parent" lines right after it the parents (a
// malformed one is an error);
// later headers (author, gpgsig, mergetag, encoding, ...) and the message
// are not read.
func decodeCommit(h plumbing.Hash, data []byte) (*commit, error) {
	tree, rest, ok := headerHash(data, "tree")
	if !ok {
		return nil, fmt.Errorf("gitrepo: commit %s: malformed: no tree line first", h)
	}
	c := &commit{Hash: h, Tree: tree}
	for bytes.HasPrefix(rest, []byte("parent ")) {
		p, next, ok := headerHash(rest, "parent")
		if !ok {
			return nil, fmt.Errorf("gitrepo: commit %s: malformed parent line", h)
		}
		c.Parents = append(c.Parents, p)
		rest = next
	}
	return c, nil
}

// decodeTag returns the object tag h points to: the hash on its first
// line, "object HASH".
func decodeTag(h plumbing.Hash, data []byte) (plumbing.Hash, error) {
	target, _, ok := headerHash(data, "object")
	if !ok {
		return plumbing.ZeroHash, fmt.Errorf("gitrepo: tag %s: malformed: no object line first", h)
	}
	return target, nil
}

// A treeEntry is one entry of a tree object.
type treeEntry struct {
	Name string
	Mode filemode.FileMode
	Hash plumbing.Hash
}

// getTree reads and decodes tree h.
func (r *store) getTree(h plumbing.Hash) ([]treeEntry, error) {
	data, _, err := r.readObject(h, plumbing.TreeObject)
	if err != nil {
		return nil, err
	}
	return decodeTree(h, data)
}

// decodeTree decodes tree h from data: entries "MODE NAME\0" followed by
// a 20-byte hash. Modes are made canonical as git does (any regular file
// 100644 or 100755, a symbolic link 120000, a directory 040000, anything
// else a gitlink 160000). A name that is empty, ".", ".." or holds a
// slash is an error: git refuses to check such trees out.
func decodeTree(h plumbing.Hash, data []byte) ([]treeEntry, error) {
	var entries []treeEntry
	for len(data) > 0 {
		sp := bytes.IndexByte(data, ' ')
		nul := bytes.IndexByte(data, 0)
		if sp <= 0 || nul < sp || len(data) < nul+1+20 {
			return nil, fmt.Errorf("gitrepo: tree %s: malformed entry", h)
		}
		m, err := strconv.ParseUint(string(data[:sp]), 8, 32)
		if err != nil {
			return nil, fmt.Errorf("gitrepo: tree %s: mode %q: %w", h, data[:sp], err)
		}
		name := string(data[sp+1 : nul])
		if name == "" || name == "." || name == ".." || strings.Contains(name, "/") {
			return nil, fmt.Errorf("gitrepo: tree %s: bad name %q", h, name)
		}
		var eh plumbing.Hash
		copy(eh[:], data[nul+1:nul+21])
		entries = append(entries, treeEntry{Name: name, Mode: canonMode(uint32(m)), Hash: eh})
		data = data[nul+21:]
	}
	return entries, nil
}

// canonMode returns the mode git uses for tree entry mode m.
func canonMode(m uint32) filemode.FileMode {
	switch m & 0o170000 {
	case 0o100000:
		if m&0o100 != 0 {
			return filemode.Executable
		}
		return filemode.Regular
	case 0o120000:
		return filemode.Symlink
	case 0o040000:
		return filemode.Dir
	}
	return filemode.Submodule
}

// mergeBases returns the best common ancestors of commits a and b: the
// common ancestors that are no ancestor of another common ancestor,
// sorted by hash. Every ancestor of both is read once.
func (r *store) mergeBases(a, b *commit) ([]plumbing.Hash, error) {
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
