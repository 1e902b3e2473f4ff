package gitcmd

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"time"
)

// A Batch reads objects of a repository through one `git cat-file
// --batch` process, so that reading many blobs costs one git start-up
// instead of one each. It is safe for concurrent use (one read at a
// time); Close ends the process.
type Batch struct {
	mu     sync.Mutex
	cmd    *exec.Cmd
	in     io.WriteCloser
	pipe   io.ReadCloser // git's standard output
	out    *bufio.Reader // reading pipe
	stderr bytes.Buffer
	err    error // the failure that ended the process, returned from then on
}

// StartBatch starts git cat-file --batch with the git binary at path (a
// name is looked up on PATH) in dir.
func StartBatch(path, dir string) (*Batch, error) {
	b := &Batch{cmd: exec.Command(path, "cat-file", "--batch")}
	b.cmd.Dir = dir
	b.cmd.Stderr = &b.stderr
	// Should git leave a process behind that holds its standard error
	// open, Wait stops waiting for it this long after git ended.
	b.cmd.WaitDelay = 2 * time.Second
	in, err := b.cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	out, err := b.cmd.StdoutPipe()
	if err != nil {
		in.Close()
		return nil, err
	}
	if err := b.cmd.Start(); err != nil {
		return nil, err // Start closes the pipes when it fails
	}
	b.in, b.pipe, b.out = in, out, bufio.NewReaderSize(out, 64<<10)
	return b, nil
}

// Read returns the content of the object named hash (a full hex hash,
// SHA-1 or SHA-256), which must be of type typ ("blob", "tree", ...).
func (b *Batch) Read(hash, typ string) ([]byte, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.err != nil {
		return nil, b.err
	}
	// Anything else git would take for a name (a tag "cafe").
	if (len(hash) != 40 && len(hash) != 64) || strings.Trim(hash, "0123456789abcdef") != "" {
		return nil, fmt.Errorf("git cat-file: %q is not an object hash", hash)
	}
	if _, err := io.WriteString(b.in, hash+"\n"); err != nil {
		return nil, b.fail(err)
	}
	header, err := b.out.ReadString('\n')
	if err != nil {
		return nil, b.fail(err)
	}
	// "<hash> <type> <size>", or "<hash> missing" (or "ambiguous"):
	// anything else, or an answer about another object, means the two
	// ends no longer agree on where an answer starts.
	f := strings.Fields(header)
	if len(f) == 2 && f[0] == hash && (f[1] == "missing" || f[1] == "ambiguous") {
		return nil, fmt.Errorf("git cat-file: object %s %s", hash, f[1])
	}
	var size int64 = -1
	if len(f) == 3 && f[0] == hash {
		if n, err := strconv.ParseInt(f[2], 10, 64); err == nil {
			size = n
		}
	}
	if size < 0 {
		return nil, b.fail(fmt.Errorf("unexpected answer %q", strings.TrimSpace(header)))
	}
	data := make([]byte, size)
	if _, err := io.ReadFull(b.out, data); err != nil {
		return nil, b.fail(err)
	}
	if c, err := b.out.ReadByte(); err != nil || c != '\n' {
		return nil, b.fail(fmt.Errorf("object %s not followed by a newline", hash))
	}
	if f[1] != typ {
		return nil, fmt.Errorf("git cat-file: object %s is a %s, not a %s", hash, f[1], typ)
	}
	return data, nil
}

// fail ends the process after err and keeps, for this and every later
// Read, an error that says what git said. It kills git rather than wait
// for it to end: after an answer it did not expect, git may still be
// writing (the rest of an object) to a pipe nobody reads.
func (b *Batch) fail(err error) error {
	b.in.Close()
	b.pipe.Close() // what git still writes fails rather than waits
	_ = b.cmd.Process.Kill()
	werr := b.cmd.Wait()
	msg := strings.TrimSpace(b.stderr.String())
	switch {
	case msg != "": // git's own reason
		b.err = fmt.Errorf("git cat-file --batch: %s", msg)
	case (errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)) && werr != nil:
		b.err = fmt.Errorf("git cat-file --batch: %w", werr) // it ended by itself
	default:
		b.err = fmt.Errorf("git cat-file --batch: %w", err)
	}
	return b.err
}

// errClosed is what Read returns once Close has ended the process.
var errClosed = errors.New("git cat-file --batch: closed")

// Close ends the process and waits for it.
func (b *Batch) Close() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.err != nil {
		return nil // closed, or ended by a failure (that Read returned)
	}
	b.in.Close()
	err := b.cmd.Wait()
	b.err = errClosed
	return err
}
