package notebook

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// Encoding the cells of a big notebook is spread over two goroutines: the
// cells are cut into batches, encoded into buffers of their own, and the
// buffers are appended or written in order. The bytes are those of the
// sequential writer; a few batches are in flight at a time, so memory does
// not grow with the notebook.

// parallelMin is the number of cells from which cells are encoded in
// parallel (a variable for tests).
var parallelMin = 128

const (
	batchCells = 32 // cells per batch
	inFlight   = 4  // batches encoded ahead of the one being written
	encoders   = 2
)

// parallel reports whether cells should be encoded in parallel.
func parallel(cells []*Cell) bool {
	return len(cells) >= parallelMin && runtime.GOMAXPROCS(0) > 1
}

// cellsParallel writes what cells writes, at w.depth inside the list's
// brackets: each cell after a comma (except the first) and a newline.
func (w *writer) cellsParallel(cells []*Cell) {
	n := (len(cells) + batchCells - 1) / batchCells
	done := make([]chan []byte, n)
	for i := range done {
		done[i] = make(chan []byte, 1)
	}
	tokens := make(chan []byte, inFlight) // free buffers; holding one allows encoding a batch
	for range inFlight {
		tokens <- make([]byte, 0, 2*flushSize)
	}
	var next atomic.Int64
	var mu sync.Mutex
	var failure any // a panic in an encoder, passed on
	var wg sync.WaitGroup
	for range encoders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			e := &writer{indent: w.indent, nl: w.nl, pad: w.pad, depth: w.depth}
			for {
				// A buffer first, then a batch: the batches that hold
				// buffers are always the next ones to be written.
				buf := <-tokens
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
								failure = r
							}
							mu.Unlock()
							e.buf = nil
						}
					}()
					for i := b * batchCells; i < min(len(cells), (b+1)*batchCells); i++ {
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
		w.buf = append(w.buf, buf...)
		if len(w.buf) >= flushSize {
			w.flush()
		}
		tokens <- buf
	}
	wg.Wait()
	if failure != nil {
		panic(failure)
	}
}
