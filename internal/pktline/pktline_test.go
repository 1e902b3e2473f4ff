package pktline

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// pkt frames s as one packet; an independent, obvious implementation used
// to build long expected streams (the short ones are written out by hand).
func pkt(s string) string { return fmt.Sprintf("%04x%s", len(s)+4, s) }

func TestWriterExactBytes(t *testing.T) {
	var buf bytes.Buffer
	w := NewWriter(&buf)
	w.WriteText("git-filter-server", "version=2")
	if err := w.WriteFlush(); err != nil {
		t.Fatal(err)
	}
	want := "0016git-filter-server\n000eversion=2\n0000"
	if got := buf.String(); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestWriterBuffersUntilFlush(t *testing.T) {
	var buf bytes.Buffer
	w := NewWriter(&buf)
	w.WriteText("status=success")
	if buf.Len() != 0 {
		t.Errorf("wrote %q before the flush packet", buf.String())
	}
	w.WriteFlush()
	if got, want := buf.String(), "0013status=success\n0000"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestWriteContentSplitsAtMaxData(t *testing.T) {
	for _, n := range []int{0, 1, MaxData - 1, MaxData, MaxData + 1, 2*MaxData + 7} {
		data := bytes.Repeat([]byte{'x'}, n)
		var buf bytes.Buffer
		w := NewWriter(&buf)
		w.WriteContent(data)
		if err := w.WriteFlush(); err != nil {
			t.Fatal(n, err)
		}
		var want strings.Builder
		for rest := string(data); rest != ""; {
			k := min(len(rest), 65516)
			want.WriteString(pkt(rest[:k]))
			rest = rest[k:]
		}
		want.WriteString("0000")
		if buf.String() != want.String() {
			t.Errorf("%d bytes: framing differs (got %d bytes, want %d)", n, buf.Len(), want.Len())
		}
		if n == MaxData && !strings.HasPrefix(buf.String(), "fff0") {
			t.Errorf("a full packet starts %q, want fff0", buf.String()[:4])
		}
		// Round trip through the reader.
		got, err := NewReader(&buf).ReadContent()
		if err != nil {
			t.Fatal(n, err)
		}
		if !bytes.Equal(got, data) {
			t.Errorf("%d bytes: read back %d bytes", n, len(got))
		}
	}
}

func TestWritePacketTooLong(t *testing.T) {
	w := NewWriter(io.Discard)
	if err := w.WritePacket(make([]byte, MaxData+1)); err == nil {
		t.Fatal("no error for a packet of MaxData+1 bytes")
	}
	if err := w.WriteFlush(); err == nil {
		t.Error("the error is not sticky")
	}
}

func TestReadPacket(t *testing.T) {
	max := strings.Repeat("y", MaxData)
	type packet struct {
		Data  string
		Flush bool
	}
	for _, tc := range []struct {
		name    string
		in      string
		want    []packet
		wantErr string // substring; "" means the stream ends with io.EOF
	}{
		{"flush", "0000", []packet{{Flush: true}}, ""},
		{"text and flush", "000eversion=2\n0000", []packet{{Data: "version=2\n"}, {Flush: true}}, ""},
		{"empty packet", "0004", []packet{{Data: ""}}, ""},
		{"upper-case length", "000Aabcdef", []packet{{Data: "abcdef"}}, ""},
		{"maximum packet", "fff0" + max, []packet{{Data: max}}, ""},
		{"too long", "fff1" + max + "z", nil, "exceeds 65520"},
		{"delimiter packet", "0001", nil, "special packet"},
		{"response end packet", "0002", nil, "special packet"},
		{"not hexadecimal", "00g4", nil, "invalid length"},
		{"truncated length", "00", nil, io.ErrUnexpectedEOF.Error()},
		{"truncated data", "0009abc", nil, io.ErrUnexpectedEOF.Error()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := NewReader(strings.NewReader(tc.in))
			var got []packet
			var err error
			for {
				var data []byte
				var flush bool
				data, flush, err = r.ReadPacket()
				if err != nil {
					break
				}
				got = append(got, packet{string(data), flush})
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("packets (-want +got):\n%s", diff)
			}
			if tc.wantErr == "" {
				if err != io.EOF {
					t.Errorf("ends with %v, want io.EOF", err)
				}
			} else if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("ends with %v, want an error containing %q", err, tc.wantErr)
			}
		})
	}
}

func TestReadText(t *testing.T) {
	r := NewReader(strings.NewReader("0016git-filter-client\n000eversion=2\n0000" + "0000"))
	got, err := r.ReadText()
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"git-filter-client", "version=2"}, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	got, err = r.ReadText()
	if err != nil || len(got) != 0 {
		t.Errorf("empty list: got %q, %v", got, err)
	}
	if _, err := r.ReadText(); err != io.EOF {
		t.Errorf("at the end: %v, want io.EOF", err)
	}
	r = NewReader(strings.NewReader("000eversion=2\n"))
	if _, err := r.ReadText(); !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("list without flush: %v, want io.ErrUnexpectedEOF", err)
	}
}

func TestReadContentWithoutFlush(t *testing.T) {
	r := NewReader(strings.NewReader("0008abcd"))
	if _, err := r.ReadContent(); !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("got %v, want io.ErrUnexpectedEOF", err)
	}
	r = NewReader(strings.NewReader("0000"))
	got, err := r.ReadContent()
	if err != nil || got == nil || len(got) != 0 {
		t.Errorf("empty stream: got %q (nil %v), %v", got, got == nil, err)
	}
}
