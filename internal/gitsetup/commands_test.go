package gitsetup

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/nbtools/nbdiff/internal/testenv"
)

// paths that the commands must quote: blanks, quotes, sh's specials, and
// % (which git's placeholder expansion reads).
var awkwardPaths = []string{
	"/usr/local/bin/nbdiff",
	"/home/a b/go/bin/nbdiff",
	"/opt/it's/nbdiff",
	`/tmp/$HOME/"x"/a;b/nbdiff`,
	"/data/100%/%P/nbdiff",
	"/c/Program Files/nbtools/nbdiff.exe",
}

// TestRecognizeRoundTrip: every command Install writes is recognised, for
// every path, with the path read back; so are the bare forms and those of
// earlier versions; other values are not.
func TestRecognizeRoundTrip(t *testing.T) {
	for _, p := range append([]string{""}, awkwardPaths...) {
		for _, labels := range []bool{false, true} {
			prog := Programs{Nbdiff: p, Nbmerge: strings.ReplaceAll(p, "nbdiff", "nbmerge")}
			for _, s := range slices.Concat(DriverSettings(prog, labels), FilterSettings(prog), DifftoolSettings(prog)) {
				c, ok := Recognize(s.Key, s.Value)
				if !ok {
					t.Errorf("%s for %q (labels %v) not recognised: %s", s.Key, p, labels, s.Value)
					continue
				}
				if c.Name == "" {
					continue // a fixed value
				}
				want := prog.Nbdiff
				if c.Name == "nbmerge" {
					want = prog.Nbmerge
				}
				if c.Program != want || !c.Fallback || c.Labels != (labels && s.Key == keyMergeDriver) {
					t.Errorf("%s for %q (labels %v): recognised as %+v", s.Key, p, labels, c)
				}
			}
		}
	}
	for key, v := range legacy {
		if c, ok := Recognize(key, v); !ok || c.Fallback {
			t.Errorf("the earlier %s %q: %+v, %v", key, v, c, ok)
		}
	}
	for _, kv := range [][2]string{
		{keyDiffCommand, "my-own-driver"},
		{keyDiffCommand, DiffCommand("/x/nbdiff") + " "},
		{keyDiffCommand, strings.Replace(DiffCommand("/x/nbdiff"), "'/x/nbdiff'", "'/y/nbdiff'", 1)},
		{keyMergeDriver, "nbmerge driver %O %A %B"},
		{keyCache, "false"},
		{keyDifftool, `nbdiff --html --open "$LOCAL" "$REMOTE"`},
		{keyDifftool, DiffCommand("/x/nbdiff")},
		{"diff.other.command", DiffCommand("")},
	} {
		if c, ok := Recognize(kv[0], kv[1]); ok {
			t.Errorf("%s = %q recognised as %+v", kv[0], kv[1], c)
		}
	}
}

func TestLabels(t *testing.T) {
	for v, want := range map[string]bool{
		"2.39.5": false, "2.43.7": false, "2.44.0": true, "2.45.1.windows.1": true,
		"2.50.1 (Apple Git-155)": true, "3.0.0": true, "1.99": false, "": false, "dev": false,
	} {
		if got := Labels(v); got != want {
			t.Errorf("Labels(%q) = %v, want %v", v, got, want)
		}
	}
}

// TestInstallLabelsForm: Install writes the merge driver with git's
// labels for the git version that passes them, and without for older.
func TestInstallLabelsForm(t *testing.T) {
	isolate(t)
	repo := newRepo(t)
	for _, tc := range []struct {
		version string
		labels  bool
	}{{"2.43.0", false}, {"2.44.0", true}, {"2.39.5", false}} {
		if _, err := Install(Options{Dir: repo, GitVersion: tc.version, Programs: Programs{Nbmerge: "/b/nbmerge"}}); err != nil {
			t.Fatal(err)
		}
		got := strings.TrimSuffix(run(t, repo, "config", "--get", keyMergeDriver), "\n")
		if want := MergeDriver("/b/nbmerge", tc.labels); got != want {
			t.Errorf("git %s: merge driver %q, want %q", tc.version, got, want)
		}
	}
}

// gitExpand expands a merge driver command as git does: %O %A %B %L, %P
// quoted for sh, %% as %, and, as git 2.44 and later do when labels is
// not nil, %S %X %Y quoted for sh; an unknown placeholder stays as it is.
func gitExpand(cmd string, files [3]string, size int, path string, labels *[3]string) string {
	var b strings.Builder
	for i := 0; i < len(cmd); i++ {
		if cmd[i] != '%' || i+1 == len(cmd) {
			b.WriteByte(cmd[i])
			continue
		}
		i++
		switch c := cmd[i]; {
		case c == '%':
			b.WriteByte('%')
		case c == 'O':
			b.WriteString(files[0])
		case c == 'A':
			b.WriteString(files[1])
		case c == 'B':
			b.WriteString(files[2])
		case c == 'L':
			b.WriteString(strconv.Itoa(size))
		case c == 'P':
			b.WriteString(ShellQuote(path))
		case labels != nil && c == 'S':
			b.WriteString(ShellQuote(labels[0]))
		case labels != nil && c == 'X':
			b.WriteString(ShellQuote(labels[1]))
		case labels != nil && c == 'Y':
			b.WriteString(ShellQuote(labels[2]))
		default:
			b.WriteByte('%')
			b.WriteByte(c)
		}
	}
	return b.String()
}

// sh runs script with sh -c in dir, as git runs a command with
// arguments ("script "$@"" when there are any), and returns its output
// and exit code.
func sh(t *testing.T, dir, script string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	if len(args) > 0 {
		script += ` "$@"`
	}
	cmd := exec.Command("sh", append([]string{"-c", script, script}, args...)...)
	cmd.Dir = dir
	var o, e strings.Builder
	cmd.Stdout, cmd.Stderr = &o, &e
	err := cmd.Run()
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		code = ee.ExitCode()
	case err != nil:
		t.Fatal(err)
	}
	return o.String(), e.String(), code
}

// fakeProgram writes an executable script at path that prints its
// version as this project's program name does, and otherwise its
// arguments, one per line, to the file ARGS beside it.
func fakeProgram(t *testing.T, path, name string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	script := "#!/bin/sh\n[ \"$1\" = --version ] && { echo '" + name + " version 9.9'; exit 0; }\n" +
		"for a; do printf '%s\\n' \"$a\"; done >\"${0%/*}/ARGS\"\nexit 3\n"
	if err := testenv.WriteExecutable(path, []byte(script)); err != nil {
		t.Fatal(err)
	}
}

// TestMergeDriverRuns runs the merge driver as git runs it, with a path
// and a program path that need quoting: the program gets git's arguments
// as they are (and its exit status is the driver's); without it, git
// merge-file merges into %A with markers of size %L and the driver exits
// 1 on conflict, 0 when clean. The labels form works with both git's
// expansions: before 2.44 (%X left as it is) and after.
func TestMergeDriverRuns(t *testing.T) {
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("no sh")
	}
	isolate(t)
	git2_44 := &[3]string{"merged common ancestors", "HEAD", "feature:old name.ipynb"}
	for _, tc := range []struct {
		name   string
		labels bool
		git    *[3]string // labels git passes; nil: git before 2.44
		want   [3]string  // the labels of the markers (ours, base, theirs)
	}{
		{"plain", false, nil, [3]string{"ours", "base", "theirs"}},
		{"plain, new git", false, git2_44, [3]string{"ours", "base", "theirs"}},
		{"labels, old git", true, nil, [3]string{"ours", "base", "theirs"}},
		{"labels, new git", true, git2_44, [3]string{"HEAD", "merged common ancestors", "feature:old name.ipynb"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "a 'work' tree")
			bin := filepath.Join(t.TempDir(), "100% bin", "it's here")
			prog := filepath.Join(bin, "nbmerge")
			fakeProgram(t, prog, "nbmerge")
			os.MkdirAll(dir, 0o755)
			files := [3]string{".merge_file_o", ".merge_file_a", ".merge_file_b"}
			for i, s := range []string{"a\nb\nc\n", "a\nB\nc\n", "a\nBB\nc\n"} {
				write(t, filepath.Join(dir, files[i]), s)
			}
			path := "dir/my $notebook's.ipynb"
			cmd := gitExpand(MergeDriver(prog, tc.labels), files, 9, path, tc.git)

			_, stderr, code := sh(t, dir, cmd)
			if code != 3 {
				t.Fatalf("with the program: exit %d, want its own 3; stderr %s", code, stderr)
			}
			want := append(files[:], "9", path)
			if tc.labels {
				want = append(want, tc.want[0], tc.want[2], tc.want[1])
			}
			if got := strings.Split(strings.TrimSuffix(read(t, filepath.Join(bin, "ARGS")), "\n"), "\n"); strings.Join(got, "|") != "driver|"+strings.Join(want, "|") {
				t.Errorf("program got %q, want driver %q", got, want)
			}

			os.Remove(prog)
			_, stderr, code = sh(t, dir, cmd)
			if code != 1 {
				t.Errorf("without the program: exit %d, want 1 (conflict); stderr %s", code, stderr)
			}
			if !strings.Contains(stderr, prog+" not found; merging 'dir/my $notebook'\\''s.ipynb' as text") &&
				!strings.Contains(stderr, prog+" not found; merging dir/my $notebook's.ipynb as text") {
				t.Errorf("stderr: %q", stderr)
			}
			l := tc.want
			wantText := "a\n<<<<<<<<< " + l[0] + "\nB\n=========\nBB\n>>>>>>>>> " + l[2] + "\nc\n"
			if got := read(t, filepath.Join(dir, files[1])); got != wantText {
				t.Errorf("%%A after the fallback:\n%s\nwant:\n%s", got, wantText)
			}

			// A clean merge exits 0 with both changes.
			write(t, filepath.Join(dir, files[1]), "A\nb\nc\n")
			write(t, filepath.Join(dir, files[2]), "a\nb\nC\n")
			if _, stderr, code := sh(t, dir, cmd); code != 0 {
				t.Errorf("clean fallback merge: exit %d; stderr %s", code, stderr)
			}
			if got := read(t, filepath.Join(dir, files[1])); got != "A\nb\nC\n" {
				t.Errorf("clean fallback merge: %q", got)
			}
		})
	}
}

// TestDiffCommandsRun runs the diff command, the textconv and the clean
// filter as git runs them, with and without their program.
func TestDiffCommandsRun(t *testing.T) {
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("no sh")
	}
	isolate(t)
	dir := t.TempDir()
	bin := filepath.Join(t.TempDir(), "my bin", "100%")
	prog := filepath.Join(bin, "nbdiff")
	write(t, filepath.Join(dir, "old file.ipynb"), "{\n \"a\": 1\n}\n")
	write(t, filepath.Join(dir, "new file.ipynb"), "{\n \"a\": 2\n}\n")
	args := []string{"sub/n b.ipynb", "old file.ipynb", "1111111", "100644", "new file.ipynb", "2222222", "100644"}
	for _, p := range []string{prog, ""} {
		fakeProgram(t, prog, "nbdiff")
		if p == "" {
			t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
		}
		_, _, code := sh(t, dir, DiffCommand(p), args...)
		if got := read(t, filepath.Join(bin, "ARGS")); code != 3 || got != "driver\n"+strings.Join(args, "\n")+"\n" {
			t.Errorf("%q: with the program: exit %d, args %q", p, code, got)
		}
		_, _, code = sh(t, dir, TextconvCommand(p), "old file.ipynb")
		if got := read(t, filepath.Join(bin, "ARGS")); code != 3 || got != "textconv\nold file.ipynb\n" {
			t.Errorf("%q: textconv with the program: exit %d, args %q", p, code, got)
		}

		os.Remove(prog)
		out, stderr, code := sh(t, dir, DiffCommand(p), args...)
		if code != 0 || !strings.Contains(out, "- \"a\": 1\n+ \"a\": 2\n") || !strings.Contains(stderr, "plain text diff of sub/n b.ipynb\n") {
			t.Errorf("%q: diff without the program: exit %d\n%s\nstderr: %s", p, code, out, stderr)
		}
		if out, _, code := sh(t, dir, DiffCommand(p), "sub/n b.ipynb"); code != 0 || out != "* Unmerged path sub/n b.ipynb\n" {
			t.Errorf("%q: diff of an unmerged path without the program: exit %d, %q", p, code, out)
		}
		out, stderr, code = sh(t, dir, TextconvCommand(p), "old file.ipynb")
		if code != 0 || out != "{\n \"a\": 1\n}\n" || stderr == "" {
			t.Errorf("%q: textconv without the program: exit %d, %q, stderr %q", p, code, out, stderr)
		}
		cmd := exec.Command("sh", "-c", strings.ReplaceAll(CleanCommand(p), "%%", "%"))
		cmd.Stdin = strings.NewReader("as it is\n")
		if out, err := cmd.Output(); err != nil || string(out) != "as it is\n" {
			t.Errorf("%q: clean without the program: %q, %v", p, out, err)
		}
		out, _, code = sh(t, dir, ProcessCommand(p))
		if code != 0 || out != "0016git-filter-server\n000eversion=2\n00000000" {
			t.Errorf("%q: process without the program: exit %d, %q", p, code, out)
		}
	}
}

// TestBareNamesSkipOtherPrograms: a program of the same name that does not
// say it is ours (nbdime's nbmerge) is not run by the bare-name commands:
// git's text merge runs instead.
func TestBareNamesSkipOtherPrograms(t *testing.T) {
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("no sh")
	}
	isolate(t)
	bin := t.TempDir()
	writeExe(t, filepath.Join(bin, "nbmerge"), "#!/bin/sh\necho 4.0.1\n[ \"$1\" = --version ] || echo ran >\"${0%/*}/RAN\"\n")
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	dir := t.TempDir()
	files := [3]string{"o", "a", "b"}
	for i, s := range []string{"x\n", "y\n", "z\n"} {
		write(t, filepath.Join(dir, files[i]), s)
	}
	_, stderr, code := sh(t, dir, gitExpand(MergeDriver("", false), files, 7, "n.ipynb", nil))
	if code != 1 || !strings.Contains(stderr, "is not on PATH (or is another program)") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	if got := read(t, filepath.Join(dir, "a")); got != "<<<<<<< ours\ny\n=======\nz\n>>>>>>> theirs\n" {
		t.Errorf("merged: %q", got)
	}
	if got := read(t, filepath.Join(bin, "RAN")); got != "<absent>" {
		t.Error("the other nbmerge ran with the driver's arguments")
	}
}

// TestDifftoolCommandRuns runs git difftool's command as git runs it,
// with $LOCAL and $REMOTE in the environment: the program gets --html
// --open and the two paths; without it, git diff --no-index shows the
// plain text diff of two files or of two directories (git difftool -d),
// with a note, and the command exits 0 as nbdiff --html does.
func TestDifftoolCommandRuns(t *testing.T) {
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("no sh")
	}
	isolate(t)
	dir := t.TempDir()
	bin := filepath.Join(t.TempDir(), "it's a bin", "100%")
	prog := filepath.Join(bin, "nbdiff")
	for _, d := range []string{"left dir", "right dir"} {
		os.MkdirAll(filepath.Join(dir, d), 0o755)
	}
	write(t, filepath.Join(dir, "left dir", "n.ipynb"), "{\n \"a\": 1\n}\n")
	write(t, filepath.Join(dir, "right dir", "n.ipynb"), "{\n \"a\": 2\n}\n")
	for _, p := range []string{prog, ""} {
		fakeProgram(t, prog, "nbdiff")
		if p == "" {
			t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
		}
		for _, pair := range [][2]string{{"left dir/n.ipynb", "right dir/n.ipynb"}, {"left dir", "right dir"}} {
			t.Setenv("LOCAL", pair[0])
			t.Setenv("REMOTE", pair[1])
			fakeProgram(t, prog, "nbdiff")
			_, _, code := sh(t, dir, DifftoolCommand(p))
			if got := read(t, filepath.Join(bin, "ARGS")); code != 3 || got != "--html\n--open\n"+pair[0]+"\n"+pair[1]+"\n" {
				t.Errorf("%q %q: with the program: exit %d, args %q", p, pair, code, got)
			}
			os.Remove(prog)
			out, stderr, code := sh(t, dir, DifftoolCommand(p))
			if code != 0 || !strings.Contains(out, "- \"a\": 1\n+ \"a\": 2\n") || !strings.Contains(stderr, "a plain text diff instead of the HTML page") {
				t.Errorf("%q %q: without the program: exit %d\n%s\nstderr: %s", p, pair, code, out, stderr)
			}
		}
	}
}
