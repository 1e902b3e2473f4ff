package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nbtools/nbdiff/internal/testenv"
)

// tmuxNotebook returns a notebook with one code cell (a long first line
// and n numbered lines, every other one with tag) and two markdown
// cells, after it or, with moved, before it.
func tmuxNotebook(n int, tag string, moved bool) string {
	lines := []string{"total_revenue_by_region_and_quarter = compute_the_revenue_of_every_region(quarters, regions, currency)\n"}
	for i := range n {
		l := fmt.Sprintf("value_%d = %d", i, i)
		if i%2 == 0 {
			l += tag
		}
		lines = append(lines, l+"\n")
	}
	src := ""
	for k, l := range lines {
		if k > 0 {
			src += ","
		}
		src += fmt.Sprintf("%q", l)
	}
	code := `{"cell_type":"code","execution_count":null,"metadata":{},"outputs":[],"source":[` + src + `]}`
	md := `{"cell_type":"markdown","metadata":{},"source":["# Revenue"]},{"cell_type":"markdown","metadata":{},"source":["By quarter."]}`
	cells := code + "," + md
	if moved {
		cells = md + "," + code
	}
	return `{"cells":[` + cells + `],"metadata":{"kernelspec":{"language":"python","name":"python3"}},"nbformat":4,"nbformat_minor":4}`
}

// TestTmuxPagerAndWidth runs nbdiff in a terminal of 80 by 24 (tmux): a
// diff longer than the screen is paged (less waits for a key, and nbdiff
// for less), every hunk header fits in the 80 columns (cut with "...",
// not wrapped: the header of a cell moved and edited is longer); quitting
// the pager early ends nbdiff quietly; into a pipe, or with -P, nothing is
// paged. It needs tmux
// and less, and skips without them.
func TestTmuxPagerAndWidth(t *testing.T) {
	for _, p := range []string{"tmux", "less"} {
		if _, err := exec.LookPath(p); err != nil {
			t.Skipf("%s not installed", p)
		}
	}
	dir := t.TempDir()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(self)
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "bin")
	if err := os.MkdirAll(bin, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := testenv.WriteExecutable(filepath.Join(bin, "nbdiff"), data); err != nil {
		t.Fatal(err)
	}
	for name, content := range map[string]string{
		"a.ipynb": tmuxNotebook(60, "", false),
		"b.ipynb": tmuxNotebook(60, " + 1", true),
		"c.ipynb": tmuxNotebook(5000, "", false),
		"d.ipynb": tmuxNotebook(5000, " + 1", false),
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	sock := fmt.Sprintf("nbdiff-test-%d", os.Getpid())
	tmux := func(args ...string) string {
		out, err := exec.Command("tmux", append([]string{"-L", sock, "-f", "/dev/null"}, args...)...).CombinedOutput()
		if err != nil {
			t.Fatalf("tmux %q: %v\n%s", args, err, out)
		}
		return string(out)
	}
	defer exec.Command("tmux", "-L", sock, "kill-server").Run()
	// Each command runs in a session of its own, named by session; the
	// sessions stay until the server goes (a server whose last session
	// ends exits, and a new one may fail to start meanwhile).
	n := 0
	session := func() string { return fmt.Sprint("t", n) }
	// screen waits until the pane shows want (or, with absent, until it
	// no longer shows it), and returns the screen.
	screen := func(want string, absent bool) string {
		var s string
		for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
			s = tmux("capture-pane", "-p", "-t", session())
			if strings.Contains(s, want) != absent {
				return s
			}
		}
		t.Fatalf("waited for %q (absent %v); the screen:\n%s", want, absent, s)
		return ""
	}
	run := func(cmd string) {
		n++
		env := "env -u GIT_PAGER -u LESS -u LV -u COLUMNS -u GIT_PAGER_IN_USE PAGER=less NO_COLOR=1 TERM=xterm HOME=" + dir +
			" GIT_CONFIG_NOSYSTEM=1 PATH=" + bin + ":" + os.Getenv("PATH")
		tmux("new-session", "-d", "-s", session(), "-x", "80", "-y", "24", "-c", dir,
			"sh -c '"+env+" "+cmd+"; echo EXIT=$?; sleep 60'")
	}

	// Paged: the first screen, and less waiting; nbdiff has not ended.
	run("nbdiff a.ipynb b.ipynb")
	s := screen("diff --git", false)
	rows := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if strings.Contains(s, "EXIT=") {
		t.Fatalf("not paged: nbdiff ended before the pager:\n%s", s)
	}
	last := strings.TrimSpace(rows[len(rows)-1])
	if last != ":" && !strings.HasPrefix(last, ":") && !strings.Contains(last, "lines") {
		t.Errorf("no pager prompt on the last row %q:\n%s", last, s)
	}
	header := ""
	for k, r := range rows {
		if len([]rune(r)) > 80 {
			t.Errorf("row %d is %d columns: %q", k, len([]rune(r)), r)
		}
		if strings.HasPrefix(r, "@@ ") {
			header = r
			if k+1 < len(rows) && rows[k+1] != "" && !strings.ContainsAny(rows[k+1][:1], " -+@") {
				t.Errorf("the header wrapped: the row after it is %q", rows[k+1])
			}
		}
	}
	if !strings.HasSuffix(header, "...") || len([]rune(header)) > 80 || !strings.Contains(header, "cell 3 (code) moved from 1") {
		t.Errorf("hunk header %q: want it cut to 80 columns with ...", header)
	}
	tmux("send-keys", "-t", session(), "q")
	screen("EXIT=0", false)

	// A pager that quits before it read everything is no error: nbdiff
	// ends quietly, status 0.
	run("nbdiff c.ipynb d.ipynb")
	screen("diff --git", false)
	tmux("send-keys", "-t", session(), "q")
	s = screen("EXIT=", false)
	if !strings.Contains(s, "EXIT=0") || strings.Contains(s, "nbdiff:") {
		t.Errorf("quitting the pager early:\n%s", s)
	}

	// Into a pipe, and with -P: no pager, nbdiff ends at once.
	for _, cmd := range []string{"nbdiff a.ipynb b.ipynb | tail -n 3", "nbdiff -P a.ipynb b.ipynb | tail -n 3", "nbdiff --no-pager a.ipynb b.ipynb | tail -n 3"} {
		run(cmd)
		s := screen("EXIT=0", false)
		if !strings.Contains(s, "value_59") {
			t.Errorf("%s: the end of the diff is not shown:\n%s", cmd, s)
		}
	}
}
