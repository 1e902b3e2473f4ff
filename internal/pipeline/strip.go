package pipeline

import (
	"github.com/nbtools/nbdiff/diff"
	"github.com/nbtools/nbdiff/notebook"
)

// Strip strips the notebook in data as opts say. When stripping removes
// nothing it returns data itself and false, so that a stripped notebook is
// never reformatted; otherwise the notebook written the way Jupyter
// writes it. It does not keep data. The clean filter and nbdiff strip
// both call it, so they always agree.
func Strip(data []byte, opts notebook.StripOptions) (out []byte, changed bool, err error) {
	// Outputs that go need not be built (base64 images are most of a
	// notebook's bytes): they are checked and skipped, unless the
	// notebook or a cell keeps them (keep_output), which only a second,
	// full parse can tell.
	nb, err := notebook.ParseWith(data, notebook.ParseOptions{SkipOutputs: !opts.KeepOutputs})
	if err != nil {
		return data, false, err
	}
	changed = notebook.Strip(nb, opts)
	if nb.OutputsSkipped && keepsOutputs(nb) {
		if nb, err = notebook.Parse(data); err != nil {
			return data, false, err
		}
		changed = notebook.Strip(nb, opts)
	}
	if !changed {
		return data, false, nil
	}
	return notebook.Write(nb), true, nil
}

// keepsOutputs reports whether a stripped notebook still has outputs.
func keepsOutputs(nb *notebook.Notebook) bool {
	for _, c := range nb.Cells {
		if len(c.Outputs.Items) > 0 {
			return true
		}
	}
	return false
}

// Textconv returns the cell-delimited text of the notebook in data,
// stripped as opts say (diff.Textconv).
func Textconv(data []byte, opts notebook.StripOptions) ([]byte, error) {
	// The text shows no outputs: digests of them are enough.
	nb, err := notebook.ParseWith(data, notebook.ParseOptions{DigestOutputs: true})
	if err != nil {
		return nil, err
	}
	notebook.Strip(nb, opts)
	return diff.Textconv(nb), nil
}
