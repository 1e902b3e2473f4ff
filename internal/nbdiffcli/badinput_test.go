package nbdiffcli

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"github.com/nbtools/nbdiff/notebook/nbtest"
)

// TestBadInputDriver runs nbdiff driver (git's external diff protocol)
// in-process on inputs found by adversarial testing: each gives a clear
// message and exit status 0 (git aborts the whole diff otherwise), never a
// panic or a stack trace, in bounded memory, and leaves the files as they
// were.
func TestBadInputDriver(t *testing.T) {
	old := nbtest.JSON("code:x~=~1| code:y~=~2|")
	v3Heading := func(level, src string) string {
		return `{"metadata": {}, "nbformat": 3, "nbformat_minor": 0, "worksheets": [{"cells": [{"cell_type": "heading", "level": ` + level +
			`, "metadata": {}, "source": ["Title"]}, {"cell_type": "code", "input": "` + src + `", "language": "python", "metadata": {}, "outputs": []}]}]}`
	}
	for _, tc := range []struct {
		name     string
		old, new string // file contents; "@/dev/zero" names a device
		stdout   string // regular expressions the output matches
		stderr   string
		notOut   string // and one it does not
	}{
		{name: "nbformat 3 with the layout of 4",
			old: old, new: strings.Replace(nbtest.JSON("code:x~=~10| code:y~=~2|"), `"nbformat": 4`, `"nbformat": 3`, 1),
			stdout: `layout of version 4(.|\n)*shown as text(.|\n)*x = 10`, notOut: `removed`},
		{name: "huge heading level",
			old: v3Heading("2000000000", "x = 1"), new: v3Heading("3", "x = 2"),
			stdout: `-###### Title\n\+### Title(.|\n)*\+x = 2`},
		{name: "new side is /dev/zero",
			old: old, new: "@/dev/zero",
			stderr: `/dev/zero: more than 256 MiB, the most read from a pipe, a device or standard input`},
		{name: "missing nbformat_minor",
			old: old, new: strings.Replace(nbtest.JSON("code:x~=~10| code:y~=~2|"), ",\n \"nbformat_minor\": 4", "", 1),
			stdout: `-x = 1\n\+x = 10`, notOut: `not a notebook`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			var paths [2]string
			for i, content := range []string{tc.old, tc.new} {
				if dev, ok := strings.CutPrefix(content, "@"); ok {
					paths[i] = dev
					continue
				}
				paths[i] = filepath.Join(dir, []string{"old", "new"}[i])
				if err := os.WriteFile(paths[i], []byte(content), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			args := []string{"nbdiff", "driver", "nb.ipynb", paths[0], "1111111", "100644", paths[1], "2222222", "100644"}
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			var stdout, stderr bytes.Buffer
			code := run(args, strings.NewReader(""), &stdout, &stderr)
			runtime.ReadMemStats(&after)
			if code != 0 {
				t.Errorf("exit status %d, want 0", code)
			}
			for _, c := range []struct{ re, text, what string }{{tc.stdout, stdout.String(), "output"}, {tc.stderr, stderr.String(), "stderr"}} {
				if c.re != "" && !regexp.MustCompile(c.re).MatchString(c.text) {
					t.Errorf("%s does not match %q:\n%s", c.what, c.re, c.text)
				}
			}
			if tc.notOut != "" && regexp.MustCompile(tc.notOut).MatchString(stdout.String()) {
				t.Errorf("output matches %q:\n%s", tc.notOut, stdout.String())
			}
			if s := stdout.String() + stderr.String(); strings.Contains(s, "panic") || strings.Contains(s, "goroutine ") {
				t.Errorf("a panic or a stack trace:\n%s", s)
			}
			if grown := after.Sys - min(before.Sys, after.Sys); grown > 2<<30 {
				t.Errorf("took %d MiB from the system", grown>>20)
			}
			for i, content := range []string{tc.old, tc.new} {
				if strings.HasPrefix(content, "@") {
					continue
				}
				if b, err := os.ReadFile(paths[i]); err != nil || string(b) != content {
					t.Errorf("%s changed", paths[i])
				}
			}
		})
	}
}
