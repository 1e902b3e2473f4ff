package merge

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/nbtools/nbdiff/notebook"
	"github.com/nbtools/nbdiff/notebook/nbtest"
)

// mergeCases is the case table of the package documentation, one row (or
// more) per line of it, in the notation of package nbtest. base "-" is a
// nil base (add/add).
var mergeCases = []struct {
	name               string
	base, ours, theirs string
	want               string
	kinds              []Kind // the kinds of the conflicts, in cell order
}{
	{name: "theirs only", base: "code:x~=~1|y~=~2 md:#~Title", ours: "code:x~=~1|y~=~2 md:#~Title",
		theirs: "code:x~=~1|y~=~3 md:#~Title", want: "code:x~=~1|y~=~3 md:#~Title"},
	{name: "ours only", base: "code:x~=~1|y~=~2 md:#~Title", ours: "code:x~=~1|y~=~2 md:#~Title|text",
		theirs: "code:x~=~1|y~=~2 md:#~Title", want: "code:x~=~1|y~=~2 md:#~Title|text"},
	{name: "identical changes", base: "code:x~=~1|y~=~2 md:#~Title",
		ours:   "code:x~=~10|y~=~2 md:#~Title code:print(x)",
		theirs: "code:x~=~10|y~=~2 md:#~Title code:print(x)",
		want:   "code:x~=~10|y~=~2 md:#~Title code:print(x)"},
	{name: "different lines of one cell", base: "code:a~=~1|b~=~2|c~=~3|d~=~4",
		ours: "code:a~=~10|b~=~2|c~=~3|d~=~4", theirs: "code:a~=~1|b~=~2|c~=~3|d~=~40",
		want: "code:a~=~10|b~=~2|c~=~3|d~=~40"},
	{name: "overlapping edits", base: "code:a~=~1|b~=~2|c~=~3",
		ours: "code:a~=~1|b~=~20|c~=~3", theirs: "code:a~=~1|b~=~30|c~=~3",
		want:  "code:a~=~1|<<<<<<<~ours|b~=~20|=======|b~=~30|>>>>>>>~theirs|c~=~3",
		kinds: []Kind{SourceConflict}},
	{name: "overlapping edits resolved word by word", base: "code:y~=~f(a,~b)|z~=~0",
		ours: "code:x~=~f(a,~b)|z~=~0", theirs: "code:x~=~f(a,~c)|z~=~0",
		want: "code:x~=~f(a,~c)|z~=~0"},
	{name: "deleted by ours, edited by theirs", base: "code:x~=~1 md:some~notes~about~it code:y~=~2",
		ours: "code:x~=~1 code:y~=~2", theirs: "code:x~=~1 md:some~notes~about~that code:y~=~2",
		want:  "code:x~=~1 md:<<<<<<<~ours|=======|some~notes~about~that|>>>>>>>~theirs code:y~=~2",
		kinds: []Kind{DeletedByOurs}},
	{name: "edited by ours, deleted by theirs", base: "code:x~=~1 md:some~notes~about~it code:y~=~2",
		ours: "code:x~=~1 md:some~notes~about~that code:y~=~2", theirs: "code:x~=~1 code:y~=~2",
		want:  "code:x~=~1 md:<<<<<<<~ours|some~notes~about~that|=======|>>>>>>>~theirs code:y~=~2",
		kinds: []Kind{DeletedByTheirs}},
	{name: "edited by ours, deleted by theirs, beside a cell it resembles",
		// Ours reordered the arguments of the first cell and deleted the
		// second, which shares more words with the edit than the first
		// cell's unchanged start and end make up: the alignment must
		// still pair the edit with the first cell, or theirs' deletion
		// of it is lost in a clean merge.
		base:   "code:x~=~load(path)|x~=~clean(x)|plot(x,~title='raw~data',~color='grey') code:plot(x,~color='grey',~title='raw~data')|print(x)",
		ours:   "code:x~=~load(path)|x~=~clean(x)|plot(x,~color='grey',~title='raw~data')",
		theirs: "code:plot(x,~color='grey',~title='raw~data')|print(x)",
		want:   "code:<<<<<<<~ours|x~=~load(path)|x~=~clean(x)|plot(x,~color='grey',~title='raw~data')|=======|>>>>>>>~theirs",
		kinds:  []Kind{DeletedByTheirs}},
	{name: "deleted against outputs changed", base: "code:x~=~1 code:plot(x)>old",
		ours: "code:x~=~1", theirs: "code:x~=~1 code:plot(x)>new", want: "code:x~=~1"},
	{name: "outputs changed against deleted", base: "code:x~=~1 code:plot(x)>old",
		ours: "code:x~=~1 code:plot(x)>new", theirs: "code:x~=~1", want: "code:x~=~1"},
	{name: "both deleted", base: "code:x~=~1 code:plot(x)", ours: "code:x~=~1", theirs: "code:x~=~1", want: "code:x~=~1"},
	{name: "insertions at the same place", base: "code:a~=~1 code:b~=~2",
		ours: "code:a~=~1 md:ours~heading code:b~=~2", theirs: "code:a~=~1 code:print(theirs) code:b~=~2",
		want: "code:a~=~1 md:ours~heading code:print(theirs) code:b~=~2"},
	{name: "identical insertions once", base: "code:a~=~1 code:b~=~2",
		ours: "code:a~=~1 md:notes code:b~=~2", theirs: "code:a~=~1 md:notes raw:extra code:b~=~2",
		want: "code:a~=~1 md:notes raw:extra code:b~=~2"},
	{name: "similar cells inserted at the same place", base: "md:Intro code:a~=~1",
		ours: "md:Intro code:x~=~load()|y~=~x~*~2 code:a~=~1", theirs: "md:Intro code:x~=~load()|y~=~x~*~3 code:a~=~1",
		want:  "md:Intro code:x~=~load()|<<<<<<<~ours|y~=~x~*~2|=======|y~=~x~*~3|>>>>>>>~theirs code:a~=~1",
		kinds: []Kind{SourceConflict}},
	{name: "cell split on both sides, one part edited", base: "md:Title code:alpha~=~1|beta~=~2|gamma~=~3|delta~=~4|eps~=~5",
		ours:   "md:Title code:alpha~=~1|beta~=~2|gamma~=~3 code:delta~=~4|eps~=~50",
		theirs: "md:Title code:alpha~=~1|beta~=~2|gamma~=~3 code:delta~=~4|eps~=~5",
		want:   "md:Title code:alpha~=~1|beta~=~2|gamma~=~3 code:delta~=~4|eps~=~50"},
	{name: "insertions at different places", base: "code:a~=~1 code:b~=~2",
		ours: "md:top code:a~=~1 code:b~=~2", theirs: "code:a~=~1 code:b~=~2 md:bottom",
		want: "md:top code:a~=~1 code:b~=~2 md:bottom"},
	{name: "moved against edited", base: "md:intro~text code:load~data code:train~the~model code:plot~the~results",
		ours:   "code:plot~the~results md:intro~text code:load~data code:train~the~model",
		theirs: "md:intro~text code:load~data code:train~the~model code:plot~the~results~nicely",
		want:   "code:plot~the~results~nicely md:intro~text code:load~data code:train~the~model"},
	{name: "edited against moved", base: "md:intro~text code:load~data code:train~the~model code:plot~the~results",
		ours:   "md:intro~text code:load~data code:train~the~model code:plot~the~results~nicely",
		theirs: "code:plot~the~results md:intro~text code:load~data code:train~the~model",
		want:   "code:plot~the~results~nicely md:intro~text code:load~data code:train~the~model"},
	{name: "cell type changed against source edited", base: "code#c1:x~=~1|y~=~2 md#c2:Notes",
		ours: "md#c1:x~=~1|y~=~2 md#c2:Notes", theirs: "code#c1:x~=~1|y~=~3>3 md#c2:Notes",
		want: "md#c1:x~=~1|y~=~3 md#c2:Notes"},
	{name: "cell type changed against source edited, no ids", base: "code:x~=~1|y~=~2 md:Notes",
		ours: "md:x~=~1|y~=~2 md:Notes", theirs: "code:x~=~1|y~=~3>3 md:Notes",
		want: "md:x~=~1|y~=~3 md:Notes"},
	// A cell that keeps its id is the same cell however much a side
	// rewrote it: not deleted on that side, and the other side's edit is
	// not dropped (found with git: the merge was clean, exit 0).
	{name: "rewritten on both sides, the id kept", base: "code#a1:x~=~1 code#t0:#~TODO:~load~the~data code#c3:plot()",
		ours:   "code#a1:x~=~1 code#t0:sales~=~sales[sales.region~!=~'west'] code#c3:plot()",
		theirs: "code#a1:x~=~1 code#t0:print(len(sales)) code#c3:plot()",
		want:   "code#a1:x~=~1 code#t0:<<<<<<<~ours|sales~=~sales[sales.region~!=~'west']|=======|print(len(sales))|>>>>>>>~theirs code#c3:plot()",
		kinds:  []Kind{SourceConflict}},
	{name: "rewritten by ours, a line edited by theirs, the id kept",
		base:   "md#m1:Intro code#k9:import~io|rows~=~[|~~(1,~2),|~~(3,~4),|~~(5,~6),|~~(7,~8),|~~(9,~10),|~~(11,~12),|~~(13,~14),|~~(15,~16),|]|df~=~pd.DataFrame(rows)|print(df.shape)",
		ours:   "md#m1:Intro code#k9:df~=~pd.read_parquet('s3://bucket/x')|print(df.shape)",
		theirs: "md#m1:Intro code#k9:import~io|rows~=~[|~~(1,~2),|~~(3,~5),|~~(5,~6),|~~(7,~8),|~~(9,~10),|~~(11,~12),|~~(13,~14),|~~(15,~16),|]|df~=~pd.DataFrame(rows)|print(df.shape)",
		want:   "md#m1:Intro code#k9:<<<<<<<~ours|df~=~pd.read_parquet('s3://bucket/x')|=======|import~io|rows~=~[|~~(1,~2),|~~(3,~5),|~~(5,~6),|~~(7,~8),|~~(9,~10),|~~(11,~12),|~~(13,~14),|~~(15,~16),|]|df~=~pd.DataFrame(rows)|>>>>>>>~theirs|print(df.shape)",
		kinds:  []Kind{SourceConflict}},
	// A criss-cross history: git merges the two merge bases first, and
	// the base is that merge, markers and all; each side resolved the
	// conflict its own way, which is a conflict again, not a word merge
	// that decides it (git's own merge conflicts too).
	{name: "sides resolved a conflict of the base differently",
		base:   "code:x~=~1|<<<<<<<~Temporary~merge~branch~1|df~=~df.dropna(how='any')|=======|df~=~df.fillna(0)|>>>>>>>~Temporary~merge~branch~2|y~=~2",
		ours:   "code:x~=~1|df~=~df.dropna(how='any')|y~=~2",
		theirs: "code:x~=~1|df~=~df.dropna()|y~=~2",
		want:   "code:x~=~1|<<<<<<<~ours|df~=~df.dropna(how='any')|=======|df~=~df.dropna()|>>>>>>>~theirs|y~=~2",
		kinds:  []Kind{SourceConflict}},
	{name: "cell type changed on one side", base: "code:print(1) md:text",
		ours: "raw:print(1) md:text", theirs: "code:print(1) md:text", want: "raw:print(1) md:text"},
	{name: "cell type changed on both sides", base: "code#c1:print(1)",
		ours: "md#c1:print(1)", theirs: "raw#c1:print(1)", want: "md#c1:print(1)", kinds: []Kind{TypeConflict}},
	{name: "empty base, same cells", base: "-", ours: "md:Title code:a~=~1",
		theirs: "md:Title code:a~=~1 code:b~=~2", want: "md:Title code:a~=~1 code:b~=~2"},
	{name: "empty base, one cell differs", base: "-", ours: "md:Title code:x~=~1|y~=~2",
		theirs: "md:Title code:x~=~1|y~=~3",
		want:   "md:Title code:x~=~1|<<<<<<<~ours|y~=~2|=======|y~=~3|>>>>>>>~theirs",
		kinds:  []Kind{SourceConflict}},
	{name: "ours emptied the notebook", base: "code:a~=~1 md:b", ours: "", theirs: "code:a~=~1 md:b", want: ""},
	{name: "theirs emptied the notebook", base: "code:a~=~1 md:b", ours: "code:a~=~1 md:b", theirs: "", want: ""},
	{name: "ours emptied, theirs edited", base: "code:a~=~1 md:some~words~here",
		ours: "", theirs: "code:a~=~1 md:some~words~there",
		want:  "md:<<<<<<<~ours|=======|some~words~there|>>>>>>>~theirs",
		kinds: []Kind{DeletedByOurs}},
	{name: "all empty", base: "", ours: "", theirs: "", want: ""},
	{name: "empty base notebook, both add", base: "", ours: "md:a", theirs: "code:b", want: "md:a code:b"},
}

// baseNB is nbtest.Parse, or nil for "-".
func baseNB(s string) *notebook.Notebook {
	if s == "-" {
		return nil
	}
	return nbtest.Parse(s)
}

func TestNotebooksCases(t *testing.T) {
	for _, tc := range mergeCases {
		t.Run(tc.name, func(t *testing.T) {
			base, ours, theirs := baseNB(tc.base), nbtest.Parse(tc.ours), nbtest.Parse(tc.theirs)
			before := [][]byte{notebook.Write(ours), notebook.Write(theirs)}
			if base != nil {
				before = append(before, notebook.Write(base))
			}
			r := Notebooks(base, ours, theirs, Options{})
			if got := nbtest.Format(r.Notebook); got != tc.want {
				t.Errorf("merged:\n got %s\nwant %s", got, tc.want)
			}
			var kinds []Kind
			for _, c := range r.Conflicts {
				kinds = append(kinds, c.Kind)
				if c.Cell < 0 || c.Cell >= len(r.Notebook.Cells) {
					t.Errorf("conflict %v: cell out of range", c)
				}
			}
			if !slices.Equal(kinds, tc.kinds) {
				t.Errorf("conflicts %v, want kinds %v", r.Conflicts, tc.kinds)
			}
			after := [][]byte{notebook.Write(ours), notebook.Write(theirs)}
			if base != nil {
				after = append(after, notebook.Write(base))
			}
			if !slices.EqualFunc(before, after, bytes.Equal) {
				t.Errorf("Notebooks modified its arguments")
			}
			checkValid(t, r.Notebook)
		})
	}
}

// TestNotebooksCasesSwapped checks that the clean rows of the table give
// the same cells with the sides swapped, apart from the order of cells
// both sides inserted at one place.
func TestNotebooksCasesSwapped(t *testing.T) {
	for _, tc := range mergeCases {
		if len(tc.kinds) > 0 || strings.Contains(tc.name, "same place") || strings.Contains(tc.name, "both") {
			continue
		}
		r := Notebooks(baseNB(tc.base), nbtest.Parse(tc.theirs), nbtest.Parse(tc.ours), Options{})
		if got := nbtest.Format(r.Notebook); got != tc.want || len(r.Conflicts) > 0 {
			t.Errorf("%s, swapped:\n got %s (%v)\nwant %s", tc.name, got, r.Conflicts, tc.want)
		}
	}
}

// checkValid checks that a notebook writes, parses back and writes the
// same, repeats no cell id, and has outputs and counts in code cells only.
func checkValid(t testing.TB, nb *notebook.Notebook) {
	t.Helper()
	checkValidGiven(t, nb)
}

// checkValidGiven is checkValid of a merge of inputs: where an input
// already has a cell other than code with outputs or a count (nbformat's
// schema allows them in code cells only, yet such files exist, and the
// parser keeps what they hold), the merge may keep that too. A cell the
// merge rebuilds has none.
func checkValidGiven(t testing.TB, nb *notebook.Notebook, inputs ...*notebook.Notebook) {
	t.Helper()
	runOutsideCode := func(nb *notebook.Notebook) bool {
		for _, c := range nb.Cells {
			if c.Type != "code" && (c.Outputs.Kind != notebook.Null || c.ExecutionCount.Kind != notebook.Null) {
				return true
			}
		}
		return false
	}
	inputsHaveRuns := slices.ContainsFunc(inputs, func(in *notebook.Notebook) bool { return in != nil && runOutsideCode(in) })
	out := notebook.Write(nb)
	back, err := notebook.Parse(out)
	if err != nil {
		t.Fatalf("merged notebook does not parse: %v\n%s", err, out)
	}
	if again := notebook.Write(back); !bytes.Equal(again, out) {
		t.Fatalf("merged notebook does not write back the same:\n%s", cmp.Diff(string(out), string(again)))
	}
	seen := map[string]bool{}
	for i, c := range back.Cells {
		if c.ID != "" && seen[c.ID] {
			t.Errorf("cell %d: id %q repeated", i, c.ID)
		}
		seen[c.ID] = true
		if c.Type != "code" && (c.Outputs.Kind != notebook.Null || c.ExecutionCount.Kind != notebook.Null) && !inputsHaveRuns {
			t.Errorf("cell %d: %s cell with outputs or a count", i, c.Type)
		}
	}
}

// TestMovesApartNoted checks row move/move: a cell the two sides move to
// different places stands where ours put it, with a note; a move on one
// side only, or the same move on both, gives no note.
func TestMovesApartNoted(t *testing.T) {
	base := "code:import~numpy code:load() code:clean() code:plot()"
	for _, tc := range []struct {
		name, ours, theirs, want string
		noted                    bool
	}{
		{"moved apart", "code:load() code:clean() code:import~numpy code:plot()",
			"code:load() code:import~numpy code:clean() code:plot()",
			"code:load() code:clean() code:import~numpy code:plot()", true},
		{"moved on one side", "code:load() code:clean() code:import~numpy code:plot()", base,
			"code:load() code:clean() code:import~numpy code:plot()", false},
		{"the same move", "code:load() code:import~numpy code:clean() code:plot()",
			"code:load() code:import~numpy code:clean() code:plot()",
			"code:load() code:import~numpy code:clean() code:plot()", false},
	} {
		r := Notebooks(nbtest.Parse(base), nbtest.Parse(tc.ours), nbtest.Parse(tc.theirs), Options{})
		if got := nbtest.Format(r.Notebook); got != tc.want || len(r.Conflicts) > 0 {
			t.Errorf("%s: got %s (%v), want %s", tc.name, got, r.Conflicts, tc.want)
		}
		noted := slices.ContainsFunc(r.Notes, func(n string) bool {
			return strings.Contains(n, "different places") && strings.Contains(n, `"import numpy"`)
		})
		if noted != tc.noted {
			t.Errorf("%s: notes %q, want the move noted: %v", tc.name, r.Notes, tc.noted)
		}
	}
}

func TestOutputsFollowSource(t *testing.T) {
	for _, tc := range []struct{ name, base, ours, theirs, want string }{
		{"theirs' source, theirs' outputs", "code:x~=~1>1", "code:x~=~1>one", "code:x~=~2>1", "code:x~=~2>1"},
		{"ours' source, ours' outputs", "code:x~=~1>1", "code:x~=~2>2", "code:x~=~1>uno", "code:x~=~2>2"},
		{"both re-ran: ours", "code:x~=~1>1", "code:x~=~1>ours", "code:x~=~1>theirs", "code:x~=~1>ours"},
		{"only theirs re-ran", "code:x~=~1>1", "code:x~=~1>1", "code:x~=~1>theirs", "code:x~=~1>theirs"},
		{"merged source: cleared", "code:a|b|c>1", "code:A|b|c>2", "code:a|b|C>3", "code:A|b|C"},
		{"conflict: cleared", "code:a~=~1>1", "code:a~=~2>2", "code:a~=~3>3",
			"code:<<<<<<<~ours|a~=~2|=======|a~=~3|>>>>>>>~theirs"},
	} {
		r := Notebooks(nbtest.Parse(tc.base), nbtest.Parse(tc.ours), nbtest.Parse(tc.theirs), Options{})
		if got := nbtest.Format(r.Notebook); got != tc.want {
			t.Errorf("%s: got %s, want %s", tc.name, got, tc.want)
		}
		for _, c := range r.Notebook.Cells {
			if len(c.Outputs.Items) == 0 && c.ExecutionCount.Kind != notebook.Null {
				t.Errorf("%s: a count without outputs", tc.name)
			}
		}
	}
}

func TestStripOutputs(t *testing.T) {
	r := Notebooks(nbtest.Parse("code:x>1 md:y"), nbtest.Parse("code:x>2 md:y"), nbtest.Parse("code:x>1 md:z"), Options{StripOutputs: true})
	if got, want := nbtest.Format(r.Notebook), "code:x md:z"; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	if c := r.Notebook.Cells[0]; c.ExecutionCount.Kind != notebook.Null {
		t.Errorf("execution count kept: %v", c.ExecutionCount)
	}
}

func TestMarkerOptions(t *testing.T) {
	opts := Options{MarkerSize: 9, OursLabel: "HEAD", TheirsLabel: "topic", BaseLabel: "merged common ancestors", Diff3: true}
	r := Notebooks(nbtest.Parse("code:a|b"), nbtest.Parse("code:a|c"), nbtest.Parse("code:a|d"), opts)
	want := "a\n<<<<<<<<< HEAD\nc\n||||||||| merged common ancestors\nb\n=========\nd\n>>>>>>>>> topic"
	if got := r.Notebook.Cells[0].Source; got != want {
		t.Errorf("source = %q, want %q", got, want)
	}
	if len(r.Conflicts) != 1 || r.Conflicts[0].Regions != 1 {
		t.Errorf("conflicts = %v", r.Conflicts)
	}
}

func TestConflictString(t *testing.T) {
	r := Notebooks(nbtest.Parse("md:x code#1a2b:a~=~1"), nbtest.Parse("md:x code#1a2b:a~=~2"), nbtest.Parse("md:x code#1a2b:a~=~3"), Options{})
	if len(r.Conflicts) != 1 {
		t.Fatalf("conflicts = %v", r.Conflicts)
	}
	if got, want := r.Conflicts[0].String(), "cell 2 (code, id 1a2b): both sides edited the same lines"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}

func TestMetadata(t *testing.T) {
	num := func(s string) notebook.Value { return notebook.Value{Kind: notebook.Number, Str: s} }
	obj := func(kv ...string) notebook.Value {
		v := notebook.ObjectValue()
		for i := 0; i+1 < len(kv); i += 2 {
			v.Set(kv[i], num(kv[i+1]))
		}
		return v
	}
	base, ours, theirs := nbtest.Parse("code:x"), nbtest.Parse("code:x"), nbtest.Parse("code:x")
	base.Metadata = obj("a", "1", "b", "1", "d", "1", "k", "0")
	ours.Metadata = obj("a", "2", "b", "1", "c", "1", "d", "1", "k", "1")
	theirs.Metadata = obj("a", "1", "b", "3", "k", "2")
	base.Metadata.Set("kernelspec", obj("x", "1", "y", "1"))
	ours.Metadata.Set("kernelspec", obj("x", "2", "y", "1"))
	theirs.Metadata.Set("kernelspec", obj("x", "1", "y", "2"))
	base.Cells[0].Metadata = obj("tags", "0")
	ours.Cells[0].Metadata = obj("tags", "0", "scrolled", "1")
	theirs.Cells[0].Metadata = obj("collapsed", "1")
	r := Notebooks(base, ours, theirs, Options{})
	want := obj("a", "2", "b", "3", "c", "1", "k", "1")
	want.Set("kernelspec", obj("x", "2", "y", "2"))
	if !r.Notebook.Metadata.Equal(&want) {
		t.Errorf("metadata = %s, want %s", showValue(r.Notebook.Metadata), showValue(want))
	}
	if wantCell := obj("collapsed", "1", "scrolled", "1"); !r.Notebook.Cells[0].Metadata.Equal(&wantCell) {
		t.Errorf("cell metadata = %s, want %s", showValue(r.Notebook.Cells[0].Metadata), showValue(wantCell))
	}
	if len(r.Notes) != 1 || !strings.Contains(r.Notes[0], "metadata.k") {
		t.Errorf("notes = %q, want one about metadata.k", r.Notes)
	}
	if len(r.Conflicts) != 0 {
		t.Errorf("metadata conflicts: %v", r.Conflicts)
	}
}

func showValue(v notebook.Value) string {
	nb := &notebook.Notebook{Major: 4, Minor: 4, Metadata: v}
	return string(notebook.Write(nb))
}

func TestVersionAndStyle(t *testing.T) {
	base, ours, theirs := nbtest.Parse("code:x"), nbtest.Parse("code:x"), nbtest.Parse("code#t1:x code#t2:y")
	ours.Style.Indent = "  "
	r := Notebooks(base, ours, theirs, Options{})
	if r.Notebook.Minor != 5 || r.Notebook.Style.Indent != "  " {
		t.Errorf("minor %d, style %+v: want 5 and ours' style", r.Notebook.Minor, r.Notebook.Style)
	}
	for i, c := range r.Notebook.Cells {
		if c.ID == "" {
			t.Errorf("cell %d has no id in a 4.5 result of a 4.4 side", i)
		}
	}
	checkValid(t, r.Notebook)
}

func TestNoIDsInvented(t *testing.T) {
	r := Notebooks(nbtest.Parse("code:x"), nbtest.Parse("code:x md:a"), nbtest.Parse("code:y"), Options{})
	for i, c := range r.Notebook.Cells {
		if c.HasID() {
			t.Errorf("cell %d got id %q in a 4.4 notebook", i, c.ID)
		}
	}
}

func TestDuplicateIDs(t *testing.T) {
	merge := func() *Result {
		return Notebooks(nbtest.Parse("code#a:x~=~1 code#b:y~=~2"),
			nbtest.Parse("md#n:ours~text code#a:x~=~1 code#b:y~=~2"),
			nbtest.Parse("code#a:x~=~1 code#b:y~=~2 raw#n:something~else"), Options{})
	}
	r := merge()
	if got := nbtest.Format(r.Notebook); !strings.HasPrefix(got, "md#n:ours~text code#a:x~=~1 code#b:y~=~2 raw#") || strings.HasSuffix(got, "raw#n:something~else") {
		t.Errorf("got %s, want the repeated id n replaced in the last cell", got)
	}
	if again := merge(); nbtest.Format(again.Notebook) != nbtest.Format(r.Notebook) {
		t.Errorf("derived ids differ between runs")
	}
	if len(r.Notes) != 1 || !strings.Contains(r.Notes[0], `"n"`) {
		t.Errorf("notes = %q", r.Notes)
	}
	checkValid(t, r.Notebook)
}

// TestAttachmentConflict: a pasted image both sides replaced differently
// is content, not metadata that ours wins: ours' stays, and it is a
// conflict; replaced on one side only, or the same way, it merges.
func TestAttachmentConflict(t *testing.T) {
	withImage := func(png string) *notebook.Notebook {
		nb := nbtest.Parse("md#m1:![a](attachment:a.png) code#c1:x~=~1")
		nb.Cells[0].Attachments = notebook.ObjectValue(notebook.Member{Key: "a.png",
			Value: notebook.ObjectValue(notebook.Member{Key: "image/png", Value: notebook.StringValue(png)})})
		return nb
	}
	image := func(nb *notebook.Notebook) string {
		return nb.Cells[0].Attachments.Get("a.png").Get("image/png").Str
	}
	for _, tc := range []struct {
		ours, theirs, want string
		conflict           bool
	}{
		{"BBBB", "CCCC", "BBBB", true},
		{"AAAA", "CCCC", "CCCC", false},
		{"BBBB", "BBBB", "BBBB", false},
	} {
		r := Notebooks(withImage("AAAA"), withImage(tc.ours), withImage(tc.theirs), Options{})
		kinds := []Kind{}
		for _, c := range r.Conflicts {
			kinds = append(kinds, c.Kind)
		}
		if got := image(r.Notebook); got != tc.want || (len(kinds) == 1 && kinds[0] == AttachmentConflict) != tc.conflict || len(kinds) > 1 {
			t.Errorf("ours %s, theirs %s: image %s, conflicts %v; want %s, conflict %v", tc.ours, tc.theirs, got, kinds, tc.want, tc.conflict)
		}
		checkValid(t, r.Notebook)
	}
}
