package diff

import (
	"sync"
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
func Strings(a, b []string) []Edit { return stringsHashed(a, b, nil, nil) }

// stringsHashed is Strings for tokens whose hashes can be had cheaply:
// hashA(i) of a[i] and hashB(j) of b[j] (nil: none), equal tokens having
// equal hashes. Past the common prefix and suffix, tokens with different
// hashes are then not compared, and no token is hashed by a map. The
// edits are those of Strings.
func stringsHashed(a, b []string, hashA, hashB func(int) uint64) []Edit {
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
	var ra, rb []rune
	distinct, ok := 0, false
	if hashA != nil {
		ha, hb := make([]uint64, len(am)), make([]uint64, len(bm))
		for i := range ha {
			ha[i] = hashA(pre + i)
		}
		for j := range hb {
			hb[j] = hashB(pre + j)
		}
		ra, rb, distinct, ok = internHashed(am, bm, ha, hb)
	}
	if !ok {
		ra, rb, distinct = intern(am, bm)
	}
	edits, ok := myers(ra, rb, distinct)
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

// intern gives each distinct token of a and b a rune, in the order they
// first appear, a before b, and returns the tokens as runes and how many
// are distinct.
func intern(a, b []string) (ra, rb []rune, distinct int) {
	ids := internMaps.Get().(map[string]rune)
	defer func() {
		if len(ids) <= maxPooledTokens {
			clear(ids)
			internMaps.Put(ids)
		}
	}()
	toRunes := func(toks []string) []rune {
		rs := make([]rune, len(toks))
		for i, t := range toks {
			r, seen := ids[t]
			if !seen {
				r = tokenRune(len(ids))
				ids[t] = r
			}
			rs[i] = r
		}
		return rs
	}
	ra = toRunes(a)
	rb = toRunes(b)
	return ra, rb, len(ids)
}

// internMaps are the maps intern numbers tokens with, reused: a diff
// compares the lines of every changed cell, and a map for each was the
// largest garbage of those comparisons (300 KB of the 10 MB a diff of the
// 2,000-cell pair without ids allocates). One that held more than
// maxPooledTokens tokens is dropped instead of kept, as clearing a map
// takes as long as its size at each use after.
var internMaps = sync.Pool{New: func() any { return make(map[string]rune) }}

const maxPooledTokens = 256

// internHashed is intern by the tokens' hashes (see stringsHashed): the
// same runes, each token compared only with the first token of its hash.
// It reports false when two different tokens share a hash.
func internHashed(a, b []string, ha, hb []uint64) (ra, rb []rune, distinct int, ok bool) {
	// The first token of each hash: its rune, and where it is (a[at], or
	// b[-at-1] when at < 0). Half the memory of holding the token itself.
	type first struct{ r, at int32 }
	ids := make(map[uint64]first, len(a)+len(b))
	tok := func(at int32) string {
		if at >= 0 {
			return a[at]
		}
		return b[-at-1]
	}
	toRunes := func(toks []string, hs []uint64, inA bool) []rune {
		rs := make([]rune, len(toks))
		for i, t := range toks {
			f, seen := ids[hs[i]]
			if !seen {
				at := int32(i)
				if !inA {
					at = -at - 1
				}
				f = first{tokenRune(len(ids)), at}
				ids[hs[i]] = f
			} else if tok(f.at) != t {
				return nil
			}
			rs[i] = f.r
		}
		return rs
	}
	if ra = toRunes(a, ha, true); ra == nil && len(a) > 0 {
		return nil, nil, 0, false
	}
	if rb = toRunes(b, hb, false); rb == nil && len(b) > 0 {
		return nil, nil, 0, false
	}
	return ra, rb, len(ids), true
}

// tokenRune is the rune of the nth distinct token (from 0).
func tokenRune(n int) rune {
	r := rune(n + 1)
	if r >= 0xD800 { // skip the surrogates, which are not runes
		r += 0x800
	}
	return r
}

// runeToken is the n of tokenRune(n).
func runeToken(r rune) int {
	if r >= 0xD800+0x800 {
		return int(r) - 1 - 0x800
	}
	return int(r) - 1
}

// myers diffs two sequences of tokens given as runes (intern), of which
// distinct are distinct, with go-diff. It reports false when the
// comparison is over the bounds or go-diff fails.
func myers(ra, rb []rune, distinct int) (edits []Edit, ok bool) {
	if distinct > maxTokens {
		return nil, false
	}
	// How many tokens of each kind a holds, by the token's number
	// (tokenRune's n), to count the tokens a and b have in common.
	countA := make([]int32, distinct)
	for _, r := range ra {
		countA[runeToken(r)]++
	}
	common := 0
	for _, r := range rb {
		if k := runeToken(r); countA[k] > 0 {
			countA[k]--
			common++
		}
	}
	if common == 0 {
		return []Edit{{0, len(ra), 0, len(rb)}}, true
	}
	n := len(ra) + len(rb)
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
	if i != len(ra) || j != len(rb) {
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
