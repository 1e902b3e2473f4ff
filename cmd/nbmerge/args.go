package main

import (
	"strings"

	"github.com/urfave/cli/v2"
)

// reorderArgs returns args with every flag moved before the positional
// arguments, so that "nbmerge a b c -o out" works: urfave/cli stops parsing
// flags at the first positional argument. args[0] is the program name; a
// command name (the first positional argument when it names one of app's
// commands) stays in front and the flags of that command are reordered
// after it. Everything after "--" stays positional. A flag that takes a
// value keeps the argument that follows it unless written as --flag=value.
// args is not modified.
func reorderArgs(args []string, app *cli.App) []string {
	if len(args) == 0 {
		return args
	}
	flags := app.Flags
	out := []string{args[0]}
	rest := args[1:]
	if i := firstPositional(rest, valueFlags(flags)); i >= 0 {
		for _, cmd := range app.Commands {
			if cmd.HasName(rest[i]) {
				// Flags of the app before the command stay where they are.
				out = append(out, rest[:i+1]...)
				rest = rest[i+1:]
				flags = cmd.Flags
				break
			}
		}
	}
	var fl, pos []string
	vf := valueFlags(flags)
	for i := 0; i < len(rest); i++ {
		a := rest[i]
		switch {
		case a == "--":
			pos = append(pos, rest[i+1:]...)
			i = len(rest)
		case isFlag(a):
			fl = append(fl, a)
			if vf[flagName(a)] && !strings.Contains(a, "=") && i+1 < len(rest) {
				i++
				fl = append(fl, rest[i])
			}
		default:
			pos = append(pos, a)
		}
	}
	out = append(out, fl...)
	if len(pos) > 0 {
		out = append(out, "--")
		out = append(out, pos...)
	}
	return out
}

// firstPositional returns the index of the first argument in args that is
// not a flag or a flag's value, or -1.
func firstPositional(args []string, vf map[string]bool) int {
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			return -1
		case isFlag(a):
			if vf[flagName(a)] && !strings.Contains(a, "=") {
				i++
			}
		default:
			return i
		}
	}
	return -1
}

// isFlag reports whether a looks like a flag: "-x" or "--xy", not "-".
func isFlag(a string) bool { return len(a) > 1 && a[0] == '-' }

// flagName returns the name of flag argument a without dashes and value.
func flagName(a string) string {
	a = strings.TrimLeft(a, "-")
	if i := strings.IndexByte(a, '='); i >= 0 {
		a = a[:i]
	}
	return a
}

// valueFlags returns the names (and aliases) of the flags that take a
// value: every flag except boolean ones.
func valueFlags(flags []cli.Flag) map[string]bool {
	m := make(map[string]bool)
	for _, f := range flags {
		if _, ok := f.(*cli.BoolFlag); ok {
			continue
		}
		for _, n := range f.Names() {
			m[n] = true
		}
	}
	return m
}
