package diff

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/nbtools/nbdiff/notebook"
	"github.com/nbtools/nbdiff/notebook/nbtest"
)

// fuzzCells builds cells from fuzz text: cells separated by ';', '/' a line
// break, the type from the first byte, and with ids the first byte again as
// id (so ids collide often).
func fuzzCells(s string, ids bool) *notebook.Notebook {
	n := &notebook.Notebook{Major: 4, Minor: 5, Metadata: notebook.ObjectValue()}
	if s == "" {
		return n
	}
	for _, part := range strings.Split(s, ";") {
		c := &notebook.Cell{Type: "code", Metadata: notebook.ObjectValue(), Source: strings.ReplaceAll(part, "/", "\n")}
		if part != "" {
			switch part[0] % 3 {
			case 1:
				c.Type = "markdown"
			case 2:
				c.Type = "raw"
			}
			if ids {
				c.SetID(part[:1])
			}
		}
		n.Cells = append(n.Cells, c)
	}
	return n
}

// applySource rebuilds the new cells (type and source) from the old cells,
// the pairs and the line edits of r.
func applySource(t *testing.T, a *notebook.Notebook, r *Result) []string {
	t.Helper()
	var out []string
	for _, c := range r.Cells {
		if c.B < 0 {
			continue
		}
		typ, src := "", ""
		if c.A >= 0 {
			typ, src = a.Cells[c.A].Type, a.Cells[c.A].Source
			if c.TypeChanged {
				typ = r.New.Cells[c.B].Type
			}
		} else {
			typ = r.New.Cells[c.B].Type
		}
		if c.Source.Changed() {
			if c.A >= 0 && strings.Join(c.Source.Old, "") != src {
				t.Fatalf("cell %d: Source.Old is not the old source", c.A)
			}
			src = strings.Join(apply(c.Source.Old, c.Source.New, c.Source.Edits), "")
		}
		out = append(out, typ+":"+src)
	}
	return out
}

func cellStrings(n *notebook.Notebook) []string {
	var out []string
	for _, c := range n.Cells {
		out = append(out, c.Type+":"+c.Source)
	}
	return out
}

// applyJSON applies an nbdime diff to a value decoded by encoding/json.
// Strings are patched as lists of lines.
func applyJSON(v any, d []any) (any, error) {
	switch x := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, w := range x {
			m[k] = w
		}
		for _, e := range d {
			e := e.(map[string]any)
			key := e["key"].(string)
			switch e["op"] {
			case "add", "replace":
				m[key] = e["value"]
			case "remove":
				delete(m, key)
			case "patch":
				w, err := applyJSON(m[key], e["diff"].([]any))
				if err != nil {
					return nil, fmt.Errorf("%s: %w", key, err)
				}
				m[key] = w
			default:
				return nil, fmt.Errorf("bad mapping op %v", e["op"])
			}
		}
		return m, nil
	case string:
		var lines []any
		for _, l := range notebook.SplitLines(x) {
			lines = append(lines, l)
		}
		w, err := applyJSON(lines, d)
		if err != nil {
			return nil, err
		}
		var b strings.Builder
		for _, l := range w.([]any) {
			b.WriteString(l.(string))
		}
		return b.String(), nil
	case []any, nil:
		if x == nil && len(d) > 0 {
			if _, mapping := d[0].(map[string]any)["key"].(string); mapping {
				return applyJSON(map[string]any{}, d)
			}
		}
		xs, _ := v.([]any)
		var out []any
		i := 0
		last := -1
		for _, e := range d {
			e := e.(map[string]any)
			key := int(e["key"].(float64))
			if key < last || key < i || key > len(xs) {
				return nil, fmt.Errorf("key %d out of order or range", key)
			}
			last = key
			out = append(out, xs[i:key]...)
			i = key
			switch e["op"] {
			case "addrange":
				out = append(out, e["valuelist"].([]any)...)
			case "removerange":
				i += int(e["length"].(float64))
				if i > len(xs) {
					return nil, fmt.Errorf("removerange past the end")
				}
			case "patch":
				w, err := applyJSON(xs[key], e["diff"].([]any))
				if err != nil {
					return nil, fmt.Errorf("%d: %w", key, err)
				}
				out = append(out, w)
				i++
			default:
				return nil, fmt.Errorf("bad sequence op %v", e["op"])
			}
		}
		return append(out, xs[i:]...), nil
	}
	return nil, fmt.Errorf("cannot patch %T", v)
}

// checkJSON renders r as JSON, applies it to the old cells and compares
// the cells' types and sources with the new ones.
func checkJSON(t *testing.T, a, b *notebook.Notebook, r *Result) {
	t.Helper()
	var buf bytes.Buffer
	if err := Render(&buf, r, RenderOptions{Format: JSON, NewPath: "x"}); err != nil {
		t.Fatal(err)
	}
	var doc struct{ Diff []any }
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("JSON output does not parse: %v\n%s", err, buf.Bytes())
	}
	var cells []any
	if a != nil {
		for _, c := range a.Cells {
			var m any
			v := cellValue(c)
			if err := json.Unmarshal([]byte(compactJSON(&v)), &m); err != nil {
				t.Fatalf("cell JSON does not parse: %v", err)
			}
			cells = append(cells, m)
		}
	}
	var cellDiff []any
	for _, e := range doc.Diff {
		if e := e.(map[string]any); e["key"] == "cells" {
			cellDiff = e["diff"].([]any)
		}
	}
	got, err := applyJSON(cells, cellDiff)
	if err != nil {
		t.Fatalf("applying the JSON diff: %v\n%s", err, buf.Bytes())
	}
	var gs []string
	for _, c := range got.([]any) {
		c := c.(map[string]any)
		gs = append(gs, c["cell_type"].(string)+":"+c["source"].(string))
	}
	var want []string
	if b != nil {
		want = cellStrings(b)
	}
	if strings.Join(gs, "\x00") != strings.Join(want, "\x00") {
		t.Errorf("JSON diff applied gives\n%q\nwant\n%q\n%s", gs, want, buf.Bytes())
	}
}

// FuzzDiff checks, on the source view, that applying the alignment and the
// per-cell line edits to the old cells gives the new cells, that the JSON
// diff applied to the old cells does too, and that rendering never fails.
func FuzzDiff(f *testing.F) {
	f.Add("a;b;c", "a;x;c", false)
	f.Add("x=1/y=2;md;z", "md;x=1/y=3;z;w", true)
	f.Add("a/b/c;d", "a/c/b;d;a/b/c", true)
	f.Add("", "a", false)
	f.Add("a;a;a", "a;a", true)
	f.Add("l1/l2/", "l1/l2", false)
	f.Add("p\r/q", "p\r\n/q\n", false)
	f.Fuzz(func(t *testing.T, sa, sb string, ids bool) {
		if !utf8.ValidString(sa) || !utf8.ValidString(sb) {
			t.Skip("notebooks are UTF-8")
		}
		a, b := fuzzCells(sa, ids), fuzzCells(sb, ids)
		r := Notebooks(a, b, Options{})
		checkPairs(t, a.Cells, b.Cells, alignOf(r))
		got, want := applySource(t, a, r), cellStrings(b)
		if strings.Join(got, "\x00") != strings.Join(want, "\x00") {
			t.Fatalf("applied gives\n%q\nwant\n%q", got, want)
		}
		checkJSON(t, a, b, r)
		if r.Empty() != (strings.Join(cellStrings(a), "\x00") == strings.Join(want, "\x00") && len(a.Cells) == len(b.Cells) && idsEqual(a, b)) {
			t.Errorf("Empty() = %v for %q, %q", r.Empty(), sa, sb)
		}
		for _, f := range []Format{Plain, Stat, JSON} {
			if err := Render(&bytes.Buffer{}, r, RenderOptions{Format: f, Color: true}); err != nil {
				t.Fatal(err)
			}
		}
	})
}

func idsEqual(a, b *notebook.Notebook) bool {
	for i := range a.Cells {
		if a.Cells[i].ID != b.Cells[i].ID {
			return false
		}
	}
	return true
}

func alignOf(r *Result) []Pair {
	ps := make([]Pair, len(r.Cells))
	for k := range r.Cells {
		ps[k] = r.Cells[k].Pair
	}
	return ps
}

// TestJSONRoundTrip applies the JSON diff of every render case and every
// alignment case to the old cells.
func TestJSONRoundTrip(t *testing.T) {
	for _, c := range renderCases {
		t.Run(c.name, func(t *testing.T) { checkJSON(t, c.a, c.b, Notebooks(c.a, c.b, c.opts)) })
	}
	for _, c := range alignCases {
		t.Run(c.name, func(t *testing.T) {
			a, b := nbtest.Parse(c.a), nbtest.Parse(c.b)
			checkJSON(t, a, b, Notebooks(a, b, Options{}))
		})
	}
}

// TestSourceRoundTrip applies the line edits of every alignment case.
func TestSourceRoundTrip(t *testing.T) {
	for _, c := range alignCases {
		a, b := nbtest.Parse(c.a), nbtest.Parse(c.b)
		got := applySource(t, a, Notebooks(a, b, Options{}))
		if want := cellStrings(b); strings.Join(got, "\x00") != strings.Join(want, "\x00") {
			t.Errorf("%s: applied gives %q, want %q", c.name, got, want)
		}
	}
}

// TestStats counts the cells of a known diff.
func TestStats(t *testing.T) {
	a := nbtest.Parse("code:a code:b code:c~=~1|d md:gone")
	b := nbtest.Parse("code:b code:a code:c~=~2|d md:new~text~here")
	got := Notebooks(a, b, Options{}).Stats()
	want := Stats{Added: 1, Removed: 1, Modified: 1, Moved: 1, Unchanged: 1, LinesAdded: 2, LinesRemoved: 2}
	if got != want {
		t.Errorf("Stats() = %+v, want %+v", got, want)
	}

}
