package pipeline

import "github.com/nbtools/nbdiff/internal/gitrepo"

// DiffRepo diffs, with d, the notebooks that changed in repo from side a
// to side b, as git diff does: only *.ipynb files, limited to paths
// (slash-separated, relative to the top of the working tree; none is
// all), in path order, renames followed; an unmerged path is reported as
// git reports it.
func DiffRepo(d *Differ, repo *gitrepo.Repo, a, b gitrepo.Side, paths []string) error {
	changes, err := repo.Diff(a, b, gitrepo.DiffOptions{Paths: paths, Match: IsNotebookPath})
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
		if err := d.Pair(Pair{OldPath: oldPath, NewPath: newPath, Old: oldSide, New: newSide}); err != nil {
			return err
		}
	}
	return nil
}

func readEntry(repo *gitrepo.Repo, s gitrepo.Side, e gitrepo.Entry) (Source, error) {
	if e.Absent() {
		return Absent(), nil
	}
	data, err := repo.Read(s, e)
	if err != nil {
		return Source{}, err
	}
	return Bytes(data), nil
}
