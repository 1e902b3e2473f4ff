package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/nbtools/nbdiff/internal/gitsetup"
	"github.com/nbtools/nbdiff/internal/testenv"
	"github.com/nbtools/nbdiff/notebook"
)

var update = flag.Bool("update", false, "rewrite the cmp files of testdata/*.txtar from the actual output")

// TestMain lets the test binary act as nbmerge for the scripts; their PATH
// holds no nbdiff or nbmerge the user installed (testenv.CleanPath).
func TestMain(m *testing.M) {
	if strings.TrimSuffix(filepath.Base(os.Args[0]), ".exe") != "nbmerge" {
		testenv.CleanPATH()
	}
	testscript.Main(m, map[string]func(){
		"nbmerge": func() { os.Exit(run(os.Args, os.Stdin, os.Stdout, os.Stderr)) },
	})
}

// TestScripts runs the end-to-end scripts of testdata/: the real git (and
// hg where installed) calling nbmerge as a program, in a private HOME with
// the system config ignored.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:           "testdata",
		UpdateScripts: *update,
		Setup: func(env *testscript.Env) error {
			home := filepath.Join(env.WorkDir, ".home")
			if err := os.MkdirAll(home, 0o755); err != nil {
				return err
			}
			for _, kv := range [][2]string{
				{"HOME", home},
				{"XDG_CONFIG_HOME", filepath.Join(home, ".config")},
				{"GIT_CONFIG_NOSYSTEM", "1"},
				{"GIT_AUTHOR_NAME", "Ada"},
				{"GIT_AUTHOR_EMAIL", "ada@example.com"},
				{"GIT_AUTHOR_DATE", "2024-01-01T00:00:00Z"},
				{"GIT_COMMITTER_NAME", "Ada"},
				{"GIT_COMMITTER_EMAIL", "ada@example.com"},
				{"GIT_COMMITTER_DATE", "2024-01-01T00:00:00Z"},
				{"GIT_EDITOR", "true"},
				{"GIT_MERGE_AUTOEDIT", "no"},
				{"HGRCPATH", filepath.Join(home, ".hgrc")},
				{"HGPLAIN", "1"},
				{"HGUSER", "Ada <ada@example.com>"},
			} {
				env.Setenv(kv[0], kv[1])
			}
			return nil
		},
		Cmds: cmds(),
	})
}

// cmds are the script commands: those below and testenv's.
func cmds() map[string]func(ts *testscript.TestScript, neg bool, args []string) {
	m := testenv.ScriptCmds()
	for name, f := range map[string]func(ts *testscript.TestScript, neg bool, args []string){
		"validnb": cmdValidNB,
		"cellsrc": cmdCellSrc,
		"exits":   cmdExits,
		"install": cmdInstall,
	} {
		m[name] = f
	}
	return m
}

// cmdValidNB: validnb FILE... checks that every FILE parses as a notebook.
func cmdValidNB(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) == 0 {
		ts.Fatalf("usage: validnb FILE...")
	}
	for _, f := range args {
		_, err := notebook.Parse([]byte(ts.ReadFile(f)))
		switch {
		case err != nil && !neg:
			ts.Fatalf("%s: %v", f, err)
		case err == nil && neg:
			ts.Fatalf("%s: is a valid notebook", f)
		}
	}
}

// cmdCellSrc: cellsrc FILE INDEX REGEXP checks that the source of cell
// INDEX (from 0) of notebook FILE matches REGEXP (multi-line mode).
func cmdCellSrc(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 3 {
		ts.Fatalf("usage: cellsrc FILE INDEX REGEXP")
	}
	nb, err := notebook.Parse([]byte(ts.ReadFile(args[0])))
	ts.Check(err)
	i, err := strconv.Atoi(args[1])
	ts.Check(err)
	if i < 0 || i >= len(nb.Cells) {
		ts.Fatalf("%s has %d cells, no cell %d", args[0], len(nb.Cells), i)
	}
	re, err := regexp.Compile("(?m)" + args[2])
	ts.Check(err)
	src := nb.Cells[i].Source
	if re.MatchString(src) == neg {
		ts.Fatalf("cell %d source %s %q:\n%s", i, map[bool]string{false: "does not match", true: "matches"}[neg], args[2], src)
	}
}

// cmdExits: exits CODE PROGRAM [ARG...] runs PROGRAM like exec and checks
// that it exits with CODE.
func cmdExits(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: exits CODE PROGRAM [ARG...]")
	}
	want, err := strconv.Atoi(args[0])
	ts.Check(err)
	err = ts.Exec(args[1], args[2:]...)
	got := 0
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		got = ee.ExitCode()
	case err != nil:
		ts.Fatalf("%s: %v", args[1], err)
	}
	if got != want {
		ts.Fatalf("%s exited with %d, want %d", args[1], got, want)
	}
}

// cmdInstall: install [--abs] [--hooks] [--labels] configures the
// repository around the current directory the way "nbdiff install" does
// (the same library call), and prints what it changed. nbdiff is not
// there: the commands run nbdiff by name. nbmerge is the one on PATH: by
// its path with --abs (as nbdiff install does), else by name (nbdiff
// install --bare-names). --hooks installs the pre-commit hook too;
// --labels writes the merge driver for git 2.44 and later, which pass
// their conflict labels.
func cmdInstall(ts *testscript.TestScript, neg bool, args []string) {
	opts := gitsetup.Options{Dir: ts.MkAbs(".")}
	for _, a := range args {
		switch a {
		case "--abs":
			// The script's PATH, not the test's.
			for _, dir := range filepath.SplitList(ts.Getenv("PATH")) {
				p := filepath.Join(dir, "nbmerge")
				if fi, err := os.Stat(p); err == nil && fi.Mode()&0o111 != 0 && filepath.IsAbs(p) {
					opts.Programs.Nbmerge = p
					break
				}
			}
			if opts.Programs.Nbmerge == "" {
				ts.Fatalf("install --abs: no nbmerge on PATH")
			}
		case "--hooks":
			opts.Hooks = true
		case "--labels":
			opts.GitVersion = "2.44.0"
		default:
			ts.Fatalf("usage: install [--abs] [--hooks] [--labels]")
		}
	}
	if neg {
		ts.Fatalf("usage: install [--abs] [--hooks] [--labels]")
	}
	changes, err := gitsetup.Install(opts)
	ts.Check(err)
	for _, c := range changes {
		fmt.Fprintln(ts.Stdout(), c)
	}
}
