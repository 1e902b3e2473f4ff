package gitsetup

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"

	"github.com/nbtools/nbdiff/internal/gitcmd"
	"github.com/nbtools/nbdiff/internal/pipeline"
)

// A Status is how far the set-up of git for notebooks is in place, as
// seen from one directory: the facts StatusOf found and the problems they
// make. The set-up is complete when Problems is empty.
type Status struct {
	// GitVersion is git's version; Labels says whether it passes conflict
	// labels to merge drivers.
	GitVersion string
	Labels     bool
	// Repository is the top of the work tree ("" outside one).
	Repository string
	// Settings are the settings of nbdiff's sections, in every scope, in
	// the order git reads them (the last of a key wins).
	Settings []ScopedSetting
	// AttributesFiles are the attributes files that apply, with their lines
	// that name notebooks.
	AttributesFiles []AttrFile
	// Programs are the programs the effective commands run.
	Programs []ProgramCheck
	// Notebooks counts the tracked notebooks; Phantom lists those (paths
	// from the top) whose stored blob is not what the clean filter would
	// store from the working file, only because it was stored unstripped.
	Notebooks int
	Phantom   []string
	// Hook describes the pre-commit hook of nbdiff install --hooks ("" when
	// there is none).
	Hook string
	// Problems say what is missing or wrong, each with what to do; Notes
	// are worth knowing but break nothing.
	Problems, Notes []string
}

// A ScopedSetting is one value of a setting, where git found it.
type ScopedSetting struct {
	Scope  string // local, global, system, worktree or command
	Origin string // the file (git's "file:PATH"), or "command line:"
	Key    string // in lower case, as git names keys
	Value  string
	// Shown is the value for people (describe).
	Shown string
	// Effective is set on the value git uses: the last of its key.
	Effective bool
}

// An AttrFile is an attributes file and its lines about notebooks.
type AttrFile struct {
	What, Path string
	Lines      []string // the lines that name .ipynb, or nil
	Exists     bool
}

// A ProgramCheck is a program a configured command runs, and what
// running it showed.
type ProgramCheck struct {
	Command
	// Resolved is where the program is ("" when it is missing).
	Resolved string
	// Version is the first line of its --version; Ours whether it is this
	// project's program.
	Version string
	Ours    bool
}

// The keys Status requires; the filter's and the difftool's are checked
// when set.
var requiredKeys = []string{keyDiffCommand, keyTextconv, keyCache, keyFuncname, keyMergeName, keyMergeDriver}

// StatusOf reports the set-up as git sees it from dir. It changes
// nothing. The error is for git failing to run; what is missing is in
// Problems.
func StatusOf(dir string) (*Status, error) {
	st := new(Status)
	v, err := GitVersion(dir)
	if err != nil {
		return nil, err
	}
	st.GitVersion, st.Labels = v, Labels(v)
	if top, err := git(dir, "rev-parse", "--show-toplevel"); err == nil {
		st.Repository = strings.TrimSuffix(top, "\n")
	}
	if err := st.readSettings(dir); err != nil {
		return nil, err
	}
	st.checkCommands()
	st.checkAttributes(dir)
	if st.Repository != "" {
		if err := st.checkNotebooks(); err != nil {
			return nil, err
		}
		st.checkTextconvCache()
		st.checkHook()
	}
	return st, nil
}

// readSettings reads every value of nbdiff's sections with its scope.
func (st *Status) readSettings(dir string) error {
	out, err := git(dir, "config", "--show-scope", "--show-origin", "-z", "--get-regexp", `^(diff\.nbdiff|merge\.nbmerge|filter\.nbdiff|difftool\.nbdiff)\.`)
	if err != nil && !gitcmd.IsUnset(err) {
		return fmt.Errorf("gitsetup: status: %w", err)
	}
	f := strings.Split(out, "\x00")
	for i := 0; i+2 < len(f); i += 3 {
		key, value, _ := strings.Cut(f[i+2], "\n")
		st.Settings = append(st.Settings, ScopedSetting{Scope: f[i], Origin: f[i+1], Key: key, Value: value, Shown: describe(key, value)})
	}
	seen := map[string]bool{}
	for i := len(st.Settings) - 1; i >= 0; i-- {
		if k := st.Settings[i].Key; !seen[k] {
			seen[k] = true
			st.Settings[i].Effective = true
		}
	}
	return nil
}

// effective returns the effective setting of key, or nil.
func (st *Status) effective(key string) *ScopedSetting {
	for i := range st.Settings {
		if s := &st.Settings[i]; s.Effective && s.Key == key {
			return s
		}
	}
	return nil
}

func (st *Status) problem(format string, args ...any) {
	st.Problems = append(st.Problems, fmt.Sprintf(format, args...))
}

// checkCommands checks that the effective settings are install's and that
// the programs they run are there and ours.
func (st *Status) checkCommands() {
	keys := slices.Clone(requiredKeys)
	if st.effective(keyFilterClean) != nil || st.effective(keyFilterProcess) != nil {
		keys = append(keys, keyFilterClean, keyFilterProcess)
	}
	if st.effective(keyDifftool) != nil {
		keys = append(keys, keyDifftool)
	}
	var missing []string
	var progs []Command
	for _, key := range keys {
		s := st.effective(key)
		if s == nil {
			missing = append(missing, key)
			continue
		}
		c, ok := Recognize(key, s.Value)
		switch {
		case !ok:
			st.problem("%s (%s) is not what nbdiff install writes: %s (nbdiff install replaces it)", key, s.Scope, s.Shown)
		case c.Name != "" && !c.Fallback:
			st.problem("%s (%s) was written by an earlier nbdiff install, which fails when %s is missing: run nbdiff install again", key, s.Scope, c.Name)
		case key == keyMergeDriver && st.Labels && !c.Labels:
			st.Notes = append(st.Notes, fmt.Sprintf("git %s passes conflict labels to merge drivers: run nbdiff install again to use them", st.GitVersion))
		}
		if ok && c.Name != "" && !slices.Contains(progs, Command{Program: c.Program, Name: c.Name}) {
			progs = append(progs, Command{Program: c.Program, Name: c.Name})
		}
	}
	if len(missing) > 0 {
		st.problem("not set in any scope: %s (run nbdiff install, or nbdiff install --global)", strings.Join(missing, ", "))
	}
	for _, c := range progs {
		pc := ProgramCheck{Command: c, Resolved: c.Program}
		if c.Program == "" {
			p, err := exec.LookPath(c.Name)
			if err != nil && !errors.Is(err, exec.ErrDot) {
				p = ""
			}
			pc.Resolved = p
		} else if fi, err := os.Stat(c.Program); err != nil || fi.IsDir() || !executable(fi) {
			pc.Resolved = ""
		}
		if pc.Resolved != "" {
			pc.Version, pc.Ours = Identify(pc.Resolved, c.Name)
		}
		st.Programs = append(st.Programs, pc)
		fallback := map[string]string{"nbdiff": "diffs fall back to plain text", "nbmerge": "merges fall back to git merge-file"}[c.Name]
		switch {
		case pc.Resolved == "" && c.Program == "":
			st.problem("%s is not on PATH: %s (put it on PATH, or run nbdiff install from where it is)", c.Name, fallback)
		case pc.Resolved == "":
			st.problem("%s is missing: %s (reinstall it, or run nbdiff install from where it is now)", c.Program, fallback)
		case !pc.Ours:
			v := pc.Version
			if v == "" {
				v = "nothing"
			}
			st.problem("%s is another program (--version printed %q): %s", pc.Resolved, v, fallback)
		}
	}
}

// checkAttributes lists the attributes files and checks that notebooks
// get the drivers: every tracked notebook and a new one at the top, in a
// repository; outside one, that a global or system file holds install's
// line.
func (st *Status) checkAttributes(dir string) {
	var files []AttrFile
	if st.Repository != "" {
		files = append(files, AttrFile{What: ".gitattributes", Path: filepath.Join(st.Repository, ".gitattributes")})
		if p, err := AttributesFile(Options{Dir: dir, InfoAttributes: true}); err == nil {
			files = append(files, AttrFile{What: "info/attributes", Path: p})
		}
	}
	if p, err := AttributesFile(Options{Dir: dir, Scope: Global}); err == nil {
		files = append(files, AttrFile{What: "core.attributesFile", Path: p})
	}
	if os.Getenv("GIT_ATTR_NOSYSTEM") == "" && os.Getenv("GIT_CONFIG_NOSYSTEM") == "" {
		if p, err := AttributesFile(Options{Dir: dir, Scope: System}); err == nil {
			files = append(files, AttrFile{What: "system", Path: p})
		}
	}
	ours := false
	for i := range files {
		data, err := os.ReadFile(files[i].Path)
		files[i].Exists = err == nil
		for l := range strings.Lines(string(data)) {
			if k := lineKey(l); strings.Contains(k, "ipynb") {
				files[i].Lines = append(files[i].Lines, k)
				ours = ours || k == AttributesLine || k == StripAttributesLine
			}
		}
	}
	st.AttributesFiles = files
	if st.Repository == "" {
		if !ours {
			st.problem("no attributes file gives notebooks the drivers (run nbdiff install --global)")
		}
		return
	}
	paths, _ := git(st.Repository, "ls-files", "-z", "--", "*.ipynb")
	list := strings.Split(strings.TrimSuffix(paths, "\x00"), "\x00")
	if list[0] == "" {
		list = list[:0]
	}
	// An unmerged path is listed once per stage, one after the other.
	list = slices.Compact(list)
	st.Notebooks = len(list)
	const probe = "nbdiff-status-new.ipynb"
	out, err := gitcmd.RunWith("git", st.Repository, strings.Join(append(list, probe), "\x00")+"\x00", "check-attr", "-z", "--stdin", "diff", "merge", "filter")
	if err != nil {
		st.problem("git check-attr: %v", err)
		return
	}
	attrs := map[string]map[string]string{}
	f := strings.Split(string(out), "\x00")
	for i := 0; i+2 < len(f); i += 3 {
		if attrs[f[i]] == nil {
			attrs[f[i]] = map[string]string{}
		}
		attrs[f[i]][f[i+1]] = f[i+2]
	}
	var without []string
	filtered := false
	for _, p := range append(list, probe) {
		a := attrs[p]
		if a["diff"] != "nbdiff" || a["merge"] != "nbmerge" {
			if p == probe {
				p = "new notebooks at the top"
			}
			without = append(without, p)
		}
		filtered = filtered || a["filter"] == "nbdiff"
	}
	if len(without) > 0 {
		if len(without) > 5 {
			without = append(without[:5], fmt.Sprintf("and %d more", len(without)-5))
		}
		st.problem("the attributes do not give diff=nbdiff merge=nbmerge to: %s (run nbdiff install; a .gitattributes further down may override it)", strings.Join(without, ", "))
	}
	if filtered && st.effective(keyFilterClean) == nil && st.effective(keyFilterProcess) == nil {
		st.problem("the attributes say filter=nbdiff, but filter.nbdiff is not configured here: notebooks are stored unstripped (run nbdiff install --strip)")
	}
}

// checkNotebooks finds the phantom modified notebooks: where the clean
// filter is configured and applies, a notebook whose blob in the index is
// not what the filter makes of the working file, while the filter makes
// the same of both: the blob was stored before the filter was installed.
// git status then calls the file modified as soon as its timestamp
// changes, and git diff shows nothing.
func (st *Status) checkNotebooks() error {
	if st.effective(keyFilterClean) == nil && st.effective(keyFilterProcess) == nil {
		return nil
	}
	set, err := gitcmd.ReadSettings(st.Repository)
	if err != nil {
		return fmt.Errorf("gitsetup: status: %w", err)
	}
	out, err := git(st.Repository, "ls-files", "-s", "-z", "--", ":(attr:filter=nbdiff)*.ipynb")
	if err != nil {
		return fmt.Errorf("gitsetup: status: %w", err)
	}
	var paths, oids []string
	for _, rec := range strings.Split(out, "\x00") {
		meta, path, ok := strings.Cut(rec, "\t")
		f := strings.Fields(meta)
		if !ok || len(f) != 3 || f[2] != "0" {
			continue // unmerged: not comparable
		}
		paths, oids = append(paths, path), append(oids, f[1])
	}
	blobs, err := catFiles(st.Repository, oids)
	if err != nil {
		return err
	}
	clean := func(data []byte) []byte {
		out, _, err := pipeline.Strip(data, set.Strip)
		if err != nil {
			return data // the filter passes it through
		}
		return out
	}
	for i, p := range paths {
		work, err := os.ReadFile(filepath.Join(st.Repository, filepath.FromSlash(p)))
		if err != nil || blobs[i] == nil {
			continue
		}
		want := clean(work)
		if !bytes.Equal(blobs[i], want) && bytes.Equal(clean(blobs[i]), want) {
			st.Phantom = append(st.Phantom, p)
		}
	}
	if len(st.Phantom) > 0 {
		st.problem("%s stored before the filter strips them (git calls such files modified once touched, while git diff shows nothing): "+
			"git add --renormalize . && git commit -m 'Store notebooks stripped'", notebooks(len(st.Phantom)))
	}
	return nil
}

// textconvCache is the ref of git's cache of textconv output
// (diff.nbdiff.cachetextconv).
const textconvCache = "refs/notes/textconv/nbdiff"

// checkTextconvCache looks for notebooks that git cached as raw JSON: the
// textconv's fallback ran (nbdiff was missing), and git keeps showing
// that text until the cache goes.
func (st *Status) checkTextconvCache() {
	if n := staleTextconv(st.Repository); n > 0 {
		st.problem("git's textconv cache holds %s as raw JSON, cached while nbdiff was missing: git update-ref -d %s", notebooks(n), textconvCache)
	}
}

// staleTextconv counts the notes of git's textconv cache that hold a
// notebook's JSON rather than the text nbdiff textconv writes (which
// starts with "# cell"); 0 when there is no cache.
func staleTextconv(dir string) int {
	out, err := git(dir, "notes", "--ref="+textconvCache, "list")
	if err != nil || out == "" {
		return 0
	}
	var notes []string
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		if f := strings.Fields(l); len(f) == 2 {
			notes = append(notes, f[0])
		}
	}
	blobs, err := catFiles(dir, notes)
	if err != nil {
		return 0
	}
	n := 0
	for _, b := range blobs {
		if b = bytes.TrimLeft(b, " \t\r\n\ufeff"); len(b) > 0 && b[0] == '{' {
			n++
		}
	}
	return n
}

// checkHook describes the pre-commit hook of install --hooks.
func (st *Status) checkHook() {
	hooks, err := HooksDir(st.Repository)
	if err != nil {
		return
	}
	path := filepath.Join(hooks, hookName)
	data, err := os.ReadFile(path)
	switch {
	case err != nil:
	case recognizeHook(data):
		st.Hook = path
	case bytes.Contains(data, []byte(ChainLine)):
		st.Hook = path + " runs " + filepath.Join(hooks, chainedName)
	}
}

// executable reports whether the file fi describes may be run: on
// Windows, which has no execute bits, any file.
func executable(fi os.FileInfo) bool {
	return runtime.GOOS == "windows" || fi.Mode()&0o111 != 0
}

// notebooks returns "1 notebook" or "N notebooks".
func notebooks(n int) string {
	if n == 1 {
		return "1 notebook"
	}
	return fmt.Sprintf("%d notebooks", n)
}

// catFiles returns the contents of the objects named by oids (nil for a
// missing one), read with one git cat-file --batch.
func catFiles(dir string, oids []string) ([][]byte, error) {
	if len(oids) == 0 {
		return nil, nil
	}
	out, err := gitcmd.RunWith("git", dir, strings.Join(oids, "\n")+"\n", "cat-file", "--batch")
	if err != nil {
		return nil, fmt.Errorf("gitsetup: status: %w", err)
	}
	blobs := make([][]byte, len(oids))
	for i := range oids {
		header, rest, ok := bytes.Cut(out, []byte("\n"))
		if !ok {
			return nil, errors.New("gitsetup: status: git cat-file --batch: output cut short")
		}
		f := strings.Fields(string(header))
		if len(f) != 3 {
			out = rest // "<oid> missing"
			continue
		}
		size, err := strconv.Atoi(f[2])
		if err != nil || size+1 > len(rest) {
			return nil, fmt.Errorf("gitsetup: status: git cat-file --batch: bad header %q", header)
		}
		blobs[i], out = rest[:size], rest[size+1:]
	}
	return blobs, nil
}
