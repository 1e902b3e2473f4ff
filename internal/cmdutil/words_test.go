package cmdutil

import "testing"

func TestPlural(t *testing.T) {
	for _, tc := range []struct {
		n    int
		want string
	}{{0, "0 cells"}, {1, "1 cell"}, {2, "2 cells"}} {
		if got := Plural(tc.n, "cell", "cells"); got != tc.want {
			t.Errorf("Plural(%d) = %q, want %q", tc.n, got, tc.want)
		}
	}
	for _, tc := range []struct {
		k, n int
		want string
	}{{1, 1, "1 of 1 notebook holds"}, {1, 3, "1 of 3 notebooks holds"}, {2, 3, "2 of 3 notebooks hold"}} {
		if got := OfTotal(tc.k, tc.n, "notebook", "notebooks", "holds", "hold"); got != tc.want {
			t.Errorf("OfTotal(%d, %d) = %q, want %q", tc.k, tc.n, got, tc.want)
		}
	}
}

func TestSuggest(t *testing.T) {
	cmds := []string{"strip", "filter", "install", "uninstall", "driver", "textconv"}
	for _, tc := range []struct{ in, want string }{
		{"instal", "install"},
		{"isntall", "install"},
		{"Install", "install"},
		{"strp", "strip"},
		{"textcon", "textconv"},
		{"txtconv", "textconv"},
		{"uninstal", "uninstall"},
		{"drivr", "driver"},
		{"inst", "install"},
		{"main", ""},
		{"HEAD", ""},
		{"ab", ""},
		{"main..feature", ""},
		{"x.ipynb", ""},
		{"", ""},
	} {
		if got := Suggest(tc.in, cmds); got != tc.want {
			t.Errorf("Suggest(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
