package notebook

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// upgradedMinor is the nbformat 4 minor version of a notebook upgraded from
// nbformat 2 or 3. nbformat itself upgrades to 4.5 and gives every cell a
// random id; this package never invents ids, so it stops at 4.4, the newest
// minor without them.
const upgradedMinor = 4

// maxHeading is the deepest Markdown heading: an old heading cell of a
// higher level becomes one of this level.
const maxHeading = 6

// mimeAliases are the short output keys of nbformat 3 and their mime types,
// in the order nbformat's converter applies them.
var mimeAliases = [...][2]string{
	{"text", "text/plain"},
	{"html", "text/html"},
	{"svg", "image/svg+xml"},
	{"png", "image/png"},
	{"jpeg", "image/jpeg"},
	{"latex", "text/latex"},
	{"json", "application/json"},
	{"javascript", "application/javascript"},
}

// multilineOutputKeys are the nbformat 2 and 3 output keys whose lists of
// lines are joined on reading.
var multilineOutputKeys = [...]string{"text", "html", "svg", "latex", "javascript", "json"}

// upgrade converts the root object of an nbformat 2 or 3 notebook into an
// nbformat 4.4 notebook the way nbformat's readers and converters do (see
// the package documentation), changing root in place.
func upgrade(root *Value, major int) error {
	ws := root.Get("worksheets")
	var cells []Value
	switch {
	case ws == nil:
	case ws.Kind != Array:
		return &StructureError{Cell: -1, Field: "worksheets", Msg: fmt.Sprintf("is %s, not a list", kindName(ws.Kind))}
	default:
		for i := range ws.Items {
			w := &ws.Items[i]
			wc := w.Get("cells")
			if w.Kind != Object || wc == nil || wc.Kind != Array {
				return &StructureError{Cell: -1, Field: "worksheets", Msg: fmt.Sprintf("worksheet %d has no list of cells", i)}
			}
			cells = append(cells, wc.Items...)
		}
	}
	for i := range cells {
		if err := upgradeCell(&cells[i], i, major); err != nil {
			return err
		}
	}
	if cells == nil {
		cells = []Value{}
	}
	for _, k := range [...]string{"worksheets", "orig_nbformat", "orig_nbformat_minor", "nbformat", "nbformat_minor"} {
		root.Delete(k)
	}
	root.Set("cells", Value{Kind: Array, Items: cells})
	root.Set("nbformat", Value{Kind: Number, Str: "4"})
	root.Set("nbformat_minor", Value{Kind: Number, Str: itoa(upgradedMinor)})
	md := root.Get("metadata")
	if md == nil || md.Kind != Object {
		root.Set("metadata", Value{Kind: Object, Members: []Member{}})
		md = root.Get("metadata")
	}
	md.Delete("name")
	md.Delete("signature")
	return nil
}

// rejoin joins member key of v when it is a list of lines: nbformat 2 joins
// with "\n"; nbformat 3 concatenates lines that keep their line ends and
// joins the others with "\n" (files written by an old splitlines()).
func rejoin(v *Value, key string, index, major int) error {
	item := v.Get(key)
	if item == nil || item.Kind != Array {
		return nil
	}
	if !item.isStringList() {
		return &StructureError{Cell: index, Field: key, Msg: "is a list holding something other than strings"}
	}
	parts := make([]string, len(item.Items))
	for i := range item.Items {
		parts[i] = item.Items[i].Str
	}
	sep := "\n"
	if major == 3 && len(parts) > 0 && (strings.HasSuffix(parts[0], "\n") || strings.HasSuffix(parts[0], "\r")) {
		sep = ""
	}
	*item = Value{Kind: String, Str: strings.Join(parts, sep)}
	return nil
}

func upgradeCell(c *Value, index, major int) error {
	if c.Kind != Object {
		return &StructureError{Cell: index, Msg: fmt.Sprintf("is %s, not an object", kindName(c.Kind))}
	}
	ct := c.Get("cell_type")
	if ct == nil {
		return &StructureError{Cell: index, Field: "cell_type", Msg: "missing"}
	}
	if ct.Kind != String {
		return &StructureError{Cell: index, Field: "cell_type", Msg: fmt.Sprintf("is %s, not a string", kindName(ct.Kind))}
	}
	cellType := ct.Str // ct may move as members are added below: not used again
	// Reading: join lists of lines; nbformat 3 also drops "trusted".
	if cellType == "code" {
		if err := rejoin(c, "input", index, major); err != nil {
			return err
		}
		if outs := c.Get("outputs"); outs != nil && outs.Kind == Array {
			for i := range outs.Items {
				for _, k := range multilineOutputKeys {
					if err := rejoin(&outs.Items[i], k, index, major); err != nil {
						return err
					}
				}
			}
		}
	} else {
		for _, k := range [...]string{"source", "rendered"} {
			if err := rejoin(c, k, index, major); err != nil {
				return err
			}
		}
	}
	if major == 3 {
		c.Delete("trusted")
		c.Get("metadata").Delete("trusted")
	}
	if md := c.Get("metadata"); md == nil {
		c.Set("metadata", Value{Kind: Object, Members: []Member{}})
	}
	// Converting to nbformat 4.
	switch cellType {
	case "code":
		c.Delete("language")
		if col := c.Get("collapsed"); col != nil {
			v := *col
			c.Delete("collapsed")
			c.Get("metadata").Set("collapsed", v)
		}
		src := Value{Kind: String}
		if in := c.Get("input"); in != nil {
			src = *in
			c.Delete("input")
		}
		c.Set("source", src)
		count := Value{}
		if pn := c.Get("prompt_number"); pn != nil {
			count = *pn
			c.Delete("prompt_number")
		}
		c.Set("execution_count", count)
		outs := c.Get("outputs")
		if outs == nil {
			c.Set("outputs", Value{Kind: Array, Items: []Value{}})
			break
		}
		if outs.Kind != Array {
			return &StructureError{Cell: index, Field: "outputs", Msg: fmt.Sprintf("is %s, not a list", kindName(outs.Kind))}
		}
		for i := range outs.Items {
			if err := upgradeOutput(&outs.Items[i], index); err != nil {
				return err
			}
		}
	case "heading":
		c.Set("cell_type", StringValue("markdown"))
		level := 1
		if lv := c.Get("level"); lv != nil {
			n, ok := intValue(lv)
			if !ok || n < 0 {
				return &StructureError{Cell: index, Field: "level", Msg: fmt.Sprintf("is %s, not a heading level", kindName(lv.Kind))}
			}
			level = n
			c.Delete("level")
		}
		var words []string
		if src := c.Get("source"); src != nil {
			if src.Kind != String {
				return &StructureError{Cell: index, Field: "source", Msg: fmt.Sprintf("is %s, not a string", kindName(src.Kind))}
			}
			for _, l := range SplitLines(src.Str) {
				words = append(words, trimLineEnd(l))
			}
		}
		// nbformat's converter writes level '#'; Markdown has no
		// heading beyond 6, and a huge level would take all memory.
		c.Set("source", Value{Kind: String, Str: strings.Repeat("#", min(level, maxHeading)) + " " + strings.Join(words, " ")})
	case "html":
		c.Set("cell_type", StringValue("markdown"))
	}
	return nil
}

// trimLineEnd removes the line end SplitLines left at the end of line.
func trimLineEnd(line string) string {
	if n := lineEnd(line, 0); n >= 0 {
		return line[:n]
	}
	return line
}

func upgradeOutput(o *Value, index int) error {
	if o.Kind != Object {
		return &StructureError{Cell: index, Field: "outputs", Msg: fmt.Sprintf("an output is %s, not an object", kindName(o.Kind))}
	}
	ot := o.Get("output_type")
	if ot == nil || ot.Kind != String {
		return &StructureError{Cell: index, Field: "outputs", Msg: "an output has no output_type"}
	}
	otype := ot.Str // ot may move as members are added below: not used again
	switch otype {
	case "pyout", "display_data":
		if o.Get("metadata") == nil {
			o.Set("metadata", Value{Kind: Object, Members: []Member{}})
		}
		if otype == "pyout" {
			o.Set("output_type", StringValue("execute_result"))
			count := Value{}
			if pn := o.Get("prompt_number"); pn != nil {
				count = *pn
				o.Delete("prompt_number")
			}
			o.Set("execution_count", count)
		}
		data := Value{Kind: Object, Members: []Member{}}
		kept := o.Members[:0:0]
		for _, m := range o.Members {
			switch m.Key {
			case "output_type", "execution_count", "metadata":
				kept = append(kept, m)
			default:
				data.Members = append(data.Members, m)
			}
		}
		toMimeKeys(&data)
		if js := data.Get("application/json"); js != nil && js.Kind == String {
			v, err := parseJSON([]byte(js.Str))
			if err != nil {
				return &StructureError{Cell: index, Field: "outputs", Msg: fmt.Sprintf("the json output is not JSON: %v", err)}
			}
			pyNumbers(&v)
			*js = v
		}
		o.Members = kept
		toMimeKeys(o.Get("metadata"))
		o.Set("data", data)
	case "pyerr":
		o.Set("output_type", StringValue("error"))
	case "stream":
		name := Value{Kind: String, Str: "stdout"}
		if s := o.Get("stream"); s != nil {
			name = *s
			o.Delete("stream")
		}
		o.Set("name", name)
	}
	return nil
}

// toMimeKeys renames the short keys of nbformat 3 to mime types.
func toMimeKeys(v *Value) {
	if v == nil || v.Kind != Object {
		return
	}
	for _, a := range mimeAliases {
		if x := v.Get(a[0]); x != nil {
			val := *x
			v.Delete(a[0])
			v.Set(a[1], val)
		}
	}
}

// pyNumbers rewrites the numbers of v as Python's json.loads then
// json.dumps write them: floats as repr gives them, integers without a
// sign on zero.
func pyNumbers(v *Value) {
	switch v.Kind {
	case Number:
		if strings.ContainsAny(v.Str, ".eE") {
			if f, err := strconv.ParseFloat(v.Str, 64); err == nil || math.IsInf(f, 0) {
				v.Str = pyFloat(f)
			}
		} else if v.Str == "-0" {
			v.Str = "0"
		}
	case Array:
		for i := range v.Items {
			pyNumbers(&v.Items[i])
		}
	case Object:
		for i := range v.Members {
			pyNumbers(&v.Members[i].Value)
		}
	}
}

// pyFloat formats f as Python's repr(float) does.
func pyFloat(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	}
	sci := strconv.FormatFloat(f, 'e', -1, 64) // [-]d[.ddd]e±XX
	mant, exp, _ := strings.Cut(sci, "e")
	e, _ := strconv.Atoi(exp)
	if -4 <= e && e < 16 {
		s := strconv.FormatFloat(f, 'f', -1, 64)
		if !strings.Contains(s, ".") {
			s += ".0"
		}
		return s
	}
	sign := "+"
	if e < 0 {
		sign, e = "-", -e
	}
	es := strconv.Itoa(e)
	if len(es) < 2 {
		es = "0" + es
	}
	return mant + "e" + sign + es
}
