package gitrepo

import (
	"bytes"
	"fmt"
	"strings"
)

// diffGit lists the changes with git's plumbing commands (diff-tree,
// diff-index, diff-files) in raw form.
func (r *Repo) diffGit(a, b Side, opts DiffOptions) ([]Change, error) {
	var args []string
	switch {
	case a.Kind == Tree && b.Kind == Tree:
		args = []string{"diff-tree", "-r", "-z", "-M", "--end-of-options", a.Hash, b.Hash}
	case a.Kind == Tree && b.Kind == Index:
		args = []string{"diff-index", "--cached", "--ita-invisible-in-index", "-r", "-z", "-M", "--end-of-options", a.Hash}
	case a.Kind == Tree && b.Kind == Worktree:
		args = []string{"diff-index", "-r", "-z", "-M", "--end-of-options", a.Hash}
	case a.Kind == Index && b.Kind == Worktree:
		args = []string{"diff-files", "-r", "-z", "-M"}
	default:
		return nil, fmt.Errorf("gitrepo: diff: unsupported comparison")
	}
	out, err := r.run(r.root, append([]string{"-c", "core.quotePath=false"}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("gitrepo: %w", err)
	}
	changes, err := parseRaw(out)
	if err != nil {
		return nil, err
	}
	// diff-files lists an unmerged path once per stage, and then compares
	// the working file with stage 2: git diff shows it as unmerged only
	// (to an external diff, "* Unmerged path"), and so does the go-git
	// reader.
	unmerged := map[string]bool{}
	for _, c := range changes {
		if c.Unmerged {
			unmerged[c.Path()] = true
		}
	}
	kept := changes[:0]
	seen := map[string]bool{}
	for _, c := range changes {
		if unmerged[c.Path()] {
			if !c.Unmerged || seen[c.Path()] {
				continue
			}
			seen[c.Path()] = true
		}
		if opts.keep(c) {
			kept = append(kept, c)
		}
	}
	if b.Kind == Worktree {
		// Only the files asked for are hashed.
		return r.dropStatDirty(kept)
	}
	return kept, nil
}

// dropStatDirty removes from worktree changes the files that diff-index and
// diff-files list only because their stat information is not the index's
// (a chmod, a touch, a checkout within the same second), their content
// being what the other side holds: git diff shows nothing for them, having
// compared the content, and so does the go-git backend. Such an entry has
// the null hash on the worktree side; its file is hashed as git would
// store it (filters included) with one hash-object call.
func (r *Repo) dropStatDirty(changes []Change) ([]Change, error) {
	var idx []int
	var paths strings.Builder
	for i, c := range changes {
		if c.Unmerged || c.From.Absent() || c.To.Absent() || c.From.Path != c.To.Path || c.From.Mode != c.To.Mode ||
			(c.To.Mode != "100644" && c.To.Mode != "100755") || strings.Trim(c.To.Hash, "0") != "" || strings.ContainsAny(c.To.Path, "\n\r") {
			continue
		}
		idx = append(idx, i)
		paths.WriteString(c.To.Path + "\n")
	}
	if len(idx) == 0 {
		return changes, nil
	}
	out, err := r.runInput(r.root, paths.String(), "hash-object", "--stdin-paths")
	if err != nil {
		return nil, fmt.Errorf("gitrepo: %w", err)
	}
	hashes := strings.Fields(string(out))
	if len(hashes) != len(idx) {
		return nil, fmt.Errorf("gitrepo: git hash-object gave %d hashes for %d files", len(hashes), len(idx))
	}
	drop := map[int]bool{}
	for k, i := range idx {
		if hashes[k] == changes[i].From.Hash {
			drop[i] = true
		}
	}
	kept := changes[:0]
	for i, c := range changes {
		if !drop[i] {
			kept = append(kept, c)
		}
	}
	return kept, nil
}

// parseRaw parses git's "--raw -z" output:
// ":OLDMODE NEWMODE OLDHASH NEWHASH STATUS\0PATH\0[NEWPATH\0]".
func parseRaw(out []byte) ([]Change, error) {
	fields := bytes.Split(out, []byte{0})
	var changes []Change
	for i := 0; i < len(fields); i++ {
		meta := string(fields[i])
		if meta == "" {
			continue
		}
		f := strings.Fields(strings.TrimPrefix(meta, ":"))
		if !strings.HasPrefix(meta, ":") || len(f) != 5 || i+1 >= len(fields) {
			return nil, fmt.Errorf("gitrepo: unexpected git output %q", meta)
		}
		status := f[4][0]
		path := string(fields[i+1])
		i++
		from := Entry{Path: path, Hash: f[2], Mode: f[0]}
		to := Entry{Path: path, Hash: f[3], Mode: f[1]}
		switch status {
		case 'R', 'C':
			if i+1 >= len(fields) {
				return nil, fmt.Errorf("gitrepo: unexpected git output %q", meta)
			}
			to.Path = string(fields[i+1])
			i++
			if status == 'C' {
				from = Entry{}
			}
		case 'A':
			from = Entry{}
		case 'D':
			to = Entry{}
		}
		if from.Mode == "160000" {
			from = Entry{}
		}
		if to.Mode == "160000" {
			to = Entry{}
		}
		c := Change{From: from, To: to, Unmerged: status == 'U'}
		if c.From.Absent() && c.To.Absent() {
			continue
		}
		changes = append(changes, c)
	}
	return changes, nil
}
