package pipeline

import (
	"bytes"
	"os"
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
func hugePagesOnRequest() bool {
	if os.Getpagesize() != 4096 {
		return false
	}
	mode, err := os.ReadFile("/sys/kernel/mm/transparent_hugepage/enabled")
	return err == nil && bytes.Contains(mode, []byte("[madvise]"))
}

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
