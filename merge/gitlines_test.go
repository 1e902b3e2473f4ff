package merge

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// gitLinesCases are merges whose outcome under git merge-file is known
// (and checked against git when it is installed).
var gitLinesCases = []struct {
	name, base, ours, theirs string
	want                     string // "" when git conflicts
}{
	{"apart", "a\nb\nc\nd\n", "A\nb\nc\nd\n", "a\nb\nc\nD\n", "A\nb\nc\nD\n"},
	{"touching lines conflict, as in git", "a\nb\nc\n", "a\nB\nc\n", "a\nb\nC\n", ""},
	{"same change", "a\nb\n", "a\nX\n", "a\nX\n", "a\nX\n"},
	{"insertions at one place", "a\nb\n", "a\nx\nb\n", "a\ny\nb\n", ""},
	{"CR is no line end", "a\rb\nc\n", "a\rB\nc\n", "a\rb\nC\n", ""},
	{"no final newline", "a\nb\nc", "A\nb\nc", "a\nb\nC", "A\nb\nC"},
	{"insertions that slide apart", "import os\n\nx = load()\n\nplot(x)\n\nsave(x)\n",
		"%matplotlib inline\n\nimport os\n\nx = load()\n\nplot(x)\n\nprint(x)\n\nsave(x)\n",
		"import os\n\nx = load()\n\nplot(x)\nx = clean(x)\n\nsave(x)\n",
		"%matplotlib inline\n\nimport os\n\nx = load()\n\nplot(x)\nx = clean(x)\n\nprint(x)\n\nsave(x)\n"},
}

func TestGitLines(t *testing.T) {
	for _, tc := range gitLinesCases {
		out, ok := GitLines([]byte(tc.base), []byte(tc.ours), []byte(tc.theirs))
		if ok != (tc.want != "") || ok && string(out) != tc.want {
			t.Errorf("%s: GitLines = %q, %v; want %q", tc.name, out, ok, tc.want)
		}
	}
}

// TestGitLinesLikeGit checks the table against git merge-file itself.
func TestGitLinesLikeGit(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	dir := t.TempDir()
	for _, tc := range gitLinesCases {
		var paths [3]string
		for i, s := range []string{tc.ours, tc.base, tc.theirs} {
			paths[i] = filepath.Join(dir, []string{"ours", "base", "theirs"}[i])
			if err := os.WriteFile(paths[i], []byte(s), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		out, err := exec.Command("git", "merge-file", "-p", paths[0], paths[1], paths[2]).Output()
		clean := err == nil
		if clean != (tc.want != "") || clean && string(out) != tc.want {
			t.Errorf("%s: git merge-file gives %q (clean %v); the table says %q", tc.name, out, clean, tc.want)
		}
	}
}
