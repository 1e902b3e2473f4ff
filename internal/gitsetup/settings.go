package gitsetup

import (
	"errors"
	"fmt"
	"os/exec"
	"strconv"
	"strings"

	"github.com/nbtools/nbdiff/internal/cmdutil"
	"github.com/nbtools/nbdiff/notebook"
)

// StripOptions reads what stripping keeps from git's configuration as seen
// in dir ("" is the current directory; all scopes, the repository's last):
//
//	nbdiff.keepOutputs    bool     keep cell outputs
//	nbdiff.keepCounts     bool     keep execution counts
//	nbdiff.keepMetadata   KEY...   volatile metadata to keep
//	nbdiff.extraMetadata  KEY...   further metadata to strip
//
// The lists may be given several times and each value may hold several
// keys separated by blanks; keys are read by MetadataPaths. Booleans are
// read as git reads them (true, yes, on, 1, a bare key; false, no, off, 0,
// empty); the last one wins. The filter, strip and the diff drivers all
// call it, so they strip alike. Without a git binary, or outside a
// repository without global settings, it returns the zero options.
func StripOptions(dir string) (notebook.StripOptions, error) {
	s, err := ReadSettings(dir)
	return s.Strip, err
}

// Settings are what git's configuration says about nbdiff.
type Settings struct {
	// Strip is what stripping keeps (see StripOptions).
	Strip notebook.StripOptions
	// Filter reports whether nbdiff's clean filter is configured
	// (filter.nbdiff.clean or filter.nbdiff.process). Where it is, the
	// repository stores notebooks stripped, so the outputs of a working
	// file are not a change worth reporting.
	Filter bool
}

// ReadSettings reads Settings from git's configuration as seen in dir, with
// one git command. Errors are as for StripOptions.
func ReadSettings(dir string) (Settings, error) {
	var set Settings
	opts := &set.Strip
	out, err := git(dir, "config", "-z", "--get-regexp", `^(nbdiff|filter\.nbdiff)\.`)
	var ee *cmdutil.GitError
	switch {
	case errors.As(err, &ee) && ee.Code == 1: // nothing set
		return set, nil
	case errors.Is(err, exec.ErrNotFound):
		return set, nil
	case err != nil:
		return set, fmt.Errorf("gitsetup: reading nbdiff settings: %w", err)
	}
	for _, entry := range strings.Split(out, "\x00") {
		if entry == "" {
			continue
		}
		key, value, hasValue := strings.Cut(entry, "\n")
		switch strings.ToLower(key) {
		case "nbdiff.keepoutputs":
			b, err := parseBool(value, hasValue)
			if err != nil {
				return set, fmt.Errorf("gitsetup: nbdiff.keepOutputs: %w", err)
			}
			opts.KeepOutputs = b
		case "nbdiff.keepcounts":
			b, err := parseBool(value, hasValue)
			if err != nil {
				return set, fmt.Errorf("gitsetup: nbdiff.keepCounts: %w", err)
			}
			opts.KeepCounts = b
		case "nbdiff.keepmetadata":
			opts.KeepMetadata = append(opts.KeepMetadata, MetadataPaths(strings.Fields(value))...)
		case "nbdiff.extrametadata":
			opts.ExtraMetadata = append(opts.ExtraMetadata, MetadataPaths(strings.Fields(value))...)
		case "filter.nbdiff.clean", "filter.nbdiff.process":
			set.Filter = set.Filter || strings.TrimSpace(value) != ""
		}
	}
	return set, nil
}

// parseBool reads a git boolean: a key without "=" is true, an empty value
// false, and integers are true when not zero.
func parseBool(v string, hasValue bool) (bool, error) {
	if !hasValue {
		return true, nil
	}
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "true", "yes", "on":
		return true, nil
	case "false", "no", "off", "":
		return false, nil
	}
	if n, err := strconv.ParseInt(strings.TrimSpace(v), 0, 64); err == nil {
		return n != 0, nil
	}
	return false, fmt.Errorf("not a boolean: %q", v)
}

// MetadataPaths turns metadata keys as a user writes them into the paths
// notebook.StripOptions takes: "metadata.KEY" (the notebook's) and
// "cell.metadata.KEY" (every cell's) stay as they are; a bare KEY (which
// may be dotted, "jupyter.source_hidden") names both. Empty keys are
// dropped. It returns a new slice.
func MetadataPaths(keys []string) []string {
	var out []string
	for _, k := range keys {
		switch {
		case k == "":
		case strings.HasPrefix(k, "metadata."), strings.HasPrefix(k, "cell.metadata."):
			out = append(out, k)
		default:
			out = append(out, "metadata."+k, "cell.metadata."+k)
		}
	}
	return out
}
