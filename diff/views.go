package diff

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/nbtools/nbdiff/notebook"
)

// This file turns the parts of a cell other than its source into lines, so
// they diff and print the way sources do (see the package documentation).

// outputLines returns the execution count and outputs of c as lines, each
// ending in "\n".
func outputLines(c *notebook.Cell) []string {
	var out []string
	if c.ExecutionCount.Kind != notebook.Null {
		out = append(out, "execution_count: "+compactJSON(&c.ExecutionCount)+"\n")
	}
	for k := range c.Outputs.Items {
		o := &c.Outputs.Items[k]
		typ := o.Get("output_type").Text()
		head := "output " + strconv.Itoa(k+1) + ": " + typ
		switch typ {
		case "stream":
			out = append(out, head+" "+o.Get("name").Text()+"\n")
			out = appendTextLines(out, o.Get("text").Text())
		case "error":
			// One line per error: its name and the first line of its
			// value, blank or not.
			evalue := o.Get("evalue").Text()
			if i := strings.IndexAny(evalue, "\r\n"); i >= 0 {
				evalue = evalue[:i]
			}
			out = append(out, head+" "+o.Get("ename").Text()+": "+evalue+"\n")
		case "execute_result", "display_data", "update_display_data":
			out = append(out, head+"\n")
			out = appendBundle(out, o.Get("data"))
		default:
			out = append(out, head+" "+compactJSON(o)+"\n")
		}
	}
	return out
}

// attachmentLines returns the attachments of c as lines, each ending in
// "\n": per attachment its name, then its mime bundle.
func attachmentLines(c *notebook.Cell) []string {
	var out []string
	if c.Attachments.Kind == notebook.Object {
		for _, m := range c.Attachments.Members {
			out = append(out, "attachment "+m.Key+"\n")
			out = appendBundle(out, &m.Value)
		}
	}
	return out
}

// appendBundle appends the lines of a mime bundle: text types as their
// lines, other types as one summary line.
func appendBundle(out []string, data *notebook.Value) []string {
	if data == nil || data.Kind != notebook.Object {
		return out
	}
	// HTML next to plain text is markup of the same content: summarised.
	plain := data.Get("text/plain") != nil
	for _, m := range data.Members {
		v := &m.Value
		switch {
		case isTextMime(m.Key) && !(plain && m.Key == "text/html") && (v.Kind == notebook.String || v.Kind == notebook.Array):
			out = append(out, "  "+m.Key+":\n")
			out = appendTextLines(out, v.Text())
		case v.Kind == notebook.String || v.Kind == notebook.Array && m.Key != "application/json":
			out = append(out, "  "+binarySummary(m.Key, v.Text())+"\n")
		default:
			out = append(out, "  "+m.Key+": "+compactJSON(v)+"\n")
		}
	}
	return out
}

// isTextMime reports whether a mime type's data is shown as lines.
func isTextMime(mime string) bool {
	return strings.HasPrefix(mime, "text/") ||
		mime == "application/javascript"
}

// binarySummary describes data of a mime type by its size and a short
// hash: base64 data by its decoded size, other text by its length.
func binarySummary(mime, data string) string {
	size := len(data)
	if strings.HasPrefix(mime, "image/") && mime != "image/svg+xml" {
		n := 0
		for i := 0; i < len(data); i++ {
			if c := data[i]; c != '\n' && c != '\r' && c != '=' {
				n++
			}
		}
		size = n * 3 / 4
	}
	h := sha256.Sum256([]byte(data))
	return mime + ": " + strconv.Itoa(size) + " bytes, sha256 " + hex.EncodeToString(h[:4])
}

// appendTextLines appends the lines of s, indented by 4 spaces, each ending
// in "\n".
func appendTextLines(out []string, s string) []string {
	for _, l := range notebook.SplitLines(s) {
		l = strings.TrimRight(l, "\r\n")
		out = append(out, "    "+l+"\n")
	}
	return out
}

// cellMetadataLines returns the id and metadata of c, one line per key,
// then the members of the cell that nbformat does not define.
func cellMetadataLines(c *notebook.Cell) []string {
	var out []string
	if c.ID != "" {
		out = append(out, "id: "+c.ID+"\n")
	}
	return appendOther(appendMembers(out, &c.Metadata), c.Other)
}

// notebookMetadataLines returns the format version and the metadata of nb,
// one line per key, then the members nbformat does not define.
func notebookMetadataLines(nb *notebook.Notebook) []string {
	out := []string{"nbformat: " + strconv.Itoa(nb.Major) + "." + strconv.Itoa(nb.Minor) + "\n"}
	return appendOther(appendMembers(out, &nb.Metadata), nb.Other)
}

// appendOther appends "KEY: value" for each member of other, in key
// order, the value as compact JSON.
func appendOther(out []string, other []notebook.Member) []string {
	if len(other) == 0 {
		return out
	}
	o := notebook.ObjectValue(slices.Clone(other)...)
	for _, m := range o.Members {
		out = append(out, m.Key+": "+compactJSON(&m.Value)+"\n")
	}
	return out
}

// appendMembers appends "key: value" for each member of an object, the
// value as compact JSON.
func appendMembers(out []string, v *notebook.Value) []string {
	if v.Kind != notebook.Object {
		return out
	}
	for _, m := range v.Members {
		out = append(out, "metadata."+m.Key+": "+compactJSON(&m.Value)+"\n")
	}
	return out
}

// compactJSON returns v as JSON without white space.
func compactJSON(v *notebook.Value) string {
	return string(appendJSON(nil, v))
}

// appendJSON appends v as compact JSON. Numbers keep their literal text.
func appendJSON(b []byte, v *notebook.Value) []byte {
	switch v.Kind {
	case notebook.Null:
		return append(b, "null"...)
	case notebook.Bool, notebook.Number:
		return append(b, v.Str...)
	case notebook.String:
		return appendJSONString(b, v.Str)
	case notebook.Array:
		b = append(b, '[')
		for i := range v.Items {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSON(b, &v.Items[i])
		}
		return append(b, ']')
	}
	b = append(b, '{')
	for i := range v.Members {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, v.Members[i].Key)
		b = append(b, ':')
		b = appendJSON(b, &v.Members[i].Value)
	}
	return append(b, '}')
}

// appendJSONString appends s as a JSON string: '"', '\\' and control
// characters escaped, everything else (valid UTF-8) as it is; invalid
// UTF-8 becomes U+FFFD.
func appendJSONString(b []byte, s string) []byte {
	const hexDigits = "0123456789abcdef"
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c >= utf8.RuneSelf {
			r, n := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && n == 1 {
				b = append(b, "\ufffd"...)
			} else {
				b = append(b, s[i:i+n]...)
			}
			i += n
			continue
		}
		switch c {
		case '"', '\\':
			b = append(b, '\\', c)
		case '\n':
			b = append(b, '\\', 'n')
		case '\r':
			b = append(b, '\\', 'r')
		case '\t':
			b = append(b, '\\', 't')
		default:
			if c < 0x20 || c == 0x7f {
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&15])
			} else {
				b = append(b, c)
			}
		}
		i++
	}
	return append(b, '"')
}
