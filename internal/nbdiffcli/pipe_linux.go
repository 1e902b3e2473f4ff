package nbdiffcli

import (
	"io"
	"os"

	"golang.org/x/sys/unix"
)

// pipeSize is the size growPipes asks for: the most an unprivileged
// process may set by default (/proc/sys/fs/pipe-max-size).
const pipeSize = 1 << 20

// growPipes enlarges the pipes of a filter process, where r and w are
// pipes (git's, for filter.nbdiff.process). git writes a file to the
// filter in packets of 64 KB, and the default pipe holds 64 KB: git
// would wait for the filter to read each packet, and each wait costs
// two switches between the processes. In a pipe of a megabyte, git
// writes a notebook at once and the filter reads it in a few calls. A
// pipe that cannot grow stays as it is.
func growPipes(r io.Reader, w io.Writer) {
	for _, f := range []any{r, w} {
		if f, ok := f.(*os.File); ok {
			if c, err := f.SyscallConn(); err == nil {
				c.Control(func(fd uintptr) { unix.FcntlInt(fd, unix.F_SETPIPE_SZ, pipeSize) })
			}
		}
	}
}
