package diff

import (
	"testing"

	"github.com/nbtools/nbdiff/notebook/nbtest"
)

// TestPairAction checks Action on pairs of each kind, and that every pair
// Align returns for the alignment cases is Matched exactly when it has
// both sides, and only then Moved.
func TestPairAction(t *testing.T) {
	for _, c := range []struct {
		p    Pair
		want Action
	}{
		{Pair{A: 0, B: 0}, Matched},
		{Pair{A: 3, B: 1, Moved: true}, Matched},
		{Pair{A: -1, B: 2}, Added},
		{Pair{A: 2, B: -1}, Removed},
	} {
		if got := c.p.Action(); got != c.want {
			t.Errorf("%+v.Action() = %d, want %d", c.p, got, c.want)
		}
	}
	for _, c := range alignCases {
		for _, p := range Align(nbtest.Parse(c.a).Cells, nbtest.Parse(c.b).Cells) {
			both := p.A >= 0 && p.B >= 0
			if (p.Action() == Matched) != both || p.Moved && !both {
				t.Errorf("%s: %+v: action %d", c.name, p, p.Action())
			}
		}
	}
}
