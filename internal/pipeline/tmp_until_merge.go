package pipeline

import "bytes"

func mergeFastPath(base, ours, theirs []byte) ([]byte, bool) {
	switch {
	case theirs != nil && base != nil && bytes.Equal(theirs, base), ours != nil && theirs != nil && bytes.Equal(ours, theirs):
		return ours, true
	case ours != nil && base != nil && bytes.Equal(ours, base):
		return theirs, true
	}
	return nil, false
}

func hasMarkers(b []byte) bool { return bytes.Contains(b, []byte("<<<<<<<")) }
