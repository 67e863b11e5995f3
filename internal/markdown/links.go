package markdown

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// SafeLinks is a goldmark extension for links and images:
//
//   - A link to another Markdown file ("a.md", "../b/c.md#muc-2") is
//     rewritten to the URL the page's Resolve returns. When Resolve fails, the
//     link is dropped and its text rendered as plain text (so a build never
//     publishes a dead link), and a Problem with the link's position is
//     recorded.
//   - Any other relative link or image ("anh.svg" in a bundle,
//     "../tai-lieu/") is rewritten to the root-relative URL Resolve returns
//     for it, so the output is valid on any host that serves the site.
//   - A link, image or autolink whose URL uses a blocked scheme (javascript:,
//     vbscript:, data:, file:) renders as its text only (an image as its alt
//     text), and a Problem is recorded. The renderer enforces this on its own,
//     so no tree built by another transformer can slip past.
//   - Images get loading="lazy" decoding="async" and always an alt attribute.
//   - Nothing else is added: external links get no target or rel.
type SafeLinks struct{}

// Extend implements goldmark.Extender.
func (e *SafeLinks) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(linkTransformer{}, 300)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(&linkRenderer{Config: html.NewConfig()}, 100)))
}

// linkTransformer resolves .md links and records link problems with their
// source positions.
type linkTransformer struct{}

// Transform implements parser.ASTTransformer. Inline nodes carry no
// positions, so it walks the tree in document order keeping a cursor: the
// source offset just after the last text (or the start of the current block).
// A link starts at the "[" before its first text, or failing that at the
// first "[" after the cursor.
func (linkTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	st := stateOf(pc, src)
	cursor := 0
	var unwrap []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		if off, ok := firstLineStart(n); ok {
			cursor = off
		}
		switch n := n.(type) {
		case *ast.Text:
			cursor = n.Segment.Stop
		case *ast.RawHTML:
			if l := n.Segments.Len(); l > 0 {
				cursor = n.Segments.At(l - 1).Stop
			}
		case *ast.AutoLink:
			label := n.Label(src)
			start := cursor
			if i := bytes.Index(src[cursor:], label); i >= 0 {
				start = cursor + i
				cursor = start + len(label)
				if start > 0 && src[start-1] == '<' {
					start--
				}
			}
			if s := dangerousScheme(n.URL(src)); s != "" {
				st.problemAt(start, "link to a %q URL removed: %s: links are not allowed", s+":", s)
			}
		case *ast.Image:
			dest := decodeDest(n.Destination)
			if s := dangerousScheme(dest); s != "" {
				st.problemAt(linkStart(n, src, cursor)-1, "image with a %q URL removed: %s: sources are not allowed", s+":", s)
			} else {
				line, col := st.position(linkStart(n, src, cursor) - 1)
				url, _ := st.do(linkOp{kind: opImage, line: line, col: col, dest: string(dest), text: strings.TrimSpace(plainText(n, src))})
				if url != nil {
					n.Destination = url
				}
				st.imageAttrs(n, url, dest)
			}
		case *ast.Link:
			line, col := st.position(linkStart(n, src, cursor))
			url, drop := st.do(linkOp{kind: opLink, line: line, col: col, dest: string(decodeDest(n.Destination)), text: shortText(n, src)})
			if drop {
				unwrap = append(unwrap, n)
			} else if url != nil {
				n.Destination = url
			}
		}
		return ast.WalkContinue, nil
	})
	for _, n := range unwrap {
		parent := n.Parent()
		for c := n.FirstChild(); c != nil; {
			next := c.NextSibling()
			parent.InsertBefore(parent, n, c)
			c = next
		}
		parent.RemoveChild(parent, n)
	}
}

// opKind is what a linkOp records.
type opKind uint8

const (
	opProblem opKind = iota // a problem found without Resolve: text is its message
	opImage                 // an image: dest, and its alt text in text
	opLink                  // a link: dest
)

// linkOp is a link, an image or a link problem of a page, at a position in
// the source. Render applies each at once; Scan keeps them for
// Scanned.Resolve, which applies them in the same order.
type linkOp struct {
	kind      opKind
	line, col int
	dest      string // destination as written, escapes and entities decoded
	text      string // a problem's message, an image's alt text, a link's text
}

// do applies op, or records it for Scanned.Resolve under Scan (and then
// returns nil, false). dest is the destination to write instead of the
// one written, nil to keep it; see apply.
func (st *pageState) do(op linkOp) (dest []byte, drop bool) {
	if st.scan {
		st.ops = append(st.ops, op)
		return nil, false
	}
	url, drop := st.apply(op)
	if url != "" {
		dest = encodeDest(url)
	}
	return dest, drop
}

// apply records op's problems and links. For an image or a link that is
// kept, it returns the URL to write instead of the destination written
// ("" to keep it); for a link, drop reports that the link must be
// dropped, keeping its text:
//
//   - a link to another Markdown file is resolved with Resolve; when that
//     fails, the link is dropped with a Problem;
//   - any other relative destination goes through relative;
//   - a link with a blocked scheme is a Problem (the renderer drops it).
func (st *pageState) apply(op linkOp) (url string, drop bool) {
	switch op.kind {
	case opProblem:
		st.problem(op, op.text)
		return "", false
	case opImage:
		st.links = append(st.links, Link{Line: op.line, Col: op.col, Dest: op.dest, Image: true, Alt: op.text})
		return st.relative(op), false
	}
	dest := op.dest
	if s := dangerousScheme(dest); s != "" {
		st.problem(op, fmt.Sprintf("link to a %q URL removed: %s: links are not allowed", s+":", s))
		return "", false
	}
	if !IsMarkdownLink(dest) {
		url = st.relative(op)
		st.links = append(st.links, Link{Line: op.line, Col: op.col, Dest: dest, Text: op.text})
		return url, false
	}
	if st.resolve == nil {
		st.problem(op, fmt.Sprintf("link to %q: links to other pages cannot be resolved here", dest))
		return "", true
	}
	url, err := st.resolve(dest)
	if err == nil && url == "" {
		st.problem(op, fmt.Sprintf("link to %q: no URL for that page", dest))
		return "", true
	}
	if err != nil {
		st.problem(op, fmt.Sprintf("link to %q: %s", dest, err.Error()))
		return "", true
	}
	st.links = append(st.links, Link{Line: op.line, Col: op.col, Dest: dest, Text: op.text})
	return url, false
}

func (st *pageState) problem(op linkOp, msg string) {
	st.problems = append(st.problems, Problem{Line: op.line, Col: op.col, Msg: msg})
}

// relative resolves a relative destination that is not a Markdown file (a
// bundle's image "anh.svg", "../tai-lieu/") through Resolve, so the output
// names it root-relative and the same bytes work on any mirror host. It
// returns the URL, or "" to keep op.dest: not relative, no Resolve, or a
// Resolve error (recorded as a Problem at op's position).
func (st *pageState) relative(op linkOp) string {
	if st.resolve == nil || !isRelativeRef(op.dest) {
		return ""
	}
	url, err := st.resolve(op.dest)
	if err != nil {
		st.problem(op, fmt.Sprintf("link to %q: %s", op.dest, err.Error()))
		return ""
	}
	return url
}

// maxShortText is the longest link text Link.Text holds, in bytes: enough
// for "bấm vào đây để xem" and the like.
const maxShortText = 32

// shortText returns the text of link n, trimmed, when it is one run of
// plain text of at most maxShortText bytes, else "": Link.Text is for
// finding links named "tại đây", and most links are named by a title,
// which is not worth copying.
func shortText(n ast.Node, src []byte) string {
	t, ok := n.FirstChild().(*ast.Text)
	if !ok || t.NextSibling() != nil || t.Segment.Len() > maxShortText {
		return ""
	}
	return strings.TrimSpace(plainText(n, src))
}

// imageAttrs asks st.images about image n, whose destination dest was resolved
// to url (nil when it was kept), and sets what it knows as n's attributes
// for the renderer: its size, and the copy to show and the copies to
// choose from.
func (st *pageState) imageAttrs(n *ast.Image, url, dest []byte) {
	if st.images == nil {
		return
	}
	u := string(dest)
	if url != nil {
		u = string(url)
	}
	if !strings.HasPrefix(u, "/") || strings.HasPrefix(u, "//") {
		return // another site's, or a relative one Resolve could not place
	}
	img, ok := st.images(u)
	if !ok || img.Width <= 0 || img.Height <= 0 {
		img = Image{}
	}
	st.used = append(st.used, ImageUse{URL: u, Image: img})
	if img.Width == 0 {
		return
	}
	n.SetAttributeString("width", img.Width)
	n.SetAttributeString("height", img.Height)
	if img.Src != "" {
		n.Destination = []byte(img.Src)
	}
	if img.Srcset != "" {
		n.SetAttributeString("srcset", img.Srcset)
		n.SetAttributeString("sizes", img.Sizes)
	}
}

// linkStart returns the byte offset of the "[" that opens link (an *ast.Link
// or *ast.Image, whose "!" comes one byte earlier). cursor is a source offset
// known to be at or before it.
func linkStart(link ast.Node, src []byte, cursor int) int {
	var first *ast.Text
	_ = ast.Walk(link, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := n.(*ast.Text); ok && entering {
			first = t
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	if first == nil || first.Segment.Start < cursor || first.Segment.Start > len(src) {
		if i := bytes.IndexByte(src[min(cursor, len(src)):], '['); i >= 0 {
			return cursor + i
		}
		return cursor
	}
	// Walk back over one "[" for the link and one per image or link between
	// it and its first text ("[![alt](a.png)](b.md)").
	opens := 1
	for p := first.Parent(); p != nil && p != link; p = p.Parent() {
		if k := p.Kind(); k == ast.KindImage || k == ast.KindLink {
			opens++
		}
	}
	for i := first.Segment.Start - 1; i >= cursor; i-- {
		if src[i] == '[' {
			if opens--; opens == 0 {
				return i
			}
		}
	}
	return first.Segment.Start
}

// linkRenderer writes links, images and autolinks, refusing blocked schemes.
type linkRenderer struct {
	html.Config
}

// SetOption implements renderer.SetOptioner, taking goldmark's HTML options.
func (r *linkRenderer) SetOption(name renderer.OptionName, value any) {
	r.Config.SetOption(name, value)
}

// RegisterFuncs implements renderer.NodeRenderer.
func (r *linkRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindLink, r.renderLink)
	reg.Register(ast.KindImage, r.renderImage)
	reg.Register(ast.KindAutoLink, r.renderAutoLink)
}

func (r *linkRenderer) renderLink(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.Link)
	if dangerousScheme(decodeDest(n.Destination)) != "" {
		return ast.WalkContinue, nil // the text only
	}
	if !entering {
		_, _ = w.WriteString("</a>")
		return ast.WalkContinue, nil
	}
	_, _ = w.WriteString(`<a href="`)
	_, _ = w.Write(util.EscapeHTML(util.URLEscape(n.Destination, true)))
	_ = w.WriteByte('"')
	if n.Title != nil {
		_, _ = w.WriteString(` title="`)
		r.Writer.Write(w, n.Title)
		_ = w.WriteByte('"')
	}
	_ = w.WriteByte('>')
	return ast.WalkContinue, nil
}

func (r *linkRenderer) renderImage(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.Image)
	alt := util.EscapeHTML([]byte(plainText(n, source)))
	if dangerousScheme(decodeDest(n.Destination)) != "" {
		_, _ = w.Write(alt)
		return ast.WalkSkipChildren, nil
	}
	_, _ = w.WriteString(`<img src="`)
	_, _ = w.Write(util.EscapeHTML(util.URLEscape(n.Destination, true)))
	_, _ = w.WriteString(`" alt="`)
	_, _ = w.Write(alt)
	_ = w.WriteByte('"')
	if n.Title != nil && n.Parent().Kind() != KindFigure { // a figure shows it as the caption
		_, _ = w.WriteString(` title="`)
		r.Writer.Write(w, n.Title)
		_ = w.WriteByte('"')
	}
	if v, ok := n.AttributeString("srcset"); ok {
		sizes, _ := n.AttributeString("sizes")
		_, _ = w.WriteString(` srcset="`)
		_, _ = w.Write(util.EscapeHTML([]byte(v.(string))))
		_, _ = w.WriteString(`" sizes="`)
		_, _ = w.Write(util.EscapeHTML([]byte(sizes.(string))))
		_ = w.WriteByte('"')
	}
	if wv, ok := n.AttributeString("width"); ok {
		hv, _ := n.AttributeString("height")
		fmt.Fprintf(w, ` width="%d" height="%d"`, wv, hv)
	}
	_, _ = w.WriteString(` loading="lazy" decoding="async"`)
	if r.XHTML {
		_, _ = w.WriteString(" />")
	} else {
		_ = w.WriteByte('>')
	}
	return ast.WalkSkipChildren, nil
}

func (r *linkRenderer) renderAutoLink(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.AutoLink)
	label := util.EscapeHTML(n.Label(source))
	url := n.URL(source)
	if dangerousScheme(url) != "" {
		_, _ = w.Write(label)
		return ast.WalkContinue, nil
	}
	_, _ = w.WriteString(`<a href="`)
	if n.AutoLinkType == ast.AutoLinkEmail && !bytes.HasPrefix(bytes.ToLower(url), []byte("mailto:")) {
		_, _ = w.WriteString("mailto:")
	}
	_, _ = w.Write(util.EscapeHTML(util.URLEscape(url, false)))
	_, _ = w.WriteString(`">`)
	_, _ = w.Write(label)
	_, _ = w.WriteString(`</a>`)
	return ast.WalkContinue, nil
}
