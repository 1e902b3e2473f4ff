package htmldiff

import (
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"fmt"
	"html/template"
	"io"
	"runtime"
	"strconv"
	"strings"
	"sync"

	"github.com/alecthomas/chroma/v2"

	"github.com/nbtools/nbdiff/diff"
	"github.com/nbtools/nbdiff/notebook"
)

//go:embed page.tmpl style.css script.js
var assets embed.FS

// Options say what Render puts on the page. The zero value shows the
// changed cells and folds the others, without their outputs.
type Options struct {
	// Title is the page's title; "" gives "nbdiff".
	Title string
	// UnchangedOutputs shows the outputs of unchanged cells too, in their
	// folds. Without it an unchanged cell shows its source and the
	// number of its outputs, which keeps pages of big notebooks small.
	UnchangedOutputs bool
	// Context is the number of unchanged lines shown around changed lines
	// of a cell before the rest is folded: 0 means 3, a negative number
	// shows every line.
	Context int
}

// A File is one notebook of the page: its diff, and the notebooks to show.
type File struct {
	// OldPath and NewPath name the notebook; one may be empty when they
	// are the same.
	OldPath, NewPath string
	// Diff is the difference of the two versions, as diff.Notebooks
	// computes it; nil when there is none to show (see Note).
	Diff *diff.Result
	// Old and New are the versions to show, nil for Diff.Old and
	// Diff.New. They must have the cells of those, in the same order;
	// they may hold what the comparison stripped (execution counts,
	// outputs), which the page then shows without counting it as a
	// change.
	Old, New *notebook.Notebook
	// Renamed marks a notebook that git saw renamed (paths that differ
	// otherwise just name the two files compared).
	Renamed bool
	// Note is a line shown under the file's name: why it is shown as it
	// is (not a notebook, unmerged), or "".
	Note string
	// Text, for a File without Diff, is the plain text diff to show.
	Text string
}

// Render writes one self-contained HTML page of files to w. It does not
// modify files. The page loads nothing from outside (see the package
// documentation); its size is about that of the changed cells, their
// outputs and each distinct image once. The only errors are w's.
func Render(w io.Writer, files []File, opts Options) error {
	b := newBuilder(opts)
	p := b.page(files)
	t, err := template.New("page.tmpl").Funcs(template.FuncMap{
		"plural": plural,
	}).ParseFS(assets, "page.tmpl")
	if err != nil {
		return fmt.Errorf("htmldiff: %w", err)
	}
	if err := t.Execute(w, p); err != nil {
		return fmt.Errorf("htmldiff: %w", err)
	}
	return nil
}

// page is what the template shows.
type page struct {
	Title    string
	CSP      string
	CSS      template.CSS
	Script   template.JS
	Images   template.JS // the JSON object of the images
	Files    []*fileView
	Changed  int // changed cells of all files
	Notebook int // files shown
}

// A fileView is one notebook on the page.
type fileView struct {
	ID, Path, OldPath string
	Status            string // modified, added, deleted, renamed
	Note              string
	Summary           string
	Hidden            string // what the options hid
	Meta              template.HTML
	Text              template.HTML
	Items             []item
	Changed           []*cellView
}

// An item is a changed cell or a fold of unchanged ones.
type item struct {
	Cell *cellView
	Fold *foldView
}

// A foldView is a run of unchanged cells, shown as their number.
type foldView struct {
	Cells []*cellView
}

// builder builds a page: the renderers and stores shared by its cells.
type builder struct {
	opts    Options
	r       *renderers
	images  *imageStore
	ctx     int
	classes map[chroma.TokenType]string // the class of each token type
}

func newBuilder(opts Options) *builder {
	ctx := opts.Context
	switch {
	case ctx == 0:
		ctx = 3
	case ctx < 0:
		ctx = -1
	}
	return &builder{opts: opts, r: newRenderers(), images: newImageStore(), ctx: ctx, classes: tokenClasses()}
}

// page builds the page of files: the cells in parallel, each into its own
// place, so the page is the same whatever the order they finish in.
func (b *builder) page(files []File) *page {
	p := &page{Title: b.opts.Title}
	if p.Title == "" {
		p.Title = "nbdiff"
	}
	var jobs []func()
	for k := range files {
		fv, fj := b.file(k, &files[k])
		p.Files = append(p.Files, fv)
		p.Changed += len(fv.Changed)
		jobs = append(jobs, fj...)
	}
	p.Notebook = len(p.Files)
	runAll(jobs)

	css := readAsset("style.css") + tokenCSS() + ansiCSS()
	js := readAsset("script.js")
	p.CSS = template.CSS(css)
	p.Script = template.JS(js)
	var img strings.Builder
	b.images.writeJSON(&img)
	p.Images = template.JS(img.String())
	p.CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src " + hashSource(js) +
		"; frame-src 'self' about:; base-uri 'none'; form-action 'none'"
	return p
}

// runAll runs jobs on as many goroutines as there are processors.
func runAll(jobs []func()) {
	n := min(runtime.GOMAXPROCS(0), len(jobs))
	var wg sync.WaitGroup
	next := make(chan func())
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for job := range next {
				job()
			}
		}()
	}
	for _, j := range jobs {
		next <- j
	}
	close(next)
	wg.Wait()
}

// hashSource returns the CSP source of a script: its SHA-256 in base64.
func hashSource(script string) string {
	h := sha256.Sum256([]byte(script))
	return "'sha256-" + base64.StdEncoding.EncodeToString(h[:]) + "'"
}

func readAsset(name string) string {
	b, err := assets.ReadFile(name)
	if err != nil {
		panic("htmldiff: missing asset " + name) // embedded: cannot happen
	}
	return string(b)
}

// file builds the view of one file and returns the jobs that fill in its
// cells.
func (b *builder) file(k int, f *File) (*fileView, []func()) {
	fv := &fileView{ID: "f" + strconv.Itoa(k), Path: f.NewPath, OldPath: f.OldPath, Note: f.Note}
	if fv.Path == "" {
		fv.Path = fv.OldPath
	}
	if fv.OldPath == "" || fv.OldPath == fv.Path {
		fv.OldPath = ""
	}
	r := f.Diff
	if r == nil {
		fv.Status = "text"
		if f.Text != "" {
			var s strings.Builder
			s.WriteString(`<pre class="textdiff">`)
			escape(&s, f.Text)
			s.WriteString("</pre>")
			fv.Text = template.HTML(s.String())
		}
		return fv, nil
	}
	oldNB, newNB := f.Old, f.New
	if oldNB == nil {
		oldNB = r.Old
	}
	if newNB == nil {
		newNB = r.New
	}
	switch {
	case r.Old == nil:
		fv.Status = "added"
	case r.New == nil:
		fv.Status = "deleted"
	case f.Renamed:
		fv.Status = "renamed"
	default:
		fv.Status = "modified"
	}
	fv.Summary = summary(r)
	fv.Hidden = strings.Join(r.Hidden.Notes(), "; ")
	if oldNB != nil && newNB != nil {
		fv.Meta = template.HTML(metaTable(nbMeta(oldNB), nbMeta(newNB)))
	}
	lang := language(newNB)
	if newNB == nil {
		lang = language(oldNB)
	}
	nc := &nbContext{b: b, r: r, old: oldNB, new: newNB, file: fv.ID, lexer: lexerFor(lang)}
	var jobs []func()
	var fold *foldView
	for i := range r.Cells {
		c := &r.Cells[i]
		cv := &cellView{}
		if !c.Changed() {
			if fold == nil {
				fold = &foldView{}
				fv.Items = append(fv.Items, item{Fold: fold})
			}
			fold.Cells = append(fold.Cells, cv)
			jobs = append(jobs, func() { nc.unchanged(cv, c) })
			continue
		}
		fold = nil
		cv.ID = fv.ID + "-c" + strconv.Itoa(i)
		cv.Label = r.CellName(c)
		fv.Items = append(fv.Items, item{Cell: cv})
		fv.Changed = append(fv.Changed, cv)
		jobs = append(jobs, func() { nc.changed(cv, c) })
	}
	return fv, jobs
}

// summary counts the cells of r by change, as --stat does.
func summary(r *diff.Result) string {
	s := r.Stats()
	var parts []string
	for _, x := range []struct {
		n    int
		what string
	}{{s.Added, "added"}, {s.Removed, "removed"}, {s.Modified, "modified"}, {s.Moved, "moved"}, {s.Unchanged, "unchanged"}} {
		if x.n > 0 {
			parts = append(parts, strconv.Itoa(x.n)+" "+x.what)
		}
	}
	if len(parts) == 0 {
		return "no cell changed"
	}
	return "cells: " + strings.Join(parts, ", ")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}
