package htmldiff

import (
	"encoding/json"
	"hash/fnv"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/nbtools/nbdiff/diff"
	"github.com/nbtools/nbdiff/notebook"
)

// outputRows returns the outputs and attachments of a cell's two versions
// (either may be nil) as rows: an output the same on both sides once,
// across both columns; a changed one as its old and new versions side by
// side (stacked in the unified view), an image as an image diff; an
// added or removed one on its side. Outputs are matched as a sequence,
// by content (execution counts aside).
func (nc *nbContext) outputRows(x, y *notebook.Cell) string {
	var xo, yo []notebook.Value
	if x != nil {
		xo = x.Outputs.Items
	}
	if y != nil {
		yo = y.Outputs.Items
	}
	var s strings.Builder
	if len(xo)+len(yo) > 0 {
		nc.rows(&s, xo, yo, "output ")
	}
	if att := attachmentPairs(x, y); len(att) > 0 {
		for _, a := range att {
			nc.attachmentRow(&s, a)
		}
	}
	if s.Len() == 0 {
		return ""
	}
	return `<div class="outputs">` + s.String() + "</div>"
}

// rows writes the rows of the outputs xo and yo.
func (nc *nbContext) rows(s *strings.Builder, xo, yo []notebook.Value, label string) {
	ka, kb := make([]string, len(xo)), make([]string, len(yo))
	for i := range xo {
		ka[i] = outputKey(&xo[i])
	}
	for i := range yo {
		kb[i] = outputKey(&yo[i])
	}
	var edits []diff.Edit
	switch {
	case len(xo) == 0 || len(yo) == 0:
		edits = []diff.Edit{{AStart: 0, AEnd: len(xo), BStart: 0, BEnd: len(yo)}}
	default:
		edits = diff.Strings(ka, kb)
	}
	i, j := 0, 0
	same := func() {
		s.WriteString(`<div class="o-row o-same"><div class="o-cell">`)
		nc.output(s, &yo[j])
		s.WriteString("</div></div>")
		i, j = i+1, j+1
	}
	for _, e := range edits {
		for i < e.AStart {
			same()
		}
		na, nb := e.AEnd-e.AStart, e.BEnd-e.BStart
		for k := 0; k < max(na, nb); k++ {
			var o, n *notebook.Value
			if k < na {
				o = &xo[e.AStart+k]
			}
			if k < nb {
				n = &yo[e.BStart+k]
			}
			num := e.BStart + k + 1
			if n == nil {
				num = e.AStart + k + 1
			}
			nc.changedRow(s, o, n, label+strconv.Itoa(num))
		}
		i, j = e.AEnd, e.BEnd
	}
	for i < len(xo) && j < len(yo) {
		same()
	}
}

// changedRow writes a changed output (o old, n new; one may be nil): an
// image diff when both are images that differ, else both versions.
func (nc *nbContext) changedRow(s *strings.Builder, o, n *notebook.Value, label string) {
	if o != nil && n != nil {
		om, od, ok1 := outputImage(o)
		nm, nd, ok2 := outputImage(n)
		if ok1 && ok2 && om != "image/svg+xml" && nm != "image/svg+xml" && validImage(om, od) && validImage(nm, nd) {
			d := compareImages(label+": "+nm, om, od, nm, nd, nc.b.images)
			s.WriteString(`<div class="o-row o-img">`)
			writeImageDiff(s, &d)
			s.WriteString("</div>")
			return
		}
		if ot, nt, ok := streamPair(o, n); ok {
			s.WriteString(`<div class="o-row o-chg"><div class="o-cell o-old">`)
			textPair(s, ot, nt, true)
			s.WriteString(`</div><div class="o-cell o-new">`)
			textPair(s, ot, nt, false)
			s.WriteString("</div></div>")
			return
		}
	}
	s.WriteString(`<div class="o-row o-chg">`)
	for k, v := range []*notebook.Value{o, n} {
		cls := [2]string{"o-old", "o-new"}[k]
		if v == nil {
			s.WriteString(`<div class="o-cell ` + cls + ` o-none"></div>`)
			continue
		}
		s.WriteString(`<div class="o-cell ` + cls + `">`)
		nc.output(s, v)
		s.WriteString("</div>")
	}
	s.WriteString("</div>")
}

// streamPair returns the texts of two stream outputs of the same stream,
// or of two plain-text results, without ANSI sequences; ok is false for
// other pairs.
func streamPair(o, n *notebook.Value) (string, string, bool) {
	text := func(v *notebook.Value) (string, string, bool) {
		switch v.Get("output_type").Text() {
		case "stream":
			return "stream " + v.Get("name").Text(), v.Get("text").Text(), true
		case "execute_result", "display_data":
			data := v.Get("data")
			if data == nil || len(data.Members) != 1 || data.Get("text/plain") == nil {
				return "", "", false
			}
			return "text", data.Get("text/plain").Text(), true
		}
		return "", "", false
	}
	ko, to, ok1 := text(o)
	kn, tn, ok2 := text(n)
	if !ok1 || !ok2 || ko != kn || strings.ContainsRune(to, 0x1b) || strings.ContainsRune(tn, 0x1b) {
		return "", "", false
	}
	return to, tn, true
}

// textPair writes one side (old or new) of two texts, as a block of lines
// with the changed lines and words marked.
func textPair(s *strings.Builder, a, b string, old bool) {
	la, lb := notebook.SplitLines(a), notebook.SplitLines(b)
	rows := makeRows(la, lb, diff.Strings(la, lb))
	s.WriteString(`<pre class="out-text">`)
	for _, r := range rows {
		i, lines, marks, cls := r.b, lb, r.mb, "d-add"
		if old {
			i, lines, marks, cls = r.a, la, r.ma, "d-del"
		}
		if i < 0 {
			continue
		}
		if r.change {
			s.WriteString(`<span class="` + cls + `">`)
		} else {
			s.WriteString("<span>")
		}
		writeLine(s, []tok{{"", trimEOL(lines[i])}}, marks)
		s.WriteString("\n</span>")
	}
	s.WriteString("</pre>")
}

// outputKey returns a key of an output's content, execution count aside.
func outputKey(v *notebook.Value) string {
	h := fnv.New128a()
	var walk func(v *notebook.Value, top bool)
	walk = func(v *notebook.Value, top bool) {
		h.Write([]byte{byte(v.Kind)})
		h.Write([]byte(strconv.Itoa(len(v.Str))))
		h.Write([]byte{0})
		h.Write([]byte(v.Str))
		for i := range v.Items {
			walk(&v.Items[i], false)
		}
		for i := range v.Members {
			if top && v.Members[i].Key == "execution_count" {
				continue
			}
			h.Write([]byte(v.Members[i].Key))
			h.Write([]byte{0})
			walk(&v.Members[i].Value, false)
		}
		h.Write([]byte{1})
	}
	walk(v, true)
	return string(h.Sum(nil))
}

// outputImage returns the image an output shows (mime type and base64
// data), if it shows one.
func outputImage(o *notebook.Value) (string, string, bool) {
	data := o.Get("data")
	if data == nil || data.Get("text/html") != nil {
		return "", "", false
	}
	for _, m := range imageMimes {
		if v := data.Get(m); v != nil {
			return m, imageData(m, v.Text()), true
		}
	}
	return "", "", false
}

// output writes one output as Jupyter shows it.
func (nc *nbContext) output(s *strings.Builder, o *notebook.Value) {
	typ := o.Get("output_type").Text()
	switch typ {
	case "stream":
		name := o.Get("name").Text()
		s.WriteString(`<pre class="out-text stream-` + classWord(name) + `">`)
		writeANSI(s, o.Get("text").Text())
		s.WriteString("</pre>")
		return
	case "error":
		var tb []string
		for _, l := range o.Get("traceback").Items {
			tb = append(tb, l.Text())
		}
		text := strings.Join(tb, "\n")
		if text == "" {
			text = o.Get("ename").Text() + ": " + o.Get("evalue").Text()
		}
		s.WriteString(`<pre class="out-text out-error">`)
		writeANSI(s, text)
		s.WriteString("</pre>")
		return
	case "execute_result", "display_data", "update_display_data":
	default:
		s.WriteString(`<pre class="out-text">`)
		escape(s, compactJSON(o))
		s.WriteString("</pre>")
		return
	}
	if typ == "execute_result" {
		if ec := o.Get("execution_count"); ec != nil && ec.Kind == notebook.Number {
			s.WriteString(`<div class="o-prompt">Out[` + escapeString(ec.Str) + `]:</div>`)
		}
	}
	nc.bundle(s, o.Get("data"), o.Get("metadata"))
}

// bundle writes the richest mime type of a bundle that the page can show
// safely.
func (nc *nbContext) bundle(s *strings.Builder, data, meta *notebook.Value) {
	if data == nil || data.Kind != notebook.Object {
		return
	}
	plain := data.Get("text/plain")
	writePlain := func() {
		if plain != nil {
			s.WriteString(`<pre class="out-text">`)
			writeANSI(s, plain.Text())
			s.WriteString("</pre>")
		}
	}
	if v := data.Get("text/html"); v != nil {
		doc, scripts := nc.b.r.htmlOutput(v.Text())
		s.WriteString(`<iframe class="out-html" sandbox="" title="HTML output" style="height:` + strconv.Itoa(frameHeight(doc)) + `px" srcdoc="`)
		escape(s, frameStyle+doc)
		s.WriteString(`"></iframe>`)
		if scripts {
			s.WriteString(`<p class="o-note">This HTML output holds scripts; they are not run here.</p>`)
			if strings.TrimSpace(tagRE.ReplaceAllString(doc, "")) == "" {
				writePlain() // nothing but scripts: show its text
			}
		}
		return
	}
	if v := data.Get("application/javascript"); v != nil {
		s.WriteString(`<p class="o-note">JavaScript output, shown as text (not run):</p><pre class="out-text">`)
		escape(s, v.Text())
		s.WriteString("</pre>")
		return
	}
	for _, m := range imageMimes {
		if v := data.Get(m); v != nil {
			id := nc.b.images.add(m, imageData(m, v.Text()))
			if id == "" {
				s.WriteString(`<p class="o-note">` + m + `: not valid image data</p>`)
				return
			}
			s.WriteString(`<img class="out-img" data-img="` + id + `" alt="` + m + ` output"`)
			if w := meta.Get(m).Get("width"); w != nil && w.Kind == notebook.Number {
				s.WriteString(` width="` + escapeString(w.Str) + `"`)
			}
			s.WriteString(">")
			return
		}
	}
	if v := data.Get("text/markdown"); v != nil {
		s.WriteString(`<div class="md">` + nc.b.r.markdown(v.Text(), nil, nc.b.images) + "</div>")
		return
	}
	if v := data.Get("text/latex"); v != nil {
		s.WriteString(`<div class="math display">`)
		escape(s, v.Text())
		s.WriteString("</div>")
		return
	}
	if plain != nil {
		writePlain()
		return
	}
	if v := data.Get("application/json"); v != nil {
		s.WriteString(`<pre class="out-text">`)
		escape(s, compactJSON(v))
		s.WriteString("</pre>")
		return
	}
	var mimes []string
	for _, m := range data.Members {
		mimes = append(mimes, m.Key)
	}
	s.WriteString(`<p class="o-note">`)
	escape(s, "not shown: "+strings.Join(mimes, ", "))
	s.WriteString("</p>")
}

// frameStyle is the style of HTML outputs in their frames, close to
// Jupyter's for tables.
const frameStyle = `<style>body{margin:4px;font:13px/1.4 system-ui,sans-serif;color:#1f2328}` +
	`table{border-collapse:collapse;font-size:12px}th,td{padding:3px 8px;border:none;text-align:right}` +
	`thead th{border-bottom:1px solid #999}tbody tr:nth-child(odd){background:#f5f5f5}</style>`

// frameHeight guesses the height in pixels of an HTML output, as the page
// cannot measure a sandboxed frame: a line per row, paragraph, item,
// heading or break.
func frameHeight(doc string) int {
	lower := strings.ToLower(doc)
	n := 1
	for _, tag := range []string{"<tr", "<p", "<br", "<li", "<h"} {
		n += strings.Count(lower, tag)
	}
	return min(max(22*n+28, 48), 600)
}

// classWord returns s reduced to letters, for a class name.
func classWord(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' {
			return r
		}
		return -1
	}, s)
}

// An attachment is one attachment of a cell on both sides (nil when
// absent).
type attachment struct {
	name     string
	old, new *notebook.Value
}

// attachmentPairs returns the attachments of x and y that differ, by
// name.
func attachmentPairs(x, y *notebook.Cell) []attachment {
	byName := map[string]*attachment{}
	var names []string
	for k, c := range []*notebook.Cell{x, y} {
		if c == nil || c.Attachments.Kind != notebook.Object {
			continue
		}
		for i := range c.Attachments.Members {
			m := &c.Attachments.Members[i]
			a := byName[m.Key]
			if a == nil {
				a = &attachment{name: m.Key}
				byName[m.Key] = a
				names = append(names, m.Key)
			}
			if k == 0 {
				a.old = &m.Value
			} else {
				a.new = &m.Value
			}
		}
	}
	sort.Strings(names)
	var out []attachment
	for _, n := range names {
		if a := byName[n]; !a.old.Equal(a.new) {
			out = append(out, *a)
		}
	}
	return out
}

// attachmentRow writes a changed attachment as a row, labelled.
func (nc *nbContext) attachmentRow(s *strings.Builder, a attachment) {
	label := "attachment " + a.name
	what := "changed"
	switch {
	case a.old == nil:
		what = "added"
	case a.new == nil:
		what = "removed"
	}
	_, _, img1 := attachmentImage(a.old)
	_, _, img2 := attachmentImage(a.new)
	if !img1 || !img2 { // an image diff has a caption of its own
		s.WriteString(`<div class="o-label">`)
		escape(s, label+" "+what)
		s.WriteString("</div>")
	}
	wrap := func(b *notebook.Value) *notebook.Value {
		if b == nil {
			return nil
		}
		v := notebook.ObjectValue(notebook.Member{Key: "output_type", Value: notebook.StringValue("display_data")},
			notebook.Member{Key: "data", Value: *b})
		return &v
	}
	nc.changedRow(s, wrap(a.old), wrap(a.new), label)
}

// attachmentImage returns the image of an attachment's bundle (nil: none).
func attachmentImage(b *notebook.Value) (string, string, bool) {
	if b == nil {
		return "", "", false
	}
	for _, m := range imageMimes {
		if v := b.Get(m); v != nil && m != "image/svg+xml" {
			return m, imageData(m, v.Text()), true
		}
	}
	return "", "", false
}

// tagRE matches an HTML tag, to see whether a document has text.
var tagRE = regexp.MustCompile(`(?s)<script.*?</script>|<style.*?</style>|<[^>]*>`)

// writeImageDiff writes the four views of a changed image: side by side,
// swipe, onion skin and the pixel difference; or, when only the encoding
// changed, the image once and a note saying so.
func writeImageDiff(s *strings.Builder, d *imageDiff) {
	size := func(w, h, n int) string {
		if w == 0 {
			return formatBytes(n)
		}
		return strconv.Itoa(w) + "×" + strconv.Itoa(h) + ", " + formatBytes(n)
	}
	if d.Same {
		s.WriteString(`<figure class="imgsame"><img class="out-img" data-img="` + d.New + `" alt="image"><figcaption>`)
		escape(s, d.Label+": encoded anew, same pixels ("+size(d.OldW, d.OldH, d.OldBytes)+" → "+formatBytes(d.NewBytes)+")")
		s.WriteString("</figcaption></figure>")
		return
	}
	w, h := max(d.OldW, d.NewW), max(d.OldH, d.NewH)
	// Small images are shown enlarged, pixel for pixel, so that a changed
	// pixel can be seen: by a whole factor up to 160 pixels wide.
	scale := 1
	if w > 0 && w < 160 {
		scale = min(8, 160/w)
	}
	zoom := func(iw int) string {
		if scale == 1 || iw == 0 {
			return ""
		}
		return ` class="zoom" style="width:` + strconv.Itoa(iw*scale) + `px"`
	}
	s.WriteString(`<figure class="imgdiff" data-mode="sbs"><figcaption class="im-head">`)
	escape(s, d.Label+" changed")
	s.WriteString(` <span class="im-stats">`)
	switch {
	case d.Compared:
		escape(s, commas(d.Changed)+" of "+commas(d.Total)+" pixels differ ("+percent(d.Changed, d.Total)+")")
	case d.Note != "":
		escape(s, d.Note)
	}
	s.WriteString(`</span></figcaption><div class="im-tabs">`)
	for k, m := range [][2]string{{"sbs", "Side by side"}, {"swipe", "Swipe"}, {"onion", "Onion skin"}, {"diff", "Difference"}} {
		if m[0] == "diff" && d.Diff == "" {
			continue
		}
		s.WriteString(`<button type="button" data-mode="` + m[0] + `" aria-pressed="` + strconv.FormatBool(k == 0) + `">` + m[1] + `</button>`)
	}
	s.WriteString(`</div>`)
	// Side by side.
	s.WriteString(`<div class="im-pane im-sbs"><figure class="im-old"><img data-img="` + d.Old + `" alt="old image"` + zoom(d.OldW) + `><figcaption>old: ` +
		size(d.OldW, d.OldH, d.OldBytes) + `</figcaption></figure><figure class="im-new"><img data-img="` + d.New +
		`" alt="new image"` + zoom(d.NewW) + `><figcaption>new: ` + size(d.NewW, d.NewH, d.NewBytes) + `</figcaption></figure></div>`)
	// Swipe and onion skin: the new image over the old one, in a frame of
	// the larger size, each image at its own size within it.
	stack := func(cls string) {
		frame := ""
		if w > 0 {
			frame = ` style="width:` + strconv.Itoa(w*scale) + `px;aspect-ratio:` + strconv.Itoa(w) + `/` + strconv.Itoa(h) + `"`
		}
		pct := func(a, b int) string {
			if b == 0 {
				return "100%"
			}
			return strconv.FormatFloat(100*float64(a)/float64(b), 'f', 3, 64) + "%"
		}
		s.WriteString(`<div class="im-pane ` + cls + `"><div class="im-stack"` + frame + `>`)
		s.WriteString(`<img class="im-under" data-img="` + d.Old + `" alt="old image" style="width:` + pct(d.OldW, w) + `">`)
		s.WriteString(`<div class="im-over"><img data-img="` + d.New + `" alt="new image" style="width:` + pct(d.NewW, w) + `"></div>`)
		s.WriteString(`</div><label class="im-slider"><span>old</span><input type="range" min="0" max="100" value="50" aria-label="` +
			map[string]string{"im-swipe": "swipe position", "im-onion": "opacity of the new image"}[cls] + `"><span>new</span></label></div>`)
	}
	stack("im-swipe")
	stack("im-onion")
	if d.Diff != "" {
		s.WriteString(`<div class="im-pane im-diff"><img data-img="` + d.Diff + `" alt="pixel difference"` + zoom(w) + `><p class="im-legend">` +
			`<span class="sw sw-chg"></span> changed <span class="sw sw-one"></span> on one side only (the sizes differ) ` +
			`<span class="sw sw-same"></span> unchanged · old ` + size(d.OldW, d.OldH, d.OldBytes) + ` · new ` + size(d.NewW, d.NewH, d.NewBytes) + `</p></div>`)
	}
	s.WriteString("</figure>")
}

func formatBytes(n int) string {
	switch {
	case n >= 1<<20:
		return strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64) + " MB"
	case n >= 1<<10:
		return strconv.FormatFloat(float64(n)/(1<<10), 'f', 1, 64) + " KB"
	}
	return strconv.Itoa(n) + " bytes"
}

func commas(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func percent(a, b int) string {
	if b == 0 {
		return "0%"
	}
	p := 100 * float64(a) / float64(b)
	switch {
	case p > 0 && p < 0.01:
		return "<0.01%"
	case p < 10:
		return strconv.FormatFloat(p, 'f', 2, 64) + "%"
	}
	return strconv.FormatFloat(p, 'f', 1, 64) + "%"
}

// cellMeta returns the changes of execution count, id and metadata of a
// cell's two versions as a table, and a line that sums them up ("" when
// none changed).
func cellMeta(x, y *notebook.Cell) (string, string) {
	var rows [][3]string
	var sum []string
	if x != nil && y != nil && x.Type == "code" && y.Type == "code" && !x.ExecutionCount.Equal(&y.ExecutionCount) {
		rows = append(rows, [3]string{"execution_count", compactJSON(&x.ExecutionCount), compactJSON(&y.ExecutionCount)})
		sum = append(sum, "execution count "+compactJSON(&x.ExecutionCount)+" → "+compactJSON(&y.ExecutionCount))
	}
	var idA, idB string
	var ma, mb *notebook.Value
	if x != nil {
		idA, ma = x.ID, &x.Metadata
	}
	if y != nil {
		idB, mb = y.ID, &y.Metadata
	}
	if idA != idB && x != nil && y != nil {
		rows = append(rows, [3]string{"id", idA, idB})
		sum = append(sum, "id")
	}
	mrows := memberRows(ma, mb, "metadata.")
	if len(mrows) > 0 {
		sum = append(sum, plural(len(mrows), "metadata key", "metadata keys"))
	}
	rows = append(rows, mrows...)
	if len(rows) == 0 {
		return "", ""
	}
	return metaRowsHTML(rows), strings.Join(sum, "; ")
}

// nbMeta returns the notebook's version and metadata as one object, for
// metaTable.
func nbMeta(nb *notebook.Notebook) *notebook.Value {
	v := nb.Metadata.Clone()
	if v.Kind != notebook.Object {
		v = notebook.ObjectValue()
	}
	v.Set("nbformat", notebook.StringValue(strconv.Itoa(nb.Major)+"."+strconv.Itoa(nb.Minor)))
	return &v
}

// metaTable returns the keys of two objects that differ as a table, ""
// when none does.
func metaTable(a, b *notebook.Value) string {
	rows := memberRows(a, b, "")
	if len(rows) == 0 {
		return ""
	}
	return metaRowsHTML(rows)
}

// memberRows returns a row (key, old JSON, new JSON) per member of a or b
// (either may be nil) whose values differ.
func memberRows(a, b *notebook.Value, prefix string) [][3]string {
	keys := map[string]bool{}
	for _, v := range []*notebook.Value{a, b} {
		if v != nil && v.Kind == notebook.Object {
			for _, m := range v.Members {
				keys[m.Key] = true
			}
		}
	}
	sorted := make([]string, 0, len(keys))
	for k := range keys {
		sorted = append(sorted, k)
	}
	sort.Strings(sorted)
	var rows [][3]string
	for _, k := range sorted {
		va, vb := a.Get(k), b.Get(k)
		if va.Equal(vb) {
			continue
		}
		js := func(v *notebook.Value) string {
			if v == nil {
				return ""
			}
			return compactJSON(v)
		}
		rows = append(rows, [3]string{prefix + k, js(va), js(vb)})
	}
	return rows
}

func metaRowsHTML(rows [][3]string) string {
	var s strings.Builder
	s.WriteString(`<table class="meta-table"><thead><tr><th>key</th><th>old</th><th>new</th></tr></thead><tbody>`)
	for _, r := range rows {
		s.WriteString("<tr><th>")
		escape(&s, r[0])
		s.WriteString(`</th><td class="d-del">`)
		escape(&s, r[1])
		s.WriteString(`</td><td class="d-add">`)
		escape(&s, r[2])
		s.WriteString("</td></tr>")
	}
	s.WriteString("</tbody></table>")
	return s.String()
}

// compactJSON returns v as compact JSON.
func compactJSON(v *notebook.Value) string {
	var b strings.Builder
	var walk func(v *notebook.Value)
	str := func(s string) {
		q, _ := json.Marshal(s)
		b.Write(q)
	}
	walk = func(v *notebook.Value) {
		switch v.Kind {
		case notebook.Null:
			b.WriteString("null")
		case notebook.Bool, notebook.Number:
			b.WriteString(v.Str)
		case notebook.String:
			str(v.Str)
		case notebook.Array:
			b.WriteByte('[')
			for i := range v.Items {
				if i > 0 {
					b.WriteByte(',')
				}
				walk(&v.Items[i])
			}
			b.WriteByte(']')
		default:
			b.WriteByte('{')
			for i := range v.Members {
				if i > 0 {
					b.WriteByte(',')
				}
				str(v.Members[i].Key)
				b.WriteByte(':')
				walk(&v.Members[i].Value)
			}
			b.WriteByte('}')
		}
	}
	walk(v)
	return b.String()
}
