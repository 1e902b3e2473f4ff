package main

// This file stands in for the parts of package diff that have not landed
// yet (diff.Notebooks, diff.Render, diff.RenderText, diff.Textconv). It
// goes away when they do.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"

	"github.com/nbtools/nbdiff/diff"
	"github.com/nbtools/nbdiff/notebook"
)

type diffOptions struct {
	Outputs, Metadata bool
	Context           int
}

type outFormat int

const (
	formatPlain outFormat = iota
	formatStat
	formatJSON
)

type renderOptions struct {
	Format           outFormat
	Color            bool
	OldPath, NewPath string
	Context          int
}

type nbResult struct {
	a, b       *notebook.Notebook
	ta, tb     []byte
	absA, absB bool
}

func (r *nbResult) Empty() bool { return r.absA == r.absB && bytes.Equal(r.ta, r.tb) }

func diffNotebooks(a, b *notebook.Notebook, _ diffOptions) *nbResult {
	r := &nbResult{a: a, b: b, absA: a == nil, absB: b == nil}
	if a != nil {
		r.ta = textconv(a)
	}
	if b != nil {
		r.tb = textconv(b)
	}
	return r
}

func render(w io.Writer, r *nbResult, ro renderOptions) error {
	if ro.Format == formatJSON {
		b, _ := json.Marshal([]string{"shim"})
		_, err := fmt.Fprintf(w, "%s\n", b)
		return err
	}
	return shimText(w, ro.OldPath, ro.NewPath, r.ta, r.tb, r.absA, r.absB, "")
}

func renderText(w io.Writer, oldPath, newPath string, a, b []byte, ro renderOptions, note string) error {
	return shimText(w, oldPath, newPath, a, b, false, false, note)
}

func shimText(w io.Writer, oldPath, newPath string, a, b []byte, absA, absB bool, note string) error {
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "diff --git a/%s b/%s\n", oldPath, newPath)
	if note != "" {
		fmt.Fprintf(&buf, "# %s\n", note)
	}
	from, to := "a/"+oldPath, "b/"+newPath
	if absA {
		from = "/dev/null"
	}
	if absB {
		to = "/dev/null"
	}
	fmt.Fprintf(&buf, "--- %s\n+++ %s\n", from, to)
	la, lb := notebook.SplitLines(string(a)), notebook.SplitLines(string(b))
	for _, e := range diff.Strings(la, lb) {
		fmt.Fprintf(&buf, "@@ -%d,%d +%d,%d @@\n", e.AStart+1, e.AEnd-e.AStart, e.BStart+1, e.BEnd-e.BStart)
		for _, l := range la[e.AStart:e.AEnd] {
			fmt.Fprintf(&buf, "-%s", l)
		}
		for _, l := range lb[e.BStart:e.BEnd] {
			fmt.Fprintf(&buf, "+%s", l)
		}
	}
	_, err := w.Write(buf.Bytes())
	return err
}

const textconvFuncname = `^# cell .*$`

func textconv(nb *notebook.Notebook) []byte {
	var buf bytes.Buffer
	for i, c := range nb.Cells {
		fmt.Fprintf(&buf, "# cell %d (%s) %s\n%s\n", i+1, c.Type, c.ID, c.Source)
	}
	return buf.Bytes()
}
