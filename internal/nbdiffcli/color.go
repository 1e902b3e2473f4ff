package nbdiffcli

import (
	"io"
	"os"

	"golang.org/x/term"

	"github.com/nbtools/nbdiff/internal/cmdutil"
)

// useColor decides whether output is coloured, for --color=mode:
// "always" and "never" say it; "auto" is off when NO_COLOR is set (to
// anything but ""), follows git's color.diff and color.ui (gitColor) when
// git is the caller and started a pager (GIT_PAGER_IN_USE), and is
// otherwise on when stdout is a terminal.
func useColor(mode string, stdout io.Writer, gitColor func() bool) (bool, error) {
	switch mode {
	case "always":
		return true, nil
	case "never":
		return false, nil
	case "auto", "":
	default:
		return false, cmdutil.Usage("--color=%s: want auto, always or never", mode)
	}
	if os.Getenv("NO_COLOR") != "" {
		return false, nil
	}
	if gitPagerInUse() {
		return gitColor(), nil
	}
	return isTerminal(stdout), nil
}

// isTerminal reports whether w is a terminal that shows colours (on
// Windows, a console that takes escape sequences). Being a character
// device is not enough: /dev/null is one, and "nbdiff A B >/dev/null"
// must neither start a pager nor colour (git asks isatty too).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd())) && enableEscapes(f)
}
