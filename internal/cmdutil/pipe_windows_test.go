package cmdutil

import (
	"os"
	"syscall"
	"testing"
)

// TestIsClosedPipeWindows: the errors Windows returns for a write to a
// pipe without a reader are a closed pipe.
func TestIsClosedPipeWindows(t *testing.T) {
	for _, err := range []error{syscall.ERROR_BROKEN_PIPE, errorNoData} {
		if !IsClosedPipe(&os.PathError{Op: "write", Path: "|1", Err: err}) {
			t.Errorf("IsClosedPipe(%v) = false, want true", err)
		}
	}
}
