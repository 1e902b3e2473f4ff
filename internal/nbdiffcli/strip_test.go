package nbdiffcli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nbtools/nbdiff/internal/pipeline"
	"github.com/nbtools/nbdiff/notebook"
)

// testNotebooks are small notebooks written for these tests.
var testNotebooks = map[string]string{
	"outputs": `{
 "cells": [
  {
   "cell_type": "code",
   "execution_count": 2,
   "metadata": {"scrolled": true, "tags": ["x"]},
   "outputs": [{"name": "stdout", "output_type": "stream", "text": ["hi\n"]}],
   "source": ["print('hi')"]
  },
  {
   "cell_type": "code",
   "execution_count": 3,
   "metadata": {"keep_output": true},
   "outputs": [{"data": {"text/plain": ["3"]}, "execution_count": 3, "metadata": {}, "output_type": "execute_result"}],
   "source": ["1 + 2"]
  }
 ],
 "metadata": {},
 "nbformat": 4,
 "nbformat_minor": 4
}
`,
	"clean": "{\n \"cells\": [],\n \"metadata\": {},\n \"nbformat\": 4,\n \"nbformat_minor\": 5\n}\n",
	// Not the layout nbformat writes: stripping it must not reformat it.
	"compact-clean": `{"cells":[{"cell_type":"markdown","metadata":{},"source":"# t"}],"metadata":{},"nbformat":4,"nbformat_minor":4}`,
}

func TestStripBytesProperties(t *testing.T) {
	for name, src := range testNotebooks {
		data := []byte(src)
		out, changed, err := pipeline.Strip(data, notebook.StripOptions{})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if changed == bytes.Equal(out, data) {
			t.Errorf("%s: changed = %v but the bytes are equal = %v", name, changed, bytes.Equal(out, data))
		}
		// Idempotent: a stripped notebook has nothing left to strip.
		again, changed2, err := pipeline.Strip(out, notebook.StripOptions{})
		if err != nil || changed2 || !bytes.Equal(again, out) {
			t.Errorf("%s: second strip changed=%v err=%v", name, changed2, err)
		}
		// The result parses and keeps every cell's source.
		a, _ := notebook.Parse(data)
		b, err := notebook.Parse(out)
		if err != nil {
			t.Fatalf("%s: stripped output does not parse: %v", name, err)
		}
		if len(a.Cells) != len(b.Cells) {
			t.Fatalf("%s: %d cells became %d", name, len(a.Cells), len(b.Cells))
		}
		for i := range a.Cells {
			if a.Cells[i].Source != b.Cells[i].Source {
				t.Errorf("%s: cell %d source changed", name, i)
			}
		}
	}
}

func TestStripKeepOutputCell(t *testing.T) {
	out, changed, err := pipeline.Strip([]byte(testNotebooks["outputs"]), notebook.StripOptions{})
	if err != nil || !changed {
		t.Fatalf("changed=%v err=%v", changed, err)
	}
	nb, _ := notebook.Parse(out)
	first, second := nb.Cells[0], nb.Cells[1]
	if len(first.Outputs.Items) != 0 || first.ExecutionCount.Kind != notebook.Null {
		t.Errorf("first cell kept outputs or count: %s", out)
	}
	if first.Metadata.Get("scrolled") != nil || first.Metadata.Get("tags") == nil {
		t.Errorf("first cell metadata: want scrolled gone and tags kept: %s", out)
	}
	if len(second.Outputs.Items) != 1 || second.ExecutionCount.Kind == notebook.Null {
		t.Errorf("the keep_output cell lost its outputs or count: %s", out)
	}
}

func TestStripCompactCleanUntouched(t *testing.T) {
	data := []byte(testNotebooks["compact-clean"])
	out, changed, err := pipeline.Strip(data, notebook.StripOptions{})
	if err != nil || changed || &out[0] != &data[0] {
		t.Errorf("a notebook with nothing to strip was rewritten: changed=%v err=%v", changed, err)
	}
}

func TestCleanFileNeverLosesInput(t *testing.T) {
	for _, in := range []string{"", "not json", "{\"cells\": 3}", "[1, 2]", "\xff\xfe binary"} {
		var stderr strings.Builder
		out := cleanFile("x.ipynb", []byte(in), notebook.StripOptions{}, &stderr)
		if string(out) != in {
			t.Errorf("%q came out as %q", in, out)
		}
		if n := strings.Count(stderr.String(), "\n"); n != 1 || !strings.HasPrefix(stderr.String(), "nbdiff filter: x.ipynb: stored unchanged") {
			t.Errorf("%q: note %q, want one line", in, stderr.String())
		}
	}
}

func TestStripOneInPlace(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "a.ipynb")
	os.WriteFile(path, []byte(testNotebooks["outputs"]), 0o600)
	var stdout bytes.Buffer
	changed, err := stripOne(path, notebook.StripOptions{}, true, nil, &stdout)
	if err != nil || !changed {
		t.Fatalf("check: changed=%v err=%v", changed, err)
	}
	if got, _ := os.ReadFile(path); string(got) != testNotebooks["outputs"] {
		t.Error("--check wrote the file")
	}
	if _, err := stripOne(path, notebook.StripOptions{}, false, nil, &stdout); err != nil {
		t.Fatal(err)
	}
	fi, _ := os.Stat(path)
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("permissions %v, want 0600 kept", fi.Mode().Perm())
	}
	if stdout.Len() != 0 {
		t.Errorf("in-place strip wrote %q to stdout", stdout.String())
	}
	got, _ := os.ReadFile(path)
	want, _, _ := pipeline.Strip([]byte(testNotebooks["outputs"]), notebook.StripOptions{})
	if !bytes.Equal(got, want) {
		t.Errorf("file holds %s, want %s", got, want)
	}
}

// TestStripUnchangedKeepsModTime: a notebook with nothing to strip is not
// written at all, so it keeps its bytes and its modification time (build
// tools and editors watching it see no change).
func TestStripUnchangedKeepsModTime(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir) // outside any repository: default settings
	t.Setenv("HOME", t.TempDir())
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	path := filepath.Join(dir, "clean.ipynb")
	if err := os.WriteFile(path, []byte(testNotebooks["compact-clean"]), 0o644); err != nil {
		t.Fatal(err)
	}
	old := time.Date(2001, 2, 3, 4, 5, 6, 0, time.UTC)
	if err := os.Chtimes(path, old, old); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	if code := run([]string{"nbdiff", "strip", path}, nil, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if !fi.ModTime().Equal(old) {
		t.Errorf("modification time %v, want %v kept", fi.ModTime(), old)
	}
	if got, _ := os.ReadFile(path); string(got) != testNotebooks["compact-clean"] {
		t.Errorf("bytes changed to %q", got)
	}
	if stdout.Len()+stderr.Len() != 0 {
		t.Errorf("output %q %q, want none", stdout.String(), stderr.String())
	}
}
