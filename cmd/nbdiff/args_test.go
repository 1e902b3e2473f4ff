package main

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/urfave/cli/v2"
)

// TestReorderArgs checks that flags after positional arguments reach
// urfave/cli, that "--" and the values of flags are respected, and that
// command arguments are left to the command.
func TestReorderArgs(t *testing.T) {
	app := &cli.App{
		Flags: displayFlags(),
		Commands: []*cli.Command{
			{Name: "strip", Flags: []cli.Flag{&cli.BoolFlag{Name: "check"}, &cli.StringFlag{Name: "keep"}}},
			{Name: "driver", SkipFlagParsing: true},
		},
	}
	tests := []struct {
		in, want []string
		paths    []string
		dash     bool
	}{
		{in: []string{"a", "b", "--stat"}, want: []string{"--stat", "a", "b"}},
		{in: []string{"a", "-U", "5", "b"}, want: []string{"-U", "5", "a", "b"}},
		{in: []string{"a", "-U5", "b"}, want: []string{"-U=5", "a", "b"}},
		{in: []string{"a", "--unified=0", "b"}, want: []string{"--unified=0", "a", "b"}},
		{in: []string{"a", "--color", "b"}, want: []string{"--color=always", "a", "b"}},
		{in: []string{"a", "--color", "never", "b"}, want: []string{"--color=never", "a", "b"}},
		{in: []string{"main...feature", "--stat", "--", "x", "--json"}, want: []string{"--stat", "--", "main...feature", "x", "--json"}, paths: []string{"x", "--json"}, dash: true},
		{in: []string{"--", "-odd.ipynb"}, want: []string{"--", "-odd.ipynb"}, paths: []string{"-odd.ipynb"}, dash: true},
		{in: []string{"-", "x"}, want: []string{"-", "x"}},
		{in: []string{"strip", "a.ipynb", "--check", "--keep", "k", "b.ipynb"}, want: []string{"strip", "--check", "--keep", "k", "a.ipynb", "b.ipynb"}},
		{in: []string{"--color=always", "driver", "-x.ipynb", "/tmp/o", "--stat"}, want: []string{"--color=always", "driver", "-x.ipynb", "/tmp/o", "--stat"}},
		// A subcommand name later than first is a positional argument.
		{in: []string{"a", "strip", "--stat"}, want: []string{"--stat", "a", "strip"}},
	}
	for _, tt := range tests {
		got, split := reorderArgs(append([]string{"nbdiff"}, tt.in...), app)
		if diff := cmp.Diff(append([]string{"nbdiff"}, tt.want...), got); diff != "" {
			t.Errorf("reorderArgs(%q) (-want +got):\n%s", tt.in, diff)
		}
		if diff := cmp.Diff(tt.paths, split.Paths); diff != "" || split.DashDash != tt.dash {
			t.Errorf("reorderArgs(%q) paths %q dash %v, want %q %v", tt.in, split.Paths, split.DashDash, tt.paths, tt.dash)
		}
	}
}
