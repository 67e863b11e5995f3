package markdown

import (
	"github.com/yuin/goldmark"
	gast "github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// Tables is a goldmark extension that renders GFM tables (parsed by
// extension.Table, which must also be installed) for a strict
// Content-Security-Policy and small screens:
//
//   - cell alignment is a class, align-left, align-center or align-right,
//     never a style attribute, which a CSP without 'unsafe-inline' blocks;
//   - the table is wrapped in <div class="table-wrap"> so the stylesheet can
//     let it scroll sideways on a phone instead of widening the page.
type Tables struct{}

// Extend implements goldmark.Extender.
func (e *Tables) Extend(m goldmark.Markdown) {
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(tableRenderer{}, 100)))
}

type tableRenderer struct{}

// RegisterFuncs implements renderer.NodeRenderer. Header and row rendering
// stay goldmark's.
func (r tableRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindTable, r.renderTable)
	reg.Register(ast.KindTableCell, r.renderCell)
}

func (tableRenderer) renderTable(w util.BufWriter, source []byte, n gast.Node, entering bool) (gast.WalkStatus, error) {
	if entering {
		_, _ = w.WriteString("<div class=\"table-wrap\">\n<table>\n")
	} else {
		_, _ = w.WriteString("</table>\n</div>\n")
	}
	return gast.WalkContinue, nil
}

func (tableRenderer) renderCell(w util.BufWriter, source []byte, node gast.Node, entering bool) (gast.WalkStatus, error) {
	n := node.(*ast.TableCell)
	header := n.Parent().Kind() == ast.KindTableHeader
	if !entering {
		if header {
			_, _ = w.WriteString("</th>\n")
		} else {
			_, _ = w.WriteString("</td>\n")
		}
		return gast.WalkContinue, nil
	}
	if header {
		_, _ = w.WriteString("<th")
	} else {
		_, _ = w.WriteString("<td")
	}
	switch n.Alignment {
	case ast.AlignLeft:
		_, _ = w.WriteString(` class="align-left"`)
	case ast.AlignCenter:
		_, _ = w.WriteString(` class="align-center"`)
	case ast.AlignRight:
		_, _ = w.WriteString(` class="align-right"`)
	}
	_ = w.WriteByte('>')
	return gast.WalkContinue, nil
}
