package cmdutil

import (
	"errors"
	"syscall"
)

// errorNoData is ERROR_NO_DATA, "The pipe is being closed" (not in syscall).
const errorNoData = syscall.Errno(232)

// isClosedPipeErrno reports whether err is one of the errors Windows
// returns for a write to a pipe whose reader is gone: ERROR_NO_DATA or
// ERROR_BROKEN_PIPE (os/exec takes the same two as a closed pipe). Windows
// never returns EPIPE, and sends no SIGPIPE.
func isClosedPipeErrno(err error) bool {
	return errors.Is(err, syscall.ERROR_BROKEN_PIPE) || errors.Is(err, errorNoData)
}
