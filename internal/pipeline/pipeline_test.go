package pipeline

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"testing"

	"github.com/nbtools/nbdiff/diff"
	"github.com/nbtools/nbdiff/merge"
	"github.com/nbtools/nbdiff/notebook"
)

// nb returns a notebook (nbformat 4.4, written as Jupyter writes it) whose
// code cells hold the given sources.
func nb(t testing.TB, sources ...string) []byte {
	t.Helper()
	var cells []string
	for _, s := range sources {
		cells = append(cells, fmt.Sprintf(`{"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [], "source": %q}`, s))
	}
	text := fmt.Sprintf(`{"cells": [%s], "metadata": {}, "nbformat": 4, "nbformat_minor": 4}`, strings.Join(cells, ", "))
	n, err := notebook.Parse([]byte(text))
	if err != nil {
		t.Fatal(err)
	}
	return notebook.Write(n)
}

// big returns a notebook of more than a megabyte (so that it is mapped),
// whose cells are the given sources followed by filler cells.
func big(t testing.TB, sources ...string) []byte {
	t.Helper()
	fill := strings.Repeat("x = 1\n", 200)
	for len(sources) < 1200 {
		sources = append(sources, fill+fmt.Sprint(len(sources)))
	}
	b := nb(t, sources...)
	if len(b) < 1<<20 {
		t.Fatalf("filler notebook of %d bytes is too small to be mapped", len(b))
	}
	return b
}

func writeFiles(t *testing.T, contents ...[]byte) [3]string {
	t.Helper()
	dir := t.TempDir()
	var paths [3]string
	for i, c := range contents {
		paths[i] = writeFile(t, dir, []string{"base", "ours", "theirs"}[i]+".ipynb", c)
	}
	return paths
}

// writeFile writes data to the file name in dir and returns its path.
func writeFile(t *testing.T, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func written(t *testing.T, m *Merged) []byte {
	t.Helper()
	var buf bytes.Buffer
	n, err := m.WriteTo(&buf)
	if err != nil || n != int64(buf.Len()) {
		t.Fatalf("WriteTo: %d, %v (wrote %d)", n, err, buf.Len())
	}
	return buf.Bytes()
}

// TestMergeFastPaths: one side unchanged gives the other side's bytes as
// they are (not re-encoded), mapped files included.
func TestMergeFastPaths(t *testing.T) {
	base, ours, theirs := nb(t, "a"), nb(t, "b"), nb(t, "c")
	// A layout Jupyter would not write: a fast path keeps it.
	oddOurs := bytes.ReplaceAll(ours, []byte("\n "), []byte("\n   "))
	bigBase, bigOurs := big(t, "a"), big(t, "b")
	for _, tc := range []struct {
		name               string
		base, ours, theirs []byte
		want               []byte
	}{
		{"theirs unchanged", base, oddOurs, base, oddOurs},
		{"ours unchanged", base, base, theirs, theirs},
		{"same change", base, oddOurs, oddOurs, oddOurs},
		{"mapped ours, theirs unchanged", base, bigOurs, base, bigOurs},
		{"mapped base, same change", bigBase, ours, ours, ours},
		{"mapped theirs, ours unchanged", base, base, bigOurs, bigOurs},
	} {
		for _, driver := range []bool{false, true} {
			paths := writeFiles(t, tc.base, tc.ours, tc.theirs)
			m, err := Merge(paths, MergeOptions{Driver: driver})
			if err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			if m.Result != nil {
				t.Errorf("%s (driver %v): merged, want the fast path", tc.name, driver)
			}
			if got := written(t, m); !bytes.Equal(got, tc.want) {
				t.Errorf("%s (driver %v): wrote %d bytes, want %d", tc.name, driver, len(got), len(tc.want))
			}
			if want := bytes.Equal(tc.want, tc.ours); driver && m.Unchanged != want {
				t.Errorf("%s: Unchanged = %v, want %v", tc.name, m.Unchanged, want)
			}
		}
	}
	// Stripping outputs always merges.
	paths := writeFiles(t, base, base, theirs)
	m, err := Merge(paths, MergeOptions{Options: merge.Options{StripOutputs: true}})
	if err != nil || m.Result == nil {
		t.Fatalf("StripOutputs: %v, result %v; want a merge", err, m)
	}
}

// TestMergeNotebooks: both sides changed: a real merge, clean and with a
// conflict, the options completed after parsing.
func TestMergeNotebooks(t *testing.T) {
	paths := writeFiles(t, nb(t, "a", "b"), nb(t, "A", "b"), nb(t, "a", "B"))
	m, err := Merge(paths, MergeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if m.Conflicts != 0 || !bytes.Equal(written(t, m), nb(t, "A", "B")) {
		t.Errorf("clean merge: %d conflicts, wrote\n%s", m.Conflicts, written(t, m))
	}
	paths = writeFiles(t, nb(t, "a\n"), nb(t, "o\n"), nb(t, "t\n"))
	completed := false
	m, err = Merge(paths, MergeOptions{Complete: func(o *merge.Options) { o.Diff3 = true; completed = true }})
	if err != nil {
		t.Fatal(err)
	}
	if !completed || m.Conflicts != 1 || !bytes.Contains(written(t, m), []byte(`"|||||||`)) {
		t.Errorf("conflict with diff3: completed %v, %d conflicts, wrote\n%s", completed, m.Conflicts, written(t, m))
	}
}

// TestMergeBadInput: a side that is not a notebook is an error naming it,
// except for the driver, which never loses a side; a base that is not one
// is merged as if both sides added the file.
func TestMergeBadInput(t *testing.T) {
	good, other := nb(t, "a"), nb(t, "b")
	bad := []byte("{\"cells\": [\n<<<<<<< ours\n")
	for _, tc := range []struct {
		name               string
		base, ours, theirs []byte
		wantErr            string // standalone; "" when it merges
		wantNote           string // driver
		wantResult         bool   // driver: a notebook merge
	}{
		{"bad ours", good, bad, other, "ours.ipynb", "merged as plain text", false},
		{"bad theirs", good, other, bad, "theirs.ipynb", "(theirs holds conflict markers)", false},
		{"empty ours", good, []byte{}, other, "ours.ipynb", "merged as plain text", false},
		{"bad base", bad, good, other, "", "merged the sides as if both added the file", true},
	} {
		paths := writeFiles(t, tc.base, tc.ours, tc.theirs)
		if _, err := Merge(paths, MergeOptions{}); tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)) {
			t.Errorf("%s: error %v, want one naming %s", tc.name, err, tc.wantErr)
		} else if tc.wantErr == "" && err != nil {
			t.Errorf("%s: error %v, want a merge", tc.name, err)
		}
		m, err := Merge(paths, MergeOptions{Driver: true, Path: "nb.ipynb"})
		if err != nil {
			t.Fatalf("%s: driver: %v", tc.name, err)
		}
		if m.Conflicts == 0 || len(m.Notes) != 1 || !strings.Contains(m.Notes[0], tc.wantNote) || !strings.Contains(m.Notes[0], "nb.ipynb") {
			t.Errorf("%s: driver: %d conflicts, notes %q", tc.name, m.Conflicts, m.Notes)
		}
		if (m.Result != nil) != tc.wantResult {
			t.Errorf("%s: driver: notebook merge %v, want %v", tc.name, m.Result != nil, tc.wantResult)
		}
		out := string(written(t, m))
		for _, side := range [][]byte{tc.ours, tc.theirs} {
			if n, err := notebook.Parse(side); err == nil && m.Result == nil {
				// The text merge keeps each side's lines.
				for _, c := range n.Cells {
					if !strings.Contains(out, c.Source) {
						t.Errorf("%s: driver: lost %q", tc.name, c.Source)
					}
				}
			}
		}
	}
	// An empty base is an add/add merge, not an error.
	paths := writeFiles(t, []byte(" \n"), good, other)
	if _, err := Merge(paths, MergeOptions{}); err != nil {
		t.Errorf("empty base: %v", err)
	}
	// A missing file is an error either way.
	paths[2] += ".missing"
	for _, driver := range []bool{false, true} {
		if _, err := Merge(paths, MergeOptions{Driver: driver}); err == nil {
			t.Errorf("missing file (driver %v): no error", driver)
		}
	}
}

// TestParsePair: the two sides parsed at once (mapped, big) equal the
// sides parsed alone.
func TestParsePair(t *testing.T) {
	dir := t.TempDir()
	a, b := writeFile(t, dir, "a.ipynb", big(t, "a")), writeFile(t, dir, "b.ipynb", big(t, "b"))
	sa, err := File(a)
	if err != nil {
		t.Fatal(err)
	}
	defer sa.Close()
	sb, err := File(b)
	if err != nil {
		t.Fatal(err)
	}
	defer sb.Close()
	na, nb2, errA, errB := ParsePair(sa, sb, notebook.ParseOptions{})
	if errA != nil || errB != nil {
		t.Fatal(errA, errB)
	}
	for _, tc := range []struct {
		got  *notebook.Notebook
		path string
	}{{na, a}, {nb2, b}} {
		data, _ := os.ReadFile(tc.path)
		if got := notebook.Write(tc.got); !bytes.Equal(got, data) {
			t.Errorf("%s: parsed in a pair differs from the file", tc.path)
		}
	}
	if absent, err := Parse(Absent(), notebook.ParseOptions{}); absent != nil || err != nil {
		t.Errorf("absent side: %v, %v", absent, err)
	}
}

// TestDiffer: strict pairs refuse what is not a notebook; others show it
// as text with a note; renames carry git's header lines.
func TestDiffer(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) string { return writeFile(t, dir, name, data) }
	a := write("a.ipynb", nb(t, "x = 1\n"))
	b := write("b.ipynb", nb(t, "x = 2\n"))
	bad := write("bad.ipynb", []byte("not json\n"))
	var out, errOut bytes.Buffer
	d := NewDiffer(&out, &errOut, DiffOptions{Strict: true})
	if err := DiffFiles(d, a, bad); err == nil || !strings.Contains(err.Error(), "bad.ipynb: not a notebook") {
		t.Errorf("strict, bad side: %v", err)
	}
	d = NewDiffer(&out, &errOut, DiffOptions{})
	if err := DiffFiles(d, a, bad); err != nil {
		t.Fatal(err)
	}
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	if !d.Changed() || !strings.Contains(out.String(), "is not a notebook") || !strings.Contains(out.String(), "+not json") {
		t.Errorf("lenient, bad side:\n%s", out.String())
	}
	out.Reset()
	d = NewDiffer(&out, &errOut, DiffOptions{})
	sa, _ := File(a)
	sb, _ := File(b)
	err := d.Pair(Pair{OldPath: "old.ipynb", NewPath: "new.ipynb", Old: sa, New: sb, Header: "similarity index 90%\nrename from old.ipynb\nrename to new.ipynb"})
	if err != nil {
		t.Fatal(err)
	}
	d.Close()
	want := "diff --git a/old.ipynb b/new.ipynb\nsimilarity index 90%\nrename from old.ipynb\nrename to new.ipynb\n"
	if !strings.HasPrefix(out.String(), want) || !strings.Contains(out.String(), "+x = 2") {
		t.Errorf("rename:\n%s", out.String())
	}
	// JSON: one document per line.
	out.Reset()
	d = NewDiffer(&out, &errOut, DiffOptions{Render: diff.RenderOptions{Format: diff.JSON}, Strict: true})
	if err := DiffFiles(d, a, b); err != nil {
		t.Fatal(err)
	}
	d.Close()
	if lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n"); len(lines) != 1 || !strings.HasPrefix(lines[0], "{") {
		t.Errorf("JSON: %d lines:\n%s", len(lines), out.String())
	}
}

// TestIsNullDevice: /dev/null is absent everywhere (git passes it on
// Windows too); NUL only on Windows, where Git for Windows' shell turns
// /dev/null into "nul" for the programs it starts.
func TestIsNullDevice(t *testing.T) {
	for _, c := range []struct {
		path          string
		unix, windows bool
	}{
		{"/dev/null", true, true},
		{"nul", false, true},
		{"NUL", false, true},
		{`\\.\NUL`, false, true},
		{"//./nul", false, true},
		{"nul.ipynb", false, false},
		{"dir/nul", false, false},
		{"/dev/null2", false, false},
		{"", false, false},
	} {
		if got := isNullDevice(c.path, "linux"); got != c.unix {
			t.Errorf("isNullDevice(%q, linux) = %v, want %v", c.path, got, c.unix)
		}
		if got := isNullDevice(c.path, "windows"); got != c.windows {
			t.Errorf("isNullDevice(%q, windows) = %v, want %v", c.path, got, c.windows)
		}
	}
}

// TestNullDeviceIsAbsent: the null device is an absent side, for a diff
// and as the base of a merge (both sides added the file), whether or not
// the system can open it.
func TestNullDeviceIsAbsent(t *testing.T) {
	s, err := File("/dev/null")
	if err != nil || !s.IsAbsent() {
		t.Errorf(`File("/dev/null") = absent %v, %v; want absent`, s.IsAbsent(), err)
	}
	paths := writeFiles(t, nil, nb(t, "a"), nb(t, "a"))
	paths[0] = "/dev/null"
	m, err := Merge(paths, MergeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if m.Conflicts != 0 || !bytes.Equal(written(t, m), nb(t, "a")) {
		t.Errorf("add/add of the same notebook: %d conflicts, wrote\n%s", m.Conflicts, written(t, m))
	}
}

// TestTiming: with NBDIFF_TIMING set, a diff of two files notes on
// standard error the end of each stage, in order, and the diff itself is
// the same; without it, nothing.
func TestTiming(t *testing.T) {
	// TuneGC sets the collector for the process: set it back after.
	gcPercent := debug.SetGCPercent(100)
	debug.SetGCPercent(gcPercent)
	defer debug.SetGCPercent(gcPercent)
	dir := t.TempDir()
	a, b := writeFile(t, dir, "a.ipynb", nb(t, "x = 1\n")), writeFile(t, dir, "b.ipynb", nb(t, "x = 2\n"))
	run := func() (string, string) {
		var out, errOut bytes.Buffer
		d := NewDiffer(&out, &errOut, DiffOptions{Strict: true, TuneGC: true})
		if err := DiffFiles(d, a, b); err != nil {
			t.Fatal(err)
		}
		if err := d.Close(); err != nil {
			t.Fatal(err)
		}
		return out.String(), errOut.String()
	}
	plain, noted := run()
	if noted != "" {
		t.Errorf("without NBDIFF_TIMING: stderr %q", noted)
	}
	t.Setenv("NBDIFF_TIMING", "1")
	out, notes := run()
	if out != plain || !strings.Contains(out, "x = 2") {
		t.Errorf("with NBDIFF_TIMING the diff is %q, without %q", out, plain)
	}
	var stages []string
	for _, line := range strings.Split(strings.TrimSpace(notes), "\n") {
		f := strings.Fields(line)
		if len(f) < 5 || f[0] != "nbdiff:" || f[1] != "timing:" || f[4] != "ms" {
			t.Fatalf("not a timing line: %q", line)
		}
		stages = append(stages, f[2])
	}
	if want := []string{"opened", "readied", "parsed", "aligned", "stripped", "diffed", "rendered"}; !slices.Equal(stages, want) {
		t.Errorf("stages %q, want %q", stages, want)
	}
}

// TestPrefetch: the Differ starts reading the settings (Prefetch) once,
// before it asks for them (Strip): before parsing, or, for versions of
// lateSettings bytes or more, once they are parsed. The order is read
// from the stage notes of NBDIFF_TIMING, written beside the calls.
func TestPrefetch(t *testing.T) {
	t.Setenv("NBDIFF_TIMING", "1")
	dir := t.TempDir()
	write := func(name string, data []byte) string { return writeFile(t, dir, name, data) }
	line := "x = 1  # a line of code of some length\n"
	big := strings.Repeat(line, lateSettings/2/len(line)+1)
	for _, tc := range []struct {
		name string
		a, b string
		want []string
	}{
		{"small", write("a.ipynb", nb(t, "x = 1\n")), write("b.ipynb", nb(t, "x = 2\n")), []string{"prefetch", "parsed", "aligned", "strip", "stripped"}},
		{"big", write("big-a.ipynb", nb(t, big)), write("big-b.ipynb", nb(t, big+"y = 2\n")), []string{"parsed", "prefetch", "aligned", "strip", "stripped"}},
	} {
		var log bytes.Buffer // stage notes and calls, in order
		d := NewDiffer(io.Discard, &log, DiffOptions{
			Prefetch: func() { log.WriteString("prefetch\n") },
			Strip: func() notebook.StripOptions {
				log.WriteString("strip\n")
				return notebook.StripOptions{}
			},
		})
		if err := DiffFiles(d, tc.a, tc.b); err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, l := range strings.Split(strings.TrimSpace(log.String()), "\n") {
			if f := strings.Fields(l); len(f) > 2 && f[1] == "timing:" {
				l = f[2]
			}
			if l != "diffed" && l != "rendered" {
				got = append(got, l)
			}
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}
