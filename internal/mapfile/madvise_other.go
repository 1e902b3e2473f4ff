//go:build !linux

package mapfile

// dontNeed does nothing where the pages of a mapping cannot portably be
// dropped; the file stays mapped until Close.
func dontNeed([]byte) {}
