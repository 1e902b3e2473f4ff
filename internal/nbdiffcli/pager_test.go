package nbdiffcli

import (
	"os"
	"testing"

	"github.com/nbtools/nbdiff/internal/gitcmd"
)

// TestPagerCommand checks git's order of pagers: GIT_PAGER, core.pager,
// PAGER, less; "" and "cat" mean none.
func TestPagerCommand(t *testing.T) {
	unset := func(k string) {
		old, ok := os.LookupEnv(k)
		os.Unsetenv(k)
		t.Cleanup(func() {
			if ok {
				os.Setenv(k, old)
			}
		})
	}
	for _, tc := range []struct {
		gitPager, pager *string
		core            string
		coreSet         bool
		want            string
	}{
		{want: "less"},
		{pager: ptr("more"), want: "more"},
		{pager: ptr("more"), core: "less -S", coreSet: true, want: "less -S"},
		{gitPager: ptr("delta"), pager: ptr("more"), core: "less -S", coreSet: true, want: "delta"},
		{core: "", coreSet: true, pager: ptr("more"), want: ""},
		{gitPager: ptr("cat"), want: ""},
		{gitPager: ptr(""), core: "less", coreSet: true, want: ""},
		{pager: ptr(" cat "), want: ""},
	} {
		unset("GIT_PAGER")
		unset("PAGER")
		if tc.gitPager != nil {
			t.Setenv("GIT_PAGER", *tc.gitPager)
		}
		if tc.pager != nil {
			t.Setenv("PAGER", *tc.pager)
		}
		got := pagerCommand(gitcmd.Settings{Pager: tc.core, PagerSet: tc.coreSet})
		if got != tc.want {
			t.Errorf("GIT_PAGER %v, core.pager %q (set %v), PAGER %v: %q, want %q", deref(tc.gitPager), tc.core, tc.coreSet, deref(tc.pager), got, tc.want)
		}
	}
}

func ptr(s string) *string { return &s }

func deref(p *string) string {
	if p == nil {
		return "(unset)"
	}
	return "\"" + *p + "\""
}

// TestNullDeviceIsNoTerminal checks that output sent to the null device
// (a character device, like a terminal) is neither paged nor coloured.
func TestNullDeviceIsNoTerminal(t *testing.T) {
	f, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		t.Skip(err)
	}
	defer f.Close()
	if isTerminal(f) {
		t.Fatalf("isTerminal(%s) = true", os.DevNull)
	}
	if on, _ := useColor("auto", f, func() bool { return true }); on && os.Getenv("GIT_PAGER_IN_USE") == "" {
		t.Fatalf("--color=auto colours output sent to %s", os.DevNull)
	}
}
