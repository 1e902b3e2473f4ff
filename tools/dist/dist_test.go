package main

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestPEP440(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"0.1.0", "0.1.0"},
		{"10.20.30", "10.20.30"},
		{"0.0.0-dev", "0.0.0.dev0"},
		{"1.2.3-dev.4", "1.2.3.dev4"},
		{"1.2.3-alpha", "1.2.3a0"},
		{"1.2.3-a.1", "1.2.3a1"},
		{"1.2.3-beta2", "1.2.3b2"},
		{"1.2.3-rc.1", "1.2.3rc1"},
		{"1.2.3-rc10", "1.2.3rc10"},
	} {
		got, err := pep440(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("pep440(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
	for _, bad := range []string{"", "v0.1.0", "0.1", "01.2.3", "1.2.3-", "1.2.3-foo", "1.2.3+build", "1.2.3-rc.1.2", "1.2.3-rc-1", "1.2.3\n"} {
		if got, err := pep440(bad); err == nil {
			t.Errorf("pep440(%q) = %q, want an error", bad, got)
		}
	}
}

func TestParsePlatforms(t *testing.T) {
	ps, err := parsePlatforms("linux/amd64, windows/arm64 linux/amd64")
	if want := []platform{{"linux", "amd64"}, {"windows", "arm64"}}; err != nil || !slices.Equal(ps, want) {
		t.Errorf("parsePlatforms = %v, %v; want %v", ps, err, want)
	}
	for _, bad := range []string{"", "linux", "plan9/amd64", "linux/386"} {
		if _, err := parsePlatforms(bad); err == nil {
			t.Errorf("parsePlatforms(%q): want an error", bad)
		}
	}
	// Every release platform has wheel tags.
	all, err := parsePlatforms(defaultPlatforms)
	if err != nil || len(all) != 6 {
		t.Fatalf("parsePlatforms(defaultPlatforms) = %v, %v", all, err)
	}
}

func TestWheelFileName(t *testing.T) {
	for _, tc := range []struct {
		p    platform
		want string
	}{
		{platform{"linux", "amd64"}, "nbdiff_go-1.0.0-py3-none-manylinux2014_x86_64.manylinux_2_17_x86_64.musllinux_1_1_x86_64.whl"},
		{platform{"linux", "arm64"}, "nbdiff_go-1.0.0-py3-none-manylinux2014_aarch64.manylinux_2_17_aarch64.musllinux_1_1_aarch64.whl"},
		{platform{"darwin", "amd64"}, "nbdiff_go-1.0.0-py3-none-macosx_12_0_x86_64.whl"},
		{platform{"darwin", "arm64"}, "nbdiff_go-1.0.0-py3-none-macosx_12_0_arm64.whl"},
		{platform{"windows", "amd64"}, "nbdiff_go-1.0.0-py3-none-win_amd64.whl"},
		{platform{"windows", "arm64"}, "nbdiff_go-1.0.0-py3-none-win_arm64.whl"},
	} {
		if got := wheelFileName(DistName, "1.0.0", wheelTags(tc.p)); got != tc.want {
			t.Errorf("%s: wheelFileName = %s, want %s", tc.p, got, tc.want)
		}
	}
}

var testEntries = []entry{
	{name: "LICENSE", data: []byte("licence\n"), mode: 0o644},
	{name: "nbdiff", data: bytes.Repeat([]byte("binary"), 1000), mode: 0o755},
}

// TestArchives checks that both archive formats hold the folder and the
// entries with their modes and the given time, and come out the same
// bytes twice.
func TestArchives(t *testing.T) {
	mtime := time.Date(2026, 3, 4, 5, 6, 8, 0, time.UTC)
	want := []string{"d 755 pkg/", "- 644 pkg/LICENSE " + shortSum(testEntries[0].data), "- 755 pkg/nbdiff " + shortSum(testEntries[1].data)}
	for _, tc := range []struct {
		name  string
		write func(io.Writer, string, []entry, time.Time) error
		read  func(*testing.T, []byte, time.Time) []string
	}{
		{"tar.gz", writeTarGz, readTarGz},
		{"zip", writeZip, readZip},
	} {
		var a, b bytes.Buffer
		if err := tc.write(&a, "pkg", testEntries, mtime); err != nil {
			t.Fatal(err)
		}
		if err := tc.write(&b, "pkg", testEntries, mtime); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Errorf("%s: two runs wrote different bytes", tc.name)
		}
		if diff := cmp.Diff(want, tc.read(t, a.Bytes(), mtime)); diff != "" {
			t.Errorf("%s: entries (-want +got):\n%s", tc.name, diff)
		}
	}
}

// describe is the one-line form of an archive entry: "d 755 NAME" for a
// folder, "- 644 NAME SUM" for a file, SUM the start of its SHA-256.
func describe(name string, mode fs.FileMode, data []byte) string {
	if mode.IsDir() {
		return fmt.Sprintf("d %03o %s", mode.Perm(), name)
	}
	return fmt.Sprintf("- %03o %s %s", mode.Perm(), name, shortSum(data))
}

func shortSum(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:4])
}

func readTarGz(t *testing.T, data []byte, mtime time.Time) []string {
	t.Helper()
	gz, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if gz.Name != "" || !gz.ModTime.IsZero() {
		t.Errorf("gzip header has name %q and time %v, want neither", gz.Name, gz.ModTime)
	}
	tr := tar.NewReader(gz)
	var got []string
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if !h.ModTime.Equal(mtime) || h.Uid != 0 || h.Gid != 0 || h.Uname != "" || h.Gname != "" {
			t.Errorf("%s: time %v, owner %d:%d %q:%q; want %v, 0:0 without names", h.Name, h.ModTime, h.Uid, h.Gid, h.Uname, h.Gname, mtime)
		}
		b, err := io.ReadAll(tr)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, describe(h.Name, h.FileInfo().Mode(), b))
	}
	return got
}

func readZip(t *testing.T, data []byte, mtime time.Time) []string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range zr.File {
		if !f.Modified.Equal(mtime) {
			t.Errorf("%s: time %v, want %v", f.Name, f.Modified, mtime)
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, describe(f.Name, f.Mode(), b))
	}
	return got
}

// TestMakeDist runs make dist for linux/amd64 (twice: the artefacts must
// come out the same), checks the archive and SHA256SUMS, installs the
// wheel into a fresh venv with pip and runs the commands from there,
// through git too.
func TestMakeDist(t *testing.T) {
	if testing.Short() {
		t.Skip("builds release artefacts and installs a wheel with pip: not with -short")
	}
	for _, tool := range []string{"make", "git"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("no %s: %v", tool, err)
		}
	}
	python, err := findPython(os.Getenv("PYTHON"))
	if err != nil {
		t.Skipf("cannot build wheels here: %v", err)
	}
	if out, err := exec.Command(python, "-c", "import venv, ensurepip").CombinedOutput(); err != nil {
		t.Skipf("%s cannot make a venv with pip (Debian: apt-get install python3-venv): %v\n%s", python, err, out)
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	const version, pyVersion = "1.2.3-dev", "1.2.3.dev0"
	makeDist := func(out string) {
		t.Helper()
		cmd := exec.Command("make", "-C", root, "--no-print-directory", "dist",
			"VERSION="+version, "DIST="+out, "PLATFORMS=linux/amd64")
		cmd.Env = append(os.Environ(), "PYTHON="+python, "SOURCE_DATE_EPOCH=1767225600")
		if o, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("make dist: %v\n%s", err, o)
		}
	}
	dist, dist2 := filepath.Join(tmp, "dist"), filepath.Join(tmp, "dist2")
	makeDist(dist)
	makeDist(dist2)

	archive := "nbdiff-" + version + "-linux-amd64.tar.gz"
	wheel := "nbdiff_go-" + pyVersion + "-py3-none-manylinux2014_x86_64.manylinux_2_17_x86_64.musllinux_1_1_x86_64.whl"
	var names []string
	ents, err := os.ReadDir(dist)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		names = append(names, e.Name())
	}
	if diff := cmp.Diff([]string{"SHA256SUMS", archive, wheel}, names); diff != "" {
		t.Fatalf("files in dist (-want +got):\n%s", diff)
	}
	sums, err := os.ReadFile(filepath.Join(dist, "SHA256SUMS"))
	if err != nil {
		t.Fatal(err)
	}
	if sums2, _ := os.ReadFile(filepath.Join(dist2, "SHA256SUMS")); !bytes.Equal(sums, sums2) {
		t.Errorf("two runs of make dist made different artefacts:\n%s\n%s", sums, sums2)
	}
	checkSums(t, dist, sums, []string{archive, wheel})

	tgz, err := os.ReadFile(filepath.Join(dist, archive))
	if err != nil {
		t.Fatal(err)
	}
	var listing []string
	for _, l := range readTarGz(t, tgz, time.Unix(1767225600, 0)) {
		f := strings.Fields(l)
		listing = append(listing, strings.Join(f[:3], " ")) // without the sums
	}
	dir := strings.TrimSuffix(archive, ".tar.gz")
	want := []string{"d 755 " + dir + "/", "- 644 " + dir + "/LICENSE", "- 644 " + dir + "/README.md",
		"- 755 " + dir + "/nbdiff", "- 755 " + dir + "/nbdiff-html", "- 755 " + dir + "/nbmerge"}
	if diff := cmp.Diff(want, listing); diff != "" {
		t.Errorf("%s (-want +got):\n%s", archive, diff)
	}

	// pip installs the wheel into a fresh venv; the commands land in its bin.
	venv := filepath.Join(tmp, "venv")
	runCmd(t, "", nil, python, "-m", "venv", venv)
	bin := filepath.Join(venv, "bin")
	runCmd(t, "", nil, filepath.Join(bin, "python"), "-m", "pip", "install", "--no-index", "--no-cache-dir",
		"--disable-pip-version-check", "-q", filepath.Join(dist, wheel))
	if !slices.Equal(commands, []string{"nbdiff", "nbdiff-html", "nbmerge"}) {
		t.Errorf("commands = %q, want nbdiff, nbdiff-html and nbmerge", commands)
	}
	for _, cmd := range commands {
		name := strings.TrimSuffix(cmd, "-html") // nbdiff-html is nbdiff's command line
		if got, want := runCmd(t, "", nil, filepath.Join(bin, cmd), "--version"), name+" version "+version+"\n"; got != want {
			t.Errorf("%s --version = %q, want %q", cmd, got, want)
		}
	}

	// git diff through the driver, with only the venv's bin and the
	// system's folders on PATH, and a private git configuration.
	gitPath, _ := exec.LookPath("git")
	home := filepath.Join(tmp, "home")
	repo := filepath.Join(tmp, "repo")
	for _, d := range []string{home, repo} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "GIT_") && !strings.HasPrefix(kv, "PATH=") && !strings.HasPrefix(kv, "HOME=") && !strings.HasPrefix(kv, "XDG_CONFIG_HOME=") {
			env = append(env, kv)
		}
	}
	env = append(env, "HOME="+home, "GIT_CONFIG_NOSYSTEM=1", "GIT_PAGER=cat", "NO_COLOR=1",
		"PATH="+strings.Join([]string{bin, filepath.Dir(gitPath), "/usr/bin", "/bin"}, string(filepath.ListSeparator)),
		"GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com")
	runCmd(t, repo, env, "git", "init", "-q")
	runCmd(t, repo, env, filepath.Join(bin, "nbdiff"), "install")
	nb := filepath.Join(repo, "analysis.ipynb")
	if err := os.WriteFile(nb, testNotebook("x = 1"), 0o644); err != nil {
		t.Fatal(err)
	}
	runCmd(t, repo, env, "git", "add", "-A")
	runCmd(t, repo, env, "git", "commit", "-q", "-m", "first")
	if err := os.WriteFile(nb, testNotebook("x = 2"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := runCmd(t, repo, env, "git", "diff")
	for _, line := range []string{"diff --git a/analysis.ipynb b/analysis.ipynb", "-x = 1", "+x = 2"} {
		if !slices.Contains(strings.Split(out, "\n"), line) {
			t.Errorf("git diff through the installed driver lacks the line %q:\n%s", line, out)
		}
	}
	if strings.Contains(out, `"source"`) {
		t.Errorf("git diff shows the notebook's JSON, not its cells:\n%s", out)
	}
	// nbdiff --html runs the nbdiff-html installed beside it.
	if page := runCmd(t, repo, env, filepath.Join(bin, "nbdiff"), "--html"); !strings.HasPrefix(page, "<!DOCTYPE html>") || !strings.Contains(page, "analysis.ipynb") {
		t.Errorf("nbdiff --html from the wheel wrote no page: %.300q", page)
	}
}

// checkSums checks that sums lists files, each with its SHA-256, and that
// sha256sum -c agrees where it is installed.
func checkSums(t *testing.T, dir string, sums []byte, files []string) {
	t.Helper()
	var want strings.Builder
	for _, f := range files {
		data, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(data)
		want.WriteString(hex.EncodeToString(sum[:]) + "  " + f + "\n")
	}
	if diff := cmp.Diff(want.String(), string(sums)); diff != "" {
		t.Errorf("SHA256SUMS (-want +got):\n%s", diff)
	}
	if _, err := exec.LookPath("sha256sum"); err == nil {
		runCmd(t, dir, nil, "sha256sum", "--strict", "-c", "SHA256SUMS")
	}
}

// runCmd runs name with args in dir (with env, when not nil) and returns its
// standard output; it fails the test when the command fails.
func runCmd(t *testing.T, dir string, env []string, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir, cmd.Env = dir, env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %s: %v\n%s%s", name, strings.Join(args, " "), err, stdout.Bytes(), stderr.Bytes())
	}
	return stdout.String()
}

// testNotebook is a notebook of one code cell with source src.
func testNotebook(src string) []byte {
	return []byte(`{
 "cells": [
  {
   "cell_type": "code",
   "execution_count": 1,
   "id": "c1",
   "metadata": {},
   "outputs": [],
   "source": [
    "` + src + `"
   ]
  }
 ],
 "metadata": {},
 "nbformat": 4,
 "nbformat_minor": 5
}
`)
}
