package diff

import (
	"fmt"
	"hash/maphash"
	"math/rand"
	"slices"
	"testing"

	"github.com/nbtools/nbdiff/notebook"
)

// TestStringsHashed checks that diffing tokens by their hashes gives the
// edits of Strings: with true hashes, and with hashes that collide (every
// token of one length shares one), where tokens must be told apart whole.
func TestStringsHashed(t *testing.T) {
	seed := maphash.MakeSeed()
	hashes := map[string]func(string) uint64{
		"true":      func(s string) uint64 { return maphash.String(seed, s) },
		"colliding": func(s string) uint64 { return uint64(len(s)) },
	}
	r := rand.New(rand.NewSource(7))
	words := []string{"a", "b", "c", "dd", "ee", "fff", "x = 1", "y = 2", ""}
	seq := func(n int) []string {
		s := make([]string, n)
		for i := range s {
			s[i] = words[r.Intn(len(words))]
		}
		return s
	}
	for name, hash := range hashes {
		for k := range 300 {
			a, b := seq(r.Intn(30)), seq(r.Intn(30))
			if k%3 == 0 { // mostly the same
				b = slices.Clone(a)
				for range 1 + r.Intn(3) {
					if len(b) > 0 {
						b[r.Intn(len(b))] = words[r.Intn(len(words))]
					}
				}
			}
			want := Strings(a, b)
			got := stringsHashed(a, b, func(i int) uint64 { return hash(a[i]) }, func(j int) uint64 { return hash(b[j]) })
			if !slices.Equal(got, want) {
				t.Fatalf("%s hashes, %q -> %q: %v, Strings gives %v", name, a, b, got, want)
			}
		}
	}
}

// TestSourceSet checks the set of sources that Align looks sources up in:
// found by hash, and also when another source has the same hash (the set
// then holds that one under it, as after a collision of 64-bit hashes).
func TestSourceSet(t *testing.T) {
	var cells []*notebook.Cell
	for i := range 5 {
		cells = append(cells, &notebook.Cell{Type: "code", Source: fmt.Sprintf("x = %d\n", i)})
	}
	set := newSourceSet(cells)
	for _, c := range cells {
		if !set.has(&notebook.Cell{Source: c.Source}) {
			t.Errorf("%q not found", c.Source)
		}
	}
	if set.has(&notebook.Cell{Source: "x = 9\n"}) {
		t.Error("a source not in the set found")
	}
	// A collision: the hash of cell 3's source names cell 0.
	probe := &notebook.Cell{Source: cells[3].Source}
	set.first[probe.SourceHash()] = 0
	if !set.has(probe) {
		t.Error("a source whose hash names another cell not found")
	}
	// A collision with a source that no cell has: not found either.
	other := &notebook.Cell{Source: "x = 9\n"}
	set.first[other.SourceHash()] = 1
	if set.has(other) {
		t.Error("a source not in the set found under another's hash")
	}
}

// TestStringsPastSurrogates: with more distinct tokens than there are
// runes below the surrogates (0xD800), tokens are numbered past them, and
// the edits still say exactly what changed.
func TestStringsPastSurrogates(t *testing.T) {
	const n = 0xD800 + 5000
	a := make([]string, n)
	for i := range a {
		a[i] = fmt.Sprintf("line %d\n", i)
	}
	b := slices.Clone(a)
	b[100] = "changed early\n"
	b[n-10] = "changed late\n"
	b = slices.Insert(b, n-5, "added\n")
	want := []Edit{{100, 101, 100, 101}, {n - 10, n - 9, n - 10, n - 9}, {n - 5, n - 5, n - 5, n - 4}}
	if got := Strings(a, b); !slices.Equal(got, want) {
		t.Errorf("edits %v, want %v", got, want)
	}
}
