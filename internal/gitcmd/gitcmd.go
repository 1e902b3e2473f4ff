// Package gitcmd is the one way the commands run the git binary, and the
// one reader of the settings they take from git's configuration.
package gitcmd

import (
	"bytes"
	"errors"
	"fmt"
	"os/exec"
	"strings"
)

// An Error is a git command that ran and failed.
type Error struct {
	Args   []string // the arguments after "git"
	Code   int      // git's exit code
	Stderr string   // what git wrote to standard error
}

// Error returns "git ARGS: " and git's message (or its exit status when
// it wrote none).
func (e *Error) Error() string {
	msg := strings.TrimSpace(e.Stderr)
	if msg == "" {
		msg = fmt.Sprintf("exit status %d", e.Code)
	}
	return fmt.Sprintf("git %s: %s", strings.Join(e.Args, " "), msg)
}

// Run runs the git binary found on PATH with args in dir ("" is the
// current directory) and returns its standard output. A command that runs
// and fails returns an *Error along with what it wrote to standard output
// (git config --get exits 1 for a missing key); a git that cannot be
// started returns exec's error (errors.Is(err, exec.ErrNotFound) when
// there is none).
func Run(dir string, args ...string) ([]byte, error) {
	return RunWith("git", dir, "", args...)
}

// RunWith is Run with the git binary at path (a name is looked up on
// PATH) and input on git's standard input.
func RunWith(path, dir, input string, args ...string) ([]byte, error) {
	cmd := exec.Command(path, args...)
	cmd.Dir = dir
	if input != "" {
		cmd.Stdin = strings.NewReader(input)
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return stdout.Bytes(), &Error{Args: args, Code: ee.ExitCode(), Stderr: stderr.String()}
	}
	if err != nil {
		return nil, err
	}
	return stdout.Bytes(), nil
}

// IsUnset reports whether err is git config's "key not set" (exit 1).
func IsUnset(err error) bool {
	var ee *Error
	return errors.As(err, &ee) && ee.Code == 1
}
