package diff

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/nbtools/nbdiff/notebook"
)

// TestPrepareThenStrip: comparing the sources (Prepare), then stripping
// the notebooks, then comparing the rest (Finish) gives what Notebooks
// gives for the stripped notebooks, with every option and every way of
// stripping: what Prepare compares is what stripping leaves as it is.
func TestPrepareThenStrip(t *testing.T) {
	pairs := [][2]string{{"../testdata/demo/before.ipynb", "../testdata/demo/after.ipynb"}}
	if corpus, _ := filepath.Glob("../../shared/corpus/*.ipynb"); len(corpus) >= 2 {
		for i := 0; i+1 < len(corpus) && i < 12; i += 2 {
			pairs = append(pairs, [2]string{corpus[i], corpus[i+1]}, [2]string{corpus[i], corpus[i]})
		}
	}
	parse := func(path string) *notebook.Notebook {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		nb, err := notebook.Parse(data)
		if err != nil {
			return nil // not every file of the corpus need be valid
		}
		return nb
	}
	strips := []notebook.StripOptions{{}, {KeepOutputs: true}, {KeepCounts: true, KeepOutputs: true}, {ExtraMetadata: []string{"cell.metadata.tags"}}}
	for _, pair := range pairs {
		for _, so := range strips {
			for _, opts := range []Options{{}, {Outputs: true}, {Metadata: true}, {Outputs: true, Metadata: true}} {
				a, b := parse(pair[0]), parse(pair[1])
				if a == nil || b == nil {
					continue
				}
				notebook.Strip(a, so)
				notebook.Strip(b, so)
				var want bytes.Buffer
				if err := Render(&want, Notebooks(a, b, opts), RenderOptions{}); err != nil {
					t.Fatal(err)
				}
				a, b = parse(pair[0]), parse(pair[1])
				p := Prepare(a, b)
				notebook.Strip(a, so)
				notebook.Strip(b, so)
				var got bytes.Buffer
				if err := Render(&got, p.Finish(opts), RenderOptions{}); err != nil {
					t.Fatal(err)
				}
				if got.String() != want.String() {
					t.Errorf("%s vs %s, strip %+v, %+v: Prepare, strip, Finish gives\n%s\nNotebooks of the stripped notebooks\n%s",
						pair[0], pair[1], so, opts, got.String(), want.String())
				}
			}
		}
	}
}

// TestUnchangedCellsShareParts checks that no cell that shows a change
// has the shared empty Parts, and that diffing and rendering (every
// format, every option) leave those empty.
func TestUnchangedCellsShareParts(t *testing.T) {
	for _, c := range renderCases {
		for _, opts := range []Options{c.opts, {Outputs: true, Metadata: true}} {
			r := Notebooks(c.a, c.b, opts)
			for k := range r.Cells {
				cell := &r.Cells[k]
				shown := cell.Source.Changed() || cell.Outputs.Changed() || cell.Attachments.Changed() || cell.Metadata.Changed()
				if shown && cell.Parts == &noParts {
					t.Errorf("%s: cell %d shows changes in the shared parts", c.name, k)
				}
			}
			for _, f := range []Format{Plain, Stat, JSON, SideBySide} {
				for _, color := range []bool{false, true} {
					if err := Render(io.Discard, r, RenderOptions{OldPath: "nb.ipynb", Format: f, Color: color, Width: 60}); err != nil {
						t.Fatal(err)
					}
				}
			}
		}
	}
	if !reflect.DeepEqual(noParts, Parts{}) {
		t.Errorf("the shared parts were modified: %+v", noParts)
	}
}
