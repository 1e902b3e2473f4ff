package nbdiffcli

import (
	"fmt"
	"io"

	"github.com/urfave/cli/v2"

	"github.com/nbtools/nbdiff/internal/cmdutil"
	"github.com/nbtools/nbdiff/internal/gitsetup"
)

// setupFlags are the flags of install and uninstall; strip, hooks and
// difftool are the usage lines of --strip, --hooks and --difftool, which
// differ between the two.
func setupFlags(strip, hooks, difftool string) []cli.Flag {
	return []cli.Flag{
		&cli.BoolFlag{Name: "global", Usage: "configure git for the current user (~/.gitconfig and core.attributesFile)"},
		&cli.BoolFlag{Name: "system", Usage: "configure git for every user of this machine"},
		&cli.BoolFlag{Name: "private", Usage: "in a repository, use .git/info/attributes (not shared) instead of .gitattributes"},
		&cli.BoolFlag{Name: "strip", Usage: strip},
		&cli.BoolFlag{Name: "hooks", Usage: hooks},
		&cli.BoolFlag{Name: "difftool", Usage: difftool},
	}
}

// setupOptions turns the flags of c into gitsetup.Options; arguments and
// conflicting flags are usage errors.
func setupOptions(c *cli.Context) (gitsetup.Options, error) {
	opts := gitsetup.Options{Strip: c.Bool("strip"), Difftool: c.Bool("difftool"), InfoAttributes: c.Bool("private"), Hooks: c.Bool("hooks")}
	if c.NArg() > 0 {
		return opts, cmdutil.Usage("%s: unexpected argument %q", c.Command.Name, c.Args().First())
	}
	switch {
	case c.Bool("global") && c.Bool("system"):
		return opts, cmdutil.Usage("%s: --global and --system exclude each other", c.Command.Name)
	case c.Bool("private") && (c.Bool("global") || c.Bool("system")):
		return opts, cmdutil.Usage("%s: --private is for a repository, not with --global or --system", c.Command.Name)
	case c.Bool("hooks") && (c.Bool("global") || c.Bool("system")):
		return opts, cmdutil.Usage("%s: --hooks is for a repository, not with --global or --system", c.Command.Name)
	case c.Bool("hooks") && (c.Bool("strip") || c.Bool("difftool")) && c.Command.Name == "uninstall":
		return opts, cmdutil.Usage("uninstall: --hooks removes only the hook: it excludes --strip and --difftool")
	case c.Bool("global"):
		opts.Scope = gitsetup.Global
	case c.Bool("system"):
		opts.Scope = gitsetup.System
	}
	return opts, nil
}

// installCommand is nbdiff install; arg0 is the nbdiff being run
// (os.Args[0]), to find its own path.
func installCommand(arg0 string, stdout, stderr io.Writer) *cli.Command {
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
			"git difftool --tool=nbdiff [-d] opens the HTML page of the diff. Running it\n" +
			"again changes nothing; nbdiff uninstall undoes it.\n\n" +
			"The commands run nbdiff and nbmerge by their absolute paths (as found, symbolic\n" +
			"links kept; nbmerge is the one beside nbdiff, else the one on PATH); with\n" +
			"--bare-names by name, looked up on the PATH git sees. When a program is missing,\n" +
			"git falls back to its own text merge (with conflict markers) and a plain text\n" +
			"diff, so no work is lost. Run it again after moving the binaries.\n\n" +
			"--hooks also installs a pre-commit hook that refuses notebooks still holding\n" +
			"conflict markers (nbmerge check); a pre-commit hook of yours is kept and calls it.\n" +
			"--status changes nothing: it reports what is configured where, whether the\n" +
			"programs are found and are ours, and notebooks stored before the filter; exit\n" +
			"status 0 when everything is in place, 1 otherwise.",
		Flags: append(setupFlags("also strip outputs when notebooks are added (clean filter)",
			"also install a git pre-commit hook that refuses notebooks holding conflict markers",
			"also set up git difftool --tool=nbdiff (and -d): the HTML page of the diff, opened in the browser"),
			&cli.BoolFlag{Name: "bare-names", Usage: "run nbdiff and nbmerge by name, found on git's PATH, instead of by their paths"},
			&cli.BoolFlag{Name: "status", Usage: "change nothing; report the set-up and exit 1 when something is missing"},
		),
		Action: func(c *cli.Context) error {
			if c.Bool("status") {
				for _, f := range []string{"strip", "hooks", "difftool", "bare-names"} {
					if c.Bool(f) {
						return cmdutil.Usage("install: --status changes nothing; it takes no --%s", f)
					}
				}
				return status(c, stdout)
			}
			opts, err := setupOptions(c)
			if err != nil {
				return err
			}
			found := gitsetup.Locate(arg0, c.Bool("bare-names"))
			opts.Programs = found.Programs
			changes, err := gitsetup.Install(opts)
			none := "already installed"
			if err != nil {
				none = ""
			}
			report(stderr, changes, none)
			for _, w := range found.Warnings {
				fmt.Fprintf(stderr, "nbdiff: warning: %s\n", w)
			}
			return err
		},
	}
}

func uninstallCommand(stderr io.Writer) *cli.Command {
	return &cli.Command{
		Name:  "uninstall",
		Usage: "remove what nbdiff install configured",
		Description: "Removes the settings, the attribute line and the pre-commit hook that nbdiff\n" +
			"install adds (for any path of the programs, and the forms earlier versions\n" +
			"wrote), in the same scope, and nothing else: a setting that holds another value\n" +
			"is kept and reported. With --strip only the clean filter is removed, with\n" +
			"--hooks only the hook, with --difftool only the difftool.",
		Flags: setupFlags("remove only the clean filter, keep the diff and merge drivers",
			"remove only the pre-commit hook",
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
