package diff

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/nbtools/nbdiff/notebook"
	"github.com/nbtools/nbdiff/notebook/nbtest"
)

// This file checks that the JSON format is nbdime's diff format with
// values as nbformat holds them in memory: applying the diff to the old
// notebook, as nbformat reads it, gives the new notebook in every part
// that the options show. The patch applier and the reader below are
// written from the format's documentation (nbdime's "diff format" page)
// and nbformat's reader (rejoin_lines, strip_transient), not from this
// package's code.

// patchValue applies an nbdime diff to obj, a value as encoding/json
// decodes it into any: on an object the ops add, remove, replace and
// patch; on a list addrange, removerange and patch; on a string the same
// as on the list of its lines (split as Python's str.splitlines(True)
// splits), joined again.
func patchValue(obj any, diff []any) (any, error) {
	switch o := obj.(type) {
	case map[string]any:
		out := make(map[string]any, len(o))
		for k, v := range o {
			out[k] = v
		}
		seen := map[string]bool{}
		for _, raw := range diff {
			e, _ := raw.(map[string]any)
			key, ok := e["key"].(string)
			if !ok {
				return nil, fmt.Errorf("mapping entry %v: key is not a string", e)
			}
			if seen[key] {
				return nil, fmt.Errorf("two entries for key %q", key)
			}
			seen[key] = true
			_, had := o[key]
			switch e["op"] {
			case "add":
				if had {
					return nil, fmt.Errorf("add %q: already there", key)
				}
				out[key] = e["value"]
			case "remove":
				if !had {
					return nil, fmt.Errorf("remove %q: not there", key)
				}
				delete(out, key)
			case "replace":
				if !had {
					return nil, fmt.Errorf("replace %q: not there", key)
				}
				out[key] = e["value"]
			case "patch":
				if !had {
					return nil, fmt.Errorf("patch %q: not there", key)
				}
				d, _ := e["diff"].([]any)
				v, err := patchValue(o[key], d)
				if err != nil {
					return nil, fmt.Errorf("%s: %w", key, err)
				}
				out[key] = v
			default:
				return nil, fmt.Errorf("mapping entry %v: op %v", e, e["op"])
			}
		}
		return out, nil
	case []any:
		out := make([]any, 0, len(o))
		take, last := 0, -1
		for _, raw := range diff {
			e, _ := raw.(map[string]any)
			k, ok := e["key"].(float64)
			index := int(k)
			if !ok || float64(index) != k || index < 0 || index > len(o) {
				return nil, fmt.Errorf("sequence entry %v: bad key for %d items", e, len(o))
			}
			if index < last {
				return nil, fmt.Errorf("sequence entries not sorted by key: %v", diff)
			}
			last = index
			if index < take {
				return nil, fmt.Errorf("entry %v overlaps the one before", e)
			}
			out = append(out, o[take:index]...)
			skip := 0
			switch e["op"] {
			case "addrange":
				vs, ok := e["valuelist"].([]any)
				if !ok {
					return nil, fmt.Errorf("addrange without a valuelist: %v", e)
				}
				out = append(out, vs...)
			case "removerange":
				n, ok := e["length"].(float64)
				if !ok || n < 1 || index+int(n) > len(o) {
					return nil, fmt.Errorf("removerange %v: bad length for %d items", e, len(o))
				}
				skip = int(n)
			case "patch":
				if index == len(o) {
					return nil, fmt.Errorf("patch past the end: %v", e)
				}
				d, _ := e["diff"].([]any)
				v, err := patchValue(o[index], d)
				if err != nil {
					return nil, fmt.Errorf("%d: %w", index, err)
				}
				out = append(out, v)
				skip = 1
			default:
				return nil, fmt.Errorf("sequence entry %v: op %v", e, e["op"])
			}
			take = max(take, index+skip)
		}
		return append(out, o[take:]...), nil
	case string:
		lines := pySplitLines(o)
		items := make([]any, len(lines))
		for i, l := range lines {
			items[i] = l
		}
		// A patch of one line is a diff of its characters.
		for _, raw := range diff {
			if e, _ := raw.(map[string]any); e["op"] == "patch" {
				return nil, fmt.Errorf("string: a patch of a line is not written by this package: %v", e)
			}
		}
		v, err := patchValue(items, diff)
		if err != nil {
			return nil, err
		}
		var b strings.Builder
		for _, x := range v.([]any) {
			s, ok := x.(string)
			if !ok {
				return nil, fmt.Errorf("string: added value %v is not a string", x)
			}
			b.WriteString(s)
		}
		return b.String(), nil
	}
	return nil, fmt.Errorf("cannot patch %T", obj)
}

// pySplitLines splits s as Python's str.splitlines(True) does: after
// "\n", "\r\n", "\r", "\v", "\f", "\x1c", "\x1d", "\x1e", U+0085, U+2028
// and U+2029, each line keeping its end.
func pySplitLines(s string) []string {
	var out []string
	start := 0
	rs := []rune(s)
	pos := 0 // byte offset of rs[i]
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		size := len(string(r))
		end := -1
		switch r {
		case '\r':
			if i+1 < len(rs) && rs[i+1] == '\n' {
				end = pos + 2
				i++
			} else {
				end = pos + 1
			}
		case '\n', '\v', '\f', 0x1c, 0x1d, 0x1e, 0x85, 0x2028, 0x2029:
			end = pos + size
		}
		if end >= 0 {
			out = append(out, s[start:end])
			start = end
			pos = end
			continue
		}
		pos += size
	}
	if start < len(s) {
		out = append(out, s[start:])
	}
	return out
}

// readMemory returns notebook file data as nbformat.reads holds it:
// decoded JSON with the sources, the text of stream outputs and the text
// data of mime bundles joined into strings (rejoin_lines), and without
// the transient metadata (strip_transient). It returns nil for a file
// that encoding/json cannot read (NaN, Infinity) or that is not nbformat
// 4.
func readMemory(data []byte) map[string]any {
	var nb map[string]any
	if err := json.Unmarshal(data, &nb); err != nil || nb["nbformat"] != 4.0 {
		return nil
	}
	if md, ok := nb["metadata"].(map[string]any); ok {
		delete(md, "orig_nbformat")
		delete(md, "orig_nbformat_minor")
		delete(md, "signature")
	}
	cells, _ := nb["cells"].([]any)
	for _, raw := range cells {
		c, _ := raw.(map[string]any)
		if c == nil {
			return nil
		}
		if md, ok := c["metadata"].(map[string]any); ok {
			delete(md, "trusted")
		}
		if src, ok := c["source"].([]any); ok {
			c["source"] = joinStrings(src)
		}
		if att, ok := c["attachments"].(map[string]any); ok {
			for _, b := range att {
				rejoinBundle(b)
			}
		}
		if c["cell_type"] != "code" {
			continue
		}
		outs, _ := c["outputs"].([]any)
		for _, rawOut := range outs {
			o, _ := rawOut.(map[string]any)
			switch t, _ := o["output_type"].(string); t {
			case "execute_result", "display_data":
				rejoinBundle(o["data"])
			case "":
			default:
				if text, ok := o["text"].([]any); ok {
					o["text"] = joinStrings(text)
				}
			}
		}
	}
	return nb
}

func joinStrings(list []any) string {
	var b strings.Builder
	for _, x := range list {
		s, _ := x.(string)
		b.WriteString(s)
	}
	return b.String()
}

// rejoinBundle joins the lists of strings of a mime bundle, apart from
// JSON data.
func rejoinBundle(raw any) {
	d, _ := raw.(map[string]any)
	for k, v := range d {
		list, ok := v.([]any)
		if !ok || k == "application/json" || strings.HasPrefix(k, "application/") && strings.HasSuffix(k, "+json") {
			continue
		}
		all := true
		for _, x := range list {
			if _, ok := x.(string); !ok {
				all = false
			}
		}
		if all {
			d[k] = joinStrings(list)
		}
	}
}

// shownParts keeps of a notebook in memory form the parts that opts show:
// the cells' types and sources in order; with Outputs their execution
// counts, outputs and attachments; with Metadata (and Outputs: every
// option) everything.
func shownParts(nb map[string]any, opts Options) any {
	if opts.Outputs && opts.Metadata {
		return nb
	}
	var out []any
	cells, _ := nb["cells"].([]any)
	for _, raw := range cells {
		c := raw.(map[string]any)
		keep := map[string]any{"cell_type": c["cell_type"], "source": c["source"]}
		keys := []string{}
		if opts.Outputs {
			keys = append(keys, "execution_count", "outputs", "attachments")
		}
		if opts.Metadata {
			keys = append(keys, "metadata", "id")
		}
		for _, k := range keys {
			if v, ok := c[k]; ok {
				keep[k] = v
			}
		}
		out = append(out, keep)
	}
	if opts.Metadata {
		return map[string]any{"cells": out, "metadata": nb["metadata"], "nbformat": nb["nbformat"], "nbformat_minor": nb["nbformat_minor"]}
	}
	return out
}

// checkRoundTrip diffs the notebook files a and b with opts and checks
// that the JSON diff, applied to a as nbformat reads it, gives b in the
// parts that opts show. It reports false when the files are not for this
// check (not nbformat 4, not decodable by encoding/json).
func checkRoundTrip(t *testing.T, name string, a, b []byte, opts Options) bool {
	t.Helper()
	ma, mb := readMemory(a), readMemory(b)
	if ma == nil || mb == nil {
		return false
	}
	na, err := notebook.Parse(a)
	if err != nil {
		return false
	}
	nb, err := notebook.Parse(b)
	if err != nil {
		return false
	}
	var buf bytes.Buffer
	if err := Render(&buf, Notebooks(na, nb, opts), RenderOptions{Format: JSON, NewPath: "nb.ipynb"}); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Diff []any `json:"diff"`
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Errorf("%s %+v: the JSON does not decode: %v", name, opts, err)
		return true
	}
	got, err := patchValue(ma, doc.Diff)
	if err != nil {
		t.Errorf("%s %+v: patch: %v\n%.2000s", name, opts, err, buf.Bytes())
		return true
	}
	if d := cmp.Diff(shownParts(mb, opts), shownParts(got.(map[string]any), opts)); d != "" {
		t.Errorf("%s %+v: patch(old, diff) is not new (-new +patched):\n%.3000s", name, opts, d)
	}
	return true
}

// roundTripOptions are the options the round trip is checked with: the
// default, outputs, and everything (the command's --all).
var roundTripOptions = []Options{{}, {Outputs: true}, {Outputs: true, Metadata: true}}

// TestJSONPatch checks the round trip on every pair of the golden and
// the alignment tests, with each option.
func TestJSONPatch(t *testing.T) {
	type pair struct {
		name string
		a, b *notebook.Notebook
	}
	var pairs []pair
	for _, c := range renderCases {
		if c.a != nil && c.b != nil {
			pairs = append(pairs, pair{c.name, c.a, c.b})
		}
	}
	for _, c := range alignCases {
		pairs = append(pairs, pair{c.name, nbtest.Parse(c.a), nbtest.Parse(c.b)})
	}
	for _, p := range pairs {
		for _, opts := range roundTripOptions {
			if !checkRoundTrip(t, p.name, notebook.Write(p.a), notebook.Write(p.b), opts) {
				t.Errorf("%s: not checked", p.name)
			}
		}
	}
}

// TestJSONPatchMerges checks the round trip on every case of
// ../shared/merges: base against ours, with each option.
func TestJSONPatchMerges(t *testing.T) {
	merges := filepath.Join(sharedDir(t), "merges")
	dirs, err := os.ReadDir(merges)
	if err != nil {
		t.Skip(err)
	}
	checked, skipped := 0, 0
	for _, d := range dirs {
		a, err1 := os.ReadFile(filepath.Join(merges, d.Name(), "base.ipynb"))
		b, err2 := os.ReadFile(filepath.Join(merges, d.Name(), "ours.ipynb"))
		if err1 != nil || err2 != nil {
			continue
		}
		ok := true
		for _, opts := range roundTripOptions {
			ok = checkRoundTrip(t, d.Name(), a, b, opts) && ok
		}
		if ok {
			checked++
		} else {
			skipped++
		}
	}
	t.Logf("%d pairs checked, %d skipped (not nbformat 4 or not JSON that encoding/json reads)", checked, skipped)
	if checked == 0 {
		t.Fatal("no pair checked")
	}
}

// TestPatchValue checks the applier itself on the examples of the
// format's documentation.
func TestPatchValue(t *testing.T) {
	for _, tc := range []struct {
		obj, diff, want string
	}{
		{`{"a":1,"b":2}`, `[{"op":"add","key":"c","value":3},{"op":"remove","key":"a"},{"op":"replace","key":"b","value":5}]`, `{"b":5,"c":3}`},
		{`{"a":{"x":1}}`, `[{"op":"patch","key":"a","diff":[{"op":"add","key":"y","value":2}]}]`, `{"a":{"x":1,"y":2}}`},
		{`[1,2,3]`, `[{"op":"addrange","key":0,"valuelist":[0]},{"op":"removerange","key":1,"length":1},{"op":"addrange","key":3,"valuelist":[4]}]`, `[0,1,3,4]`},
		{`[1,[2],3]`, `[{"op":"patch","key":1,"diff":[{"op":"addrange","key":1,"valuelist":[9]}]}]`, `[1,[2,9],3]`},
		{`"a\nb\nc"`, `[{"op":"addrange","key":1,"valuelist":["B\n"]},{"op":"removerange","key":1,"length":1}]`, `"a\nB\nc"`},
		{`"a\r\nb\u2028c"`, `[{"op":"removerange","key":1,"length":1}]`, `"a\r\nc"`},
	} {
		var obj, diff, want any
		for _, x := range []struct {
			s string
			p *any
		}{{tc.obj, &obj}, {tc.diff, &diff}, {tc.want, &want}} {
			if err := json.Unmarshal([]byte(x.s), x.p); err != nil {
				t.Fatal(err)
			}
		}
		got, err := patchValue(obj, diff.([]any))
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("patch(%s, %s) = %v, %v; want %s", tc.obj, tc.diff, got, err, tc.want)
		}
	}
}
