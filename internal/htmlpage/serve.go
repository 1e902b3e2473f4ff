package htmlpage

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"time"
)

// Serve serves page on 127.0.0.1:port (0: a free port) until ctx ends,
// and calls listening with its address once it accepts connections.
//
// It speaks just enough HTTP/1.1 for a browser to fetch one page (GET or
// HEAD of "/", one request per connection) instead of linking net/http,
// whose server and TLS code would make nbdiff-html larger and slower to
// start, for a page that never asks for anything else.
func (HTML) Serve(ctx context.Context, port int, page []byte, listening func(url string)) error {
	if port < 0 || port > 65535 {
		return fmt.Errorf("port %d: want 0 to 65535", port)
	}
	ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
	if err != nil {
		return err
	}
	defer ln.Close()
	u := "http://" + ln.Addr().String() + "/"
	errc := make(chan error, 1)
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				errc <- err
				return
			}
			go answer(conn, page)
		}
	}()
	listening(u)
	select {
	case <-ctx.Done():
		return nil
	case err := <-errc:
		if errors.Is(err, net.ErrClosed) {
			return nil
		}
		return err
	}
}

// answer reads one HTTP request from conn and answers it: the page for
// GET or HEAD of "/", 404 for another path, 405 for another method.
func answer(conn net.Conn, page []byte) {
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(30 * time.Second))
	r := bufio.NewReader(io.LimitReader(conn, 64<<10))
	line, err := r.ReadString('\n')
	if err != nil {
		return
	}
	for { // the headers, up to the blank line
		h, err := r.ReadString('\n')
		if err != nil {
			return
		}
		if strings.TrimRight(h, "\r\n") == "" {
			break
		}
	}
	method, rest, _ := strings.Cut(strings.TrimRight(line, "\r\n"), " ")
	target, _, _ := strings.Cut(rest, " ")
	if i := strings.IndexByte(target, '?'); i >= 0 {
		target = target[:i]
	}
	status, body := "200 OK", page
	switch {
	case method != "GET" && method != "HEAD":
		status, body = "405 Method Not Allowed", []byte("method not allowed\n")
	case target != "/":
		status, body = "404 Not Found", []byte("not found\n")
	}
	ctype := "text/html; charset=utf-8"
	if status[0] != '2' {
		ctype = "text/plain; charset=utf-8"
	}
	w := bufio.NewWriter(conn)
	fmt.Fprintf(w, "HTTP/1.1 %s\r\nContent-Type: %s\r\nContent-Length: %d\r\nCache-Control: no-store\r\n"+
		"X-Content-Type-Options: nosniff\r\nReferrer-Policy: no-referrer\r\nConnection: close\r\n\r\n", status, ctype, len(body))
	if method != "HEAD" {
		w.Write(body)
	}
	w.Flush()
}
