package notebook

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// FuzzParse checks that Parse never panics, fails only with its typed
// errors, and that Parse, Write, Parse, Write is a fixpoint; and that Strip
// is idempotent on whatever parses. Seeds: the notebooks in testdata.
func FuzzParse(f *testing.F) {
	// The indexes of the seeds: a parse that takes cells from the index
	// of the seed its input was mutated from meets cells that are the
	// same, cells that are not, and cells that differ only in their end.
	var indexes []*CellIndex
	for _, pattern := range []string{"../testdata/notebooks/*.ipynb", "../testdata/notebooks/upgrade/v*.ipynb", "../testdata/demo/*.ipynb"} {
		names, _ := filepath.Glob(pattern)
		for _, name := range names {
			data, err := os.ReadFile(name)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data)
			index := new(CellIndex)
			if _, err := ParseWith(data, ParseOptions{Index: index}); err == nil && len(index.cells) > 0 {
				indexes = append(indexes, index)
			}
		}
	}
	for _, s := range []string{"", "null", "[]", "{}", `{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}`,
		"{\r\n\t\"cells\": [{\"cell_type\": \"raw\", \"source\": [\"a\\r\", \"\\nb\"]}], \"nbformat\": 4, \"nbformat_minor\": 0}"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		nb, err := Parse(data)
		// ParseWith with both options gives the same notebook or error,
		// without reading again the bytes it reported consumed.
		clobbered := bytes.Clone(data)
		var table StringTable
		nbw, errw := ParseWith(clobbered, ParseOptions{Strings: &table, Consumed: func(n int) {
			for i := range clobbered[:n] {
				clobbered[i] = 0xff
			}
		}})
		switch {
		case (err == nil) != (errw == nil):
			t.Fatalf("ParseWith error %v, Parse error %v", errw, err)
		case err == nil && !bytes.Equal(Write(nbw), Write(nb)):
			t.Fatalf("ParseWith gives another notebook than Parse")
		case err != nil && errw.Error() != err.Error():
			var se *SyntaxError
			if !errors.As(err, &se) {
				// a structure error names no offset: it must be the same
				t.Fatalf("ParseWith error %v, Parse error %v", errw, err)
			}
			// a syntax error's line and column may be counted over
			// clobbered bytes; its offset and message must agree
			var sew *SyntaxError
			if !errors.As(errw, &sew) || sew.Offset != se.Offset || sew.Msg != se.Msg {
				t.Fatalf("ParseWith error %v, Parse error %v", errw, err)
			}
		}
		// The parser builds cells as it goes; building them from the
		// parsed value instead (as for upgraded notebooks) gives the same.
		nbv, errv := parseViaValue(data)
		switch {
		case (err == nil) != (errv == nil) || err != nil && errv.Error() != err.Error():
			t.Fatalf("cells from values: error %v, Parse error %v", errv, err)
		case err == nil && !bytes.Equal(Write(nbv), Write(nb)):
			t.Fatalf("cells from values give another notebook than Parse")
		}
		// A source is the text of its list of lines, decoded one by one.
		if err == nil && nb.OrigMajor == 0 {
			d := &decoder{s: bytes.TrimPrefix(data, []byte(bom))}
			d.skipSpace()
			if v, err := d.value(roleAny); err == nil {
				cells := v.Get("cells")
				for i := range nb.Cells {
					if src := cells.Items[i].Get("source"); src != nil && src.Text() != nb.Cells[i].Source {
						t.Fatalf("cell %d: source %q, its lines give %q", i, nb.Cells[i].Source, src.Text())
					}
				}
			}
		}
		// With digests: the same error, or the same notebook but for the
		// outputs, which are empty exactly when they were.
		nbd, errd := ParseWith(data, ParseOptions{DigestOutputs: true})
		switch {
		case (err == nil) != (errd == nil) || err != nil && errd.Error() != err.Error():
			t.Fatalf("DigestOutputs error %v, Parse error %v", errd, err)
		case err == nil:
			for i := range nb.Cells {
				a, b := nb.Cells[i], nbd.Cells[i]
				if a.Source != b.Source || a.Outputs.Kind != b.Outputs.Kind || (len(a.Outputs.Items) == 0) != (len(b.Outputs.Items) == 0) {
					t.Fatalf("cell %d differs with DigestOutputs", i)
				}
			}
		}
		// Taking cells from an index changes nothing: the index of the
		// input itself, and those of the seeds.
		var self CellIndex
		nbi, erri := ParseWith(data, ParseOptions{Index: &self})
		likes := append([]*CellIndex{&self}, indexes...)
		for k, like := range likes {
			nbl, errl := ParseWith(data, ParseOptions{Like: like, LikeShares: k%2 == 0})
			switch {
			case (err == nil) != (erri == nil) || (err == nil) != (errl == nil):
				t.Fatalf("with Index error %v, with Like (%d) error %v, Parse error %v", erri, k, errl, err)
			case err != nil && (erri.Error() != err.Error() || errl.Error() != err.Error()):
				t.Fatalf("with Index error %v, with Like (%d) error %v, Parse error %v", erri, k, errl, err)
			case err == nil && (!bytes.Equal(Write(nbi), Write(nb)) || !bytes.Equal(Write(nbl), Write(nb))):
				t.Fatalf("with Index or Like (%d), another notebook than Parse", k)
			}
		}
		// With outputs skipped: the same error, or the same notebook but
		// for the outputs, which are as many nulls as there were outputs;
		// once stripped, the same file.
		nbs, errs := ParseWith(data, ParseOptions{SkipOutputs: true})
		switch {
		case (err == nil) != (errs == nil) || err != nil && errs.Error() != err.Error():
			t.Fatalf("SkipOutputs error %v, Parse error %v", errs, err)
		case err == nil:
			for i := range nb.Cells {
				a, b := nb.Cells[i], nbs.Cells[i]
				if a.Source != b.Source || a.Outputs.Kind != b.Outputs.Kind || len(a.Outputs.Items) != len(b.Outputs.Items) {
					t.Fatalf("cell %d differs with SkipOutputs", i)
				}
			}
			if !keepsOutputs(nb) {
				full := nb.Clone()
				Strip(full, StripOptions{})
				Strip(nbs, StripOptions{})
				if !bytes.Equal(Write(full), Write(nbs)) {
					t.Fatalf("stripped with SkipOutputs, another file than stripped")
				}
			}
		}
		if err != nil {
			var se *SyntaxError
			var st *StructureError
			if !errors.As(err, &se) && !errors.As(err, &st) {
				t.Fatalf("untyped error %T: %v", err, err)
			}
			return
		}
		w1 := Write(nb)
		nb2, err := Parse(w1)
		if err != nil {
			t.Fatalf("Write's output does not parse: %v\n%q", err, w1)
		}
		if msg := sameNotebook(nb, nb2); msg != "" {
			t.Fatalf("Parse(Write(nb)) differs from nb: %s\n%q", msg, w1)
		}
		w2 := Write(nb2)
		if !bytes.Equal(w1, w2) {
			t.Fatalf("not a fixpoint %s", firstDiff(w1, w2))
		}
		Strip(nb2, StripOptions{})
		s1 := Write(nb2)
		if Strip(nb2, StripOptions{}) {
			t.Fatal("second Strip reports a change")
		}
		if s2 := Write(nb2); !bytes.Equal(s1, s2) {
			t.Fatalf("Strip not idempotent %s", firstDiff(s1, s2))
		}
	})
}

// parseViaValue is Parse building the cells from the parsed value of the
// whole document, not as they are parsed.
func parseViaValue(data []byte) (*Notebook, error) {
	s := bytes.TrimPrefix(data, []byte(bom))
	var style Style
	style.BOM = len(s) < len(data)
	style.detect(s)
	d := &decoder{s: s}
	root, err := d.document()
	if verr := d.validate(len(s)); verr != nil {
		return nil, verr
	}
	if err != nil {
		return nil, err
	}
	return fromValue(root, style, nil)
}
