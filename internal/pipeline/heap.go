package pipeline

import (
	"runtime"
	"strconv"
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
// It maps at most maxReady bytes.
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
	b := make([]byte, min(n, maxReady)) // fresh memory: the runtime does not write it
	adviseHugePages(b)
	runtime.KeepAlive(b)
	runtime.GC()
	return true
}
