package diff

import (
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/nbtools/nbdiff/notebook"
)

// A Pair matches cell A of the old notebook with cell B of the new one; -1
// means absent on that side. Action says which sides are present.
type Pair struct {
	A, B  int
	Moved bool // both present, and the cell moved relative to its neighbours
}

// An Action is what a Pair does to a cell, by the sides it is present on.
type Action int

// The actions of a Pair.
const (
	// Matched is a cell present on both sides, the same or changed,
	// moved or not (see Pair.Moved).
	Matched Action = iota
	// Added is a cell of the new notebook only: A is -1.
	Added
	// Removed is a cell of the old notebook only: B is -1.
	Removed
)

// Action returns Added when p has no old cell, Removed when it has no new
// one, and Matched when it has both. (Align never returns a pair without
// either.)
func (p Pair) Action() Action {
	switch {
	case p.A < 0:
		return Added
	case p.B < 0:
		return Removed
	}
	return Matched
}

// Bounds of the similarity pass of Align. They count work, not time, so the
// result never depends on the machine.
const (
	// maxSimWork bounds the tokens hashed and compared by the similarity
	// pass of one Align call; past it, the cells left are removed + added.
	maxSimWork = 8_000_000
	// maxSketch bounds the tokens of one cell that take part in similarity.
	maxSketch = 4096
	// maxGrid is the largest gap (cells old x cells new) paired by the
	// exhaustive dynamic program; larger gaps are walked greedily along
	// the diagonal, looking simWindow cells ahead on each side.
	maxGrid   = 4096
	simWindow = 4
	// simThreshold is the least similarity (0 to 1: twice the common
	// tokens over all tokens) at which two cells pair as modified;
	// simThreshold1 applies when a gap holds one cell on each side.
	simThreshold  = 0.5
	simThreshold1 = 0.3
	// moveKeys is the number of keys under which the move pass indexes a
	// removed cell (its first and last non-blank lines, and the smallest
	// hashes of its token sketch); a key that more than moveBucket cells
	// share says too little to look up by.
	moveKeys   = 6
	moveBucket = 8
	// moveCandidates bounds the removed cells compared with one added
	// cell in the move pass.
	moveCandidates = 16
)

// Align matches the cells of a and b and returns the matching as pairs. It
// does not modify a or b.
//
// Cells are matched in six passes:
//
//  1. by id, for every id that is unique and not empty on both sides,
//     when the two cells may be one: equal sources, or neither source
//     found unchanged on the other side and the two alike (ids that are
//     only positions would pair a cell with its neighbour);
//  2. in the gaps between id matches that keep their order, by exact type
//     and source, over the sequence of cells (Strings on the sources,
//     common prefix and suffix trimmed; in gaps of more than
//     maxCompareWhole cells, only on the cells whose source both sides
//     hold);
//  3. a cell removed in one place and a cell added in another with the
//     same type and source form a move; then cells of equal, non-blank
//     source whose type changed match, in the same gap first;
//  4. inside each gap left, cells of the same type whose sources are
//     similar (by a multiset of word hashes) are paired as modified;
//  5. a removed and an added cell of the same type left in any gaps
//     that are similar pair as moved and edited: each added cell is
//     compared with at most a few removed cells that share a key with
//     it (first or last non-blank line, or one of the smallest hashes of
//     its tokens);
//  6. inside each gap, between the pairs it holds, cells of the same type
//     still unmatched pair in order when the non-blank lines of one stand
//     together in the other (a cell that grew or was cut down), or else
//     when they have half of the lines of each in common (a heading kept,
//     its paragraph rewritten): edits that the token share rates below
//     the threshold when the part added, cut or rewritten is the larger.
//
// Every index of a and of b appears in exactly one Pair. Pairs are in the
// order of b, with removed cells placed where they stood in a (after the
// pair of the nearest earlier cell of a that did not move). A pair is Moved
// when it is not on a longest sequence of pairs that keep their order.
//
// The work is bounded: passes 1 and 3 are linear, pass 2 is bounded by
// Strings, and passes 4 to 6 compare a bounded number of cells of bounded
// size (no comparison of every cell with every other); past its bounds a
// cell is reported as removed plus added. The result is deterministic.
func Align(a, b []*notebook.Cell) []Pair {
	al := newAligner(a, b)
	al.byID()
	gaps := al.gaps()
	var regions []region
	for _, g := range gaps {
		regions = al.bySource(g, regions)
	}
	al.moves(regions)
	al.retyped(regions)
	al.budget = maxSimWork
	for _, r := range regions {
		al.similar(r)
	}
	al.movedEdited()
	for _, r := range regions {
		al.contained(r)
	}
	return al.pairs()
}

// aligner holds the state of one Align call: ma[i] is the cell of b that
// a[i] matches (-1 when none), mb[j] the cell of a that b[j] matches.
type aligner struct {
	a, b   []*notebook.Cell
	ma, mb []int
	budget int
	sa, sb [][]uint32 // token sketches, built on demand (nil: not yet)
	sk     sketcher   // scratch space for building them
}

// region is a range of cells of a and of b whose unmatched cells are to be
// matched with each other.
type region struct{ a0, a1, b0, b1 int }

// newAligner returns an aligner of a and b with no cell matched.
func newAligner(a, b []*notebook.Cell) *aligner {
	al := &aligner{a: a, b: b, ma: make([]int, len(a)), mb: make([]int, len(b))}
	for i := range al.ma {
		al.ma[i] = -1
	}
	for j := range al.mb {
		al.mb[j] = -1
	}
	return al
}

func (al *aligner) match(i, j int) {
	al.ma[i], al.mb[j] = j, i
}

// hasID reports whether c has a non-empty id.
func hasID(c *notebook.Cell) bool { return c.ID != "" }

// byID matches cells whose id is unique and not empty on both sides.
func (al *aligner) byID() {
	// Notebooks before nbformat 4.5 have no ids: no map for them.
	if !slices.ContainsFunc(al.a, hasID) || !slices.ContainsFunc(al.b, hasID) {
		return
	}
	// idx maps an id to its index in a, or -2 when it is repeated.
	idx := make(map[string]int, len(al.a))
	for i, c := range al.a {
		if c.ID == "" {
			continue
		}
		if _, dup := idx[c.ID]; dup {
			idx[c.ID] = -2
		} else {
			idx[c.ID] = i
		}
	}
	if len(idx) == 0 {
		return
	}
	// inB maps an id to its index in b, or -2 when it is repeated.
	inB := make(map[string]int, len(al.b))
	for j, c := range al.b {
		if c.ID == "" {
			continue
		}
		if _, dup := inB[c.ID]; dup {
			inB[c.ID] = -2
		} else {
			inB[c.ID] = j
		}
	}
	// An id pairs two cells whose sources differ only when they may be
	// one: neither source stands unchanged on the other side (else the
	// id went to another cell), and the two are alike, or else nothing
	// else is. Some tools write ids that are only positions ("0", "1",
	// ...): one inserted cell renumbers every cell after it, and the id
	// would pair each cell with its neighbour; with such ids on either
	// side, cells that are not alike are left to the passes by content.
	// Other ids (Jupyter's are random) stay with a cell however much it
	// is rewritten, unless a cell the ids do not pair (a new id, or none)
	// is alike (a cell split in two, its id kept by the part that changed
	// most): a cell that keeps its id and loses most of its lines is
	// that cell edited, not deleted and another added; a merge in which
	// the other side edited it a little must not take it for deleted and
	// drop that edit.
	guard := positionalIDs(al.a) || positionalIDs(al.b)
	var srcA, srcB sourceSet // the sources of a and of b, made when needed
	var free *[2][]int       // the cells no id pairs, made when needed
	// The comparisons with those cells get a similarity budget of their
	// own; the passes by similarity get theirs afresh.
	al.budget = maxSimWork
	for j, c := range al.b {
		if c.ID == "" || inB[c.ID] != j {
			continue
		}
		i, ok := idx[c.ID]
		if !ok || i < 0 {
			continue
		}
		if x := al.a[i]; x.Source != c.Source {
			if srcA.first == nil {
				srcA, srcB = newSourceSet(al.a), newSourceSet(al.b)
			}
			if srcB.has(x) || srcA.has(c) {
				continue
			}
			if !al.alike(i, j) && (guard || al.alikeUnpaired(i, j, &free, idx, inB)) {
				continue
			}
		}
		al.match(i, j)
	}
}

// alikeUnpaired reports whether a cell that no id pairs (its id is
// missing, or not on the other side) is alike to a[i] among b's cells, or
// to b[j] among a's. It lists those cells once, in *free, and charges
// each comparison to the similarity budget (the sources' bytes bound its
// work): once that is spent, it answers false, and the id holds.
func (al *aligner) alikeUnpaired(i, j int, free **[2][]int, idxA, idxB map[string]int) bool {
	if *free == nil {
		*free = &[2][]int{}
		for k, c := range al.a {
			if _, paired := idxB[c.ID]; c.ID == "" || !paired {
				(*free)[0] = append((*free)[0], k)
			}
		}
		for k, c := range al.b {
			if _, paired := idxA[c.ID]; c.ID == "" || !paired {
				(*free)[1] = append((*free)[1], k)
			}
		}
	}
	alike := func(x, y int) bool {
		if al.budget <= 0 || al.a[x].Type != al.b[y].Type {
			return false
		}
		al.budget -= len(al.a[x].Source) + len(al.b[y].Source) + 1
		return al.alike(x, y)
	}
	for _, j2 := range (*free)[1] {
		if alike(i, j2) {
			return true
		}
	}
	for _, i2 := range (*free)[0] {
		if alike(i2, j) {
			return true
		}
	}
	return false
}

// positionalIDs reports whether the ids of cells tell their places: each
// id ends in the cell's index, counted from 0 or 1 ("0", "1", ...,
// "cell-3"), as some tools number cells. Notebooks without ids have none.
func positionalIDs(cells []*notebook.Cell) bool {
	seen := false
	for i, c := range cells {
		if c.ID == "" {
			continue
		}
		k := len(c.ID)
		for k > 0 && c.ID[k-1] >= '0' && c.ID[k-1] <= '9' {
			k--
		}
		n, err := strconv.Atoi(c.ID[k:])
		if err != nil || (n != i && n != i+1) {
			return false
		}
		seen = true
	}
	return seen
}

// A sourceSet is the set of the sources of cells, found by their hashes
// (notebook.Cell.SourceHash, which the parse takes as it reads them):
// making it reads no source, and a source is compared whole only with one
// of its hash (usually the same string, compared at once).
type sourceSet struct {
	cells []*notebook.Cell
	first map[uint64]int // the first cell of each hash
}

func newSourceSet(cells []*notebook.Cell) sourceSet {
	set := sourceSet{cells, make(map[uint64]int, len(cells))}
	for i, c := range cells {
		h := c.SourceHash()
		if _, seen := set.first[h]; !seen {
			set.first[h] = i
		}
	}
	return set
}

// has reports whether a cell of the set has the source of c.
func (set sourceSet) has(c *notebook.Cell) bool {
	i, ok := set.first[c.SourceHash()]
	switch {
	case !ok:
		return false
	case set.cells[i].Source == c.Source:
		return true
	}
	// Two sources with one hash: look at every cell.
	return slices.ContainsFunc(set.cells, func(d *notebook.Cell) bool { return d.Source == c.Source })
}

// alike reports whether the sources of a[i] and b[j] are, whatever the
// cells' types, at least simThreshold1 similar as sim measures it. It
// hashes each source at most once, and spends nothing of the similarity
// pass's budget.
func (al *aligner) alike(i, j int) bool {
	x, y := al.a[i].Source, al.b[j].Source
	if x == y || affixSimilarity(x, y) >= simThreshold1 {
		return true
	}
	sa, _ := al.sketch(&al.sa, al.a, i)
	sb, _ := al.sketch(&al.sb, al.b, j)
	return commonShare(sa, sb) >= simThreshold1
}

// sketch returns the token sketch of cells[k] (cells is al.a, and sk
// &al.sa, or al.b and &al.sb), and whether it built it now: each cell's is
// built once, when first needed.
func (al *aligner) sketch(sk *[][]uint32, cells []*notebook.Cell, k int) (s []uint32, built bool) {
	if al.sa == nil {
		al.sa, al.sb = make([][]uint32, len(al.a)), make([][]uint32, len(al.b))
	}
	if s = (*sk)[k]; s == nil {
		s = al.sk.sketch(cells[k].Source)
		(*sk)[k] = s
		built = true
	}
	return s, built
}

// commonShare returns twice the tokens common to two sorted sketches over
// the tokens of both (1 when both are empty).
func commonShare(sa, sb []uint32) float64 {
	if len(sa)+len(sb) == 0 {
		return 1
	}
	common := 0
	for x, y := 0, 0; x < len(sa) && y < len(sb); {
		switch {
		case sa[x] == sb[y]:
			common++
			x, y = x+1, y+1
		case sa[x] < sb[y]:
			x++
		default:
			y++
		}
	}
	return 2 * float64(common) / float64(len(sa)+len(sb))
}

// gaps returns the ranges between the matches so far that keep their
// order (a longest increasing sequence of them), ends included.
func (al *aligner) gaps() []region {
	keep := al.ordered()
	var gs []region
	pa, pb := 0, 0
	for _, j := range keep {
		i := al.mb[j]
		if i > pa || j > pb {
			gs = append(gs, region{pa, i, pb, j})
		}
		pa, pb = i+1, j+1
	}
	if pa < len(al.a) || pb < len(al.b) {
		gs = append(gs, region{pa, len(al.a), pb, len(al.b)})
	}
	return gs
}

// ordered returns the cells of b, in order, of a longest sequence of
// matches whose cells of a are in increasing order (patience sorting, with
// the earliest candidates kept on ties, so the result is deterministic).
func (al *aligner) ordered() []int {
	var tails []int // tails[k]: index in b ending the best run of length k+1
	prev := make([]int, len(al.mb))
	for j, i := range al.mb {
		if i < 0 {
			continue
		}
		k := sort.Search(len(tails), func(k int) bool { return al.mb[tails[k]] >= i })
		if k > 0 {
			prev[j] = tails[k-1]
		} else {
			prev[j] = -1
		}
		if k == len(tails) {
			tails = append(tails, j)
		} else {
			tails[k] = j
		}
	}
	if len(tails) == 0 {
		return nil
	}
	out := make([]int, len(tails))
	for k, j := len(tails)-1, tails[len(tails)-1]; k >= 0; k-- {
		out[k] = j
		j = prev[j]
	}
	return out
}

// bySource matches the unmatched cells of gap g by exact source and type,
// and appends to regions the ranges of cells still unmatched.
func (al *aligner) bySource(g region, regions []region) []region {
	ia, jb := unmatched(al.ma, g.a0, g.a1), unmatched(al.mb, g.b0, g.b1)
	if len(ia)+len(jb) == 0 {
		return regions
	}
	// A cell whose source the other side does not hold matches nothing
	// here. Past maxCompareWhole cells the comparison leaves such cells
	// out (as GNU diff leaves out the lines of one side), which still finds
	// a longest sequence of equal sources, in less memory (see
	// maxCompareWhole).
	if len(ia)+len(jb) > maxCompareWhole {
		ia, jb = heldByBoth(al.a, ia, al.b, jb)
	}
	if len(ia) == 0 || len(jb) == 0 {
		return append(regions, g)
	}
	ka, kb := sourcesOf(al.a, ia), sourcesOf(al.b, jb)
	edits := stringsHashed(ka, kb,
		func(k int) uint64 { return al.a[ia[k]].SourceHash() },
		func(k int) uint64 { return al.b[jb[k]].SourceHash() })
	// Equal runs between edits match, when the types agree too.
	x, y := 0, 0
	equal := func(x1 int) {
		for ; x < x1; x, y = x+1, y+1 {
			if al.a[ia[x]].Type == al.b[jb[y]].Type {
				al.match(ia[x], jb[y])
			}
		}
	}
	for _, e := range edits {
		equal(e.AStart)
		x, y = e.AEnd, e.BEnd
	}
	equal(len(ia))
	// The regions left: between consecutive matches of the gap.
	pa, pb := g.a0, g.b0
	for _, j := range jb {
		i := al.mb[j]
		if i < 0 {
			continue
		}
		if i > pa || j > pb {
			regions = append(regions, region{pa, i, pb, j})
		}
		pa, pb = i+1, j+1
	}
	if pa < g.a1 || pb < g.b1 {
		regions = append(regions, region{pa, g.a1, pb, g.b1})
	}
	return regions
}

// maxCompareWhole is the number of unmatched cells (both sides together)
// up to which bySource compares a gap whole; in a larger gap it compares
// only the cells whose source both sides hold. go-diff's memory grows with
// the length it compares times the depth of its recursion: on the
// 2,000-cell pair without ids, where each edited cell is a cell of one
// side, Align allocated 1.83 MB with them (0.9 in go-diff) and 1.33
// without. Compared whole, where a source repeats, go-diff chooses which
// of its cells pair by where they stand among all the cells, which reads
// better: compared without the cells of one side, 4 of the 948 pairs of
// ../shared/merges' notebooks aligned such cells otherwise (as many cells
// of equal source paired; in one, three more cells shown as moved).
const maxCompareWhole = 1000

// unmatched returns the indexes k in [lo, hi) where m[k] < 0, in a slice
// made to their count (appending them, the cell alignment of the
// 2,000-cell pair without ids grew 87 KB of garbage).
func unmatched(m []int, lo, hi int) []int {
	n := 0
	for _, x := range m[lo:hi] {
		if x < 0 {
			n++
		}
	}
	if n == 0 {
		return nil
	}
	out := make([]int, 0, n)
	for k := lo; k < hi; k++ {
		if m[k] < 0 {
			out = append(out, k)
		}
	}
	return out
}

// heldByBoth returns, of the cells of a at indexes ia and of b at jb, those
// whose source's hash the other side's have too (two sources may share a
// hash: the comparison tells them apart). It reuses ia's and jb's arrays.
func heldByBoth(a []*notebook.Cell, ia []int, b []*notebook.Cell, jb []int) ([]int, []int) {
	hashes := func(cells []*notebook.Cell, idx []int) []uint64 {
		hs := make([]uint64, len(idx))
		for k, i := range idx {
			hs[k] = cells[i].SourceHash()
		}
		slices.Sort(hs)
		return hs
	}
	ha, hb := hashes(a, ia), hashes(b, jb)
	keep := func(cells []*notebook.Cell, idx []int, other []uint64) []int {
		return slices.DeleteFunc(idx, func(i int) bool {
			_, found := slices.BinarySearch(other, cells[i].SourceHash())
			return !found
		})
	}
	return keep(a, ia, hb), keep(b, jb, ha)
}

// sourcesOf returns the sources of the cells of cells at indexes.
func sourcesOf(cells []*notebook.Cell, indexes []int) []string {
	srcs := make([]string, len(indexes))
	for k, i := range indexes {
		srcs[k] = cells[i].Source
	}
	return srcs
}

// moves matches cells removed in one region and added in another (or the
// same) with equal type and source, in order.
func (al *aligner) moves(regions []region) {
	type key struct{ typ, src string }
	removed := make(map[key][]int)
	for _, r := range regions {
		for i := r.a0; i < r.a1; i++ {
			if al.ma[i] < 0 {
				k := key{al.a[i].Type, al.a[i].Source}
				removed[k] = append(removed[k], i)
			}
		}
	}
	if len(removed) == 0 {
		return
	}
	for _, r := range regions {
		for j := r.b0; j < r.b1; j++ {
			if al.mb[j] >= 0 {
				continue
			}
			k := key{al.b[j].Type, al.b[j].Source}
			if cands := removed[k]; len(cands) > 0 {
				al.match(cands[0], j)
				removed[k] = cands[1:]
			}
		}
	}
}

// retyped matches cells of equal, non-blank source whose type changed:
// first inside each region, in order, then across regions (a cell moved
// and retyped).
func (al *aligner) retyped(regions []region) {
	removed := make(map[string][]int)
	match := func(r region) {
		for j := r.b0; j < r.b1; j++ {
			if al.mb[j] >= 0 || isBlank(al.b[j].Source) {
				continue
			}
			src := al.b[j].Source
			for k, i := range removed[src] {
				if al.ma[i] < 0 {
					al.match(i, j)
					removed[src] = removed[src][k+1:]
					break
				}
			}
		}
	}
	add := func(r region) {
		for i := r.a0; i < r.a1; i++ {
			if al.ma[i] < 0 && !isBlank(al.a[i].Source) {
				removed[al.a[i].Source] = append(removed[al.a[i].Source], i)
			}
		}
	}
	for _, r := range regions {
		add(r)
		match(r)
		clear(removed)
	}
	for _, r := range regions {
		add(r)
	}
	if len(removed) == 0 {
		return
	}
	for _, r := range regions {
		match(r)
	}
}

// movedEdited pairs the removed and added cells left, in any regions,
// that are similar enough: cells moved and edited. A removed cell is
// indexed under its moveKeys; each added cell, in order, is compared with
// the unmatched removed cells that share a key with it (at most
// moveCandidates, keys shared by more than moveBucket removed cells left
// out) and pairs with the most similar at simThreshold or above, the
// earliest on ties.
func (al *aligner) movedEdited() {
	var rem, add []int
	for i, j := range al.ma {
		if j < 0 && !isBlank(al.a[i].Source) {
			rem = append(rem, i)
		}
	}
	for j, i := range al.mb {
		if i < 0 && !isBlank(al.b[j].Source) {
			add = append(add, j)
		}
	}
	if len(rem) == 0 || len(add) == 0 || al.budget <= 0 {
		return
	}
	index := make(map[uint64][]int32, len(rem)*moveKeys)
	var keys []uint64
	for _, i := range rem {
		keys = al.moveKeys(keys[:0], &al.sa, al.a, i)
		for _, k := range keys {
			if b, ok := index[k]; !ok || b != nil && len(b) < moveBucket {
				index[k] = append(b, int32(i))
			} else if ok {
				index[k] = nil // crowded: left out
			}
		}
		if al.budget <= 0 {
			return
		}
	}
	var cands []int
	for _, j := range add {
		if al.budget <= 0 {
			return
		}
		keys = al.moveKeys(keys[:0], &al.sb, al.b, j)
		cands = cands[:0]
		for _, k := range keys {
			for _, i := range index[k] {
				if al.ma[i] < 0 && len(cands) < moveCandidates && !slices.Contains(cands, int(i)) {
					cands = append(cands, int(i))
				}
			}
		}
		slices.Sort(cands)
		best, bs := -1, 0.0
		for _, i := range cands {
			if s := al.sim(i, j, len(cands) > 1); s >= simThreshold && s > bs {
				best, bs = i, s
			}
		}
		if best >= 0 {
			al.match(best, j)
		}
	}
}

// moveKeys appends to keys the keys of cells[k] (cells is al.a, and sk
// &al.sa, or al.b and &al.sb): the hashes of its first and last non-blank
// lines and the smallest distinct hashes of its token sketch. It charges
// the sketch it builds to the budget.
func (al *aligner) moveKeys(keys []uint64, sk *[][]uint32, cells []*notebook.Cell, k int) []uint64 {
	c := cells[k]
	first := alignKey(c.Source)
	keys = append(keys, lineHash(first))
	if last := lastNonBlank(c.Source); last != first {
		keys = append(keys, lineHash(last))
	}
	s, built := al.sketch(sk, cells, k)
	if built {
		al.budget -= len(c.Source) + 1
	}
	for x := 0; x < len(s) && len(keys) < moveKeys; x++ {
		if x == 0 || s[x] != s[x-1] {
			keys = append(keys, uint64(s[x]))
		}
	}
	return keys
}

// lineHash returns the FNV-1a hash of l. (It shares the index with token
// hashes: a collision only adds a candidate.)
func lineHash(l string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(l); i++ {
		h ^= uint64(l[i])
		h *= 1099511628211
	}
	return h
}

// lastNonBlank returns the last line of s that is not blank, without its
// line end ("\n", a trailing "\r" dropped); "" when every line is blank.
func lastNonBlank(s string) string {
	for s != "" {
		i := strings.LastIndexByte(s, '\n')
		l := strings.TrimRight(s[i+1:], "\r")
		s = s[:max(i, 0)]
		if strings.TrimSpace(l) != "" {
			return l
		}
	}
	return ""
}

// similar pairs the unmatched cells of region r whose types agree and
// whose sources are similar, keeping their order.
func (al *aligner) similar(r region) {
	ia, jb := unmatched(al.ma, r.a0, r.a1), unmatched(al.mb, r.b0, r.b1)
	thr := simThreshold
	if len(ia) == 1 && len(jb) == 1 {
		thr = simThreshold1
	}
	al.pairSimilar(ia, jb, thr, true)
}

// contained pairs, in order, cells of region r that the similarity passes
// left unmatched when their lines show them to be one cell: the non-blank
// lines of one stand together in the other (a cell that grew, as a heading
// that got a paragraph, or was cut down), or the two have at least half of
// the lines of each in common (a heading kept and its paragraph rewritten).
// The token share rates such pairs below the threshold when the part
// added, cut or rewritten is the larger. It looks between the pairs that
// region r holds in order, at most maxGrid candidate pairs at a time, and
// charges the lines it splits and compares to the budget.
func (al *aligner) contained(r region) {
	i, j := r.a0, r.b0
	for i < r.a1 && j < r.b1 {
		// The next pair inside r ends the stretch [i, i1) x [j, j1).
		i1, j1 := i, j
		for i1 < r.a1 && (al.ma[i1] < 0 || al.ma[i1] < j || al.ma[i1] >= r.b1) {
			i1++
		}
		if i1 < r.a1 {
			j1 = al.ma[i1]
		} else {
			j1 = r.b1
		}
		al.pairContained(i, i1, j, j1)
		i, j = i1+1, j1+1
	}
}

// pairContained pairs the unmatched cells of a[i0:i1] with those of
// b[j0:j1], in order, when their types agree and their lines show them to
// be one cell (see contained): each cell of a with the first candidate of
// b whose lines hold it or are held by it, else with the first that has
// half of its lines in common. It stops when the budget is spent.
func (al *aligner) pairContained(i0, i1, j0, j1 int) {
	ia := slices.DeleteFunc(unmatched(al.ma, i0, i1), func(i int) bool { return isBlank(al.a[i].Source) })
	jb := slices.DeleteFunc(unmatched(al.mb, j0, j1), func(j int) bool { return isBlank(al.b[j].Source) })
	if len(ia) == 0 || len(jb) == 0 || len(ia)*len(jb) > maxGrid || al.budget <= 0 {
		return
	}
	lb := make([][]string, len(jb))
	for y, j := range jb {
		lb[y] = nonBlankLines(al.b[j].Source)
		al.budget -= len(al.b[j].Source) + 1
	}
	next := 0 // the first candidate of b after the last pair
	for _, i := range ia {
		la := nonBlankLines(al.a[i].Source)
		al.budget -= len(al.a[i].Source) + 1
		block, half := -1, -1
		for y := next; y < len(jb) && block < 0 && al.budget > 0; y++ {
			if al.a[i].Type != al.b[jb[y]].Type {
				continue
			}
			small, big := la, lb[y]
			if len(small) > len(big) {
				small, big = big, small
			}
			found, work := isBlock(small, big)
			al.budget -= work
			switch {
			case found:
				block = y
			case half < 0 && 2*len(small) >= len(big):
				al.budget -= len(small) + len(big)
				if halfShared(small, big) {
					half = y
				}
			}
		}
		y := block
		if y < 0 {
			y = half
		}
		if y >= 0 {
			al.match(i, jb[y])
			next = y + 1
		}
	}
}

// isBlock reports whether the lines small, one or more, stand together
// and in order in big, and how many line comparisons it made.
func isBlock(small, big []string) (found bool, work int) {
	if len(small) == 0 {
		return false, 0
	}
	for k := 0; k+len(small) <= len(big); k++ {
		n := 0
		for n < len(small) && small[n] == big[k+n] {
			n++
		}
		work += n + 1
		if n == len(small) {
			return true, work
		}
	}
	return false, work
}

// halfShared reports whether small and big, of which big has at most
// twice the lines of small, have at least half of the lines of each in
// common (counted as multisets).
func halfShared(small, big []string) bool {
	m := make(map[string]int, len(small))
	for _, l := range small {
		m[l]++
	}
	common := 0
	for _, l := range big {
		if m[l] > 0 {
			m[l]--
			common++
		}
	}
	return common > 0 && 2*common >= len(big)
}

// nonBlankLines returns the lines of s that are not blank, without their
// line ends.
func nonBlankLines(s string) []string {
	var ls []string
	for l := range strings.Lines(s) {
		if l = strings.TrimRight(l, "\r\n"); !isBlank(l) {
			ls = append(ls, l)
		}
	}
	return ls
}

// pairSimilar pairs cells ia with cells jb (in order) whose similarity is
// at least thr: exactly when the grid of candidates is small; else, with
// coarse, by the longest common sequence of their first lines, then inside
// what is left; else greedily along the diagonal.
func (al *aligner) pairSimilar(ia, jb []int, thr float64, coarse bool) {
	n, m := len(ia), len(jb)
	if n == 0 || m == 0 || al.budget <= 0 {
		return
	}
	if n*m <= maxGrid {
		al.similarGrid(ia, jb, thr)
		return
	}
	if coarse {
		ka := make([]string, n)
		for x, i := range ia {
			ka[x] = alignKey(al.a[i].Source)
		}
		kb := make([]string, m)
		for y, j := range jb {
			kb[y] = alignKey(al.b[j].Source)
		}
		x, y := 0, 0
		equal := func(x1 int) {
			for ; x < x1; x, y = x+1, y+1 {
				if al.sim(ia[x], jb[y], false) >= thr {
					al.match(ia[x], jb[y])
				}
			}
		}
		for _, e := range Strings(ka, kb) {
			equal(e.AStart)
			al.pairSimilar(ia[e.AStart:e.AEnd], jb[e.BStart:e.BEnd], thr, false)
			x, y = e.AEnd, e.BEnd
		}
		equal(n)
		return
	}
	// Greedy walk along the diagonal: at (x, y) take the nearest similar
	// pair within the window, else count both cells as changed.
	x, y := 0, 0
	for x < n && y < m && al.budget > 0 {
		bx, by, bs := -1, -1, 0.0
		for d := 0; d < 2*simWindow-1 && bx < 0; d++ {
			for dx := 0; dx <= d; dx++ {
				dy := d - dx
				if dx >= simWindow || dy >= simWindow || x+dx >= n || y+dy >= m {
					continue
				}
				if s := al.sim(ia[x+dx], jb[y+dy], true); s >= thr && s > bs {
					bx, by, bs = x+dx, y+dy, s
				}
			}
		}
		if bx < 0 {
			x, y = x+1, y+1
			continue
		}
		al.match(ia[bx], jb[by])
		x, y = bx+1, by+1
	}
}

// alignKey returns the key of a cell's source s in the coarse pairing:
// its first line that is not blank, without its line end. Unlike the first
// line that names a cell in @@ lines, its spaces count and only "\n" ends
// it (trailing "\r" dropped): the keys are what the alignment was tuned
// with, and changing them would change alignments.
func alignKey(s string) string {
	return strings.TrimRight(firstNonBlank(s, "\n"), "\r")
}

// similarGrid pairs cells ia with cells jb by the order-keeping matching
// that maximises the total similarity of pairs at or above thr.
func (al *aligner) similarGrid(ia, jb []int, thr float64) {
	n, m := len(ia), len(jb)
	w := m + 1
	score := make([]float64, (n+1)*w)
	sims := make([]float64, n*m)
	for x := 0; x < n; x++ {
		for y := 0; y < m; y++ {
			sims[x*m+y] = al.sim(ia[x], jb[y], n*m > 1)
		}
	}
	for x := 1; x <= n; x++ {
		for y := 1; y <= m; y++ {
			s := max(score[(x-1)*w+y], score[x*w+y-1])
			if v := sims[(x-1)*m+y-1]; v >= thr {
				s = max(s, score[(x-1)*w+y-1]+v)
			}
			score[x*w+y] = s
		}
	}
	for x, y := n, m; x > 0 && y > 0; {
		switch v := sims[(x-1)*m+y-1]; {
		case v >= thr && score[x*w+y] == score[(x-1)*w+y-1]+v:
			al.match(ia[x-1], jb[y-1])
			x, y = x-1, y-1
		case score[x*w+y] == score[(x-1)*w+y]:
			x--
		default:
			y--
		}
	}
}

// sim returns the similarity of a[i] and b[j]: 0 when their types differ
// or the budget is spent; else twice the number of common tokens over the
// number of all tokens, or the share of the sources their common prefix
// and suffix make up when that is larger and at least simThreshold (an
// edit that leaves a long common start and end).
//
// With exact false it may answer with the affix share alone once that is
// at least simThreshold, without the token sketches: the quick accept of
// most edits, for callers that only compare the result with a threshold
// (at most simThreshold). Callers that choose the most similar of several
// cells need exact: the affix share is only a lower bound of how alike
// two sources are, and set against another candidate's token share it
// could prefer the less similar cell.
func (al *aligner) sim(i, j int, exact bool) float64 {
	ca, cb := al.a[i], al.b[j]
	if ca.Type != cb.Type || al.budget <= 0 {
		return 0
	}
	q := affixSimilarity(ca.Source, cb.Source)
	if q < simThreshold {
		q = 0
	} else if !exact || q == 1 {
		al.budget -= len(ca.Source) + 1
		return q
	}
	sa, built := al.sketch(&al.sa, al.a, i)
	if built {
		al.budget -= len(ca.Source) + 1
	}
	sb, built := al.sketch(&al.sb, al.b, j)
	if built {
		al.budget -= len(cb.Source) + 1
	}
	al.budget -= len(sa) + len(sb)
	return max(q, commonShare(sa, sb))
}

// affixSimilarity returns twice the bytes of the common prefix and suffix
// of x and y over their total length: a lower bound of how alike they are.
func affixSimilarity(x, y string) float64 {
	n := min(len(x), len(y))
	if n == 0 {
		return 0
	}
	pre := 0
	for pre < n && x[pre] == y[pre] {
		pre++
	}
	suf := 0
	for suf < n-pre && x[len(x)-1-suf] == y[len(y)-1-suf] {
		suf++
	}
	return 2 * float64(pre+suf) / float64(len(x)+len(y))
}

// A sketcher builds sketches, reusing its scratch space.
type sketcher struct {
	hs    []uint32
	start []int32
}

// sketch returns the sorted hashes of the first maxSketch tokens of s:
// runs of letters, digits and '_' (any byte >= 0x80 counts as a letter),
// and single other characters; white space is skipped. A hash is 32 bits,
// half the memory of 64 (on the 2,000-cell pair without ids the sketches
// took 680 KB so, of a diff's 12 MB): two different tokens share one about
// once in four billion pairs, which counts one token more as common, a
// rounding error of the similarity.
func (sk *sketcher) sketch(s string) []uint32 {
	hs := sk.hs[:0]
	for i := 0; i < len(s) && len(hs) < maxSketch; {
		c := s[i]
		if c == ' ' || c == '\t' || c == '\n' || c == '\r' {
			i++
			continue
		}
		j := i + 1
		if isWordByte(c) {
			for j < len(s) && isWordByte(s[j]) {
				j++
			}
		}
		h := uint64(14695981039346656037)
		for k := i; k < j; k++ {
			h ^= uint64(s[k])
			h *= 1099511628211
		}
		// FNV-1a of short tokens differs little in its top bits, which
		// are the ones kept and on which sort buckets: mix them in.
		h ^= h >> 33
		h *= 0xff51afd7ed558ccd
		h ^= h >> 33
		hs = append(hs, uint32(h>>32))
		i = j
	}
	sk.hs = hs
	return sk.sort(hs)
}

// sort returns the hashes of hs, which spread evenly over the uint32
// range, in order in a new slice (never nil), in expected linear time: a
// counting sort on their top bits (about one bucket per hash), then an
// insertion sort of the few that share a bucket. On the sketch of an
// ordinary cell it beats slices.Sort, which compares its way to the order;
// equal hashes end up together, so duplicates cost nothing.
func (sk *sketcher) sort(hs []uint32) []uint32 {
	out := make([]uint32, len(hs))
	n := copy(out, hs)
	if n < 64 {
		slices.Sort(out)
		return out
	}
	bits := 1
	for 1<<bits < n {
		bits++
	}
	shift := 32 - bits
	start := slices.Grow(sk.start[:0], 1<<bits+1)[:1<<bits+1]
	clear(start)
	sk.start = start
	for _, h := range hs {
		start[h>>shift+1]++
	}
	for k := 1; k < len(start); k++ {
		start[k] += start[k-1]
	}
	for _, h := range hs {
		k := h >> shift
		out[start[k]] = h
		start[k]++
	}
	// Bucket by bucket, the insertion sort moves few hashes; should the
	// hashes crowd into few buckets after all, slices.Sort takes over.
	moves := 0
	for i := 1; i < n; i++ {
		x := out[i]
		j := i
		for j > 0 && out[j-1] > x {
			out[j] = out[j-1]
			j--
		}
		out[j] = x
		if moves += i - j; moves > 4*n {
			slices.Sort(out)
			break
		}
	}
	return out
}

func isWordByte(c byte) bool {
	return c == '_' || c >= 0x80 || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

// pairs lists the matching in the order of b, removed cells after the pair
// of the nearest earlier cell of a that did not move, and marks moves.
func (al *aligner) pairs() []Pair {
	moved := make([]bool, len(al.b))
	for j, i := range al.mb {
		moved[j] = i >= 0
	}
	for _, j := range al.ordered() {
		moved[j] = false
	}
	// after[j+1] counts the removed cells placed after b[j]; after[0]
	// those placed first.
	after := make([]int, len(al.b)+1)
	anchor := make([]int, len(al.a)) // slot in after of each removed cell
	last := 0
	for i, j := range al.ma {
		switch {
		case j < 0:
			anchor[i] = last
			after[last]++
		case !moved[j]:
			last = j + 1
		}
	}
	// start[k] is the index in the result of the first cell of slot k.
	start := make([]int, len(al.b)+1)
	pos := 0
	for k := range start {
		if k > 0 {
			pos++ // the pair of b[k-1]
		}
		start[k] = pos
		pos += after[k]
	}
	out := make([]Pair, len(al.a)+len(al.b)-countMatched(al.mb))
	for j, i := range al.mb {
		out[start[j+1]-1] = Pair{A: i, B: j, Moved: moved[j]}
	}
	for i, j := range al.ma {
		if j < 0 {
			k := anchor[i]
			out[start[k]] = Pair{A: i, B: -1}
			start[k]++
		}
	}
	return out
}

func countMatched(mb []int) int {
	n := 0
	for _, i := range mb {
		if i >= 0 {
			n++
		}
	}
	return n
}
