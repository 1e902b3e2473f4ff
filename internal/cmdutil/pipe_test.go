package cmdutil

import (
	"errors"
	"io"
	"os"
	"syscall"
	"testing"
)

// TestIsClosedPipe: EPIPE, however wrapped, is a closed pipe; other
// errors are not.
func TestIsClosedPipe(t *testing.T) {
	for _, c := range []struct {
		err  error
		want bool
	}{
		{&os.PathError{Op: "write", Path: "/dev/stdout", Err: syscall.EPIPE}, true},
		{syscall.EPIPE, true},
		{nil, false},
		{io.EOF, false},
		{errors.New("broken pipe"), false},
		{&os.PathError{Op: "write", Path: "f", Err: syscall.ENOSPC}, false},
	} {
		if got := IsClosedPipe(c.err); got != c.want {
			t.Errorf("IsClosedPipe(%v) = %v, want %v", c.err, got, c.want)
		}
	}
}
