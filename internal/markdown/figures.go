package markdown

import (
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// KindFigure is the ast.NodeKind of Figure.
var KindFigure = ast.NewNodeKind("Figure")

// Figure is a block holding one image whose title is its caption.
type Figure struct {
	ast.BaseBlock
}

// Kind implements ast.Node.
func (n *Figure) Kind() ast.NodeKind { return KindFigure }

// Dump implements ast.Node.
func (n *Figure) Dump(source []byte, level int) { ast.DumpHelper(n, source, level, nil, nil) }

// Figures is a goldmark extension for captioned images. An image with a title
// that stands alone in its paragraph,
//
//	![Toàn cảnh hội nghị](/anh/a.jpg "Ảnh: Thu Hà")
//
// renders as a figure, the title becoming the caption (press photos carry
// their credit there):
//
//	<figure><img src="/anh/a.jpg" alt="Toàn cảnh hội nghị" loading="lazy" decoding="async">
//	<figcaption>Ảnh: Thu Hà</figcaption></figure>
//
// Images without a title, or sharing their paragraph with text, stay inline.
type Figures struct{}

// Extend implements goldmark.Extender.
func (e *Figures) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(figureTransformer{}, 200)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(&figureRenderer{Config: html.NewConfig()}, 100)))
}

type figureTransformer struct{}

// Transform implements parser.ASTTransformer.
func (figureTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	if st, ok := pc.Get(stateKey).(*pageState); ok && st.scan {
		// A figure changes only how a page is written, and the links and
		// headings Scan keeps are found before (linkTransformer) or
		// outside (headingTransformer) figures.
		return
	}
	var paras []*ast.Paragraph
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		if n.Type() == ast.TypeInline {
			return ast.WalkSkipChildren, nil
		}
		if p, ok := n.(*ast.Paragraph); ok && isFigure(p) {
			paras = append(paras, p)
		}
		return ast.WalkContinue, nil
	})
	for _, p := range paras {
		fig := &Figure{}
		fig.SetLines(p.Lines())
		fig.AppendChild(fig, p.FirstChild())
		p.Parent().ReplaceChild(p.Parent(), p, fig)
	}
}

// isFigure reports whether p holds only an image with a non-empty title and
// a URL the link renderer will write.
func isFigure(p *ast.Paragraph) bool {
	img, ok := p.FirstChild().(*ast.Image)
	return ok && p.ChildCount() == 1 && len(img.Title) > 0 &&
		dangerousScheme(decodeDest(img.Destination)) == ""
}

type figureRenderer struct {
	html.Config
}

// SetOption implements renderer.SetOptioner, taking goldmark's HTML options.
func (r *figureRenderer) SetOption(name renderer.OptionName, value any) {
	r.Config.SetOption(name, value)
}

// RegisterFuncs implements renderer.NodeRenderer.
func (r *figureRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindFigure, r.renderFigure)
}

func (r *figureRenderer) renderFigure(w util.BufWriter, source []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		_, _ = w.WriteString("<figure>")
		return ast.WalkContinue, nil
	}
	_, _ = w.WriteString("\n<figcaption>")
	if img, ok := n.FirstChild().(*ast.Image); ok {
		r.Writer.Write(w, img.Title)
	}
	_, _ = w.WriteString("</figcaption></figure>\n")
	return ast.WalkContinue, nil
}
