package pipeline

import (
	"github.com/nbtools/nbdiff/diff"
	"github.com/nbtools/nbdiff/notebook"
)

// Strip strips the notebook in data as opts say. When stripping removes
// nothing it returns data itself and false, so that a stripped notebook is
// never reformatted; otherwise the notebook written the way Jupyter
// writes it. The clean filter and nbdiff strip both call it, so they
// always agree.
func Strip(data []byte, opts notebook.StripOptions) (out []byte, changed bool, err error) {
	nb, err := notebook.Parse(data)
	if err != nil {
		return data, false, err
	}
	if !notebook.Strip(nb, opts) {
		return data, false, nil
	}
	return notebook.Write(nb), true, nil
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
