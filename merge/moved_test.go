package merge

import (
	"runtime"
	"strings"
	"testing"

	"github.com/nbtools/nbdiff/notebook"
)

// TestLineIndexMemory checks that a line index costs memory by its
// distinct lines, not by every line: a cell of a million empty lines
// (2 MB of source) is one key.
func TestLineIndexMemory(t *testing.T) {
	cells := []*notebook.Cell{{Type: "code", Source: strings.Repeat("\n", 1_000_000) + "x = 1\n"}}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	x := newLineIndex(cells)
	runtime.ReadMemStats(&after)
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 24<<20 {
		t.Errorf("indexing 2 MB of source allocated %d MB", grew>>20)
	}
	has := func(l string) bool { return x.lines[strings.TrimRight(l, "\r\n")].cells > 0 }
	if !has("x = 1\n") || !has("\n") || has("y\n") {
		t.Error("the index does not hold what the cell holds")
	}
}
