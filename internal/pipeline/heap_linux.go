package pipeline

import (
	"bytes"
	"os"
	"strings"
	"syscall"
	"unsafe"

	"golang.org/x/sys/unix"
)

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

// adviseHugePages asks for huge pages for the 2 MiB pages inside b, and
// returns how far the first of them lies from b's start (0 when b holds
// none): readyHeap leaves those bytes unused, so that the heap starts
// filling whole huge pages at once.
func adviseHugePages(b []byte) uintptr {
	start := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	first, last := hugeRange(start, uintptr(len(b)))
	if last <= first {
		return 0
	}
	_ = madvise(first, last-first, unix.MADV_HUGEPAGE)
	return first - start
}

// hugeRange returns, for n bytes at start, the whole 2 MiB pages inside
// them, [first, last) (none when last <= first).
func hugeRange(start, n uintptr) (first, last uintptr) {
	first = (start + hugePage - 1) &^ (hugePage - 1)
	last = (start + n) &^ (hugePage - 1)
	return first, last
}

// madvise is madvise(2) on n bytes at addr, which may be memory outside
// any Go object (syscall.Madvise takes a slice).
func madvise(addr, n uintptr, advice int) error {
	if _, _, e := syscall.Syscall(syscall.SYS_MADVISE, addr, n, uintptr(advice)); e != 0 {
		return e
	}
	return nil
}
