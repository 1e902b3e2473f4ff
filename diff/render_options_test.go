package diff

import (
	"bytes"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/nbtools/nbdiff/notebook/nbtest"
)

// TestExtendedHeaderGolden renders renamed notebooks with git's extended
// header lines: after the "diff --git" line, with a line end added when
// git's lines lack the last one, and alone for a pure rename; the Stat and
// JSON formats and RenderText leave them out.
func TestExtendedHeaderGolden(t *testing.T) {
	const meta = "similarity index 90%\nrename from old.ipynb\nrename to new.ipynb\n"
	same := Notebooks(nbtest.Parse("code:a md:b"), nbtest.Parse("code:a md:b"), Options{})
	edited := Notebooks(nbtest.Parse("code:a md:b"), nbtest.Parse("code:a2 md:b"), Options{})
	moved := Notebooks(nbtest.Parse("code:a md:b"), nbtest.Parse("md:b code:a"), Options{})
	var ar txtar.Archive
	for _, f := range []struct {
		name string
		r    *Result
		ro   RenderOptions
	}{
		{"pure rename", same, RenderOptions{}},
		{"pure rename color", same, RenderOptions{Color: true}},
		{"pure rename no final line end", same, RenderOptions{ExtendedHeader: "rename from old.ipynb\nrename to new.ipynb"}},
		{"edited", edited, RenderOptions{}},
		{"edited color", edited, RenderOptions{Color: true}},
		{"moved only", moved, RenderOptions{}},
		{"stat", edited, RenderOptions{Format: Stat}},
		{"stat pure rename", same, RenderOptions{Format: Stat}},
		{"json", edited, RenderOptions{Format: JSON}},
	} {
		ro := f.ro
		ro.OldPath, ro.NewPath = "old.ipynb", "new.ipynb"
		if ro.ExtendedHeader == "" {
			ro.ExtendedHeader = meta
		}
		var buf bytes.Buffer
		if err := Render(&buf, f.r, ro); err != nil {
			t.Fatal(err)
		}
		ar.Files = append(ar.Files, txtar.File{Name: f.name, Data: buf.Bytes()})
	}
	var buf bytes.Buffer
	ro := RenderOptions{ExtendedHeader: meta}
	if err := RenderText(&buf, "old.ipynb", "new.ipynb", []byte("x\n"), []byte("y\n"), ro, "not a notebook"); err != nil {
		t.Fatal(err)
	}
	ar.Files = append(ar.Files, txtar.File{Name: "render text", Data: buf.Bytes()})
	golden(t, "extended-header.txtar", txtar.Format(&ar))
}

// TestExtendedHeaderEmpty checks that without extended header lines an
// Empty Result still prints nothing, whatever the paths.
func TestExtendedHeaderEmpty(t *testing.T) {
	r := Notebooks(nbtest.Parse("code:a"), nbtest.Parse("code:a"), Options{})
	var buf bytes.Buffer
	if err := Render(&buf, r, RenderOptions{OldPath: "old.ipynb", NewPath: "new.ipynb"}); err != nil || buf.Len() > 0 {
		t.Errorf("printed %q, %v; want nothing", buf.String(), err)
	}
}

// TestContextGolden renders a change without context lines
// (RenderOptions.Context < 0) in every format.
func TestContextGolden(t *testing.T) {
	r := Notebooks(nbtest.Parse("code:l1|l2|l3|l4|l5"), nbtest.Parse("code:l1|l2|L3|l4|l5"), Options{})
	var ar txtar.Archive
	for _, f := range []struct {
		name string
		ro   RenderOptions
	}{
		{"plain", RenderOptions{}},
		{"color", RenderOptions{Color: true}},
		{"stat", RenderOptions{Format: Stat}},
		{"json", RenderOptions{Format: JSON}},
	} {
		ro := f.ro
		ro.OldPath, ro.Context = "nb.ipynb", -1
		var buf bytes.Buffer
		if err := Render(&buf, r, ro); err != nil {
			t.Fatal(err)
		}
		ar.Files = append(ar.Files, txtar.File{Name: f.name, Data: buf.Bytes()})
	}
	golden(t, "no-context.txtar", txtar.Format(&ar))
}
