package diff

import (
	"fmt"
	"math/rand"
	"slices"
	"strings"
	"testing"

	"github.com/nbtools/nbdiff/notebook"
	"github.com/nbtools/nbdiff/notebook/nbtest"
)

// alignCases is the shared table of alignments: old cells, new cells (in
// the notation of package nbtest), and the pairs Align must return (in the
// notation of pairString).
var alignCases = []struct {
	name, a, b, want string
}{
	{"empty", "", "", ""},
	{"all added", "", "code:a md:b", "-:0 -:1"},
	{"all removed", "code:a md:b", "", "0:- 1:-"},
	{"identical", "code:a md:b raw:c", "code:a md:b raw:c", "0:0 1:1 2:2"},
	{"insert", "code:a code:c", "code:a md:b code:c", "0:0 -:1 1:2"},
	{"insert first", "code:a code:b", "md:new code:a code:b", "-:0 0:1 1:2"},
	{"insert last", "code:a code:b", "code:a code:b md:new", "0:0 1:1 -:2"},
	{"delete", "code:a md:b code:c", "code:a code:c", "0:0 1:- 2:1"},
	{"delete first", "md:t code:a code:b", "code:a code:b", "0:- 1:0 2:1"},
	{"modify", "code:a md:b code:x=1|y=2", "code:a md:b code:x=1|y=3", "0:0 1:1 2:2"},
	{"modify one line cell", "code:a code:df.head() code:c", "code:a code:df.tail() code:c", "0:0 1:1 2:2"},
	{"modify and insert", "code:a code:x~=~load(f) code:c", "code:a code:x~=~load(g) md:note code:c", "0:0 1:1 -:2 2:3"},
	{"replace by dissimilar", "code:a code:alpha~beta~gamma code:c", "code:a code:delta code:c", "0:0 1:- -:1 2:2"},
	{"an edit pairs with its cell, not with a neighbour of many common words",
		"code:x~=~load(path)|x~=~clean(x)|plot(x,~title='raw~data',~color='grey') code:plot(x,~color='grey',~title='raw~data')|print(x)",
		"code:x~=~load(path)|x~=~clean(x)|plot(x,~color='grey',~title='raw~data')", "0:0 1:-"},
	{"a heading that got a paragraph", "md:##~Intro md:##~Results md:Old~notes",
		"md:##~Intro md:##~Results|The~model~improves~by~three~points~on~each~split.", "0:0 1:1 2:-"},
	{"code cut down to one of its lines", "md:#~T code:df~=~load()|df.plot()|df.describe()|df.info() md:gone",
		"md:#~T code:df.plot()", "0:0 1:1 2:-"},
	{"a heading kept, its paragraph rewritten", "md:#~T md:###~Get~test~items||Now~do~a~batch~prediction~to~your~model. md:Old~notes",
		"md:#~T md:###~Get~test~items||Inside~the~pipeline,~you~need~some~data~samples~for~creating~a~request.", "0:0 1:1 2:-"},
	{"a block of lines preferred to half of them", "code:a code:x~=~1|y~=~2 code:z",
		"code:a code:x~=~1|w~=~compute(a,~b,~c,~d) code:print(x)|x~=~1|y~=~2|print(y,~x,~'a~long~message~with~many~words~in~it') code:z",
		"0:0 -:1 1:2 2:3"},
	{"type changed", "code:x", "md:x", "0:0"},
	{"type changed among others", "code:a code:x code:b", "code:a md:x code:b", "0:0 1:1 2:2"},
	{"type changed, same type preferred", "code:x", "md:x code:x", "-:0 0:1"},
	{"type changed and moved", "md:#~T code:a code:b code:c", "code:a code:b code:c code:#~T", "1:0 2:1 3:2 0:3*"},
	{"empty cell retyped", "code:a code: md:b", "code:a md: md:b", "0:0 1:- -:1 2:2"},
	{"move to end", "code:a code:b code:c code:d", "code:b code:c code:d code:a", "1:0 2:1 3:2 0:3*"},
	{"move to front", "code:a code:b code:c code:d", "code:d code:a code:b code:c", "3:0* 0:1 1:2 2:3"},
	{"move and delete", "code:a code:b code:c code:d", "code:b code:c code:a", "1:0 2:1 3:- 0:2*"},
	{"reorder with ids", "code#1:a code#2:b code#3:c", "code#3:c code#1:a code#2:b", "2:0* 0:1 1:2"},
	{"moved and edited with ids", "code#i1:x=1 code#i2:y=2", "code#i2:y=3 code#i1:x=1", "1:0* 0:1"},
	{"moved and edited without ids", "code:x=1|a code:b code:c", "code:b code:c code:x=2|a", "1:0 2:1 0:2*"},
	{"moved far and edited", "code:def~f(x):|~~return~x code:a code:b code:c code:d md:e",
		"code:a code:b code:c code:d md:e code:def~f(x):|~~return~x~+~1", "1:0 2:1 3:2 4:3 5:4 0:5*"},
	{"moved and edited, unrelated stays", "code:import~os code:a code:b", "code:a code:b code:plot(y)", "0:- 1:0 2:1 -:2"},
	{"id of an alike cell beats content", "code#k:x~=~load(a) code#j:x~=~load(a)", "code#k:x~=~load(b) code#j:x~=~load(a)", "0:0 1:1"},
	{"one id, other content: the cell rewritten", "code#k:foo code#j:bar", "code#k:completely~other code#j:bar", "0:0 1:1"},
	{"one id, most lines kept by a cell of a new id: split",
		"code#k:def~scale(values,~factor):|~~result~=~[]|~~for~value~in~values:|~~~~result.append(value~*~factor)|~~return~result|show_doc(scale)",
		"code#n:def~scale(values,~factor):|~~result~=~[]|~~for~value~in~values:|~~~~result.append(value~*~factor)|~~return~result code#k:show_doc(scale)", "0:0 -:1"},
	{"one id, the source unchanged elsewhere: the id went to another cell", "code#k:foo code#j:bar", "code#j:foo code#k:quux~=~7", "0:0 1:- -:1"},
	{"ids that are only positions", "code#0:import~os code#1:x~=~load() code#2:plot(x)",
		"code#0:import~os code#1:print('hi') code#2:x~=~load() code#3:plot(x)", "0:0 -:1 1:2 2:3"},
	{"ids on one side only", "code:a code:b", "code#1:a code#2:b", "0:0 1:1"},
	{"new ids same content", "code#1:a code#2:b", "code#3:a code#4:b", "0:0 1:1"},
	{"ids and gaps", "code#1:a code:x code#2:b", "code#1:a code:y code:x code#2:b", "0:0 -:1 1:2 2:3"},
	{"duplicated cell removed", "code:x code:x code:y", "code:x code:y", "0:0 1:- 2:1"},
	{"duplicated cell added", "code:x code:y", "code:x code:x code:y", "0:0 -:1 1:2"},
	{"duplicates moved", "code:x code:y code:x code:z", "code:y code:x code:x code:z", "1:0* 0:1 2:2 3:3"},
	{"colliding ids", "code#d:x=1 code#d:y=1", "code#d:x=1 code#d:y=2 code#d:z", "0:0 1:1 -:2"},
	{"id unique on one side", "code#d:a", "code#d:a code#d:b", "0:0 -:1"},
	{"colliding ids swapped", "code#d:p=1 code#d:q=1 code#e:r", "code#d:q=1 code#d:p=1 code#e:r", "1:0* 0:1 2:2"},
	{"all cells changed", "code:a=1 code:b=1 code:c=1", "code:a=2 code:b=2 code:c=2", "0:0 1:1 2:2"},
	{"all cells different", "code:a code:b", "md:c md:d", "0:- 1:- -:0 -:1"},
	{"empty cells", "code: code:a code:", "code: code:", "0:0 1:- 2:1"},
	{"cells of one side among common ones", "code:a code:alpha~beta code:b code:c md:gone", "md:zzz code:a code:b code:delta~eps code:c",
		"-:0 0:1 1:- 2:2 -:3 3:4 4:-"},
}

// pairString writes pairs as "A:B" separated by spaces, "-" for an absent
// side and a trailing "*" for a move.
func pairString(ps []Pair) string {
	var b strings.Builder
	for k, p := range ps {
		if k > 0 {
			b.WriteByte(' ')
		}
		side := func(i int) {
			if i < 0 {
				b.WriteByte('-')
			} else {
				fmt.Fprint(&b, i)
			}
		}
		side(p.A)
		b.WriteByte(':')
		side(p.B)
		if p.Moved {
			b.WriteByte('*')
		}
	}
	return b.String()
}

func TestAlign(t *testing.T) {
	for _, c := range alignCases {
		t.Run(c.name, func(t *testing.T) {
			a, b := nbtest.Parse(c.a).Cells, nbtest.Parse(c.b).Cells
			ps := Align(a, b)
			checkPairs(t, a, b, ps)
			if got := pairString(ps); got != c.want {
				t.Errorf("Align(%q, %q)\n got %s\nwant %s", c.a, c.b, got, c.want)
			}
		})
	}
}

// checkPairs checks the contract of Align: every cell once, the order of b,
// removed cells in the order of a, matched cells of equal type unless
// matched by id, and unmoved pairs in the order of a.
func checkPairs(t *testing.T, a, b []*notebook.Cell, ps []Pair) {
	t.Helper()
	seenA := make([]int, len(a))
	seenB := make([]int, len(b))
	lastB, lastRemoved, lastKept := -1, -1, -1
	for _, p := range ps {
		if p.A < -1 || p.A >= len(a) || p.B < -1 || p.B >= len(b) || p.A < 0 && p.B < 0 {
			t.Fatalf("bad pair %+v in %s", p, pairString(ps))
		}
		if p.A >= 0 {
			seenA[p.A]++
		}
		if p.B >= 0 {
			seenB[p.B]++
			if p.B <= lastB {
				t.Errorf("pairs not in the order of b: %s", pairString(ps))
			}
			lastB = p.B
		}
		if p.Moved && (p.A < 0 || p.B < 0) {
			t.Errorf("moved pair %+v lacks a side", p)
		}
		if p.A >= 0 && p.B < 0 {
			if p.A <= lastRemoved {
				t.Errorf("removed cells not in the order of a: %s", pairString(ps))
			}
			lastRemoved = p.A
		}
		if p.A >= 0 && p.B >= 0 && !p.Moved {
			if p.A <= lastKept {
				t.Errorf("unmoved pairs not in the order of a: %s", pairString(ps))
			}
			lastKept = p.A
			if a[p.A].Type != b[p.B].Type && (a[p.A].ID == "" || a[p.A].ID != b[p.B].ID) && a[p.A].Source != b[p.B].Source {
				t.Errorf("pair %+v matches a %s cell with a %s cell", p, a[p.A].Type, b[p.B].Type)
			}
		}
	}
	for i, n := range seenA {
		if n != 1 {
			t.Errorf("cell %d of a appears %d times in %s", i, n, pairString(ps))
		}
	}
	for j, n := range seenB {
		if n != 1 {
			t.Errorf("cell %d of b appears %d times in %s", j, n, pairString(ps))
		}
	}
}

// TestAlignRandom checks the contract of Align on random edits of random
// notebooks, and that identical cells in order always match.
func TestAlignRandom(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	words := []string{"x", "y", "z", "df", "plot", "1", "2", "=", "(", ")"}
	cell := func() *notebook.Cell {
		var lines []string
		for range 1 + r.Intn(3) {
			var ws []string
			for range 1 + r.Intn(4) {
				ws = append(ws, words[r.Intn(len(words))])
			}
			lines = append(lines, strings.Join(ws, " "))
		}
		typ := []string{"code", "markdown", "raw"}[r.Intn(3)]
		c := &notebook.Cell{Type: typ, Source: strings.Join(lines, "\n")}
		if r.Intn(4) > 0 {
			c.SetID(fmt.Sprint("id", r.Intn(40)))
		}
		return c
	}
	for n := range 300 {
		var a []*notebook.Cell
		for range r.Intn(12) {
			a = append(a, cell())
		}
		b := editRandomly(r, a, 3, cell)
		if len(b) > 1 && r.Intn(3) == 0 {
			b = moveRandomly(r, b)
		}
		ps := Align(a, b)
		t.Run(fmt.Sprint(n), func(t *testing.T) { checkPairs(t, a, b, ps) })
		if id := Align(a, a); !isIdentity(id) {
			t.Errorf("case %d: Align(a, a) = %s", n, pairString(id))
		}
	}
}

// editRandomly returns a new version of a: each cell deleted, edited (its
// source extended), preceded by a new cell (from cell), or, keep times as
// often as each of those, kept.
func editRandomly(r *rand.Rand, a []*notebook.Cell, keep int, cell func() *notebook.Cell) []*notebook.Cell {
	var b []*notebook.Cell
	for _, c := range a {
		switch r.Intn(3 + keep) {
		case 0: // deleted
		case 1: // edited
			d := *c
			d.Source += " more"
			b = append(b, &d)
		case 2: // new cell before
			b = append(b, cell(), c)
		default:
			b = append(b, c)
		}
	}
	return b
}

// moveRandomly moves a random cell of b, which holds one or more, to a
// random place.
func moveRandomly(r *rand.Rand, b []*notebook.Cell) []*notebook.Cell {
	k := r.Intn(len(b))
	c := b[k]
	b = append(b[:k], b[k+1:]...)
	k = r.Intn(len(b) + 1)
	return append(b[:k], append([]*notebook.Cell{c}, b[k:]...)...)
}

func isIdentity(ps []Pair) bool {
	for k, p := range ps {
		if p.A != k || p.B != k || p.Moved {
			return false
		}
	}
	return true
}

// TestAlignBounds aligns 20,000 cells that all differ, and 20,000 cells all
// slightly edited: both must finish (the work is linear), and the edited
// ones pair up.
func TestAlignBounds(t *testing.T) {
	const n = 20000
	a := make([]*notebook.Cell, n)
	b := make([]*notebook.Cell, n)
	c := make([]*notebook.Cell, n)
	for i := range a {
		a[i] = &notebook.Cell{Type: "code", Source: fmt.Sprintf("x%d = f(%d)\nprint(x%d)\n", i, i, i)}
		b[i] = &notebook.Cell{Type: "code", Source: fmt.Sprintf("y%d = g(%d)\n", i+n, i+n)}
		c[i] = &notebook.Cell{Type: "code", Source: fmt.Sprintf("x%d = f(%d)\nprint(x%d, 1)\n", i, i, i)}
	}
	ps := Align(a, b)
	checkPairs(t, a, b, ps)
	ps = Align(a, c)
	checkPairs(t, a, c, ps)
	if !isIdentity(ps) {
		t.Errorf("slightly edited cells did not pair one to one")
	}
}

// TestAlignManyEqualCells aligns thousands of cells with one source but
// different types on each side, and thousands of empty cells, which must
// not make the move pass quadratic.
func TestAlignManyEqualCells(t *testing.T) {
	const n = 20000
	a := make([]*notebook.Cell, n)
	b := make([]*notebook.Cell, n)
	for i := range a {
		a[i] = &notebook.Cell{Type: "markdown"}
		b[i] = &notebook.Cell{Type: "code"}
	}
	ps := Align(a, b)
	checkPairs(t, a, b, ps)
	for _, p := range ps {
		if p.A >= 0 && p.B >= 0 {
			t.Fatalf("a markdown cell matches a code cell: %+v", p)
		}
	}
	c := make([]*notebook.Cell, 2*n)
	for i := range c {
		c[i] = &notebook.Cell{Type: "code"}
	}
	ps = Align(b, c)
	checkPairs(t, b, c, ps)
	if s := pairString(ps[:3]); s != "0:0 1:1 2:2" {
		t.Errorf("empty cells: first pairs %s", s)
	}
}

// TestHeldByBoth: the exact pass compares only cells whose source the
// other side holds too, repeated ones included, in their order.
func TestHeldByBoth(t *testing.T) {
	a, b := nbtest.Parse("code:x code:y md:z code:x").Cells, nbtest.Parse("code:w code:x code:z").Cells
	ia, jb := heldByBoth(a, []int{0, 1, 2, 3}, b, []int{0, 1, 2})
	if !slices.Equal(ia, []int{0, 2, 3}) || !slices.Equal(jb, []int{1, 2}) {
		t.Errorf("heldByBoth: %v %v, want [0 2 3] [1 2]", ia, jb)
	}
	ia, jb = heldByBoth(a, []int{1, 3}, b, []int{0, 2})
	if len(ia) != 0 || len(jb) != 0 {
		t.Errorf("heldByBoth of cells without a common source: %v %v", ia, jb)
	}
}

// TestAlignLeavesOutOneSided aligns a gap of more than maxCompareWhole
// cells, in which every common cell has a cell of one side beside it: all
// the common cells must still pair, in order.
func TestAlignLeavesOutOneSided(t *testing.T) {
	const n = maxCompareWhole / 2
	var a, b []*notebook.Cell
	for i := range n {
		a = append(a, &notebook.Cell{Type: "code", Source: fmt.Sprintf("common(%d)", i)},
			&notebook.Cell{Type: "markdown", Source: fmt.Sprintf("# old heading %d", i)})
		b = append(b, &notebook.Cell{Type: "raw", Source: fmt.Sprintf("new raw text %d", i)},
			&notebook.Cell{Type: "code", Source: fmt.Sprintf("common(%d)", i)})
	}
	ps := Align(a, b)
	checkPairs(t, a, b, ps)
	common := 0
	for _, p := range ps {
		if p.A >= 0 && p.B >= 0 && a[p.A].Type == "code" {
			if a[p.A].Source != b[p.B].Source || p.Moved {
				t.Fatalf("%q pairs with %q (moved: %v)", a[p.A].Source, b[p.B].Source, p.Moved)
			}
			common++
		}
	}
	if common != n {
		t.Errorf("%d of the %d common cells pair", common, n)
	}
}

// TestBySourceLeavesOutOneSided runs the exact pass alone on gaps of more
// than maxCompareWhole cells (the later passes of Align would pair again
// what it missed): every common cell pairs there, no cell of one side
// does, and the regions it leaves hold every unmatched cell.
func TestBySourceLeavesOutOneSided(t *testing.T) {
	const n = maxCompareWhole / 2
	var a, b, other []*notebook.Cell
	for i := range n {
		a = append(a, &notebook.Cell{Type: "code", Source: fmt.Sprintf("common(%d)", i)},
			&notebook.Cell{Type: "markdown", Source: fmt.Sprintf("# old heading %d", i)})
		b = append(b, &notebook.Cell{Type: "raw", Source: fmt.Sprintf("new raw text %d", i)},
			&notebook.Cell{Type: "code", Source: fmt.Sprintf("common(%d)", i)})
		other = append(other, &notebook.Cell{Type: "code", Source: fmt.Sprintf("other(%d)", i)},
			&notebook.Cell{Type: "code", Source: fmt.Sprintf("other(%d) + 1", i)})
	}
	pass := func(a, b []*notebook.Cell) (*aligner, []region) {
		al := newAligner(a, b)
		return al, al.bySource(region{0, len(a), 0, len(b)}, nil)
	}
	covered := func(t *testing.T, al *aligner, regions []region) {
		t.Helper()
		in := func(k int, side func(region) (int, int)) bool {
			return slices.ContainsFunc(regions, func(r region) bool { lo, hi := side(r); return lo <= k && k < hi })
		}
		for i, j := range al.ma {
			if j < 0 && !in(i, func(r region) (int, int) { return r.a0, r.a1 }) {
				t.Errorf("unmatched cell %d of a is in no region %v", i, regions)
			}
		}
		for j, i := range al.mb {
			if i < 0 && !in(j, func(r region) (int, int) { return r.b0, r.b1 }) {
				t.Errorf("unmatched cell %d of b is in no region %v", j, regions)
			}
		}
	}
	al, regions := pass(a, b)
	for i := range n {
		if got := al.ma[2*i]; got != 2*i+1 {
			t.Fatalf("common cell %d of a matches %d, want %d", 2*i, got, 2*i+1)
		}
		if got := al.ma[2*i+1]; got >= 0 {
			t.Fatalf("cell %d of a, of a only, matches %d", 2*i+1, got)
		}
	}
	covered(t, al, regions)
	// No source in common: nothing matches, the whole gap is left.
	al, regions = pass(a, other)
	if slices.ContainsFunc(al.ma, func(j int) bool { return j >= 0 }) {
		t.Errorf("cells without a common source matched: %v", al.ma)
	}
	covered(t, al, regions)
}

// TestAlignRandomLarge checks the contract of Align on random edits of
// notebooks too large for the exact pass to compare whole (maxCompareWhole),
// whose sources repeat, as empty and boilerplate cells do.
func TestAlignRandomLarge(t *testing.T) {
	r := rand.New(rand.NewSource(2))
	cell := func() *notebook.Cell {
		return &notebook.Cell{Type: []string{"code", "markdown"}[r.Intn(2)], Source: fmt.Sprint("x = ", r.Intn(300))}
	}
	for n := range 4 {
		a := make([]*notebook.Cell, maxCompareWhole*3/4)
		for i := range a {
			a[i] = cell()
		}
		b := editRandomly(r, a, 5, cell)
		for range 5 {
			b = moveRandomly(r, b)
		}
		ps := Align(a, b)
		t.Run(fmt.Sprint(n), func(t *testing.T) { checkPairs(t, a, b, ps) })
		if id := Align(a, a); !isIdentity(id) {
			t.Errorf("case %d: Align(a, a) is not the identity", n)
		}
	}
}

// TestAlignLargeGapWithOffset aligns a gap too large for the exact pairing
// in which 10 cells were deleted before 100 edited ones: the edited cells
// must still pair with their old versions, although they are 10 cells
// away from the diagonal.
func TestAlignLargeGapWithOffset(t *testing.T) {
	var a, b []*notebook.Cell
	for i := range 10 {
		a = append(a, &notebook.Cell{Type: "markdown", Source: fmt.Sprintf("note %d about nothing", i)})
	}
	for i := range 100 {
		src := fmt.Sprintf("def step%d(x):\n    y = x * %d\n    return y\n", i, i)
		a = append(a, &notebook.Cell{Type: "code", Source: src})
		b = append(b, &notebook.Cell{Type: "code", Source: strings.Replace(src, "return y", "return y + 1", 1)})
	}
	ps := Align(a, b)
	checkPairs(t, a, b, ps)
	paired := 0
	for _, p := range ps {
		if p.A >= 0 && p.B >= 0 {
			if p.A != p.B+10 {
				t.Errorf("cell %d of b paired with cell %d of a, want %d", p.B, p.A, p.B+10)
			}
			paired++
		}
	}
	if paired != 100 {
		t.Errorf("%d cells paired, want 100", paired)
	}
}

// TestSortHashes checks sketcher.sort against slices.Sort on random and
// skewed inputs of many sizes, duplicates included, and on the sketches
// of code made of short tokens.
func TestSortHashes(t *testing.T) {
	var sk sketcher
	for _, src := range []string{strings.Repeat("x = (a[i] + b[j]) * c;\n", 300), strings.Repeat("foo_bar = compute(alpha, beta)\n", 600)} {
		if got := sk.sketch(src); !slices.IsSorted(got) || len(got) == 0 {
			t.Errorf("sketch of %.20q not sorted", src)
		}
	}
	r := rand.New(rand.NewSource(1))
	for n := range 600 {
		for _, gen := range []func() uint32{
			r.Uint32,
			func() uint32 { return uint32(r.Intn(8)) },       // all in bucket 0
			func() uint32 { return r.Uint32() | 1<<31 },      // the upper half only
			func() uint32 { return uint32(r.Intn(3)) << 30 }, // few distinct values
		} {
			hs := make([]uint32, n)
			for i := range hs {
				hs[i] = gen()
			}
			want := slices.Sorted(slices.Values(hs))
			var sk sketcher
			if got := sk.sort(hs); !slices.Equal(got, want) {
				t.Fatalf("n=%d: sketcher.sort differs from slices.Sort", n)
			}
		}
	}
}

// TestPairContainedBudget checks that the containment pass stops when the
// budget is spent: cells of many repeated lines make each comparison
// long.
func TestPairContainedBudget(t *testing.T) {
	big := strings.Repeat("x = 1\n", 5000)
	small := strings.Repeat("x = 1\n", 100) + "y = 2\n"
	a := []*notebook.Cell{{Type: "code", Source: small}, {Type: "code", Source: "x = 1\n"}}
	b := []*notebook.Cell{{Type: "code", Source: big}}
	for _, tc := range []struct {
		budget int
		want   int // the cell of a that b[0] pairs with, -1 for none
	}{{maxSimWork, 1}, {len(small) + len(big) + 10, -1}} {
		al := newAligner(a, b)
		al.budget = tc.budget
		al.pairContained(0, len(a), 0, len(b))
		if al.mb[0] != tc.want {
			t.Errorf("budget %d: b[0] paired with %d, want %d", tc.budget, al.mb[0], tc.want)
		}
		if tc.budget < maxSimWork && al.budget > 0 {
			t.Errorf("budget %d: %d left, want it spent", tc.budget, al.budget)
		}
	}
}

// TestAlikeUnpairedBudget: looking for a cell that no id pairs and that
// is alike to a rewritten cell (a split) is charged to a similarity
// budget: with it spent, the id holds without a comparison.
func TestAlikeUnpairedBudget(t *testing.T) {
	src := "def scale(values, factor):\n    return [v * factor for v in values]\n"
	a := []*notebook.Cell{{Type: "code", ID: "k", Source: src + "show_doc(scale)\n"}}
	b := []*notebook.Cell{{Type: "code", ID: "n", Source: src}, {Type: "code", ID: "k", Source: "show_doc(scale)\n"}}
	idxA, idxB := map[string]int{"k": 0}, map[string]int{"n": 0, "k": 1}
	for _, tc := range []struct {
		budget int
		want   bool
	}{{maxSimWork, true}, {0, false}} {
		al := newAligner(a, b)
		al.budget = tc.budget
		var free *[2][]int
		if got := al.alikeUnpaired(0, 1, &free, idxA, idxB); got != tc.want {
			t.Errorf("budget %d: %v, want %v", tc.budget, got, tc.want)
		}
	}
}
