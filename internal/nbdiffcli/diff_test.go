package nbdiffcli

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// diffTestNotebook returns a small notebook with one markdown cell and one
// code cell whose source is src and whose execution count is count.
func diffTestNotebook(src string, count int) string {
	return fmt.Sprintf(`{
 "cells": [
  {"cell_type": "markdown", "id": "md", "metadata": {}, "source": ["# Test"]},
  {"cell_type": "code", "execution_count": %d, "id": "code", "metadata": {},
   "outputs": [{"data": {"image/png": "iVBORw0KGgoAAAA%dAAAA"}, "metadata": {}, "output_type": "display_data"}],
   "source": [%q]}
 ],
 "metadata": {},
 "nbformat": 4,
 "nbformat_minor": 5
}
`, count, count, src)
}

// writeFiles writes name -> content into a new temporary directory and
// returns it.
func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func runNbdiff(args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = run(append([]string{"nbdiff"}, args...), strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

// TestExitCodes checks DESIGN.md's exit codes: 0; 1 with --exit-code and
// differences; 2 for usage errors and unreadable input; the driver always
// 0; textconv 0 on input that is not a notebook.
func TestExitCodes(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"a.ipynb":     diffTestNotebook("x = 1", 1),
		"a2.ipynb":    diffTestNotebook("x = 1", 7),                                                                     // a, run again: new outputs
		"a3.ipynb":    strings.Replace(diffTestNotebook("x = 1", 1), `"execution_count": 1`, `"execution_count": 5`, 1), // a new count alone
		"b.ipynb":     diffTestNotebook("x = 2", 1),
		"bad.ipynb":   `{"cells": [`,
		"empty.ipynb": "",
	})
	p := func(name string) string { return filepath.Join(dir, name) }
	tests := []struct {
		args []string
		code int
	}{
		{[]string{p("a.ipynb"), p("b.ipynb")}, 0},
		{[]string{p("a.ipynb"), p("b.ipynb"), "--exit-code"}, 1},
		{[]string{"--exit-code", p("a.ipynb"), p("a3.ipynb")}, 0},
		{[]string{"--exit-code", p("a.ipynb"), p("a2.ipynb")}, 1},
		{[]string{"--exit-code", p("a.ipynb"), p("a2.ipynb"), "--outputs"}, 1},
		{[]string{"--exit-code", p("empty.ipynb"), p("a.ipynb")}, 1},
		{[]string{"--exit-code", p("empty.ipynb"), os.DevNull}, 0},
		{[]string{p("a.ipynb"), p("missing.ipynb")}, 2},
		{[]string{p("bad.ipynb"), p("a.ipynb")}, 2},
		{[]string{"--stat", "--json", p("a.ipynb"), p("b.ipynb")}, 2},
		{[]string{"-U", "-1", p("a.ipynb"), p("b.ipynb")}, 2},
		{[]string{"--color=sometimes", p("a.ipynb"), p("b.ipynb")}, 2},
		{[]string{"--no-such-flag", p("a.ipynb"), p("b.ipynb")}, 2},
		{[]string{"--cached", p("a.ipynb"), p("b.ipynb")}, 2},
		{[]string{"driver", "a.ipynb", p("bad.ipynb"), "1234", "100644", p("b.ipynb"), "5678", "100644"}, 0},
		{[]string{"driver", "a.ipynb", p("missing"), "1234", "100644", p("b.ipynb"), "5678", "100644"}, 0},
		{[]string{"driver", "a.ipynb", "too", "few"}, 0},
		{[]string{"driver", "a.ipynb"}, 0},
		{[]string{"textconv", p("bad.ipynb")}, 0},
		{[]string{"textconv", p("a.ipynb"), p("b.ipynb")}, 2},
	}
	for _, tt := range tests {
		code, _, stderr := runNbdiff(tt.args...)
		if code != tt.code {
			t.Errorf("nbdiff %q: exit %d, want %d (stderr %q)", tt.args, code, tt.code, stderr)
		}
	}
}

// TestExitCodeMatchesOutput checks, over pairs of notebooks, that
// --exit-code gives 1 exactly when the diff prints something, and that a
// diff is empty exactly when the reverse diff is.
func TestExitCodeMatchesOutput(t *testing.T) {
	files := map[string]string{
		"a.ipynb": diffTestNotebook("x = 1", 1),
		"b.ipynb": diffTestNotebook("x = 1", 2),
		"c.ipynb": diffTestNotebook("x = 1\ny = 2", 1),
		"d.ipynb": diffTestNotebook("", 1),
		"e.ipynb": "",
	}
	dir := writeFiles(t, files)
	for x := range files {
		for y := range files {
			for _, flags := range [][]string{nil, {"--outputs"}, {"--stat"}} {
				px, py := filepath.Join(dir, x), filepath.Join(dir, y)
				_, out, _ := runNbdiff(append(flags, px, py)...)
				code, _, _ := runNbdiff(append(flags, "--exit-code", px, py)...)
				_, rev, _ := runNbdiff(append(flags, py, px)...)
				if (out != "") != (code == 1) {
					t.Errorf("nbdiff %v %s %s: output %q but --exit-code gives %d", flags, x, y, out, code)
				}
				if (out == "") != (rev == "") {
					t.Errorf("nbdiff %v: %s %s prints %q, reversed %q", flags, x, y, out, rev)
				}
				if x == y && out != "" {
					t.Errorf("nbdiff %v %s %s: a notebook differs from itself: %q", flags, x, y, out)
				}
			}
		}
	}
}

// epipeWriter fails every write the way a closed pipe does.
type epipeWriter struct{ n int }

func (w *epipeWriter) Write(p []byte) (int, error) {
	w.n++
	return 0, &os.PathError{Op: "write", Path: "/dev/stdout", Err: syscall.EPIPE}
}

// TestClosedPipe checks that a reader that went away (nbdiff ... | head)
// ends nbdiff quietly with status 0.
func TestClosedPipe(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"a.ipynb": diffTestNotebook("x = 1", 1),
		"b.ipynb": diffTestNotebook(strings.Repeat("line\n", 50000), 1),
	})
	for _, args := range [][]string{
		{filepath.Join(dir, "a.ipynb"), filepath.Join(dir, "b.ipynb")},
		{"textconv", filepath.Join(dir, "b.ipynb")},
	} {
		w := &epipeWriter{}
		var stderr bytes.Buffer
		code := run(append([]string{"nbdiff"}, args...), strings.NewReader(""), w, &stderr)
		if code != 0 || stderr.Len() != 0 || w.n == 0 {
			t.Errorf("nbdiff %q into a closed pipe: exit %d, stderr %q, %d writes; want 0, nothing, some", args, code, stderr.String(), w.n)
		}
	}
}

// TestDriverProtocol runs the driver with git's argument lists: 7
// arguments, 9 for a rename, absent sides as /dev/null with "." hex and
// mode, and input that is not a notebook shown as text with a note.
func TestDriverProtocol(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"old":  diffTestNotebook("x = 1", 1),
		"new":  diffTestNotebook("x = 2", 9),
		"junk": "not json\n",
	})
	p := func(name string) string { return filepath.Join(dir, name) }
	tests := []struct {
		args []string
		want []string // lines the output must hold
	}{
		{[]string{"nb.ipynb", p("old"), "aaaa", "100644", p("new"), "bbbb", "100644"},
			[]string{"diff --git a/nb.ipynb b/nb.ipynb", "-x = 1", "+x = 2"}},
		{[]string{"old.ipynb", p("old"), "aaaa", "100644", p("new"), "bbbb", "100644", "new.ipynb", "similarity index 90%\nrename from old.ipynb\nrename to new.ipynb\n"},
			[]string{"diff --git a/old.ipynb b/new.ipynb", "-x = 1", "+x = 2"}},
		{[]string{"nb.ipynb", os.DevNull, ".", ".", p("new"), "bbbb", "100644"},
			[]string{"diff --git a/nb.ipynb b/nb.ipynb", "--- /dev/null", "+x = 2"}},
		{[]string{"nb.ipynb", p("old"), "aaaa", "100644", os.DevNull, ".", "."},
			[]string{"+++ /dev/null", "-x = 1"}},
		{[]string{"nb.ipynb", p("old"), "aaaa", "100644", p("junk"), "bbbb", "100644"},
			[]string{"diff --git a/nb.ipynb b/nb.ipynb", "+not json"}},
	}
	for _, tt := range tests {
		code, out, stderr := runNbdiff(append([]string{"driver"}, tt.args...)...)
		if code != 0 {
			t.Errorf("driver %q: exit %d (stderr %q)", tt.args, code, stderr)
		}
		lines := strings.Split(out, "\n")
		for _, w := range tt.want {
			found := false
			for _, l := range lines {
				found = found || l == w
			}
			if !found && !strings.Contains(out, w) {
				t.Errorf("driver %q: output lacks %q:\n%s", tt.args, w, out)
			}
		}
		if strings.Contains(out, "iVBOR") || strings.Contains(out, "execution_count") {
			t.Errorf("driver %q: output shows outputs or counts:\n%s", tt.args, out)
		}
	}
}

// TestDriverClosedPipe checks that the driver writing into a pager that
// quit says nothing and exits 0.
func TestDriverClosedPipe(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"old": diffTestNotebook("x = 1", 1),
		"new": diffTestNotebook("x = 2", 1),
	})
	var stderr bytes.Buffer
	args := []string{"nbdiff", "driver", "nb.ipynb", filepath.Join(dir, "old"), "aaaa", "100644", filepath.Join(dir, "new"), "bbbb", "100644"}
	if code := run(args, strings.NewReader(""), &epipeWriter{}, &stderr); code != 0 || stderr.Len() != 0 {
		t.Errorf("driver into a closed pipe: exit %d, stderr %q; want 0 and nothing", code, stderr.String())
	}
}
