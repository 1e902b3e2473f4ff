package pipeline

import (
	"math"
	"os"
	"runtime"
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
// heap has grown by a quarter, past the readied heap when it was readied
// (collectPastReadied). The heap is readied for its size (readyHeap).
func gcForDiff(heap int) (parsed func()) {
	switch gcOffWhileParsing(heap) {
	case gcSetByEnvironment:
		return func() {}
	case gcHeapReadied:
		if runtime.GOMAXPROCS(0) >= 2 {
			return func() { collectPastReadied(25) }
		}
	}
	return func() { debug.SetGCPercent(25) }
}

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
// (A merge allocates more than its readied heap, about 1.05-1.25 times
// its inputs: collecting only past the readied heap, as a diff does,
// made the 2,000-cell merges 1.2 ms faster of 80-108, within their
// spread (31 interleaved runs), for 0.4-0.9 MB more peak RSS.)
func gcForMerge(heap int) (parsed func()) {
	if gcOffWhileParsing(heap) == gcSetByEnvironment {
		return func() {}
	}
	return func() { debug.SetGCPercent(50) }
}

// What gcOffWhileParsing did.
const (
	gcSetByEnvironment = iota // nothing: GOGC or GOMEMLIMIT sets the collector
	gcOff                     // turned the collector off
	gcHeapReadied             // turned it off and readied the heap
)

// gcOffWhileParsing turns the collector off and readies the heap for heap
// bytes, unless the environment sets the collector, and says which it did.
func gcOffWhileParsing(heap int) int {
	if gcByEnvironment() {
		return gcSetByEnvironment
	}
	debug.SetGCPercent(-1)
	if readyHeap(heap) {
		return gcHeapReadied
	}
	return gcOff
}

// collectPastReadied turns the collector on, once the versions are parsed
// into a readied heap, for when the heap outgrows what the process holds:
// the readied huge pages are resident as soon as touched, so collecting
// the garbage that fits in them lowers no peak, and costs time (on the
// 2,000-cell pair, a collection during the alignment made the diff 3 ms
// slower, 61 interleaved runs, and its peak no lower). So the collector
// stays off under a memory limit of what the process holds now (the
// readied pages, used or free, and the runtime's own) plus percent of
// the parsed heap. Should the heap reach that, the first collection ends
// the limit and sets GOGC to percent (a cleanup of an object made
// unreachable now runs once a collection has found it so): from then on
// the collector paces itself on the heap it marked, as after
// SetGCPercent(percent), and a heap that stays above the limit cannot
// keep it collecting. Not with one P (GOMAXPROCS=1, as Go sets it for a
// container limited to one CPU): the cleanup's goroutine then waits for
// the one running the diff, and until it runs, a heap above the limit
// was measured collected 14-36 times over 10-57 ms; gcForDiff then sets
// GOGC at once.
func collectPastReadied(percent int) {
	// (runtime.ReadMemStats rather than runtime/metrics, whose package
	// initialisation costs 0.2-0.9 ms at every start of the program;
	// ReadMemStats flushes the threads' span caches, which on the
	// 2,000-cell pair touched 70-95 fresh blocks of the runtime's, but
	// only in the diffs big enough to ready the heap.)
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	limit := ms.Sys - ms.HeapReleased + ms.HeapAlloc*uint64(percent)/100
	debug.SetMemoryLimit(int64(min(limit, math.MaxInt64)))
	runtime.AddCleanup(new(firstCollection), func(percent int) {
		debug.SetGCPercent(percent)
		debug.SetMemoryLimit(math.MaxInt64)
	}, percent)
}

// firstCollection is the object whose cleanup notes the first collection
// after collectPastReadied (big enough not to share a block of the
// runtime's tiny allocator with others, which would delay it).
type firstCollection [64]byte

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
