package gitsetup

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// hasProblem reports whether one of st's problems contains s.
func hasProblem(st *Status, s string) bool {
	return slices.ContainsFunc(st.Problems, func(p string) bool { return strings.Contains(p, s) })
}

func statusOf(t *testing.T, dir string) *Status {
	t.Helper()
	st, err := StatusOf(dir)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

const outputsNotebook = `{
 "cells": [
  {
   "cell_type": "code",
   "execution_count": 1,
   "metadata": {},
   "outputs": [
    {
     "name": "stdout",
     "output_type": "stream",
     "text": [
      "1\n"
     ]
    }
   ],
   "source": [
    "print(1)"
   ]
  }
 ],
 "metadata": {},
 "nbformat": 4,
 "nbformat_minor": 4
}
`

func TestStatus(t *testing.T) {
	isolate(t)
	repo := newRepo(t)
	st := statusOf(t, filepath.Join(repo, "sub"))
	if st.Repository == "" || !hasProblem(st, "not set in any scope") || !hasProblem(st, "do not give diff=nbdiff merge=nbmerge") {
		t.Errorf("nothing installed: %+v", st)
	}

	bin := filepath.Join(t.TempDir(), "my bin")
	progs := Programs{Nbdiff: filepath.Join(bin, "nbdiff"), Nbmerge: filepath.Join(bin, "nbmerge")}
	fakeProgram(t, progs.Nbdiff, "nbdiff")
	fakeProgram(t, progs.Nbmerge, "nbmerge")
	if _, err := Install(Options{Dir: repo, Programs: progs}); err != nil {
		t.Fatal(err)
	}
	st = statusOf(t, repo)
	if len(st.Problems) != 0 {
		t.Errorf("installed: problems %q", st.Problems)
	}
	if len(st.Programs) != 2 || !st.Programs[0].Ours || st.Programs[0].Version != "nbdiff version 9.9" {
		t.Errorf("programs: %+v", st.Programs)
	}

	// The difftool is checked when it is set.
	if _, err := Install(Options{Dir: repo, Programs: progs, Difftool: true}); err != nil {
		t.Fatal(err)
	}
	if st := statusOf(t, repo); len(st.Problems) != 0 || !slices.ContainsFunc(st.Settings, func(s ScopedSetting) bool { return s.Key == keyDifftool }) {
		t.Errorf("installed with the difftool: problems %q, settings %+v", st.Problems, st.Settings)
	}
	run(t, repo, "config", keyDifftool, "meld $LOCAL $REMOTE")
	if st := statusOf(t, repo); !hasProblem(st, keyDifftool+" (local) is not what nbdiff install writes") {
		t.Errorf("another difftool: problems %q", st.Problems)
	}
	if _, err := Uninstall(Options{Dir: repo, Difftool: true}); err != nil {
		t.Fatal(err)
	}
	run(t, repo, "config", "--unset", keyDifftool)

	// A missing program, another program, an earlier installation.
	os.Remove(progs.Nbmerge)
	write(t, progs.Nbdiff, "#!/bin/sh\necho 4.0.1\n")
	st = statusOf(t, repo)
	if !hasProblem(st, progs.Nbmerge+" is missing: merges fall back to git merge-file") ||
		!hasProblem(st, progs.Nbdiff+` is another program (--version printed "4.0.1")`) {
		t.Errorf("problems: %q", st.Problems)
	}
	run(t, repo, "config", "merge.nbmerge.driver", "nbmerge driver %O %A %B %L %P")
	if st := statusOf(t, repo); !hasProblem(st, "merge.nbmerge.driver (local) was written by an earlier nbdiff install") {
		t.Errorf("problems: %q", st.Problems)
	}
	run(t, repo, "config", "merge.nbmerge.driver", "my-merge %A")
	if st := statusOf(t, repo); !hasProblem(st, `merge.nbmerge.driver (local) is not what nbdiff install writes: "my-merge %A"`) {
		t.Errorf("problems: %q", st.Problems)
	}
}

// TestStatusScopes: settings are listed with their scope, and the last
// one of a key is the one git uses.
func TestStatusScopes(t *testing.T) {
	home := isolate(t)
	repo := newRepo(t)
	if _, err := Install(Options{Dir: repo, Scope: Global}); err != nil {
		t.Fatal(err)
	}
	run(t, repo, "config", "diff.nbdiff.command", "local-tool")
	st := statusOf(t, repo)
	var global, local *ScopedSetting
	for i, s := range st.Settings {
		if s.Key == keyDiffCommand && s.Scope == "global" {
			global = &st.Settings[i]
		}
		if s.Key == keyDiffCommand && s.Scope == "local" {
			local = &st.Settings[i]
		}
	}
	if global == nil || local == nil || global.Effective || !local.Effective || global.Origin != "file:"+filepath.Join(home, ".gitconfig") {
		t.Errorf("settings: %+v", st.Settings)
	}
	if !hasProblem(st, `diff.nbdiff.command (local) is not what nbdiff install writes: "local-tool"`) {
		t.Errorf("problems: %q", st.Problems)
	}
	if i := slices.IndexFunc(st.AttributesFiles, func(f AttrFile) bool { return f.What == "core.attributesFile" }); i < 0 ||
		!slices.Contains(st.AttributesFiles[i].Lines, AttributesLine) {
		t.Errorf("attributes files: %+v", st.AttributesFiles)
	}
}

// TestStatusPhantom: a notebook committed with its outputs before the
// filter was installed is reported, and one that was really changed is
// not.
func TestStatusPhantom(t *testing.T) {
	isolate(t)
	setAuthor(t)
	repo := newRepo(t)
	write(t, filepath.Join(repo, "a.ipynb"), outputsNotebook)
	write(t, filepath.Join(repo, "sub", "b c.ipynb"), outputsNotebook)
	run(t, repo, "add", ".")
	run(t, repo, "commit", "-q", "-m", "notebooks with outputs")
	if _, err := Install(Options{Dir: repo, Strip: true}); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(repo, "a.ipynb"), strings.Replace(outputsNotebook, "print(1)", "print(2)", 1))
	st := statusOf(t, repo)
	if st.Notebooks != 2 || !slices.Equal(st.Phantom, []string{"sub/b c.ipynb"}) || !hasProblem(st, "git add --renormalize .") {
		t.Errorf("notebooks %d, phantom %q, problems %q", st.Notebooks, st.Phantom, st.Problems)
	}
}

// TestStatusUnmerged: a notebook with conflict stages (git lists it once
// per stage) counts once.
func TestStatusUnmerged(t *testing.T) {
	isolate(t)
	setAuthor(t)
	repo := newRepo(t)
	write(t, filepath.Join(repo, "a.ipynb"), outputsNotebook)
	write(t, filepath.Join(repo, "b.ipynb"), outputsNotebook)
	run(t, repo, "add", ".")
	run(t, repo, "commit", "-q", "-m", "base")
	run(t, repo, "checkout", "-q", "-b", "feature")
	write(t, filepath.Join(repo, "a.ipynb"), strings.Replace(outputsNotebook, "print(1)", "print(2)", 1))
	run(t, repo, "commit", "-q", "-am", "feature")
	run(t, repo, "checkout", "-q", "-")
	write(t, filepath.Join(repo, "a.ipynb"), strings.Replace(outputsNotebook, "print(1)", "print(3)", 1))
	run(t, repo, "commit", "-q", "-am", "main")
	if _, err := git(repo, "merge", "-q", "feature"); err == nil {
		t.Fatal("the merge did not conflict")
	}
	if st := statusOf(t, repo); st.Notebooks != 2 {
		t.Errorf("%d notebooks, want 2 (a.ipynb unmerged, b.ipynb)", st.Notebooks)
	}
}
