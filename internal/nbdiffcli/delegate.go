package nbdiffcli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"

	"github.com/nbtools/nbdiff/internal/cmdutil"
)

// HTMLProgram is the program that makes the HTML page (cmd/nbdiff-html):
// the nbdiff command line with the page's libraries linked in. nbdiff
// runs it for --html and web, and it is installed beside nbdiff.
const HTMLProgram = "nbdiff-html"

// delegate runs nbdiff-html with this command line's arguments, as they
// were given, and returns as it ends: on Unix nbdiff-html replaces this
// process (exec), so that it gets the signals (nbdiff web stops on
// Ctrl-C) and its exit status is this command's.
func (p *pageRunner) delegate() error {
	arg0 := ""
	if len(p.args) > 0 {
		arg0 = p.args[0]
	}
	path, err := findHTMLProgram(arg0)
	if err != nil {
		return err
	}
	return runProgram(path, p.args[1:], p.stdin, p.stdout, p.stderr)
}

// findHTMLProgram returns the path of nbdiff-html: the one beside this
// program's executable (os.Executable: symbolic links resolved, as where
// a package manager keeps both), else beside arg0 as it was called (a
// folder of links to them), else the one on PATH (not in the current
// folder: a repository's file of that name must not run).
func findHTMLProgram(arg0 string) (string, error) {
	var dirs []string
	if self, err := os.Executable(); err == nil {
		dirs = append(dirs, filepath.Dir(self))
	}
	if strings.ContainsRune(arg0, '/') || strings.ContainsRune(arg0, filepath.Separator) {
		if abs, err := filepath.Abs(arg0); err == nil {
			dirs = append(dirs, filepath.Dir(abs))
		}
	}
	for _, d := range dirs {
		if p, err := exec.LookPath(filepath.Join(d, HTMLProgram)); err == nil {
			return p, nil
		}
	}
	if p, err := exec.LookPath(HTMLProgram); err == nil {
		return p, nil
	}
	where := "this nbdiff"
	if len(dirs) > 0 {
		where = "this nbdiff (in " + dirs[0] + ")"
	}
	return "", fmt.Errorf("the HTML page is made by %s, which is neither beside %s nor on PATH: "+
		"install it with nbdiff (release archives and wheels hold both; go install github.com/nbtools/nbdiff/cmd/%s@latest)",
		HTMLProgram, where, HTMLProgram)
}

// runProgram runs the program at path with args on the given streams and
// returns its exit status as an error (a quiet *cmdutil.ExitError). When
// the streams are the process's own, on Unix, the program replaces this
// process and runProgram returns only when that fails.
func runProgram(path string, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if runtime.GOOS != "windows" && stdin == os.Stdin && stdout == os.Stdout && stderr == os.Stderr {
		err := syscall.Exec(path, append([]string{path}, args...), os.Environ())
		return fmt.Errorf("running %s: %w", path, err)
	}
	cmd := exec.Command(path, args...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = stdin, stdout, stderr
	// Ctrl-C reaches both processes (the console's or the terminal's
	// process group): this one waits for the program to end.
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt)
	defer signal.Stop(sig)
	err := cmd.Run()
	if ee := (*exec.ExitError)(nil); errors.As(err, &ee) && ee.ExitCode() >= 0 {
		return cmdutil.Exit(ee.ExitCode(), nil)
	}
	if err != nil {
		return fmt.Errorf("running %s: %w", path, err)
	}
	return nil
}
