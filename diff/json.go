package diff

import (
	"sort"
	"strconv"
	"strings"

	"github.com/nbtools/nbdiff/notebook"
)

// This file renders a Result in nbdime's diff format (see doc.go). Values
// are written in nbformat's in-memory form (what nbformat.read returns):
// sources, stream texts and the text data of mime bundles as one string,
// not as the lists of lines the file holds, so that nbdime's patch
// applied to the old notebook as nbformat reads it gives the new one, in
// every part that the options show.

// json writes r as one line of JSON: the paths, the nbdime diff, and,
// when there are any, the moved cells and the counts of hidden changes.
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
	// nbdime's format has no move: a moved cell is removed at its old
	// place and added at its new one. Say which those are.
	n := 0
	for k := range r.Cells {
		c := &r.Cells[k]
		if !c.Moved {
			continue
		}
		if n == 0 {
			b = append(b, `,"moved":[`...)
		} else {
			b = append(b, ',')
		}
		n++
		b = append(b, `{"old":`...)
		b = strconv.AppendInt(b, int64(c.A), 10)
		b = append(b, `,"new":`...)
		b = strconv.AppendInt(b, int64(c.B), 10)
		b = append(b, '}')
	}
	if n > 0 {
		b = append(b, ']')
	}
	if h := r.Hidden; h.Any() {
		b = append(b, `,"hidden":{`...)
		first := true
		for _, x := range []struct {
			key string
			n   int
		}{{"outputs", h.Outputs}, {"execution_counts", h.Counts}, {"attachments", h.Attachments}, {"metadata", h.Metadata}, {"ids", h.IDs}} {
			if x.n == 0 {
				continue
			}
			if !first {
				b = append(b, ',')
			}
			first = false
			b = appendJSONString(b, x.key)
			b = append(b, ':')
			b = strconv.AppendInt(b, int64(x.n), 10)
		}
		if h.Notebook {
			if !first {
				b = append(b, ',')
			}
			b = append(b, `"notebook":true`...)
		}
		b = append(b, '}')
	}
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
// and with Options.Metadata the metadata, the format version and the
// notebook's other members.
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
		es = append(es, otherEntries(r.Old.Other, r.New.Other)...)
	}
	sort.SliceStable(es, func(i, j int) bool { return es[i].Key < es[j].Key })
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
// the options show: the type and the source always; the execution count,
// outputs and attachments with Options.Outputs; the id, the metadata and
// other members with Options.Metadata. A cell whose type changed also
// gains or loses the members of its type (a code cell has outputs and an
// execution count), so that the patched cell is a valid one.
func (r *Result) cellPatch(c *Cell) []entry {
	x, y := r.Old.Cells[c.A], r.New.Cells[c.B]
	var es []entry
	if c.TypeChanged {
		v := notebook.StringValue(y.Type)
		es = append(es, entry{Op: "replace", Key: "cell_type", Value: &v})
	}
	if out := r.Options.Outputs; out || c.TypeChanged {
		// Without Options.Outputs, only the members that the type
		// brings or takes away (values false below).
		// (Each value gets a variable of its own: entries keep pointers.)
		pcx, cx := countMember(x)
		pcy, cy := countMember(y)
		es = append(es, memberChange("execution_count", pcx, &cx, pcy, &cy, out)...)
		pox, ox := outputsMember(x)
		poy, oy := outputsMember(y)
		if !ox.Equal(&oy) || pox != poy {
			mx, my := memOutputs(ox), memOutputs(oy)
			if pox && poy && out && mx.Kind == notebook.Array && my.Kind == notebook.Array {
				if d := sequenceEntries(mx.Items, my.Items); len(d) > 0 {
					es = append(es, entry{Op: "patch", Key: "outputs", Diff: d})
				}
			} else {
				es = append(es, memberChange("outputs", pox, &mx, poy, &my, out)...)
			}
		}
		if !x.Attachments.Equal(&y.Attachments) {
			ax, ay := memAttachments(x.Attachments), memAttachments(y.Attachments)
			es = append(es, memberChange("attachments", x.Attachments.Kind != notebook.Null, &ax, y.Attachments.Kind != notebook.Null, &ay, out)...)
		}
	}
	if r.Options.Metadata {
		if x.ID != y.ID || x.HasID() != y.HasID() {
			vx, vy := notebook.StringValue(x.ID), notebook.StringValue(y.ID)
			es = append(es, memberChange("id", x.HasID(), &vx, y.HasID(), &vy, true)...)
		}
		if md := mappingEntries(&x.Metadata, &y.Metadata); len(md) > 0 {
			es = append(es, entry{Op: "patch", Key: "metadata", Diff: md})
		}
		es = append(es, otherEntries(x.Other, y.Other)...)
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

// countMember returns whether cell c has an execution count member as
// nbformat holds it (a code cell always does) and its value.
func countMember(c *notebook.Cell) (bool, notebook.Value) {
	return c.Type == "code" || c.ExecutionCount.Kind != notebook.Null, c.ExecutionCount
}

// outputsMember returns whether cell c has an outputs member as nbformat
// holds it (a code cell always does, [] when the file has none) and its
// value.
func outputsMember(c *notebook.Cell) (bool, notebook.Value) {
	if c.Outputs.Kind == notebook.Null {
		if c.Type == "code" {
			return true, notebook.Value{Kind: notebook.Array}
		}
		return false, c.Outputs
	}
	return true, c.Outputs
}

// memberChange returns the entry that turns member key from (px, x) into
// (py, y), where px and py say whether the member is present: add,
// remove, or (with values) replace when the values differ.
func memberChange(key string, px bool, x *notebook.Value, py bool, y *notebook.Value, values bool) []entry {
	switch {
	case px && !py:
		return []entry{{Op: "remove", Key: key}}
	case !px && py:
		return []entry{{Op: "add", Key: key, Value: y}}
	case px && py && values && !x.Equal(y):
		return []entry{{Op: "replace", Key: key, Value: y}}
	}
	return nil
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

// otherEntries returns the diff of the members a notebook or a cell holds
// beside those the model knows (in any order).
func otherEntries(x, y []notebook.Member) []entry {
	if len(x) == 0 && len(y) == 0 {
		return nil
	}
	ox := notebook.ObjectValue(append([]notebook.Member(nil), x...)...)
	oy := notebook.ObjectValue(append([]notebook.Member(nil), y...)...)
	return mappingEntries(&ox, &oy)
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

// cellValue returns cell c as nbformat holds it in memory: the source as
// one string, outputs and attachments in memory form, and a code cell
// with its outputs ([] when none) and execution count.
func cellValue(c *notebook.Cell) notebook.Value {
	ms := make([]notebook.Member, 0, 7+len(c.Other))
	ms = append(ms, notebook.Member{Key: "cell_type", Value: notebook.StringValue(c.Type)})
	if c.HasID() {
		ms = append(ms, notebook.Member{Key: "id", Value: notebook.StringValue(c.ID)})
	}
	md := c.Metadata
	if md.Kind == notebook.Null {
		md = notebook.ObjectValue()
	}
	ms = append(ms, notebook.Member{Key: "metadata", Value: md})
	ms = append(ms, notebook.Member{Key: "source", Value: notebook.StringValue(c.Source)})
	if ok, v := countMember(c); ok {
		ms = append(ms, notebook.Member{Key: "execution_count", Value: v})
	}
	if ok, v := outputsMember(c); ok {
		ms = append(ms, notebook.Member{Key: "outputs", Value: memOutputs(v)})
	}
	if c.Attachments.Kind != notebook.Null {
		ms = append(ms, notebook.Member{Key: "attachments", Value: memAttachments(c.Attachments)})
	}
	ms = append(ms, c.Other...)
	return notebook.ObjectValue(ms...)
}

// memOutputs returns a list of outputs in nbformat's in-memory form
// (nbformat.v4.rejoin_lines): the data of execute_result and display_data
// outputs as memBundle gives it, and the "text" of other outputs (stream)
// as one string. It shares what it does not change with v, and changes
// nothing of v.
func memOutputs(v notebook.Value) notebook.Value {
	if v.Kind != notebook.Array {
		return v
	}
	var items []notebook.Value
	for i := range v.Items {
		o := &v.Items[i]
		var m notebook.Value
		changed := false
		switch o.Get("output_type").Text() {
		case "execute_result", "display_data":
			if d := o.Get("data"); d != nil {
				if nd, ok := memBundle(*d); ok {
					m, changed = withMember(*o, "data", nd), true
				}
			}
		case "":
		default:
			if t := o.Get("text"); t != nil && isStringList(t) {
				m, changed = withMember(*o, "text", notebook.StringValue(t.Text())), true
			}
		}
		if changed && items == nil {
			items = make([]notebook.Value, len(v.Items))
			copy(items, v.Items)
		}
		if changed {
			items[i] = m
		}
	}
	if items == nil {
		return v
	}
	return notebook.Value{Kind: notebook.Array, Items: items}
}

// memAttachments returns attachments (an object of mime bundles) in
// memory form: each bundle as memBundle gives it.
func memAttachments(v notebook.Value) notebook.Value {
	if v.Kind != notebook.Object {
		return v
	}
	copied := false
	for i := range v.Members {
		if nb, ok := memBundle(v.Members[i].Value); ok {
			if !copied {
				v.Members = append([]notebook.Member(nil), v.Members...)
				copied = true
			}
			v.Members[i].Value = nb
		}
	}
	return v
}

// memBundle returns mime bundle d with every value that is a list of
// strings joined into one string, except for JSON types
// (application/json, application/*+json), and whether it changed any.
func memBundle(d notebook.Value) (notebook.Value, bool) {
	if d.Kind != notebook.Object {
		return d, false
	}
	changed := false
	for i := range d.Members {
		m := &d.Members[i]
		if isJSONMime(m.Key) || !isStringList(&m.Value) {
			continue
		}
		if !changed {
			d.Members = append([]notebook.Member(nil), d.Members...)
			m = &d.Members[i]
			changed = true
		}
		m.Value = notebook.StringValue(m.Value.Text())
	}
	return d, changed
}

func isJSONMime(mime string) bool {
	return mime == "application/json" || strings.HasPrefix(mime, "application/") && strings.HasSuffix(mime, "+json")
}

// isStringList reports whether v is a list whose items are all strings.
func isStringList(v *notebook.Value) bool {
	if v.Kind != notebook.Array {
		return false
	}
	for i := range v.Items {
		if v.Items[i].Kind != notebook.String {
			return false
		}
	}
	return true
}

// withMember returns a copy of object o with member key set to v (o's
// members are not changed).
func withMember(o notebook.Value, key string, v notebook.Value) notebook.Value {
	o.Members = append([]notebook.Member(nil), o.Members...)
	o.Set(key, v)
	return o
}
