package notebook

import (
	"fmt"
	"runtime"
	"runtime/debug"
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
func batches(cells []*Cell) []int {
	cuts := []int{0}
	n, size := 0, 0
	for i, c := range cells {
		n++
		if c != nil { // (a nil cell fails in an encoder, as it would in cells)
			size += len(c.Source) + sizeOf(&c.Outputs) + sizeOf(&c.Attachments) + sizeOf(&c.Metadata)
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
// panic of an encoder stops the writing and is raised again here, with the
// encoder's stack; a panic here (of w.out) stops the encoders.
func (w *writer) cellsParallel(cells []*Cell) {
	cuts := batches(cells)
	n := len(cuts) - 1
	done := make([]chan []byte, n)
	for i := range done {
		done[i] = make(chan []byte, 1)
	}
	tokens := make(chan []byte, inFlight) // free buffers; holding one allows encoding a batch
	for range inFlight {
		tokens <- make([]byte, 0, 2*flushSize)
	}
	quit := make(chan struct{})
	defer close(quit)
	var next atomic.Int64
	var mu sync.Mutex
	var failure error // a panic of an encoder, with its stack
	for range encoders {
		e := &writer{indent: w.indent, nl: w.nl, pad: w.pad, depth: w.depth}
		go func() {
			for {
				// A buffer first, then a batch: the batches that hold
				// buffers are always the next ones to be written.
				var buf []byte
				select {
				case buf = <-tokens:
				case <-quit:
					return
				}
				b := int(next.Add(1) - 1)
				if b >= n {
					return
				}
				e.buf = buf[:0]
				func() {
					defer func() {
						if r := recover(); r != nil {
							mu.Lock()
							if failure == nil {
								failure = fmt.Errorf("notebook: encoding cells %d-%d: %v\n%s", cuts[b], cuts[b+1]-1, r, debug.Stack())
							}
							mu.Unlock()
							e.buf = nil
						}
					}()
					for i := cuts[b]; i < cuts[b+1]; i++ {
						if i > 0 {
							e.buf = append(e.buf, ',')
						}
						e.newline()
						e.cell(cells[i])
					}
				}()
				done[b] <- e.buf
			}
		}()
	}
	for b := range done {
		buf := <-done[b]
		if buf == nil {
			mu.Lock()
			err := failure
			mu.Unlock()
			panic(err)
		}
		if w.out != nil {
			// Straight from the batch's buffer: w.buf never holds more
			// than what came before the cells.
			w.flush()
			if w.err == nil {
				_, w.err = w.out.Write(buf)
			}
		} else {
			w.buf = append(w.buf, buf...)
		}
		tokens <- buf
	}
}
