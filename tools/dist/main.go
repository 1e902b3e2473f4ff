// Command dist builds the release artefacts of nbdiff and nbmerge (`make
// dist` runs it), with nbdiff-html, the program nbdiff runs for the HTML
// page:
//
//	go run ./tools/dist -version 0.1.0 [-out dist] [-platforms "linux/amd64 windows/arm64"]
//	                    [-buildflags "-tags urfave_cli_no_docs"] [-python PATH] [-wheels=false]
//
// For each platform (by default linux, darwin and windows on amd64 and
// arm64) it cross-compiles the three commands with the Go toolchain alone
// (CGO_ENABLED=0, -trimpath, the version stamped into
// internal/cmdutil.Version) and writes into the out folder:
//
//	nbdiff-VERSION-OS-ARCH.tar.gz     (.zip for windows) a folder of the same name
//	                                  holding nbdiff, nbdiff-html, nbmerge, LICENSE and README.md
//	nbdiff_go-PEP440-py3-none-TAGS.whl  a Python wheel with the three binaries in
//	                                  .data/scripts, which pip, pipx and uv install
//	                                  into the environment's bin (Scripts) folder
//	SHA256SUMS                        the checksums of those files, as sha256sum -c reads them
//
// The archives are written here (archive/tar, archive/zip) so that they are
// the same bytes on every run: entries in a fixed order, fixed owners and
// modes, and every time stamp set to SOURCE_DATE_EPOCH, or else to the time
// of the commit checked out. The wheels are packed by the wheel project's
// own tool (python -m wheel pack, from Debian's python3-wheel or pip's
// wheel package) from a folder laid out here, with SOURCE_DATE_EPOCH set
// for it too. The python is -python, else $PYTHON, else the first of
// python3, /usr/bin/python3 and python that can run "-m wheel"; with
// -wheels=false no wheel is built and no python is needed.
//
// Before building it removes what an earlier run left in the out folder
// (files named like the ones above), and nothing else.
package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

// DistName is the distribution name of the wheels on PyPI ("nbdiff" and
// "nbmerge" belong to other projects); the commands keep their names.
const DistName = "nbdiff-go"

// versionVar is the variable that -ldflags -X stamps with the version.
const versionVar = "github.com/nbtools/nbdiff/internal/cmdutil.Version"

// commands are the packages built for every platform, by the name of the
// binary they make. nbdiff runs nbdiff-html (the HTML page) from its own
// folder, so every archive and wheel holds the three.
var commands = []string{"nbdiff", "nbdiff-html", "nbmerge"}

// docs are the files that go into every archive beside the binaries; the
// wheels take the first as their licence, the second as their description.
var docs = []string{"LICENSE", "README.md"}

// defaultPlatforms are the GOOS/GOARCH pairs of a release.
const defaultPlatforms = "linux/amd64 linux/arm64 darwin/amd64 darwin/arm64 windows/amd64 windows/arm64"

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

// config is what the flags say.
type config struct {
	version    string
	out        string
	platforms  []platform
	buildFlags []string
	python     string
	wheels     bool
	goCmd      string
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("dist", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var c config
	var platforms, buildFlags string
	fs.StringVar(&c.version, "version", "", "the version to stamp and name the artefacts with: x.y.z or x.y.z-PRE (PRE: dev, alpha, beta or rc, with an optional number)")
	fs.StringVar(&c.out, "out", "dist", "the folder to write the artefacts into")
	fs.StringVar(&platforms, "platforms", defaultPlatforms, "GOOS/GOARCH pairs to build, separated by spaces or commas")
	fs.StringVar(&buildFlags, "buildflags", "", "more flags for go build, separated by spaces (such as -tags urfave_cli_no_docs)")
	fs.StringVar(&c.python, "python", os.Getenv("PYTHON"), "a python that can run \"-m wheel\" (default: python3, /usr/bin/python3 or python, the first that can)")
	fs.BoolVar(&c.wheels, "wheels", true, "build the Python wheels")
	fs.StringVar(&c.goCmd, "go", "go", "the go command")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "dist: unexpected arguments: %s\n", strings.Join(fs.Args(), " "))
		return 2
	}
	var err error
	if c.platforms, err = parsePlatforms(platforms); err != nil {
		fmt.Fprintf(stderr, "dist: %v\n", err)
		return 2
	}
	c.buildFlags = strings.Fields(buildFlags)
	files, err := build(c, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "dist: %v\n", err)
		return 1
	}
	for _, f := range files {
		fmt.Fprintln(stdout, filepath.Join(c.out, f))
	}
	return 0
}

// A platform is a GOOS/GOARCH pair.
type platform struct{ goos, goarch string }

func (p platform) String() string { return p.goos + "/" + p.goarch }

// exe is the suffix of executables on p.
func (p platform) exe() string {
	if p.goos == "windows" {
		return ".exe"
	}
	return ""
}

func parsePlatforms(s string) ([]platform, error) {
	var ps []platform
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' }) {
		goos, goarch, ok := strings.Cut(f, "/")
		p := platform{goos, goarch}
		if !ok || wheelTags(p) == nil {
			return nil, fmt.Errorf("platform %q: want one of %s", f, defaultPlatforms)
		}
		if !slices.Contains(ps, p) {
			ps = append(ps, p)
		}
	}
	if len(ps) == 0 {
		return nil, errors.New("no platform to build")
	}
	return ps, nil
}

// build makes every artefact of c and returns the names of the files it
// wrote into c.out, SHA256SUMS last.
func build(c config, log io.Writer) ([]string, error) {
	pyVersion, err := pep440(c.version)
	if err != nil {
		return nil, err
	}
	python := ""
	if c.wheels {
		if python, err = findPython(c.python); err != nil {
			return nil, err
		}
	}
	epoch, err := sourceDateEpoch()
	if err != nil {
		return nil, err
	}
	docData := make([][]byte, len(docs))
	for i, d := range docs {
		if docData[i], err = os.ReadFile(d); err != nil {
			return nil, fmt.Errorf("%w (run dist at the top of the module)", err)
		}
	}
	if err := os.MkdirAll(c.out, 0o755); err != nil {
		return nil, err
	}
	if err := removeOld(c.out); err != nil {
		return nil, err
	}
	work, err := os.MkdirTemp("", "nbdiff-dist-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(work)

	var files []string
	for _, p := range c.platforms {
		fmt.Fprintf(log, "dist: %s\n", p)
		binDir := filepath.Join(work, "bin", p.goos+"-"+p.goarch)
		if err := goBuild(c, p, binDir); err != nil {
			return nil, err
		}
		base := fmt.Sprintf("nbdiff-%s-%s-%s", c.version, p.goos, p.goarch)
		var entries []entry
		for i, d := range docs {
			entries = append(entries, entry{name: d, data: docData[i], mode: 0o644})
		}
		for _, cmd := range commands {
			data, err := os.ReadFile(filepath.Join(binDir, cmd+p.exe()))
			if err != nil {
				return nil, err
			}
			entries = append(entries, entry{name: cmd + p.exe(), data: data, mode: 0o755})
		}
		name := base + ".tar.gz"
		write := writeTarGz
		if p.goos == "windows" {
			name, write = base+".zip", writeZip
		}
		if err := writeArchive(filepath.Join(c.out, name), base, entries, epoch, write); err != nil {
			return nil, err
		}
		files = append(files, name)
		if !c.wheels {
			continue
		}
		whl, err := buildWheel(wheelSpec{
			python:  python,
			version: pyVersion,
			tags:    wheelTags(p),
			scripts: entries[len(docs):],
			license: docData[0],
			readme:  docData[1],
			epoch:   epoch,
		}, filepath.Join(work, "wheel", p.goos+"-"+p.goarch), c.out)
		if err != nil {
			return nil, err
		}
		files = append(files, whl)
	}
	slices.Sort(files)
	if err := writeSums(c.out, files); err != nil {
		return nil, err
	}
	return append(files, "SHA256SUMS"), nil
}

// goBuild builds the commands for p into dir.
func goBuild(c config, p platform, dir string) error {
	args := []string{"build", "-trimpath", "-o", dir + string(filepath.Separator)}
	args = append(args, c.buildFlags...)
	args = append(args, "-ldflags", "-s -w -X "+versionVar+"="+c.version)
	for _, cmd := range commands {
		args = append(args, "./cmd/"+cmd)
	}
	cmd := exec.Command(c.goCmd, args...)
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS="+p.goos, "GOARCH="+p.goarch)
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go build for %s: %v\n%s", p, err, out)
	}
	return nil
}

// sourceDateEpoch is the time stamp of every file in the artefacts:
// $SOURCE_DATE_EPOCH (seconds since 1970), else the committer time of the
// commit checked out, else the start of 2026. Zip cannot store times
// before 1980.
func sourceDateEpoch() (time.Time, error) {
	s := os.Getenv("SOURCE_DATE_EPOCH")
	if s == "" {
		out, err := exec.Command("git", "log", "-1", "--format=%ct").Output()
		if err != nil || len(bytes.TrimSpace(out)) == 0 {
			return time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), nil
		}
		s = string(bytes.TrimSpace(out))
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 315532800 { // 1980-01-01
		return time.Time{}, fmt.Errorf("SOURCE_DATE_EPOCH %q: want seconds since 1970, from 1980 on", s)
	}
	return time.Unix(n, 0).UTC(), nil
}

// removeOld removes from dir the artefacts an earlier run wrote.
func removeOld(dir string) error {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range ents {
		n := e.Name()
		if e.Type().IsRegular() && (n == "SHA256SUMS" ||
			strings.HasPrefix(n, "nbdiff-") && (strings.HasSuffix(n, ".tar.gz") || strings.HasSuffix(n, ".zip")) ||
			strings.HasPrefix(n, wheelName(DistName)+"-") && strings.HasSuffix(n, ".whl")) {
			if err := os.Remove(filepath.Join(dir, n)); err != nil {
				return err
			}
		}
	}
	return nil
}

// writeSums writes dir/SHA256SUMS for files (names in dir), in the format
// of sha256sum: hex digest, two spaces, name.
func writeSums(dir string, files []string) error {
	var b strings.Builder
	for _, f := range files {
		data, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		fmt.Fprintf(&b, "%s  %s\n", hex.EncodeToString(sum[:]), f)
	}
	return os.WriteFile(filepath.Join(dir, "SHA256SUMS"), []byte(b.String()), 0o644)
}
