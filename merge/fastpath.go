package merge

import "bytes"

// FastPath returns the merge of three versions of a file when it needs no
// merge, as bytes: ours' bytes when theirs equals the base or both sides
// are equal, theirs' bytes when ours equals the base; ok is false in every
// other case, and when opts.StripOutputs is set (stripping outputs always
// needs the full merge, whose result is then not a version's bytes). out
// is one of the arguments, not a copy.
//
// These are the first two rows of the package's case table, taken on bytes:
// the result is a version's own bytes, not a rewrite of it, and nothing is
// parsed, so FastPath works on any bytes, notebooks or not. Callers try it
// first, and parse and merge only when it fails.
//
// A nil version stands for one whose bytes the caller did not keep because
// it knows them to differ from both others (a size of its own, say): it
// equals no other version, nil included, and is never returned. An empty
// version that should compare equal must be a non-nil empty slice, as
// os.ReadFile returns. FastPath does not modify its arguments; its cost is
// at most two comparisons of the versions' bytes.
func FastPath(base, ours, theirs []byte, opts Options) (out []byte, ok bool) {
	if opts.StripOutputs {
		return nil, false
	}
	same := func(a, b []byte) bool { return a != nil && b != nil && bytes.Equal(a, b) }
	switch {
	case same(theirs, base), same(ours, theirs):
		// Row unchanged with the sides swapped, and row same change:
		// ours.
		return ours, ours != nil
	case same(ours, base):
		// Row unchanged: theirs.
		return theirs, theirs != nil
	}
	return nil, false
}
