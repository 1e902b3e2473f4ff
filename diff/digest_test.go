package diff

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/nbtools/nbdiff/notebook"
)

// TestDigestedOutputsSameDiff checks, on every real merge of ../shared
// (base against ours and against theirs), that notebooks parsed with
// digests of their outputs (as nbdiff parses them when outputs are not
// shown) give the same plain and --stat diff, byte for byte, as notebooks
// parsed whole: with outputs kept (the hidden-outputs note counts them),
// with counts kept too, and with outputs stripped.
func TestDigestedOutputsSameDiff(t *testing.T) {
	dirs, _ := filepath.Glob(filepath.Join(sharedDir(t), "merges", "*"))
	parse := func(name string, digest bool, strip notebook.StripOptions) *notebook.Notebook {
		data, err := os.ReadFile(name)
		if err != nil {
			return nil
		}
		nb, err := notebook.ParseWith(data, notebook.ParseOptions{DigestOutputs: digest})
		if err != nil {
			return nil
		}
		notebook.Strip(nb, strip)
		return nb
	}
	pairs, notes := 0, 0
	for _, dir := range dirs {
		for _, side := range []string{"ours.ipynb", "theirs.ipynb"} {
			for _, strip := range []notebook.StripOptions{{KeepOutputs: true}, {KeepOutputs: true, KeepCounts: true}, {}} {
				a, b := parse(filepath.Join(dir, "base.ipynb"), false, strip), parse(filepath.Join(dir, side), false, strip)
				da, db := parse(filepath.Join(dir, "base.ipynb"), true, strip), parse(filepath.Join(dir, side), true, strip)
				if a == nil || b == nil {
					continue
				}
				pairs++
				for _, format := range []Format{Plain, Stat} {
					var want, got bytes.Buffer
					ro := RenderOptions{Format: format, OldPath: "a.ipynb", NewPath: "a.ipynb"}
					if err := Render(&want, Notebooks(a, b, Options{}), ro); err != nil {
						t.Fatal(err)
					}
					if err := Render(&got, Notebooks(da, db, Options{}), ro); err != nil {
						t.Fatal(err)
					}
					if !bytes.Equal(want.Bytes(), got.Bytes()) {
						t.Fatalf("%s, %s, %+v, format %d: the diff differs with digested outputs:\n%s\n---\n%s", dir, side, strip, format, want.Bytes(), got.Bytes())
					}
					if format == Plain && bytes.Contains(want.Bytes(), []byte("new outputs")) {
						notes++
					}
				}
			}
		}
	}
	if pairs == 0 {
		t.Skip("no merges to compare")
	}
	if notes == 0 {
		t.Error("no pair has new outputs: the comparison does not test the outputs")
	}
	t.Logf("%d pairs, %d with new outputs", pairs, notes)
}
