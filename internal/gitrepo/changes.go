package gitrepo

import (
	"bytes"
	"sort"
)

// diffListings returns the changes from listing a to listing b: files
// added, deleted or with another hash or mode, and every unmerged path.
func diffListings(a, b Listing) []Change {
	var changes []Change
	for p, ea := range a.Files {
		eb, ok := b.Files[p]
		switch {
		case b.Unmerged[p] || a.Unmerged[p]:
		case !ok:
			changes = append(changes, Change{From: ea})
		case ea.Hash != eb.Hash || ea.Mode != eb.Mode:
			changes = append(changes, Change{From: ea, To: eb})
		}
	}
	for p, eb := range b.Files {
		if _, ok := a.Files[p]; !ok && !b.Unmerged[p] && !a.Unmerged[p] {
			changes = append(changes, Change{To: eb})
		}
	}
	unmerged := map[string]bool{}
	for p := range a.Unmerged {
		unmerged[p] = true
	}
	for p := range b.Unmerged {
		unmerged[p] = true
	}
	for p := range unmerged {
		changes = append(changes, Change{From: Entry{Path: p}, To: Entry{Path: p}, Unmerged: true})
	}
	sort.Slice(changes, func(i, j int) bool { return changes[i].Path() < changes[j].Path() })
	return changes
}

// Rename detection bounds: pairs compared by content at most, and the
// similarity (percent of shared lines) a rename needs, as git's default.
const (
	maxRenamePairs = 10000
	renameScore    = 50
)

// detectRenames pairs deleted and added files of changes into renames:
// first equal hashes, then files whose lines are at least renameScore
// percent alike, best pairs first. Ties go to the smaller paths.
func (r *Repo) detectRenames(changes []Change, a, b Side) []Change {
	var dels, adds []int
	for i, c := range changes {
		switch {
		case c.Unmerged:
		case c.To.Absent():
			dels = append(dels, i)
		case c.From.Absent():
			adds = append(adds, i)
		}
	}
	if len(dels) == 0 || len(adds) == 0 {
		return changes
	}
	paired := map[int]int{} // add index -> del index
	usedDel := map[int]bool{}
	for _, ai := range adds {
		for _, di := range dels {
			if !usedDel[di] && changes[di].From.Hash != "" && changes[di].From.Hash == changes[ai].To.Hash {
				paired[ai], usedDel[di] = di, true
				break
			}
		}
	}
	if len(dels)*len(adds) <= maxRenamePairs {
		type cand struct{ score, ai, di int }
		var cands []cand
		lines := map[int][][]byte{}
		load := func(i int, s Side, e Entry) [][]byte {
			if l, ok := lines[i]; ok {
				return l
			}
			data, err := r.Read(s, e)
			if err != nil {
				data = nil
			}
			l := bytes.SplitAfter(bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n")), []byte("\n"))
			lines[i] = l
			return l
		}
		for _, ai := range adds {
			if _, ok := paired[ai]; ok {
				continue
			}
			for _, di := range dels {
				if usedDel[di] {
					continue
				}
				s := similarity(load(di, a, changes[di].From), load(ai, b, changes[ai].To))
				if s >= renameScore {
					cands = append(cands, cand{s, ai, di})
				}
			}
		}
		sort.SliceStable(cands, func(i, j int) bool { return cands[i].score > cands[j].score })
		for _, c := range cands {
			if _, ok := paired[c.ai]; ok || usedDel[c.di] {
				continue
			}
			paired[c.ai], usedDel[c.di] = c.di, true
		}
	}
	var out []Change
	for i, c := range changes {
		if usedDel[i] {
			continue
		}
		if di, ok := paired[i]; ok {
			c.From = changes[di].From
		}
		out = append(out, c)
	}
	return out
}

// similarity returns how alike two files are, in percent: twice the lines
// they share (as multisets) over the lines of both.
func similarity(a, b [][]byte) int {
	if len(a)+len(b) == 0 {
		return 100
	}
	count := make(map[string]int, len(a))
	for _, l := range a {
		count[string(l)]++
	}
	common := 0
	for _, l := range b {
		if count[string(l)] > 0 {
			count[string(l)]--
			common++
		}
	}
	return 200 * common / (len(a) + len(b))
}
