package htmldiff

import (
	"bytes"
	"regexp"
	"strings"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
	nethtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/nbtools/nbdiff/notebook"
)

// renderers holds what turns markdown and HTML from a notebook into safe
// HTML for the page. One is made per Render call.
type renderers struct {
	md goldmark.Markdown
	// mdPolicy sanitizes rendered markdown, which goes into the page;
	// outPolicy sanitizes HTML outputs, which go into sandboxed frames
	// and keep their styles.
	mdPolicy, outPolicy *bluemonday.Policy
}

func newRenderers() *renderers {
	md := goldmark.New(
		goldmark.WithExtensions(
			// GitHub's extensions; table alignment as attributes, which the
			// sanitizer keeps (it drops style attributes).
			extension.NewTable(extension.WithTableCellAlignMethod(extension.TableCellAlignAttribute)),
			extension.Strikethrough, extension.Linkify, extension.TaskList,
			mathExtension{}),
		goldmark.WithRendererOptions(html.WithUnsafe()), // raw HTML is kept, then sanitized
	)
	mdPolicy := bluemonday.UGCPolicy()
	mdPolicy.AllowAttrs("class").Matching(regexp.MustCompile(`^(math|math display|language-[\w+#.-]+)$`)).OnElements("span", "code")
	mdPolicy.AllowURLSchemes("attachment")
	mdPolicy.AllowDataURIImages()
	mdPolicy.AddTargetBlankToFullyQualifiedLinks(true)

	outPolicy := bluemonday.UGCPolicy()
	outPolicy.AllowUnsafe(true) // for <style> only: script is not allowed
	outPolicy.AllowElements("style")
	outPolicy.AllowAttrs("style", "class", "border", "align", "valign", "bgcolor", "color").Globally()
	outPolicy.AllowAttrs("scoped", "type").OnElements("style")
	outPolicy.AllowDataURIImages()
	outPolicy.AddTargetBlankToFullyQualifiedLinks(true)
	return &renderers{md: md, mdPolicy: mdPolicy, outPolicy: outPolicy}
}

// markdown returns the HTML of the markdown src of a cell, sanitized, its
// images resolved by resolveImages with the cell's attachments.
func (r *renderers) markdown(src string, attachments *notebook.Value, store *imageStore) string {
	var buf bytes.Buffer
	if err := r.md.Convert([]byte(src), &buf); err != nil {
		return "<pre>" + escapeString(src) + "</pre>"
	}
	safe := r.mdPolicy.SanitizeBytes(buf.Bytes())
	return resolveImages(contained(safe), attachments, store)
}

// userIDPrefix goes in front of every id and name that a notebook's
// markdown gives an element, as GitHub does, so that none is one of the
// page's own (the images' store, a cell's anchor).
const userIDPrefix = "user-content-"

// contained returns sanitized HTML that stays inside the element it is
// put in: the sanitizer keeps end tags that close nothing of the
// fragment ("</div></details>" then a "<details>" of its own would fold
// the cells after it out of sight), and ids. The fragment is parsed as
// the content of a div and written out again, so that every element it
// opens it closes and nothing else; its ids and names get userIDPrefix,
// and links to them ("#x") follow.
func contained(safe []byte) []byte {
	ctx := &nethtml.Node{Type: nethtml.ElementNode, Data: "div", DataAtom: atom.Div}
	nodes, err := nethtml.ParseFragment(bytes.NewReader(safe), ctx)
	if err != nil {
		return []byte(escapeString(string(safe)))
	}
	var out bytes.Buffer
	for _, n := range nodes {
		prefixIDs(n)
		if err := nethtml.Render(&out, n); err != nil {
			return []byte(escapeString(string(safe)))
		}
	}
	return out.Bytes()
}

// prefixIDs gives the ids and names of n and the elements below it
// userIDPrefix, and links to a fragment of the page the same.
func prefixIDs(n *nethtml.Node) {
	if n.Type == nethtml.ElementNode {
		for i, a := range n.Attr {
			switch {
			case a.Namespace == "" && (a.Key == "id" || a.Key == "name") && a.Val != "":
				n.Attr[i].Val = userIDPrefix + a.Val
			case a.Namespace == "" && a.Key == "href" && strings.HasPrefix(a.Val, "#") && len(a.Val) > 1:
				n.Attr[i].Val = "#" + userIDPrefix + a.Val[1:]
			}
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		prefixIDs(c)
	}
}

// htmlOutput returns an HTML output sanitized for a sandboxed frame
// (styles kept; scripts, handlers and images from outside dropped) and
// whether it held scripts.
func (r *renderers) htmlOutput(src string) (string, bool) {
	scripts := scriptRE.MatchString(src)
	safe := r.outPolicy.SanitizeBytes([]byte(src))
	return resolveImages(safe, nil, nil), scripts
}

var scriptRE = regexp.MustCompile(`(?i)<script|\son[a-z]+\s*=|javascript:`)

// resolveImages rewrites the img elements of sanitized HTML: an image of
// an "attachment:NAME" source or a data URI is put in store (nil: a data
// URI stays in place, an attachment is not found) and referred to by a
// data-img attribute that the page's script turns into a source; any
// other source (a URL, a file) is not loaded: the element becomes a note
// with its address.
func resolveImages(safe []byte, attachments *notebook.Value, store *imageStore) string {
	if !bytes.Contains(safe, []byte("<img")) {
		return string(safe)
	}
	var out strings.Builder
	z := nethtml.NewTokenizer(bytes.NewReader(safe))
	inStyle := false
	for {
		tt := z.Next()
		if tt == nethtml.ErrorToken {
			break
		}
		t := z.Token()
		switch {
		case tt == nethtml.TextToken && inStyle:
			out.WriteString(t.Data)
			continue
		case tt == nethtml.StartTagToken && t.Data == "style":
			inStyle = true
		case tt == nethtml.EndTagToken && t.Data == "style":
			inStyle = false
		}
		if (tt != nethtml.StartTagToken && tt != nethtml.SelfClosingTagToken) || t.Data != "img" {
			out.WriteString(t.String())
			continue
		}
		var src, alt string
		var keep []nethtml.Attribute
		for _, a := range t.Attr {
			switch a.Key {
			case "src":
				src = a.Val
			case "alt":
				alt = a.Val
				keep = append(keep, a)
			case "width", "height", "title":
				keep = append(keep, a)
			}
		}
		mime, data, ok := imageSource(src, attachments)
		ok = ok && validImage(mime, data)
		switch {
		case ok && store != nil:
			keep = append(keep, nethtml.Attribute{Key: "data-img", Val: store.add(mime, data)})
		case ok:
			keep = append(keep, nethtml.Attribute{Key: "src", Val: dataURI(mime, data)})
		default:
			label := alt
			if label == "" {
				label = "image"
			}
			out.WriteString(`<span class="img-ext" title="not loaded: `)
			escape(&out, src)
			out.WriteString(`">[`)
			escape(&out, label)
			out.WriteString(": ")
			escape(&out, src)
			out.WriteString("]</span>")
			continue
		}
		t.Attr = keep
		out.WriteString(t.String())
	}
	return out.String()
}

// imageSource returns the mime type and base64 data of an image source:
// a data URI of an image in base64, or "attachment:NAME" of attachments.
func imageSource(src string, attachments *notebook.Value) (mime, data string, ok bool) {
	if name, found := strings.CutPrefix(src, "attachment:"); found {
		bundle := attachments.Get(name)
		for _, m := range imageMimes {
			if v := bundle.Get(m); v != nil {
				return m, imageData(m, v.Text()), true
			}
		}
		return "", "", false
	}
	rest, found := strings.CutPrefix(src, "data:")
	if !found {
		return "", "", false
	}
	head, payload, found := strings.Cut(rest, ",")
	if !found {
		return "", "", false
	}
	mime, base64, _ := strings.Cut(head, ";")
	if !strings.HasPrefix(mime, "image/") || base64 != "base64" {
		return "", "", false
	}
	return mime, payload, true
}

// The math extension of goldmark: $...$ and $$...$$ are kept as TeX in a
// span of class "math" (with "display" for $$), untouched by emphasis,
// escapes and links. The page shows TeX as text; nothing is fetched.
type mathExtension struct{}

var kindMath = ast.NewNodeKind("Math")

type mathNode struct {
	ast.BaseInline
	tex     string
	display bool
}

func (n *mathNode) Kind() ast.NodeKind { return kindMath }

func (n *mathNode) Dump(source []byte, level int) { ast.DumpHelper(n, source, level, nil, nil) }

func (mathExtension) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithInlineParsers(util.Prioritized(mathParser{}, 150)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(mathRenderer{}, 150)))
}

type mathParser struct{}

func (mathParser) Trigger() []byte { return []byte{'$'} }

// Parse reads $TeX$ (no blank after the opening or before the closing
// dollar, no digit after the closing one, as pandoc reads it) or
// $$TeX$$ (over several lines of the paragraph).
func (mathParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, _ := block.PeekLine()
	opener := 1
	if len(line) > 1 && line[1] == '$' {
		opener = 2
	}
	if opener == 1 && (len(line) < 2 || line[1] == ' ' || line[1] == '\t' || line[1] == '\n') {
		return nil
	}
	l, pos := block.Position()
	block.Advance(opener)
	var tex []byte
	for {
		line, _ := block.PeekLine()
		if line == nil || (opener == 1 && len(tex) > 0 && tex[len(tex)-1] == '\n') {
			block.SetPosition(l, pos)
			return nil
		}
		for i := 0; i < len(line); i++ {
			switch c := line[i]; {
			case c == '\\' && i+1 < len(line) && line[i+1] != '\n':
				i++
			case c == '$' && opener == 1:
				if i == 0 || line[i-1] == ' ' || line[i-1] == '\t' || (i+1 < len(line) && line[i+1] >= '0' && line[i+1] <= '9') {
					continue
				}
				tex = append(tex, line[:i]...)
				block.Advance(i + 1)
				return &mathNode{tex: string(tex)}
			case c == '$' && i+1 < len(line) && line[i+1] == '$':
				tex = append(tex, line[:i]...)
				block.Advance(i + 2)
				return &mathNode{tex: strings.TrimSpace(string(tex)), display: true}
			}
		}
		tex = append(tex, line...)
		block.AdvanceLine()
	}
}

type mathRenderer struct{}

func (mathRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(kindMath, func(w util.BufWriter, source []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		m := n.(*mathNode)
		cls := "math"
		if m.display {
			cls = "math display"
		}
		w.WriteString(`<span class="` + cls + `">`)
		w.WriteString(escapeString(m.tex))
		w.WriteString("</span>")
		return ast.WalkSkipChildren, nil
	})
}
