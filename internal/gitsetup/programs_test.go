package gitsetup

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestLocate: nbdiff is found as it was called, symbolic links kept;
// nbmerge beside it when it says it is ours; a name PATH resolves to
// another program is not taken for this one.
func TestLocate(t *testing.T) {
	if _, err := os.Executable(); err != nil {
		t.Skip("no os.Executable here")
	}
	self, _ := os.Executable()
	empty := t.TempDir()
	t.Setenv("PATH", empty)

	// A package manager's link: bin/nbdiff -> the program.
	bin := filepath.Join(t.TempDir(), "my bin")
	link := filepath.Join(bin, "nbdiff")
	if err := os.MkdirAll(bin, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(self, link); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	fakeProgram(t, filepath.Join(bin, "nbmerge"), "nbmerge")
	f := Locate(link, false)
	if f.Nbdiff != filepath.ToSlash(link) || f.Nbmerge != filepath.ToSlash(filepath.Join(bin, "nbmerge")) || len(f.Warnings) != 0 {
		t.Errorf("called by its link: %+v", f)
	}

	// By name, found on PATH.
	t.Setenv("PATH", bin)
	if f := Locate("nbdiff", false); f.Nbdiff != filepath.ToSlash(link) {
		t.Errorf("called by name: %+v", f)
	}

	// Another nbdiff first on PATH: not this program; warned about.
	other := filepath.Join(t.TempDir(), "nbdiff")
	writeExe(t, other, "#!/bin/sh\necho 4.0.1\n")
	t.Setenv("PATH", filepath.Dir(other)+string(os.PathListSeparator)+bin)
	f = Locate("nbdiff", false)
	if f.Nbdiff != filepath.ToSlash(self) {
		t.Errorf("with another nbdiff first on PATH: nbdiff %q, want %q", f.Nbdiff, self)
	}
	if !slices.ContainsFunc(f.Warnings, func(w string) bool { return strings.Contains(w, other+" on PATH is another program") }) {
		t.Errorf("warnings: %q", f.Warnings)
	}

	// No nbmerge anywhere: its bare name, with a warning.
	os.Remove(filepath.Join(bin, "nbmerge"))
	t.Setenv("PATH", empty)
	f = Locate(link, false)
	if f.Nbmerge != "" || len(f.Warnings) != 1 || !strings.Contains(f.Warnings[0], "nbmerge is neither beside nbdiff nor on PATH") {
		t.Errorf("without nbmerge: %+v", f)
	}

	// --bare-names: no paths, a warning for what PATH lacks.
	f = Locate(link, true)
	if f.Programs != (Programs{}) || len(f.Warnings) != 2 {
		t.Errorf("bare names: %+v", f)
	}
}

// TestUninstallEarlierInstall: uninstall removes the bare commands an
// earlier version of install wrote, and an installation by path made from
// elsewhere; a re-install with the same paths changes nothing.
func TestUninstallEarlierInstall(t *testing.T) {
	isolate(t)
	repo := newRepo(t)
	config := filepath.Join(repo, ".git", "config")
	attrs := filepath.Join(repo, ".gitattributes")
	before := snapshot(t, config, attrs)
	for key, v := range legacy {
		run(t, repo, "config", key, v)
	}
	run(t, repo, "config", keyCache, "true")
	write(t, attrs, read(t, attrs)+StripAttributesLine+"\n")
	if _, err := Uninstall(Options{Dir: repo}); err != nil {
		t.Fatal(err)
	}
	if got := snapshot(t, config, attrs); got[config] != before[config] || got[attrs] != before[attrs] {
		t.Errorf("after uninstall of an earlier installation:\n%s", got[config])
	}

	opts := Options{Dir: repo, Strip: true, Programs: Programs{Nbdiff: "/old place/nbdiff", Nbmerge: "/old place/nbmerge"}}
	if _, err := Install(opts); err != nil {
		t.Fatal(err)
	}
	if changes, err := Install(opts); err != nil || len(changes) != 0 {
		t.Errorf("install again: %q, %v", changes, err)
	}
	if _, err := Uninstall(Options{Dir: repo}); err != nil {
		t.Fatal(err)
	}
	if got := snapshot(t, config, attrs); got[config] != before[config] || got[attrs] != before[attrs] {
		t.Errorf("after uninstall of an installation by path:\n%s", got[config])
	}
}
