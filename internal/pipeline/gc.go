package pipeline

import (
	"os"
	"runtime/debug"
)

// The garbage collector is set here, for the whole process, because what
// a command allocates is known here: parsed notebooks that stay live to
// the end, and little garbage besides. Either function leaves the
// collector alone when the GOGC or GOMEMLIMIT environment variable sets
// it, so that a user (or a benchmark) can still choose.

func gcByEnvironment() bool { return os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" }

// gcForDiff sets the collector for a diff of two versions that will
// allocate about heap bytes, and returns what to call once they are
// parsed. As for a merge, parsing builds what stays live to the end, so
// the collector is off while parsing. The diff then makes mostly garbage
// (alignments, line diffs), which would be the larger part of the peak if
// nothing collected it: from then on a collection starts whenever the
// heap has grown by a quarter. The heap is readied for its size
// (readyHeap).
func gcForDiff(heap int) (parsed func()) { return gcOffWhileParsing(heap, 25) }

// gcForMerge sets the collector for a merge and returns what to call once
// the versions are parsed. Parsing builds the notebooks, which stay live
// to the end and share their equal strings: collecting then frees nearly
// nothing and, on two cores, costs a good part of the time; and what
// parsing allocates is bounded (about the size of the input, less where
// versions share). So the collector is off while parsing. What the
// merge allocates, on the other hand, is mostly garbage (alignments,
// line diffs), and the larger part of the peak when nothing collects it:
// so from then on a collection starts whenever the heap has grown by
// half (the first as the merge starts, marking what parsing built). The
// heap is readied for the heap bytes the merge will allocate (readyHeap).
func gcForMerge(heap int) (parsed func()) { return gcOffWhileParsing(heap, 50) }

// gcOffWhileParsing turns the collector off and readies the heap for heap
// bytes, unless the environment sets the collector, and returns what sets
// it to percent (GOGC) once the versions are parsed.
func gcOffWhileParsing(heap, percent int) (parsed func()) {
	if gcByEnvironment() {
		return func() {}
	}
	debug.SetGCPercent(-1)
	readyHeap(heap)
	return func() { debug.SetGCPercent(percent) }
}

// GCForFilter sets the collector for a long-running clean filter
// (nbdiff filter --process), which strips one file after another for the
// whole of a git add. What one file leaves behind is garbage as soon as
// its answer is sent, and what stays live between files is little (the
// buffer files are read into), so with the default setting the collector
// would start at the smallest heap it allows, several times a second;
// four times the default makes it start a quarter as often, for a heap
// still small beside the files.
func GCForFilter() {
	if !gcByEnvironment() {
		debug.SetGCPercent(400)
	}
}

// TextconvHeap readies the heap for the textconv of a file of n bytes,
// which it reads into the heap before parsing it and writing its text
// (readyHeap, for about three times n); the collector is left as it is.
func TextconvHeap(n int) {
	if !gcByEnvironment() {
		readyHeap(3 * n)
	}
}
