package diff

import (
	"unicode/utf8"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// An Edit replaces a[AStart:AEnd] with b[BStart:BEnd]. An insertion has
// AStart == AEnd, a deletion BStart == BEnd.
type Edit struct {
	AStart, AEnd int
	BStart, BEnd int
}

// maxTokens bounds the distinct tokens one comparison may hold: go-diff
// works on runes, and there are not many more runes than this.
const maxTokens = 1_000_000

// maxWork bounds the work of one comparison, counted as (n+m)*d where n and
// m are the lengths after trimming the common prefix and suffix and d is a
// lower bound of the edit distance. Past it the middle is one replacement.
const maxWork = 400_000_000

// Strings compares two sequences of tokens (lines of a text, words of a
// line) and returns the edits that turn a into b: sorted, not overlapping,
// none empty. It does not modify a or b. The result is deterministic; its
// cost is bounded, and past the bound the differing middle of the two
// sequences is reported as one replacement rather than a minimal diff.
func Strings(a, b []string) []Edit {
	// Trim the common prefix and suffix: the common case is a small change.
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	am, bm := a[pre:len(a)-suf], b[pre:len(b)-suf]
	switch {
	case len(am) == 0 && len(bm) == 0:
		return nil
	case len(am) == 0 || len(bm) == 0:
		return []Edit{{pre, pre + len(am), pre, pre + len(bm)}}
	}
	edits, ok := myers(am, bm)
	if !ok {
		return []Edit{{pre, pre + len(am), pre, pre + len(bm)}}
	}
	for i := range edits {
		edits[i].AStart += pre
		edits[i].AEnd += pre
		edits[i].BStart += pre
		edits[i].BEnd += pre
	}
	return edits
}

// myers diffs a and b with go-diff over one rune per distinct token. It
// reports false when the comparison is over the bounds or go-diff fails.
func myers(a, b []string) (edits []Edit, ok bool) {
	ids := make(map[string]rune, len(a)+len(b))
	countA := make(map[rune]int)
	toRunes := func(toks []string, count bool) []rune {
		rs := make([]rune, len(toks))
		for i, t := range toks {
			r, seen := ids[t]
			if !seen {
				r = rune(len(ids) + 1)
				if r >= 0xD800 { // skip the surrogates, which are not runes
					r += 0x800
				}
				ids[t] = r
			}
			rs[i] = r
			if count {
				countA[r]++
			}
		}
		return rs
	}
	ra := toRunes(a, true)
	rb := toRunes(b, false)
	if len(ids) > maxTokens {
		return nil, false
	}
	common := 0
	for _, r := range rb {
		if countA[r] > 0 {
			countA[r]--
			common++
		}
	}
	if common == 0 {
		return []Edit{{0, len(a), 0, len(b)}}, true
	}
	n := len(a) + len(b)
	if d := n - 2*common; n*d > maxWork {
		return nil, false
	}
	defer func() {
		if recover() != nil {
			edits, ok = nil, false
		}
	}()
	dmp := diffmatchpatch.New()
	dmp.DiffTimeout = 0
	diffs := dmp.DiffMainRunes(ra, rb, false)
	i, j := 0, 0
	for _, d := range diffs {
		k := utf8.RuneCountInString(d.Text)
		switch d.Type {
		case diffmatchpatch.DiffEqual:
			i += k
			j += k
		case diffmatchpatch.DiffDelete:
			edits = appendEdit(edits, Edit{i, i + k, j, j})
			i += k
		case diffmatchpatch.DiffInsert:
			edits = appendEdit(edits, Edit{i, i, j, j + k})
			j += k
		}
	}
	if i != len(a) || j != len(b) {
		return nil, false
	}
	return edits, true
}

// appendEdit appends e, joining it with the last edit when they touch.
func appendEdit(edits []Edit, e Edit) []Edit {
	if n := len(edits); n > 0 && edits[n-1].AEnd == e.AStart && edits[n-1].BEnd == e.BStart {
		edits[n-1].AEnd, edits[n-1].BEnd = e.AEnd, e.BEnd
		return edits
	}
	return append(edits, e)
}
