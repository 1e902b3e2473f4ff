package merge

import (
	"fmt"
	"strings"
	"testing"

	"github.com/nbtools/nbdiff/notebook"
)

// textCases is the table of line-level merges shared by the text tests.
var textCases = []struct {
	name               string
	base, ours, theirs string
	opts               Options
	want               string
	conflicts          int
}{
	{name: "ours only", base: "a\nb\nc\n", ours: "a\nB\nc\n", theirs: "a\nb\nc\n", want: "a\nB\nc\n"},
	{name: "theirs only", base: "a\nb\nc\n", ours: "a\nb\nc\n", theirs: "a\nb\nC\n", want: "a\nb\nC\n"},
	{name: "identical change", base: "a\nb\nc\n", ours: "a\nX\nc\n", theirs: "a\nX\nc\n", want: "a\nX\nc\n"},
	{name: "different lines", base: "a\nb\nc\nd\ne", ours: "A\nb\nc\nd\ne", theirs: "a\nb\nc\nd\nE", want: "A\nb\nc\nd\nE"},
	{name: "adjacent lines", base: "a\nb\nc", ours: "a\nB\nc", theirs: "a\nb\nC", want: "a\nB\nC"},
	{name: "insert before edit", base: "a\nb\n", ours: "x\na\nb\n", theirs: "A\nb\n", want: "x\nA\nb\n"},
	{name: "both insert at end", base: "a\n", ours: "a\nx\n", theirs: "a\ny\n",
		want: "a\n<<<<<<< ours\nx\n=======\ny\n>>>>>>> theirs\n", conflicts: 1},
	{name: "overlap, no final newline", base: "a\nb", ours: "a\nbb", theirs: "a\nc",
		want: "a\n<<<<<<< ours\nbb\n=======\nc\n>>>>>>> theirs", conflicts: 1},
	{name: "overlap in the middle", base: "a\nb\nc", ours: "a\nx\nc", theirs: "a\ny\nc",
		want: "a\n<<<<<<< ours\nx\n=======\ny\n>>>>>>> theirs\nc", conflicts: 1},
	{name: "diff3 labels and size", base: "a\nb\nc", ours: "a\nx\nc", theirs: "a\ny\nc",
		opts: Options{Diff3: true, MarkerSize: 9, OursLabel: "HEAD", TheirsLabel: "feature", BaseLabel: "anc"},
		want: "a\n<<<<<<<<< HEAD\nx\n||||||||| anc\nb\n=========\ny\n>>>>>>>>> feature\nc", conflicts: 1},
	{name: "word merge", base: "x = f(a, b)\n", ours: "y = f(a, b)\n", theirs: "y = f(a, c)\n", want: "y = f(a, c)\n"},
	{name: "word merge off", base: "x = f(a, b)\n", ours: "y = f(a, b)\n", theirs: "y = f(a, c)\n", opts: Options{NoWordMerge: true},
		want: "<<<<<<< ours\ny = f(a, b)\n=======\ny = f(a, c)\n>>>>>>> theirs\n", conflicts: 1},
	{name: "word merge that neither side wrote", base: "x = f(a, b)\n", ours: "y = f(a, b)\n", theirs: "x = f(a, c)\n",
		want: "<<<<<<< ours\ny = f(a, b)\n=======\nx = f(a, c)\n>>>>>>> theirs\n", conflicts: 1},
	{name: "word changes apart by white space only", base: "y = x * 2\n", ours: "y = x * 3\n", theirs: "y = x ** 2\n",
		want: "<<<<<<< ours\ny = x * 3\n=======\ny = x ** 2\n>>>>>>> theirs\n", conflicts: 1},
	{name: "same word", base: "n = 1\n", ours: "n = 2\n", theirs: "n = 3\n",
		want: "<<<<<<< ours\nn = 2\n=======\nn = 3\n>>>>>>> theirs\n", conflicts: 1},
	{name: "common lines trimmed", base: "a\nb\n", ours: "a\nk\nx\nz\n", theirs: "a\nk\ny\nz\n",
		want: "a\nk\n<<<<<<< ours\nx\n=======\ny\n>>>>>>> theirs\nz\n", conflicts: 1},
	{name: "add/add", base: "", ours: "a\nb", theirs: "a\nc",
		want: "a\n<<<<<<< ours\nb\n=======\nc\n>>>>>>> theirs", conflicts: 1},
	{name: "delete vs edit", base: "a\nb\nc\n", ours: "a\nc\n", theirs: "a\nB!\nc\n", opts: Options{NoWordMerge: true},
		want: "a\n<<<<<<< ours\n=======\nB!\n>>>>>>> theirs\nc\n", conflicts: 1},
	{name: "empty sides", base: "", ours: "", theirs: "", want: ""},
	{name: "CRLF text gets CRLF markers", base: "a\r\nb\r\nc\r\n", ours: "a\r\nx\r\nc\r\n", theirs: "a\r\ny\r\nc\r\n",
		want: "a\r\n<<<<<<< ours\r\nx\r\n=======\r\ny\r\n>>>>>>> theirs\r\nc\r\n", conflicts: 1},
	{name: "CRLF text without final line end", base: "a\r\nb", ours: "a\r\nx", theirs: "a\r\ny",
		want: "a\r\n<<<<<<< ours\r\nx\r\n=======\r\ny\r\n>>>>>>> theirs", conflicts: 1},
}

// textCount is Text that also returns the number of conflicts it wrote.
func textCount(base, ours, theirs string, opts Options) (string, int) {
	budget := wordBudget
	r := mergeText(base, ours, theirs, &opts, &budget, nil)
	return r.text, r.conflicts
}

func TestText(t *testing.T) {
	for _, tc := range textCases {
		got, n := textCount(tc.base, tc.ours, tc.theirs, tc.opts)
		if got != tc.want || n != tc.conflicts {
			t.Errorf("%s: Text = %q, %d conflicts; want %q, %d", tc.name, got, n, tc.want, tc.conflicts)
		}
		if text := Text(tc.base, tc.ours, tc.theirs, tc.opts); text != got {
			t.Errorf("%s: Text = %q, want %q", tc.name, text, got)
		}
	}
}

// TestTextSymmetric checks that swapping the sides gives the same clean
// merges (the order of conflict sections differs, so only clean ones).
func TestTextSymmetric(t *testing.T) {
	for _, tc := range textCases {
		if tc.conflicts > 0 {
			continue
		}
		got, n := textCount(tc.base, tc.theirs, tc.ours, tc.opts)
		if got != tc.want || n != 0 {
			t.Errorf("%s swapped: Text = %q, %d conflicts; want %q", tc.name, got, n, tc.want)
		}
	}
}

func TestTokensJoin(t *testing.T) {
	for _, s := range []string{"", "x = f(a,  b)\r\n\tÿé_1 + 2", "\n\n  \t", "αβ γ…"} {
		if got := strings.Join(tokens(s), ""); got != s {
			t.Errorf("tokens(%q) join to %q", s, got)
		}
	}
	if got := tokens("ab  c(d)\n"); len(got) != 7 {
		t.Errorf("tokens = %q, want 7 tokens", got)
	}
}

// TestMarkersOnOwnLines checks that every marker starts a line, whatever
// the sides end with.
func TestMarkersOnOwnLines(t *testing.T) {
	for _, tc := range textCases {
		opts := tc.opts
		opts.Diff3 = true
		got, n := textCount(tc.base, tc.ours, tc.theirs, opts)
		markers := 0
		for _, l := range strings.SplitAfter(got, "\n") {
			for _, ch := range []string{"<", "|", "=", ">"} {
				if strings.Contains(l, strings.Repeat(ch, 7)) {
					if !strings.HasPrefix(l, strings.Repeat(ch, 7)) {
						t.Errorf("%s: marker not at line start: %q", tc.name, l)
					}
					markers++
				}
			}
		}
		if markers != 4*n {
			t.Errorf("%s: %d marker lines for %d conflicts in %q", tc.name, markers, n, got)
		}
	}
}

// TestWordBudget checks that the word-level retry stops at its budget: a
// hunk it merges with budget to spare stays a conflict when the budget is
// spent, and a notebook of many such cells gets as far as the budget goes.
func TestWordBudget(t *testing.T) {
	// Only what differs between the common start and end is charged;
	// nothing when one side has nothing left (diff.Strings then has
	// nothing to search); reordered tokens are charged like new ones.
	abc, cba := tokens("a b c d"), tokens("d c b a")
	for _, c := range []struct {
		x, y []string
		want int
	}{
		{abc, abc, 0},
		{nil, abc, 0},
		{abc, tokens("a b X c d"), 0},
		{abc, tokens("a X c d"), 4},
		{abc, cba, 14 * 14},
	} {
		if got := diffWork(c.x, c.y); got != c.want {
			t.Errorf("diffWork(%q, %q) = %d, want %d", c.x, c.y, got, c.want)
		}
	}
	base, ours, theirs := "x = f(a, b)\n", "y = f(a, b)\n", "y = f(a, c)\n"
	b, o, th := tokens(base), tokens(ours), tokens(theirs)
	cost := diffWork(b, o) + diffWork(b, th)
	for _, c := range []struct {
		budget, left int
		ok           bool
	}{{cost, 0, true}, {cost - 1, cost - 1, false}, {10 * cost, 9 * cost, true}} {
		budget := c.budget
		got, ok := mergeWords(base, ours, theirs, &budget)
		if ok != c.ok || budget != c.left || ok && got != "y = f(a, c)\n" {
			t.Errorf("budget %d: %q, %v, %d left; want ok %v, %d left", c.budget, got, ok, budget, c.ok, c.left)
		}
	}
	// A notebook of cells that each need a costly retry (ours changed the
	// first word of each of 30 lines and the last word of the 30th, theirs
	// that last word as ours did, so that the merge is ours): the budget
	// is shared, so only the first cells merge word by word.
	var bb, ob, tb strings.Builder
	for i := range 30 {
		for j := range 10 {
			sep := " "
			if j == 9 {
				sep = "\n"
			}
			w := fmt.Sprintf("w%d_%d", i, j)
			bb.WriteString(w + sep)
			switch {
			case j == 0:
				ob.WriteString("v" + w + sep)
				tb.WriteString(w + sep)
			case i == 29 && j == 9:
				ob.WriteString("u" + w + sep)
				tb.WriteString("u" + w + sep)
			default:
				ob.WriteString(w + sep)
				tb.WriteString(w + sep)
			}
		}
	}
	base, ours, theirs = bb.String(), ob.String(), tb.String()
	budget := 1 << 40
	want, ok := mergeWords(base, ours, theirs, &budget)
	if !ok {
		t.Fatal("the costly retry does not merge")
	}
	cost = 1<<40 - budget
	n := wordBudget/cost + 3
	nb := func(src string) *notebook.Notebook {
		// ids pair the cells (their sources are alike)
		x := &notebook.Notebook{Major: 4, Minor: 5, Metadata: notebook.ObjectValue()}
		for k := range n {
			c := &notebook.Cell{Type: "code", Source: src, Metadata: notebook.ObjectValue()}
			c.SetID(fmt.Sprint("c", k))
			x.Cells = append(x.Cells, c)
		}
		return x
	}
	res := Notebooks(nb(base), nb(ours), nb(theirs), Options{})
	merged := 0
	for _, c := range res.Notebook.Cells {
		if c.Source == want {
			merged++
		}
	}
	if merged != wordBudget/cost || len(res.Conflicts) != n-merged {
		t.Errorf("%d cells: %d merged word by word, %d conflicts; want %d merged, the rest conflicts", n, merged, len(res.Conflicts), wordBudget/cost)
	}
}

// TestHugeMarkerSizeClamped: a conflict-marker-size of 2,000,000,000 (from
// a repository's .gitattributes, passed by git as %L) allocated without
// limit; markers are at most MaxMarkerSize long.
func TestHugeMarkerSizeClamped(t *testing.T) {
	got := Text("a\n", "b\n", "c\n", Options{MarkerSize: 2_000_000_000})
	want := strings.Repeat("<", MaxMarkerSize) + " ours\nb\n" + strings.Repeat("=", MaxMarkerSize) + "\nc\n" + strings.Repeat(">", MaxMarkerSize) + " theirs\n"
	if got != want {
		t.Errorf("Text with a huge marker size: %d bytes, want %d", len(got), len(want))
	}
}
