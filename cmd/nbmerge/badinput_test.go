package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"github.com/nbtools/nbdiff/notebook/nbtest"
)

// v3heading returns an nbformat 3 notebook: a heading cell of the given
// level, then code cells.
func v3heading(level string, sources ...string) string {
	cells := []string{`{"cell_type": "heading", "level": ` + level + `, "metadata": {}, "source": ["Title"]}`}
	for _, s := range sources {
		cells = append(cells, fmt.Sprintf(`{"cell_type": "code", "collapsed": false, "input": %q, "language": "python", "metadata": {}, "outputs": []}`, s))
	}
	return `{"metadata": {"name": ""}, "nbformat": 3, "nbformat_minor": 0, "worksheets": [{"cells": [` + strings.Join(cells, ", ") + `], "metadata": {}}]}`
}

// TestBadInputDriver runs nbmerge (the driver, and stand-alone with -o) on
// inputs found by adversarial testing, in-process: each gives a clear
// message and the exit status it should, never a panic or a stack trace,
// in bounded memory, and leaves the user's files as they were when it
// fails.
func TestBadInputDriver(t *testing.T) {
	t.Setenv("HOME", t.TempDir())
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	base := nbtest.JSON("code:x~=~1| code:y~=~2| code:z~=~3|")
	ours := nbtest.JSON("code:x~=~10| code:y~=~2| code:z~=~3|")
	theirs := nbtest.JSON("code:x~=~1| code:y~=~2| code:z~=~30|")
	// ours declared as version 3 with the layout of 4: refused as a
	// notebook, so the driver merges the files as text and loses no cell.
	oursV3 := strings.Replace(ours, `"nbformat": 4`, `"nbformat": 3`, 1)
	noMinor := func(s string) string { return strings.Replace(s, ",\n \"nbformat_minor\": 4", "", 1) }
	for _, tc := range []struct {
		name               string
		base, ours, theirs string // file contents; "@/dev/zero" names a device
		args               []string
		code               int
		stderr             string // a regular expression stderr matches
		notStderr          string // one it does not
		untouched          bool   // ours keeps its bytes
		result             string // a regular expression the result matches
	}{
		{name: "nbformat 3 with the layout of 4",
			base: base, ours: oursV3, theirs: theirs, code: 0,
			stderr: `layout of version 4.*merged as plain text`, notStderr: `check the conflict markers`,
			result: `x = 10(.|\n)*z = 30`},
		{name: "huge heading level",
			base:   v3heading("2000000000", "x = 1", "y = 2"),
			ours:   v3heading("2000000000", "x = 10", "y = 2"),
			theirs: v3heading("2000000000", "x = 1", "y = 20"),
			code:   0, result: `"###### Title"(.|\n)*x = 10(.|\n)*y = 20`},
		{name: "base is /dev/zero",
			base: "@/dev/zero", ours: ours, theirs: theirs, code: 2,
			stderr: `/dev/zero: more than 256 MiB, the most read from a pipe, a device or standard input`, untouched: true},
		{name: "huge marker size from .gitattributes",
			base: base, ours: ours, theirs: theirs, args: []string{"2000000000", "nb.ipynb"}, code: 0,
			stderr: `marker size 2000000000 \(the conflict-marker-size attribute\) is more than 1024: markers of 1024 written`, result: `x = 10(.|\n)*z = 30`},
		{name: "missing nbformat_minor",
			base: noMinor(base), ours: noMinor(ours), theirs: noMinor(theirs), code: 0,
			notStderr: `.`, result: `x = 10(.|\n)*z = 30`},
		{name: "text fallback, clean",
			base: "a\nb\nc\nd\n", ours: "A\nb\nc\nd\n", theirs: "a\nb\nc\nD\n", code: 0,
			stderr: `merged as plain text`, notStderr: `check the conflict markers`, result: `^A\nb\nc\nD\n$`},
		{name: "text fallback, conflicting",
			base: "a\nb\n", ours: "A\nb\n", theirs: "Z\nb\n", code: 1,
			stderr: `merged as plain text, check the conflict markers`, result: `<<<<<<< ours\nA\n=======\nZ\n>>>>>>> theirs\nb\n`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			var paths [3]string
			for i, content := range []string{tc.base, tc.ours, tc.theirs} {
				if dev, ok := strings.CutPrefix(content, "@"); ok {
					paths[i] = dev
					continue
				}
				paths[i] = filepath.Join(dir, []string{"base", "ours", "theirs"}[i])
				if err := os.WriteFile(paths[i], []byte(content), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			args := append([]string{"nbmerge", "driver", paths[0], paths[1], paths[2]}, tc.args...)
			code, stderr, grown := runMeasured(args)
			checkRun(t, code, stderr, grown, tc.code, tc.stderr, tc.notStderr)
			got, err := os.ReadFile(paths[1])
			if err != nil {
				t.Fatal(err)
			}
			if tc.untouched && string(got) != tc.ours {
				t.Errorf("ours changed:\n%s", got)
			}
			if tc.result != "" && !regexp.MustCompile(tc.result).Match(got) {
				t.Errorf("result does not match %q:\n%s", tc.result, got)
			}
		})
	}
}

// runMeasured runs nbmerge in-process and returns its exit status, its
// standard error, and how much memory the process took from the system
// meanwhile.
func runMeasured(args []string) (code int, stderr string, grown uint64) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	var out, errb bytes.Buffer
	code = run(args, strings.NewReader(""), &out, &errb)
	runtime.ReadMemStats(&after)
	return code, errb.String(), after.Sys - min(before.Sys, after.Sys)
}

// maxGrowth bounds the memory one run may take: well above what reading
// an input up to its cap costs, far below what an unbounded one would.
const maxGrowth = 2 << 30

func checkRun(t *testing.T, code int, stderr string, grown uint64, wantCode int, wantStderr, notStderr string) {
	t.Helper()
	if code != wantCode {
		t.Errorf("exit status %d, want %d; stderr:\n%s", code, wantCode, stderr)
	}
	if wantStderr != "" && !regexp.MustCompile(wantStderr).MatchString(stderr) {
		t.Errorf("stderr does not match %q:\n%s", wantStderr, stderr)
	}
	if notStderr != "" && regexp.MustCompile(notStderr).MatchString(stderr) {
		t.Errorf("stderr matches %q:\n%s", notStderr, stderr)
	}
	if strings.Contains(stderr, "panic") || strings.Contains(stderr, "goroutine ") {
		t.Errorf("a panic or a stack trace:\n%s", stderr)
	}
	if grown > maxGrowth {
		t.Errorf("took %d MiB from the system", grown>>20)
	}
}
