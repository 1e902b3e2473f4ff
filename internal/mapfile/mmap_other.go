//go:build !unix

package mapfile

import (
	"errors"
	"os"
)

func mmap(*os.File, int) ([]byte, error) {
	return nil, errors.New("mapfile: no mapping on this system")
}

func munmap([]byte) error { return nil }
