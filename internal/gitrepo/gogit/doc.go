// Package gogit reads a git repository in-process for package gitrepo
// (gitrepo.Options.Store = Open): objects, references and the index
// through go-git's storage packages, with commits, tags and trees decoded
// here (objects.go) and simple revisions resolved here (names, full
// hashes, ~N and ^N). go-git's top-level package (its transports) and
// plumbing/object (OpenPGP) are left out, as nbdiff has no use for them
// and their code costs start-up memory. It is linked into nbdiff-html
// only: nbdiff, which git starts once per file, reads repositories with
// the git command (gitrepo without a Store).
package gogit
