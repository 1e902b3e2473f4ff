package gitcmd

import "testing"

func TestParseColor(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"bold red", "\x1b[1;31m"},
		{"red bold", "\x1b[1;31m"},
		{"#ff0000", "\x1b[38;2;255;0;0m"},
		{"#f00", "\x1b[38;2;255;0;0m"},
		{"reverse", "\x1b[7m"},
		{"blue black ul", "\x1b[4;34;40m"},
		{"214", "\x1b[38;5;214m"},
		{"green 52", "\x1b[32;48;5;52m"},
		{"brightgreen", "\x1b[92m"},
		{"normal red", "\x1b[41m"},
		{"default", "\x1b[39m"},
		{"no-bold", "\x1b[22m"},
		{"nobold italic", "\x1b[22;3m"},
		{"reset red", "\x1b[;31m"},
		{"normal", "\x1b[m"},
		{"", "\x1b[m"},
		{"BOLD Red", "\x1b[1;31m"},
		{"yellow #00ff00 strike", "\x1b[9;33;48;2;0;255;0m"},
	} {
		got, err := ParseColor(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("ParseColor(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
	for _, bad := range []string{"reddish", "red green blue", "#ff00", "256", "#gg0000", "bold-ish"} {
		if got, err := ParseColor(bad); err == nil {
			t.Errorf("ParseColor(%q) = %q, want an error", bad, got)
		}
	}
}
