// Package gitsetup installs and removes the git configuration that makes
// git use nbdiff and nbmerge for notebooks, reports how far it is in
// place (Status), and installs the pre-commit hook that refuses conflict
// markers (InstallHook).
//
// Install writes, with the git binary (git config), in the scope asked for:
//
//	diff.nbdiff.command       = DiffCommand       (runs nbdiff driver)
//	diff.nbdiff.textconv      = TextconvCommand   (runs nbdiff textconv)
//	diff.nbdiff.cachetextconv = true
//	diff.nbdiff.xfuncname     = diff.TextconvFuncname (matches the textconv cell headers)
//	merge.nbmerge.name        = nbmerge: cell-aware merge of Jupyter notebooks
//	merge.nbmerge.driver      = MergeDriver       (runs nbmerge driver %O %A %B %L %P)
//
// and, with Strip,
//
//	filter.nbdiff.clean       = CleanCommand      (runs nbdiff filter)
//	filter.nbdiff.process     = ProcessCommand    (runs nbdiff filter --process)
//
// and, with Difftool, what makes "git difftool --tool=nbdiff" (and -d,
// which passes two directories) open the HTML page of the diff:
//
//	difftool.nbdiff.cmd       = DifftoolCommand   (runs nbdiff --html --open "$LOCAL" "$REMOTE")
//
// Each command is a short sh script that runs the program (by absolute
// path, or by bare name on PATH, as Options.Programs says) and, when the
// program is missing, does what git does without it: a text merge with
// conflict markers, a plain text diff, the file as it is. A missing binary
// thus never loses work (a merge that leaves ours without markers) nor
// stops git ("external diff died"). filter.nbdiff.required stays unset
// for the same reason.
//
// It adds the line
//
//	*.ipynb diff=nbdiff merge=nbmerge               (with Strip: ... filter=nbdiff)
//
// to an attributes file: the repository's .gitattributes (or
// .git/info/attributes) for the local scope, core.attributesFile (by
// default $XDG_CONFIG_HOME/git/attributes or ~/.config/git/attributes) for
// the global scope, git's system attributes file for the system scope.
//
// The contract: Install is idempotent; Uninstall removes the settings whose
// value is one that Install writes (for any program path, and the bare
// commands of earlier versions: Recognize), the attribute lines Install
// writes and the hook InstallHook writes, and nothing else; other lines of
// the attributes file and hook, and other configuration, are left byte for
// byte as they were, except that a last line without a line end gets one
// when Install appends after it.
package gitsetup

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"

	"github.com/nbtools/nbdiff/internal/cmdutil"
	"github.com/nbtools/nbdiff/internal/gitcmd"
)

// Scope is where the configuration goes.
type Scope int

const (
	// Local is the repository around Options.Dir (git config --local).
	Local Scope = iota
	// Global is the user's configuration (git config --global).
	Global
	// System is the configuration of every user (git config --system).
	System
)

func (s Scope) flag() string {
	switch s {
	case Global:
		return "--global"
	case System:
		return "--system"
	}
	return "--local"
}

// Options control Install and Uninstall. The zero value configures the
// repository around the current directory and its .gitattributes, without
// the clean filter.
type Options struct {
	// Dir is the directory git runs in ("" is the current directory); any
	// directory inside the work tree will do.
	Dir string
	// Scope is where the configuration goes.
	Scope Scope
	// Strip, for Install, also installs the clean filter that strips
	// notebooks at git add. For Uninstall it removes only the filter and
	// keeps the drivers.
	Strip bool
	// Difftool, for Install, also configures git difftool's tool
	// "nbdiff". For Uninstall it removes only that and keeps the rest.
	// (It changes no attribute line.)
	Difftool bool
	// InfoAttributes, in the local scope, uses .git/info/attributes (not
	// shared with others) instead of the repository's .gitattributes.
	InfoAttributes bool
	// SystemAttributes, in the system scope, is the attributes file to
	// use instead of git's own system file (for tests).
	SystemAttributes string
	// Programs are the programs the configured commands run; the zero
	// value runs them by their bare names, looked up on PATH.
	Programs Programs
	// GitVersion is the version of git to configure for, as git version
	// prints it ("2.44.0"); "" asks the git binary. From git 2.44 on, the
	// merge driver passes git's conflict labels (Labels).
	GitVersion string
	// Hooks, for Install, also installs the pre-commit hook that refuses
	// to commit notebooks holding conflict markers (InstallHook); for
	// Uninstall it removes only that hook. Local scope only.
	Hooks bool
}

// The attribute lines Install writes.
const (
	AttributesLine      = "*.ipynb diff=nbdiff merge=nbmerge"
	StripAttributesLine = "*.ipynb diff=nbdiff merge=nbmerge filter=nbdiff"
)

// settings returns the settings Install writes for opts: the drivers; the
// filter with Strip, and the difftool with Difftool, or when the scope
// holds one that Install wrote (so that a new installation updates its
// commands too).
func settings(opts Options) ([]Setting, error) {
	v := opts.GitVersion
	if v == "" {
		var err error
		if v, err = GitVersion(opts.Dir); err != nil {
			return nil, err
		}
	}
	set := DriverSettings(opts.Programs, Labels(v))
	for _, part := range []struct {
		asked bool
		set   []Setting
	}{
		{opts.Strip, FilterSettings(opts.Programs)},
		{opts.Difftool, DifftoolSettings(opts.Programs)},
	} {
		ok := part.asked
		if !ok {
			var err error
			if ok, err = installed(opts, part.set); err != nil {
				return nil, err
			}
		}
		if ok {
			set = append(set, part.set...)
		}
	}
	return set, nil
}

// installed reports whether the scope of opts holds a value of one of the
// keys of set that Install writes (for any program).
func installed(opts Options, set []Setting) (bool, error) {
	for _, s := range set {
		old, err := getAll(opts, s.Key)
		if err != nil {
			return false, err
		}
		for _, o := range old {
			if _, ok := Recognize(s.Key, o); ok {
				return true, nil
			}
		}
	}
	return false, nil
}

// Install configures git as opts says and returns one line per change it
// made, for the user ("set diff.nbdiff.command = '/bin/nbdiff' driver,
// else a plain text diff", "added '...' to PATH"); nothing is returned
// when everything was already in place. A setting that held another value
// is overwritten and the line names the old value. It does not change
// opts.
func Install(opts Options) ([]string, error) {
	if opts.Hooks && opts.Scope != Local {
		return nil, errors.New("gitsetup: hooks are installed in a repository, not with --global or --system")
	}
	attrPath, err := AttributesFile(opts)
	if err != nil {
		return nil, err
	}
	set, err := settings(opts)
	if err != nil {
		return nil, err
	}
	var changes []string
	for _, s := range set {
		old, err := getAll(opts, s.Key)
		if err != nil {
			return changes, err
		}
		if len(old) == 1 && old[0] == s.Value {
			continue
		}
		if _, err := git(opts.Dir, "config", opts.Scope.flag(), "--replace-all", s.Key, s.Value); err != nil {
			return changes, fmt.Errorf("gitsetup: install: %w", err)
		}
		if len(old) == 0 {
			changes = append(changes, fmt.Sprintf("set %s = %s", s.Key, describe(s.Key, s.Value)))
		} else {
			was := make([]string, len(old))
			for i, o := range old {
				was[i] = describe(s.Key, o)
			}
			changes = append(changes, fmt.Sprintf("set %s = %s (was %s)", s.Key, describe(s.Key, s.Value), strings.Join(was, ", ")))
		}
	}
	want := AttributesLine
	if opts.Strip {
		want = StripAttributesLine
	}
	c, err := editAttributes(attrPath, func(lines []string, eol string) ([]string, string) {
		if indexLine(lines, want) >= 0 || (!opts.Strip && indexLine(lines, StripAttributesLine) >= 0) {
			return lines, ""
		}
		if i := indexLine(lines, AttributesLine); i >= 0 {
			replaceLine(lines, i, want) // --strip upgrades the plain line in place
			return lines, fmt.Sprintf("changed the line to '%s' in", want)
		}
		if n := len(lines); n > 0 && !strings.HasSuffix(lines[n-1], "\n") {
			lines[n-1] += eol
		}
		return append(lines, want+eol), fmt.Sprintf("added '%s' to", want)
	})
	if c != "" {
		changes = append(changes, c)
	}
	if err != nil {
		return changes, err
	}
	// Text cached while nbdiff was missing would be shown for good.
	if n := staleTextconv(opts.Dir); n > 0 {
		if _, err := git(opts.Dir, "update-ref", "-d", textconvCache); err != nil {
			return changes, fmt.Errorf("gitsetup: install: %w", err)
		}
		changes = append(changes, fmt.Sprintf("dropped git's textconv cache (%s): it held %s as raw JSON, cached while nbdiff was missing", textconvCache, notebooks(n)))
	}
	if !opts.Hooks {
		return changes, nil
	}
	hc, err := InstallHook(opts.Dir, opts.Programs.Nbmerge)
	return append(changes, hc...), err
}

// Uninstall removes what Install adds (with opts.Strip only the filter,
// turning the attribute line back into the one without the filter; with
// opts.Difftool only the difftool, with both both) and returns one line
// per change, as Install does. Settings that hold another value than
// Install's are left alone and reported. An attributes file that
// Uninstall empties is removed. It does not change opts.
func Uninstall(opts Options) ([]string, error) {
	if opts.Hooks {
		if opts.Scope != Local {
			return nil, errors.New("gitsetup: hooks are installed in a repository, not with --global or --system")
		}
		return UninstallHook(opts.Dir)
	}
	attrPath, err := AttributesFile(opts)
	if err != nil {
		return nil, err
	}
	var keys []string
	if opts.Strip {
		keys = append(keys, keyFilterClean, keyFilterProcess)
	}
	if opts.Difftool {
		keys = append(keys, keyDifftool)
	}
	if keys == nil {
		keys = []string{keyDiffCommand, keyTextconv, keyCache, keyFuncname, keyMergeName, keyMergeDriver, keyFilterClean, keyFilterProcess, keyDifftool}
	}
	var changes []string
	sections := map[string]bool{}
	for _, key := range keys {
		old, err := getAll(opts, key)
		if err != nil {
			return changes, err
		}
		var kept []string
		unset := false
		for _, o := range slices.Compact(slices.Sorted(slices.Values(old))) {
			if _, ok := Recognize(key, o); !ok {
				kept = append(kept, describe(key, o))
				continue
			}
			if _, err := git(opts.Dir, "config", opts.Scope.flag(), "--fixed-value", "--unset-all", key, o); err != nil {
				return changes, fmt.Errorf("gitsetup: uninstall: %w", err)
			}
			unset = true
		}
		if unset {
			changes = append(changes, fmt.Sprintf("unset %s", key))
			sections[key[:strings.LastIndexByte(key, '.')]] = true
		}
		if len(kept) > 0 {
			changes = append(changes, fmt.Sprintf("kept %s = %s (not set by nbdiff install)", key, strings.Join(kept, ", ")))
		}
	}
	// Older git leaves an empty section header behind; remove it when
	// nothing else is left in the section.
	for _, sec := range slices.Sorted(mapsKeys(sections)) {
		rest, err := git(opts.Dir, "config", opts.Scope.flag(), "--get-regexp", "^"+regexpQuote(sec)+`\.`)
		if err == nil && strings.TrimSpace(rest) != "" {
			continue
		}
		git(opts.Dir, "config", opts.Scope.flag(), "--remove-section", sec) // fails when git removed it already
	}
	if opts.Difftool && !opts.Strip {
		return changes, nil // the attribute line is the drivers'
	}
	c, err := editAttributes(attrPath, func(lines []string, eol string) ([]string, string) {
		if opts.Strip {
			i := indexLine(lines, StripAttributesLine)
			if i < 0 {
				return lines, ""
			}
			replaceLine(lines, i, AttributesLine)
			return lines, fmt.Sprintf("changed the line to '%s' in", AttributesLine)
		}
		n := len(lines)
		lines = slices.DeleteFunc(lines, func(l string) bool {
			k := lineKey(l)
			return k == AttributesLine || k == StripAttributesLine
		})
		if len(lines) == n {
			return lines, ""
		}
		return lines, "removed nbdiff's line from"
	})
	if c != "" {
		changes = append(changes, c)
	}
	if err != nil || opts.Strip || opts.Scope != Local {
		return changes, err
	}
	hc, err := UninstallHook(opts.Dir)
	return append(changes, hc...), err
}

func mapsKeys(m map[string]bool) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

func regexpQuote(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune(`\.+*?()|[]{}^$`, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// getAll returns every value of key in the scope of opts (none when unset).
func getAll(opts Options, key string) ([]string, error) {
	out, err := git(opts.Dir, "config", opts.Scope.flag(), "-z", "--get-all", key)
	if gitcmd.IsUnset(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("gitsetup: reading %s: %w", key, err)
	}
	vals := strings.Split(out, "\x00")
	return vals[:len(vals)-1], nil
}

// AttributesFile returns the attributes file that Install and Uninstall
// edit for opts (the file need not exist).
func AttributesFile(opts Options) (string, error) {
	switch opts.Scope {
	case Global:
		p, err := git(opts.Dir, "config", "--global", "--includes", "--path", "--get", "core.attributesFile")
		if err != nil && !gitcmd.IsUnset(err) {
			return "", fmt.Errorf("gitsetup: reading core.attributesFile: %w", err)
		}
		if p = strings.TrimSuffix(p, "\n"); p != "" {
			return p, nil
		}
		if p, err := git(opts.Dir, "var", "GIT_ATTR_GLOBAL"); err == nil && strings.TrimSpace(p) != "" {
			return filepath.Clean(strings.TrimSpace(p)), nil // git 2.42 and later
		}
		if x := os.Getenv("XDG_CONFIG_HOME"); x != "" {
			return filepath.Join(x, "git", "attributes"), nil
		}
		home, err := homeDir()
		if err != nil {
			return "", fmt.Errorf("gitsetup: %w", err)
		}
		return filepath.Join(home, ".config", "git", "attributes"), nil
	case System:
		if opts.SystemAttributes != "" {
			return opts.SystemAttributes, nil
		}
		if p, err := git(opts.Dir, "var", "GIT_ATTR_SYSTEM"); err == nil && strings.TrimSpace(p) != "" {
			return filepath.Clean(strings.TrimSpace(p)), nil // git 2.42 and later
		}
		return systemAttributes(runtime.GOOS)
	}
	if opts.InfoAttributes {
		p, err := git(opts.Dir, "rev-parse", "--git-path", "info/attributes")
		if err != nil {
			return "", fmt.Errorf("gitsetup: not in a git repository (use --global): %w", err)
		}
		p = strings.TrimSuffix(p, "\n")
		if !filepath.IsAbs(p) {
			p = filepath.Join(opts.Dir, p)
		}
		if abs, err := filepath.Abs(p); err == nil {
			p = abs // reported to the user: say where it is
		}
		return p, nil
	}
	top, err := git(opts.Dir, "rev-parse", "--show-toplevel")
	if err != nil {
		return "", fmt.Errorf("gitsetup: not in a git work tree (use --global, or --private in a bare repository): %w", err)
	}
	return filepath.Join(strings.TrimSuffix(top, "\n"), ".gitattributes"), nil
}

// homeDir is the folder git takes as ~: $HOME when it is set (Git for
// Windows reads it too, and its shell sets it), else the user's profile
// folder, which Git for Windows falls back on.
func homeDir() (string, error) {
	if h := os.Getenv("HOME"); h != "" {
		return h, nil
	}
	return os.UserHomeDir()
}

// systemAttributes is git's system attributes file on goos, for a git
// too old (before 2.42) to say where it is. Git for Windows keeps it
// under its own installation folder, which only git knows.
func systemAttributes(goos string) (string, error) {
	if goos == "windows" {
		return "", errors.New("gitsetup: this git cannot tell where its system attributes file is (git 2.42 and later can): update Git for Windows, or use --global")
	}
	return "/etc/gitattributes", nil
}

// editAttributes reads the attributes file at path as lines that keep
// their line ends, lets edit change them (edit receives the line end the
// file uses and returns a message when it changed something) and writes
// the file back when the message is not empty. Lines edit keeps keep their
// bytes. A file edit empties is removed, unless path is a symbolic link:
// then the file it points to is emptied and the link stays.
func editAttributes(path string, edit func(lines []string, eol string) ([]string, string)) (string, error) {
	data, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return "", fmt.Errorf("gitsetup: %w", err)
	}
	existed := err == nil
	eol := "\n"
	if bytes.Contains(data, []byte("\r\n")) {
		eol = "\r\n"
	}
	lines, what := edit(slices.Collect(strings.Lines(string(data))), eol)
	if what == "" {
		return "", nil
	}
	text := strings.Join(lines, "")
	if text == "" {
		if !existed {
			return "", nil
		}
		if fi, err := os.Lstat(path); err == nil && fi.Mode()&os.ModeSymlink != 0 {
			// A link (to a dotfiles repository, say) stays: empty the file
			// it points to, which may be shared with other machines.
			if err := cmdutil.WriteFileAtomic(path, nil, 0o644); err != nil {
				return "", fmt.Errorf("gitsetup: %w", err)
			}
			return what + " " + path, nil
		}
		if err := os.Remove(path); err != nil {
			return "", fmt.Errorf("gitsetup: %w", err)
		}
		return fmt.Sprintf("removed %s (nothing left in it)", path), nil
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return "", fmt.Errorf("gitsetup: %w", err)
	}
	if err := cmdutil.WriteFileAtomic(path, []byte(text), 0o644); err != nil {
		return "", fmt.Errorf("gitsetup: %w", err)
	}
	return what + " " + path, nil
}

// lineKey is a line of an attributes file without its end and trailing
// blanks, as lines are compared.
func lineKey(line string) string { return strings.TrimRight(line, " \t\r\n") }

// indexLine returns the index of the first line whose key is key, or -1.
func indexLine(lines []string, key string) int {
	return slices.IndexFunc(lines, func(l string) bool { return lineKey(l) == key })
}

// replaceLine replaces lines[i] by key, keeping the line's end.
func replaceLine(lines []string, i int, key string) {
	lines[i] = key + lines[i][len(strings.TrimRight(lines[i], "\r\n")):]
}

// git runs git with args in dir and returns its standard output (see
// gitcmd.Run).
func git(dir string, args ...string) (string, error) {
	out, err := gitcmd.Run(dir, args...)
	return string(out), err
}
