package nbdiffcli

import (
	"fmt"
	"io"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/nbtools/nbdiff/internal/cmdutil"
	"github.com/nbtools/nbdiff/internal/gitsetup"
)

// status is nbdiff install --status: the report on stdout, exit status 1
// when something is missing.
func status(c *cli.Context, stdout io.Writer) error {
	if c.NArg() > 0 {
		return cmdutil.Usage("install: unexpected argument %q", c.Args().First())
	}
	st, err := gitsetup.StatusOf("")
	if err != nil {
		return err
	}
	renderStatus(stdout, st)
	if len(st.Problems) > 0 {
		return cmdutil.Exit(1, nil)
	}
	return nil
}

// renderStatus writes st for people: what is configured where, the
// attributes files, the programs, the notebooks and the hook, then the
// problems.
func renderStatus(w io.Writer, st *gitsetup.Status) {
	labels := "passes conflict labels to merge drivers"
	if !st.Labels {
		labels = "passes no conflict labels to merge drivers (git 2.44 and later do)"
	}
	fmt.Fprintf(w, "git %s: %s\n", st.GitVersion, labels)
	if st.Repository != "" {
		fmt.Fprintf(w, "repository: %s\n", st.Repository)
	} else {
		fmt.Fprintln(w, "repository: none (the user's and the system's set-up only)")
	}

	fmt.Fprintln(w, "\nsettings:")
	if len(st.Settings) == 0 {
		fmt.Fprintln(w, "  none in any scope")
	}
	origin := ""
	for _, s := range st.Settings {
		if o := s.Scope + " " + s.Origin; o != origin {
			origin = o
			fmt.Fprintf(w, "  %s (%s)\n", s.Scope, strings.TrimPrefix(s.Origin, "file:"))
		}
		mark := " "
		if !s.Effective {
			mark = "-" // overridden by a later scope
		}
		fmt.Fprintf(w, "   %s %-26s %s\n", mark, s.Key, s.Shown)
	}

	fmt.Fprintln(w, "\nattributes:")
	for _, f := range st.AttributesFiles {
		switch {
		case !f.Exists:
			fmt.Fprintf(w, "  %-20s %s: no such file\n", f.What, f.Path)
		case len(f.Lines) == 0:
			fmt.Fprintf(w, "  %-20s %s: nothing about notebooks\n", f.What, f.Path)
		default:
			fmt.Fprintf(w, "  %-20s %s:\n", f.What, f.Path)
			for _, l := range f.Lines {
				fmt.Fprintf(w, "      %s\n", l)
			}
		}
	}

	if len(st.Programs) > 0 {
		fmt.Fprintln(w, "\nprograms:")
	}
	for _, p := range st.Programs {
		what := "ours: " + p.Version
		switch {
		case p.Resolved == "":
			what = "missing"
		case !p.Ours:
			what = fmt.Sprintf("another program (--version printed %q)", p.Version)
		}
		where := p.String()
		if p.Program == "" && p.Resolved != "" {
			where += " = " + p.Resolved
		}
		fmt.Fprintf(w, "  %-8s %s: %s\n", p.Name, where, what)
	}

	if st.Repository != "" {
		fmt.Fprintf(w, "\nnotebooks: %d tracked", st.Notebooks)
		if len(st.Phantom) > 0 {
			fmt.Fprintf(w, "; stored before the filter strips them:\n")
			for _, p := range st.Phantom {
				fmt.Fprintf(w, "  %s\n", p)
			}
		} else {
			fmt.Fprintln(w)
		}
		hook := "none (nbdiff install --hooks refuses commits of notebooks holding conflict markers)"
		if st.Hook != "" {
			hook = st.Hook
		}
		fmt.Fprintf(w, "pre-commit hook: %s\n", hook)
	}

	for _, n := range st.Notes {
		fmt.Fprintf(w, "\nnote: %s\n", n)
	}
	if len(st.Problems) == 0 {
		fmt.Fprintln(w, "\neverything is in place")
		return
	}
	fmt.Fprintln(w, "\nproblems:")
	for _, p := range st.Problems {
		fmt.Fprintf(w, "  - %s\n", p)
	}
}
