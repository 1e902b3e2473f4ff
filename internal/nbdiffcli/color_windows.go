package nbdiffcli

import (
	"os"

	"golang.org/x/sys/windows"
)

// enableEscapes turns on the console's handling of escape sequences
// (Windows 10 and later), without which colours would print as raw
// codes. It reports false when f is no console (NUL is a character device
// too) or the console cannot.
func enableEscapes(f *os.File) bool {
	h := windows.Handle(f.Fd())
	var mode uint32
	if windows.GetConsoleMode(h, &mode) != nil {
		return false
	}
	if mode&windows.ENABLE_VIRTUAL_TERMINAL_PROCESSING != 0 {
		return true
	}
	return windows.SetConsoleMode(h, mode|windows.ENABLE_VIRTUAL_TERMINAL_PROCESSING) == nil
}
