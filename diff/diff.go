package diff

// Options say what Notebooks compares and shows. The zero value compares
// the cells' sources only, with 3 lines of context.
type Options struct {
	// Outputs compares and shows outputs: text outputs as line diffs,
	// images and other binary data as a summary (mime type, size before
	// and after, short hash).
	Outputs bool
	// Metadata compares and shows metadata changes key by key, of the
	// notebook and of the cells.
	Metadata bool
	// Context is the number of context lines inside a cell around changes:
	// 0 means 3, a negative number means none.
	Context int
}
