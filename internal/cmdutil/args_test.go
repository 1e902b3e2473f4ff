package cmdutil

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/urfave/cli/v2"
)

// TestReorderArgsMerge checks the reordering of nbmerge's arguments: flags
// after files, values of flags, "--", "-" and commands.
func TestReorderArgsMerge(t *testing.T) {
	flags := func() []cli.Flag {
		return []cli.Flag{
			&cli.StringFlag{Name: "outputs"},
			&cli.IntFlag{Name: "marker-size"},
			&cli.BoolFlag{Name: "diff3"},
		}
	}
	app := &cli.App{
		Flags: append(flags(), &cli.StringFlag{Name: "o", Aliases: []string{"output"}}),
		Commands: []*cli.Command{
			{Name: "driver", Flags: flags()},
			{Name: "fix", Flags: flags()},
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
		got, _, err := ReorderArgs(tc.in, app, ReorderOptions{})
		if err != nil {
			t.Errorf("ReorderArgs(%q): %v", tc.in, err)
		}
		if d := cmp.Diff(tc.want, got); d != "" {
			t.Errorf("ReorderArgs(%q) (-want +got):\n%s", tc.in, d)
		}
		if d := cmp.Diff(in, tc.in); d != "" {
			t.Errorf("ReorderArgs changed its argument: %s", d)
		}
	}
}

// TestReorderArgsDiff checks nbdiff's arguments: git's spellings, the
// paths after "--", and commands that parse no flags.
func TestReorderArgsDiff(t *testing.T) {
	app := &cli.App{
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "color"},
			&cli.IntFlag{Name: "unified", Aliases: []string{"U"}},
			&cli.BoolFlag{Name: "stat"},
			&cli.BoolFlag{Name: "json"},
		},
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
		{in: []string{"a", "b", "--stat"}, want: []string{"--stat", "--", "a", "b"}},
		{in: []string{"a", "-U", "5", "b"}, want: []string{"-U", "5", "--", "a", "b"}},
		{in: []string{"a", "-U5", "b"}, want: []string{"-U=5", "--", "a", "b"}},
		{in: []string{"a", "--unified=0", "b"}, want: []string{"--unified=0", "--", "a", "b"}},
		{in: []string{"a", "--color", "b"}, want: []string{"--color=always", "--", "a", "b"}},
		{in: []string{"a", "--color", "never", "b"}, want: []string{"--color=never", "--", "a", "b"}},
		{in: []string{"main...feature", "--stat", "--", "x", "--json"}, want: []string{"--stat", "--", "main...feature", "x", "--json"}, paths: []string{"x", "--json"}, dash: true},
		{in: []string{"--", "-odd.ipynb"}, want: []string{"--", "-odd.ipynb"}, paths: []string{"-odd.ipynb"}, dash: true},
		{in: []string{"-", "x"}, want: []string{"--", "-", "x"}},
		{in: []string{"strip", "a.ipynb", "--check", "--keep", "k", "b.ipynb"}, want: []string{"strip", "--check", "--keep", "k", "--", "a.ipynb", "b.ipynb"}},
		{in: []string{"--color=always", "driver", "-x.ipynb", "/tmp/o", "--stat"}, want: []string{"--color=always", "driver", "-x.ipynb", "/tmp/o", "--stat"}},
		// A command name later than first is a positional argument.
		{in: []string{"a", "strip", "--stat"}, want: []string{"--stat", "--", "a", "strip"}},
	}
	for _, tt := range tests {
		got, split, err := ReorderArgs(append([]string{"nbdiff"}, tt.in...), app, ReorderOptions{GitSpellings: true})
		if err != nil {
			t.Errorf("ReorderArgs(%q): %v", tt.in, err)
		}
		if diff := cmp.Diff(append([]string{"nbdiff"}, tt.want...), got); diff != "" {
			t.Errorf("ReorderArgs(%q) (-want +got):\n%s", tt.in, diff)
		}
		if diff := cmp.Diff(tt.paths, split.Paths); diff != "" || split.DashDash != tt.dash {
			t.Errorf("ReorderArgs(%q) paths %q dash %v, want %q %v", tt.in, split.Paths, split.DashDash, tt.paths, tt.dash)
		}
	}
	// A command whose flags come first (git's merge driver): from its
	// first positional argument on, nothing is a flag, so that a path
	// git passes that starts with "-" is a path.
	mergeApp := &cli.App{
		Flags:    []cli.Flag{&cli.StringFlag{Name: "o"}},
		Commands: []*cli.Command{{Name: "driver", Flags: []cli.Flag{&cli.BoolFlag{Name: "diff3"}}}, {Name: "fix", Flags: []cli.Flag{&cli.BoolFlag{Name: "diff3"}}}},
	}
	for _, tt := range []struct{ in, want []string }{
		{[]string{"driver", "--diff3", "o", "a", "b", "7", "-x.ipynb"}, []string{"driver", "--diff3", "--", "o", "a", "b", "7", "-x.ipynb"}},
		{[]string{"driver", "o", "a", "b", "7", "--diff3"}, []string{"driver", "--", "o", "a", "b", "7", "--diff3"}},
		{[]string{"fix", "a", "--diff3"}, []string{"fix", "--diff3", "--", "a"}},
	} {
		got, _, err := ReorderArgs(append([]string{"nbmerge"}, tt.in...), mergeApp, ReorderOptions{FlagsFirst: []string{"driver"}})
		if err != nil {
			t.Errorf("ReorderArgs(%q): %v", tt.in, err)
		}
		if diff := cmp.Diff(append([]string{"nbmerge"}, tt.want...), got); diff != "" {
			t.Errorf("ReorderArgs(%q), driver's flags first (-want +got):\n%s", tt.in, diff)
		}
	}
	// Without git's spellings, -U5 and --color are flags like others.
	got, _, _ := ReorderArgs([]string{"x", "a", "--color", "never"}, app, ReorderOptions{})
	if diff := cmp.Diff([]string{"x", "--color", "never", "--", "a"}, got); diff != "" {
		t.Errorf("without GitSpellings (-want +got):\n%s", diff)
	}
}

// TestReorderArgsMissingValue: a flag that takes a value but comes last,
// or right before "--", is a usage error, not a flag whose value is "--"
// (nbmerge a b c -o once wrote the merge to a file called "--").
func TestReorderArgsMissingValue(t *testing.T) {
	app := &cli.App{
		Name:  "nbmerge",
		Flags: []cli.Flag{&cli.StringFlag{Name: "o", Aliases: []string{"output"}}, &cli.BoolFlag{Name: "diff3"}},
		Commands: []*cli.Command{
			{Name: "fix", Flags: []cli.Flag{&cli.IntFlag{Name: "marker-size"}}},
		},
	}
	for _, in := range [][]string{
		{"nbmerge", "a", "b", "c", "-o"},
		{"nbmerge", "a", "b", "c", "--output"},
		{"nbmerge", "-o", "--", "a", "b", "c"},
		{"nbmerge", "fix", "x.ipynb", "--marker-size"},
	} {
		got, _, err := ReorderArgs(in, app, ReorderOptions{})
		var ee *ExitError
		if !errors.As(err, &ee) || ee.Code != 2 || !strings.Contains(err.Error(), "flag needs an argument") {
			t.Errorf("ReorderArgs(%q) = %q, %v; want a usage error", in, got, err)
		}
	}
	// A bool flag last is fine.
	if _, _, err := ReorderArgs([]string{"nbmerge", "a", "b", "c", "--diff3"}, app, ReorderOptions{}); err != nil {
		t.Errorf("bool flag last: %v", err)
	}
}
