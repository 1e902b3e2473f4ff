package notebook

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// ownNotebooks returns the notebooks this project wrote (testdata/notebooks
// and testdata/demo at the repository root), by file name.
func ownNotebooks(t testing.TB) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	for _, pattern := range []string{"../testdata/notebooks/*.ipynb", "../testdata/demo/*.ipynb"} {
		names, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range names {
			data, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			files[filepath.Base(filepath.Dir(name))+"/"+filepath.Base(name)] = data
		}
	}
	if len(files) < 9 {
		t.Fatalf("found %d test notebooks, want at least 9", len(files))
	}
	return files
}

func mustParse(t testing.TB, data []byte) *Notebook {
	t.Helper()
	nb, err := Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	return nb
}

// firstDiff describes where a and b first differ.
func firstDiff(a, b []byte) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	lo := max(0, i-60)
	return "at byte " + itoa(i) + ":\nwant " + strconvQuote(a[lo:min(len(a), i+60)]) + "\ngot  " + strconvQuote(b[lo:min(len(b), i+60)])
}

func strconvQuote(b []byte) string {
	q, _ := json.Marshal(string(b))
	return string(q)
}

func TestHash(t *testing.T) {
	c := &Cell{Type: "code", Source: "print(1)\n"}
	// FNV-1a (64 bit) of "code\x00print(1)\n", computed independently: the
	// hash is the same on every machine and in every run.
	if got := c.Hash(); got != 0xd4b67688a1349a5b {
		t.Errorf("Hash() = %#x", got)
	}
	d := c.Clone()
	d.SetID("other")
	d.ExecutionCount = Value{Kind: Number, Str: "3"}
	d.Metadata = ObjectValue(Member{Key: "tags", Value: Value{Kind: Array}})
	if d.Hash() != c.Hash() {
		t.Error("hash depends on id, count or metadata")
	}
	for _, e := range []*Cell{{Type: "markdown", Source: c.Source}, {Type: "code", Source: "print(1)"}, {Type: "code\x00print(1)\n"}} {
		if e.Hash() == c.Hash() {
			t.Errorf("hash of %q %q equals that of %q %q", e.Type, e.Source, c.Type, c.Source)
		}
	}
	// Parsing the same file twice gives the same hashes.
	data := ownNotebooks(t)["demo/before.ipynb"]
	a, b := mustParse(t, data), mustParse(t, data)
	for i := range a.Cells {
		if a.Cells[i].Hash() != b.Cells[i].Hash() {
			t.Errorf("cell %d: hash differs between two parses", i)
		}
	}
}

// TestTestdataGenerated: the committed test notebooks are what
// testdata/notebooks/gen.py writes (skipped without python3).
func TestTestdataGenerated(t *testing.T) {
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not available")
	}
	nbDir, demoDir := t.TempDir(), t.TempDir()
	if out, err := exec.Command(py, "../testdata/notebooks/gen.py", nbDir, demoDir).CombinedOutput(); err != nil {
		t.Fatalf("gen.py: %v\n%s", err, out)
	}
	n := 0
	for _, dir := range []struct{ gen, repo string }{
		{nbDir, "../testdata/notebooks"}, {filepath.Join(nbDir, "upgrade"), "../testdata/notebooks/upgrade"}, {demoDir, "../testdata/demo"},
	} {
		names, _ := filepath.Glob(filepath.Join(dir.gen, "*.ipynb"))
		for _, name := range names {
			got, _ := os.ReadFile(name)
			want, err := os.ReadFile(filepath.Join(dir.repo, filepath.Base(name)))
			if err != nil || !bytes.Equal(got, want) {
				t.Errorf("%s/%s differs from what gen.py writes (run python3 testdata/notebooks/gen.py)", dir.repo, filepath.Base(name))
			}
			n++
		}
	}
	if n < 11 {
		t.Errorf("gen.py wrote %d notebooks", n)
	}
}
