// Package htmlpage is what nbdiff-html adds to the nbdiff command line
// (internal/nbdiffcli): the HTML page of a diff, made by htmldiff, and the
// small web server of nbdiff web. It is linked into nbdiff-html only, so
// that the nbdiff binary, which git starts once per file, links none of
// the page's libraries and pays none of their start-up.
package htmlpage

import (
	"io"

	"github.com/nbtools/nbdiff/htmldiff"
	"github.com/nbtools/nbdiff/internal/nbdiffcli"
	"github.com/nbtools/nbdiff/internal/pipeline"
)

// HTML makes and serves the page: the nbdiffcli.HTML of nbdiff-html.
type HTML struct{}

var _ nbdiffcli.HTML = HTML{}

// NewPage returns an empty htmldiff page.
func (HTML) NewPage(opts nbdiffcli.PageOptions) pipeline.Page {
	return &page{opts: htmldiff.Options{Title: opts.Title, Context: opts.Context, UnchangedOutputs: opts.UnchangedOutputs}}
}

// A page collects the files of a pipeline.Differ and renders them with
// htmldiff at Write.
type page struct {
	opts  htmldiff.Options
	files []htmldiff.File
}

func (p *page) Add(f pipeline.PageFile) {
	p.files = append(p.files, htmldiff.File{
		OldPath: f.OldPath, NewPath: f.NewPath, Renamed: f.Renamed,
		Diff: f.Diff, Old: f.Old, New: f.New,
		Note: f.Note, Text: f.Text,
	})
}

func (p *page) Write(w io.Writer) error { return htmldiff.Render(w, p.files, p.opts) }
