package pipeline

import (
	"bufio"
	"bytes"
	"fmt"
	"math"
	"os"
	"os/exec"
	"runtime"
	"runtime/debug"
	"strings"
	"syscall"
	"testing"
	"time"
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
		pad := adviseHugePages(b) // never panics, whatever n
		if n == 0 {
			continue
		}
		start := uintptr(unsafe.Pointer(&b[0]))
		first := (start + hugePage - 1) &^ (hugePage - 1)
		last := (start + uintptr(n)) &^ (hugePage - 1)
		if last <= first {
			if pad != 0 {
				t.Errorf("%d bytes, no whole huge page: adviseHugePages = %d, want 0", n, pad)
			}
			continue
		}
		if pad != first-start {
			t.Errorf("%d bytes at %#x: adviseHugePages = %#x, want %#x", n, start, pad, first-start)
		}
		flags, err := vmFlags(first)
		if err != nil {
			t.Skip(err)
		}
		if !markedHuge(flags) {
			t.Errorf("%d bytes: the mapping of %#x has flags %q, without hg", n, first, flags)
		}
	}
}

// TestHugeRange checks the pages adviseHugePages advises, wherever the
// bytes lie in their 2 MiB page.
func TestHugeRange(t *testing.T) {
	const base = uintptr(64 << 20) // 2 MiB-aligned
	for _, tc := range []struct {
		name        string
		start, n    uintptr
		first, last uintptr
	}{
		{"aligned", base + 2*hugePage, 8 << 20, base + 2*hugePage, base + 6*hugePage},
		{"mid-page", base + 2*hugePage + 0x80000, 8 << 20, base + 3*hugePage, base + 6*hugePage},
		{"no whole page", base + 0x80000, hugePage, base + hugePage, base + hugePage},
		{"less than a page", base + 2*hugePage, hugePage - 1, base + 2*hugePage, base + 2*hugePage},
	} {
		first, last := hugeRange(tc.start, tc.n)
		if first != tc.first || last != tc.last {
			t.Errorf("%s: hugeRange(%#x, %#x) = %#x, %#x; want %#x, %#x",
				tc.name, tc.start, tc.n, first, last, tc.first, tc.last)
		}
	}
}

// A mapping is one of the process's mappings, [lo, hi), with its VmFlags.
type mapping struct {
	lo, hi uintptr
	flags  string
}

// mappings returns the process's mappings, from /proc/self/smaps.
func mappings() ([]mapping, error) {
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []mapping
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		var lo, hi uintptr
		if n, _ := fmt.Sscanf(line, "%x-%x", &lo, &hi); n == 2 && strings.Contains(line, " ") {
			out = append(out, mapping{lo: lo, hi: hi})
		} else if flags, ok := strings.CutPrefix(line, "VmFlags:"); ok && len(out) > 0 {
			out[len(out)-1].flags = strings.TrimSpace(flags)
		}
	}
	return out, sc.Err()
}

// vmFlags returns the VmFlags of the mapping that holds addr.
func vmFlags(addr uintptr) (string, error) {
	ms, err := mappings()
	for _, m := range ms {
		if m.lo <= addr && addr < m.hi {
			return m.flags, nil
		}
	}
	if err == nil {
		err = fmt.Errorf("no mapping holds %#x", addr)
	}
	return "", err
}

// markedHuge reports whether VmFlags flags mark a mapping for huge pages.
func markedHuge(flags string) bool { return strings.Contains(" "+flags+" ", " hg ") }

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

// TestReadyHeapPad checks that readying the heap leaves the bytes below
// its first huge page unused and unwritten (readiedPad, not resident)
// and that the heap then fills the readied pages: a fresh allocation
// lands where huge pages were asked for.
// It runs in a process of its own, as a command readies a heap that is
// still nearly empty: in this one, earlier tests left free runs of pages
// below, where the pad may go.
func TestReadyHeapPad(t *testing.T) {
	if !hugePagesOnRequest() {
		t.Skip("the heap is not readied here (no transparent huge pages on request)")
	}
	if os.Getenv("NBDIFF_TEST_PAD") == "" {
		// A block that starts within 32 KiB of a huge page needs no pad
		// (the child skips): a few processes have one that does. Three
		// children must run the checks. gctrace's printing at the end of
		// each collection makes the collection that readies the heap end
		// later: had readyHeap turned the collector off before it ended,
		// the runtime's own indexes would be marked for huge pages in
		// most children (35 of 60).
		ran := 0
		for range 24 {
			cmd := exec.Command(os.Args[0], "-test.run", "^TestReadyHeapPad$", "-test.v")
			cmd.Env = append(os.Environ(), "NBDIFF_TEST_PAD=1", "GODEBUG=gctrace=1")
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
			if !bytes.Contains(out, []byte("--- SKIP")) {
				if ran++; ran == 3 {
					return
				}
			}
		}
		t.Fatalf("a pad in %d of 24 processes, want 3", ran)
	}
	debug.SetGCPercent(-1)
	if !readyHeap(4 * minReady) {
		t.Fatal("the heap was not readied")
	}
	n := readiedPad.Cap()
	if n == 0 {
		t.Skip("the readied block started within 32 KiB of a huge page: no pad")
	}
	readiedPad.WriteByte(0) // to find it; its first page only
	// The pad ends where the readied huge pages start, or a little below
	// when free pages just below the block made the first free run long
	// enough start lower.
	start := uintptr(unsafe.Pointer(unsafe.StringData(readiedPad.String())))
	end := start + uintptr(n)
	first := (end + hugePage - 1) &^ (hugePage - 1)
	if first-end > 64<<10 {
		t.Fatalf("the pad ends at %#x, %d KiB below a huge page", end, (first-end)>>10)
	}
	if flags, err := vmFlags(end - 1); err != nil {
		t.Skip(err)
	} else if markedHuge(flags) {
		t.Errorf("the pad's last page is in a mapping marked for huge pages: %q", flags)
	}
	if flags, _ := vmFlags(first); !markedHuge(flags) {
		t.Errorf("the page after the pad is not marked for huge pages: %q", flags)
	}
	// Nothing else is: the runtime marks its own indexes of the heap so
	// when a collection ends with a goal past 1 GiB, as the readying one
	// did with the collector off.
	ms, err := mappings()
	if err != nil {
		t.Skip(err)
	}
	for _, m := range ms {
		if markedHuge(m.flags) && (m.lo < first || m.lo >= first+64<<20) {
			t.Errorf("the mapping %#x-%#x, outside the readied heap, is marked for huge pages", m.lo, m.hi)
		}
	}
	// Its pages were never written, but for the first (written above to
	// find it) and those of such free pages below the block.
	pages := make([]byte, (n+os.Getpagesize()-1)/os.Getpagesize())
	if _, _, e := syscall.Syscall(syscall.SYS_MINCORE, start, uintptr(n), uintptr(unsafe.Pointer(&pages[0]))); e != 0 {
		t.Skip("mincore:", e)
	}
	for i := 1 + int(first-end)/os.Getpagesize(); i < len(pages); i++ {
		if pages[i]&1 != 0 {
			t.Errorf("page %d of %d of the pad is resident", i, len(pages))
		}
	}
	b := make([]byte, 1<<20)
	addr := uintptr(unsafe.Pointer(&b[0]))
	if flags, _ := vmFlags(addr + uintptr(len(b)) - 1); addr < end || !markedHuge(flags) {
		t.Errorf("a fresh allocation at %#x is not in the readied pages (flags %q)", addr, flags)
	}
	runtime.KeepAlive(b)
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
