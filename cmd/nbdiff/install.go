package main

import (
	"fmt"
	"io"
	"os/exec"

	"github.com/urfave/cli/v2"

	"github.com/nbtools/nbdiff/internal/cmdutil"
	"github.com/nbtools/nbdiff/internal/gitsetup"
)

// setupFlags are the flags of install and uninstall; strip and difftool
// are the usage lines of --strip and --difftool, which differ between the
// two.
func setupFlags(strip, difftool string) []cli.Flag {
	return []cli.Flag{
		&cli.BoolFlag{Name: "global", Usage: "configure git for the current user (~/.gitconfig and core.attributesFile)"},
		&cli.BoolFlag{Name: "system", Usage: "configure git for every user of this machine"},
		&cli.BoolFlag{Name: "private", Usage: "in a repository, use .git/info/attributes (not shared) instead of .gitattributes"},
		&cli.BoolFlag{Name: "strip", Usage: strip},
		&cli.BoolFlag{Name: "difftool", Usage: difftool},
	}
}

// setupOptions turns the flags of c into gitsetup.Options; arguments and
// conflicting scopes are usage errors.
func setupOptions(c *cli.Context) (gitsetup.Options, error) {
	opts := gitsetup.Options{Strip: c.Bool("strip"), Difftool: c.Bool("difftool"), InfoAttributes: c.Bool("private")}
	if c.NArg() > 0 {
		return opts, cmdutil.Usage("%s: unexpected argument %q", c.Command.Name, c.Args().First())
	}
	switch {
	case c.Bool("global") && c.Bool("system"):
		return opts, cmdutil.Usage("%s: --global and --system exclude each other", c.Command.Name)
	case c.Bool("private") && (c.Bool("global") || c.Bool("system")):
		return opts, cmdutil.Usage("%s: --private is for a repository, not with --global or --system", c.Command.Name)
	case c.Bool("global"):
		opts.Scope = gitsetup.Global
	case c.Bool("system"):
		opts.Scope = gitsetup.System
	}
	return opts, nil
}

func installCommand(stderr io.Writer) *cli.Command {
	return &cli.Command{
		Name:  "install",
		Usage: "configure git to diff and merge notebooks with nbdiff and nbmerge",
		Description: "Sets diff.nbdiff.{command,textconv,cachetextconv,xfuncname} and\n" +
			"merge.nbmerge.{name,driver} with git config and adds\n" +
			"    *.ipynb diff=nbdiff merge=nbmerge\n" +
			"to the repository's .gitattributes (--private: .git/info/attributes; --global:\n" +
			"core.attributesFile, by default ~/.config/git/attributes). With --strip also\n" +
			"filter.nbdiff.{clean,process} and filter=nbdiff, so git add stores notebooks\n" +
			"without outputs. With --difftool also difftool.nbdiff.cmd, so that\n" +
			"git difftool --tool=nbdiff [-d] opens the HTML page of the diff.\n" +
			"Running it again changes nothing; nbdiff uninstall undoes it.\n" +
			"The commands are configured by name: nbdiff and nbmerge must be on git's PATH.",
		Flags: setupFlags("also strip outputs when notebooks are added (clean filter)",
			"also set up git difftool --tool=nbdiff (and -d): the HTML page of the diff, opened in the browser"),
		Action: func(c *cli.Context) error {
			if err := setup(c, stderr, gitsetup.Install, "already installed"); err != nil {
				return err
			}
			for _, bin := range []string{"nbdiff", "nbmerge"} {
				if _, err := exec.LookPath(bin); err != nil {
					fmt.Fprintf(stderr, "nbdiff: warning: %s is not on PATH; git will not find it\n", bin)
				}
			}
			return nil
		},
	}
}

func uninstallCommand(stderr io.Writer) *cli.Command {
	return &cli.Command{
		Name:  "uninstall",
		Usage: "remove what nbdiff install configured",
		Description: "Removes the settings and the attribute line that nbdiff install adds, in the same\n" +
			"scope, and nothing else: a setting that holds another value is kept and reported.\n" +
			"With --strip only the clean filter is removed.",
		Flags: setupFlags("remove only the clean filter, keep the diff and merge drivers",
			"remove only the difftool, keep the rest"),
		Action: func(c *cli.Context) error {
			return setup(c, stderr, gitsetup.Uninstall, "nothing to uninstall")
		},
	}
}

// setup runs install or uninstall (fn) with the options of c and reports
// each change on stderr, or none when nothing changed and fn succeeded.
func setup(c *cli.Context, stderr io.Writer, fn func(gitsetup.Options) ([]string, error), none string) error {
	opts, err := setupOptions(c)
	if err != nil {
		return err
	}
	changes, err := fn(opts)
	if err != nil {
		none = ""
	}
	report(stderr, changes, none)
	return err
}

// report writes one line per change, or the line none when there is no
// change and none is not empty.
func report(stderr io.Writer, changes []string, none string) {
	if len(changes) == 0 && none != "" {
		fmt.Fprintf(stderr, "nbdiff: %s\n", none)
	}
	for _, c := range changes {
		fmt.Fprintf(stderr, "nbdiff: %s\n", c)
	}
}
