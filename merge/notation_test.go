package merge

import (
	"strings"

	"github.com/nbtools/nbdiff/notebook"
)

// The test notation of a notebook: cells separated by spaces, each
// TYPE[#ID]:SOURCE[>OUTPUT], TYPE one of code, md, raw. In SOURCE and
// OUTPUT, "|" is a line break and "~" a space. A code cell with an OUTPUT
// has one stream output holding it and execution count 1. A notebook with
// an id is nbformat 4.5, otherwise 4.4. "" is a notebook without cells.
// parseNB accepts every string (unknown types become raw), so fuzzing can
// use it (invalid UTF-8 becomes U+FFFD, as no parsed notebook holds any).
func parseNB(s string) *notebook.Notebook {
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
		if typ == "code" {
			c.Outputs = notebook.Value{Kind: notebook.Array, Items: []notebook.Value{}}
			if hasOut {
				c.Outputs.Items = append(c.Outputs.Items, notebook.ObjectValue(
					notebook.Member{Key: "name", Value: notebook.StringValue("stdout")},
					notebook.Member{Key: "output_type", Value: notebook.StringValue("stream")},
					notebook.Member{Key: "text", Value: notebook.StringValue(unescape(out))},
				))
				c.ExecutionCount = notebook.Value{Kind: notebook.Number, Str: "1"}
			}
		}
		nb.Cells = append(nb.Cells, c)
	}
	return nb
}

func unescape(s string) string {
	return strings.NewReplacer("|", "\n", "~", " ").Replace(s)
}

func escape(s string) string {
	return strings.NewReplacer("\n", "|", " ", "~").Replace(s)
}

// showNB writes a notebook in the test notation (ids only when present,
// outputs as the text of their stream outputs).
func showNB(nb *notebook.Notebook) string {
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
