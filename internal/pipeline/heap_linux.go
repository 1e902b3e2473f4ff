package pipeline

import (
	"bytes"
	"os"
	"strconv"
	"strings"
	"syscall"
	"unsafe"

	"golang.org/x/sys/unix"
)

// hugePage is the size of a huge page on the systems Go runs Linux on
// with 4 KiB pages (amd64, arm64 with 4 KiB pages): 2 MiB.
const hugePage = 2 << 20

// hugePagesOnRequest reports whether the kernel gives transparent huge
// pages to memory that asks for them ("madvise" mode, the default of
// most distributions). With "always" the heap has them already; with
// "never", or no such setting, asking is no use.
//
// It also reports false where asking would go against a setting, or the
// big allocation that readyHeap makes could be refused (which ends a Go
// process): GODEBUG=disablethp=1 (the runtime's own opt-out of huge
// pages), strict overcommit (vm.overcommit_memory=2) and a limit on the
// address space or the data segment (ulimit -v, ulimit -d).
func hugePagesOnRequest() bool {
	if os.Getpagesize() != 4096 || strings.Contains(","+os.Getenv("GODEBUG")+",", ",disablethp=1,") {
		return false
	}
	for _, res := range []int{syscall.RLIMIT_AS, syscall.RLIMIT_DATA} {
		var lim syscall.Rlimit
		if syscall.Getrlimit(res, &lim) != nil || lim.Cur != rlimInfinity {
			return false
		}
	}
	if mode, err := os.ReadFile("/proc/sys/vm/overcommit_memory"); err != nil || bytes.HasPrefix(mode, []byte("2")) {
		return false
	}
	mode, err := os.ReadFile("/sys/kernel/mm/transparent_hugepage/enabled")
	return err == nil && bytes.Contains(mode, []byte("[madvise]"))
}

// rlimInfinity is RLIM_INFINITY, "no limit".
const rlimInfinity = ^uint64(0)

// heapArena is the unit in which the Go runtime reserves heap address
// space on 64-bit Linux: memory in the 64 MiB-aligned arena that holds a
// heap object is the heap's (in use, free or reserved). (32-bit systems
// reserve 4 MiB at a time.)
const heapArena = 64 << 20

// adviseHugePages asks for huge pages for the 2 MiB pages inside b, and
// makes the one below them huge too. The runtime allocates from the
// lowest free address first, so that page (where b starts, or the heap's
// last before b) is the first to be used once b is freed; but the heap
// has already written some small pages of it (its first allocations), so
// a huge page can no longer be had there at a fault, and the rest of it
// would be touched one small page at a time (about 400 faults measured).
// It is collapsed into a huge page at once instead (MADV_COLLAPSE, Linux
// 6.1), which costs less. That page is the heap's: it lies in the arena
// that holds b. Collapsing may make the kernel reclaim or compact memory
// first, whatever its defrag setting (as a fault in a readied page may,
// see readyHeap). Where it is refused (an older kernel, no huge page
// free) the page stays in small pages for now; the kernel's background
// collapser may still make it huge later.
func adviseHugePages(b []byte) {
	first, last, below, ok := hugeRange(uintptr(unsafe.Pointer(unsafe.SliceData(b))), uintptr(len(b)))
	if last <= first {
		return
	}
	_ = madvise(first, last-first, unix.MADV_HUGEPAGE)
	if ok && madvise(below, hugePage, unix.MADV_HUGEPAGE) == nil {
		_ = madvise(below, hugePage, unix.MADV_COLLAPSE)
	}
}

// hugeRange returns, for n bytes at start, the whole 2 MiB pages inside
// them, [first, last) (none when last <= first), and the one below them,
// with ok when adviseHugePages is to collapse it: there are whole pages,
// the system is 64-bit and the page below lies in the arena that holds
// start.
func hugeRange(start, n uintptr) (first, last, below uintptr, ok bool) {
	first = (start + hugePage - 1) &^ (hugePage - 1)
	last = (start + n) &^ (hugePage - 1)
	if last <= first || strconv.IntSize < 64 {
		return first, last, 0, false
	}
	below = first - hugePage
	return first, last, below, below >= start&^(heapArena-1)
}

// madvise is madvise(2) on n bytes at addr, which may be memory outside
// any Go object (syscall.Madvise takes a slice).
func madvise(addr, n uintptr, advice int) error {
	if _, _, e := syscall.Syscall(syscall.SYS_MADVISE, addr, n, uintptr(advice)); e != 0 {
		return e
	}
	return nil
}
