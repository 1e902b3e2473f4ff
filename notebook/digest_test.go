package notebook

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// digestOf parses a one-cell notebook whose cell has the outputs given (as
// JSON text) with DigestOutputs, and returns the cell's outputs.
func digestOf(t *testing.T, outputs string) Value {
	t.Helper()
	src := `{"cells": [{"cell_type": "code", "execution_count": 1, "metadata": {}, "outputs": ` + outputs +
		`, "source": "x"}], "metadata": {}, "nbformat": 4, "nbformat_minor": 4}`
	nb, err := ParseWith([]byte(src), ParseOptions{DigestOutputs: true})
	if err != nil {
		t.Fatalf("%s: %v", outputs, err)
	}
	if !nb.OutputsDigested {
		t.Fatalf("%s: OutputsDigested not set", outputs)
	}
	return nb.Cells[0].Outputs
}

func TestDigestOutputs(t *testing.T) {
	const stream = `[{"name": "stdout", "output_type": "stream", "text": ["a\n", "b"]}]`
	same := []string{
		stream,
		// whitespace
		"[ {\n  \"name\" : \"stdout\",\t\"output_type\":\"stream\",\"text\":[\"a\\n\",\"b\"] } ]",
		// escapes that decode to the same text
		`[{"name": "stdout", "output_type": "stream", "text": ["\u0061\n", "\u0062"]}]`,
		// keys out of order (the slow way)
		`[{"text": ["a\n", "b"], "output_type": "stream", "name": "stdout"}]`,
		// a duplicate key: the last one counts, as in Python
		`[{"name": "stderr", "name": "stdout", "output_type": "stream", "text": ["a\n", "b"]}]`,
		// an escaped key (the slow way)
		`[{"n\u0061me": "stdout", "output_type": "stream", "text": ["a\n", "b"]}]`,
	}
	want := digestOf(t, stream)
	if want.Kind != Array || len(want.Items) != 1 || want.Items[0].Kind != String || len(want.Items[0].Str) != 32 {
		t.Fatalf("digest of a stream output is %+v, want an array of one 32-byte string", want)
	}
	for _, s := range same[1:] {
		if got := digestOf(t, s); !got.Equal(&want) {
			t.Errorf("%s: digest differs from %s", s, stream)
		}
	}
	different := []string{
		`[{"name": "stdout", "output_type": "stream", "text": ["a\n", "c"]}]`,
		`[{"name": "stdout", "output_type": "stream", "text": "a\nb"}]`, // a string is not a list of lines, as in Value.Equal
		`[{"name": "stdout", "output_type": "stream", "text": ["a\n", "b"]}, {"name": "stdout", "output_type": "stream", "text": []}]`,
		`[{"name": "stdout", "output_type": "stream", "text": ["a\n", "b"], "x": null}]`,
		`[{"name": "stdout", "output_type": "stream", "text": ["a\n", "b"], "x": 1}]`,
		`[{"name": "stdout", "output_type": "stream", "text": ["a\n", "b"], "x": "1"}]`,
		`[{"name": "stdout", "output_type": "stream", "text": ["a\n", "b"], "x": true}]`,
	}
	seen := map[string]string{want.Items[0].Str: stream}
	for _, s := range different {
		got := digestOf(t, s)
		if prev, ok := seen[got.Items[0].Str]; ok {
			t.Errorf("%s and %s have the same digest", s, prev)
		}
		seen[got.Items[0].Str] = s
	}
	// An execute_result's count: part of the digest, dropped by Strip
	// with the counts, as Strip sets counts to null.
	counts := []string{
		`[{"data": {"text/plain": ["1"]}, "execution_count": 1, "metadata": {}, "output_type": "execute_result"}]`,
		`[{"data": {"text/plain": ["1"]}, "execution_count": 7, "metadata": {}, "output_type": "execute_result"}]`,
		`[{"data": {"text/plain": ["1"]}, "metadata": {}, "execution_count": null, "output_type": "execute_result"}]`,
	}
	strip := func(outputs string, opts StripOptions) Value {
		t.Helper()
		src := `{"cells": [{"cell_type": "code", "execution_count": 1, "metadata": {}, "outputs": ` + outputs +
			`, "source": "x"}], "metadata": {}, "nbformat": 4, "nbformat_minor": 4}`
		nb, err := ParseWith([]byte(src), ParseOptions{DigestOutputs: true})
		if err != nil {
			t.Fatal(err)
		}
		Strip(nb, opts)
		return nb.Cells[0].Outputs
	}
	for i := range counts {
		for j := range counts {
			kept := []Value{strip(counts[i], StripOptions{KeepOutputs: true, KeepCounts: true}), strip(counts[j], StripOptions{KeepOutputs: true, KeepCounts: true})}
			stripped := []Value{strip(counts[i], StripOptions{KeepOutputs: true}), strip(counts[j], StripOptions{KeepOutputs: true})}
			if kept[0].Equal(&kept[1]) != (i == j) {
				t.Errorf("counts kept: outputs %d and %d: equal digests %v", i, j, i != j)
			}
			if !stripped[0].Equal(&stripped[1]) {
				t.Errorf("counts stripped: outputs %d and %d have different digests", i, j)
			}
		}
	}
	// A key of 125 bytes encodes its length as '}': the encoding stays
	// unambiguous.
	long := strings.Repeat("a", 123)
	c1 := digestOf(t, `[{"{{`+long+`": null}]`)
	c2 := digestOf(t, `[{}, {"`+long+`": null}]`)
	if c1.Equal(&c2) {
		t.Error("a 125-byte key gives the digest of two outputs")
	}
	// Numbers compare by their literal text, as Values do.
	n1 := digestOf(t, `[{"output_type": "x", "v": [1.0, -Infinity, NaN, 1e5]}]`)
	n2 := digestOf(t, `[{"output_type": "x", "v": [1, -Infinity, NaN, 1e5]}]`)
	if n1.Equal(&n2) {
		t.Error("1.0 and 1 have the same digest")
	}
	if e := digestOf(t, "[ ]"); e.Kind != Array || len(e.Items) != 0 {
		t.Errorf("empty outputs give %+v, want an empty array", e)
	}
}

// TestDigestErrors checks that a notebook whose outputs are broken fails
// with the same error with and without digests, and with outputs skipped.
func TestDigestErrors(t *testing.T) {
	for _, outputs := range []string{
		`[{"a": 1,}]`, `[{"a" 1}]`, `[1, 2`, `[{"a": "\x"}]`, `[{"a": tru}]`, `[{"a": -}]`, `[{"a": "b` + "\x01" + `"}]`,
		`[{"a": [1, 2}]`, `[{"a": 1}, ]`, `[{1: 2}]`, `[{"a": "\ud800"}] x`, `{}`, `"text"`, `[1, "a", null]`,
		strings.Repeat("[", 20000),
	} {
		src := `{"cells": [{"cell_type": "code", "metadata": {}, "outputs": ` + outputs + `, "source": "x"}], "metadata": {}, "nbformat": 4, "nbformat_minor": 4}`
		_, want := Parse([]byte(src))
		for _, opts := range []ParseOptions{{DigestOutputs: true}, {SkipOutputs: true}} {
			_, got := ParseWith([]byte(src), opts)
			switch {
			case (want == nil) != (got == nil):
				t.Errorf("%.40s: with %+v %v, without %v", outputs, opts, got, want)
			case want != nil && got.Error() != want.Error():
				t.Errorf("%.40s: with %+v %q, without %q", outputs, opts, got, want)
			}
		}
	}
}

// TestDigestCorpus parses every notebook of testdata and ../shared (corpus
// and merges) with and without digests, and checks that everything but the
// outputs is the same, and that two cells' outputs have the same digest
// exactly when they are equal, with counts kept and with counts stripped.
func TestDigestCorpus(t *testing.T) {
	var files []string
	for _, pattern := range []string{"../testdata/*/*.ipynb", "../testdata/*/*/*.ipynb", "../../shared/corpus/*/*.ipynb",
		"../../shared/corpus/*.ipynb", "../../shared/merges/*/*.ipynb"} {
		names, _ := filepath.Glob(pattern)
		files = append(files, names...)
	}
	for _, opts := range []StripOptions{{KeepOutputs: true, KeepCounts: true}, {KeepOutputs: true}} {
		byDigest := map[string]*Value{} // digest -> outputs
		byCanon := map[string]string{}  // canonical text of outputs -> digest
		parsed, outputs, upgraded := 0, 0, 0
		for _, name := range files {
			data, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			full, err := Parse(data)
			dg, errd := ParseWith(data, ParseOptions{DigestOutputs: true})
			if (err == nil) != (errd == nil) || err != nil && err.Error() != errd.Error() {
				t.Fatalf("%s: error %v with digests, %v without", name, errd, err)
			}
			if err != nil {
				continue
			}
			parsed++
			Strip(full, opts)
			Strip(dg, opts)
			if len(full.Cells) != len(dg.Cells) {
				t.Fatalf("%s: %d cells with digests, %d without", name, len(dg.Cells), len(full.Cells))
			}
			for i, c := range full.Cells {
				d := dg.Cells[i]
				if c.Type != d.Type || c.ID != d.ID || c.Source != d.Source || !c.Metadata.Equal(&d.Metadata) ||
					!c.ExecutionCount.Equal(&d.ExecutionCount) || !c.Attachments.Equal(&d.Attachments) || c.Outputs.Kind != d.Outputs.Kind ||
					(len(c.Outputs.Items) == 0) != (len(d.Outputs.Items) == 0) {
					t.Fatalf("%s: cell %d differs with digests", name, i)
				}
				if len(c.Outputs.Items) == 0 {
					continue
				}
				outputs++
				if full.OrigMajor != 0 {
					upgraded++
				}
				sum := d.Outputs.Items[0].Str
				if len(d.Outputs.Items) > 1 {
					sum += d.Outputs.Items[1].Str
				}
				if prev, ok := byDigest[sum]; ok && !prev.Equal(&c.Outputs) {
					t.Fatalf("%s: cell %d: outputs differ from others with the same digest", name, i)
				}
				byDigest[sum] = &c.Outputs
				key := canon(&c.Outputs)
				if prev, ok := byCanon[key]; ok && prev != sum {
					t.Fatalf("%s: cell %d: outputs equal to others have another digest", name, i)
				}
				byCanon[key] = sum
			}
		}
		if parsed == 0 || upgraded == 0 {
			t.Fatalf("%d notebooks parsed, %d cells of upgraded ones with outputs: too few to test", parsed, upgraded)
		}
		t.Logf("%+v: %d notebooks, %d cells with outputs (%d upgraded), %d distinct", opts, parsed, outputs, upgraded, len(byCanon))
	}
}

// canon is a text that is the same for equal Values and different for
// others (a reference for the digests, written independently of them).
func canon(v *Value) string {
	var b strings.Builder
	var walk func(v *Value)
	walk = func(v *Value) {
		switch v.Kind {
		case Null:
			b.WriteString("null")
		case Bool, Number:
			b.WriteString("<" + v.Str + ">")
		case String:
			b.WriteString(strconv.Quote(v.Str))
		case Array:
			b.WriteByte('[')
			for i := range v.Items {
				walk(&v.Items[i])
				b.WriteByte(',')
			}
			b.WriteByte(']')
		case Object:
			b.WriteByte('{')
			for i := range v.Members {
				b.WriteString(strconv.Quote(v.Members[i].Key) + ":")
				walk(&v.Members[i].Value)
				b.WriteByte(',')
			}
			b.WriteByte('}')
		}
	}
	walk(v)
	return b.String()
}

// TestDigestUpgraded checks that the outputs of a notebook upgraded from
// nbformat 3 get the digest of the same outputs read from nbformat 4.
func TestDigestUpgraded(t *testing.T) {
	v3 := `{"metadata": {}, "nbformat": 3, "nbformat_minor": 0, "worksheets": [{"cells": [{"cell_type": "code", "input": "print('hi')",
		"language": "python", "metadata": {}, "outputs": [{"output_type": "stream", "stream": "stdout", "text": "hi"}], "prompt_number": 1}]}]}`
	v4 := `{"cells": [{"cell_type": "code", "execution_count": 1, "metadata": {}, "outputs": [{"name": "stdout", "output_type": "stream", "text": "hi"}],
		"source": "print('hi')"}], "metadata": {}, "nbformat": 4, "nbformat_minor": 4}`
	var got [2]Value
	for i, src := range []string{v3, v4} {
		nb, err := ParseWith([]byte(src), ParseOptions{DigestOutputs: true})
		if err != nil {
			t.Fatal(err)
		}
		if !nb.OutputsDigested {
			t.Errorf("notebook %d: OutputsDigested not set", i)
		}
		got[i] = nb.Cells[0].Outputs
	}
	if !got[0].Equal(&got[1]) {
		t.Error("the same output read from nbformat 3 and 4 has different digests")
	}
}

// TestDigestConsumed checks that with digests the parser reports what it
// is done with while it goes through a long outputs list, as it does
// without them, and that clobbering those bytes changes nothing.
func TestDigestConsumed(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"cells": [{"cell_type": "code", "execution_count": 1, "metadata": {}, "outputs": [`)
	for i := range 12000 {
		if i > 0 {
			b.WriteString(", ")
		}
		// keys out of order every 7th output: the slow way, mid-list
		if i%7 == 0 {
			fmt.Fprintf(&b, `{"text": "%s", "output_type": "stream", "name": "stdout"}`, strings.Repeat("x", 1000))
		} else {
			fmt.Fprintf(&b, `{"name": "stdout", "output_type": "stream", "text": "%s"}`, strings.Repeat("y", 1000))
		}
	}
	// and one output holding a long list of lines
	b.WriteString(`, {"name": "stdout", "output_type": "stream", "text": [`)
	for i := range 30000 {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, `"%s\n"`, strings.Repeat("t", 100))
	}
	b.WriteString(`]}], "source": "x"}], "metadata": {}, "nbformat": 4, "nbformat_minor": 4}`)
	data := []byte(b.String())
	want, err := ParseWith(data, ParseOptions{DigestOutputs: true})
	if err != nil {
		t.Fatal(err)
	}
	calls := 0
	_, err = ParseWith(data, ParseOptions{Consumed: func(int) { calls++ }})
	if err != nil {
		t.Fatal(err)
	}
	wantCalls := calls
	calls = 0
	clobbered := bytes.Clone(data)
	got, err := ParseWith(clobbered, ParseOptions{DigestOutputs: true, Consumed: func(n int) {
		calls++
		for i := range clobbered[:n] {
			clobbered[i] = 0xff
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	if calls != wantCalls {
		t.Errorf("Consumed called %d times over %d bytes, %d without digests", calls, len(data), wantCalls)
	}
	if !got.Cells[0].Outputs.Equal(&want.Cells[0].Outputs) {
		t.Error("the digest differs when consumed bytes are clobbered")
	}
}
