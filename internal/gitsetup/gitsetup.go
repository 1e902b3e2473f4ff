// Package gitsetup installs and removes the git configuration that makes
// git use nbdiff and nbmerge for notebooks, and reads the per-repository
// settings that say what stripping keeps.
//
// Install writes, with the git binary (git config), in the scope asked for:
//
//	diff.nbdiff.command       = nbdiff driver
//	diff.nbdiff.textconv      = nbdiff textconv
//	diff.nbdiff.cachetextconv = true
//	diff.nbdiff.xfuncname     = diff.TextconvFuncname (matches the textconv cell headers)
//	merge.nbmerge.name        = nbmerge: cell-aware merge of Jupyter notebooks
//	merge.nbmerge.driver      = nbmerge driver %O %A %B %L %P
//
// and, with Strip,
//
//	filter.nbdiff.clean       = nbdiff filter
//	filter.nbdiff.process     = command -v nbdiff >/dev/null && exec nbdiff filter --process; ...
//
// and, with Difftool, what makes "git difftool --tool=nbdiff" (and -d,
// which passes two directories) open nbdiff's HTML page of the diff:
//
//	difftool.nbdiff.cmd       = nbdiff --html --open "$LOCAL" "$REMOTE"
//
// filter.nbdiff.required is left unset, so that a missing binary never
// blocks git: git then warns and stores files unfiltered. For the clean
// command that is git's own behaviour. For the process command it is not:
// when the process ends before answering git's handshake, git dies with
// "the remote end hung up unexpectedly" (git-lfs users know it). So the
// process command runs "nbdiff filter --process" when nbdiff is on PATH
// and otherwise prints a warning and answers the handshake with no
// capability, which makes git store the files as they are (ProcessCommand).
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
// The commands are bare names, found through PATH when git runs them, so
// the configuration survives reinstalling the binaries elsewhere and can be
// shared by people whose binaries live in different places; nbdiff and
// nbmerge must be on the PATH that git sees.
//
// The contract: Install is idempotent; Uninstall removes the settings whose
// value is the one Install writes and the attribute lines Install writes,
// and nothing else; other lines of the attributes file and other
// configuration are left byte for byte as they were, except that a last
// line without a line end gets one when Install appends after it.
package gitsetup

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/nbtools/nbdiff/diff"
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
}

// A Setting is one git configuration variable and the value Install gives it.
type Setting struct {
	Key, Value string
}

// The attribute lines Install writes.
const (
	AttributesLine      = "*.ipynb diff=nbdiff merge=nbmerge"
	StripAttributesLine = "*.ipynb diff=nbdiff merge=nbmerge filter=nbdiff"
)

// DriverSettings returns the settings of the diff and merge drivers.
func DriverSettings() []Setting {
	return []Setting{
		{"diff.nbdiff.command", "nbdiff driver"},
		{"diff.nbdiff.textconv", "nbdiff textconv"},
		{"diff.nbdiff.cachetextconv", "true"},
		{"diff.nbdiff.xfuncname", diff.TextconvFuncname},
		{"merge.nbmerge.name", "nbmerge: cell-aware merge of Jupyter notebooks"},
		{"merge.nbmerge.driver", "nbmerge driver %O %A %B %L %P"},
	}
}

// ProcessCommand is the value of filter.nbdiff.process: "nbdiff filter
// --process" when nbdiff is on PATH; otherwise a note on stderr and the
// handshake answer of a filter process without capabilities
// ("git-filter-server", "version=2", flush, then an empty capability
// list), so that git goes on and stores the files unfiltered instead of
// dying. git runs it with sh -c.
const ProcessCommand = `command -v nbdiff >/dev/null && exec nbdiff filter --process; ` +
	`echo 'nbdiff: not on PATH, notebooks are stored with their outputs' >&2; ` +
	`printf '0016git-filter-server\n000eversion=2\n00000000'`

// FilterSettings returns the settings of the clean filter.
func FilterSettings() []Setting {
	return []Setting{
		{"filter.nbdiff.clean", "nbdiff filter"},
		{"filter.nbdiff.process", ProcessCommand},
	}
}

// DifftoolCommand is the value of difftool.nbdiff.cmd: git runs it with
// sh, $LOCAL and $REMOTE set to two files, or with -d to two directories
// of the changed files; nbdiff writes one page of them all and opens it.
const DifftoolCommand = `nbdiff --html --open "$LOCAL" "$REMOTE"`

// DifftoolSettings returns the settings of git difftool's tool nbdiff.
func DifftoolSettings() []Setting {
	return []Setting{{"difftool.nbdiff.cmd", DifftoolCommand}}
}

// Install configures git as opts says and returns one line per change it
// made, for the user ("set diff.nbdiff.command = nbdiff driver", "added
// '...' to PATH"); nothing is returned when everything was already in
// place. A setting that held another value is overwritten and the line
// names the old value. It does not change opts.
func Install(opts Options) ([]string, error) {
	attrPath, err := AttributesFile(opts)
	if err != nil {
		return nil, err
	}
	settings := DriverSettings()
	if opts.Strip {
		settings = append(settings, FilterSettings()...)
	}
	if opts.Difftool {
		settings = append(settings, DifftoolSettings()...)
	}
	var changes []string
	for _, s := range settings {
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
			changes = append(changes, fmt.Sprintf("set %s = %s", s.Key, s.Value))
		} else {
			changes = append(changes, fmt.Sprintf("set %s = %s (was %s)", s.Key, s.Value, strings.Join(quoteAll(old), ", ")))
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
	return changes, err
}

// Uninstall removes what Install adds (with opts.Strip only the filter,
// turning the attribute line back into the one without the filter; with
// opts.Difftool only the difftool) and
// returns one line per change, as Install does. Settings that hold another
// value than Install's are left alone and reported. An attributes file
// that Uninstall empties is removed. It does not change opts.
func Uninstall(opts Options) ([]string, error) {
	attrPath, err := AttributesFile(opts)
	if err != nil {
		return nil, err
	}
	var settings []Setting
	switch {
	case opts.Difftool && !opts.Strip:
		settings = DifftoolSettings()
	case opts.Difftool:
		settings = append(FilterSettings(), DifftoolSettings()...)
	case opts.Strip:
		settings = FilterSettings()
	default:
		settings = slices.Concat(DriverSettings(), FilterSettings(), DifftoolSettings())
	}
	var changes []string
	sections := map[string]bool{}
	for _, s := range settings {
		old, err := getAll(opts, s.Key)
		if err != nil {
			return changes, err
		}
		if !slices.Contains(old, s.Value) {
			if len(old) > 0 {
				changes = append(changes, fmt.Sprintf("kept %s = %s (not set by nbdiff install)", s.Key, strings.Join(quoteAll(old), ", ")))
			}
			continue
		}
		if _, err := git(opts.Dir, "config", opts.Scope.flag(), "--fixed-value", "--unset-all", s.Key, s.Value); err != nil {
			return changes, fmt.Errorf("gitsetup: uninstall: %w", err)
		}
		changes = append(changes, fmt.Sprintf("unset %s", s.Key))
		sections[s.Key[:strings.LastIndexByte(s.Key, '.')]] = true
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
	return changes, err
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

func quoteAll(vals []string) []string {
	out := make([]string, len(vals))
	for i, v := range vals {
		out[i] = fmt.Sprintf("%q", v)
	}
	return out
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
		p, err := git(opts.Dir, "config", "--global", "--path", "--get", "core.attributesFile")
		if err != nil && !gitcmd.IsUnset(err) {
			return "", fmt.Errorf("gitsetup: reading core.attributesFile: %w", err)
		}
		if p = strings.TrimSuffix(p, "\n"); p != "" {
			return p, nil
		}
		if x := os.Getenv("XDG_CONFIG_HOME"); x != "" {
			return filepath.Join(x, "git", "attributes"), nil
		}
		home, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("gitsetup: %w", err)
		}
		return filepath.Join(home, ".config", "git", "attributes"), nil
	case System:
		if opts.SystemAttributes != "" {
			return opts.SystemAttributes, nil
		}
		if p, err := git(opts.Dir, "var", "GIT_ATTR_SYSTEM"); err == nil && strings.TrimSpace(p) != "" {
			return strings.TrimSpace(p), nil // git 2.42 and later
		}
		return "/etc/gitattributes", nil
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
