package pipeline

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"testing"
	"unsafe"

	"golang.org/x/sys/unix"
)

// TestAdviseHugePages checks that the whole 2 MiB pages inside a buffer
// are marked for huge pages ("hg" in the flags of their mapping in
// /proc/self/smaps), whatever the buffer's alignment, and that buffers
// holding no whole huge page are left alone.
func TestAdviseHugePages(t *testing.T) {
	if _, err := os.Stat("/sys/kernel/mm/transparent_hugepage"); err != nil {
		t.Skip("no transparent huge pages here:", err)
	}
	for _, n := range []int{0, 1, hugePage - 1, hugePage, 3*hugePage + 12345, 8 << 20} {
		b := make([]byte, n)
		adviseHugePages(b) // never panics, whatever n
		if n == 0 {
			continue
		}
		start := uintptr(unsafe.Pointer(&b[0]))
		first := (start + hugePage - 1) &^ (hugePage - 1)
		last := (start + uintptr(n)) &^ (hugePage - 1)
		if last <= first {
			continue
		}
		flags, err := vmFlags(first)
		if err != nil {
			t.Skip(err)
		}
		if !strings.Contains(" "+flags+" ", " hg ") {
			t.Errorf("%d bytes: the mapping of %#x has flags %q, without hg", n, first, flags)
		}
	}
}

// TestAdviseHugePagesBelow checks that the 2 MiB page below a buffer's
// whole huge pages is made one huge page at once (the page the runtime
// allocates from first), though some of its small pages were written
// before, and that what they hold stays.
func TestAdviseHugePagesBelow(t *testing.T) {
	if err := collapseWorks(); err != nil {
		t.Skip("huge pages cannot be collapsed here:", err)
	}
	big := make([]byte, 16<<20)
	base := uintptr(unsafe.Pointer(&big[0]))
	below := (base + hugePage - 1) &^ (hugePage - 1)
	// b starts halfway into the page below, whose first half is written.
	off := int(below-base) + hugePage/2
	for i := int(below - base); i < off; i += 4096 {
		big[i] = byte(i/4096) | 1
	}
	b := big[off:]
	if below < uintptr(unsafe.Pointer(&b[0]))&^(heapArena-1) {
		t.Skip("the buffer straddles two heap arenas")
	}
	adviseHugePages(b)
	kb, err := smapsField(below, "AnonHugePages:")
	if err != nil {
		t.Skip(err)
	}
	if kb < hugePage/1024 {
		t.Errorf("the mapping of the page below holds %d kB of huge pages, want at least %d", kb, hugePage/1024)
	}
	for i := int(below - base); i < off; i += 4096 {
		if big[i] != byte(i/4096)|1 {
			t.Fatalf("byte %d changed by collapsing", i)
		}
	}
	runtime.KeepAlive(big)
}

// collapseWorks reports whether this kernel collapses a written 2 MiB page
// of anonymous memory on request (MADV_COLLAPSE, Linux 6.1, with huge
// pages not disabled).
func collapseWorks() error {
	if mode, err := os.ReadFile("/sys/kernel/mm/transparent_hugepage/enabled"); err != nil || strings.Contains(string(mode), "[never]") {
		return fmt.Errorf("transparent huge pages off (%v)", err)
	}
	m := make([]byte, 2*hugePage)
	p := (uintptr(unsafe.Pointer(&m[0])) + hugePage - 1) &^ (hugePage - 1)
	m[p-uintptr(unsafe.Pointer(&m[0]))] = 1
	err := madvise(p, hugePage, unix.MADV_COLLAPSE)
	runtime.KeepAlive(m)
	return err
}

// smapsField returns the value (in kB) of a field of the mapping that
// holds addr in /proc/self/smaps.
func smapsField(addr uintptr, field string) (int, error) {
	v, err := smapsLine(addr, field)
	if err != nil {
		return 0, err
	}
	var kb int
	if _, err := fmt.Sscanf(v, "%d", &kb); err != nil {
		return 0, fmt.Errorf("smaps: %s %q: %v", field, v, err)
	}
	return kb, nil
}

// vmFlags returns the VmFlags line of the mapping that holds addr.
func vmFlags(addr uintptr) (string, error) { return smapsLine(addr, "VmFlags:") }

// smapsLine returns what follows field on its line for the mapping that
// holds addr in /proc/self/smaps.
func smapsLine(addr uintptr, field string) (string, error) {
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		return "", err
	}
	defer f.Close()
	in := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		var lo, hi uintptr
		if n, _ := fmt.Sscanf(line, "%x-%x", &lo, &hi); n == 2 && strings.Contains(line, " ") {
			in = lo <= addr && addr < hi
			continue
		}
		if in && strings.HasPrefix(line, field) {
			return strings.TrimSpace(strings.TrimPrefix(line, field)), nil
		}
	}
	return "", fmt.Errorf("no %s for %#x in /proc/self/smaps", field, addr)
}

// TestReadyHeap checks that readying the heap keeps nothing (the bytes it
// allocated are free again) and leaves a heap that works.
func TestReadyHeap(t *testing.T) {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	readyHeap(4 * minReady)
	runtime.ReadMemStats(&after)
	if after.HeapAlloc > before.HeapAlloc+minReady {
		t.Errorf("the heap holds %d bytes after readyHeap, %d before", after.HeapAlloc, before.HeapAlloc)
	}
	b := make([]byte, 1<<20)
	for i := range b {
		b[i] = byte(i)
	}
	for i := range b {
		if b[i] != byte(i) {
			t.Fatal("heap memory does not hold what was written")
		}
	}
}

// TestHugePagesRespectSettings checks that the heap is not readied
// against the runtime's opt-out of huge pages, nor where a limit on the
// data segment could refuse the allocation (run in a shell with ulimit -d
// set to a finite but ample size).
func TestHugePagesRespectSettings(t *testing.T) {
	if os.Getenv("NBDIFF_TEST_ULIMIT") != "" {
		if hugePagesOnRequest() {
			t.Fatal("hugePagesOnRequest() = true under a finite ulimit -d")
		}
		return
	}
	if sh, err := exec.LookPath("sh"); err == nil {
		cmd := exec.Command(sh, "-c", `ulimit -d 8388608 && exec "$0" -test.run '^TestHugePagesRespectSettings$'`, os.Args[0])
		cmd.Env = append(os.Environ(), "NBDIFF_TEST_ULIMIT=1", "GODEBUG=")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("under ulimit -d: %v\n%s", err, out)
		}
	}
	t.Setenv("GODEBUG", "madvdontneed=1,disablethp=1")
	if hugePagesOnRequest() {
		t.Error("hugePagesOnRequest() = true with GODEBUG=disablethp=1")
	}
}
