package merge

import (
	"fmt"
	"hash/fnv"
	"sort"
	"strconv"
	"strings"

	"github.com/nbtools/nbdiff/diff"
	"github.com/nbtools/nbdiff/notebook"
)

// Notebooks merges the changes from base to ours and from base to theirs,
// cell by cell and line by line inside cells, following the case table of
// the package documentation. A nil base means an empty base (add/add); a nil
// ours or theirs counts as a notebook without cells. The result is a new
// notebook that always writes as valid JSON; conflicts are marked inside
// cell sources and listed in Result.Conflicts. Notebooks does not modify its
// arguments. Its cost is that of diff.Align on the cells plus diff.Strings
// on the sources of cells both sides changed.
func Notebooks(base, ours, theirs *notebook.Notebook, opts Options) *Result {
	if ours == nil {
		ours = emptyLike(theirs)
	}
	if theirs == nil {
		theirs = emptyLike(ours)
	}
	if base == nil {
		base = emptyLike(ours)
	}
	m := &merger{opts: opts, base: base.Cells, ours: ours.Cells, theirs: theirs.Cells, noMove: map[moveKey]bool{}}
	m.align()
	items := m.sequence()
	var res *Result
	var out *notebook.Notebook
	for round := 0; ; round++ {
		// Row moved text: a move that cannot be applied to the merged
		// cells is disabled and the cells merged again. A second round
		// that fails too (a move that failed changed what another
		// finds) turns all moves off for a last one: at most three
		// rounds.
		m.wordBudget, m.moves = wordBudget, nil
		res = &Result{}
		out = &notebook.Notebook{
			Major: 4,
			Minor: max(ours.Minor, theirs.Minor),
			Style: ours.Style,
		}
		for _, it := range items {
			c, conf := m.cell(it, len(out.Cells), res)
			if c == nil {
				continue // moved text whose edit goes elsewhere
			}
			out.Cells = append(out.Cells, c)
			if conf.Kind != 0 {
				res.Conflicts = append(res.Conflicts, conf)
			}
		}
		failed := m.applyMoves(out, res)
		if len(failed) == 0 {
			break
		}
		for _, k := range failed {
			m.noMove[k] = true
		}
		m.movesOff = round > 0
	}
	for _, i := range m.movedApart {
		res.Notes = append(res.Notes, fmt.Sprintf("the sides put a cell in different places (moves on both sides); it stands where ours put it: %q", firstLine(m.base[i].Source)))
	}
	for _, g := range m.gone {
		by, other := "ours", "theirs"
		if g.deleter == fromTheirs {
			by, other = other, by
		}
		res.Notes = append(res.Notes, fmt.Sprintf("%s deleted a cell that %s changed a little, deleted: %q", by, other, firstLine(m.base[g.base].Source)))
	}
	out.Metadata = mergeValue(&base.Metadata, &ours.Metadata, &theirs.Metadata, "metadata", &res.Notes)
	if out.Metadata.Kind != notebook.Object {
		out.Metadata = notebook.ObjectValue()
	}
	out.Other = mergeMembers(base.Other, ours.Other, theirs.Other, "", &res.Notes)
	fixIDs(out, ours.Minor < 5 || theirs.Minor < 5, res)
	if opts.StripOutputs {
		for _, c := range out.Cells {
			if c.Outputs.Kind == notebook.Array {
				c.Outputs = notebook.Value{Kind: notebook.Array, Items: []notebook.Value{}}
			}
			c.ExecutionCount = notebook.Value{}
		}
	}
	for i := range res.Conflicts {
		c := out.Cells[res.Conflicts[i].Cell]
		res.Conflicts[i].Type, res.Conflicts[i].ID = c.Type, c.ID
	}
	res.Notebook = out
	return res
}

func emptyLike(nb *notebook.Notebook) *notebook.Notebook {
	e := &notebook.Notebook{Major: 4, Metadata: notebook.ObjectValue()}
	if nb != nil {
		e.Minor, e.Style = nb.Minor, nb.Style
	}
	return e
}

type merger struct {
	opts               Options
	wordBudget         int // what is left of the word-level retries' budget
	base, ours, theirs []*notebook.Cell
	bo, bt             []int // base index -> ours / theirs index, -1 when deleted
	ob, tb             []int // ours / theirs index -> base index, -1 when new
	movedApart         []int // base cells both sides moved, to different places
	keepBase           []Kind
	moves              []move             // row moved text: edits to apply once the cells are merged
	noMove             map[moveKey]bool   // moves that could not be applied
	movesOff           bool               // no move at all (a last round)
	index              [3]*lineIndex      // of base, ours, theirs (by fromBase...), made when needed
	present            [3]map[string]bool // findDeletedLines: lines of base cells deleted by ours, theirs, found there
	gone               []gone             // row delete/small edit: base cells deleted despite an edit
}

// maxSmallEditWork bounds the work of comparing a deleted cell's versions
// word by word (diffWork of the two): the part that differs, from the
// first change to the last, holds at most about 2,000 words.
const maxSmallEditWork = 1 << 22

// A gone is a base cell that one side deleted and the other edited a
// little (row delete/small edit).
type gone struct{ base, deleter int }

// smallEditOfGone reports whether the side deleter deleted b for good and
// the other side's version x of it changes little (row delete/small edit):
// x has b's type and changes at most a fifth of its words and punctuation
// marks (white space aside), and fewer than half of the lines of b that are
// not blank stand anywhere on the deleting side (text that moved, as a
// cell split or joined, is no deletion: row moved text). People deleted
// such cells in most real merges.
func (m *merger) smallEditOfGone(deleter int, b, x *notebook.Cell) bool {
	if m.opts.keepSmallEdits || x.Type != b.Type {
		return false
	}
	found, lines := 0, 0
	for l := range notebook.LinesOf(b.Source) {
		if strings.TrimSpace(l) == "" {
			continue
		}
		lines++
		if m.present[deleter][strings.TrimRight(l, "\r\n")] {
			found++
		}
	}
	if 2*found >= lines {
		return false
	}
	bt, xt := tokens(b.Source), tokens(x.Source)
	if diffWork(bt, xt) > maxSmallEditWork {
		// Changes spread over that much text are no small edit, and
		// diffing them word by word would cost more than it tells.
		return false
	}
	words := func(ts []string) int {
		n := 0
		for _, t := range ts {
			if strings.TrimSpace(t) != "" {
				n++
			}
		}
		return n
	}
	changed := 0
	for _, e := range diff.Strings(bt, xt) {
		changed += words(bt[e.AStart:e.AEnd]) + words(xt[e.BStart:e.BEnd])
	}
	return 5*changed <= words(bt)
}

// align pairs the base cells with the cells of each side. Pairs that are
// out of range or repeat an index are ignored, so a faulty alignment can
// only lose a pairing, never crash the merge.
func (m *merger) align() {
	// The two pairings are independent and most of the merge's work on
	// big notebooks: the one with theirs runs on a second goroutine. A
	// panic there (a bug) is passed on to this goroutine, where the
	// caller can recover it.
	done := make(chan any, 1)
	go func() {
		defer func() { done <- recover() }()
		m.bt, m.tb = pairing(m.base, m.theirs)
	}()
	func() {
		defer func() {
			if r := recover(); r != nil {
				<-done
				panic(r)
			}
		}()
		m.bo, m.ob = pairing(m.base, m.ours)
	}()
	if r := <-done; r != nil {
		panic(r)
	}
	// Which base cells a deletion does not remove: the rows delete/edit
	// and delete/rerun of the case table.
	m.keepBase = make([]Kind, len(m.base))
	m.findDeletedLines()
	for i, b := range m.base {
		for _, deleter := range []int{fromOurs, fromTheirs} {
			x := m.editedAfterDelete(deleter, i)
			switch {
			case x == nil:
			case m.smallEditOfGone(deleter, b, x):
				// Row delete/small edit: one side deleted what the
				// other touched up; the cell goes.
				m.gone = append(m.gone, gone{base: i, deleter: deleter})
			case deleter == fromOurs:
				// Row delete/edit: ours deleted what theirs edited.
				m.keepBase[i] = DeletedByOurs
			default:
				// Row delete/edit, the sides swapped.
				m.keepBase[i] = DeletedByTheirs
			}
		}
		// Otherwise a cell deleted on one side goes (row delete/rerun:
		// the other side changed at most its outputs, count or
		// metadata), or was deleted on both.
	}
}

// editedAfterDelete returns the other side's version of base cell i when
// the side deleter deleted it and the other side changed its source or
// type (rows delete/edit and delete/small edit), and nil otherwise.
func (m *merger) editedAfterDelete(deleter, i int) *notebook.Cell {
	del, other, edited := m.bo, m.bt, m.theirs
	if deleter == fromTheirs {
		del, other, edited = m.bt, m.bo, m.ours
	}
	if del[i] >= 0 || other[i] < 0 || !sourceChanged(m.base[i], edited[other[i]]) {
		return nil
	}
	return edited[other[i]]
}

// findDeletedLines fills m.present for smallEditOfGone: for each side,
// which lines of the base cells it deleted and the other side edited (not
// blank, line end aside) stand in one of its cells. That is a few base
// cells against all of a side's text, so the side's text is scanned once,
// and only its lines as long as one looked for are looked up. (An index of
// every line of the side, newLineIndex, cost 16 ms of the 27 ms merge of
// the 2,000-cell triple, whose sides each delete cells the other edits.)
func (m *merger) findDeletedLines() {
	if m.opts.keepSmallEdits {
		return // smallEditOfGone asks nothing
	}
	for _, deleter := range []int{fromOurs, fromTheirs} {
		cells := m.ours
		if deleter == fromTheirs {
			cells = m.theirs
		}
		want := map[string]bool{}
		// lengths[n]: a line of n bytes is looked for; long: one of
		// more than maxLineLength (a line that long, an image in a
		// markdown cell say, is looked up whatever its length).
		var lengths [maxLineLength + 1]bool
		long := false
		for i, b := range m.base {
			if m.editedAfterDelete(deleter, i) == nil {
				continue
			}
			for l := range notebook.LinesOf(b.Source) {
				if strings.TrimSpace(l) != "" {
					l = strings.TrimRight(l, "\r\n")
					want[l] = false
					if len(l) > maxLineLength {
						long = true
					} else {
						lengths[len(l)] = true
					}
				}
			}
		}
		if len(want) > 0 {
			for _, c := range cells {
				for l := range notebook.LinesOf(c.Source) {
					l = strings.TrimRight(l, "\r\n")
					if n := len(l); n <= maxLineLength && lengths[n] || n > maxLineLength && long {
						if _, ok := want[l]; ok {
							want[l] = true
						}
					}
				}
			}
		}
		m.present[deleter] = want
	}
}

// maxLineLength bounds the lengths findDeletedLines notes one by one.
const maxLineLength = 4096

// pairing pairs the cells of a with those of b: ab[i] is the cell of b
// that a[i] pairs with (-1 when none), and ba the other way.
func pairing(a, b []*notebook.Cell) (ab, ba []int) {
	ab, ba = make([]int, len(a)), make([]int, len(b))
	for i := range ab {
		ab[i] = -1
	}
	for i := range ba {
		ba[i] = -1
	}
	for _, p := range diff.Align(a, b) {
		if p.Action() != diff.Matched || p.A >= len(a) || p.B >= len(b) || ab[p.A] >= 0 || ba[p.B] >= 0 {
			continue
		}
		ab[p.A], ba[p.B] = p.B, p.A
	}
	// A cell moved and edited is a removed and an added cell to Align when
	// the two are far apart. Align the leftovers with each other once more,
	// so that such a cell merges with the other side's edits.
	var ra, rb []int
	var ca, cb []*notebook.Cell
	for i, j := range ab {
		if j < 0 {
			ra, ca = append(ra, i), append(ca, a[i])
		}
	}
	for j, i := range ba {
		if i < 0 {
			rb, cb = append(rb, j), append(cb, b[j])
		}
	}
	if len(ra) == 0 || len(rb) == 0 {
		return ab, ba
	}
	for _, p := range diff.Align(ca, cb) {
		if p.Action() != diff.Matched || p.A >= len(ra) || p.B >= len(rb) {
			continue
		}
		if i, j := ra[p.A], rb[p.B]; ab[i] < 0 && ba[j] < 0 {
			ab[i], ba[j] = j, i
		}
	}
	pairRetyped(a, b, ab, ba)
	return ab, ba
}

// pairRetyped pairs the cells still unpaired whose type changed and whose
// source did not: Align pairs cells of one type only (unless their ids
// match), so without ids such a cell is a removed and an added cell, and
// an edit of it on the other side would conflict with a deletion. Cells
// of equal, non-empty source pair in order.
func pairRetyped(a, b []*notebook.Cell, ab, ba []int) {
	free := make(map[string][]int)
	for j, i := range ba {
		if i < 0 && b[j].Source != "" {
			free[b[j].Source] = append(free[b[j].Source], j)
		}
	}
	if len(free) == 0 {
		return
	}
	for i, j := range ab {
		if js := free[a[i].Source]; j < 0 && len(js) > 0 {
			ab[i], ba[js[0]] = js[0], i
			free[a[i].Source] = js[1:]
		}
	}
}

// sourceChanged reports whether a side changed what a deletion on the other
// side would lose: the cell's source or type.
func sourceChanged(b, x *notebook.Cell) bool {
	return b.Source != x.Source || b.Type != x.Type
}

// Where an item of the merged cell sequence comes from.
const (
	fromBase = iota
	fromOurs
	fromTheirs
	fromBoth // a new cell of ours paired with a new cell of theirs by id
)

// An item is one cell of the merged sequence: a base cell (index), a new
// cell of a side (index into that side), or a pair of new cells.
type item struct {
	from  int
	base  int // base index, or -1 for a new cell
	side  int // index into ours or theirs for a new cell (ours for fromBoth)
	other int // theirs' index for fromBoth
	anc   int // the base cell a fromBoth pair merges against, -1 for none
}

// maxAncestors bounds the base cells ancestor compares a cell with.
const maxAncestors = 16

// ancestor returns the cell of candidates (base indices) of c's type that
// holds the most of c's lines, or -1 when none holds any. It looks at no
// more than maxAncestors candidates.
func (m *merger) ancestor(c *notebook.Cell, candidates []int) int {
	lines := make(map[string]bool)
	for _, l := range c.Lines() {
		if strings.TrimSpace(l) != "" {
			lines[l] = true
		}
	}
	best, score := -1, 0
	for _, i := range candidates[:min(len(candidates), maxAncestors)] {
		b := m.base[i]
		if b.Type != c.Type {
			continue
		}
		n := 0
		for _, l := range b.Lines() {
			if lines[l] {
				n++
			}
		}
		if n > score {
			best, score = i, n
		}
	}
	return best
}

// sequence merges the cell order: a diff3 of the three sequences written as
// tokens (a base cell is the same token on every side it survives on).
func (m *merger) sequence() []item {
	bTok := make([]string, len(m.base))
	for i := range bTok {
		bTok[i] = "b" + strconv.Itoa(i)
	}
	sideTok := func(tb []int, prefix string) []string {
		toks := make([]string, len(tb))
		for j, i := range tb {
			if i >= 0 {
				toks[j] = bTok[i]
			} else {
				toks[j] = prefix + strconv.Itoa(j)
			}
		}
		return toks
	}
	oTok, tTok := sideTok(m.ob, "o"), sideTok(m.tb, "t")
	var items []item
	sideItems := func(from int, lo, hi int, tb []int) []item {
		var its []item
		for j := lo; j < hi; j++ {
			if tb[j] >= 0 {
				its = append(its, item{from: from, base: tb[j]})
			} else {
				its = append(its, item{from: from, base: -1, side: j})
			}
		}
		return its
	}
	// kept returns the base cells of [a0, a1) that the given side deleted
	// but that stay because the other side edited their source.
	kept := func(a0, a1 int, deleted Kind) []item {
		var its []item
		for i := a0; i < a1; i++ {
			if m.keepBase[i] == deleted {
				its = append(its, item{from: fromBase, base: i})
			}
		}
		return its
	}
	// The rows of the case table about the order of cells; what a kept
	// cell holds is merged by cell.
	for _, c := range diff3(len(m.base), diff.Strings(bTok, oTok), diff.Strings(bTok, tTok), false) {
		switch {
		case !c.ours && !c.theirs:
			// Cells neither side added, deleted or moved.
			for i := c.a0; i < c.a1; i++ {
				items = append(items, item{from: fromBase, base: i})
			}
		case !c.theirs:
			// Row unchanged (theirs left these cells in place): ours'
			// order; a cell ours deleted and theirs edited stays (row
			// delete/edit).
			items = append(items, kept(c.a0, c.a1, DeletedByOurs)...)
			items = append(items, sideItems(fromOurs, c.o0, c.o1, m.ob)...)
		case !c.ours:
			// Row unchanged (ours left these cells in place): theirs'
			// order, and the same for delete/edit.
			items = append(items, kept(c.a0, c.a1, DeletedByTheirs)...)
			items = append(items, sideItems(fromTheirs, c.t0, c.t1, m.tb)...)
		case equalLines(oTok[c.o0:c.o1], tTok[c.t0:c.t1]):
			// Row same change: both sides put the same cells here.
			items = append(items, sideItems(fromOurs, c.o0, c.o1, m.ob)...)
		default:
			// Rows insert/insert, add/add and empty base: both sides
			// changed the cells at this place.
			items = append(items, m.interleave(sideItems(fromOurs, c.o0, c.o1, m.ob), sideItems(fromTheirs, c.t0, c.t1, m.tb), c.a0, c.a1)...)
		}
	}
	return m.dedup(items)
}

// interleave merges the items both sides put at one place (the region
// [a0, a1) of the base): the cells they have in common (the same base cell,
// or the same type and source) once, and between those ours' cells before
// theirs'. New cells of the two sides that diff.Align pairs (the same id, or
// a similar source of the same type) are one cell that both sides added or
// rewrote: they are merged as one cell, against the base cell of the region
// that both deleted and that holds most of their lines, or against an empty
// cell (add/add, which conflicts where they differ).
func (m *merger) interleave(o, t []item, a0, a1 int) []item {
	// The ancestors a pair of new cells may have: the base cells of the
	// region that both sides deleted (a cell moved and rewritten), and the
	// base cells just before and after it (a cell split in two, or copied
	// and changed, on both sides).
	var gone []int
	for i := max(a0-1, 0); i < min(a1+1, len(m.base)); i++ {
		if i < a0 || i >= a1 || m.bo[i] < 0 && m.bt[i] < 0 {
			gone = append(gone, i)
		}
	}
	key := func(it item) string {
		if it.base >= 0 {
			return "b" + strconv.Itoa(it.base)
		}
		if it.from == fromTheirs {
			return "n" + strconv.FormatUint(m.theirs[it.side].Hash(), 36)
		}
		return "n" + strconv.FormatUint(m.ours[it.side].Hash(), 36)
	}
	ko, kt := make([]string, len(o)), make([]string, len(t))
	for i := range o {
		ko[i] = key(o[i])
	}
	for i := range t {
		kt[i] = key(t[i])
	}
	// Cells with equal keys on both sides are the cells in common (row
	// insert/insert: identical cells once); gap places what lies between
	// them.
	var out []item
	ai := 0
	gap := func(og, tg []item) {
		// New cells of the two sides that Align pairs (the same id, or
		// similar sources of one type) are one cell added on both sides
		// with different content: merge them as such.
		var oi, ti []int
		var oc, tc []*notebook.Cell
		for k, x := range og {
			if x.base < 0 {
				oi, oc = append(oi, k), append(oc, m.ours[x.side])
			}
		}
		for k, y := range tg {
			if y.base < 0 {
				ti, tc = append(ti, k), append(tc, m.theirs[y.side])
			}
		}
		pairOf := make(map[int]int)
		ancOf := make(map[int]int)
		used := make([]bool, len(tg))
		if len(oc) > 0 && len(tc) > 0 {
			for _, p := range diff.Align(oc, tc) {
				if p.Action() != diff.Matched || p.A >= len(oi) || p.B >= len(ti) || used[ti[p.B]] {
					continue
				}
				anc := m.ancestor(oc[p.A], gone)
				pairOf[oi[p.A]], ancOf[oi[p.A]] = ti[p.B], anc
				used[ti[p.B]] = true
			}
		}
		for k, x := range og {
			if j, ok := pairOf[k]; ok {
				// Row add/add: a new cell of each side, paired.
				x = item{from: fromBoth, base: -1, side: x.side, other: tg[j].side, anc: ancOf[k]}
			}
			out = append(out, x)
		}
		// Row insert/insert: the cells of theirs that paired with none
		// come after ours'.
		for k, y := range tg {
			if !used[k] {
				out = append(out, y)
			}
		}
	}
	for _, e := range diff.Strings(ko, kt) {
		out = append(out, o[ai:e.AStart]...)
		gap(o[e.AStart:e.AEnd], t[e.BStart:e.BEnd])
		ai = e.AEnd
	}
	out = append(out, o[ai:]...)
	return out
}

// placedApart reports whether ours and theirs put base cell i in
// different orders with some other base cell that both keep.
func (m *merger) placedApart(i int) bool {
	oi, ti := m.bo[i], m.bt[i]
	if oi < 0 || ti < 0 {
		return false
	}
	for x := range m.base {
		if x != i && m.bo[x] >= 0 && m.bt[x] >= 0 && (oi < m.bo[x]) != (ti < m.bt[x]) {
			return true
		}
	}
	return false
}

// dedup drops base cells that a side deleted (unless kept for a conflict)
// and keeps one place for a base cell placed twice: ours' over theirs' over
// the base's.
func (m *merger) dedup(items []item) []item {
	best := make([]int, len(m.base))
	for i := range best {
		best[i] = -1
	}
	rank := func(from int) int {
		switch from {
		case fromOurs:
			return 3
		case fromTheirs:
			return 2
		}
		return 1
	}
	placed := make([]uint8, len(m.base)) // 1: by ours, 2: by theirs
	for k, it := range items {
		if it.base < 0 {
			continue
		}
		switch it.from {
		case fromOurs:
			placed[it.base] |= 1
		case fromTheirs:
			placed[it.base] |= 2
		}
		if b := best[it.base]; b < 0 || rank(it.from) > rank(items[b].from) {
			best[it.base] = k
		}
	}
	for i, p := range placed {
		if p == 3 && m.placedApart(i) {
			// Row move/move: ours' place, reported (a cell's place
			// cannot be marked as a conflict).
			m.movedApart = append(m.movedApart, i)
		}
	}
	out := items[:0:0]
	for k, it := range items {
		if it.base >= 0 {
			// Row delete/rerun: a cell a side deleted goes, unless kept
			// for a delete/edit conflict.
			gone := (m.bo[it.base] < 0 || m.bt[it.base] < 0) && m.keepBase[it.base] == 0
			// Row move/edit: a base cell placed twice keeps one place,
			// ours' over theirs' over the base's, so a moved cell stands
			// at its new place (cell merges the other side's edits).
			if gone || best[it.base] != k {
				continue
			}
		}
		out = append(out, it)
	}
	return out
}

// cell builds the merged cell of an item, at index at of the result; nil
// when the item's cell goes because its text moved (row moved text).
func (m *merger) cell(it item, at int, res *Result) (*notebook.Cell, Conflict) {
	conf := Conflict{Cell: at}
	switch {
	case it.from == fromBoth:
		// Rows add/add and empty base. The ancestor is a base cell both
		// sides rewrote (a cell split, or moved and edited), or none: an
		// add/add of one cell.
		b := &notebook.Cell{Type: m.ours[it.side].Type, Metadata: notebook.ObjectValue()}
		if it.anc >= 0 {
			b = m.base[it.anc]
		}
		return m.merge3(b, m.ours[it.side], m.theirs[it.other], at, res)
	case it.base < 0 && it.from == fromTheirs:
		// Rows unchanged and insert/insert: a new cell of one side, as
		// it is.
		return m.theirs[it.side].Clone(), conf
	case it.base < 0:
		return m.ours[it.side].Clone(), conf
	}
	b := m.base[it.base]
	switch k := m.keepBase[it.base]; k {
	case DeletedByOurs, DeletedByTheirs:
		// Row delete/edit: the edited cell, its whole source marked
		// against the deletion, without outputs.
		var src string
		var x *notebook.Cell
		mover := fromOurs
		if k == DeletedByOurs {
			x = m.theirs[m.bt[it.base]]
			src = conflictText(b.Source, "", x.Source, &m.opts)
		} else {
			x = m.ours[m.bo[it.base]]
			src = conflictText(b.Source, x.Source, "", &m.opts)
			mover = fromTheirs
		}
		if x.Type == b.Type {
			if mv, ok := m.movedEdit(mover, b, b.Lines(), x.Lines()); ok {
				// Row moved text: the deleting side moved the text
				// into another cell, where the edit goes.
				m.moves = append(m.moves, mv)
				return nil, conf
			}
		}
		c := rebuild(x, x.Type)
		c.Source = src
		clearOutputs(c)
		conf.Kind, conf.Regions = k, 1
		return c, conf
	}
	// A base cell both sides kept: rows unchanged to edit/edit and
	// type/edit to type/type, and move/edit once the cell is placed.
	return m.merge3(b, m.ours[m.bo[it.base]], m.theirs[m.bt[it.base]], at, res)
}

// firstLine returns the first line of s that is not blank, cut to 60
// bytes, to name a cell in notes.
func firstLine(s string) string {
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			if len(l) > 60 {
				l = strings.ToValidUTF8(l[:60], "") + "..."
			}
			return l
		}
	}
	return ""
}

// conflictText marks the whole of ours against theirs as one conflict.
func conflictText(base, ours, theirs string, opts *Options) string {
	var sb strings.Builder
	writeConflict(&sb, notebook.SplitLines(base), notebook.SplitLines(ours), notebook.SplitLines(theirs), true, opts)
	return sb.String()
}

// merge3 merges one cell that both sides kept.
func (m *merger) merge3(b, o, t *notebook.Cell, at int, res *Result) (*notebook.Cell, Conflict) {
	conf := Conflict{Cell: at}
	if cellEqual(o, b) {
		// Row unchanged: theirs.
		return t.Clone(), conf
	}
	if cellEqual(t, b) || cellEqual(o, t) {
		// Row unchanged with the sides swapped, or row same change.
		return o.Clone(), conf
	}
	typ := o.Type
	switch {
	case o.Type == b.Type:
		// Row type/edit when theirs changed the type (else it stays).
		typ = t.Type
	case t.Type != b.Type && t.Type != o.Type:
		// Row type/type: ours' type, a conflict (unless the source
		// has one), noted.
		res.Notes = append(res.Notes, fmt.Sprintf("cell %d: both sides changed the cell type, ours kept (%s, not %s)", at+1, o.Type, t.Type))
		conf.Kind = TypeConflict
	}
	var src string
	switch {
	case o.Source == t.Source || t.Source == b.Source:
		// Rows same change and unchanged, for the source: ours.
		src = o.Source
	case o.Source == b.Source:
		// Row unchanged, for the source: theirs.
		src = t.Source
	default:
		// Row edit/edit: a three-way line merge in the cell.
		moved := func(mover int, lines, edited []string) bool {
			mv, ok := m.movedEdit(mover, b, lines, edited)
			if ok {
				m.moves = append(m.moves, mv)
			}
			return ok
		}
		r := mergeText(b.Source, o.Source, t.Source, &m.opts, &m.wordBudget, moved)
		src = r.text
		if r.conflicts > 0 {
			conf.Kind, conf.Regions = SourceConflict, r.conflicts
		} else if r.words > 0 {
			res.Notes = append(res.Notes, fmt.Sprintf("cell %d: overlapping edits merged word by word", at+1))
		}
	}
	// The outputs go with the source: ours when the source is ours (and
	// ours changed them or theirs did not), theirs when it is theirs.
	var out *notebook.Cell
	switch {
	case src == o.Source && src == t.Source:
		out = o
		if runEqual(o, b) {
			out = t
		}
	case src == o.Source:
		out = o
	case src == t.Source:
		out = t
	}
	base := o
	if typ != o.Type && typ == t.Type {
		base = t
	}
	c := rebuild(base, typ)
	c.Source = src
	if out != nil && c.Type == "code" && out.Type == "code" {
		c.Outputs, c.ExecutionCount = out.Outputs.Clone(), out.ExecutionCount.Clone()
	} else {
		clearOutputs(c)
	}
	where := fmt.Sprintf("cell %d ", at+1)
	c.Metadata = mergeValue(&b.Metadata, &o.Metadata, &t.Metadata, where+"metadata", &res.Notes)
	if c.Metadata.Kind != notebook.Object {
		c.Metadata = notebook.ObjectValue()
	}
	notes := len(res.Notes)
	att := mergeValue(&b.Attachments, &o.Attachments, &t.Attachments, where+"attachments", &res.Notes)
	c.Attachments = att
	if len(res.Notes) > notes && conf.Kind == 0 {
		// An attachment is content (a pasted image): a clash is a
		// conflict, not a metadata key that ours wins.
		conf.Kind = AttachmentConflict
	}
	c.Other = mergeMembers(b.Other, o.Other, t.Other, where, &res.Notes)
	id := o.ID
	if (o.ID == b.ID || o.ID == "") && t.ID != "" {
		id = t.ID
	}
	c.SetID(id)
	return c, conf
}

// rebuild returns a new cell of type typ with x's id, source, metadata,
// attachments and other members; a code cell gets x's outputs and count
// when x is code too, none otherwise.
func rebuild(x *notebook.Cell, typ string) *notebook.Cell {
	if x.Type == typ {
		return x.Clone()
	}
	c := &notebook.Cell{Type: typ, Source: x.Source, Metadata: x.Metadata.Clone(), Attachments: x.Attachments.Clone()}
	c.SetID(x.ID)
	for _, mb := range x.Other {
		c.Other = append(c.Other, notebook.Member{Key: mb.Key, Value: mb.Value.Clone()})
	}
	clearOutputs(c)
	return c
}

// clearOutputs empties a code cell's outputs and count; other cells have
// none.
func clearOutputs(c *notebook.Cell) {
	c.ExecutionCount = notebook.Value{}
	if c.Type == "code" {
		c.Outputs = notebook.Value{Kind: notebook.Array, Items: []notebook.Value{}}
	} else {
		c.Outputs = notebook.Value{}
	}
}

// cellEqual reports whether two cells are the same in everything.
func cellEqual(a, b *notebook.Cell) bool {
	if a.Type != b.Type || a.ID != b.ID || a.Source != b.Source || !runEqual(a, b) ||
		!a.Metadata.Equal(&b.Metadata) || !a.Attachments.Equal(&b.Attachments) || len(a.Other) != len(b.Other) {
		return false
	}
	for i := range a.Other {
		if a.Other[i].Key != b.Other[i].Key || !a.Other[i].Value.Equal(&b.Other[i].Value) {
			return false
		}
	}
	return true
}

// runEqual reports whether two cells have the same outputs and count.
func runEqual(a, b *notebook.Cell) bool {
	return a.Outputs.Equal(&b.Outputs) && a.ExecutionCount.Equal(&b.ExecutionCount)
}

// mergeValue merges a JSON value three ways; nil means absent. Objects merge
// key by key, recursively; any other clash keeps ours and adds a note naming
// path. The result shares nothing with the arguments.
func mergeValue(b, o, t *notebook.Value, path string, notes *[]string) notebook.Value {
	switch {
	case same(o, t) || same(t, b):
		return cloneOrNull(o)
	case same(o, b):
		return cloneOrNull(t)
	}
	if o != nil && t != nil && o.Kind == notebook.Object && t.Kind == notebook.Object && (b == nil || b.Kind == notebook.Object || b.Kind == notebook.Null) {
		var bm []notebook.Member
		if b != nil {
			bm = b.Members
		}
		return notebook.Value{Kind: notebook.Object, Members: mergeMembers(bm, o.Members, t.Members, path+".", notes)}
	}
	*notes = append(*notes, fmt.Sprintf("%s: changed on both sides, ours kept", strings.TrimSuffix(path, ".")))
	return cloneOrNull(o)
}

// mergeMembers merges member lists key by key (see mergeValue); the result
// is sorted by key.
func mergeMembers(b, o, t []notebook.Member, prefix string, notes *[]string) []notebook.Member {
	keys := map[string]bool{}
	for _, l := range [][]notebook.Member{b, o, t} {
		for _, mb := range l {
			keys[mb.Key] = true
		}
	}
	sorted := make([]string, 0, len(keys))
	for k := range keys {
		sorted = append(sorted, k)
	}
	sort.Strings(sorted)
	var out []notebook.Member
	for _, k := range sorted {
		bv, ov, tv := find(b, k), find(o, k), find(t, k)
		var v notebook.Value
		switch {
		case same(ov, tv) || same(tv, bv):
			if ov == nil {
				continue
			}
			v = ov.Clone()
		case same(ov, bv):
			if tv == nil {
				continue
			}
			v = tv.Clone()
		case ov == nil || tv == nil:
			*notes = append(*notes, fmt.Sprintf("%s%s: deleted on one side, changed on the other, ours kept", prefix, k))
			if ov == nil {
				continue
			}
			v = ov.Clone()
		default:
			v = mergeValue(bv, ov, tv, prefix+k, notes)
		}
		out = append(out, notebook.Member{Key: k, Value: v})
	}
	if out == nil && (o != nil || t != nil) {
		out = []notebook.Member{}
	}
	return out
}

// find returns the value of key in ms, which is sorted by key as the
// notebook package keeps members, or nil when ms has no such key.
func find(ms []notebook.Member, key string) *notebook.Value {
	i := sort.Search(len(ms), func(i int) bool { return ms[i].Key >= key })
	if i < len(ms) && ms[i].Key == key {
		return &ms[i].Value
	}
	return nil
}

// same reports whether two possibly absent values are equal.
func same(a, b *notebook.Value) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return a.Equal(b)
}

func cloneOrNull(v *notebook.Value) notebook.Value {
	if v == nil {
		return notebook.Value{}
	}
	return v.Clone()
}

// fixIDs replaces every repeated cell id by one derived from the cell, and
// gives cells without an id one when the result is nbformat 4.5 or later
// while an input was older (so a valid 4.5 notebook results). No id is
// added below 4.5.
func fixIDs(nb *notebook.Notebook, upgraded bool, res *Result) {
	used := map[string]bool{}
	for _, c := range nb.Cells {
		if c.ID != "" {
			used[c.ID] = true
		}
	}
	seen := map[string]bool{}
	for i, c := range nb.Cells {
		switch {
		case c.ID != "" && !seen[c.ID]:
			seen[c.ID] = true
			continue
		case c.ID == "" && (nb.Minor < 5 || !upgraded):
			continue
		}
		old := c.ID
		id := deriveID(c, used)
		used[id], seen[id] = true, true
		c.SetID(id)
		if old != "" {
			res.Notes = append(res.Notes, fmt.Sprintf("cell %d: id %q repeated, replaced by %q", i+1, old, id))
		}
	}
}

// deriveID returns an id made from the cell's type, source and old id that
// is not in used.
func deriveID(c *notebook.Cell, used map[string]bool) string {
	for n := 0; ; n++ {
		h := fnv.New64a()
		fmt.Fprintf(h, "%s\x00%s\x00%s\x00%d", c.Type, c.ID, c.Source, n)
		id := fmt.Sprintf("%016x", h.Sum64())[:8]
		if !used[id] {
			return id
		}
	}
}
