package htmlpage

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestServe: nbdiff web serves the page on 127.0.0.1 at a free port,
// says its address once it listens, answers only "/", and returns when
// interrupted.
func TestServe(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	r, w := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- HTML{}.Serve(ctx, 0, []byte("<!DOCTYPE html><p>page</p>"), func(u string) { fmt.Fprintln(w, u) })
	}()
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	u := strings.TrimSpace(line)
	if !strings.HasPrefix(u, "http://127.0.0.1:") {
		t.Fatalf("address %q, want one on 127.0.0.1", u)
	}
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || string(body) != "<!DOCTYPE html><p>page</p>" || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		t.Errorf("GET /: %d %q %q", resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
	if resp, err := http.Get(u + "other"); err != nil || resp.StatusCode != 404 {
		t.Errorf("GET /other: %v %v", resp, err)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve returned %v after the interrupt", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("serve did not return after the interrupt")
	}
}

// TestServeBadPort: a port out of range is an error.
func TestServeBadPort(t *testing.T) {
	if err := (HTML{}).Serve(context.Background(), 70000, nil, func(string) {}); err == nil {
		t.Error("port 70000 accepted")
	}
}
