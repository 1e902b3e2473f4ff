package pipeline

import (
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
)

// A command that reads big notebooks spends much of its time having the
// system hand it fresh memory: every 4 KiB page of the heap is one page
// fault when first written, and on virtual machines a fault costs 10 us
// or more (11-14 us on the 2-core machine of the README's figures), so
// that the 10 MB a diff of two 7 MB notebooks allocates cost more than
// parsing them does. In 2 MiB pages ("transparent huge pages") the same
// memory is a handful of faults. Linux uses them for memory that asks
// (madvise), which the Go heap does not; readyHeap makes the heap ask.

// minReady is the size of heap from which readyHeap pays: below it, the
// collection it runs costs more than the faults it saves.
const minReady = 8 << 20

// maxReady bounds what readyHeap maps at once: the runtime must find that
// much address space and the system let it be committed (an allocation
// the system refuses ends the process). What a command allocates beyond
// it lands in small pages, as without readyHeap.
const maxReady = 256 << 20

// readyHeap readies the heap for a command about to allocate about n
// bytes (from parsing big inputs): where Linux gives huge pages on
// request, it has the runtime map n bytes of fresh heap at once, asks for
// huge pages there and frees the bytes again, at once (a collection of a
// heap that is still nearly empty). The runtime hands out free heap
// memory lowest address first, so what the command then allocates lands
// in those huge pages. Memory that is not used is never touched and
// costs nothing resident. Elsewhere, or for less than minReady bytes, it
// does nothing; on 32-bit systems too (their address space is small).
// It maps at most maxReady bytes (and a huge page more).
//
// The block rarely starts on a huge page's boundary: the heap's first
// allocations took the start of its page. The bytes up to the boundary
// are left unused (readiedPad), so that the command's allocations fill
// whole huge pages from their start, and its heap takes the fewest huge
// pages its size allows: starting mid-page, it took one more whenever
// that page's used part and the command's heap together outgrew a
// multiple of 2 MiB. The page below was collapsed into a huge page
// before (MADV_COLLAPSE): on the 2,000-cell pair, 50 alternating runs
// each, the peak memory was 17.0-20.0 MiB with ids (median 18.2) and
// 18.0-20.6 without (18.9), and is 17.0-19.3 (17.4) and 18.8-19.7
// (19.2) so; 40-160 more page faults (the small pages of the heap's
// first page), and no collapse that waits for the kernel to compact
// memory (2-5 ms in 5 runs of 40 measured).
//
// Call it at most once, early, while the heap is still nearly empty (and,
// in a command with a GC policy, once the collector is off): a collection
// later would mark what the command built.
//
// A huge page needs 2 MiB of free contiguous memory: where the kernel's
// defrag setting makes it compact memory at the fault (its default for
// memory that asks), a fault can wait for that on a machine whose memory
// is fragmented. On the machine of the README's figures the slowest first
// touches measured were still 1.5 to 2 times as fast as small pages
// (5.6-7.4 against 10.6-11.9 us for each 4 KiB).
//
// It reports whether it readied the heap.
func readyHeap(n int) bool {
	if n < minReady || strconv.IntSize < 64 || !hugePagesOnRequest() {
		return false
	}
	// Fresh memory, which the runtime does not write; a huge page more
	// than n, so that the whole huge pages inside still hold n.
	b := make([]byte, min(n, maxReady)+hugePage)
	pad := adviseHugePages(b)
	runtime.KeepAlive(b)
	// The collection ends with a heap goal, which with the collector off
	// is unbounded: past 1 GiB the runtime marks its own indexes of the
	// heap (the page allocator's, a 32 MiB mapping) for huge pages, and
	// the kernel's background collapser then sometimes made 2 MiB of them
	// resident while nbdiff ran (about 1 run in 100). So it runs at the
	// default setting, whose goal is a few MiB. runtime.GC returns once
	// the collection has marked, before the collector has looked at that
	// goal: the collector is turned off again only once the collection
	// is over (runtime.ReadMemStats stops the world, which waits for it).
	// Turned off at once, the goal it saw was the unbounded one in 12 of
	// 300 runs on a loaded machine (a test program doing the same, two
	// busy loops beside it), and in most runs with GODEBUG=gctrace=1
	// (TestReadyHeapPad then failed); 0 of 300 so.
	off := debug.SetGCPercent(100)
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	debug.SetGCPercent(off)
	if pad > maxSmall {
		// The pad goes to the lowest free run of pages that long: where
		// b started (or a few pages lower, when free pages adjoin b's
		// start; the pages it then leaves before the boundary go to
		// small objects). A strings.Builder allocates without zeroing:
		// the pad is never written, and costs nothing resident
		// (TestReadyHeapPad checks both).
		readiedPad.Grow(int(pad))
	}
	return true
}

// hugePage is the size of a huge page on the systems Go runs Linux on
// with 4 KiB pages (amd64, arm64 with 4 KiB pages): 2 MiB.
const hugePage = 2 << 20

// readiedPad holds the bytes that readyHeap leaves unused for as long as
// the process runs.
var readiedPad strings.Builder

// maxSmall is the size above which the runtime allocates an object in
// pages of its own (from the lowest free address that has room), not
// among objects of its size class.
const maxSmall = 32 << 10
