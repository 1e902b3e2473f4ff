package gitsetup

import (
	"fmt"
	"strings"

	"github.com/nbtools/nbdiff/diff"
)

// Programs name the programs that the configured commands run.
type Programs struct {
	// Nbdiff and Nbmerge are absolute paths, or "" for the bare names
	// nbdiff and nbmerge, which the shell looks up on git's PATH each time
	// git runs a command.
	Nbdiff, Nbmerge string
}

// A Setting is one git configuration variable and the value Install gives it.
type Setting struct {
	Key, Value string
}

// The keys install sets (as git config --get-regexp names them: in lower
// case), and the fixed values.
const (
	keyDiffCommand   = "diff.nbdiff.command"
	keyTextconv      = "diff.nbdiff.textconv"
	keyCache         = "diff.nbdiff.cachetextconv"
	keyFuncname      = "diff.nbdiff.xfuncname"
	keyMergeName     = "merge.nbmerge.name"
	keyMergeDriver   = "merge.nbmerge.driver"
	keyFilterClean   = "filter.nbdiff.clean"
	keyFilterProcess = "filter.nbdiff.process"
	keyDifftool      = "difftool.nbdiff.cmd"

	mergeName = "nbmerge: cell-aware merge of Jupyter notebooks"
)

// DriverSettings returns the settings of the diff and merge drivers that
// run p; with labels the merge driver passes git's conflict labels (%X,
// %Y and %S, which git 2.44 and later expand).
func DriverSettings(p Programs, labels bool) []Setting {
	return []Setting{
		{keyDiffCommand, DiffCommand(p.Nbdiff)},
		{keyTextconv, TextconvCommand(p.Nbdiff)},
		{keyCache, "true"},
		{keyFuncname, diff.TextconvFuncname},
		{keyMergeName, mergeName},
		{keyMergeDriver, MergeDriver(p.Nbmerge, labels)},
	}
}

// FilterSettings returns the settings of the clean filter that runs p.
func FilterSettings(p Programs) []Setting {
	return []Setting{
		{keyFilterClean, CleanCommand(p.Nbdiff)},
		{keyFilterProcess, ProcessCommand(p.Nbdiff)},
	}
}

// DifftoolSettings returns the setting of git difftool's tool "nbdiff"
// that runs p.
func DifftoolSettings(p Programs) []Setting {
	return []Setting{{keyDifftool, DifftoolCommand(p.Nbdiff)}}
}

// The commands. git runs every one of them with sh -c. Each runs the
// program when it is there and otherwise does what git would do without
// it, with a one-line note on stderr, so that a missing binary (a GUI
// client without the shell's PATH, a moved installation) never loses work
// or stops git:
//
//   - diff.nbdiff.command: a plain text diff (git diff --no-index), exit 0;
//     git appends "$@" (its 7 or 9 arguments) to the command, which the
//     function f receives.
//   - diff.nbdiff.textconv: the file as it is (cat).
//   - merge.nbmerge.driver: git's own text merge (git merge-file with
//     markers of size %L, labels, written into %A; exit 1 on conflict).
//     git expands %O %A %B %L %P (and %S %X %Y from 2.44 on, quoted for
//     the shell like %P) in it before sh sees it, and turns %% into %,
//     so a % of the program's path is written %%.
//   - filter.nbdiff.clean: the file as it is (cat); git expands %f in it.
//   - difftool.nbdiff.cmd: a plain text diff of "$LOCAL" and "$REMOTE"
//     (two files, or with git difftool -d two directories; git sets them
//     in the environment and expands no placeholders), exit 0 as nbdiff
//     --html exits (git difftool --trust-exit-code reads it).
//   - filter.nbdiff.process: the handshake of a filter process without
//     capabilities ("git-filter-server", "version=2", flush, then an empty
//     capability list), after which git stores the files unfiltered. (A
//     process that ends before the handshake makes git die with "the
//     remote end hung up unexpectedly".)
//
// A program named by path runs when the file is executable. A bare name
// runs when "NAME --version" says "NAME version ...": another program of
// the same name on PATH (nbdime's nbdiff and nbmerge) then gets the
// fallback instead of arguments it does not understand.

// DiffCommand returns the value of diff.nbdiff.command that runs nbdiff
// (a path, or "" for the bare name).
func DiffCommand(nbdiff string) string {
	return "f() { " + runIf(nbdiff, "nbdiff", `driver "$@"`, false) +
		"echo " + ShellQuote(missing(nbdiff, "nbdiff")+"; plain text diff of") + ` "$1" >&2; ` +
		`[ $# -ge 7 ] || { echo "* Unmerged path $1"; exit 0; }; ` +
		`git diff --no-index --no-ext-diff --no-textconv -- "$2" "$5"; exit 0; }; f`
}

// TextconvCommand returns the value of diff.nbdiff.textconv that runs
// nbdiff (a path, or "" for the bare name).
func TextconvCommand(nbdiff string) string {
	return "f() { " + runIf(nbdiff, "nbdiff", `textconv "$@"`, false) +
		"echo " + ShellQuote(missing(nbdiff, "nbdiff")+"; showing the notebook as JSON") + ` >&2; cat "$@"; }; f`
}

// MergeDriver returns the value of merge.nbmerge.driver that runs nbmerge
// (a path, or "" for the bare name); with labels it passes git's labels
// (%X %Y %S), or ours, theirs and base when git left them unexpanded
// (before git 2.44).
func MergeDriver(nbmerge string, labels bool) string {
	var b strings.Builder
	args, l := "driver %O %A %B %L %P", "-L ours -L base -L theirs"
	if labels {
		b.WriteString("X=%X Y=%Y S=%S; case $X in %%X) X=ours Y=theirs S=base;; esac; ")
		args += ` "$X" "$Y" "$S"`
		l = `-L "$X" -L "$S" -L "$Y"`
	}
	b.WriteString(runIf(nbmerge, "nbmerge", args, true))
	b.WriteString("echo " + escapePercent(ShellQuote(missing(nbmerge, "nbmerge")+"; merging")) + " %P 'as text with git merge-file' >&2; ")
	b.WriteString("git merge-file --marker-size=%L " + l + " %A %O %B; s=$?; [ $s -lt 128 ] || exit $s; [ $s -eq 0 ]")
	return b.String()
}

// DifftoolCommand returns the value of difftool.nbdiff.cmd that runs
// nbdiff --html --open (a path, or "" for the bare name): one page of the
// diff of the two files or directories, opened in the browser.
func DifftoolCommand(nbdiff string) string {
	return runIf(nbdiff, "nbdiff", `--html --open "$LOCAL" "$REMOTE"`, false) +
		"echo " + ShellQuote(missing(nbdiff, "nbdiff")+"; a plain text diff instead of the HTML page") + " >&2; " +
		`git diff --no-index --no-ext-diff --no-textconv -- "$LOCAL" "$REMOTE"; exit 0`
}

// CleanCommand returns the value of filter.nbdiff.clean that runs nbdiff
// (a path, or "" for the bare name).
func CleanCommand(nbdiff string) string {
	return runIf(nbdiff, "nbdiff", "filter", true) + "echo " + escapePercent(ShellQuote(missing(nbdiff, "nbdiff")+storedAsIs)) + " >&2; cat"
}

// ProcessCommand returns the value of filter.nbdiff.process that runs
// nbdiff (a path, or "" for the bare name).
func ProcessCommand(nbdiff string) string {
	return runIf(nbdiff, "nbdiff", "filter --process", false) + "echo " + ShellQuote(missing(nbdiff, "nbdiff")+storedAsIs) + " >&2; " +
		`printf '0016git-filter-server\n000eversion=2\n00000000'`
}

const storedAsIs = "; notebooks are stored with their outputs"

// runIf returns the shell commands that run the program at path ("" for
// the bare name) with args, replacing the shell, when it is there. With
// escape, a % of the path is written %% (for the commands git expands
// placeholders in).
func runIf(path, name, args string, escape bool) string {
	if path == "" {
		return fmt.Sprintf(`case $(%s --version 2>/dev/null </dev/null) in "%s version "*) exec %s %s;; esac; `, name, name, name, args)
	}
	q := ShellQuote(path)
	if escape {
		q = escapePercent(q)
	}
	return fmt.Sprintf("[ -x %s ] && exec %s %s; ", q, q, args)
}

// missing is the start of the note a command writes when its program is
// missing.
func missing(path, name string) string {
	if path == "" {
		return fmt.Sprintf("%s: %s is not on PATH (or is another program)", name, name)
	}
	return fmt.Sprintf("%s: %s not found", name, path)
}

// ShellQuote quotes s as one word for sh: in single quotes, a single quote
// written '\”.
func ShellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// escapePercent doubles every %, which git's expansion of placeholders
// turns back into one.
func escapePercent(s string) string { return strings.ReplaceAll(s, "%", "%%") }

// A Command is what a configured value runs, as Recognize reads it.
type Command struct {
	// Program is the absolute path of the program, or "" for its bare name.
	Program string
	// Name is "nbdiff" or "nbmerge".
	Name string
	// Fallback is false for the bare commands earlier versions of install
	// wrote ("nbdiff driver"), which fail when the program is missing.
	Fallback bool
	// Labels is set for a merge driver that passes git's conflict labels.
	Labels bool
}

// String names the program for people: its path, or "NAME (on PATH)".
func (c Command) String() string {
	if c.Program == "" {
		return c.Name + " (on PATH)"
	}
	return c.Program
}

// escaped are the keys whose values git expands placeholders in (the
// commands write a % of a path as %%).
var escaped = map[string]bool{keyMergeDriver: true, keyFilterClean: true}

// legacy are the values earlier versions of install wrote.
var legacy = map[string]string{
	keyDiffCommand:   "nbdiff driver",
	keyTextconv:      "nbdiff textconv",
	keyMergeDriver:   "nbmerge driver %O %A %B %L %P",
	keyFilterClean:   "nbdiff filter",
	keyFilterProcess: `command -v nbdiff >/dev/null && exec nbdiff filter --process; echo 'nbdiff: not on PATH, notebooks are stored with their outputs' >&2; printf '0016git-filter-server\n000eversion=2\n00000000'`,
}

// Recognize reports whether value is a value of key that install writes
// for some program, or wrote in an earlier version, and what it runs.
// Keys without a program (diff.nbdiff.cachetextconv, ...) are recognised
// by their one value, with a zero Command.
func Recognize(key, value string) (Command, bool) {
	var build func(path string, labels bool) string
	name := "nbdiff"
	switch strings.ToLower(key) {
	case keyDiffCommand:
		build = func(p string, _ bool) string { return DiffCommand(p) }
	case keyTextconv:
		build = func(p string, _ bool) string { return TextconvCommand(p) }
	case keyMergeDriver:
		build, name = MergeDriver, "nbmerge"
	case keyFilterClean:
		build = func(p string, _ bool) string { return CleanCommand(p) }
	case keyFilterProcess:
		build = func(p string, _ bool) string { return ProcessCommand(p) }
	case keyDifftool:
		build = func(p string, _ bool) string { return DifftoolCommand(p) }
	case keyCache:
		return Command{}, value == "true"
	case keyFuncname:
		return Command{}, value == diff.TextconvFuncname
	case keyMergeName:
		return Command{}, value == mergeName
	default:
		return Command{}, false
	}
	if value == legacy[strings.ToLower(key)] {
		return Command{Name: name}, true
	}
	for _, labels := range []bool{false, true} {
		if value == build("", labels) {
			return Command{Name: name, Fallback: true, Labels: labels}, true
		}
		// The path is the first quoted word where the template with a
		// path that cannot occur (NUL) has its quoted path.
		tmpl := build("\x00", labels)
		i := strings.Index(tmpl, "'\x00'")
		if i < 0 || !strings.HasPrefix(value, tmpl[:i]) {
			continue
		}
		path, ok := shUnquote(value[i:])
		if !ok {
			continue
		}
		if escaped[strings.ToLower(key)] {
			path = strings.ReplaceAll(path, "%%", "%")
		}
		if path != "" && value == build(path, labels) {
			return Command{Program: path, Name: name, Fallback: true, Labels: labels}, true
		}
	}
	return Command{}, false
}

// shUnquote reads the word at the start of s written by shQuote and
// returns its text.
func shUnquote(s string) (string, bool) {
	var b strings.Builder
	read := false
	for {
		switch {
		case strings.HasPrefix(s, "'"):
			end := strings.IndexByte(s[1:], '\'')
			if end < 0 {
				return "", false
			}
			b.WriteString(s[1 : 1+end])
			s = s[end+2:]
		case strings.HasPrefix(s, `\'`):
			b.WriteByte('\'')
			s = s[2:]
		default:
			return b.String(), read
		}
		read = true
	}
}

// describe returns value for people: what a command install writes runs
// (`'/bin/nbdiff' driver, else a plain text diff`), a fixed value as it
// is, anything else quoted.
func describe(key, value string) string {
	c, ok := Recognize(key, value)
	switch {
	case ok && c.Name == "":
		return value
	case !ok || !c.Fallback:
		return fmt.Sprintf("%q", value)
	}
	what := map[string]string{
		keyDiffCommand:   "driver, else a plain text diff",
		keyTextconv:      "textconv, else the notebook as JSON",
		keyMergeDriver:   "driver %O %A %B %L %P, else git merge-file",
		keyFilterClean:   "filter, else stored as it is",
		keyFilterProcess: "filter --process, else stored as it is",
		keyDifftool:      "--html --open, else a plain text diff",
	}[strings.ToLower(key)]
	if c.Labels {
		what = "driver %O %A %B %L %P %X %Y %S, else git merge-file"
	}
	prog := c.Name
	if c.Program != "" {
		prog = ShellQuote(c.Program)
	}
	return prog + " " + what
}
