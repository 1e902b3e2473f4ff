package merge

import "github.com/nbtools/nbdiff/diff"

// slide places the changed blocks of a diff where git's diff places them.
// A block of changed lines can often stand at several places: an inserted
// paragraph that ends with a blank line can as well start with one, when
// a blank line precedes it. git's diff (xdiff's change compaction, as git
// merge-file runs it) slides every block as far down as it goes, merging
// it with the blocks it meets, unless a place higher up lines it up with a
// changed block of the other text; the two sides' diffs of a three-way
// merge then place their insertions the same way, and two insertions that
// only look simultaneous (at one place in one diff, apart in git's) stay
// apart. edits are the edits of a into b as diff.Strings returns them;
// slide returns edits of the same kind and does not modify its arguments.
// Its cost is linear in the lengths of a and b.
func slide(a, b []string, edits []diff.Edit) []diff.Edit {
	if len(edits) == 0 {
		return edits
	}
	// Changed flags with a false sentinel on each end: ca[i+1] tells
	// whether a[i] changed.
	ca, cb := make([]bool, len(a)+2), make([]bool, len(b)+2)
	for _, e := range edits {
		for i := e.AStart; i < e.AEnd; i++ {
			ca[i+1] = true
		}
		for j := e.BStart; j < e.BEnd; j++ {
			cb[j+1] = true
		}
	}
	compact(a, ca, cb)
	compact(b, cb, ca)
	// The unchanged lines of a and b still pair in order: rebuild the
	// edits between them.
	var out []diff.Edit
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		if i < len(a) && j < len(b) && !ca[i+1] && !cb[j+1] {
			i, j = i+1, j+1
			continue
		}
		e := diff.Edit{AStart: i, BStart: j}
		for i < len(a) && ca[i+1] {
			i++
		}
		for j < len(b) && cb[j+1] {
			j++
		}
		e.AEnd, e.BEnd = i, j
		if e.AEnd == e.AStart && e.BEnd == e.BStart {
			// Flags out of step: cannot happen, as compact keeps the
			// number of unchanged lines. Keep the edits as they were.
			return edits
		}
		out = append(out, e)
	}
	return out
}

// group is a block of changed lines [start, end) of one text, possibly
// empty (then it stands between two unchanged lines).
type group struct{ start, end int }

// compact slides the changed blocks of x (flags cx, with sentinels) as
// xdiff's xdl_change_compact does; co are the flags of the other text,
// whose groups are walked in step (one group of each text between two
// consecutive pairs of unchanged lines). x's flags change; co's do not.
func compact(x []string, cx, co []bool) {
	n, no := len(x), len(co)-2
	changed := func(c []bool, i int) bool { return c[i+1] }
	first := func(c []bool, limit int) group {
		g := group{}
		for g.end < limit && changed(c, g.end) {
			g.end++
		}
		return g
	}
	next := func(c []bool, limit int, g *group) bool {
		if g.end == limit {
			return false
		}
		g.start = g.end + 1
		g.end = g.start
		for g.end < limit && changed(c, g.end) {
			g.end++
		}
		return true
	}
	previous := func(c []bool, g *group) bool {
		if g.start == 0 {
			return false
		}
		g.end = g.start - 1
		g.start = g.end
		for g.start > 0 && changed(c, g.start-1) {
			g.start--
		}
		return true
	}
	slideDown := func(g *group) bool {
		if g.end < n && x[g.start] == x[g.end] {
			cx[g.start+1], cx[g.end+1] = false, true
			g.start++
			g.end++
			for g.end < n && changed(cx, g.end) {
				g.end++
			}
			return true
		}
		return false
	}
	slideUp := func(g *group) bool {
		if g.start > 0 && x[g.start-1] == x[g.end-1] {
			g.start--
			g.end--
			cx[g.start+1], cx[g.end+1] = true, false
			for g.start > 0 && changed(cx, g.start-1) {
				g.start--
			}
			return true
		}
		return false
	}
	g, og := first(cx, n), first(co, no)
	for {
		if g.end != g.start {
			var earliestEnd, endMatchingOther int
			for {
				size := g.end - g.start
				endMatchingOther = -1
				// Up as far as it goes, merging with the blocks met.
				for slideUp(&g) {
					if !previous(co, &og) {
						return // out of step: leave the rest as it is
					}
				}
				earliestEnd = g.end
				if og.end > og.start {
					endMatchingOther = g.end
				}
				// Then down as far as it goes.
				for slideDown(&g) {
					if !next(co, no, &og) {
						return
					}
					if og.end > og.start {
						endMatchingOther = g.end
					}
				}
				if size == g.end-g.start {
					break
				}
			}
			if g.end != earliestEnd && endMatchingOther != -1 {
				// Back up to the last place where the block lines up
				// with a changed block of the other text.
				for og.end == og.start {
					if !slideUp(&g) || !previous(co, &og) {
						return
					}
				}
			}
		}
		if !next(cx, n, &g) {
			return
		}
		if !next(co, no, &og) {
			return
		}
	}
}
