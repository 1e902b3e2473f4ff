package tsv

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestRead(t *testing.T) {
	p := filepath.Join(t.TempDir(), "t.tsv")
	if err := os.WriteFile(p, []byte("id\tname\tnote\na\tx\ty\nb\tz\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	rows, err := Read(p)
	if err != nil {
		t.Fatal(err)
	}
	want := []map[string]string{{"id": "a", "name": "x", "note": "y"}, {"id": "b", "name": "z"}}
	if d := cmp.Diff(want, rows); d != "" {
		t.Errorf("rows (-want +got):\n%s", d)
	}
	if _, err := Read(filepath.Join(t.TempDir(), "missing.tsv")); err == nil {
		t.Error("no error for a missing file")
	}
}
