package mapfile

import "syscall"

// dontNeed drops the pages of b from memory; a private read-only mapping
// reads them from the file again if they are used.
func dontNeed(b []byte) { _ = syscall.Madvise(b, syscall.MADV_DONTNEED) }

// noHuge asks that b be mapped page by page. A file written a moment ago
// can sit in the page cache in huge pages, and the kernel then maps two
// megabytes at once where the parser reads a few bytes ahead: mapped
// pages count in the process's resident memory, and Release could not
// keep the part of the file in memory small.
func noHuge(b []byte) { _ = syscall.Madvise(b, syscall.MADV_NOHUGEPAGE) }
