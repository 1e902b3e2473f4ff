package mapfile

import (
	"errors"
	"io"
	"os"
	"strings"
	"testing"
)

// TestEndlessStreamCapped: nothing bounded memory, and reading /dev/zero
// grew to gigabytes. A file that is not a regular file, and standard
// input, are read up to MaxStream bytes; more is a TooLargeError naming
// it. A short stream reads whole.
func TestEndlessStreamCapped(t *testing.T) {
	// Read, ReadFile and ReadAll share the reading of streams: one
	// endless stream is enough (each costs the limit in memory).
	var tl *TooLargeError
	if _, err := os.Stat("/dev/zero"); err == nil {
		if _, err := ReadFile("/dev/zero"); !errors.As(err, &tl) || tl.Name != "/dev/zero" || !strings.Contains(err.Error(), "256 MiB") {
			t.Errorf("ReadFile(/dev/zero): %v, want a TooLargeError", err)
		}
	} else if _, err := ReadAll(io.LimitReader(zeros{}, MaxStream+1), "standard input"); !errors.As(err, &tl) || tl.Name != "standard input" {
		t.Errorf("ReadAll of MaxStream+1 bytes: %v, want a TooLargeError", err)
	}
	want := strings.Repeat("notebook ", 100000)
	if got, err := ReadAll(strings.NewReader(want), "standard input"); err != nil || string(got) != want {
		t.Errorf("ReadAll of a short stream: %d bytes, %v", len(got), err)
	}
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}
