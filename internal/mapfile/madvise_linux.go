package mapfile

import "syscall"

// dontNeed drops the pages of b from memory; a private read-only mapping
// reads them from the file again if they are used.
func dontNeed(b []byte) { _ = syscall.Madvise(b, syscall.MADV_DONTNEED) }
