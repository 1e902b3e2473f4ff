package cmdutil

import (
	"errors"
	"syscall"
)

// IsClosedPipe reports whether err comes from writing to a pipe whose
// reader went away (nbdiff ... | head, a pager that quit early): EPIPE,
// or on Windows the errors Windows returns for it instead.
func IsClosedPipe(err error) bool {
	return errors.Is(err, syscall.EPIPE) || isClosedPipeErrno(err)
}
