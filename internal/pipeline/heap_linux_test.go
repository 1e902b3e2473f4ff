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

// vmFlags returns the VmFlags line of the mapping that holds addr.
func vmFlags(addr uintptr) (string, error) {
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
		if in && strings.HasPrefix(line, "VmFlags:") {
			return strings.TrimSpace(strings.TrimPrefix(line, "VmFlags:")), nil
		}
	}
	return "", fmt.Errorf("no mapping of %#x in /proc/self/smaps", addr)
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
