package notebook

import (
	"bytes"
	"errors"
	"fmt"
	"hash/maphash"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"unsafe"

	"github.com/google/go-cmp/cmp"
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
	// A smaller step: the same notebook, about a call per step.
	data := inputs["generated"]
	want, _ := Parse(data)
	const step = 64 << 10
	var calls []int
	got, err := ParseWith(data, ParseOptions{ConsumedStep: step, Consumed: func(n int) { calls = append(calls, n) }})
	if err != nil || !bytes.Equal(Write(got), Write(want)) {
		t.Fatalf("ParseWith with a step of %d: %v, or another notebook than Parse's", step, err)
	}
	if lo, hi := len(data)/step-2, len(data)/step+2; len(calls) < lo || len(calls) > hi {
		t.Errorf("Consumed called %d times over %d bytes with a step of %d", len(calls), len(data), step)
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
	// Side by side, as a diff parses: the notebooks are Parse's, and no
	// two different sources share memory. (Equal sources may not: when
	// both parses insert one at once, each keeps its own copy.)
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
	for i := range na.Cells {
		sa, sb := na.Cells[i].Source, nb.Cells[i].Source
		if sa != sb && unsafe.StringData(sa) == unsafe.StringData(sb) {
			t.Errorf("cell %d: different sources share memory", i)
		}
	}
	for _, s := range table.m {
		if len(s) < minShared {
			t.Errorf("the table holds the short string %q", s)
		}
	}

	// One after the other, every equal source is shared.
	var seq StringTable
	na, errA = ParseWith(a, ParseOptions{Strings: &seq})
	nb, errB = ParseWith(b, ParseOptions{Strings: &seq})
	if errA != nil || errB != nil {
		t.Fatal(errA, errB)
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
}

func TestParseFields(t *testing.T) {
	files := ownNotebooks(t)
	nb := mustParse(t, files["notebooks/all-outputs-v4.5.ipynb"])
	if nb.Major != 4 || nb.Minor != 5 || nb.OrigMajor != 0 {
		t.Errorf("version %d.%d (orig %d), want 4.5", nb.Major, nb.Minor, nb.OrigMajor)
	}
	var types []string
	for _, c := range nb.Cells {
		types = append(types, c.Type)
		if !c.HasID() || c.ID == "" {
			t.Errorf("cell %q has no id", c.Source)
		}
	}
	want := []string{"markdown", "code", "code", "code", "code", "code", "code", "code", "markdown", "raw", "code", "code"}
	if diff := cmp.Diff(want, types); diff != "" {
		t.Errorf("cell types (-want +got):\n%s", diff)
	}
	c := nb.Cells[1]
	if c.Source != "import sys\nprint(\"hello, world\")\nprint(\"warning: low disk\", file=sys.stderr)" {
		t.Errorf("source %q", c.Source)
	}
	if c.ExecutionCount.Kind != Number || c.ExecutionCount.Str != "1" {
		t.Errorf("execution count %+v", c.ExecutionCount)
	}
	if got := c.Outputs.Items[1].Get("text").Text(); got != "warning: low disk\n" {
		t.Errorf("stderr text %q", got)
	}
	if png := nb.Cells[4].Outputs.Items[0].Get("data").Get("image/png"); png == nil || !strings.HasPrefix(png.Str, "iVBORw0KGgo") {
		t.Errorf("png output %+v", png)
	}
	if att := nb.Cells[8].Attachments.Get("logo.png"); att == nil || att.Get("image/png") == nil {
		t.Errorf("attachment missing: %+v", nb.Cells[8].Attachments)
	}
	if nb.Cells[10].Source != "" || nb.Cells[10].ExecutionCount.Kind != Null {
		t.Errorf("empty cell: %+v", nb.Cells[10])
	}
	// 4.4 without ids, non-ASCII text, control characters.
	nb = mustParse(t, files["notebooks/unicode-v4.4.ipynb"])
	if nb.Minor != 4 || nb.Cells[0].HasID() {
		t.Errorf("4.4 notebook: minor %d, first cell id %q", nb.Minor, nb.Cells[0].ID)
	}
	if !strings.Contains(nb.Cells[0].Source, "サイズ比較 📏") {
		t.Errorf("non-ASCII source %q", nb.Cells[0].Source)
	}
	if got := nb.Cells[3].Outputs.Items[0].Get("text").Text(); got != "control: \x00 \x1f \x7f </script> & <b>\n" {
		t.Errorf("control characters: %q", got)
	}
	// CRLF inside sources is content.
	nb = mustParse(t, files["notebooks/crlf-sources-v4.5.ipynb"])
	if nb.Style.CRLF {
		t.Error("a file with LF layout and CRLF in its strings was taken as CRLF")
	}
	if got := nb.Cells[1].Lines(); !slices.Equal(got, []string{"total = 0\r\n", "for i in range(4):\r\n", "    total += i\r\n", "print(total)"}) {
		t.Errorf("CRLF lines %q", got)
	}
}

func TestBadInputs(t *testing.T) {
	files := ownNotebooks(t)
	good := files["notebooks/all-outputs-v4.5.ipynb"]
	nb := func(cells string) string {
		return `{"cells": [` + cells + `], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}`
	}
	deep := `{"cells": [], "metadata": ` + strings.Repeat(`{"a": `, 100000) + "1" + strings.Repeat("}", 100000) + `, "nbformat": 4, "nbformat_minor": 4}`
	huge := strings.Repeat("all work and no play ", 50<<20/21)
	big50 := nb(`{"cell_type": "code", "execution_count": 1, "id": "big", "metadata": {}, "outputs": [{"name": "stdout", "output_type": "stream", "text": "` + huge + `"}], "source": "print(text)"}`)
	var many strings.Builder
	for i := range 20000 {
		if i > 0 {
			many.WriteString(", ")
		}
		many.WriteString(`{"cell_type": "markdown", "metadata": {}, "source": "cell ` + itoa(i) + `"}`)
	}
	type structure struct {
		cell  int
		field string
	}
	tests := []struct {
		name   string
		in     string
		syntax int        // want a *SyntaxError at this offset (-1: none)
		struc  *structure // want a *StructureError at this place
		check  func(*testing.T, *Notebook)
	}{
		{name: "empty file", in: "", syntax: 0},
		{name: "whitespace", in: " \n\t\r\n ", syntax: 6},
		{name: "null", in: "null", syntax: -1, struc: &structure{-1, ""}},
		{name: "empty list", in: "[]", syntax: -1, struc: &structure{-1, ""}},
		{name: "empty object", in: "{}", syntax: -1, struc: &structure{-1, "nbformat"}},
		{name: "truncated", in: string(good[:len(good)/2]), syntax: len(good) / 2},
		{name: "trailing garbage", in: nb("") + " x", syntax: len(nb("")) + 1},
		{name: "no cells", in: `{"metadata": {}, "nbformat": 4, "nbformat_minor": 5}`, syntax: -1, struc: &structure{-1, "cells"}},
		{name: "cells not a list", in: `{"cells": {}, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}`, syntax: -1, struc: &structure{-1, "cells"}},
		{name: "cell not an object", in: nb(`"code"`), syntax: -1, struc: &structure{0, ""}},
		{name: "no cell_type", in: nb(`{"metadata": {}, "source": ""}, {"metadata": {}, "source": ""}`), syntax: -1, struc: &structure{0, "cell_type"}},
		{name: "unknown cell type", in: nb(`{"cell_type": "markdown", "metadata": {}, "source": ""}, {"cell_type": "chart", "metadata": {}, "source": ""}`), syntax: -1, struc: &structure{1, "cell_type"}},
		{name: "unknown cell type of a future minor", in: `{"cells": [{"cell_type": "chart", "metadata": {}, "source": "x"}], "metadata": {}, "nbformat": 4, "nbformat_minor": 99}`, syntax: -1,
			check: func(t *testing.T, nb *Notebook) {
				if nb.Cells[0].Type != "chart" {
					t.Errorf("type %q", nb.Cells[0].Type)
				}
			}},
		{name: "source a number", in: nb(`{"cell_type": "code", "metadata": {}, "outputs": [], "source": 42}`), syntax: -1, struc: &structure{0, "source"}},
		{name: "source list with a number", in: nb(`{"cell_type": "code", "metadata": {}, "outputs": [], "source": ["a\n", 1]}`), syntax: -1, struc: &structure{0, "source"}},
		{name: "source list with a bad escape", in: nb(`{"cell_type": "code", "metadata": {}, "outputs": [], "source": ["a\q"]}`), syntax: len(`{"cells": [{"cell_type": "code", "metadata": {}, "outputs": [], "source": ["a`)},
		{name: "outputs not a list", in: nb(`{"cell_type": "code", "metadata": {}, "outputs": {}, "source": ""}`), syntax: -1, struc: &structure{0, "outputs"}},
		{name: "id a number", in: nb(`{"cell_type": "code", "id": 7, "metadata": {}, "outputs": [], "source": ""}`), syntax: -1, struc: &structure{0, "id"}},
		{name: "nbformat 5", in: `{"cells": [], "metadata": {}, "nbformat": 5, "nbformat_minor": 0}`, syntax: -1, struc: &structure{-1, "nbformat"}},
		{name: "nbformat 1", in: `{"cells": [], "metadata": {}, "nbformat": 1}`, syntax: -1, struc: &structure{-1, "nbformat"}},
		{name: "nbformat a string", in: `{"cells": [], "metadata": {}, "nbformat": "4", "nbformat_minor": 5}`, syntax: -1, struc: &structure{-1, "nbformat"}},
		{name: "nbformat 3 with the layout of 4", in: `{"cells": [], "metadata": {}, "nbformat": 3, "nbformat_minor": 0}`, syntax: -1, struc: &structure{-1, "nbformat"}},
		{name: "v3 worksheets not a list", in: `{"metadata": {}, "nbformat": 3, "nbformat_minor": 0, "worksheets": 1}`, syntax: -1, struc: &structure{-1, "worksheets"}},
		{name: "v3 bad json output", in: `{"metadata": {}, "nbformat": 3, "nbformat_minor": 0, "worksheets": [{"cells": [{"cell_type": "code", "input": "", "outputs": [{"output_type": "pyout", "json": "{"}]}]}]}`, syntax: -1, struc: &structure{0, "outputs"}},
		{name: "invalid UTF-8", in: nb(`{"cell_type": "raw", "metadata": {}, "source": "caf` + "\xe9" + `"}`), syntax: len(`{"cells": [{"cell_type": "raw", "metadata": {}, "source": "caf`)},
		{name: "control character in a string", in: nb(`{"cell_type": "raw", "metadata": {}, "source": "a` + "\x01" + `"}`), syntax: len(`{"cells": [{"cell_type": "raw", "metadata": {}, "source": "a`)},
		{name: "byte-order mark", in: bom + string(good), syntax: -1,
			check: func(t *testing.T, nb *Notebook) {
				if !nb.Style.BOM || !bytes.Equal(Write(nb), []byte(bom+string(good))) {
					t.Error("BOM not kept")
				}
			}},
		{name: "100,000 levels of metadata", in: deep, syntax: len(`{"cells": [], "metadata": `) + 6*(maxDepth-1)},
		{name: "50 MB output string", in: big50, syntax: -1,
			check: func(t *testing.T, nb *Notebook) {
				if got := nb.Cells[0].Outputs.Items[0].Get("text").Text(); len(got) != len(huge) {
					t.Errorf("text of %d bytes, want %d", len(got), len(huge))
				}
				if out := Write(nb); !bytes.Contains(out, []byte(huge)) {
					t.Error("the output string was not written back")
				}
			}},
		{name: "20,000 cells", in: nb(many.String()), syntax: -1,
			check: func(t *testing.T, nb *Notebook) {
				if len(nb.Cells) != 20000 || nb.Cells[19999].Source != "cell 19999" {
					t.Errorf("%d cells", len(nb.Cells))
				}
				w1 := Write(nb)
				if w2 := Write(mustParse(t, w1)); !bytes.Equal(w1, w2) {
					t.Error("round trip not stable")
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			nb, err := Parse([]byte(tt.in))
			var se *SyntaxError
			var st *StructureError
			switch {
			case tt.syntax >= 0:
				if !errors.As(err, &se) {
					t.Fatalf("got %v (%T), want a *SyntaxError", err, err)
				}
				if se.Offset != tt.syntax {
					t.Errorf("offset %d, want %d: %v", se.Offset, tt.syntax, err)
				}
				pre := tt.in[:min(se.Offset, len(tt.in))]
				if line, col := 1+strings.Count(pre, "\n"), se.Offset-strings.LastIndex(pre, "\n"); se.Line != line || se.Column != col {
					t.Errorf("line %d column %d, want %d %d", se.Line, se.Column, line, col)
				}
			case tt.struc != nil:
				if !errors.As(err, &st) {
					t.Fatalf("got %v (%T), want a *StructureError", err, err)
				}
				if st.Cell != tt.struc.cell || st.Field != tt.struc.field {
					t.Errorf("cell %d field %q, want %d %q: %v", st.Cell, st.Field, tt.struc.cell, tt.struc.field, err)
				}
			default:
				if err != nil {
					t.Fatalf("want no error, got %v", err)
				}
				tt.check(t, nb)
				return
			}
			if nb != nil {
				t.Error("a notebook returned with an error")
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, "notebook: ") || len(msg) > 300 {
				t.Errorf("unclear message: %.300q", msg)
			}
		})
	}
}

// TestStringTableCollision: of two strings with the same hash, the table
// holds the first and returns the second unshared, equal to what it was
// given.
func TestStringTableCollision(t *testing.T) {
	var table StringTable
	var arena stringArena
	a := bytes.Repeat([]byte("a"), minShared)
	b := bytes.Repeat([]byte("b"), minShared)
	sa, _ := table.share(a, &arena)
	// Make b's hash collide with a's: move a under b's hash.
	hb := maphash.Bytes(tableSeed, b)
	for h := range table.m {
		delete(table.m, h)
	}
	table.m[hb] = sa
	sb, _ := table.share(b, &arena)
	if sb != string(b) || table.m[hb] != sa {
		t.Errorf("after a collision: got %.10q, the table holds %.10q", sb, table.m[hb])
	}
	if again, _ := table.share(a, &arena); again != string(a) {
		t.Errorf("got %.10q for a", again)
	}
}

// TestStringTableConcurrent: parses sharing a table side by side get back
// each string they give it, equal, and the table ends up holding one of
// every string (run with -race: share reads what another goroutine wrote).
func TestStringTableConcurrent(t *testing.T) {
	var table StringTable
	strs := make([][]byte, 500)
	for i := range strs {
		strs[i] = []byte(fmt.Sprintf("%0*d", minShared+i%250%7, i%250)) // each string twice
	}
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var arena stringArena // one per parse
			for k := range strs {
				b := strs[(k+g*125)%len(strs)]
				if s, _ := table.share(b, &arena); s != string(b) {
					t.Errorf("share(%q) = %q", b, s)
					return
				}
			}
		}()
	}
	wg.Wait()
	distinct := map[string]bool{}
	for _, b := range strs {
		distinct[string(b)] = true
	}
	if len(table.m) != len(distinct) {
		t.Errorf("the table holds %d strings, want %d", len(table.m), len(distinct))
	}
	var arena stringArena
	for _, b := range strs {
		if s, _ := table.share(b, &arena); unsafe.StringData(s) != unsafe.StringData(table.m[maphash.Bytes(tableSeed, b)]) {
			t.Errorf("%q is not shared once the table holds it", b)
		}
	}
}

// TestSourceHash checks that the hash a parse takes of each long source
// (with a StringTable) is the one computed from the source, that the
// parse took it for the long sources of a notebook, and that a source set
// since is hashed anew.
func TestSourceHash(t *testing.T) {
	data := bytes.ReplaceAll(manyCells(50), []byte("y = [1, 2, 3]"), []byte("y = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]"))
	var table StringTable
	nb, err := ParseWith(data, ParseOptions{Strings: &table})
	if err != nil {
		t.Fatal(err)
	}
	taken := 0
	for i, c := range nb.Cells {
		want := maphash.String(tableSeed, c.Source)
		if got := c.SourceHash(); got != want {
			t.Fatalf("cell %d: SourceHash %#x, want %#x", i, got, want)
		}
		if c.srcData != nil {
			taken++
		} else if len(c.Source) >= minShared {
			t.Errorf("cell %d: the parse took no hash of its %d-byte source", i, len(c.Source))
		}
		if d := c.Clone(); d.SourceHash() != want {
			t.Errorf("cell %d: a copy has another hash", i)
		}
	}
	if taken == 0 {
		t.Fatal("no cell has a long source: the test checks nothing")
	}
	c := nb.Cells[0]
	old := c.SourceHash()
	c.Source += "\n# changed"
	if c.SourceHash() == old || c.SourceHash() != maphash.String(tableSeed, c.Source) {
		t.Error("the hash of a changed source is the old one")
	}
}

// TestStringArena: strings made by an arena keep their bytes while later
// ones fill its chunk and the next ones (of lengths that leave chunks with
// room to spare), and are what they were made of; long ones too.
func TestStringArena(t *testing.T) {
	var arena stringArena
	var want []string
	var got []string
	buf := make([]byte, arenaMax+100)
	for i := 0; i < 400; i++ {
		n := minShared + i*97%(arenaMax+50) // some above arenaMax
		b := buf[:n]
		for k := range b {
			b[k] = byte('a' + (i+k)%26)
		}
		want = append(want, string(b))
		got = append(got, arena.string(b))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("string %d (%d bytes) changed", i, len(want[i]))
		}
	}
}
