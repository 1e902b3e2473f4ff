package htmlpage

import (
	"bufio"
	"bytes"
	"io"
	"net/http"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/nbtools/nbdiff/internal/nbdiffcli"
)

var pair = []string{"../../testdata/html/old.ipynb", "../../testdata/html/new.ipynb"}

// TestHTMLPage: the command line of nbdiff-html writes the page of a
// diff, and nbdiff web serves that very page, and stops on Ctrl-C.
func TestHTMLPage(t *testing.T) {
	var page, stderr bytes.Buffer
	if code := nbdiffcli.Run(append([]string{"nbdiff-html", "--html"}, pair...), nil, &page, &stderr, nbdiffcli.Links{HTML: HTML{}}); code != 0 || stderr.Len() > 0 {
		t.Fatalf("--html: exit %d, stderr %s", code, &stderr)
	}
	if !strings.HasPrefix(page.String(), "<!DOCTYPE html>") || !strings.Contains(page.String(), "Content-Security-Policy") {
		t.Fatalf("--html wrote no page: %.200q", page.String())
	}
	if runtime.GOOS == "windows" {
		t.Skip("web stops on an interrupt, which a process cannot send itself on Windows")
	}

	r, w := io.Pipe()
	done := make(chan int, 1)
	go func() {
		done <- nbdiffcli.Run(append([]string{"nbdiff-html", "web", "--no-browser"}, pair...), nil, w, io.Discard, nbdiffcli.Links{HTML: HTML{}})
	}()
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.Get(strings.TrimSpace(line))
	if err != nil {
		t.Fatal(err)
	}
	served, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !bytes.Equal(served, page.Bytes()) {
		t.Errorf("web served %d bytes, not the %d of --html", len(served), page.Len())
	}
	self, _ := os.FindProcess(os.Getpid())
	if err := self.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("web ended with %d after the interrupt", code)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("web did not stop on the interrupt")
	}
}
