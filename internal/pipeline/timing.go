package pipeline

import (
	"fmt"
	"io"
	"os"
	"time"
)

// started is about when the program started: when this package was
// initialised, after the runtime's own start.
var started = time.Now()

// A timing writes, when the environment variable NBDIFF_TIMING is set,
// the time at which each stage of a diff ends: from the program's start
// and since the stage before, in milliseconds, one line each on standard
// error. It is how the README's breakdown of nbdiff's time is measured:
//
//	NBDIFF_TIMING=1 nbdiff OLD NEW >/dev/null
//
// A nil timing writes nothing.
type timing struct {
	w    io.Writer
	last time.Duration
}

// newTiming returns a timing writing to w, or nil when NBDIFF_TIMING is
// not set.
func newTiming(w io.Writer) *timing {
	if os.Getenv("NBDIFF_TIMING") == "" {
		return nil
	}
	return &timing{w: w}
}

// stage notes the end of the stage name.
func (t *timing) stage(name string) {
	if t == nil {
		return
	}
	now := time.Since(started)
	fmt.Fprintf(t.w, "nbdiff: timing: %-8s %7.1f ms  (+%.1f)\n", name, ms(now), ms(now-t.last))
	t.last = now
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
