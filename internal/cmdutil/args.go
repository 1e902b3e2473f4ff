package cmdutil

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/urfave/cli/v2"
)

// ArgsSplit records where the positional arguments of the app's own
// action stood before ReorderArgs moved the flags in front: Paths are the
// arguments given after "--" (urfave/cli drops the "--" itself), DashDash
// whether there was one.
type ArgsSplit struct {
	Paths    []string
	DashDash bool
}

// ReorderOptions are the options of ReorderArgs.
type ReorderOptions struct {
	// GitSpellings reads two of git diff's spellings: "-U5" is "-U=5",
	// and a bare "--color" is "--color=always" (or takes the next
	// argument when that is auto, always or never).
	GitSpellings bool
	// FlagsFirst names commands whose flags all come before their
	// positional arguments, as in the command lines git's drivers are
	// configured with: from the first positional argument on, everything
	// is positional, so that a path git passes that starts with "-" is
	// not read as a flag.
	FlagsFirst []string
}

// partitionOptions are ReorderOptions with what holds for one command.
type partitionOptions struct {
	ReorderOptions
	stopAtPositional bool
}

var shortUnified = regexp.MustCompile(`^-U([0-9]+)$`)

// ReorderArgs returns args with the flags of the app (or of the command
// named by the first positional argument) moved in front of the
// positional arguments, because urfave/cli v2 stops reading flags at the
// first positional argument: "nbmerge a b c -o out" works as
// "nbmerge -o out -- a b c". args[0] is the program name. The value of a
// flag that takes one stays with it; after "--" everything is positional;
// "-" alone is positional. The positional arguments follow a "--", so
// that none of them is read as a flag. Flags of the app given before a
// command stay before it, and the command's own flags are reordered after
// it; a command that parses no flags (SkipFlagParsing) gets its arguments
// untouched. The split is that of the app's own arguments, or of the
// command's when one is named (none for SkipFlagParsing). args is not
// modified.
//
// A flag that takes a value but has none (it is the last argument, or
// "--" follows it) is a usage error: urfave/cli would otherwise take the
// "--" that precedes the positional arguments as its value ("nbmerge a b
// c -o" would write a file called "--").
func ReorderArgs(args []string, app *cli.App, opts ReorderOptions) ([]string, ArgsSplit, error) {
	if len(args) == 0 {
		return args, ArgsSplit{}, nil
	}
	isCmd := func(a string) bool { return app.Command(a) != nil }
	flags, pos, rest, dash, err := partition(args[1:], app.Flags, isCmd, partitionOptions{ReorderOptions: opts})
	if err != nil {
		return nil, ArgsSplit{}, Usage("%v (see '%s --help')", err, app.Name)
	}
	out := append([]string{args[0]}, flags...)
	if len(pos) > 0 && isCmd(pos[0]) {
		cmd := app.Command(pos[0])
		out = append(out, pos[0])
		if cmd.SkipFlagParsing {
			return append(out, pos[1:]...), ArgsSplit{}, nil
		}
		popts := partitionOptions{ReorderOptions: opts}
		popts.stopAtPositional = slices.Contains(opts.FlagsFirst, cmd.Name)
		f, p, r, dash, err := partition(pos[1:], cmd.Flags, nil, popts)
		if err != nil {
			return nil, ArgsSplit{}, Usage("%v (see '%s %s --help')", err, app.Name, cmd.Name)
		}
		out = append(out, f...)
		return appendPositional(out, p, r), ArgsSplit{Paths: r, DashDash: dash}, nil
	}
	return appendPositional(out, pos, rest), ArgsSplit{Paths: rest, DashDash: dash}, nil
}

// appendPositional appends "--" and the positional arguments, if any.
func appendPositional(out, pos, rest []string) []string {
	if len(pos)+len(rest) == 0 {
		return out
	}
	out = append(out, "--")
	out = append(out, pos...)
	return append(out, rest...)
}

// partition splits args into flags (with their values), positional
// arguments before "--", and the arguments after "--". When the first
// positional argument is a command (isCmd, which may be nil), it and
// everything after it are returned as positional arguments, verbatim; so
// is every argument from the first positional one on with
// opts.stopAtPositional. A flag that takes a value and has none is an
// error.
func partition(args []string, defs []cli.Flag, isCmd func(string) bool, opts partitionOptions) (flags, pos, rest []string, dash bool, err error) {
	takesValue := map[string]bool{}
	for _, f := range append(append([]cli.Flag{}, defs...), cli.HelpFlag, cli.VersionFlag) {
		if f == nil {
			continue
		}
		_, isBool := f.(*cli.BoolFlag)
		for _, n := range f.Names() {
			takesValue[n] = !isBool
		}
	}
	firstPos := true
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			return flags, pos, args[i+1:], true, nil
		case len(a) > 1 && a[0] == '-':
			name, _, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
			if opts.GitSpellings {
				if m := shortUnified.FindStringSubmatch(a); m != nil && takesValue["U"] {
					flags = append(flags, "-U="+m[1])
					continue
				}
				if name == "color" && !hasValue {
					if i+1 < len(args) && isColorMode(args[i+1]) {
						flags = append(flags, "--color="+args[i+1])
						i++
					} else {
						flags = append(flags, "--color=always")
					}
					continue
				}
			}
			flags = append(flags, a)
			if takesValue[name] && !hasValue {
				if i+1 == len(args) || args[i+1] == "--" {
					return nil, nil, nil, false, fmt.Errorf("flag needs an argument: %s", a)
				}
				flags = append(flags, args[i+1])
				i++
			}
		default:
			pos = append(pos, a)
			if opts.stopAtPositional {
				return flags, pos, args[i+1:], false, nil
			}
			if firstPos && isCmd != nil && isCmd(a) {
				// The rest belongs to the command.
				pos = append(pos, args[i+1:]...)
				return flags, pos, nil, false, nil
			}
			firstPos = false
		}
	}
	return flags, pos, nil, false, nil
}

func isColorMode(s string) bool { return s == "auto" || s == "always" || s == "never" }
