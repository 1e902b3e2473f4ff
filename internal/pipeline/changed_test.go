package pipeline

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/nbtools/nbdiff/diff"
	"github.com/nbtools/nbdiff/internal/mapfile"
)

// TestMergeBaseTruncated: a merge maps a big base whose size no other
// version has, and reads ours and theirs (of one size) into memory; their
// parses read the base's cells again. The base truncated after its own
// parse is then an error naming the base, not a crash (SIGBUS), nor an
// error naming ours.
func TestMergeBaseTruncated(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("a mapped file cannot be truncated on Windows")
	}
	paths := writeFiles(t, big(t, "a = 0\n", "base only\n"), big(t, "a = 1\n"), big(t, "a = 2\n"))
	testHookBaseParsed = func() {
		if err := os.Truncate(paths[0], 0); err != nil {
			t.Error(err)
		}
	}
	defer func() { testHookBaseParsed = nil }()
	_, err := Merge(paths, MergeOptions{})
	if !errors.Is(err, mapfile.ErrChanged) || !strings.HasPrefix(err.Error(), paths[0]+": ") {
		t.Errorf("Merge with the base truncated after its parse: %v, want ErrChanged naming %s", err, paths[0])
	}
}

// TestDiffTruncated: a mapped version truncated before its parse is an
// error naming it, in strict mode (two files named) and otherwise (git's
// driver), not "not a notebook" nor an error without a name.
func TestDiffTruncated(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("a mapped file cannot be truncated on Windows")
	}
	dir := t.TempDir()
	a := writeFile(t, dir, "a.ipynb", big(t, "x = 1\n"))
	b := writeFile(t, dir, "b.ipynb", big(t, "x = 2\n"))
	for _, strict := range []bool{true, false} {
		if err := os.WriteFile(a, big(t, "x = 1\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		sa, err := File(a)
		if err != nil {
			t.Fatal(err)
		}
		sb, err := File(b)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.Truncate(a, 0); err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		d := NewDiffer(&out, &out, DiffOptions{Strict: strict})
		err = d.Pair(Pair{OldPath: "old.ipynb", NewPath: "new.ipynb", Old: sa, New: sb})
		if !errors.Is(err, mapfile.ErrChanged) || !strings.HasPrefix(err.Error(), "old.ipynb: mapfile:") {
			t.Errorf("strict %v: %v, want ErrChanged naming old.ipynb", strict, err)
		}
	}
}

// TestDiffDirSymlink: a directory named by a symbolic link is diffed as
// the directory it leads to (as git diff --no-index does), on either side.
func TestDiffDirSymlink(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symbolic links need privileges on Windows")
	}
	root := t.TempDir()
	for _, d := range []string{"d1/sub", "d2/sub"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	writeFile(t, filepath.Join(root, "d1"), "a.ipynb", nb(t, "x = 1\n"))
	writeFile(t, filepath.Join(root, "d2"), "a.ipynb", nb(t, "x = 2\n"))
	writeFile(t, filepath.Join(root, "d1/sub"), "b.ipynb", nb(t, "y = 1\n"))
	writeFile(t, filepath.Join(root, "d2/sub"), "b.ipynb", nb(t, "y = 1\n"))
	for _, l := range []string{"l1", "l2"} {
		if err := os.Symlink("d"+l[1:], filepath.Join(root, l)); err != nil {
			t.Fatal(err)
		}
	}
	diffOf := func(a, b string) string {
		var out bytes.Buffer
		d := NewDiffer(&out, &out, DiffOptions{})
		if err := DiffFiles(d, filepath.Join(root, a), filepath.Join(root, b)); err != nil {
			t.Fatal(err)
		}
		d.Close()
		return out.String()
	}
	want := diffOf("d1", "d2")
	if !strings.Contains(want, "-x = 1") || !strings.Contains(want, "+x = 2") || strings.Contains(want, "/dev/null") {
		t.Fatalf("d1 d2:\n%s", want)
	}
	for _, c := range [][2]string{{"l1", "d2"}, {"d1", "l2"}, {"l1", "l2"}} {
		if got := diffOf(c[0], c[1]); got != want {
			t.Errorf("%s %s:\n%s\nwant, as d1 d2:\n%s", c[0], c[1], got, want)
		}
	}
}

// TestPureRename: a notebook renamed without a change is a change, as git
// counts it: the text diff shows its rename header, --stat lists it with
// 0 lines, --json prints its (empty) diff between the two paths.
func TestPureRename(t *testing.T) {
	dir := t.TempDir()
	a := writeFile(t, dir, "a.ipynb", nb(t, "x = 1\n"))
	for _, tc := range []struct {
		format diff.Format
		want   string
	}{
		{diff.Plain, "rename from a.ipynb\nrename to sub/a.ipynb\n"},
		{diff.Stat, "a.ipynb => sub/a.ipynb | 0"},
		{diff.JSON, `{"old_path":"a.ipynb","new_path":"sub/a.ipynb","diff":[]}`},
	} {
		sa, err := File(a)
		if err != nil {
			t.Fatal(err)
		}
		sb, err := File(a)
		if err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		d := NewDiffer(&out, &out, DiffOptions{Render: diff.RenderOptions{Format: tc.format}})
		if err := d.Pair(Pair{OldPath: "a.ipynb", NewPath: "sub/a.ipynb", Old: sa, New: sb}); err != nil {
			t.Fatal(err)
		}
		if err := d.Close(); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(out.String(), tc.want) || !d.Changed() {
			t.Errorf("format %v: changed %v, output:\n%s\nwant it to hold %q", tc.format, d.Changed(), out.String(), tc.want)
		}
	}
}

// TestModes: a notebook whose mode changed, and nothing else, is a change
// as in git's diff (its "old mode", "new mode" lines; a --stat line of 0);
// an added or deleted one shows its own mode in the header.
func TestModes(t *testing.T) {
	dir := t.TempDir()
	a := writeFile(t, dir, "a.ipynb", nb(t, "x = 1\n"))
	for _, tc := range []struct {
		format           diff.Format
		oldAbsent, newAb bool
		want             string
	}{
		{diff.Plain, false, false, "diff --git a/a.ipynb b/a.ipynb\nold mode 100644\nnew mode 100755\n"},
		{diff.Stat, false, false, "a.ipynb | 0"},
		{diff.Plain, true, false, "new file mode 100755\n"},
		{diff.Plain, false, true, "deleted file mode 100644\n"},
	} {
		side := func(absent bool) Source {
			if absent {
				return Absent()
			}
			s, err := File(a)
			if err != nil {
				t.Fatal(err)
			}
			return s
		}
		var out bytes.Buffer
		d := NewDiffer(&out, &out, DiffOptions{Render: diff.RenderOptions{Format: tc.format}})
		if err := d.Pair(Pair{OldPath: "a.ipynb", NewPath: "a.ipynb", Old: side(tc.oldAbsent), New: side(tc.newAb), OldMode: "100644", NewMode: "100755"}); err != nil {
			t.Fatal(err)
		}
		if err := d.Close(); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(out.String(), tc.want) || !d.Changed() {
			t.Errorf("format %v, absent %v %v: changed %v, output:\n%s\nwant it to hold %q", tc.format, tc.oldAbsent, tc.newAb, d.Changed(), out.String(), tc.want)
		}
	}
}
