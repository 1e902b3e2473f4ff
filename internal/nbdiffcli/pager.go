package nbdiffcli

import (
	"errors"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"runtime"
	"strings"
	"syscall"

	"github.com/nbtools/nbdiff/internal/cmdutil"
	"github.com/nbtools/nbdiff/internal/gitcmd"
)

// pagerCommand returns the pager git would run for its own output, in
// git's order: GIT_PAGER, core.pager, PAGER, else less. "" (an empty
// value) and "cat" mean no pager, and so return "".
func pagerCommand(set gitcmd.Settings) string {
	pager, ok := os.LookupEnv("GIT_PAGER")
	if !ok && set.PagerSet {
		pager, ok = set.Pager, true
	}
	if !ok {
		pager, ok = os.LookupEnv("PAGER")
	}
	if !ok {
		pager = "less"
	}
	if p := strings.TrimSpace(pager); p == "" || p == "cat" {
		return ""
	}
	return pager
}

// A pager is a running pager and the pipe to it.
type pager struct {
	cmd  *exec.Cmd
	in   io.WriteCloser
	stop chan os.Signal
	done chan struct{}
}

// startPager runs command (through sh, as git runs it) with the terminal
// term as its output and a pipe as its input, which it returns. Like git,
// it sets LESS=FRX and LV=-c unless they are set (less then quits at once
// when everything fits on the screen, shows colours, and leaves the text
// on the screen), and GIT_PAGER_IN_USE. Until Close, an interrupt waits
// for the pager to end before nbdiff ends, so that the pager keeps the
// terminal to itself.
func startPager(command string, term *os.File, stderr io.Writer) (*pager, error) {
	var cmd *exec.Cmd
	if _, err := exec.LookPath("sh"); err == nil || runtime.GOOS != "windows" {
		cmd = exec.Command("sh", "-c", command)
	} else {
		f := strings.Fields(command)
		cmd = exec.Command(f[0], f[1:]...)
	}
	cmd.Stdout, cmd.Stderr = term, stderr
	env := os.Environ()
	if _, ok := os.LookupEnv("LESS"); !ok {
		env = append(env, "LESS=FRX")
	}
	if _, ok := os.LookupEnv("LV"); !ok {
		env = append(env, "LV=-c")
	}
	cmd.Env = append(env, "GIT_PAGER_IN_USE=true")
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	p := &pager{cmd: cmd, in: in, stop: make(chan os.Signal, 1), done: make(chan struct{})}
	signal.Notify(p.stop, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	go func() {
		select {
		case <-p.stop:
			// As git does: let the pager finish, then end.
			p.in.Close()
			p.cmd.Wait()
			os.Exit(130)
		case <-p.done:
		}
	}()
	return p, nil
}

// Close closes the pipe and waits for the pager to end. A pager that
// ended early, or ends with an error status, is no error of nbdiff's.
func (p *pager) Close() error {
	close(p.done)
	signal.Stop(p.stop)
	err := p.in.Close()
	p.cmd.Wait()
	if errors.Is(err, os.ErrClosed) || cmdutil.IsClosedPipe(err) {
		return nil
	}
	return err
}
