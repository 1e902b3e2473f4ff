package gitsetup

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/nbtools/nbdiff/internal/testenv"
)

// isolate gives the test a private HOME and no system configuration, so no
// test reads or writes the configuration of the person running it.
func isolate(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("PATH", testenv.CleanPath(os.Getenv("PATH")))
	t.Setenv("XDG_CONFIG_HOME", "")
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	t.Setenv("GIT_CONFIG_GLOBAL", "")
	t.Setenv("GIT_CONFIG_SYSTEM", "")
	for _, k := range []string{"GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_CONFIG", "GIT_CONFIG_PARAMETERS", "GIT_CONFIG_COUNT"} {
		t.Setenv(k, "")
		os.Unsetenv(k)
	}
	os.Unsetenv("GIT_CONFIG_GLOBAL")
	os.Unsetenv("GIT_CONFIG_SYSTEM")
	os.Unsetenv("XDG_CONFIG_HOME")
	return home
}

// newRepo makes a repository with a subdirectory, some configuration and
// a .gitattributes of its own, and returns its top.
func newRepo(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "repo")
	run(t, "", "init", "-q", dir)
	run(t, dir, "config", "user.name", "Someone")
	run(t, dir, "config", "diff.other.command", "other-tool")
	os.MkdirAll(filepath.Join(dir, "sub", "deeper"), 0o755)
	write(t, filepath.Join(dir, ".gitattributes"), "*.png binary\n# a comment\n*.csv text eol=lf\n")
	return dir
}

func run(t *testing.T, dir string, args ...string) string {
	t.Helper()
	out, err := git(dir, args...)
	if err != nil {
		t.Fatalf("git %v: %v", args, err)
	}
	return out
}

func write(t *testing.T, path, s string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

// setAuthor sets who commits, for tests that commit.
func setAuthor(t *testing.T) {
	t.Setenv("GIT_AUTHOR_NAME", "A")
	t.Setenv("GIT_AUTHOR_EMAIL", "a@example.com")
	t.Setenv("GIT_COMMITTER_NAME", "A")
	t.Setenv("GIT_COMMITTER_EMAIL", "a@example.com")
}

// writeExe writes a program the test runs (see testenv.WriteExecutable).
func writeExe(t *testing.T, path, s string) {
	t.Helper()
	if err := testenv.WriteExecutable(path, []byte(s)); err != nil {
		t.Fatal(err)
	}
}

func read(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return "<absent>"
	}
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// snapshot returns the files install may touch, to compare before and after.
func snapshot(t *testing.T, paths ...string) map[string]string {
	m := map[string]string{}
	for _, p := range paths {
		m[p] = read(t, p)
	}
	return m
}

func TestInstallUninstallLocal(t *testing.T) {
	isolate(t)
	repo := newRepo(t)
	files := []string{filepath.Join(repo, ".git", "config"), filepath.Join(repo, ".gitattributes"), filepath.Join(repo, ".git", "info", "attributes")}
	before := snapshot(t, files...)

	opts := Options{Dir: filepath.Join(repo, "sub", "deeper")} // from a subdirectory
	changes, err := Install(opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(changes) != len(DriverSettings(Programs{}, false))+1 {
		t.Errorf("install reported %d changes, want %d: %q", len(changes), len(DriverSettings(Programs{}, false))+1, changes)
	}
	for _, s := range DriverSettings(Programs{}, false) {
		if got := strings.TrimSuffix(run(t, repo, "config", "--local", "--get", s.Key), "\n"); got != s.Value {
			t.Errorf("%s = %q, want %q", s.Key, got, s.Value)
		}
	}
	if got, _ := git(repo, "config", "--get", "filter.nbdiff.clean"); got != "" {
		t.Errorf("filter installed without Strip: %q", got)
	}
	wantAttrs := "*.png binary\n# a comment\n*.csv text eol=lf\n" + AttributesLine + "\n"
	if got := read(t, filepath.Join(repo, ".gitattributes")); got != wantAttrs {
		t.Errorf(".gitattributes:\n%s\nwant:\n%s", got, wantAttrs)
	}
	// git itself sees the attributes.
	if got := run(t, repo, "check-attr", "diff", "merge", "--", "sub/a.ipynb"); got != "sub/a.ipynb: diff: nbdiff\nsub/a.ipynb: merge: nbmerge\n" {
		t.Errorf("check-attr: %q", got)
	}

	installed := snapshot(t, files...)
	changes, err = Install(opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(changes) != 0 {
		t.Errorf("second install changed %q", changes)
	}
	if diff := cmp.Diff(installed, snapshot(t, files...)); diff != "" {
		t.Errorf("second install changed files (-first +second):\n%s", diff)
	}

	if _, err := Uninstall(opts); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(before, snapshot(t, files...)); diff != "" {
		t.Errorf("uninstall did not restore the files (-before +after):\n%s", diff)
	}
	changes, err = Uninstall(opts)
	if err != nil || len(changes) != 0 {
		t.Errorf("second uninstall: %q, %v", changes, err)
	}
}

func TestInstallStrip(t *testing.T) {
	isolate(t)
	repo := newRepo(t)
	files := []string{filepath.Join(repo, ".git", "config"), filepath.Join(repo, ".gitattributes")}
	before := snapshot(t, files...)
	if _, err := Install(Options{Dir: repo}); err != nil {
		t.Fatal(err)
	}
	plain := snapshot(t, files...)
	changes, err := Install(Options{Dir: repo, Strip: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(changes) != len(FilterSettings(Programs{}))+1 {
		t.Errorf("install --strip after install: %q", changes)
	}
	for _, s := range FilterSettings(Programs{}) {
		if got := strings.TrimSuffix(run(t, repo, "config", "--get", s.Key), "\n"); got != s.Value {
			t.Errorf("%s = %q, want %q", s.Key, got, s.Value)
		}
	}
	if _, err := git(repo, "config", "--get", "filter.nbdiff.required"); err == nil {
		t.Error("filter.nbdiff.required is set: a missing binary would block git")
	}
	attrs := read(t, filepath.Join(repo, ".gitattributes"))
	if strings.Count(attrs, "*.ipynb") != 1 || !strings.Contains(attrs, StripAttributesLine+"\n") {
		t.Errorf(".gitattributes after --strip:\n%s", attrs)
	}
	// A plain install keeps the filter.
	if changes, err := Install(Options{Dir: repo}); err != nil || len(changes) != 0 {
		t.Errorf("install after install --strip: %q, %v", changes, err)
	}
	// uninstall --strip goes back to the plain installation.
	if _, err := Uninstall(Options{Dir: repo, Strip: true}); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(plain, snapshot(t, files...)); diff != "" {
		t.Errorf("uninstall --strip is not install (-want +got):\n%s", diff)
	}
	if _, err := Install(Options{Dir: repo, Strip: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := Uninstall(Options{Dir: repo}); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(before, snapshot(t, files...)); diff != "" {
		t.Errorf("uninstall did not restore the files (-before +after):\n%s", diff)
	}
}

func TestUninstallKeepsWhatIsNotOurs(t *testing.T) {
	isolate(t)
	repo := newRepo(t)
	if _, err := Install(Options{Dir: repo}); err != nil {
		t.Fatal(err)
	}
	run(t, repo, "config", "diff.nbdiff.command", "my-own-driver")
	run(t, repo, "config", "diff.nbdiff.wordRegex", "[a-z]+")
	changes, err := Uninstall(Options{Dir: repo})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(changes, func(c string) bool { return strings.HasPrefix(c, "kept diff.nbdiff.command") }) {
		t.Errorf("changes do not report the kept setting: %q", changes)
	}
	got := run(t, repo, "config", "--get-regexp", `^diff\.nbdiff\.`)
	if want := "diff.nbdiff.command my-own-driver\ndiff.nbdiff.wordregex [a-z]+\n"; got != want {
		t.Errorf("left %q, want %q", got, want)
	}
	if got := run(t, repo, "config", "--get", "diff.other.command"); got != "other-tool\n" {
		t.Errorf("diff.other.command = %q", got)
	}
}

func TestInstallOverwritesAndReports(t *testing.T) {
	isolate(t)
	repo := newRepo(t)
	run(t, repo, "config", "merge.nbmerge.driver", "old-merge %A")
	changes, err := Install(Options{Dir: repo})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(changes, `set merge.nbmerge.driver = nbmerge driver %O %A %B %L %P, else git merge-file (was "old-merge %A")`) {
		t.Errorf("changes: %q", changes)
	}
}

func TestAttributesFileLayouts(t *testing.T) {
	isolate(t)
	for _, tc := range []struct{ name, before, installed string }{
		{"absent", "<absent>", AttributesLine + "\n"},
		{"empty", "", AttributesLine + "\n"},
		{"crlf", "*.png binary\r\n", "*.png binary\r\n" + AttributesLine + "\r\n"},
		{"no final newline", "*.png binary", "*.png binary\n" + AttributesLine + "\n"},
		{"already there with trailing blanks", "a b\n" + AttributesLine + "  \n", "a b\n" + AttributesLine + "  \n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			repo := filepath.Join(t.TempDir(), "r")
			run(t, "", "init", "-q", repo)
			path := filepath.Join(repo, ".gitattributes")
			if tc.before != "<absent>" {
				write(t, path, tc.before)
			}
			if _, err := Install(Options{Dir: repo}); err != nil {
				t.Fatal(err)
			}
			if got := read(t, path); got != tc.installed {
				t.Errorf("installed %q, want %q", got, tc.installed)
			}
			if _, err := Uninstall(Options{Dir: repo}); err != nil {
				t.Fatal(err)
			}
			want := tc.before
			switch tc.name {
			case "no final newline":
				want = "*.png binary\n" // the line end install added stays
			case "empty":
				want = "<absent>" // an emptied file is removed
			case "already there with trailing blanks":
				want = "a b\n"
			}
			if got := read(t, path); got != want {
				t.Errorf("after uninstall %q, want %q", got, want)
			}
		})
	}
}

func TestInstallInfoAttributes(t *testing.T) {
	isolate(t)
	repo := newRepo(t)
	before := read(t, filepath.Join(repo, ".gitattributes"))
	opts := Options{Dir: filepath.Join(repo, "sub"), InfoAttributes: true}
	if _, err := Install(opts); err != nil {
		t.Fatal(err)
	}
	if got := read(t, filepath.Join(repo, ".gitattributes")); got != before {
		t.Errorf(".gitattributes changed: %q", got)
	}
	if got := read(t, filepath.Join(repo, ".git", "info", "attributes")); !strings.Contains(got, AttributesLine+"\n") {
		t.Errorf(".git/info/attributes: %q", got)
	}
	if got := run(t, repo, "check-attr", "diff", "--", "x.ipynb"); got != "x.ipynb: diff: nbdiff\n" {
		t.Errorf("check-attr: %q", got)
	}
}

// TestInfoAttributesBareAbsolute: in a bare repository, where git names
// info/attributes relative to the current directory, the file Install
// reports and edits is named by its absolute path.
func TestInfoAttributesBareAbsolute(t *testing.T) {
	isolate(t)
	bare := filepath.Join(t.TempDir(), "bare.git")
	run(t, "", "init", "-q", "--bare", bare)
	t.Chdir(bare)
	got, err := AttributesFile(Options{InfoAttributes: true})
	if err != nil {
		t.Fatal(err)
	}
	want, err := filepath.EvalSymlinks(filepath.Join(bare, "info"))
	if err != nil {
		t.Fatal(err)
	}
	if dir, err := filepath.EvalSymlinks(filepath.Dir(got)); err != nil || !filepath.IsAbs(got) || dir != want || filepath.Base(got) != "attributes" {
		t.Errorf("AttributesFile = %q, want %s (absolute)", got, filepath.Join(want, "attributes"))
	}
}

func TestInstallGlobal(t *testing.T) {
	home := isolate(t)
	gitconfig := filepath.Join(home, ".gitconfig")
	write(t, gitconfig, "[user]\n\tname = Someone\n")
	outside := t.TempDir() // not a repository
	attrs := filepath.Join(home, ".config", "git", "attributes")
	before := snapshot(t, gitconfig, attrs)
	if _, err := Install(Options{Dir: outside, Scope: Global, Strip: true}); err != nil {
		t.Fatal(err)
	}
	if got := read(t, attrs); got != StripAttributesLine+"\n" {
		t.Errorf("%s: %q", attrs, got)
	}
	if got := run(t, outside, "config", "--global", "--get", "diff.nbdiff.textconv"); got != TextconvCommand("")+"\n" {
		t.Errorf("global diff.nbdiff.textconv = %q", got)
	}
	if _, err := Uninstall(Options{Dir: outside, Scope: Global}); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(before, snapshot(t, gitconfig, attrs)); diff != "" {
		t.Errorf("global uninstall (-before +after):\n%s", diff)
	}

	// XDG_CONFIG_HOME and core.attributesFile choose the file.
	xdg := filepath.Join(home, "xdg")
	t.Setenv("XDG_CONFIG_HOME", xdg)
	if p, err := AttributesFile(Options{Dir: outside, Scope: Global}); err != nil || p != filepath.Join(xdg, "git", "attributes") {
		t.Errorf("with XDG_CONFIG_HOME: %q, %v", p, err)
	}
	run(t, outside, "config", "--global", "core.attributesFile", "~/my-attributes")
	if p, err := AttributesFile(Options{Dir: outside, Scope: Global}); err != nil || p != filepath.Join(home, "my-attributes") {
		t.Errorf("with core.attributesFile: %q, %v", p, err)
	}
	// Set in a file that ~/.gitconfig includes (dotfiles often split
	// their settings so): git uses it, and so does install.
	run(t, outside, "config", "--global", "--unset", "core.attributesFile")
	run(t, outside, "config", "--file", filepath.Join(home, ".gitconfig.local"), "core.attributesFile", "~/included-attributes")
	run(t, outside, "config", "--global", "include.path", "~/.gitconfig.local")
	if p, err := AttributesFile(Options{Dir: outside, Scope: Global}); err != nil || p != filepath.Join(home, "included-attributes") {
		t.Errorf("with core.attributesFile in an included file: %q, %v", p, err)
	}
}

// TestInstallGlobalAttributesSymlink: an attributes file that is a link
// into a dotfiles repository stays a link; install and uninstall edit the
// file it points to, and uninstall leaves it as it was (here: empty).
func TestInstallGlobalAttributesSymlink(t *testing.T) {
	home := isolate(t)
	outside := t.TempDir()
	dotfile := filepath.Join(t.TempDir(), "attributes")
	attrs := filepath.Join(home, ".config", "git", "attributes")
	if err := os.MkdirAll(filepath.Dir(attrs), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, before := range []string{"*.png binary\n", ""} {
		write(t, dotfile, before)
		os.Remove(attrs)
		if err := os.Symlink(dotfile, attrs); err != nil {
			t.Skip("no symbolic links here:", err)
		}
		if _, err := Install(Options{Dir: outside, Scope: Global}); err != nil {
			t.Fatal(err)
		}
		if got, want := read(t, dotfile), before+AttributesLine+"\n"; got != want {
			t.Errorf("after install the linked file holds %q, want %q", got, want)
		}
		if _, err := Uninstall(Options{Dir: outside, Scope: Global}); err != nil {
			t.Fatal(err)
		}
		if got := read(t, dotfile); got != before {
			t.Errorf("after uninstall the linked file holds %q, want %q", got, before)
		}
		if fi, err := os.Lstat(attrs); err != nil || fi.Mode()&os.ModeSymlink == 0 {
			t.Errorf("%s is no longer a symbolic link (%v)", attrs, err)
		}
	}
}

func TestInstallSystem(t *testing.T) {
	isolate(t)
	dir := t.TempDir()
	sysconfig := filepath.Join(dir, "gitconfig")
	sysattrs := filepath.Join(dir, "gitattributes")
	os.Unsetenv("GIT_CONFIG_NOSYSTEM")
	t.Setenv("GIT_CONFIG_SYSTEM", sysconfig) // never /etc/gitconfig
	opts := Options{Dir: dir, Scope: System, SystemAttributes: sysattrs}
	if _, err := Install(opts); err != nil {
		t.Fatal(err)
	}
	if got := read(t, sysconfig); !strings.Contains(got, "nbmerge driver %O %A %B %L %P") {
		t.Errorf("system config:\n%s", got)
	}
	if got := read(t, sysattrs); got != AttributesLine+"\n" {
		t.Errorf("system attributes: %q", got)
	}
	if _, err := Uninstall(opts); err != nil {
		t.Fatal(err)
	}
	if got := read(t, sysconfig); strings.Contains(got, "nbdiff") || strings.Contains(got, "nbmerge") {
		t.Errorf("system config after uninstall:\n%s", got)
	}
	if got := read(t, sysattrs); got != "<absent>" {
		t.Errorf("system attributes after uninstall: %q", got)
	}
}

func TestInstallOutsideRepository(t *testing.T) {
	isolate(t)
	if _, err := Install(Options{Dir: t.TempDir()}); err == nil || !strings.Contains(err.Error(), "not in a git work tree") {
		t.Errorf("got %v, want an error saying there is no work tree", err)
	}
}

// TestSystemAttributesFallback: without git's word (before 2.42), the
// system attributes file is /etc/gitattributes, except on Windows, where
// it lies in Git for Windows' installation folder and guessing would
// write a file git never reads.
func TestSystemAttributesFallback(t *testing.T) {
	if p, err := systemAttributes("linux"); p != "/etc/gitattributes" || err != nil {
		t.Errorf("systemAttributes(linux) = %q, %v", p, err)
	}
	if p, err := systemAttributes("windows"); err == nil {
		t.Errorf("systemAttributes(windows) = %q, want an error", p)
	}
}

// TestGlobalAttributesFollowHOME: the global attributes file is under
// $HOME, as git finds it, also where HOME is not the user's profile
// folder (Windows).
func TestGlobalAttributesFollowHOME(t *testing.T) {
	home := isolate(t)
	p, err := AttributesFile(Options{Dir: t.TempDir(), Scope: Global})
	if want := filepath.Join(home, ".config", "git", "attributes"); err != nil || p != want {
		t.Errorf("AttributesFile(Global) = %q, %v; want %s", p, err, want)
	}
}

// TestInstallDifftool: --difftool adds git difftool's tool to an
// installation, running nbdiff by the same path as the drivers; a new
// installation from elsewhere updates it too; uninstall --difftool takes
// only it away, and a plain uninstall takes everything.
func TestInstallDifftool(t *testing.T) {
	isolate(t)
	repo := newRepo(t)
	files := []string{filepath.Join(repo, ".git", "config"), filepath.Join(repo, ".gitattributes")}
	before := snapshot(t, files...)
	progs := Programs{Nbdiff: "/opt/nb tools/nbdiff", Nbmerge: "/opt/nb tools/nbmerge"}
	if _, err := Install(Options{Dir: repo, Programs: progs}); err != nil {
		t.Fatal(err)
	}
	plain := snapshot(t, files...)
	changes, err := Install(Options{Dir: repo, Programs: progs, Difftool: true})
	if err != nil || len(changes) != 1 {
		t.Fatalf("install --difftool after install: %q, %v", changes, err)
	}
	if got := strings.TrimSuffix(run(t, repo, "config", "--get", keyDifftool), "\n"); got != DifftoolCommand(progs.Nbdiff) {
		t.Errorf("%s = %q, want %q", keyDifftool, got, DifftoolCommand(progs.Nbdiff))
	}
	if want := "set difftool.nbdiff.cmd = '/opt/nb tools/nbdiff' --html --open, else a plain text diff"; changes[0] != want {
		t.Errorf("install --difftool reported %q, want %q", changes[0], want)
	}
	if changes, err := Install(Options{Dir: repo, Programs: progs, Difftool: true}); err != nil || len(changes) != 0 {
		t.Errorf("install --difftool twice: %q, %v", changes, err)
	}
	moved := Programs{Nbdiff: "/usr/bin/nbdiff", Nbmerge: "/usr/bin/nbmerge"}
	if _, err := Install(Options{Dir: repo, Programs: moved}); err != nil {
		t.Fatal(err)
	}
	if got := strings.TrimSuffix(run(t, repo, "config", "--get", keyDifftool), "\n"); got != DifftoolCommand(moved.Nbdiff) {
		t.Errorf("after install from elsewhere, %s = %q, want %q", keyDifftool, got, DifftoolCommand(moved.Nbdiff))
	}
	if _, err := Install(Options{Dir: repo, Programs: progs}); err != nil {
		t.Fatal(err)
	}
	if changes, err := Uninstall(Options{Dir: repo, Difftool: true}); err != nil || len(changes) != 1 {
		t.Fatalf("uninstall --difftool: %q, %v", changes, err)
	}
	if diff := cmp.Diff(plain, snapshot(t, files...)); diff != "" {
		t.Errorf("uninstall --difftool is not install (-want +got):\n%s", diff)
	}
	if _, err := Install(Options{Dir: repo, Programs: progs, Difftool: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := Uninstall(Options{Dir: repo}); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(before, snapshot(t, files...)); diff != "" {
		t.Errorf("uninstall did not restore the files (-before +after):\n%s", diff)
	}
}
