package merge

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/nbtools/nbdiff/notebook"
	"github.com/nbtools/nbdiff/notebook/nbtest"
)

// jsonNB writes a notebook given in the test notation as nbformat does.
func jsonNB(s string) string { return string(notebook.Write(nbtest.ParseAny(s))) }

// conflicted returns the JSON of three notebooks (test notation) merged as
// text, the way git's text merge leaves a notebook: markers in the JSON.
func conflicted(base, ours, theirs string, opts Options) string {
	opts.NoWordMerge = true
	return Text(jsonNB(base), jsonNB(ours), jsonNB(theirs), opts)
}

func TestFix(t *testing.T) {
	// The cell "b" is edited on both sides: a conflict in the JSON, and
	// one that remains inside the cell.
	const base, ours, theirs = "md:intro code:a|b|c", "md:Intro code:a|x|c", "md:intro code:a|y|c"
	diff3 := Options{Diff3: true, MarkerSize: 9, OursLabel: "HEAD", TheirsLabel: "feature", BaseLabel: "anc"}
	for _, tc := range []struct {
		name string
		file string
		opts FixOptions
		want []string // the sources of the cells
	}{
		{
			name: "diff3 style: the markers' look is kept",
			file: conflicted(base, ours, theirs, diff3),
			want: []string{"Intro", "a\n<<<<<<<<< HEAD\nx\n||||||||| anc\nb\n=========\ny\n>>>>>>>>> feature\nc"},
		},
		{
			name: "merge style: the sides merge as an add/add",
			file: conflicted(base, ours, theirs, Options{}),
			want: []string{"Intro", "a\n<<<<<<< ours\nx\n=======\ny\n>>>>>>> theirs\nc"},
		},
		{
			name: "options the caller set win over the file's look",
			file: conflicted(base, ours, theirs, diff3),
			opts: FixOptions{Options: Options{MarkerSize: 8, OursLabel: "mine"}, KeepDiff3: true},
			want: []string{"Intro", "a\n<<<<<<<< mine\nx\n========\ny\n>>>>>>>> feature\nc"},
		},
		{
			name: "the index stages win over the markers",
			file: conflicted(base, ours, theirs, Options{}),
			opts: FixOptions{Stages: func() (*Stages, error) {
				return &Stages{Base: []byte(jsonNB(base)), Ours: []byte(jsonNB(base)), Theirs: []byte(jsonNB(theirs))}, nil
			}},
			want: []string{"intro", "a\ny\nc"},
		},
		{
			name: "index stages without a base, unreadable markers",
			file: "{\n<<<<<<< a\n",
			opts: FixOptions{Stages: func() (*Stages, error) {
				return &Stages{NoBase: true, Base: []byte("ignored"), Ours: []byte(jsonNB(ours)), Theirs: []byte(jsonNB(ours))}, nil
			}},
			want: []string{"Intro", "a\nx\nc"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if !HasMarkers([]byte(tc.file)) {
				t.Fatalf("no markers in %q", tc.file)
			}
			fixed, err := Fix([]byte(tc.file), tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			if fixed.Result == nil || fixed.Marked != nil {
				t.Fatalf("Fix = %+v, want a Result and no Marked", fixed)
			}
			checkValid(t, fixed.Result.Notebook)
			var got []string
			conflicts := 0
			for _, c := range fixed.Result.Notebook.Cells {
				got = append(got, c.Source)
				if HasMarkers([]byte(c.Source)) {
					conflicts++
				}
			}
			if d := cmp.Diff(tc.want, got); d != "" {
				t.Errorf("sources (-want +got):\n%s", d)
			}
			if n := len(fixed.Result.Conflicts); n != conflicts {
				t.Errorf("%d conflicts, want %d", n, conflicts)
			}
		})
	}
}

// TestFixValidNotebook checks that a valid notebook is never merged again
// (the index is not even asked) and that its cells holding markers are
// listed.
func TestFixValidNotebook(t *testing.T) {
	stages := func() (*Stages, error) { t.Fatal("Stages called for a valid notebook"); return nil, nil }
	for nb, want := range map[string][]int{
		"code:a md:b": nil,
		"code:a md:<<<<<<<~ours|x|=======|y|>>>>>>>~theirs raw:<<<<<<<|=======|>>>>>>>": {1, 2},
		"code:a|~<<<<<<<~indented": nil,
	} {
		fixed, err := Fix([]byte(jsonNB(nb)), FixOptions{Stages: stages})
		if err != nil {
			t.Fatalf("%s: %v", nb, err)
		}
		if fixed.Result != nil || !cmp.Equal(fixed.Marked, want) {
			t.Errorf("%s: Fix = %+v, want Marked %v", nb, fixed, want)
		}
	}
}

func TestFixErrors(t *testing.T) {
	errIndex := errors.New("index unreadable")
	notNB := []byte("{\n")
	for _, tc := range []struct {
		name, file string
		stages     *Stages
		stagesErr  error
		err        string
	}{
		{name: "unclosed", file: "{\n<<<<<<< a\n \"x\": 1\n", err: "line 2: conflict not closed"},
		{name: "stray marker", file: "{\n=======\n}\n", err: "line 2: conflict marker \"=======\" outside a conflict"},
		{name: "no markers", file: "{\n", err: "no conflict markers, and not a notebook: notebook: "},
		{name: "a side is no notebook", file: "{\n<<<<<<< a\n]\n=======\n \"cells\": []\n>>>>>>> b\n}\n",
			err: "line 3: ours side of the conflicts is not a notebook: notebook: line 2, column 1"},
		{name: "a stage is no notebook", file: "{\n", stages: &Stages{Base: []byte(jsonNB("")), Ours: []byte(jsonNB("")), Theirs: notNB},
			err: "index stage 3 (theirs): notebook: "},
		{name: "an empty base stage is no notebook", file: "{\n", stages: &Stages{Ours: []byte(jsonNB("")), Theirs: []byte(jsonNB(""))},
			err: "index stage 1 (base): notebook: "},
		{name: "the index's error", file: conflicted("code:a", "code:b", "code:c", Options{}), stagesErr: errIndex, err: errIndex.Error()},
	} {
		opts := FixOptions{Stages: func() (*Stages, error) { return tc.stages, tc.stagesErr }}
		fixed, err := Fix([]byte(tc.file), opts)
		if err == nil || !strings.HasPrefix(err.Error(), tc.err) {
			t.Errorf("%s: Fix = %+v, %v; want error %q", tc.name, fixed, err, tc.err)
		}
		if tc.stagesErr != nil && !errors.Is(err, tc.stagesErr) {
			t.Errorf("%s: error %v does not wrap the index's", tc.name, err)
		}
	}
}
