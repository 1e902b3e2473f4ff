package merge

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/nbtools/nbdiff/notebook"
)

func TestFastPath(t *testing.T) {
	a, b, c := []byte("a"), []byte("b"), []byte("c")
	a2, empty, empty2 := []byte("a"), []byte{}, []byte{}
	for _, tc := range []struct {
		name               string
		base, ours, theirs []byte
		opts               Options
		want               []byte // nil: no fast path
	}{
		{"theirs unchanged", a, b, a2, Options{}, b},
		{"ours unchanged", a, a2, c, Options{}, c},
		{"nothing changed", a, a2, a2, Options{}, a2},
		{"the same change", a, b, []byte("b"), Options{}, b},
		{"both changed", a, b, c, Options{}, nil},
		{"empty versions are versions", empty, empty2, c, Options{}, c},
		{"stripping outputs needs the merge", a, b, a2, Options{StripOutputs: true}, nil},
		// nil is a version not at hand: it equals nothing and is never
		// the result.
		{"nil equals no version", nil, nil, c, Options{}, nil},
		{"nil equals no empty version", nil, empty, c, Options{}, nil},
		{"nil base, the same change", nil, b, []byte("b"), Options{}, b},
		{"nil ours is never the result", a, nil, a2, Options{}, nil},
		{"nil theirs is never the result", a, a2, nil, Options{}, nil},
	} {
		out, ok := FastPath(tc.base, tc.ours, tc.theirs, tc.opts)
		if ok != (tc.want != nil) || ok && string(out) != string(tc.want) || !ok && out != nil {
			t.Errorf("%s: FastPath = %q, %v; want %q", tc.name, out, ok, tc.want)
		}
	}
}

// TestFastPathNoCopy checks that the result is the version's slice itself.
func TestFastPathNoCopy(t *testing.T) {
	base, ours, theirs := []byte("x"), []byte("y"), []byte("x")
	if out, ok := FastPath(base, ours, theirs, Options{}); !ok || &out[0] != &ours[0] {
		t.Errorf("FastPath did not return ours' slice")
	}
	if out, ok := FastPath(base, theirs, ours, Options{}); !ok || &out[0] != &ours[0] {
		t.Errorf("FastPath did not return theirs' slice")
	}
}

// TestFastPathAgreesWithMerge checks, on random notebooks, that wherever
// FastPath answers, its answer means what the full merge gives.
func TestFastPathAgreesWithMerge(t *testing.T) {
	g := newGen(4)
	for i := range 100 {
		b := g.notebook()
		x := g.change(b)
		bb, xb := notebook.Write(b), notebook.Write(x)
		for _, v := range [][3][]byte{{bb, xb, bb}, {bb, bb, xb}, {bb, xb, xb}} {
			out, ok := FastPath(v[0], v[1], v[2], Options{})
			if !ok {
				t.Fatalf("run %d: no fast path", i)
			}
			got, err := notebook.Parse(out)
			if err != nil {
				t.Fatal(err)
			}
			nbs := [3]*notebook.Notebook{}
			for k := range v {
				if nbs[k], err = notebook.Parse(v[k]); err != nil {
					t.Fatal(err)
				}
			}
			want := Notebooks(nbs[0], nbs[1], nbs[2], Options{}).Notebook
			if d := cmp.Diff(view(want), view(got)); d != "" {
				t.Fatalf("run %d: fast path and merge differ:\n%s", i, d)
			}
		}
	}
}
