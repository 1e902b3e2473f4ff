package notebook

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/nbtools/nbdiff/tools/tsv"
)

// corpusDir returns ../shared/corpus beside the repository root, or skips.
func corpusDir(t testing.TB) string {
	t.Helper()
	shared, err := sharedDir()
	if err != nil {
		t.Skipf("../shared not available: %v", err)
	}
	return filepath.Join(shared, "corpus")
}

// corpusRows reads corpus.tsv into one map per row, keyed by column name.
func corpusRows(t testing.TB) []map[string]string {
	t.Helper()
	rows, err := tsv.Read(filepath.Join(corpusDir(t), "corpus.tsv"))
	if err != nil {
		t.Skipf("corpus not available: %v", err)
	}
	return rows
}

func TestCorpusRoundTrip(t *testing.T) {
	rows := corpusRows(t)
	dir := corpusDir(t)
	identical, want, stable, upgraded := 0, 0, 0, 0
	for _, row := range rows {
		name := row["id"]
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		nb, err := Parse(data)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if v := row["nbformat"]; v != "4" {
			upgraded++
			if itoa(nb.OrigMajor) != v {
				t.Errorf("%s: nbformat %s read as upgraded from %d", name, v, nb.OrigMajor)
			}
		}
		out := Write(nb)
		if row["nbformat_writes_identical"] == "yes" && row["nbformat"] == "4" {
			want++
			if bytes.Equal(out, data) {
				identical++
			} else {
				i := 0
				for i < len(out) && i < len(data) && out[i] == data[i] {
					i++
				}
				lo := max(0, i-80)
				t.Errorf("%s: not byte-identical at byte %d:\nwant %q\ngot  %q", name, i, data[lo:min(len(data), i+80)], out[lo:min(len(out), i+80)])
			}
		}
		nb2, err := Parse(out)
		if err != nil {
			t.Errorf("%s: output does not parse: %v", name, err)
			continue
		}
		if msg := sameNotebook(nb, nb2); msg != "" {
			t.Errorf("%s: Parse(Write(nb)) differs from nb: %s", name, msg)
		}
		if out2 := Write(nb2); !bytes.Equal(out, out2) {
			t.Errorf("%s: second round trip is not byte-stable", name)
		} else {
			stable++
		}
	}
	t.Logf("corpus: %d of %d nbformat-written v4 files byte-identical after Parse and Write", identical, want)
	t.Logf("corpus: %d of %d files parse back the same and are byte-stable on a second round trip (%d upgraded from nbformat 2 or 3)", stable, len(rows), upgraded)
	// a renamed column or an empty table must not pass unnoticed
	if want == 0 || upgraded == 0 || stable == 0 {
		t.Errorf("corpus.tsv gave %d nbformat-written v4 files, %d upgraded, %d stable: is its layout what this test reads?", want, upgraded, stable)
	}
	if testing.Verbose() || identical != want {
		println("corpus round trip:", identical, "of", want, "byte-identical")
	}
}

// sameNotebook compares two notebooks as nbformat reads them: text stored as
// a list of lines equals the joined string, and the members Write drops
// (transient metadata) are ignored. It returns "" or the first difference.
func sameNotebook(a, b *Notebook) string {
	if a.Major != b.Major || a.Minor != b.Minor {
		return "version"
	}
	ma, mb := a.Metadata.Clone(), b.Metadata.Clone()
	for _, k := range []string{"orig_nbformat", "orig_nbformat_minor", "signature"} {
		ma.Delete(k)
		mb.Delete(k)
	}
	if !textEqual(&ma, &mb) {
		return "notebook metadata"
	}
	if len(a.Other) != len(b.Other) {
		return "top-level members"
	}
	for i := range a.Other {
		if a.Other[i].Key != b.Other[i].Key || !textEqual(&a.Other[i].Value, &b.Other[i].Value) {
			return "top-level member " + a.Other[i].Key
		}
	}
	if len(a.Cells) != len(b.Cells) {
		return "number of cells"
	}
	for i, ca := range a.Cells {
		cb := b.Cells[i]
		mda, mdb := ca.Metadata.Clone(), cb.Metadata.Clone()
		mda.Delete("trusted")
		mdb.Delete("trusted")
		switch {
		case ca.Type != cb.Type, ca.ID != cb.ID, ca.HasID() != cb.HasID(), ca.Source != cb.Source:
			return "cell " + itoa(i) + " type, id or source"
		case !textEqual(&mda, &mdb):
			return "cell " + itoa(i) + " metadata"
		case !textEqual(&ca.Outputs, &cb.Outputs) && !(ca.Outputs.Kind == Null && len(cb.Outputs.Items) == 0):
			return "cell " + itoa(i) + " outputs"
		case !ca.ExecutionCount.Equal(&cb.ExecutionCount):
			return "cell " + itoa(i) + " execution count"
		case !textEqual(&ca.Attachments, &cb.Attachments):
			return "cell " + itoa(i) + " attachments"
		}
	}
	return ""
}

// textEqual is Value.Equal, except that a string and a list of strings
// with the same text are equal (nbformat joins such lists on reading).
func textEqual(a, b *Value) bool {
	isText := func(v *Value) bool {
		return v.Kind == String || v.isStringList()
	}
	if isText(a) && isText(b) {
		return a.Text() == b.Text()
	}
	if a.Kind != b.Kind || a.Str != b.Str || len(a.Items) != len(b.Items) || len(a.Members) != len(b.Members) {
		return false
	}
	for i := range a.Items {
		if !textEqual(&a.Items[i], &b.Items[i]) {
			return false
		}
	}
	for i := range a.Members {
		if a.Members[i].Key != b.Members[i].Key || !textEqual(&a.Members[i].Value, &b.Members[i].Value) {
			return false
		}
	}
	return true
}
