package merge

import (
	"slices"
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
			s, err := SplitMarkers(tc.text)
			if err != nil {
				t.Fatal(err)
			}
			got := []any{s.Ours, s.Theirs, s.Base, s.HasBase, s.Conflicts, s.OursLabel, s.TheirsLabel}
			want := []any{tc.ours, tc.theirs, tc.base, tc.hasBase, tc.conflicts, tc.oursLabel, tc.theirsLb}
			if d := cmp.Diff(want, got); d != "" {
				t.Errorf("SplitMarkers (-want +got):\n%s", d)
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
		_, err := SplitMarkers(tc.text)
		if err == nil || !strings.Contains(err.Error(), tc.err) {
			t.Errorf("SplitMarkers(%q) = %v, want error containing %q", tc.text, err, tc.err)
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
		if got := HasMarkers([]byte(text)); got != want {
			t.Errorf("HasMarkers(%q) = %v, want %v", text, got, want)
		}
	}
}

// compose writes sides as git does: common segments as they are, conflict
// segments between markers of the given size, with a base section when
// diff3 is set, lines ending in nl.
func compose(segs []segment, size int, diff3 bool, nl string) string {
	var b strings.Builder
	mark := func(ch, label string) {
		b.WriteString(strings.Repeat(ch, size))
		if label != "" {
			b.WriteString(" " + label)
		}
		b.WriteString(nl)
	}
	lines := func(ls []string) {
		for _, l := range ls {
			b.WriteString(l + nl)
		}
	}
	for _, s := range segs {
		if !s.conflict {
			lines(s.ours)
			continue
		}
		mark("<", "ours")
		lines(s.ours)
		if diff3 {
			mark("|", "base")
			lines(s.base)
		}
		mark("=", "")
		lines(s.theirs)
		mark(">", "theirs")
	}
	return b.String()
}

type segment struct {
	conflict           bool
	ours, base, theirs []string
}

// TestSplitMarkersRoundTrip composes conflicted texts from sides in every
// style, marker size and line end, with conflict content that looks like
// markers of other sizes (as recursive merges nest them), and checks that
// splitting gives the sides back.
func TestSplitMarkersRoundTrip(t *testing.T) {
	plain := []string{"a", "{", "}", ` "x": 1,`, "<<<<<<", "======", ""}
	markerLike := []string{"<<<<<<<<<<<< deeper", "=========", ">>>>>>>>>", "|||||||||||| b", "<<<<<<< seven", "======="}
	seed := uint32(1)
	next := func(n int) int { // a small deterministic generator
		seed = seed*1664525 + 1013904223
		return int(seed>>16) % n
	}
	// pick returns up to 3 lines; inside a conflict also lines that look
	// like markers, but never one of the size in use (git never writes
	// such content either: it picks longer markers).
	pick := func(inConflict bool, size int) []string {
		var ls []string
		for range next(4) {
			l := plain[next(len(plain))]
			if inConflict && next(3) == 0 {
				l = markerLike[next(len(markerLike))]
			}
			if l != "" {
				if n, _, ok := marker(l, l[0]); ok && n == size {
					continue
				}
			}
			ls = append(ls, l)
		}
		return ls
	}
	nested := 0
	for range 500 {
		size := []int{7, 9, 12}[next(3)]
		diff3 := next(2) == 0
		nl := []string{"\n", "\r\n"}[next(2)]
		var segs []segment
		var ours, theirs, base []string
		conflicts := 0
		for range next(6) {
			s := segment{conflict: next(2) == 0}
			if s.conflict {
				s.ours, s.base, s.theirs = pick(true, size), pick(true, size), pick(true, size)
				conflicts++
			} else {
				s.ours = pick(false, size)
				s.base, s.theirs = s.ours, s.ours
			}
			segs = append(segs, s)
			ours, base, theirs = append(ours, s.ours...), append(base, s.base...), append(theirs, s.theirs...)
		}
		text := compose(segs, size, diff3, nl)
		if strings.Contains(text, "deeper") || strings.Contains(text, "seven") {
			nested++
		}
		s, err := SplitMarkers(text)
		if err != nil {
			t.Fatalf("SplitMarkers(%q): %v", text, err)
		}
		join := func(ls []string) string {
			if len(ls) == 0 {
				return ""
			}
			return strings.Join(ls, nl) + nl
		}
		want := []any{join(ours), join(theirs), conflicts}
		got := []any{s.Ours, s.Theirs, s.Conflicts}
		if diff3 || conflicts == 0 {
			want, got = append(want, join(base), true), append(got, s.Base, s.HasBase)
		} else if s.HasBase {
			t.Errorf("HasBase without a base section in %q", text)
		}
		if d := cmp.Diff(want, got); d != "" {
			t.Fatalf("split of %q (-want +got):\n%s", text, d)
		}
	}
	if nested == 0 {
		t.Error("no case had marker-like content: the generator is broken")
	}
}

// FuzzSplitMarkers checks that splitting never panics and that the line
// maps point at lines of the input holding the same text; and that Fix,
// which splits the same way, never panics and repairs into a valid
// notebook (as valid as the sides it merged: see checkValidGiven).
func FuzzSplitMarkers(f *testing.F) {
	for _, tc := range splitCases {
		f.Add(tc.text)
	}
	f.Add(conflicted("md:intro code:a|b|c", "md:Intro code:a|x|c", "md:intro code:a|y|c", Options{Diff3: true}))
	f.Fuzz(func(t *testing.T, text string) {
		fixed, fixErr := Fix([]byte(text), FixOptions{})
		s, err := SplitMarkers(text)
		if fixErr == nil && fixed.Result != nil {
			// Fix merged the sides of the markers, which parse.
			base, ours, theirs, err := s.parse()
			if err != nil {
				t.Fatalf("Fix merged sides that do not parse: %v", err)
			}
			checkValidGiven(t, fixed.Result.Notebook, base, ours, theirs)
		}
		if err != nil {
			return
		}
		in := strings.SplitAfter(text, "\n")
		for _, side := range []struct {
			text  string
			lines []int
		}{{s.Ours, s.OursLines}, {s.Theirs, s.TheirsLines}, {s.Base, s.BaseLines}} {
			got := strings.SplitAfter(side.text, "\n")
			if got[len(got)-1] == "" {
				got = got[:len(got)-1]
			}
			if side.lines == nil && side.text == "" {
				continue
			}
			if len(got) != len(side.lines) {
				t.Fatalf("%d lines, %d in the line map", len(got), len(side.lines))
			}
			for i, l := range got {
				if n := side.lines[i]; n < 1 || n > len(in) || in[n-1] != l {
					t.Fatalf("line %d %q maps to input line %d", i+1, l, n)
				}
			}
		}
	})
}

func TestConflictLines(t *testing.T) {
	for _, tc := range []struct {
		text string
		want [][2]int
	}{
		{"", nil},
		{"a\nb\n", nil},
		{"<<<<<<\nnot a marker (6)\n", nil},
		{"a\n<<<<<<< ours\nb\n=======\nc\n>>>>>>> theirs\nd\n", [][2]int{{2, 6}}},
		{"<<<<<<<\r\nx\r\n|||||||\r\n=======\r\n>>>>>>>\r\n<<<<<<< a\n=======\n>>>>>>> b", [][2]int{{1, 5}, {6, 8}}},
		// Markers of another length inside a conflict are content.
		{"<<<<<<<<<\n<<<<<<< x\n>>>>>>> y\n=========\n>>>>>>>>>\n", [][2]int{{1, 5}}},
		{"x\n<<<<<<< ours\ny\n", [][2]int{{2, 3}}},
	} {
		if got := ConflictLines(tc.text); !slices.Equal(got, tc.want) {
			t.Errorf("ConflictLines(%q) = %v, want %v", tc.text, got, tc.want)
		}
	}
}
