package notebook

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"unsafe"
)

// manyCells returns a notebook of n code cells with multi-line sources,
// some non-ASCII, about 300 bytes a cell.
func manyCells(n int) []byte {
	var b bytes.Buffer
	b.WriteString("{\n \"cells\": [")
	for i := range n {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, "\n  {\"cell_type\": \"code\", \"execution_count\": %d, \"metadata\": {}, \"outputs\": [], "+
			"\"source\": [\"x_%d = %d  # é ünïcode ✓\\n\", \"print(\\\"a\\\\tb\\\", x_%d)\\n\", \"y = [1, 2, 3]\"]}", i, i, i, i)
	}
	b.WriteString("\n ],\n \"metadata\": {},\n \"nbformat\": 4,\n \"nbformat_minor\": 4\n}\n")
	return b.Bytes()
}

// TestParseWithConsumed checks that ParseWith gives Parse's notebook, that
// Consumed offsets grow and stay inside the input, and that the bytes it
// reports consumed are indeed not read again: they are overwritten in the
// callback and the result does not change.
func TestParseWithConsumed(t *testing.T) {
	inputs := map[string][]byte{"generated": manyCells(20000)}
	if dir, ok := corpusDirOK(); ok {
		files, _ := filepath.Glob(filepath.Join(dir, "*.ipynb"))
		for _, f := range files {
			if data, err := os.ReadFile(f); err == nil {
				inputs[filepath.Base(f)] = data
			}
		}
	}
	if n := len(inputs["generated"]); n < 3*releaseStep {
		t.Fatalf("generated notebook of %d bytes is under three release steps", n)
	}
	for name, data := range inputs {
		want, wantErr := Parse(data)
		clobbered := bytes.Clone(data)
		var calls []int
		got, err := ParseWith(clobbered, ParseOptions{Consumed: func(n int) {
			calls = append(calls, n)
			for i := range clobbered[:n] {
				clobbered[i] = 0xff // neither JSON nor UTF-8
			}
		}})
		if (err != nil) != (wantErr != nil) {
			t.Errorf("%s: ParseWith error %v, Parse error %v", name, err, wantErr)
			continue
		}
		if err != nil {
			continue
		}
		if !bytes.Equal(Write(got), Write(want)) {
			t.Errorf("%s: ParseWith with clobbered consumed bytes gives another notebook than Parse", name)
		}
		for i, n := range calls {
			if n < 0 || n > len(data) || i > 0 && n < calls[i-1] {
				t.Errorf("%s: Consumed offsets %v: not growing inside [0, %d]", name, calls, len(data))
				break
			}
		}
		if name == "generated" && len(calls) < 3 {
			t.Errorf("generated: Consumed called %d times, want one per megabyte", len(calls))
		}
	}
}

// TestParseWithErrors checks that ParseWith with Consumed reports the same
// error as Parse, invalid UTF-8 first wherever it is.
func TestParseWithErrors(t *testing.T) {
	big := manyCells(20000)
	at := func(off int, b ...byte) []byte {
		d := bytes.Clone(big)
		copy(d[off:], b)
		return d
	}
	n := len(big)
	cases := map[string][]byte{
		"bad UTF-8 early":     at(100, 0xff),
		"bad UTF-8 late":      at(n-200, 0xc3, 0x28),
		"bad UTF-8 at a step": at(releaseStep-1, 0xe2, 0x82),
		"syntax error late":   at(n-150, '}', '}'),
		"truncated":           big[:n/2],
	}
	cases["syntax error then bad UTF-8"] = at(n/3, ']')
	cases["syntax error then bad UTF-8"][n-100] = 0xff
	for name, data := range cases {
		_, want := Parse(data)
		_, got := ParseWith(data, ParseOptions{Consumed: func(int) {}})
		if want == nil || got == nil || got.Error() != want.Error() {
			t.Errorf("%s: ParseWith error %v, Parse error %v", name, got, want)
		}
	}
}

// corpusDirOK is corpusDir without skipping.
func corpusDirOK() (string, bool) {
	shared, err := sharedDir()
	if err != nil {
		return "", false
	}
	dir := filepath.Join(shared, "corpus")
	_, err = os.Stat(dir)
	return dir, err == nil
}

// TestParseWithStrings checks that parses sharing a StringTable give the
// notebooks Parse gives, that equal long sources share memory across them
// and short ones do not go through the table, also when the parses run at
// the same time (go test -race).
func TestParseWithStrings(t *testing.T) {
	// sources of about 90 bytes
	a := bytes.ReplaceAll(manyCells(300), []byte("y = [1, 2, 3]"), []byte("y = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]"))
	b := bytes.Replace(a, []byte("x_7 = 7"), []byte("x_7 = 8"), 1)
	if bytes.Equal(a, b) {
		t.Fatal("edit not applied")
	}
	var table StringTable
	var na, nb *Notebook
	var errA, errB error
	done := make(chan struct{})
	go func() {
		defer close(done)
		na, errA = ParseWith(a, ParseOptions{Strings: &table})
	}()
	nb, errB = ParseWith(b, ParseOptions{Strings: &table})
	<-done
	if errA != nil || errB != nil {
		t.Fatal(errA, errB)
	}
	for _, c := range []struct {
		got  *Notebook
		data []byte
	}{{na, a}, {nb, b}} {
		want, err := Parse(c.data)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(Write(c.got), Write(want)) {
			t.Errorf("a notebook parsed with a StringTable differs from Parse's")
		}
	}
	shared, differ := 0, 0
	for i := range na.Cells {
		sa, sb := na.Cells[i].Source, nb.Cells[i].Source
		if len(sa) < minShared {
			t.Fatalf("cell %d: source of %d bytes is too short for the test", i, len(sa))
		}
		same := unsafe.StringData(sa) == unsafe.StringData(sb)
		switch {
		case sa == sb && same:
			shared++
		case sa != sb && !same:
			differ++
		default:
			t.Errorf("cell %d: equal %v, same memory %v", i, sa == sb, same)
		}
	}
	if shared != len(na.Cells)-1 || differ != 1 {
		t.Errorf("%d sources shared and %d differ, want %d and 1", shared, differ, len(na.Cells)-1)
	}
	short := na.Cells[0].Type // "code": short strings are not shared through the table
	if _, ok := table.m[short]; ok {
		t.Errorf("the table holds the short string %q", short)
	}
}
