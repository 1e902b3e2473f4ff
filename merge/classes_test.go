package merge

import (
	"testing"
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
		r := Notebooks(baseNB(tc.base), parseNB(tc.ours), parseNB(tc.theirs), tc.opts)
		if got := showNB(r.Notebook); got != tc.want || len(r.Conflicts) != tc.conflicts {
			t.Errorf("%s:\n got %s (%d conflicts: %v)\nwant %s (%d conflicts)", tc.name, got, len(r.Conflicts), r.Conflicts, tc.want, tc.conflicts)
		}
		checkValid(t, r.Notebook)
		if tc.conflicts > 0 {
			continue
		}
		r = Notebooks(baseNB(tc.base), parseNB(tc.theirs), parseNB(tc.ours), tc.opts)
		if got := showNB(r.Notebook); got != tc.want || len(r.Conflicts) != 0 {
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
