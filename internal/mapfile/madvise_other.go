//go:build !linux

package mapfile

// dontNeed does nothing where the pages of a mapping cannot portably be
// dropped; the file stays mapped until Close.
func dontNeed([]byte) {}

// noHuge does nothing where mappings are not made of huge pages.
func noHuge([]byte) {}
