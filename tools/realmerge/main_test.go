package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/nbtools/nbdiff/merge"
)

// TestRealMerges guards the merge quality on the real merges of
// ../shared/merges (the targets of issue 13): every result is a valid
// notebook; no clean merge drops a line one side added (but on purpose:
// see the package doc) nor any line the person kept; where git's text
// merge is clean, every merge with valid inputs is clean and at least as
// many match the person as git's do; where it conflicts, at least half
// are clean and three quarters of those match the person. It skips when
// the shared folder is missing.
func TestRealMerges(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "shared", "merges")
	if _, err := os.Stat(filepath.Join(dir, "cases.tsv")); err != nil {
		t.Skipf("real merges not available: %v", err)
	}
	groups, _, err := evaluate(dir, merge.Options{})
	if err != nil {
		t.Fatal(err)
	}
	gitClean, gitConflict := groups[true], groups[false]
	for _, g := range []*group{gitClean, gitConflict} {
		if g.invalid != 0 {
			t.Errorf("%s: %d results are not valid notebooks", g.name, g.invalid)
		}
		if g.dropped != 0 {
			t.Errorf("%s: %d clean merges dropped a line one side added: %v", g.name, g.dropped, g.listDrop)
		}
		if g.keptDropped != 0 {
			t.Errorf("%s: %d clean merges dropped a line one side added and the person kept: %v", g.name, g.keptDropped, g.listKept)
		}
	}
	if gitClean.clean < gitClean.total-gitClean.badIn || gitClean.same < 199 {
		t.Errorf("where git's text merge is clean: %d of %d clean, %d same as the person; want all, and at least 199 (as git)",
			gitClean.clean, gitClean.total-gitClean.badIn, gitClean.same)
	}
	valid := gitConflict.total - gitConflict.badIn
	if 2*gitConflict.clean < valid {
		t.Errorf("where git's text merge conflicts: %d of %d clean, want at least half", gitConflict.clean, valid)
	}
	if 4*gitConflict.same < 3*gitConflict.comparable {
		t.Errorf("where git's text merge conflicts: %d of %d clean merges match the person, want at least three quarters", gitConflict.same, gitConflict.comparable)
	}
	t.Logf("git clean: %d/%d clean, %d/%d same; git conflicts: %d/%d clean, %d/%d same",
		gitClean.clean, gitClean.total-gitClean.badIn, gitClean.same, gitClean.comparable,
		gitConflict.clean, valid, gitConflict.same, gitConflict.comparable)
}
