package gitsetup

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/nbtools/nbdiff/internal/cmdutil"
)

// The hook files. git runs only the file named after the hook; the other
// one is run by the line ChainLine adds to a hook that was there before.
const (
	hookName    = "pre-commit"
	chainedName = "pre-commit-nbmerge"
)

// ChainLine is the line InstallHook adds to a pre-commit hook of the
// user's (after its #! line) to run its own hook, which it writes beside
// it as pre-commit-nbmerge. Without that file the line does nothing.
const ChainLine = `if [ -x "${0%/*}/` + chainedName + `" ]; then "${0%/*}/` + chainedName + `" || exit 1; fi # nbdiff install --hooks`

// HookScript returns the pre-commit hook that refuses a commit whose
// staged notebooks (added, copied or modified) still hold conflict
// markers, with nbmerge check --cached, which names the cells; or that
// are no notebook at all (nbmerge check cannot tell that one holds no
// markers), with check's message saying why. nbmerge is an absolute path,
// or "" for the bare name. Where nbmerge is missing (or is another
// program), git grep looks for the markers instead, in the JSON
// (nbmerge's, inside cell sources) and as text (git's).
func HookScript(nbmerge string) string { return hookScript(nbmerge, hookRefusal) }

// hookRefusal is what the hook says as it refuses a commit.
const hookRefusal = `pre-commit: fix the notebooks above first: conflict markers, or not a notebook (git commit --no-verify skips this check)`

// oldHookRefusals are what earlier versions of the hook said: hooks they
// wrote are recognized as InstallHook's, and updated or removed as such.
var oldHookRefusals = []string{
	`pre-commit: resolve the conflicts first (git commit --no-verify skips this check)`,
}

func hookScript(nbmerge, refusal string) string {
	prog := "nbmerge"
	if nbmerge != "" {
		prog = ShellQuote(nbmerge)
	}
	return `#!/bin/sh
# Written by nbdiff install --hooks: refuses a commit whose staged notebooks
# still hold conflict markers. nbdiff uninstall --hooks removes it.
nbmerge=` + prog + `
git diff --cached --quiet --diff-filter=ACM -- '*.ipynb' && exit 0
case $("$nbmerge" --version 2>/dev/null </dev/null) in
"nbmerge version "*)
	git diff --cached --name-only --diff-filter=ACM -z -- '*.ipynb' |
		xargs -0 "$nbmerge" check --cached -- && exit 0 ;;
*)
	echo "pre-commit: $nbmerge not found; looking for conflict markers with git grep" >&2
	git grep --cached -n -E '^[[:space:]]*"?<{7}' -- '*.ipynb' >&2 || exit 0 ;;
esac
echo '` + refusal + `' >&2
exit 1
`
}

// recognizeHook reports whether data is a hook HookScript writes, or an
// earlier version of it wrote, for some nbmerge.
func recognizeHook(data []byte) bool {
	s := string(data)
	for _, refusal := range append([]string{hookRefusal}, oldHookRefusals...) {
		if s == hookScript("", refusal) {
			return true
		}
		tmpl := hookScript("\x00", refusal)
		i := strings.Index(tmpl, "'\x00'")
		if i < 0 || !strings.HasPrefix(s, tmpl[:i]) {
			continue
		}
		if p, ok := shUnquote(s[i:]); ok && p != "" && s == hookScript(p, refusal) {
			return true
		}
	}
	return false
}

// HooksDir returns the directory of git's hooks for the repository
// around dir: core.hooksPath when it is set, else the hooks directory of
// the repository (the main one, for a linked worktree).
func HooksDir(dir string) (string, error) {
	p, err := git(dir, "rev-parse", "--git-path", "hooks")
	if err != nil {
		return "", fmt.Errorf("gitsetup: hooks: not in a git repository: %w", err)
	}
	p = strings.TrimSuffix(p, "\n")
	if !filepath.IsAbs(p) {
		p = filepath.Join(dir, p)
	}
	if abs, err := filepath.Abs(p); err == nil {
		p = abs
	}
	return p, nil
}

// InstallHook installs the pre-commit hook HookScript(nbmerge) in the
// repository around dir (in core.hooksPath when set) and returns one line
// per change. Where there is no pre-commit hook, it becomes the hook. A
// hook of the user's is never replaced: it gets ChainLine after its #!
// line, and the script goes beside it. That needs a hook that sh runs
// (#!/bin/sh, bash, dash, zsh, ksh, or no #! line) and that is not the
// pre-commit framework's (which rewrites its hook: use its nbmerge-check
// hook instead); any other hook is an error that says how to add the
// check by hand, and nothing is changed.
func InstallHook(dir, nbmerge string) ([]string, error) {
	hooks, err := HooksDir(dir)
	if err != nil {
		return nil, err
	}
	script := []byte(HookScript(nbmerge))
	path := filepath.Join(hooks, hookName)
	data, err := os.ReadFile(path)
	switch {
	case errors.Is(err, os.ErrNotExist) && isLink(path):
		// A link to a hook that is not there (yet): the user's, kept.
		target, _ := os.Readlink(path)
		return nil, fmt.Errorf("gitsetup: %s is a symbolic link to %s, which does not exist, so nbdiff install leaves it alone; "+
			"add the check to the hook it should lead to (nbmerge check --cached on the staged notebooks, see README)", path, target)
	case errors.Is(err, os.ErrNotExist):
		if err := writeHook(path, script); err != nil {
			return nil, err
		}
		return []string{"installed the pre-commit hook " + path}, nil
	case err != nil:
		return nil, fmt.Errorf("gitsetup: %w", err)
	case recognizeHook(data):
		if bytes.Equal(data, script) {
			return nil, nil
		}
		if err := writeHook(path, script); err != nil {
			return nil, err
		}
		return []string{"updated the pre-commit hook " + path}, nil
	}
	if err := chainable(path, data); err != nil {
		return nil, err
	}
	var changes []string
	chained := filepath.Join(hooks, chainedName)
	if old, err := os.ReadFile(chained); err != nil || !bytes.Equal(old, script) {
		if err == nil && !recognizeHook(old) {
			return nil, fmt.Errorf("gitsetup: %s exists and was not written by nbdiff install; move it away first", chained)
		}
		if err := writeHook(chained, script); err != nil {
			return nil, err
		}
		changes = append(changes, "wrote "+chained)
	}
	lines := slices.Collect(strings.Lines(string(data)))
	if indexLine(lines, ChainLine) < 0 {
		eol := "\n"
		if bytes.Contains(data, []byte("\r\n")) {
			eol = "\r\n"
		}
		at := 0
		if len(lines) > 0 && strings.HasPrefix(lines[0], "#!") {
			at = 1
			if !strings.HasSuffix(lines[0], "\n") {
				lines[0] += eol
			}
		}
		lines = slices.Insert(lines, at, ChainLine+eol)
		if err := cmdutil.WriteFileAtomic(path, []byte(strings.Join(lines, "")), 0o755); err != nil {
			return changes, fmt.Errorf("gitsetup: %w", err)
		}
		changes = append(changes, fmt.Sprintf("added a line to the pre-commit hook %s that runs %s", path, chainedName))
	}
	return changes, nil
}

// chainable returns nil when ChainLine can go into the hook at path that
// holds data, and otherwise an error that says why and what to do.
func chainable(path string, data []byte) error {
	by := func(why string) error {
		return fmt.Errorf("gitsetup: %s %s, so nbdiff install leaves it alone; add the check to it yourself "+
			"(nbmerge check --cached on the staged notebooks, see README), or with the pre-commit framework use the hook id nbmerge-check", path, why)
	}
	if bytes.Contains(data, []byte("pre-commit.com")) || bytes.Contains(data, []byte("File generated by pre-commit")) {
		return by("is the pre-commit framework's hook")
	}
	if bytes.IndexByte(data, 0) >= 0 {
		return by("is a binary program")
	}
	if fi, err := os.Stat(path); err == nil && !executable(fi) {
		return by("is not executable (git does not run it)")
	}
	if !bytes.HasPrefix(data, []byte("#!")) {
		return nil // sh runs a file without #!
	}
	first, _, _ := bytes.Cut(data, []byte("\n"))
	f := strings.Fields(strings.TrimPrefix(string(bytes.TrimRight(first, "\r")), "#!"))
	if len(f) > 0 && filepath.Base(f[0]) == "env" {
		f = f[1:]
	}
	for len(f) > 0 && strings.HasPrefix(f[0], "-") { // env -S
		f = f[1:]
	}
	if len(f) > 0 && slices.Contains([]string{"sh", "bash", "dash", "zsh", "ksh", "ash"}, filepath.Base(f[0])) {
		return nil
	}
	return by("is not a shell script")
}

// UninstallHook removes what InstallHook added in the repository around
// dir and returns one line per change: the hook when it is InstallHook's
// script, else ChainLine from the user's hook and the script beside it. A
// file that InstallHook wrote and someone changed since is kept and
// reported.
func UninstallHook(dir string) ([]string, error) {
	hooks, err := HooksDir(dir)
	if err != nil {
		return nil, err
	}
	var changes []string
	path := filepath.Join(hooks, hookName)
	data, err := os.ReadFile(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
	case err != nil:
		return nil, fmt.Errorf("gitsetup: %w", err)
	case recognizeHook(data):
		if err := os.Remove(path); err != nil {
			return nil, fmt.Errorf("gitsetup: %w", err)
		}
		changes = append(changes, "removed the pre-commit hook "+path)
	case bytes.Contains(data, []byte("Written by nbdiff install --hooks")):
		changes = append(changes, "kept the pre-commit hook "+path+": changed since nbdiff install wrote it")
	default:
		lines := slices.Collect(strings.Lines(string(data)))
		n := len(lines)
		lines = slices.DeleteFunc(lines, func(l string) bool { return lineKey(l) == ChainLine })
		if len(lines) < n {
			if err := cmdutil.WriteFileAtomic(path, []byte(strings.Join(lines, "")), 0o755); err != nil {
				return nil, fmt.Errorf("gitsetup: %w", err)
			}
			changes = append(changes, "removed nbdiff's line from the pre-commit hook "+path)
		}
	}
	chained := filepath.Join(hooks, chainedName)
	if data, err := os.ReadFile(chained); err == nil {
		if !recognizeHook(data) {
			return append(changes, "kept "+chained+": changed since nbdiff install wrote it"), nil
		}
		if err := os.Remove(chained); err != nil {
			return changes, fmt.Errorf("gitsetup: %w", err)
		}
		changes = append(changes, "removed "+chained)
	}
	return changes, nil
}

// isLink reports whether path is a symbolic link (to anything, or to
// nothing).
func isLink(path string) bool {
	fi, err := os.Lstat(path)
	return err == nil && fi.Mode()&os.ModeSymlink != 0
}

// writeHook writes an executable hook file at path, creating its
// directory.
func writeHook(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("gitsetup: %w", err)
	}
	if err := cmdutil.WriteFileAtomic(path, data, 0o755); err != nil {
		return fmt.Errorf("gitsetup: %w", err)
	}
	return nil
}
