package markdown

import (
	"bytes"
	"strconv"

	"github.com/congbo/congbo/internal/slug"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// fallbackID is the id of a heading whose text has no letters or digits:
// "mục" (section), folded.
const fallbackID = "muc"

// HeadingIDs is a goldmark extension giving every heading an id attribute:
// its plain text folded to ASCII by slug.Make ("Thừa Thiên Huế" →
// "thua-thien-hue"), or "muc" when that is empty, made unique within the page
// with "-1", "-2" suffixes. An id written in the heading ("## Mục 2 {#muc-2}")
// is kept and reserved before automatic ids are chosen. Attributes other than
// id and class are dropped from headings (no style or event handlers).
//
// The headings are recorded for Result.Headings.
type HeadingIDs struct{}

// Extend implements goldmark.Extender.
func (e *HeadingIDs) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(headingTransformer{}, 100)))
}

type headingTransformer struct{}

// Transform implements parser.ASTTransformer.
func (headingTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	st := stateOf(pc, src)
	var headings []*ast.Heading
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if h, ok := n.(*ast.Heading); ok && entering {
			headings = append(headings, h)
			return ast.WalkSkipChildren, nil
		}
		if c := n.FirstChild(); c != nil && c.Type() == ast.TypeInline {
			return ast.WalkSkipChildren, nil // headings are blocks, not inside inlines
		}
		return ast.WalkContinue, nil
	})
	if len(headings) == 0 {
		return
	}
	ids := newIDSet()
	custom := make([]string, len(headings))
	for i, h := range headings {
		if !st.scan {
			keepAttributes(h, "id", "class")
		}
		if v, ok := h.AttributeString("id"); ok {
			if s := attrString(v); s != "" {
				custom[i] = ids.unique(s)
			}
		}
	}
	st.headings = make([]Heading, len(headings))
	for i, h := range headings {
		txt := plainText(h, src)
		id := custom[i]
		if id == "" {
			base := slug.Make(txt)
			if base == "" {
				base = fallbackID
			}
			id = ids.unique(base)
		}
		if !st.scan {
			h.SetAttributeString("id", []byte(id))
		}
		line := 0
		if off, ok := firstLineStart(h); ok {
			line, _ = st.position(off)
		}
		st.headings[i] = Heading{Level: h.Level, ID: id, Text: txt, Line: line}
	}
}

// idSet hands out ids unique within one page.
type idSet struct {
	used map[string]bool
	next map[string]int // next suffix to try for a base, so n duplicates cost O(n)
}

func newIDSet() *idSet {
	return &idSet{used: map[string]bool{}, next: map[string]int{}}
}

// unique returns base, or base-1, base-2, … whichever is first unused, and
// marks it used.
func (s *idSet) unique(base string) string {
	id := base
	for i := s.next[base]; s.used[id]; i++ {
		id = base + "-" + strconv.Itoa(i+1)
		s.next[base] = i + 1
	}
	s.used[id] = true
	return id
}

// keepAttributes removes every attribute of n not named in names.
func keepAttributes(n ast.Node, names ...string) {
	attrs := n.Attributes()
	if len(attrs) == 0 {
		return
	}
	kept := make([]ast.Attribute, 0, len(attrs))
	for _, a := range attrs {
		for _, name := range names {
			if string(a.Name) == name {
				kept = append(kept, a)
				break
			}
		}
	}
	n.RemoveAttributes()
	for _, a := range kept {
		n.SetAttribute(a.Name, a.Value)
	}
}

func attrString(v any) string {
	switch v := v.(type) {
	case []byte:
		return string(v)
	case string:
		return v
	}
	return ""
}

// atxHeadings is goldmark's ATX heading parser with heading attributes
// ("## Mục 2 {#muc-2}"), which reads a heading's line character by
// character for the "{" of its attributes, without that work on a line
// that has no "{": there the parser without attributes (plain) gives the
// same heading. It implements no SetOptioner, so the parser-wide
// WithHeadingAttribute option does not reach plain.
type atxHeadings struct {
	plain, attrs parser.BlockParser
}

func newATXHeadings() atxHeadings {
	return atxHeadings{plain: parser.NewATXHeadingParser(), attrs: parser.NewATXHeadingParser(parser.WithHeadingAttribute())}
}

// Trigger implements parser.BlockParser.
func (h atxHeadings) Trigger() []byte { return h.attrs.Trigger() }

// Open implements parser.BlockParser.
func (h atxHeadings) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	if line, _ := reader.PeekLine(); bytes.IndexByte(line, '{') < 0 {
		return h.plain.Open(parent, reader, pc)
	}
	return h.attrs.Open(parent, reader, pc)
}

// Continue implements parser.BlockParser.
func (h atxHeadings) Continue(node ast.Node, reader text.Reader, pc parser.Context) parser.State {
	return h.attrs.Continue(node, reader, pc)
}

// Close implements parser.BlockParser.
func (h atxHeadings) Close(node ast.Node, reader text.Reader, pc parser.Context) {
	h.attrs.Close(node, reader, pc)
}

// CanInterruptParagraph implements parser.BlockParser.
func (h atxHeadings) CanInterruptParagraph() bool { return h.attrs.CanInterruptParagraph() }

// CanAcceptIndentedLine implements parser.BlockParser.
func (h atxHeadings) CanAcceptIndentedLine() bool { return h.attrs.CanAcceptIndentedLine() }
