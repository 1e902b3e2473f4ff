package merge

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/nbtools/nbdiff/notebook"
	"github.com/rogpeppe/go-internal/txtar"
)

var update = flag.Bool("update", false, "rewrite the golden results in ../testdata/merge")

// TestGolden merges the notebooks of every ../testdata/merge/*.txtar
// (base.ipynb, absent for add/add; ours.ipynb; theirs.ipynb) and compares
// the merged file and the report with the archive's want.ipynb and
// want.txt. A line "options: ..." in the comment sets diff3, strip,
// nowords, size=N, ours=L, theirs=L, base=L. -update rewrites the wants.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob("../testdata/merge/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden files: %v", err)
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			opts := goldenOptions(t, string(ar.Comment))
			nbs := map[string]*notebook.Notebook{}
			for _, f := range ar.Files {
				if strings.HasPrefix(f.Name, "want") {
					continue
				}
				nb, err := notebook.Parse(f.Data)
				if err != nil {
					t.Fatalf("%s: %v", f.Name, err)
				}
				nbs[f.Name] = nb
			}
			r := Notebooks(nbs["base.ipynb"], nbs["ours.ipynb"], nbs["theirs.ipynb"], opts)
			got := map[string][]byte{
				"want.ipynb": notebook.Write(r.Notebook),
				"want.txt":   []byte(report(r)),
			}
			if *update {
				var kept []txtar.File
				for _, f := range ar.Files {
					if !strings.HasPrefix(f.Name, "want") {
						kept = append(kept, f)
					}
				}
				ar.Files = append(kept, txtar.File{Name: "want.ipynb", Data: got["want.ipynb"]}, txtar.File{Name: "want.txt", Data: got["want.txt"]})
				if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			for _, name := range []string{"want.ipynb", "want.txt"} {
				var want []byte
				for _, f := range ar.Files {
					if f.Name == name {
						want = f.Data
					}
				}
				if !bytes.Equal(got[name], want) {
					t.Errorf("%s differs (-want +got; go test ./merge -update rewrites it):\n%s", name, cmp.Diff(string(want), string(got[name])))
				}
			}
			checkValid(t, r.Notebook)
		})
	}
}

// report lists the conflicts and notes of a merge, one a line.
func report(r *Result) string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "%d conflicts\n", len(r.Conflicts))
	for _, c := range r.Conflicts {
		fmt.Fprintf(&sb, "conflict: %s\n", c)
	}
	for _, n := range r.Notes {
		fmt.Fprintf(&sb, "note: %s\n", n)
	}
	return sb.String()
}

func goldenOptions(t *testing.T, comment string) Options {
	var opts Options
	for _, line := range strings.Split(comment, "\n") {
		rest, ok := strings.CutPrefix(line, "options:")
		if !ok {
			continue
		}
		for _, f := range strings.Fields(rest) {
			key, val, _ := strings.Cut(f, "=")
			switch key {
			case "diff3":
				opts.Diff3 = true
			case "strip":
				opts.StripOutputs = true
			case "nowords":
				opts.NoWordMerge = true
			case "size":
				n, err := strconv.Atoi(val)
				if err != nil {
					t.Fatalf("options: %v", err)
				}
				opts.MarkerSize = n
			case "ours":
				opts.OursLabel = val
			case "theirs":
				opts.TheirsLabel = val
			case "base":
				opts.BaseLabel = val
			default:
				t.Fatalf("options: unknown %q", f)
			}
		}
	}
	return opts
}
