// Package nbtest writes test notebooks in one line of text, for the tests
// of the packages that diff and merge notebooks (as net/http/httptest
// serves the tests of HTTP code). It is not for use outside tests.
//
// The notation: cells separated by white space, each
//
//	TYPE[#ID]:SOURCE[>OUTPUT]
//
// TYPE is code, md (a markdown cell) or raw. ID, when given, is the cell's
// id, taken as written (it cannot hold ':' or white space). In SOURCE and
// OUTPUT, "|" stands for a line break and "~" for a space; every other
// character stands for itself (there is no way to write a '|', '~' or '>'
// of the text). Only a code cell has an OUTPUT: everything after the first
// '>'. So
//
//	md:#~Title code#c1:x~=~1|print(x)>1 raw:
//
// is a markdown cell "# Title", a code cell with id c1, source
// "x = 1\nprint(x)" and output "1", and an empty raw cell.
//
// The notebook is nbformat 4.4, or 4.5 when some cell has an id (as
// nbformat writes them), with empty metadata; "" is a notebook without
// cells. Every cell has empty metadata. A code cell with an OUTPUT has one
// stdout stream output whose text is the OUTPUT, and execution count 1;
// one without has no outputs (a Null Value, which Write writes as an empty
// list) and a null count, as a cell built in code has.
package nbtest

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/nbtools/nbdiff/notebook"
)

// Parse returns the notebook that s writes in the notation. It panics when
// s is not in the notation (a field without ':', an unknown type, an empty
// id, an OUTPUT on a cell that is not code, invalid UTF-8): test notebooks
// are written by hand, and a typo should not quietly test something else.
func Parse(s string) *notebook.Notebook {
	for _, f := range strings.Fields(s) {
		if err := check(f); err != nil {
			panic(fmt.Sprintf("nbtest: %q: %v", f, err))
		}
	}
	return ParseAny(s)
}

// check reports why the field f is not a cell in the notation.
func check(f string) error {
	if !utf8.ValidString(f) {
		return fmt.Errorf("invalid UTF-8")
	}
	head, body, ok := strings.Cut(f, ":")
	if !ok {
		return fmt.Errorf("no ':' after the type")
	}
	typ, id, hasID := strings.Cut(head, "#")
	switch typ {
	case "code", "md", "raw":
	default:
		return fmt.Errorf("unknown type %q (code, md or raw)", typ)
	}
	if hasID && id == "" {
		return fmt.Errorf("empty id")
	}
	if typ != "code" && strings.Contains(body, ">") {
		return fmt.Errorf("an output on a %s cell", typ)
	}
	return nil
}

// JSON returns the notebook that s writes in the notation as a file, the
// way Jupyter writes it (notebook.Write), for tests that feed commands or
// parsers bytes.
func JSON(s string) string { return string(notebook.Write(Parse(s))) }

// ParseAny is Parse for fuzz targets: it accepts every string. Where Parse
// panics, it reads invalid UTF-8 as U+FFFD (no parsed notebook holds any),
// a field without ':' as a type without a source, an unknown type as raw,
// an empty id as none, and drops the OUTPUT of a cell that is not code.
func ParseAny(s string) *notebook.Notebook {
	s = strings.ToValidUTF8(s, "\uFFFD")
	nb := &notebook.Notebook{Major: 4, Minor: 4, Metadata: notebook.ObjectValue()}
	for _, f := range strings.Fields(s) {
		head, body, _ := strings.Cut(f, ":")
		typ, id, _ := strings.Cut(head, "#")
		switch typ {
		case "code":
		case "md":
			typ = "markdown"
		default:
			typ = "raw"
		}
		src, out, hasOut := strings.Cut(body, ">")
		c := &notebook.Cell{Type: typ, Source: unescape(src), Metadata: notebook.ObjectValue()}
		if id != "" {
			c.SetID(id)
			nb.Minor = 5
		}
		if typ == "code" && hasOut {
			c.Outputs = notebook.Value{Kind: notebook.Array, Items: []notebook.Value{notebook.ObjectValue(
				notebook.Member{Key: "name", Value: notebook.StringValue("stdout")},
				notebook.Member{Key: "output_type", Value: notebook.StringValue("stream")},
				notebook.Member{Key: "text", Value: notebook.StringValue(unescape(out))},
			)}}
			c.ExecutionCount = notebook.Value{Kind: notebook.Number, Str: "1"}
		}
		nb.Cells = append(nb.Cells, c)
	}
	return nb
}

// Format writes nb's cells in the notation, for comparing with a want
// written in it: markdown as md, other types as they are, ids when the
// cells have them, and, for a cell whose outputs list is not empty, '>' and
// the texts of its outputs joined. It does not change nb. It writes only
// what the notation says: not metadata, nor the kinds of outputs; and a
// source holding '|', '~' or '>' does not parse back the same.
func Format(nb *notebook.Notebook) string {
	var parts []string
	for _, c := range nb.Cells {
		typ := c.Type
		if typ == "markdown" {
			typ = "md"
		}
		s := typ
		if c.ID != "" {
			s += "#" + c.ID
		}
		s += ":" + escape(c.Source)
		if c.Outputs.Kind == notebook.Array && len(c.Outputs.Items) > 0 {
			var out strings.Builder
			for i := range c.Outputs.Items {
				out.WriteString(c.Outputs.Items[i].Get("text").Text())
			}
			s += ">" + escape(out.String())
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, " ")
}

var (
	unescaper = strings.NewReplacer("|", "\n", "~", " ")
	escaper   = strings.NewReplacer("\n", "|", " ", "~")
)

func unescape(s string) string { return unescaper.Replace(s) }

func escape(s string) string { return escaper.Replace(s) }
