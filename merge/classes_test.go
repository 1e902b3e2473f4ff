package merge

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/nbtools/nbdiff/diff"
	"github.com/nbtools/nbdiff/notebook"
	"github.com/nbtools/nbdiff/notebook/nbtest"
)

// classCase is one merge of notebooks in the notation of notation_test.go,
// with the result expected and the number of conflicts.
type classCase struct {
	name               string
	base, ours, theirs string
	opts               Options
	want               string
	conflicts          int
}

// runClassCases merges every case, the sides as given and swapped (a
// clean merge gives the same cells either way), and checks the results.
func runClassCases(t *testing.T, cases []classCase) {
	t.Helper()
	for _, tc := range cases {
		r := Notebooks(baseNB(tc.base), nbtest.ParseAny(tc.ours), nbtest.ParseAny(tc.theirs), tc.opts)
		if got := nbtest.Format(r.Notebook); got != tc.want || len(r.Conflicts) != tc.conflicts {
			t.Errorf("%s:\n got %s (%d conflicts: %v)\nwant %s (%d conflicts)", tc.name, got, len(r.Conflicts), r.Conflicts, tc.want, tc.conflicts)
		}
		checkValid(t, r.Notebook)
		if tc.conflicts > 0 {
			continue
		}
		r = Notebooks(baseNB(tc.base), nbtest.ParseAny(tc.theirs), nbtest.ParseAny(tc.ours), tc.opts)
		if got := nbtest.Format(r.Notebook); got != tc.want || len(r.Conflicts) != 0 {
			t.Errorf("%s, swapped:\n got %s (%v)\nwant %s", tc.name, got, r.Conflicts, tc.want)
		}
	}
}

// TestWordMergeOnlyWhenEqualToOneSide: an overlapping hunk retried word by
// word is resolved only when the result is one side's text (that side's
// word edits hold the other's); a line combining both sides' edits, which
// neither side wrote, stays a conflict.
func TestWordMergeOnlyWhenEqualToOneSide(t *testing.T) {
	runClassCases(t, []classCase{
		{name: "theirs holds ours' edit",
			base:   "code:lr~=~0.1|model.fit(x,~epochs=5)",
			ours:   "code:lr~=~0.1|model.fit(x,~epochs=10)",
			theirs: "code:lr~=~0.1|model.fit(x_train,~epochs=10)",
			want:   "code:lr~=~0.1|model.fit(x_train,~epochs=10)"},
		{name: "edits that only combine",
			base:      "code:lr~=~0.1|model.fit(x,~epochs=5)",
			ours:      "code:lr~=~0.1|model.fit(x,~epochs=10)",
			theirs:    "code:lr~=~0.1|model.fit(x_train,~epochs=5)",
			want:      "code:lr~=~0.1|<<<<<<<~ours|model.fit(x,~epochs=10)|=======|model.fit(x_train,~epochs=5)|>>>>>>>~theirs",
			conflicts: 1},
		{name: "two lines, ours' edits hold theirs'",
			base:   "md:#~Results|We~train~for~five~epochs.|The~loss~drops.",
			ours:   "md:#~Results|We~train~for~ten~epochs.|The~loss~drops~fast.",
			theirs: "md:#~Results|We~train~for~ten~epochs.|The~loss~drops.",
			want:   "md:#~Results|We~train~for~ten~epochs.|The~loss~drops~fast."},
		{name: "turned off",
			base:      "code:lr~=~0.1|model.fit(x,~epochs=5)",
			ours:      "code:lr~=~0.1|model.fit(x,~epochs=10)",
			theirs:    "code:lr~=~0.1|model.fit(x,~epochs=10,~verbose=0)",
			opts:      Options{NoWordMerge: true},
			want:      "code:lr~=~0.1|<<<<<<<~ours|model.fit(x,~epochs=10)|=======|model.fit(x,~epochs=10,~verbose=0)|>>>>>>>~theirs",
			conflicts: 1},
	})
}

// TestInsertionsSlideLikeGit: an inserted block that can stand at several
// places (it ends with a blank line that could as well start it) is placed
// where git's diff places it, as far down as it goes, so that it does not
// meet the other side's insertion next to it.
func TestInsertionsSlideLikeGit(t *testing.T) {
	runClassCases(t, []classCase{
		{name: "paragraph after a blank line, line before it",
			base:   "code:import~os||x~=~load()||plot(x)||save(x)",
			ours:   "code:%matplotlib~inline||import~os||x~=~load()||plot(x)||print(x)||save(x)",
			theirs: "code:import~os||x~=~load()||plot(x)|x~=~clean(x)||save(x)",
			want:   "code:%matplotlib~inline||import~os||x~=~load()||plot(x)|x~=~clean(x)||print(x)||save(x)"},
	})
}

// TestSlideKeepsEdits checks that slide returns edits that still turn a
// into b, sorted and none empty, for random texts of few distinct lines
// (where blocks can slide the most).
func TestSlideKeepsEdits(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	lines := []string{"a\n", "\n", "\n", "b\n"}
	gen := func() []string {
		out := make([]string, r.IntN(12))
		for i := range out {
			out[i] = lines[r.IntN(len(lines))]
		}
		return out
	}
	for range 20000 {
		a, b := gen(), gen()
		edits := slide(a, b, diff.Strings(a, b))
		var got []string
		pos := 0
		for k, e := range edits {
			if e.AStart < pos || e.AEnd < e.AStart || e.BEnd < e.BStart || e.AStart == e.AEnd && e.BStart == e.BEnd {
				t.Fatalf("slide(%q, %q): bad edit %d %+v in %v", a, b, k, e, edits)
			}
			got = append(got, a[pos:e.AStart]...)
			got = append(got, b[e.BStart:e.BEnd]...)
			pos = e.AEnd
		}
		got = append(got, a[pos:]...)
		if !slices.Equal(got, b) {
			t.Fatalf("slide(%q, %q) = %v: applied gives %q", a, b, edits, got)
		}
	}
}

// TestIdenticalInsertionsOnce: lines that one side inserted right next to
// a change of the other side that writes the same lines there are written
// once, not twice.
func TestIdenticalInsertionsOnce(t *testing.T) {
	runClassCases(t, []classCase{
		{name: "insertion before a change that starts with it",
			base:   "md:#~Title|Some~text.|More~text.",
			ours:   "md:#~Title|![logo](logo.png)|Some~text.|More~text.",
			theirs: "md:#~Title|![logo](logo.png)|Some~new~text.|More~text.",
			want:   "md:#~Title|![logo](logo.png)|Some~new~text.|More~text."},
		{name: "change that ends with the insertion after it",
			base:   "code:import~numpy~as~np|x~=~np.ones(3)",
			ours:   "code:import~numpy|import~pandas~as~pd|x~=~np.ones(3)",
			theirs: "code:import~numpy~as~np|import~pandas~as~pd|x~=~np.ones(3)",
			want:   "code:import~numpy|import~pandas~as~pd|x~=~np.ones(3)"},
		{name: "different lines stay",
			base:   "md:#~Title|Some~text.",
			ours:   "md:#~Title|![logo](logo.png)|Some~text.",
			theirs: "md:#~Title|![banner](banner.png)|Some~new~text.",
			want:   "md:#~Title|![logo](logo.png)|![banner](banner.png)|Some~new~text."},
	})
}

// TestPositionalIDs: ids that are only positions ("0", "1", ...) pair a
// cell with its neighbour once a side inserted a cell and renumbered the
// ones after it; such pairings are not trusted, and the cells are aligned
// by content, so that the other side's edits land in the right cells.
func TestPositionalIDs(t *testing.T) {
	runClassCases(t, []classCase{
		{name: "insertion renumbers, edit of a later cell",
			base:   "md#0:#~Title code#1:import~os code#2:x~=~load() code#3:plot(x)",
			ours:   "md#0:#~Title code#1:import~os code#2:print(os.getcwd()) code#3:x~=~load() code#4:plot(x)",
			theirs: "md#0:#~Title code#1:import~os code#2:x~=~load(cache=True) code#3:plot(x)",
			want:   "md#0:#~Title code#1:import~os code#2:print(os.getcwd()) code#3:x~=~load(cache=True) code#4:plot(x)"},
		{name: "deletion renumbers, edit of a later cell",
			base:   "md#0:#~Title code#1:import~os code#2:x~=~load() code#3:plot(x)",
			ours:   "md#0:#~Title code#1:x~=~load() code#2:plot(x)",
			theirs: "md#0:#~Title code#1:import~os code#2:x~=~load() code#3:plot(x,~title='x')",
			want:   "md#0:#~Title code#1:x~=~load() code#2:plot(x,~title='x')"},
	})
}

// TestTextMovedBetweenCells: one side splits a cell in two, joins two, or
// moves lines to another cell, and the other side edits text that moved;
// the edit follows the text to where it went, as git's text merge would
// have it, instead of a deletion against an edit.
func TestTextMovedBetweenCells(t *testing.T) {
	runClassCases(t, []classCase{
		{name: "split, edit of the half that left",
			base:   "code:import~os|import~sys|import~json|import~re|DATA~=~'data/train.csv'|SEED~=~0||def~load(path):|~~~~return~open(path).read()",
			ours:   "code:import~os|import~sys|import~json|import~re|DATA~=~'data/train.csv'|SEED~=~0 code:def~load(path):|~~~~return~open(path).read()",
			theirs: "code:import~os|import~sys|import~json|import~re|DATA~=~'data/train.csv'|SEED~=~0||def~load(path):|~~~~return~open(path,~encoding='utf-8').read()",
			want:   "code:import~os|import~sys|import~json|import~re|DATA~=~'data/train.csv'|SEED~=~0 code:def~load(path):|~~~~return~open(path,~encoding='utf-8').read()"},
		{name: "split, edit of the other half",
			base:   "code:import~os|import~sys|DATA~=~'data/train.csv'||def~load(path):|~~~~return~open(path).read()",
			ours:   "code:import~os|import~sys|DATA~=~'data/train.csv' code:def~load(path):|~~~~return~open(path).read()",
			theirs: "code:import~os|import~sys|DATA~=~'data/test.csv'||def~load(path):|~~~~return~open(path).read()",
			want:   "code:import~os|import~sys|DATA~=~'data/test.csv' code:def~load(path):|~~~~return~open(path).read()"},
		{name: "join, edit of the cell that went",
			base:   "md:#~Data|The~data~comes~from~a~survey~of~households.|Each~row~is~one~household. md:Missing~values~are~marked~NA.|We~drop~them~below.",
			ours:   "md:#~Data|The~data~comes~from~a~survey~of~households.|Each~row~is~one~household.||Missing~values~are~marked~NA.|We~drop~them~below.",
			theirs: "md:#~Data|The~data~comes~from~a~survey~of~households.|Each~row~is~one~household. md:Missing~values~are~marked~N/A.|We~drop~them~below.",
			want:   "md:#~Data|The~data~comes~from~a~survey~of~households.|Each~row~is~one~household.||Missing~values~are~marked~N/A.|We~drop~them~below."},
		{name: "joined elsewhere, a blank line added on the way",
			base:   "code:x~=~1 md:Some~notes. code:TRAIN_URI~=~'gs://bucket/train:v1'|SERVE_URI~=~'gs://bucket/serve:v1' md:end",
			ours:   "code:x~=~1||TRAIN_URI~=~'gs://bucket/train:v1'||SERVE_URI~=~'gs://bucket/serve:v1' md:Some~notes. md:end",
			theirs: "code:x~=~1 md:Some~notes. code:TRAIN_URI~=~'gs://bucket/train:v1'|SERVE_URI~=~'gs://bucket/serve:v2' md:end",
			want:   "code:x~=~1||TRAIN_URI~=~'gs://bucket/train:v1'||SERVE_URI~=~'gs://bucket/serve:v2' md:Some~notes. md:end"},
		{name: "too little text to tell where it went",
			base:      "code:x~=~load()|x.plot()",
			ours:      "code:x~=~load() code:x.plot()",
			theirs:    "code:x~=~load()|x.plot(kind='bar')",
			want:      "code:<<<<<<<~ours|x~=~load()|=======|x~=~load()|x.plot(kind='bar')|>>>>>>>~theirs code:x.plot()",
			conflicts: 1},
	})
}

// TestDeletedVsSmallEditGoes: a cell one side deleted and the other
// changed a little (a typo, a number) goes, when its text is nowhere else
// on the deleting side; a bigger edit, or text that reappears there, still
// conflicts.
func TestDeletedVsSmallEditGoes(t *testing.T) {
	runClassCases(t, []classCase{
		{name: "typo fixed in a deleted cell",
			base:   "md:#~Setup md:Do~nothing~as~you~are~already~authenticated~in~Colab.|Otherwise~run~the~cell~below. code:x~=~1",
			ours:   "md:#~Setup code:x~=~1",
			theirs: "md:#~Setup md:Do~nothing~since~you~are~already~authenticated~in~Colab.|Otherwise~run~the~cell~below. code:x~=~1",
			want:   "md:#~Setup code:x~=~1"},
		{name: "rewritten, not touched up",
			base:      "md:#~Setup md:Do~nothing~as~you~are~already~authenticated~in~Colab.|Otherwise~run~the~cell~below. code:x~=~1",
			ours:      "md:#~Setup code:x~=~1",
			theirs:    "md:#~Setup md:If~you~use~Colab~you~are~already~authenticated.|Otherwise~run~the~cell~below~to~log~in. code:x~=~1",
			want:      "md:#~Setup md:<<<<<<<~ours|=======|If~you~use~Colab~you~are~already~authenticated.|Otherwise~run~the~cell~below~to~log~in.|>>>>>>>~theirs code:x~=~1",
			conflicts: 1},
		{name: "text still on the deleting side",
			base:      "md:#~Setup md:Do~nothing~as~you~are~already~authenticated~in~Colab.|Otherwise~run~the~cell~below. code:x~=~1",
			ours:      "md:#~Setup||Do~nothing~as~you~are~already~authenticated~in~Colab. code:x~=~1",
			theirs:    "md:#~Setup md:Do~nothing~since~you~are~already~authenticated~in~Colab.|Otherwise~run~the~cell~below. code:x~=~1",
			want:      "md:<<<<<<<~ours|#~Setup||Do~nothing~as~you~are~already~authenticated~in~Colab.|=======|Do~nothing~since~you~are~already~authenticated~in~Colab.|Otherwise~run~the~cell~below.|>>>>>>>~theirs code:x~=~1",
			conflicts: 1},
	})
}

// TestDeletedCellTextMovedCRLF: a cell one side deleted after moving its
// lines into another cell (written with other line ends) and the other
// side touched up is no delete/small edit: its lines stand on the
// deleting side, line ends aside, so the two sides conflict and the cell
// is not dropped.
func TestDeletedCellTextMovedCRLF(t *testing.T) {
	nb := func(sources ...string) *notebook.Notebook {
		n := &notebook.Notebook{Major: 4, Minor: 5, Metadata: notebook.ObjectValue()}
		for _, s := range sources {
			n.Cells = append(n.Cells, &notebook.Cell{Type: "markdown", Metadata: notebook.ObjectValue(), Source: s})
		}
		return n
	}
	moved := "The quick brown fox jumps over the lazy dog today\r\nand then it runs away into the deep dark forest\r\nwhere nobody can ever find it again at all\r\n"
	touched := strings.Replace(moved, "at all", "at alll", 1)
	last := "# End of the notebook with a long heading line\nsome more text that is here\nand more text that is also here\nand a last line of it\n"
	base := nb("# Title\n", moved, last)
	ours := nb("# Title\n", last+"The quick brown fox jumps over the lazy dog today\nand then it runs away into the deep dark forest\n")
	theirs := nb("# Title\n", touched, last)
	r := Notebooks(base, ours, theirs, Options{})
	if len(r.Notes) != 0 || len(r.Conflicts) != 1 {
		t.Errorf("notes %q, conflicts %v: want one delete/edit conflict", r.Notes, r.Conflicts)
	}
	// The same with the text not moved: a small edit of a deleted cell,
	// which goes.
	ours = nb("# Title\n", last)
	r = Notebooks(base, ours, theirs, Options{})
	if len(r.Notes) != 1 || len(r.Conflicts) != 0 {
		t.Errorf("notes %q, conflicts %v: want the cell gone, with a note", r.Notes, r.Conflicts)
	}
}

// TestOverlap checks overlap against the quadratic search it replaces.
func TestOverlap(t *testing.T) {
	slow := func(x, y []string) int {
		for n := min(len(x), len(y)); n > 0; n-- {
			if equalLines(x[len(x)-n:], y[:n]) {
				return n
			}
		}
		return 0
	}
	r := rand.New(rand.NewPCG(3, 4))
	gen := func() []string {
		out := make([]string, r.IntN(10))
		for i := range out {
			out[i] = []string{"a", "b"}[r.IntN(2)]
		}
		return out
	}
	for range 100000 {
		x, y := gen(), gen()
		if a, b := overlap(x, y), slow(x, y); a != b {
			t.Fatalf("overlap(%q, %q) = %d, want %d", x, y, a, b)
		}
	}
}
