package nbdiffcli

import (
	"io"
	"os"
	"strconv"

	"golang.org/x/term"
)

// termWidth returns the width in columns of the terminal the output is
// for: the COLUMNS environment variable (git sets it for the commands it
// runs under its pager), else the size of w when it is a terminal, else
// 80.
func termWidth(w io.Writer) int {
	if n, err := strconv.Atoi(os.Getenv("COLUMNS")); err == nil && n > 0 {
		return n
	}
	if f, ok := w.(*os.File); ok {
		if n, _, err := term.GetSize(int(f.Fd())); err == nil && n > 0 {
			return n
		}
	}
	return 80
}

// forPerson reports whether a person reads the output: stdout is a
// terminal, or git runs nbdiff under its pager.
func forPerson(stdout io.Writer) bool {
	return isTerminal(stdout) || gitPagerInUse()
}

// gitPagerInUse reports whether git started a pager that the output goes
// to (GIT_PAGER_IN_USE).
func gitPagerInUse() bool {
	v := os.Getenv("GIT_PAGER_IN_USE")
	return v != "" && v != "false" && v != "0"
}

// trueColor reports whether the terminal shows 24-bit colour, as
// COLORTERM says.
func trueColor() bool {
	v := os.Getenv("COLORTERM")
	return v == "truecolor" || v == "24bit"
}
