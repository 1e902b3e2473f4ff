package nbdiffcli

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/urfave/cli/v2"

	"github.com/nbtools/nbdiff/internal/cmdutil"
	"github.com/nbtools/nbdiff/internal/gitrepo"
	"github.com/nbtools/nbdiff/internal/pipeline"
)

var errNotRepo = errors.New("not a git repository: give two files or two directories (nbdiff OLD NEW)")

// diffRepo diffs the notebooks of the repository around the current
// directory, as git diff does: args are revisions (then paths, when an
// argument is no revision but exists), split.Paths the paths after "--";
// store reads the repository in-process where it can (nil: git alone).
func diffRepo(c *cli.Context, args []string, split cmdutil.ArgsSplit, out *output, store gitrepo.OpenStore, stderr io.Writer) error {
	cwd, err := os.Getwd()
	if err != nil {
		return err
	}
	repo, err := gitrepo.Open(cwd, gitrepo.Options{GitCommand: os.Getenv("NBDIFF_GITREPO") == "git", Store: store})
	if errors.Is(err, gitrepo.ErrNotRepository) {
		if err := mistypedCommand(c, args, split, nil); err != nil {
			return err
		}
		if len(args) == 2 {
			for _, p := range args {
				if !exists(p) {
					return fmt.Errorf("%s: no such file", p)
				}
			}
		}
		return cmdutil.Usage("%v", errNotRepo)
	}
	if err != nil {
		return err
	}
	defer repo.Close()
	var revs []string
	paths := split.Paths
	for i, a := range args {
		if repo.IsRangeOf(a) || repo.IsRev(a) {
			revs = append(revs, a)
			continue
		}
		if !split.DashDash && exists(a) {
			paths = append(append([]string(nil), args[i:]...), paths...)
			for _, p := range args[i:] {
				if !exists(p) {
					return cmdutil.Usage("%s: unknown revision or path not in the working tree", p)
				}
			}
			break
		}
		if err := mistypedCommand(c, args[i:], split, repo); err != nil {
			return err
		}
		return cmdutil.Usage("%s: unknown revision or path not in the working tree (use -- to separate paths from revisions)", a)
	}
	a, b, err := repo.Sides(revs, c.Bool("cached"))
	if err != nil {
		return err
	}
	rel, err := repo.Paths(cwd, paths)
	if err != nil {
		return err
	}
	opts, settings, err := diffOptions(c, out.w, repo.Root(), false)
	if err != nil {
		return err
	}
	opts.Prefetch() // beside reading the trees and blobs
	if err := out.apply(c, &opts); err != nil {
		return err
	}
	w, done := out.pager(c, stderr, settings)
	d := pipeline.NewDiffer(w, stderr, opts)
	return done(finish(c, d, out, diffChanges(d, repo, a, b, rel)))
}

// mistypedCommand returns a usage error that suggests a command when the
// first of args, which is neither a revision (of repo, when not nil) nor
// an existing path, is close to the name of one ("nbdiff instal": did you
// mean install?), and nil otherwise.
func mistypedCommand(c *cli.Context, args []string, split cmdutil.ArgsSplit, repo *gitrepo.Repo) error {
	if len(args) == 0 || split.DashDash || len(c.Args().Slice()) != len(args)+len(split.Paths) {
		return nil
	}
	a := args[0]
	if exists(a) || repo != nil && (repo.IsRangeOf(a) || repo.IsRev(a)) || repo == nil && gitrepo.IsRange(a) {
		return nil
	}
	var names []string
	for _, cmd := range c.App.Commands {
		names = append(names, cmd.Name)
	}
	if s := cmdutil.Suggest(a, names); s != "" {
		return cmdutil.Usage("%q is not a command, a revision or a path; did you mean '%s %s'? (see '%s --help')", a, c.App.Name, s, c.App.Name)
	}
	return nil
}

// diffChanges diffs, with d, the notebooks that changed in repo from side
// a to side b, as git diff does: only *.ipynb files, limited to paths
// (slash-separated, relative to the top of the working tree; none is
// all), in path order, renames followed; an unmerged path is reported as
// git reports it. (It is here, not in internal/pipeline, so that nbmerge
// links no git library.)
func diffChanges(d *pipeline.Differ, repo *gitrepo.Repo, a, b gitrepo.Side, paths []string) error {
	changes, err := repo.Diff(a, b, gitrepo.DiffOptions{Paths: paths, Match: pipeline.IsNotebookPath})
	if err != nil {
		return err
	}
	for _, ch := range changes {
		if ch.Unmerged {
			// As git diff says it; the conflict itself is in the file.
			if err := d.Unmerged(ch.Path()); err != nil {
				return err
			}
			continue
		}
		oldSide, err := readEntry(repo, a, ch.From)
		if err != nil {
			return err
		}
		newSide, err := readEntry(repo, b, ch.To)
		if err != nil {
			return err
		}
		oldPath, newPath := ch.From.Path, ch.To.Path
		if oldPath == "" {
			oldPath = newPath
		}
		if newPath == "" {
			newPath = oldPath
		}
		if err := d.Pair(pipeline.Pair{OldPath: oldPath, NewPath: newPath, Old: oldSide, New: newSide, OldMode: ch.From.Mode, NewMode: ch.To.Mode}); err != nil {
			return err
		}
	}
	return nil
}

func readEntry(repo *gitrepo.Repo, s gitrepo.Side, e gitrepo.Entry) (pipeline.Source, error) {
	if e.Absent() {
		return pipeline.Absent(), nil
	}
	data, err := repo.Read(s, e)
	if err != nil {
		return pipeline.Source{}, err
	}
	return pipeline.Bytes(data), nil
}
