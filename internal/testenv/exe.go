package testenv

import (
	"os"
	"path/filepath"
	"syscall"

	"github.com/rogpeppe/go-internal/testscript"
)

// WriteExecutable writes data to path as an executable file, holding
// syscall.ForkLock for reading from open to close, so that no process
// the test starts meanwhile (scripts run in parallel) is forked with the
// file open for writing. A child holds its copy of the descriptor until
// its own exec; running the file while one does fails with "text file
// busy" (ETXTBSY), as a test once did in CI. The runtime takes the lock
// for writing around each fork.
func WriteExecutable(path string, data []byte) error {
	syscall.ForkLock.RLock()
	defer syscall.ForkLock.RUnlock()
	return os.WriteFile(path, data, 0o755)
}

// ScriptCmds are the testscript commands that put programs where a script
// runs them, each written by WriteExecutable:
//
//	copyexe NAME DIR   a copy of the program under test, named NAME, in
//	                   DIR (made when missing), which the script may move
//	                   or delete
//	cpexe SRC DST      a copy of the script's file SRC, executable, at DST
func ScriptCmds() map[string]func(ts *testscript.TestScript, neg bool, args []string) {
	return map[string]func(ts *testscript.TestScript, neg bool, args []string){
		"copyexe": cmdCopyExe,
		"cpexe":   cmdCpExe,
	}
}

func cmdCopyExe(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: copyexe NAME DIR")
	}
	self, err := os.Executable()
	ts.Check(err)
	data, err := os.ReadFile(self)
	ts.Check(err)
	dir := ts.MkAbs(args[1])
	ts.Check(os.MkdirAll(dir, 0o755))
	ts.Check(WriteExecutable(filepath.Join(dir, args[0]), data))
}

func cmdCpExe(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: cpexe SRC DST")
	}
	ts.Check(WriteExecutable(ts.MkAbs(args[1]), []byte(ts.ReadFile(args[0]))))
}
