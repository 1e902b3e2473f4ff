package gitcmd

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/nbtools/nbdiff/notebook"
)

// newRepo makes a repository with a subdirectory "sub" in a private HOME
// without system configuration, and returns its top.
func newRepo(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	t.Setenv("HOME", t.TempDir())
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	for _, k := range []string{"XDG_CONFIG_HOME", "GIT_CONFIG_GLOBAL", "GIT_CONFIG_SYSTEM", "GIT_DIR", "GIT_WORK_TREE", "GIT_CONFIG_PARAMETERS", "GIT_CONFIG_COUNT"} {
		t.Setenv(k, "")
		os.Unsetenv(k)
	}
	repo := t.TempDir()
	if _, err := Run(repo, "init", "-q"); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(repo, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	return repo
}

func appendConfig(t *testing.T, repo, text string) {
	t.Helper()
	f, err := os.OpenFile(filepath.Join(repo, ".git", "config"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString(text); err != nil {
		t.Fatal(err)
	}
}

func TestReadSettingsDefaults(t *testing.T) {
	repo := newRepo(t)
	got, err := ReadSettings(repo)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(Settings{Color: autoColor()}, got); diff != "" {
		t.Errorf("no settings (-want +got):\n%s", diff)
	}
}

func TestReadSettingsStrip(t *testing.T) {
	repo := newRepo(t)
	appendConfig(t, repo, "[nbdiff]\n\tkeepOutputs\n\tkeepCounts = yes\n\tkeepCounts = off\n"+
		"\tkeepMetadata = collapsed metadata.widgets\n\tkeepMetadata = cell.metadata.scrolled\n"+
		"\textraMetadata = tags\n[filter \"nbdiff\"]\n\tprocess = nbdiff filter --process\n")
	got, err := ReadSettings(filepath.Join(repo, "sub"))
	if err != nil {
		t.Fatal(err)
	}
	want := Settings{
		Strip: notebook.StripOptions{
			KeepOutputs:   true,
			KeepCounts:    false,
			KeepMetadata:  []string{"metadata.collapsed", "cell.metadata.collapsed", "metadata.widgets", "cell.metadata.scrolled"},
			ExtraMetadata: []string{"metadata.tags", "cell.metadata.tags"},
		},
		Filter: true,
		Color:  autoColor(),
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	appendConfig(t, repo, "[nbdiff]\n\tkeepOutputs = maybe\n")
	if _, err := ReadSettings(repo); err == nil || !strings.Contains(err.Error(), "nbdiff.keepOutputs") {
		t.Errorf("bad boolean: %v", err)
	}
}

// TestReadSettingsMergeAndColor checks merge.conflictStyle and the colour
// settings against what git itself answers for them.
func TestReadSettingsMergeAndColor(t *testing.T) {
	for _, tc := range []struct {
		config string
		diff3  bool
	}{
		{"", false},
		{"[merge]\n\tconflictStyle = diff3\n", true},
		{"[merge]\n\tconflictstyle = ZDIFF3\n", true},
		{"[merge]\n\tconflictStyle = diff3\n\tconflictStyle = merge\n", false},
		{"[color]\n\tui = never\n", false},
		{"[color]\n\tui = never\n\tdiff = auto\n", false},
		{"[color]\n\tui = always\n\tdiff = false\n", false},
		{"[color]\n\tdiff\n", false},
		{"[color]\n\tdiff = off\n\tui = true\n", false},
		{"[color]\n\tui = no\n", false},
		{"[color]\n\tdiff = always\n", false},
		{"[color]\n\tui = auto\n", false},
	} {
		for _, term := range []string{"xterm", "dumb", ""} {
			t.Setenv("TERM", term)
			if term == "" {
				os.Unsetenv("TERM")
			}
			repo := newRepo(t)
			appendConfig(t, repo, tc.config)
			got, err := ReadSettings(repo)
			if err != nil {
				t.Fatalf("%q: %v", tc.config, err)
			}
			if got.Diff3 != tc.diff3 {
				t.Errorf("%q: Diff3 = %v, want %v", tc.config, got.Diff3, tc.diff3)
			}
			out, err := Run(repo, "config", "--get-colorbool", "color.diff", "true")
			if err != nil {
				t.Fatalf("%q: git config --get-colorbool: %v", tc.config, err)
			}
			if want := strings.TrimSpace(string(out)) == "true"; got.Color != want {
				t.Errorf("%q, TERM=%q: Color = %v, git says %v", tc.config, term, got.Color, want)
			}
		}
	}
}

func TestRunErrors(t *testing.T) {
	repo := newRepo(t)
	_, err := Run(repo, "config", "--get", "no.such")
	if !IsUnset(err) {
		t.Errorf("missing key: %v, want unset", err)
	}
	_, err = Run(repo, "no-such-command")
	var ge *Error
	if !errors.As(err, &ge) || !strings.HasPrefix(err.Error(), "git no-such-command: ") {
		t.Errorf("failing command: %v", err)
	}
	if _, err := RunWith("no-such-git-binary", repo, ""); !errors.Is(err, exec.ErrNotFound) {
		t.Errorf("missing binary: %v", err)
	}
}

func TestParseBool(t *testing.T) {
	for _, tc := range []struct {
		v        string
		hasValue bool
		want     bool
		ok       bool
	}{
		{"", false, true, true}, {"", true, false, true},
		{"true", true, true, true}, {"Yes", true, true, true}, {"on", true, true, true}, {"1", true, true, true}, {"7", true, true, true},
		{"false", true, false, true}, {"NO", true, false, true}, {"off", true, false, true}, {"0", true, false, true},
		{"maybe", true, false, false},
	} {
		got, err := parseBool(tc.v, tc.hasValue)
		if got != tc.want || (err == nil) != tc.ok {
			t.Errorf("parseBool(%q, %v) = %v, %v", tc.v, tc.hasValue, got, err)
		}
	}
}

func TestMetadataPaths(t *testing.T) {
	got := MetadataPaths([]string{"metadata.a", "cell.metadata.b.c", "", "jupyter.source_hidden"})
	want := []string{"metadata.a", "cell.metadata.b.c", "metadata.jupyter.source_hidden", "cell.metadata.jupyter.source_hidden"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// TestReadSettingsColorsAndPager reads git's colour slots and core.pager.
func TestReadSettingsColorsAndPager(t *testing.T) {
	repo := newRepo(t)
	appendConfig(t, repo, "[color \"diff\"]\n\tnew = bold green\n\told = \"#ff0000\"\n\tmeta = reverse\n\tfrag = blue black ul\n\tfunc = 214\n\tcommit = yellow\n\tplain = dim\n\twhitespace = red reverse\n[diff \"color\"]\n\tbogus = blue\n[core]\n\tpager = less -S\n")
	got, err := ReadSettings(repo)
	if err != nil {
		t.Fatal(err)
	}
	want := DiffColors{Meta: "\x1b[7m", Frag: "\x1b[4;34;40m", Func: "\x1b[38;5;214m", Old: "\x1b[38;2;255;0;0m", New: "\x1b[1;32m", Commit: "\x1b[33m", Context: "\x1b[2m"}
	if d := cmp.Diff(want, got.Colors); d != "" {
		t.Errorf("colours (-want +got):\n%s", d)
	}
	if got.Pager != "less -S" || !got.PagerSet {
		t.Errorf("pager %q set %v", got.Pager, got.PagerSet)
	}
	// An invalid colour leaves its slot unset; an empty core.pager is set.
	appendConfig(t, repo, "[color \"diff\"]\n\tnew = reddish\n[core]\n\tpager =\n")
	got, err = ReadSettings(repo)
	if err != nil {
		t.Fatal(err)
	}
	if got.Colors.New != "\x1b[1;32m" || got.Pager != "" || !got.PagerSet {
		t.Errorf("after invalid colour and empty pager: new %q, pager %q set %v", got.Colors.New, got.Pager, got.PagerSet)
	}
}
