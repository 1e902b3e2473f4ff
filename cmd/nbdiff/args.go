package main

import (
	"regexp"
	"strings"

	"github.com/urfave/cli/v2"
)

// splitArgs records where the arguments of the default action stood
// before reorderArgs moved the flags in front: Paths are the arguments
// given after "--" (urfave/cli drops the "--" itself), DashDash whether
// there was one.
type splitArgs struct {
	Paths    []string
	DashDash bool
}

var shortUnified = regexp.MustCompile(`^-U([0-9]+)$`)

// reorderArgs returns args with the flags of the app (or of the command
// named by the first positional argument) moved in front of the positional
// arguments, because urfave/cli v2 stops reading flags at the first
// positional argument: "nbdiff a.ipynb b.ipynb --stat" works as
// "nbdiff --stat a.ipynb b.ipynb". The value of a flag that takes one stays
// with it; "--" ends the flags; "-U5" becomes "-U=5" and a bare "--color"
// means "--color=always", as in git. Commands that parse no flags (driver,
// textconv) get their arguments untouched. args is not modified.
func reorderArgs(args []string, app *cli.App) ([]string, splitArgs) {
	if len(args) == 0 {
		return args, splitArgs{}
	}
	isCmd := func(a string) bool { return app.Command(a) != nil }
	flags, pos, rest, dash := partition(args[1:], app.Flags, isCmd)
	out := append([]string{args[0]}, flags...)
	if len(pos) > 0 && isCmd(pos[0]) {
		// Root flags stay before the command; the command's arguments
		// are reordered by its own flags.
		cmd := app.Command(pos[0])
		out = append(out, pos[0])
		if cmd.SkipFlagParsing {
			return append(out, pos[1:]...), splitArgs{}
		}
		f, p, r, d := partition(pos[1:], cmd.Flags, nil)
		out = append(out, f...)
		if d {
			out = append(out, "--")
		}
		out = append(out, p...)
		out = append(out, r...)
		return out, splitArgs{}
	}
	// urfave/cli drops a "--" only in front of every positional argument,
	// so it goes there; split says which arguments came after it.
	if dash {
		out = append(out, "--")
	}
	out = append(out, pos...)
	out = append(out, rest...)
	return out, splitArgs{Paths: rest, DashDash: dash}
}

// partition splits args into flags (with their values), positional
// arguments before "--", and the arguments after "--". When the first
// positional argument is a command (isCmd, which may be nil), it and
// everything after it are returned as positional arguments, verbatim.
func partition(args []string, defs []cli.Flag, isCmd func(string) bool) (flags, pos, rest []string, dash bool) {
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
			return flags, pos, args[i+1:], true
		case len(a) > 1 && a[0] == '-':
			if m := shortUnified.FindStringSubmatch(a); m != nil && takesValue["U"] {
				flags = append(flags, "-U="+m[1])
				continue
			}
			name, _, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
			if name == "color" && !hasValue {
				if i+1 < len(args) && isColorMode(args[i+1]) {
					flags = append(flags, "--color="+args[i+1])
					i++
				} else {
					flags = append(flags, "--color=always")
				}
				continue
			}
			flags = append(flags, a)
			if takesValue[name] && !hasValue && i+1 < len(args) {
				flags = append(flags, args[i+1])
				i++
			}
		default:
			pos = append(pos, a)
			if firstPos && isCmd != nil && isCmd(a) {
				// The rest belongs to the command.
				pos = append(pos, args[i+1:]...)
				return flags, pos, nil, false
			}
			firstPos = false
		}
	}
	return flags, pos, nil, false
}

func isColorMode(s string) bool { return s == "auto" || s == "always" || s == "never" }
