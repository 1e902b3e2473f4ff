package gitcmd

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"

	"github.com/nbtools/nbdiff/notebook"
)

// Settings are what the tools read from git's configuration.
type Settings struct {
	// Strip is what stripping keeps:
	//
	//	nbdiff.keepOutputs    bool     keep cell outputs
	//	nbdiff.keepCounts     bool     keep execution counts
	//	nbdiff.keepMetadata   KEY...   volatile metadata to keep
	//	nbdiff.extraMetadata  KEY...   further metadata to strip
	//
	// The lists may be given several times and each value may hold
	// several keys separated by blanks; keys are read by MetadataPaths.
	// The filter, strip and the diff drivers all read it, so they strip
	// alike.
	Strip notebook.StripOptions
	// Filter reports whether nbdiff's clean filter is configured
	// (filter.nbdiff.clean or filter.nbdiff.process). Where it is, the
	// repository stores notebooks stripped, so the outputs of a working
	// file are not a change worth reporting.
	Filter bool
	// Diff3 reports whether merge.conflictStyle asks for a base section
	// in conflicts (diff3 or zdiff3).
	Diff3 bool
	// Color is what git's --get-colorbool color.diff says when git's
	// output is a terminal (its pager): color.diff, else color.ui, else
	// auto; always is on, and auto (as are true and a bare key) is on
	// unless the TERM environment variable is unset or "dumb".
	Color bool
	// Colors are git's colour slots of diffs, color.diff.<slot> (or the
	// older diff.color.<slot>): meta, frag, func, old, new, commit and
	// context (plain), as SGR sequences (see ParseColor). A value git
	// would reject leaves its slot unset.
	Colors DiffColors
	// Pager is core.pager, and PagerSet whether it is set (an empty
	// value means no pager, as in git).
	Pager    string
	PagerSet bool
}

// ReadSettings reads Settings from git's configuration as seen in dir (""
// is the current directory; all scopes, the repository's last, the last
// value of a key winning), with one git command. Booleans are read as git
// reads them (true, yes, on, 1, a bare key; false, no, off, 0, empty).
// Without a git binary, or outside a repository without global settings,
// it returns the defaults (Color as for auto). A value git would reject is an
// error naming the key; the settings read so far are returned with it.
func ReadSettings(dir string) (Settings, error) {
	set := Settings{Color: autoColor()}
	opts := &set.Strip
	out, err := Run(dir, "config", "-z", "--get-regexp", `^(nbdiff|filter\.nbdiff)\.|^merge\.conflictstyle$|^color\.(diff|ui)$|^color\.diff\.|^diff\.color\.|^core\.pager$`)
	switch {
	case IsUnset(err): // nothing set
		return set, nil
	case errors.Is(err, exec.ErrNotFound):
		return set, nil
	case err != nil:
		return set, fmt.Errorf("gitcmd: reading nbdiff settings: %w", err)
	}
	colorDiff, colorUI := "", ""
	for _, entry := range strings.Split(string(out), "\x00") {
		if entry == "" {
			continue
		}
		key, value, hasValue := strings.Cut(entry, "\n")
		switch strings.ToLower(key) {
		case "nbdiff.keepoutputs":
			b, err := parseBool(value, hasValue)
			if err != nil {
				return set, fmt.Errorf("gitcmd: nbdiff.keepOutputs: %w", err)
			}
			opts.KeepOutputs = b
		case "nbdiff.keepcounts":
			b, err := parseBool(value, hasValue)
			if err != nil {
				return set, fmt.Errorf("gitcmd: nbdiff.keepCounts: %w", err)
			}
			opts.KeepCounts = b
		case "nbdiff.keepmetadata":
			opts.KeepMetadata = append(opts.KeepMetadata, MetadataPaths(strings.Fields(value))...)
		case "nbdiff.extrametadata":
			opts.ExtraMetadata = append(opts.ExtraMetadata, MetadataPaths(strings.Fields(value))...)
		case "filter.nbdiff.clean", "filter.nbdiff.process":
			set.Filter = set.Filter || strings.TrimSpace(value) != ""
		case "merge.conflictstyle":
			switch strings.ToLower(strings.TrimSpace(value)) {
			case "diff3", "zdiff3":
				set.Diff3 = true
			default:
				set.Diff3 = false
			}
		case "color.diff":
			colorDiff = colorValue(value, hasValue)
		case "color.ui":
			colorUI = colorValue(value, hasValue)
		case "core.pager":
			set.Pager, set.PagerSet = value, true
		default:
			lk := strings.ToLower(key)
			slot, ok := strings.CutPrefix(lk, "color.diff.")
			if !ok {
				slot, ok = strings.CutPrefix(lk, "diff.color.")
			}
			if ok {
				if sgr, err := ParseColor(value); err == nil && hasValue {
					set.Colors.setSlot(slot, sgr)
				}
			}
		}
	}
	if colorDiff == "" {
		colorDiff = colorUI
	}
	switch colorDiff {
	case "on":
		set.Color = true
	case "off":
		set.Color = false
	}
	return set, nil
}

// autoColor is git's "auto" for a terminal: on unless TERM is unset or
// "dumb".
func autoColor() bool {
	t := os.Getenv("TERM")
	return t != "" && t != "dumb"
}

// colorValue reads a colour setting as git's --get-colorbool does for a
// terminal: "on", "off" or "auto" (true and a bare key are auto). A value
// git cannot read is off.
func colorValue(v string, hasValue bool) string {
	if hasValue {
		switch strings.ToLower(strings.TrimSpace(v)) {
		case "never":
			return "off"
		case "always":
			return "on"
		case "auto":
			return "auto"
		}
	}
	if b, err := parseBool(v, hasValue); err == nil && b {
		return "auto"
	}
	return "off"
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
