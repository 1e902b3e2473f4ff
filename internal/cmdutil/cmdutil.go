// Package cmdutil holds the glue that the nbdiff and nbmerge commands
// share: the urfave/cli app and its argument order, exit codes, error
// reporting and atomic file replacement.
package cmdutil

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"syscall"

	"github.com/urfave/cli/v2"
)

// An ExitError carries the exit code a command should end with. A nil Err
// means the code is the whole message (for example 1 for "differences").
type ExitError struct {
	Code int
	Err  error
}

// Error returns the message of Err, or "exit status N" when Err is nil.
func (e *ExitError) Error() string {
	if e.Err == nil {
		return fmt.Sprintf("exit status %d", e.Code)
	}
	return e.Err.Error()
}

// Unwrap returns Err, so errors.Is and errors.As see through the code.
func (e *ExitError) Unwrap() error { return e.Err }

// Exit returns an error that makes the command exit with code, printing err
// (when not nil) on stderr.
func Exit(code int, err error) error { return &ExitError{Code: code, Err: err} }

// Usage returns a usage error (exit code 2).
func Usage(format string, args ...any) error {
	return &ExitError{Code: 2, Err: fmt.Errorf(format, args...)}
}

// Code maps the error that a command returned to its exit code, writing the
// message to stderr. A nil error is 0; an *ExitError gives its code; a
// closed pipe on stdout ends quietly with 0; anything else is 2.
func Code(err error, name string, stderr io.Writer) int {
	if err == nil {
		return 0
	}
	if IsClosedPipe(err) {
		return 0
	}
	code := 2
	var ee *ExitError
	if errors.As(err, &ee) {
		code = ee.Code
		if ee.Err == nil {
			return code
		}
	}
	fmt.Fprintf(stderr, "%s: %v\n", name, err)
	return code
}

// NewApp returns a cli.App with the settings both commands share: output to
// the given writers, no os.Exit inside Run, usage errors as exit code 2 with
// help on stderr.
func NewApp(name, usage, version string, stdout, stderr io.Writer) *cli.App {
	app := &cli.App{
		Name:                 name,
		Usage:                usage,
		Version:              version,
		Writer:               stdout,
		ErrWriter:            stderr,
		HideHelpCommand:      true,
		EnableBashCompletion: false,
		ExitErrHandler:       func(*cli.Context, error) {},
		OnUsageError: func(c *cli.Context, err error, isSub bool) error {
			return Usage("%v (see '%s --help')", err, commandLine(c))
		},
	}
	return app
}

// commandLine names the command of c as a user types it: "nbdiff" for the
// app itself, "nbdiff strip" for a command.
func commandLine(c *cli.Context) string {
	name := ""
	if c.Command != nil {
		name = c.Command.FullName()
	}
	if name == "" || name == c.App.Name {
		return c.App.Name
	}
	return c.App.Name + " " + name
}

// Run runs app with args and returns the exit code, mapping errors with
// Code. It first gives every command the app's handling of usage errors, so
// that no usage error prints help on stdout.
func Run(app *cli.App, args []string, stderr io.Writer) int {
	var walk func([]*cli.Command)
	walk = func(cmds []*cli.Command) {
		for _, c := range cmds {
			if c.OnUsageError == nil {
				c.OnUsageError = app.OnUsageError
			}
			walk(c.Subcommands)
		}
	}
	walk(app.Commands)
	return Code(app.Run(args), app.Name, stderr)
}

// Version is the version both commands report; release builds set it with
// -ldflags "-X github.com/nbtools/nbdiff/internal/cmdutil.Version=...".
var Version = "0.1.0-dev"

// WriteFileAtomic replaces the file at path with data: it writes a
// temporary file in the same directory and renames it over path,
// so a reader never sees a half-written file. When path is a symbolic
// link, the file it points to is replaced (or made) and the link stays. The file
// keeps its permission bits when it exists, otherwise it gets perm.
// When path is not a regular file (a device such as /dev/null or
// /dev/stdout, a named pipe), data is written into it: renaming a file
// over it would replace the device or pipe itself (as root, /dev/null).
func WriteFileAtomic(path string, data []byte, perm os.FileMode) error {
	return WriteFileAtomicFunc(path, perm, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// WriteFileAtomicFunc is WriteFileAtomic with the content written by write
// (for output too big to hold in memory at once); when write fails,
// nothing is replaced and its error is returned.
func WriteFileAtomicFunc(path string, perm os.FileMode, write func(io.Writer) error) error {
	f, err := CreateAtomic(path, perm)
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		f.Abort()
		return err
	}
	return f.Commit()
}

// An AtomicFile is content being written in the place of a file, as
// WriteFileAtomic writes it, for a writer that streams (CreateAtomic).
type AtomicFile struct {
	f    *os.File
	path string // the file replaced; "" when f is the file itself (not a regular file)
	perm os.FileMode
	done bool
}

// CreateAtomic starts writing in the place of the file at path, with
// WriteFileAtomic's rules: a link's target is replaced (or made, where
// it is not there), a file that is
// not a regular one is written into, a directory is an error. Commit
// puts the content in place; Abort, or a failed Commit, leaves the file
// as it was (but one that is not a regular file, which has what was
// written).
func CreateAtomic(path string, perm os.FileMode) (*AtomicFile, error) {
	if target, err := filepath.EvalSymlinks(path); err == nil {
		path = target
	} else if target, err := os.Readlink(path); err == nil {
		// A link to a file not there yet: the file is made where it
		// leads, as the shell's > does.
		if !filepath.IsAbs(target) {
			target = filepath.Join(filepath.Dir(path), target)
		}
		path = target
	}
	if fi, err := os.Stat(path); err == nil {
		switch {
		case fi.IsDir():
			return nil, &os.PathError{Op: "write", Path: path, Err: syscall.EISDIR}
		case !fi.Mode().IsRegular():
			f, err := os.OpenFile(path, os.O_WRONLY, 0)
			if err != nil {
				return nil, err
			}
			return &AtomicFile{f: f}, nil
		}
		perm = fi.Mode().Perm()
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return nil, err
	}
	return &AtomicFile{f: f, path: path, perm: perm}, nil
}

// Write writes to the content.
func (a *AtomicFile) Write(p []byte) (int, error) { return a.f.Write(p) }

// Commit puts the content in place of the file. It may be called once.
func (a *AtomicFile) Commit() error {
	if a.done {
		return errors.New("cmdutil: AtomicFile committed twice")
	}
	a.done = true
	if a.path == "" {
		return a.f.Close()
	}
	tmp := a.f.Name()
	err := a.f.Chmod(a.perm)
	// No fsync, as git does not sync the working files it writes either:
	// the rename is what keeps readers from a half-written file, and an
	// fsync would cost a merge a good part of its time.
	if cerr := a.f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, a.path)
	}
	if err != nil {
		os.Remove(tmp)
	}
	return err
}

// Abort drops the content; after Commit it does nothing.
func (a *AtomicFile) Abort() {
	if a.done {
		return
	}
	a.done = true
	a.f.Close()
	if a.path != "" {
		os.Remove(a.f.Name())
	}
}

// HelpAsked prints the help of c's command and reports true when the
// command parses no flags itself (SkipFlagParsing, as git's drivers need)
// and its only argument is --help or -h. git never calls a driver with a
// lone argument of that name (an unmerged path is given as a path of the
// repository, which "--help" cannot be for git's own commands either).
func HelpAsked(c *cli.Context) bool {
	args := c.Args().Slice()
	if len(args) != 1 || (args[0] != "--help" && args[0] != "-h") || c.Command == nil {
		return false
	}
	cli.HelpPrinter(c.App.Writer, cli.CommandHelpTemplate, c.Command)
	return true
}
