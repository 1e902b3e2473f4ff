package pktline

import (
	"bytes"
	"errors"
	"io"
	"testing"
)

// FuzzReader: an input that reads to its end as packets gives, written
// back with Writer, the input itself; no input panics ServeFilter.
func FuzzReader(f *testing.F) {
	f.Add([]byte(gitHello + gitCaps))
	f.Add([]byte(gitHello + gitCaps + "0013command=clean\n0017pathname=a.ipynb\n00000007abc0000"))
	f.Add([]byte("0000000400050001"))
	f.Add([]byte("fff0"))
	f.Fuzz(func(t *testing.T, in []byte) {
		r := NewReader(bytes.NewReader(in))
		var out bytes.Buffer
		w := NewWriter(&out)
		for {
			data, flush, err := r.ReadPacket()
			if err != nil {
				// At a clean end every byte was a packet: written back they
				// are the input (hexadecimal digits in lower case).
				if errors.Is(err, io.EOF) && (out.Len() != len(in) || !bytes.EqualFold(out.Bytes(), in)) {
					t.Fatalf("packets written back as %q, input %q", out.Bytes(), in)
				}
				break
			}
			if flush {
				if err := w.WriteFlush(); err != nil {
					t.Fatal(err)
				}
				continue
			}
			if err := w.WritePacket(data); err != nil {
				t.Fatal(err)
			}
			if err := w.WriteFlush(); err != nil { // pass the packet on
				t.Fatal(err)
			}
			out.Truncate(out.Len() - len(flushPacket))
		}
		ServeFilter(bytes.NewReader(in), io.Discard, Filters{Clean: upper})
	})
}
