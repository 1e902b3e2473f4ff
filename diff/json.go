package diff

import (
	"sort"
	"strconv"

	"github.com/nbtools/nbdiff/notebook"
)

// This file renders a Result in nbdime's diff format (see doc.go).

// json writes r as one line of JSON: the paths and the nbdime diff.
func (p *printer) json(r *Result) {
	b := []byte(`{"old_path":`)
	if r.Old == nil {
		b = append(b, "null"...)
	} else {
		b = appendJSONString(b, p.oldPath)
	}
	b = append(b, `,"new_path":`...)
	if r.New == nil {
		b = append(b, "null"...)
	} else {
		b = appendJSONString(b, p.newPath)
	}
	b = append(b, `,"diff":`...)
	b = appendEntries(b, r.notebookEntries())
	b = append(b, "}\n"...)
	if p.err == nil {
		_, p.err = p.w.Write(b)
	}
}

// An entry is one nbdime diff entry. Key is a string for mappings and an
// int for sequences; which of Value, Values, Length and Diff is written
// depends on Op.
type entry struct {
	Op     string // add, remove, replace, patch, addrange, removerange
	Key    string
	Index  int
	Seq    bool // Index is the key
	Value  *notebook.Value
	Values []notebook.Value
	Lines  []string // valuelist of strings (source lines)
	Length int
	Diff   []entry
}

func appendEntries(b []byte, es []entry) []byte {
	b = append(b, '[')
	for k := range es {
		if k > 0 {
			b = append(b, ',')
		}
		e := &es[k]
		b = append(b, `{"op":`...)
		b = appendJSONString(b, e.Op)
		b = append(b, `,"key":`...)
		if e.Seq {
			b = strconv.AppendInt(b, int64(e.Index), 10)
		} else {
			b = appendJSONString(b, e.Key)
		}
		switch e.Op {
		case "add", "replace":
			b = append(b, `,"value":`...)
			b = appendJSON(b, e.Value)
		case "addrange":
			b = append(b, `,"valuelist":[`...)
			for i := range e.Values {
				if i > 0 {
					b = append(b, ',')
				}
				b = appendJSON(b, &e.Values[i])
			}
			for i, l := range e.Lines {
				if i > 0 {
					b = append(b, ',')
				}
				b = appendJSONString(b, l)
			}
			b = append(b, ']')
		case "removerange":
			b = append(b, `,"length":`...)
			b = strconv.AppendInt(b, int64(e.Length), 10)
		case "patch":
			b = append(b, `,"diff":`...)
			b = appendEntries(b, e.Diff)
		}
		b = append(b, '}')
	}
	return append(b, ']')
}

// notebookEntries returns the diff of the notebook as a mapping: cells,
// and with Options.Metadata the metadata and the format version.
func (r *Result) notebookEntries() []entry {
	var es []entry
	var cells []entry
	if r.Old == nil || r.New == nil {
		// An absent notebook is one without cells.
		if r.Old == nil {
			vals := make([]notebook.Value, len(r.New.Cells))
			for i, c := range r.New.Cells {
				vals[i] = cellValue(c)
			}
			if len(vals) > 0 {
				cells = []entry{{Op: "addrange", Seq: true, Values: vals}}
			}
		} else if len(r.Old.Cells) > 0 {
			cells = []entry{{Op: "removerange", Seq: true, Length: len(r.Old.Cells)}}
		}
	} else {
		cells = r.cellEntries()
	}
	if len(cells) > 0 {
		es = append(es, entry{Op: "patch", Key: "cells", Diff: cells})
	}
	if r.Options.Metadata && r.Old != nil && r.New != nil {
		if md := mappingEntries(&r.Old.Metadata, &r.New.Metadata); len(md) > 0 {
			es = append(es, entry{Op: "patch", Key: "metadata", Diff: md})
		}
		if r.Old.Major != r.New.Major {
			v := notebook.Value{Kind: notebook.Number, Str: strconv.Itoa(r.New.Major)}
			es = append(es, entry{Op: "replace", Key: "nbformat", Value: &v})
		}
		if r.Old.Minor != r.New.Minor {
			v := notebook.Value{Kind: notebook.Number, Str: strconv.Itoa(r.New.Minor)}
			es = append(es, entry{Op: "replace", Key: "nbformat_minor", Value: &v})
		}
	}
	return es
}

// cellEntries returns the diff of the cell sequence: moved cells are
// removed at their old place and added at their new one, as nbdime does.
func (r *Result) cellEntries() []entry {
	var es []entry
	at := 0 // the index of the old cell before which new cells go
	for k := range r.Cells {
		c := &r.Cells[k]
		switch {
		case c.Action() == Added:
			es = addCell(es, at, cellValue(r.New.Cells[c.B]))
		case c.Action() == Removed:
			at = c.A + 1
			es = addRemove(es, c.A, 1)
		case c.Moved:
			es = addRemove(es, c.A, 1)
			es = addCell(es, at, cellValue(r.New.Cells[c.B]))
		default:
			at = c.A + 1
			if d := r.cellPatch(c); len(d) > 0 {
				es = append(es, entry{Op: "patch", Seq: true, Index: c.A, Diff: d})
			}
		}
	}
	// Sorted by key, additions before removals and patches at a key.
	rank := map[string]int{"addrange": 0, "removerange": 1, "patch": 2}
	sort.SliceStable(es, func(i, j int) bool {
		if es[i].Index != es[j].Index {
			return es[i].Index < es[j].Index
		}
		return rank[es[i].Op] < rank[es[j].Op]
	})
	// Join neighbouring ranges that the sort brought together.
	out := es[:0]
	for _, e := range es {
		if n := len(out); n > 0 {
			last := &out[n-1]
			switch {
			case e.Op == "addrange" && last.Op == "addrange" && last.Index == e.Index:
				last.Values = append(last.Values, e.Values...)
				continue
			case e.Op == "removerange" && last.Op == "removerange" && last.Index+last.Length == e.Index:
				last.Length += e.Length
				continue
			}
		}
		out = append(out, e)
	}
	return out
}

// addRemove appends the removal of n cells at i, joined with the previous
// removal when they touch.
func addRemove(es []entry, i, n int) []entry {
	if k := len(es) - 1; k >= 0 && es[k].Op == "removerange" && es[k].Index+es[k].Length == i {
		es[k].Length += n
		return es
	}
	return append(es, entry{Op: "removerange", Seq: true, Index: i, Length: n})
}

// addCell appends the addition of cell v before old cell at, joined with
// the previous addition at the same place.
func addCell(es []entry, at int, v notebook.Value) []entry {
	if k := len(es) - 1; k >= 0 && es[k].Op == "addrange" && es[k].Index == at {
		es[k].Values = append(es[k].Values, v)
		return es
	}
	return append(es, entry{Op: "addrange", Seq: true, Index: at, Values: []notebook.Value{v}})
}

// cellPatch returns the diff of a matched cell as a mapping, holding what
// the options show.
func (r *Result) cellPatch(c *Cell) []entry {
	x, y := r.Old.Cells[c.A], r.New.Cells[c.B]
	var es []entry
	if c.TypeChanged {
		v := notebook.StringValue(y.Type)
		es = append(es, entry{Op: "replace", Key: "cell_type", Value: &v})
	}
	if r.Options.Outputs {
		if !x.Attachments.Equal(&y.Attachments) {
			es = append(es, mappingChange("attachments", &x.Attachments, &y.Attachments)...)
		}
		if !x.ExecutionCount.Equal(&y.ExecutionCount) {
			v := y.ExecutionCount
			es = append(es, entry{Op: "replace", Key: "execution_count", Value: &v})
		}
	}
	if r.Options.Metadata {
		if x.ID != y.ID {
			switch {
			case y.ID == "":
				es = append(es, entry{Op: "remove", Key: "id"})
			case x.ID == "":
				v := notebook.StringValue(y.ID)
				es = append(es, entry{Op: "add", Key: "id", Value: &v})
			default:
				v := notebook.StringValue(y.ID)
				es = append(es, entry{Op: "replace", Key: "id", Value: &v})
			}
		}
		if md := mappingEntries(&x.Metadata, &y.Metadata); len(md) > 0 {
			es = append(es, entry{Op: "patch", Key: "metadata", Diff: md})
		}
	}
	if r.Options.Outputs && !x.Outputs.Equal(&y.Outputs) {
		if x.Outputs.Kind == notebook.Array && y.Outputs.Kind == notebook.Array {
			es = append(es, entry{Op: "patch", Key: "outputs", Diff: sequenceEntries(x.Outputs.Items, y.Outputs.Items)})
		} else {
			es = append(es, mappingChange("outputs", &x.Outputs, &y.Outputs)...)
		}
	}
	if c.Source.Changed() {
		var d []entry
		for _, e := range c.Source.Edits {
			if e.BEnd > e.BStart {
				d = append(d, entry{Op: "addrange", Seq: true, Index: e.AStart, Lines: c.Source.New[e.BStart:e.BEnd]})
			}
			if e.AEnd > e.AStart {
				d = append(d, entry{Op: "removerange", Seq: true, Index: e.AStart, Length: e.AEnd - e.AStart})
			}
		}
		es = append(es, entry{Op: "patch", Key: "source", Diff: d})
	}
	sort.SliceStable(es, func(i, j int) bool { return es[i].Key < es[j].Key })
	return es
}

// mappingChange returns the entry that turns member key from x into y,
// where Null stands for absent.
func mappingChange(key string, x, y *notebook.Value) []entry {
	switch {
	case x.Equal(y):
		return nil
	case y.Kind == notebook.Null:
		return []entry{{Op: "remove", Key: key}}
	case x.Kind == notebook.Null:
		return []entry{{Op: "add", Key: key, Value: y}}
	}
	return []entry{{Op: "replace", Key: key, Value: y}}
}

// mappingEntries returns the key-by-key diff of two objects: add, remove
// and replace, in key order.
func mappingEntries(x, y *notebook.Value) []entry {
	var es []entry
	i, j := 0, 0
	for i < len(x.Members) || j < len(y.Members) {
		switch {
		case j == len(y.Members) || i < len(x.Members) && x.Members[i].Key < y.Members[j].Key:
			es = append(es, entry{Op: "remove", Key: x.Members[i].Key})
			i++
		case i == len(x.Members) || x.Members[i].Key > y.Members[j].Key:
			es = append(es, entry{Op: "add", Key: y.Members[j].Key, Value: &y.Members[j].Value})
			j++
		default:
			if !x.Members[i].Value.Equal(&y.Members[j].Value) {
				es = append(es, entry{Op: "replace", Key: y.Members[j].Key, Value: &y.Members[j].Value})
			}
			i, j = i+1, j+1
		}
	}
	return es
}

// sequenceEntries returns the diff of two lists of values compared whole:
// addrange and removerange.
func sequenceEntries(x, y []notebook.Value) []entry {
	kx := make([]string, len(x))
	for i := range x {
		kx[i] = compactJSON(&x[i])
	}
	ky := make([]string, len(y))
	for i := range y {
		ky[i] = compactJSON(&y[i])
	}
	var es []entry
	for _, e := range Strings(kx, ky) {
		if e.BEnd > e.BStart {
			es = append(es, entry{Op: "addrange", Seq: true, Index: e.AStart, Values: y[e.BStart:e.BEnd]})
		}
		if e.AEnd > e.AStart {
			es = append(es, entry{Op: "removerange", Seq: true, Index: e.AStart, Length: e.AEnd - e.AStart})
		}
	}
	return es
}

// cellValue returns cell c as the JSON object nbformat writes (source as one
// string).
func cellValue(c *notebook.Cell) notebook.Value {
	ms := make([]notebook.Member, 0, 7+len(c.Other))
	ms = append(ms, notebook.Member{Key: "cell_type", Value: notebook.StringValue(c.Type)})
	if c.HasID() {
		ms = append(ms, notebook.Member{Key: "id", Value: notebook.StringValue(c.ID)})
	}
	ms = append(ms, notebook.Member{Key: "metadata", Value: c.Metadata})
	ms = append(ms, notebook.Member{Key: "source", Value: notebook.StringValue(c.Source)})
	if c.Type == "code" || c.ExecutionCount.Kind != notebook.Null {
		ms = append(ms, notebook.Member{Key: "execution_count", Value: c.ExecutionCount})
	}
	if c.Outputs.Kind != notebook.Null {
		ms = append(ms, notebook.Member{Key: "outputs", Value: c.Outputs})
	}
	if c.Attachments.Kind != notebook.Null {
		ms = append(ms, notebook.Member{Key: "attachments", Value: c.Attachments})
	}
	ms = append(ms, c.Other...)
	return notebook.ObjectValue(ms...)
}
