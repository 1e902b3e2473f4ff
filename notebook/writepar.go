package notebook

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
)

// Encoding the cells of a big notebook is spread over two goroutines: the
// cells are cut into batches of about flushSize bytes (a batch of one cell
// when that cell is bigger), encoded into buffers of their own, and the
// buffers are appended or written in order. The bytes are those of the
// sequential writer. A few batches are in flight at a time, so the memory
// beyond the output is a few times the largest batch.

const (
	parallelMin = 128 // cells from which they are encoded in parallel
	batchCells  = 32  // cells per batch at the most
	inFlight    = 4   // batches encoded or waiting to be written
	encoders    = 2
)

// parallel reports whether cells should be encoded in parallel (min is
// parallelMin, or less in tests).
func parallel(cells []*Cell, min int) bool {
	return len(cells) >= min && runtime.GOMAXPROCS(0) > 1
}

// batches cuts cells into batches: each ends after batchCells cells or once
// its estimated encoding reaches flushSize. It returns the index of the
// first cell of each batch, then len(cells).
func (w *writer) batches(cells []*Cell) []int {
	cuts := []int{0}
	n, size := 0, 0
	perLine := 6 + 3*len(w.indent) + len(w.nl) // as in estimate
	for i, c := range cells {
		n++
		if c != nil { // (a nil cell fails in an encoder, as it would in cells)
			size += len(c.Source) + perLine*(1+strings.Count(c.Source, "\n")) +
				sizeOf(&c.Outputs) + sizeOf(&c.Attachments) + sizeOf(&c.Metadata)
		}
		if n == batchCells || size >= flushSize || i == len(cells)-1 {
			cuts = append(cuts, i+1)
			n, size = 0, 0
		}
	}
	return cuts
}

// cellsParallel writes what cells writes, at w.depth inside the list's
// brackets: each cell after a comma (except the first) and a newline. A
// panic of an encoder stops the writing at its batch and is raised again
// here, with the encoder's stack; a panic here (of w.out) stops the
// encoders. The encoders are done when it returns or panics.
func (w *writer) cellsParallel(cells []*Cell) {
	cuts := w.batches(cells)
	n := len(cuts) - 1
	done := make([]chan batch, n)
	for i := range done {
		done[i] = make(chan batch, 1)
	}
	tokens := make(chan []byte, inFlight) // free buffers; holding one allows encoding a batch
	for range inFlight {
		tokens <- make([]byte, 0, 2*flushSize)
	}
	quit := make(chan struct{})
	var wg sync.WaitGroup
	defer func() {
		// Also when w.out panics: once this returns, nb is the caller's.
		close(quit)
		wg.Wait()
	}()
	var next atomic.Int64
	for range encoders {
		e := &writer{indent: w.indent, nl: w.nl, pad: w.pad, depth: w.depth}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				// A buffer first, then a batch: the batches that hold
				// buffers are always the next ones to be written.
				var buf []byte
				select {
				case buf = <-tokens:
				case <-quit:
					return
				}
				select {
				case <-quit:
					return
				default:
				}
				b := int(next.Add(1) - 1)
				if b >= n {
					return
				}
				done[b] <- e.encode(cells, cuts[b], cuts[b+1], buf[:0])
			}
		}()
	}
	for b := range done {
		r := <-done[b]
		if r.failure != nil {
			panic(r.failure)
		}
		if w.out != nil {
			// Straight from the batch's buffer: w.buf never holds more
			// than what came before the cells.
			w.flush()
			if w.err == nil {
				_, w.err = w.out.Write(r.buf)
			}
		} else {
			w.buf = append(w.buf, r.buf...)
		}
		tokens <- r.buf
	}
}

// A batch is the encoding of a batch of cells, or the panic that stopped
// it, with the encoder's stack.
type batch struct {
	buf     []byte
	failure error
}

// encode encodes cells[from:to] onto buf, each after a comma (except the
// first of the list) and a newline.
func (e *writer) encode(cells []*Cell, from, to int, buf []byte) (r batch) {
	defer func() {
		if p := recover(); p != nil {
			r = batch{failure: fmt.Errorf("notebook: encoding cells %d-%d: %v\n%s", from, to-1, p, debug.Stack())}
			// the scratch stack may hold the failed cell's entries
			clear(e.entries)
			e.entries = e.entries[:0]
		}
	}()
	e.buf = buf
	for i := from; i < to; i++ {
		if i > 0 {
			e.buf = append(e.buf, ',')
		}
		e.newline()
		e.cell(cells[i])
	}
	return batch{buf: e.buf}
}
