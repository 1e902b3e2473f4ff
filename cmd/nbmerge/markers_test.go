package main

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// A conflicted file in every style, built from the same three sides; the
// tests check that splitting gives the sides back.
var splitCases = []struct {
	name                string
	text                string
	ours, theirs, base  string
	hasBase             bool
	conflicts           int
	oursLabel, theirsLb string
}{
	{
		name:      "merge style",
		text:      "a\n<<<<<<< HEAD\nb1\n=======\nb2\n>>>>>>> feature\nc\n",
		ours:      "a\nb1\nc\n",
		theirs:    "a\nb2\nc\n",
		conflicts: 1, oursLabel: "HEAD", theirsLb: "feature",
	},
	{
		name:      "diff3 style",
		text:      "a\n<<<<<<< HEAD\nb1\n||||||| base\nb\n=======\nb2\n>>>>>>> feature\nc\n",
		ours:      "a\nb1\nc\n",
		theirs:    "a\nb2\nc\n",
		base:      "a\nb\nc\n",
		hasBase:   true,
		conflicts: 1, oursLabel: "HEAD", theirsLb: "feature",
	},
	{
		// zdiff3 moves common lines out of the conflict; the syntax is
		// diff3's.
		name:      "zdiff3 style, two conflicts, empty sections",
		text:      "a\n<<<<<<< ours\nx\n||||||| base\n=======\n>>>>>>> theirs\nm\n<<<<<<< ours\n||||||| base\nq\n=======\ny\n>>>>>>> theirs\n",
		ours:      "a\nx\nm\n",
		theirs:    "a\nm\ny\n",
		base:      "a\nm\nq\n",
		hasBase:   true,
		conflicts: 2, oursLabel: "ours", theirsLb: "theirs",
	},
	{
		name:      "long markers without labels",
		text:      "<<<<<<<<<\nb1\n|||||||||\nb\n=========\nb2\n>>>>>>>>>\n",
		ours:      "b1\n",
		theirs:    "b2\n",
		base:      "b\n",
		hasBase:   true,
		conflicts: 1,
	},
	{
		// A recursive merge nests the markers of a virtual ancestor
		// (another length) inside a conflict: they are content.
		name:      "nested markers of another length",
		text:      "<<<<<<< A\nx\n||||||| merged common ancestors\n<<<<<<<<< Temporary merge branch 1\np\n=========\nq\n>>>>>>>>> Temporary merge branch 2\n=======\ny\n>>>>>>> B\n",
		ours:      "x\n",
		theirs:    "y\n",
		base:      "<<<<<<<<< Temporary merge branch 1\np\n=========\nq\n>>>>>>>>> Temporary merge branch 2\n",
		hasBase:   true,
		conflicts: 1, oursLabel: "A", theirsLb: "B",
	},
	{
		name:      "CRLF",
		text:      "a\r\n<<<<<<< HEAD\r\nb1\r\n||||||| base\r\nb\r\n=======\r\nb2\r\n>>>>>>> feature\r\nc",
		ours:      "a\r\nb1\r\nc",
		theirs:    "a\r\nb2\r\nc",
		base:      "a\r\nb\r\nc",
		hasBase:   true,
		conflicts: 1, oursLabel: "HEAD", theirsLb: "feature",
	},
	{
		name:      "one conflict without base makes no base",
		text:      "<<<<<<< A\nx\n||||||| O\no\n=======\ny\n>>>>>>> B\n<<<<<<< A\nx\n=======\ny\n>>>>>>> B\n",
		ours:      "x\nx\n",
		theirs:    "y\ny\n",
		conflicts: 2, oursLabel: "A", theirsLb: "B",
	},
	{
		name:    "no markers",
		text:    "a\n<<<<<< six is not a marker\n<<<<<<<x neither is this\n",
		ours:    "a\n<<<<<< six is not a marker\n<<<<<<<x neither is this\n",
		theirs:  "a\n<<<<<< six is not a marker\n<<<<<<<x neither is this\n",
		base:    "a\n<<<<<< six is not a marker\n<<<<<<<x neither is this\n",
		hasBase: true,
	},
}

func TestSplitMarkers(t *testing.T) {
	for _, tc := range splitCases {
		t.Run(tc.name, func(t *testing.T) {
			s, err := splitMarkers(tc.text)
			if err != nil {
				t.Fatal(err)
			}
			got := []any{s.Ours, s.Theirs, s.Base, s.HasBase, s.Conflicts, s.OursLabel, s.TheirsLabel}
			want := []any{tc.ours, tc.theirs, tc.base, tc.hasBase, tc.conflicts, tc.oursLabel, tc.theirsLb}
			if d := cmp.Diff(want, got); d != "" {
				t.Errorf("splitMarkers (-want +got):\n%s", d)
			}
			// Property: every line of a side maps back to the same line of
			// the input.
			lines := strings.SplitAfter(tc.text, "\n")
			for _, side := range []struct {
				text  string
				lines []int
			}{{s.Ours, s.OursLines}, {s.Theirs, s.TheirsLines}, {s.Base, s.BaseLines}} {
				sl := strings.SplitAfter(side.text, "\n")
				if sl[len(sl)-1] == "" {
					sl = sl[:len(sl)-1]
				}
				if side.text == "" || !s.HasBase && side.text == s.Base {
					continue
				}
				if len(sl) != len(side.lines) {
					t.Fatalf("side has %d lines, line map %d", len(sl), len(side.lines))
				}
				for i, l := range sl {
					if lines[side.lines[i]-1] != l {
						t.Errorf("side line %d = %q maps to input line %d = %q", i+1, l, side.lines[i], lines[side.lines[i]-1])
					}
				}
			}
		})
	}
}

func TestSplitMarkersErrors(t *testing.T) {
	for _, tc := range []struct{ text, err string }{
		{"a\n<<<<<<< A\nx\n=======\ny\n", "line 2: conflict not closed"},
		{"<<<<<<< A\nx\n", "line 1: conflict not closed"},
		{"a\n=======\n", "line 2: conflict marker \"=======\" outside"},
		{"<<<<<<< A\n<<<<<<< B\n", "line 2: conflict opened inside the conflict of line 1"},
		// The closing marker must have the opening marker's length.
		{"<<<<<<<< A\nx\n========\ny\n>>>>>>> B\n", "line 1: conflict not closed"},
	} {
		_, err := splitMarkers(tc.text)
		if err == nil || !strings.Contains(err.Error(), tc.err) {
			t.Errorf("splitMarkers(%q) = %v, want error containing %q", tc.text, err, tc.err)
		}
	}
}

func TestHasMarkers(t *testing.T) {
	for text, want := range map[string]bool{
		"":                          false,
		"x\n<<<<<<< HEAD\n":         true,
		"<<<<<<<<<\n":               true,
		" <<<<<<< indented\n":       false,
		"<<<<<< six\n":              false,
		"{\n \"a\": \"<<<<<<<\"\n}": false,
	} {
		if got := hasMarkers([]byte(text)); got != want {
			t.Errorf("hasMarkers(%q) = %v, want %v", text, got, want)
		}
	}
}
