package gitsetup

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// GitVersion returns the version of the git binary, as git version prints
// it ("2.39.5", "2.45.1.windows.1").
func GitVersion(dir string) (string, error) {
	out, err := git(dir, "version")
	if err != nil {
		return "", fmt.Errorf("gitsetup: %w", err)
	}
	v, ok := strings.CutPrefix(strings.TrimSpace(out), "git version ")
	if !ok {
		return "", fmt.Errorf("gitsetup: git version printed %q", out)
	}
	return v, nil
}

// Labels reports whether git of the version v (as GitVersion returns it)
// passes conflict labels to merge drivers (%S %X %Y, git 2.44 and later).
// A version it cannot read is taken as older.
func Labels(v string) bool {
	major, minor, ok := majorMinor(v)
	return ok && (major > 2 || major == 2 && minor >= 44)
}

// majorMinor reads the first two numbers of a version "2.44.0...".
func majorMinor(v string) (major, minor int, ok bool) {
	f := strings.FieldsFunc(v, func(r rune) bool { return r == '.' || r == ' ' || r == '-' })
	if len(f) < 2 {
		return 0, 0, false
	}
	major, err1 := strconv.Atoi(f[0])
	minor, err2 := strconv.Atoi(f[1])
	return major, minor, err1 == nil && err2 == nil
}

// identifyTimeout bounds how long a program may take to print its
// version: one that reads its standard input or hangs is not ours.
const identifyTimeout = 3 * time.Second

// Identify runs "prog --version" (prog a path or a name on PATH) and
// returns the first line it printed, and whether it is the nbdiff or
// nbmerge of this project: the line starts with "NAME version " where NAME
// is name. nbdime's nbdiff and nbmerge print something else.
func Identify(prog, name string) (version string, ours bool) {
	ctx, cancel := context.WithTimeout(context.Background(), identifyTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, prog, "--version")
	cmd.WaitDelay = time.Second
	var out bytes.Buffer
	cmd.Stdout = &out
	err := cmd.Run()
	line, _, _ := strings.Cut(out.String(), "\n")
	line = strings.TrimSpace(line)
	return line, err == nil && strings.HasPrefix(line, name+" version ")
}

// Found is where Locate found the programs, with what the user should
// know.
type Found struct {
	Programs
	// Warnings are for the user: a program that is missing, or another
	// program of the same name (nbdime's) on PATH.
	Warnings []string
}

// Locate returns the programs for Install. With bare it returns no paths
// (the commands look the programs up on PATH) and warns about a program
// that PATH does not hold, or holds under the name of another program.
//
// Otherwise it returns the absolute paths of nbdiff and nbmerge as found,
// not resolved through symbolic links (a package manager's link stays
// valid across upgrades; the file it points to does not). arg0 is the
// nbdiff being run (os.Args[0]): its absolute form when it holds a path
// separator, else where PATH finds it, provided that is this very program;
// else os.Executable. nbmerge is the one beside nbdiff, else the one on
// PATH, provided it says it is ours (Identify); else its bare name, with
// a warning. Another program named nbdiff or nbmerge on PATH is warned
// about too: typing the name runs it.
func Locate(arg0 string, bare bool) Found {
	var f Found
	for _, name := range []string{"nbdiff", "nbmerge"} {
		p, err := exec.LookPath(name)
		if errors.Is(err, exec.ErrDot) {
			err = nil
		}
		if err != nil {
			if bare {
				f.Warnings = append(f.Warnings, fmt.Sprintf("%s is not on PATH: until it is, git falls back to its own text %s", name, fallbackWord(name)))
			}
			continue
		}
		if abs, err := filepath.Abs(p); err == nil {
			p = abs
		}
		version, ours := Identify(p, name)
		if ours {
			if !bare && name == "nbmerge" {
				f.Nbmerge = p
			}
			continue
		}
		if version == "" {
			version = "nothing"
		}
		what := fmt.Sprintf("git's commands run this project's %s by its path, but typing %s runs the other one", name, name)
		if bare {
			what = fmt.Sprintf("with --bare-names git falls back to its own text %s until this project's %s comes first on PATH", fallbackWord(name), name)
		}
		f.Warnings = append(f.Warnings, fmt.Sprintf("%s on PATH is another program (nbdime's?): %s --version printed %q; %s", p, name, version, what))
	}
	if bare {
		return f
	}
	self, _ := os.Executable()
	switch {
	case strings.ContainsRune(arg0, '/') || strings.ContainsRune(arg0, filepath.Separator):
		if abs, err := filepath.Abs(arg0); err == nil && sameFile(abs, self) {
			f.Nbdiff = abs
		}
	case arg0 != "":
		if p, err := exec.LookPath(arg0); (err == nil || errors.Is(err, exec.ErrDot)) && sameFile(p, self) {
			if abs, err := filepath.Abs(p); err == nil {
				f.Nbdiff = abs
			}
		}
	}
	if f.Nbdiff == "" {
		f.Nbdiff = self
	}
	if f.Nbdiff == "" {
		f.Warnings = append(f.Warnings, "cannot tell where this nbdiff is: the commands run nbdiff from PATH")
	} else {
		beside := filepath.Join(filepath.Dir(f.Nbdiff), "nbmerge"+exeSuffix())
		if _, ours := Identify(beside, "nbmerge"); ours {
			f.Nbmerge = beside
		}
	}
	if f.Nbmerge == "" {
		f.Warnings = append(f.Warnings, "nbmerge is neither beside nbdiff nor on PATH: the merge driver runs nbmerge from PATH, "+
			"and git falls back to its own text merge until it is there (then run nbdiff install again)")
	}
	// sh reads / in paths on Windows too, and a \ would need quoting.
	f.Nbdiff, f.Nbmerge = filepath.ToSlash(f.Nbdiff), filepath.ToSlash(f.Nbmerge)
	return f
}

func fallbackWord(name string) string {
	if name == "nbmerge" {
		return "merge"
	}
	return "diff"
}

// sameFile reports whether the files at a and b are the same file.
func sameFile(a, b string) bool {
	fa, err := os.Stat(a)
	if err != nil {
		return false
	}
	fb, err := os.Stat(b)
	return err == nil && os.SameFile(fa, fb)
}

func exeSuffix() string {
	if runtime.GOOS == "windows" {
		return ".exe"
	}
	return ""
}
