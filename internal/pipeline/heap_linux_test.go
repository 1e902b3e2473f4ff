package pipeline

import (
	"bufio"
	"fmt"
	"math"
	"os"
	"os/exec"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
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

// TestHugeRange checks the pages adviseHugePages advises and the one it
// collapses, wherever the bytes lie in their 2 MiB page and their arena.
func TestHugeRange(t *testing.T) {
	if strconv.IntSize < 64 {
		t.Skip("32-bit: nothing is collapsed")
	}
	const arena = uintptr(5 * heapArena) // 64 MiB-aligned
	for _, tc := range []struct {
		name               string
		start, n           uintptr
		first, last, below uintptr
		ok                 bool
	}{
		{"aligned", arena + 2*hugePage, 8 << 20, arena + 2*hugePage, arena + 6*hugePage, arena + hugePage, true},
		{"mid-page", arena + 2*hugePage + 0x80000, 8 << 20, arena + 3*hugePage, arena + 6*hugePage, arena + 2*hugePage, true},
		{"first page of the arena", arena + 0x80000, 8 << 20, arena + hugePage, arena + 4*hugePage, arena, true},
		{"at the arena's start", arena, 8 << 20, arena, arena + 4*hugePage, arena - hugePage, false},
		{"no whole page", arena + 0x80000, hugePage, arena + hugePage, arena + hugePage, 0, false},
		{"less than a page", arena + 2*hugePage, hugePage - 1, arena + 2*hugePage, arena + 2*hugePage, 0, false},
	} {
		first, last, below, ok := hugeRange(tc.start, tc.n)
		if first != tc.first || last != tc.last || below != tc.below || ok != tc.ok {
			t.Errorf("%s: hugeRange(%#x, %#x) = %#x, %#x, %#x, %v; want %#x, %#x, %#x, %v",
				tc.name, tc.start, tc.n, first, last, below, ok, tc.first, tc.last, tc.below, tc.ok)
		}
	}
}

// TestAdviseHugePagesBelow checks that the 2 MiB page below a buffer's
// whole huge pages is made one huge page at once, though some of its
// small pages were written before (as the heap's first allocations are),
// and that what they hold stays. The buffer is a fresh mapping of its own,
// so that no other memory's huge pages count, and runs only where huge
// pages are given on request alone (madvise mode): where they are always
// given, writing the page would make it huge without any collapse.
func TestAdviseHugePagesBelow(t *testing.T) {
	if mode, err := os.ReadFile("/sys/kernel/mm/transparent_hugepage/enabled"); err != nil || !strings.Contains(string(mode), "[madvise]") {
		t.Skip("huge pages not in madvise mode here")
	}
	m, err := syscall.Mmap(-1, 0, 16<<20, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_PRIVATE|syscall.MAP_ANON)
	if err != nil {
		t.Skip(err)
	}
	defer syscall.Munmap(m)
	base := uintptr(unsafe.Pointer(&m[0]))
	below := (base + hugePage - 1) &^ (hugePage - 1)
	// b starts halfway into the page below, whose first half is written.
	from, off := int(below-base), int(below-base)+hugePage/2
	for i := from; i < off; i += 4096 {
		m[i] = byte(i/4096) | 1
	}
	if err := madvise(below, hugePage, unix.MADV_COLLAPSE); err != nil {
		t.Skip("no collapsing on request here:", err)
	}
	// That was a probe: undo it, so that only adviseHugePages can
	// collapse the page again.
	if _, err := smapsField(below, "AnonHugePages:"); err != nil {
		t.Skip(err)
	}
	if err := madvise(below, hugePage, unix.MADV_DONTNEED); err != nil {
		t.Fatal(err)
	}
	for i := from; i < off; i += 4096 {
		m[i] = byte(i/4096) | 1
	}
	if kb, _ := smapsField(below, "AnonHugePages:"); kb != 0 {
		t.Skipf("the page below is huge before adviseHugePages (%d kB)", kb)
	}
	adviseHugePages(m[off:])
	kb, err := smapsField(below, "AnonHugePages:")
	if err != nil {
		t.Fatal(err)
	}
	if kb < hugePage/1024 {
		t.Errorf("the mapping of the page below holds %d kB of huge pages, want at least %d", kb, hugePage/1024)
	}
	for i := from; i < off; i += 4096 {
		if m[i] != byte(i/4096)|1 {
			t.Fatalf("byte %d changed by collapsing", i)
		}
	}
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

// TestCollectPastReadied checks the collector of a diff once its versions
// are parsed into a readied heap: no collection while what it allocates
// fits in what the process holds; once the heap outgrows that, a
// collection, after which the collector paces itself at GOGC 25 with no
// memory limit left.
func TestCollectPastReadied(t *testing.T) {
	if gcByEnvironment() {
		t.Skip("GOGC or GOMEMLIMIT set")
	}
	t.Cleanup(func() {
		debug.SetGCPercent(100)
		debug.SetMemoryLimit(math.MaxInt64)
	})
	runtime.GC()
	parsed := gcForDiff(4 * minReady)
	if debug.SetGCPercent(-1) != -1 {
		t.Fatal("the collector is on while parsing")
	}
	if !hugePagesOnRequest() {
		t.Skip("the heap is not readied here (no transparent huge pages on request)")
	}
	cycles := func() uint32 {
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		return ms.NumGC
	}
	var keep [][]byte // what the parse built
	for range 8 {
		keep = append(keep, make([]byte, 1<<20))
	}
	parsed()
	if limit := debug.SetMemoryLimit(-1); limit == math.MaxInt64 {
		t.Fatal("no memory limit once parsed")
	}
	before := cycles()
	var sink []byte
	for range 8 << 10 { // 8 MB of garbage, within the readied 32 MB
		sink = make([]byte, 1<<10)
	}
	if n := cycles() - before; n != 0 {
		t.Fatalf("%d collections while the heap fits in the readied pages", n)
	}
	for range 64 { // 64 MB more: past the limit
		sink = make([]byte, 1<<20)
	}
	_ = sink
	if cycles() == before {
		t.Fatal("no collection once the heap outgrew what the process held")
	}
	deadline := time.Now().Add(10 * time.Second)
	for debug.SetMemoryLimit(-1) != math.MaxInt64 {
		if time.Now().After(deadline) {
			t.Fatal("the memory limit is still set after a collection")
		}
		runtime.Gosched()
		time.Sleep(time.Millisecond)
	}
	if p := debug.SetGCPercent(25); p != 25 {
		t.Errorf("GOGC = %d after the first collection, want 25", p)
	}
	runtime.KeepAlive(keep)

	// With one P the collector is set at once, without a limit.
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	parsed = gcForDiff(4 * minReady)
	parsed()
	if limit := debug.SetMemoryLimit(-1); limit != math.MaxInt64 {
		t.Errorf("a memory limit (%d) with GOMAXPROCS=1", limit)
	}
	if p := debug.SetGCPercent(25); p != 25 {
		t.Errorf("GOGC = %d with GOMAXPROCS=1, want 25", p)
	}
}
