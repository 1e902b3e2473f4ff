package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// wheelTags returns the compatibility tags (PEP 425) of the wheel for p,
// or nil when p is not a release platform. The binaries need no Python, so
// the interpreter and ABI tags are py3 and none. They are static (no cgo):
// they run on any Linux libc, glibc (manylinux, PEP 600; the
// manylinux2014 alias for pip before 20.3) and musl (musllinux, PEP 656)
// alike. Go 1.25 and later need macOS 12 (Monterey): the linker writes
// 12.0 as the binaries' minimum.
func wheelTags(p platform) []string {
	var plats []string
	switch p {
	case platform{"linux", "amd64"}:
		plats = []string{"manylinux_2_17_x86_64", "manylinux2014_x86_64", "musllinux_1_1_x86_64"}
	case platform{"linux", "arm64"}:
		plats = []string{"manylinux_2_17_aarch64", "manylinux2014_aarch64", "musllinux_1_1_aarch64"}
	case platform{"darwin", "amd64"}:
		plats = []string{"macosx_12_0_x86_64"}
	case platform{"darwin", "arm64"}:
		plats = []string{"macosx_12_0_arm64"}
	case platform{"windows", "amd64"}:
		plats = []string{"win_amd64"}
	case platform{"windows", "arm64"}:
		plats = []string{"win_arm64"}
	default:
		return nil
	}
	tags := make([]string, len(plats))
	for i, pl := range plats {
		tags[i] = "py3-none-" + pl
	}
	return tags
}

// wheelFileName returns the name of the wheel of distribution dist,
// version version with tags, as "wheel pack" names it: the name and
// version, then the interpreter, ABI and platform tags, each a sorted set
// joined with dots (PEP 425's compressed tag sets).
func wheelFileName(dist, version string, tags []string) string {
	var parts [3][]string
	for _, t := range tags {
		for i, f := range strings.SplitN(t, "-", 3) {
			if !slices.Contains(parts[i], f) {
				parts[i] = append(parts[i], f)
			}
		}
	}
	line := make([]string, 3)
	for i := range parts {
		slices.Sort(parts[i])
		line[i] = strings.Join(parts[i], ".")
	}
	return wheelName(dist) + "-" + version + "-" + strings.Join(line, "-") + ".whl"
}

// wheelName is the form of a distribution name in wheel file and folder
// names: normalised (PEP 503) with "_" for the separators.
func wheelName(dist string) string {
	return separators.ReplaceAllString(strings.ToLower(dist), "_")
}

var separators = regexp.MustCompile(`[-_.]+`)

// A wheelSpec is what one wheel holds.
type wheelSpec struct {
	python  string // runs "-m wheel pack"
	version string // PEP 440
	tags    []string
	scripts []entry // the binaries, installed into the environment's bin folder
	license []byte
	readme  []byte    // the long description (Markdown)
	epoch   time.Time // the time stamp of every file
}

// buildWheel lays the wheel of s out in the folder stage (which must not
// exist) and packs it into out with "python -m wheel pack". It returns
// the name of the wheel file.
//
// The layout (PEP 427): NAME-VERSION.data/scripts/ holds the binaries,
// which installers copy into the environment's bin (Scripts) folder with
// their executable bit, as ruff's and uv's wheels do; NAME-VERSION.dist-info
// holds METADATA, WHEEL and LICENSE. wheel pack adds RECORD.
func buildWheel(s wheelSpec, stage, out string) (string, error) {
	nv := wheelName(DistName) + "-" + s.version
	scripts := filepath.Join(stage, nv+".data", "scripts")
	info := filepath.Join(stage, nv+".dist-info")
	for _, d := range []string{scripts, info} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return "", err
		}
	}
	files := map[string][]byte{
		filepath.Join(info, "METADATA"): metadata(s.version, s.readme),
		filepath.Join(info, "WHEEL"):    wheelFile(s.tags),
		filepath.Join(info, "LICENSE"):  s.license,
	}
	for _, e := range s.scripts {
		files[filepath.Join(scripts, e.name)] = e.data
	}
	for path, data := range files {
		mode := os.FileMode(0o644)
		if filepath.Dir(path) == scripts {
			mode = 0o755
		}
		if err := os.WriteFile(path, data, mode); err != nil {
			return "", err
		}
		if err := os.Chmod(path, mode); err != nil { // whatever the umask
			return "", err
		}
	}
	abs, err := filepath.Abs(out)
	if err != nil {
		return "", err
	}
	cmd := exec.Command(s.python, "-m", "wheel", "pack", "-d", abs, stage)
	cmd.Env = append(os.Environ(), "SOURCE_DATE_EPOCH="+strconv.FormatInt(s.epoch.Unix(), 10))
	if o, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("%s -m wheel pack: %v\n%s", s.python, err, o)
	}
	name := wheelFileName(DistName, s.version, s.tags)
	if _, err := os.Stat(filepath.Join(out, name)); err != nil {
		return "", fmt.Errorf("wheel pack did not write the wheel dist expects: %w", err)
	}
	return name, nil
}

// metadata is the METADATA file of the wheel (core metadata 2.1).
func metadata(version string, readme []byte) []byte {
	var b strings.Builder
	for _, kv := range [][2]string{
		{"Metadata-Version", "2.1"},
		{"Name", DistName},
		{"Version", version},
		{"Summary", "nbdiff and nbmerge: git diff and merge drivers for Jupyter notebooks, cell by cell"},
		{"Home-page", "https://github.com/nbtools/nbdiff"},
		{"License", "BSD-3-Clause"},
		{"Keywords", "jupyter,notebook,ipynb,git,diff,merge"},
		{"Classifier", "Environment :: Console"},
		{"Classifier", "Framework :: Jupyter"},
		{"Classifier", "License :: OSI Approved :: BSD License"},
		{"Classifier", "Operating System :: MacOS"},
		{"Classifier", "Operating System :: Microsoft :: Windows"},
		{"Classifier", "Operating System :: POSIX :: Linux"},
		{"Classifier", "Topic :: Software Development :: Version Control :: Git"},
		{"Project-URL", "Source, https://github.com/nbtools/nbdiff"},
		{"Description-Content-Type", "text/markdown"},
	} {
		fmt.Fprintf(&b, "%s: %s\n", kv[0], kv[1])
	}
	b.WriteString("\n")
	b.Write(readme)
	return []byte(b.String())
}

// wheelFile is the WHEEL file of a wheel with tags.
func wheelFile(tags []string) []byte {
	var b strings.Builder
	b.WriteString("Wheel-Version: 1.0\nGenerator: nbdiff tools/dist\nRoot-Is-Purelib: false\n")
	for _, t := range tags {
		fmt.Fprintf(&b, "Tag: %s\n", t)
	}
	return []byte(b.String())
}

// findPython returns a python that can run "-m wheel": want when it is
// not empty, else the first of python3, /usr/bin/python3 and python that
// can. (A python from pyenv or a venv often has no wheel module where the
// system's, with Debian's python3-wheel, has.)
func findPython(want string) (string, error) {
	cands := []string{"python3", "/usr/bin/python3", "python"}
	if want != "" {
		cands = []string{want}
	}
	for _, p := range cands {
		if exec.Command(p, "-m", "wheel", "version").Run() == nil {
			return p, nil
		}
	}
	if want != "" {
		return "", fmt.Errorf("%s cannot run \"-m wheel\": install the wheel module into it (pip install wheel), or build without wheels (-wheels=false)", want)
	}
	return "", errors.New("no python with the wheel module (tried python3, /usr/bin/python3, python): install one (Debian: apt-get install python3-wheel; else pip install wheel) and set PYTHON, or build without wheels (-wheels=false)")
}

// semver matches the versions dist accepts: x.y.z, optionally followed by
// "-" and a pre-release of one of the kinds PEP 440 knows, with an
// optional number ("0.1.0-dev", "1.2.0-rc.1", "1.2.0-beta2").
var semver = regexp.MustCompile(`^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(?:-(dev|alpha|a|beta|b|rc)\.?(0|[1-9][0-9]*)?)?$`)

// pep440 returns the PEP 440 form of a release version, for the wheels:
// 1.2.3 stays, 1.2.3-dev is 1.2.3.dev0, 1.2.3-alpha.1 is 1.2.3a1,
// 1.2.3-beta2 is 1.2.3b2, 1.2.3-rc.1 is 1.2.3rc1. Other forms are an
// error: a version must mean the same to Go's tools, git tags and pip.
func pep440(v string) (string, error) {
	m := semver.FindStringSubmatch(v)
	if m == nil {
		return "", fmt.Errorf("version %q: want x.y.z or x.y.z-PRE, PRE one of dev, alpha, beta, rc with an optional number (such as 0.1.0-rc.1)", v)
	}
	out := m[1] + "." + m[2] + "." + m[3]
	if m[4] == "" {
		return out, nil
	}
	n := m[5]
	if n == "" {
		n = "0"
	}
	switch m[4] {
	case "dev":
		return out + ".dev" + n, nil
	case "alpha", "a":
		return out + "a" + n, nil
	case "beta", "b":
		return out + "b" + n, nil
	}
	return out + "rc" + n, nil
}
