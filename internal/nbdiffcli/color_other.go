//go:build !windows

package nbdiffcli

import "os"

// enableEscapes: terminals elsewhere take escape sequences as they are.
func enableEscapes(*os.File) bool { return true }
