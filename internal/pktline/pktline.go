// Package pktline reads and writes git's pkt-line framing and serves git's
// long-running filter protocol (filter.<driver>.process) over it.
//
// A pkt-line is four lowercase hexadecimal digits giving the length of the
// whole packet (the four digits included), followed by the data: "0006a\n"
// carries "a\n". The length 0000 is a flush packet, which ends a list or a
// content stream; 0001 to 0003 are special packets of other protocols that
// the filter protocol never uses, and this package refuses them. A packet
// is at most MaxPacket bytes long, so it carries at most MaxData bytes of
// data. Text packets end in a line feed; content packets carry raw bytes.
//
// The stable contract: the bytes Writer produces are exactly git's
// (pkt-line.c), and Reader accepts every packet git sends in the filter
// protocol.
package pktline

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
)

const (
	// MaxPacket is the largest packet, length prefix included (LARGE_PACKET_MAX).
	MaxPacket = 65520
	// MaxData is the largest amount of data in one packet.
	MaxData = MaxPacket - 4
)

// flushPacket is the flush packet.
const flushPacket = "0000"

// A Reader reads pkt-lines from an underlying reader. It buffers its input,
// so nothing else should read from the same reader.
type Reader struct {
	r   *bufio.Reader
	buf [MaxPacket]byte
}

// NewReader returns a Reader reading from r.
func NewReader(r io.Reader) *Reader {
	return &Reader{r: bufio.NewReaderSize(r, 2*MaxPacket)}
}

// ReadPacket reads one packet. It returns flush true for a flush packet
// (data nil). The data is valid only until the next call. At the end of
// the input before a packet starts it returns io.EOF; in the middle of a
// packet io.ErrUnexpectedEOF. A length that is not hexadecimal, one of the
// special lengths 0001 to 0003, or a length above MaxPacket is an error.
func (r *Reader) ReadPacket() (data []byte, flush bool, err error) {
	n, err := r.readLength()
	if err != nil || n < 0 {
		return nil, n < 0, err
	}
	data = r.buf[:n]
	if err := r.readData(data); err != nil {
		return nil, false, err
	}
	return data, false, nil
}

// readLength reads the length of the next packet and returns the size of
// its data, or -1 for a flush packet.
func (r *Reader) readLength() (int, error) {
	head := r.buf[:4]
	if n, err := io.ReadFull(r.r, head); err != nil {
		if n == 0 && errors.Is(err, io.EOF) {
			return 0, io.EOF
		}
		return 0, fmt.Errorf("pktline: reading length: %w", io.ErrUnexpectedEOF)
	}
	size := 0
	for _, c := range head {
		d, ok := unhex(c)
		if !ok {
			return 0, fmt.Errorf("pktline: invalid length %q", head)
		}
		size = size<<4 | d
	}
	switch {
	case size == 0:
		return -1, nil
	case size < 4:
		return 0, fmt.Errorf("pktline: unexpected special packet %q", head)
	case size > MaxPacket:
		return 0, fmt.Errorf("pktline: packet of %d bytes exceeds %d", size, MaxPacket)
	}
	return size - 4, nil
}

// readData reads the data of a packet into data, which is as long as it.
func (r *Reader) readData(data []byte) error {
	if _, err := io.ReadFull(r.r, data); err != nil {
		return fmt.Errorf("pktline: reading %d bytes of data: %w", len(data), io.ErrUnexpectedEOF)
	}
	return nil
}

func unhex(c byte) (int, bool) {
	switch {
	case '0' <= c && c <= '9':
		return int(c - '0'), true
	case 'a' <= c && c <= 'f':
		return int(c-'a') + 10, true
	case 'A' <= c && c <= 'F':
		return int(c-'A') + 10, true
	}
	return 0, false
}

// ReadText reads text packets up to the next flush packet and returns them
// with their final line feed removed. A list that is only a flush packet
// gives an empty slice. io.EOF before the first packet is returned as is;
// io.EOF after it is io.ErrUnexpectedEOF.
func (r *Reader) ReadText() ([]string, error) {
	lines := []string{}
	for {
		data, flush, err := r.ReadPacket()
		if err != nil {
			if errors.Is(err, io.EOF) && len(lines) > 0 {
				err = fmt.Errorf("pktline: list ends without a flush packet: %w", io.ErrUnexpectedEOF)
			}
			return lines, err
		}
		if flush {
			return lines, nil
		}
		lines = append(lines, strings.TrimSuffix(string(data), "\n"))
	}
}

// ReadContent reads content packets up to the next flush packet and returns
// their data concatenated (empty, not nil, for an empty stream). The end of
// the input before the flush packet is io.ErrUnexpectedEOF.
func (r *Reader) ReadContent() ([]byte, error) { return r.AppendContent([]byte{}) }

// AppendContent is ReadContent appending the data to buf: a server that
// passes the buffer of one file back for the next reads every file into
// the same memory. Each packet's data is read straight into buf.
func (r *Reader) AppendContent(buf []byte) ([]byte, error) {
	for {
		n, err := r.readLength()
		if err != nil {
			if errors.Is(err, io.EOF) {
				err = fmt.Errorf("pktline: content ends without a flush packet: %w", io.ErrUnexpectedEOF)
			}
			return buf, err
		}
		if n < 0 {
			return buf, nil
		}
		buf = slices.Grow(buf, n)
		if err := r.readData(buf[len(buf) : len(buf)+n]); err != nil {
			return buf, err
		}
		buf = buf[:len(buf)+n]
	}
}

// A Writer writes pkt-lines to an underlying writer. It buffers packets
// (up to two of the largest) and passes them on when WriteFlush writes a
// flush packet, which in git's protocols ends each message; call
// WriteFlush to end one.
type Writer struct {
	w   *bufio.Writer
	err error
}

// NewWriter returns a Writer writing to w.
func NewWriter(w io.Writer) *Writer {
	return &Writer{w: bufio.NewWriterSize(w, 2*MaxPacket)}
}

// WritePacket writes data as one packet. Data longer than MaxData is an
// error; empty data is written as the packet "0004", which git accepts but
// never sends (use WriteContent for a stream that may be empty). After the
// first error every call returns it.
func (w *Writer) WritePacket(data []byte) error {
	if w.err != nil {
		return w.err
	}
	if len(data) > MaxData {
		w.err = fmt.Errorf("pktline: %d bytes of data exceed %d", len(data), MaxData)
		return w.err
	}
	var head [4]byte
	const digits = "0123456789abcdef"
	n := len(data) + 4
	for i := 3; i >= 0; i-- {
		head[i] = digits[n&0xf]
		n >>= 4
	}
	if _, err := w.w.Write(head[:]); err != nil {
		w.err = fmt.Errorf("pktline: %w", err)
		return w.err
	}
	if _, err := w.w.Write(data); err != nil {
		w.err = fmt.Errorf("pktline: %w", err)
	}
	return w.err
}

// WriteText writes each line as one text packet, adding the final line
// feed. A line longer than MaxData-1 bytes is an error.
func (w *Writer) WriteText(lines ...string) error {
	for _, l := range lines {
		if err := w.WritePacket([]byte(l + "\n")); err != nil {
			return err
		}
	}
	return w.err
}

// WriteContent writes data as content packets of at most MaxData bytes
// each; empty data writes nothing. It does not write the flush packet that
// ends the stream.
func (w *Writer) WriteContent(data []byte) error {
	for len(data) > 0 {
		n := min(len(data), MaxData)
		if err := w.WritePacket(data[:n]); err != nil {
			return err
		}
		data = data[n:]
	}
	return w.err
}

// WriteFlush writes a flush packet and passes everything buffered on to
// the underlying writer.
func (w *Writer) WriteFlush() error {
	if err := w.endList(); err != nil {
		return err
	}
	if err := w.w.Flush(); err != nil {
		w.err = fmt.Errorf("pktline: %w", err)
	}
	return w.err
}

// endList writes a flush packet, which ends a list or a content stream,
// without passing on what is buffered: for a message of several lists.
func (w *Writer) endList() error {
	if w.err != nil {
		return w.err
	}
	if _, err := w.w.WriteString(flushPacket); err != nil {
		w.err = fmt.Errorf("pktline: %w", err)
	}
	return w.err
}
