package markdown

import (
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// RawHTML is a goldmark extension that omits raw HTML, blocks and inline,
// entirely: goldmark's safe mode writes "<!-- raw HTML omitted -->" in its
// place, which readers do not need and which leaks that something was there.
// With Unsafe set the extension does nothing and goldmark writes the HTML
// (the renderer must then have html.WithUnsafe, as New arranges).
type RawHTML struct {
	Unsafe bool
}

// Extend implements goldmark.Extender.
func (e *RawHTML) Extend(m goldmark.Markdown) {
	if e.Unsafe {
		return
	}
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(omitHTML{}, 100)))
}

type omitHTML struct{}

// RegisterFuncs implements renderer.NodeRenderer.
func (omitHTML) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindHTMLBlock, skip)
	reg.Register(ast.KindRawHTML, skip)
}

func skip(w util.BufWriter, source []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	return ast.WalkSkipChildren, nil
}
