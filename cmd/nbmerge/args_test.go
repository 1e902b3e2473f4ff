package main

import (
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/urfave/cli/v2"
)

func TestReorderArgs(t *testing.T) {
	app := &cli.App{
		Flags: append(mergeFlags(), &cli.StringFlag{Name: "o", Aliases: []string{"output"}}),
		Commands: []*cli.Command{
			{Name: "driver", Flags: mergeFlags()},
			{Name: "fix", Flags: mergeFlags()},
		},
	}
	for _, tc := range []struct{ in, want []string }{
		{[]string{"nbmerge"}, []string{"nbmerge"}},
		{[]string{"nbmerge", "a", "b", "c"}, []string{"nbmerge", "--", "a", "b", "c"}},
		{[]string{"nbmerge", "a", "b", "c", "-o", "out"}, []string{"nbmerge", "-o", "out", "--", "a", "b", "c"}},
		{[]string{"nbmerge", "a", "--output=out", "b", "--diff3", "c"}, []string{"nbmerge", "--output=out", "--diff3", "--", "a", "b", "c"}},
		{[]string{"nbmerge", "--marker-size", "9", "a", "b", "--outputs", "strip", "c"}, []string{"nbmerge", "--marker-size", "9", "--outputs", "strip", "--", "a", "b", "c"}},
		// After "--" everything is positional, even what looks like a flag.
		{[]string{"nbmerge", "-o", "x", "--", "-a", "b", "--diff3"}, []string{"nbmerge", "-o", "x", "--", "-a", "b", "--diff3"}},
		{[]string{"nbmerge", "a", "--", "-b", "c"}, []string{"nbmerge", "--", "a", "-b", "c"}},
		// "-" alone is a positional argument.
		{[]string{"nbmerge", "a", "-", "c", "-o", "-"}, []string{"nbmerge", "-o", "-", "--", "a", "-", "c"}},
		// Commands keep their place; their flags move after them.
		{[]string{"nbmerge", "driver", "%O", "%A", "%B", "--diff3", "7"}, []string{"nbmerge", "driver", "--diff3", "--", "%O", "%A", "%B", "7"}},
		{[]string{"nbmerge", "fix", "x.ipynb", "--outputs=strip"}, []string{"nbmerge", "fix", "--outputs=strip", "--", "x.ipynb"}},
		// A value flag before the command: its value is not the command.
		{[]string{"nbmerge", "-o", "fix", "a", "b", "c"}, []string{"nbmerge", "-o", "fix", "--", "a", "b", "c"}},
		{[]string{"nbmerge", "--help"}, []string{"nbmerge", "--help"}},
		{[]string{"nbmerge", "fix", "--help"}, []string{"nbmerge", "fix", "--help"}},
	} {
		in := append([]string(nil), tc.in...)
		got := reorderArgs(tc.in, app)
		if d := cmp.Diff(tc.want, got); d != "" {
			t.Errorf("reorderArgs(%q) (-want +got):\n%s", tc.in, d)
		}
		if d := cmp.Diff(in, tc.in); d != "" {
			t.Errorf("reorderArgs changed its argument: %s", d)
		}
	}
}

// TestRunFlagsAfterFiles checks that the reordered arguments reach the
// action: the usage error for the flag's value proves the flag was parsed.
func TestRunFlagsAfterFiles(t *testing.T) {
	var stderr bytes.Buffer
	code := run([]string{"nbmerge", "a", "b", "c", "--outputs=bogus"}, nil, io.Discard, &stderr)
	if code != 2 || !strings.Contains(stderr.String(), "--outputs=bogus: want keep or strip") {
		t.Errorf("exit code %d, stderr %q; want 2 and the --outputs error", code, stderr.String())
	}
}
