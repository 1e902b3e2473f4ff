package pipeline

import (
	"bytes"
	"os"
	"strings"
	"syscall"
	"unsafe"
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

// adviseHugePages asks for huge pages for the whole 2 MiB pages inside b.
func adviseHugePages(b []byte) {
	start := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	end := start + uintptr(len(b))
	first := (start + hugePage - 1) &^ (hugePage - 1)
	last := end &^ (hugePage - 1)
	if last <= first {
		return
	}
	aligned := b[first-start : last-start]
	_ = syscall.Madvise(aligned, syscall.MADV_HUGEPAGE)
}
