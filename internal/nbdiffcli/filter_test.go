package nbdiffcli

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nbtools/nbdiff/internal/pipeline"
	"github.com/nbtools/nbdiff/notebook"
)

var noOptions notebook.StripOptions

// frame builds a pkt-line stream by hand: strings are packets, "" is a
// flush packet.
func frame(pkts ...string) string {
	var b strings.Builder
	for _, p := range pkts {
		if p == "" {
			b.WriteString("0000")
			continue
		}
		fmt.Fprintf(&b, "%04x%s", len(p)+4, p)
	}
	return b.String()
}

// TestFilterProcess drives "nbdiff filter --process" the way git does, with
// a notebook with outputs, a file that is not a notebook and an empty file.
func TestFilterProcess(t *testing.T) {
	t.Chdir(t.TempDir()) // outside any repository: default settings
	t.Setenv("HOME", t.TempDir())
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	nb := testNotebooks["outputs"]
	stripped, _, err := pipeline.Strip([]byte(nb), noOptions)
	if err != nil {
		t.Fatal(err)
	}
	in := frame("git-filter-client\n", "version=2\n", "",
		"capability=clean\n", "capability=smudge\n", "capability=delay\n", "",
		"command=clean\n", "pathname=a.ipynb\n", "", nb, "",
		"command=clean\n", "pathname=b.ipynb\n", "", "not json", "",
		"command=clean\n", "pathname=c.ipynb\n", "", "")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"nbdiff", "filter", "--process"}, strings.NewReader(in), &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	want := frame("git-filter-server\n", "version=2\n", "", "capability=clean\n", "",
		"status=success\n", "", string(stripped), "", "",
		"status=success\n", "", "not json", "", "",
		"status=success\n", "", "", "")
	if got := stdout.String(); got != want {
		t.Errorf("answers:\n got %q\nwant %q", got, want)
	}
	if got := stderr.String(); strings.Count(got, "\n") != 2 || !strings.Contains(got, "b.ipynb: stored unchanged") || !strings.Contains(got, "c.ipynb: stored unchanged") {
		t.Errorf("stderr %q, want one note for b.ipynb and one for c.ipynb", got)
	}
	// Independently of stripBytes: the first cell's output is gone, the
	// keep_output cell's output is still there.
	if bytes.Contains(stdout.Bytes(), []byte(`"hi\n"`)) || !bytes.Contains(stdout.Bytes(), []byte(`"execute_result"`)) {
		t.Error("the notebook was not stripped as expected")
	}
}

func TestFilterOneShot(t *testing.T) {
	t.Chdir(t.TempDir())
	t.Setenv("HOME", t.TempDir())
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	nb := testNotebooks["outputs"]
	want, _, _ := pipeline.Strip([]byte(nb), noOptions)
	var stdout, stderr bytes.Buffer
	if code := run([]string{"nbdiff", "filter"}, strings.NewReader(nb), &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if !bytes.Equal(stdout.Bytes(), want) || stderr.Len() != 0 {
		t.Errorf("got %q (stderr %q)", stdout.String(), stderr.String())
	}
	os.WriteFile(filepath.Join(".", "x"), nil, 0o644)
	stdout.Reset()
	if code := run([]string{"nbdiff", "filter", "x"}, strings.NewReader(nb), &stdout, &stderr); code != 2 {
		t.Errorf("an argument: exit %d, want 2", code)
	}
}
