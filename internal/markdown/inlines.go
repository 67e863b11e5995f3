package markdown

import (
	"bytes"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// linkify is extension.Linkify (GFM's autolinks of bare URLs, www. names
// and email addresses) made cheaper: on a page where it can match nothing
// its parser returns at once. Linkify is triggered by every space of the
// text, and for each it looks for an email address in the next word, a
// tenth of the parse on a typical page without one.
type linkify struct{}

// Extend implements goldmark.Extender, as extension.Linkify does.
func (linkify) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithInlineParsers(
		util.Prioritized(&linkifyParser{InlineParser: extension.NewLinkifyParser()}, 999),
	))
}

// linkifyParser is goldmark's linkify parser, skipped on pages it cannot
// match. It keeps its triggers, so goldmark splits text into the same
// nodes either way.
type linkifyParser struct {
	parser.InlineParser
}

// Parse implements parser.InlineParser.
func (p *linkifyParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	if st, ok := pc.Get(stateKey).(*pageState); ok && !st.linkify {
		return nil
	}
	return p.InlineParser.Parse(parent, block, pc)
}

// mayLinkify reports whether goldmark's linkify parser could turn some of
// src into a link: it matches only text starting "http://", "https://",
// "ftp://" or "www.", or an email address, so text holding neither "://",
// "www." nor "@" gives it nothing to do.
func mayLinkify(src []byte) bool {
	return bytes.IndexByte(src, '@') >= 0 || bytes.Contains(src, []byte("://")) || bytes.Contains(src, []byte("www."))
}

// skipPlain is an inline parser that spares goldmark work on the text of
// paragraphs (and tight list items); headings and table cells are parsed
// as always. It returns as one text node what goldmark would have read
// character by character:
//
//   - on a page where linkify has nothing to do (pageState.linkify), a
//     run of plain text within a line: characters that trigger no inline
//     parser but linkify, so goldmark would make only text of them (and
//     merge it into one text node but where it ends a line);
//   - under Check and Scan only (whole), all of a paragraph or a table
//     cell that holds no "[" and no "<", from its start: such text can
//     hold no link, image, raw HTML or autolink in angle brackets, and the
//     only autolinks it may hold, from linkify, are http:, https:, ftp: or
//     mailto: ones, never refused, so nothing Check reports can come from
//     it. That text node is not for writing.
//
// Tests compare the results with goldmark's (sameAsReference).
//
// skipPlain is tried first, at the characters where goldmark tries its
// inline parsers: the first one of a line and those that trigger a
// parser. So that goldmark splits the rest into the same nodes as without
// it, it is triggered only by characters that trigger goldmark's parsers
// already: spaces (which stand for any character that is not punctuation
// at the start of a line) and the punctuation below.
type skipPlain struct {
	whole bool // skip paragraphs without links, for Check and Scan
}

// Trigger implements parser.InlineParser.
func (skipPlain) Trigger() []byte {
	return []byte{' ', '*', '_', '~', '(', '`', '!', ']'}
}

// Parse implements parser.InlineParser.
func (s skipPlain) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	k := parent.Kind()
	if s.whole && k == east.KindTableCell && !parent.HasChildren() {
		return skipBlock(parent, block)
	}
	if k != ast.KindParagraph && k != ast.KindTextBlock {
		return nil
	}
	if s.whole && !parent.HasChildren() {
		if n := skipBlock(parent, block); n != nil {
			return n
		}
	}
	if st, ok := pc.Get(stateKey).(*pageState); !ok || st.linkify {
		return nil
	}
	return skipRun(block)
}

// skipBlock skips the whole of block, the inlines of parent, when it is at
// its start and holds no "[" and no "<".
func skipBlock(parent ast.Node, block text.Reader) ast.Node {
	lines := parent.Lines()
	line, pos := block.Position()
	if line != 0 || lines.Len() == 0 || pos.Start != lines.At(0).Start {
		return nil
	}
	src := block.Source()
	for i := range lines.Len() {
		seg := lines.At(i)
		v := src[seg.Start:seg.Stop]
		if bytes.IndexByte(v, '[') >= 0 || bytes.IndexByte(v, '<') >= 0 {
			return nil
		}
	}
	for {
		if line, _ := block.PeekLine(); line == nil {
			break
		}
		block.AdvanceLine()
	}
	return ast.NewTextSegment(text.NewSegment(lines.At(0).Start, lines.At(lines.Len()-1).Stop))
}

// skipRun skips the run of plain text at the reader's position, up to the
// next character that triggers an inline parser other than linkify, or a
// backslash, and not over the blanks that end the line (goldmark trims
// them, and reads a line break in two of them). It leaves the last word
// of the run, from the space before it, to goldmark: goldmark carries
// whether the character it reads next is escaped by a backslash, and a
// character it reads clears that, as it would have after the run; and so
// no character reference ("&amp;") is cut in two. For the same reason it
// skips nothing right after a backslash.
func skipRun(block text.Reader) ast.Node {
	line, seg := block.PeekLine()
	if seg.Padding != 0 || len(line) == 0 {
		return nil
	}
	src := block.Source()
	for i := seg.Start - 1; i >= 0; i-- {
		if c := src[i]; c == '\\' {
			return nil
		} else if c != '\n' && c != '\r' {
			break
		}
	}
	n := 0
	for n < len(line) && !inlineStop[line[n]] {
		n++
	}
	if n == len(line) || line[n] == '\n' {
		for n > 0 && util.IsSpace(line[n-1]) {
			n--
		}
	}
	// Leave the last word (a character reference may end the run) and the
	// space before it.
	if n = bytes.LastIndexByte(line[:n], ' '); n <= 0 {
		return nil
	}
	block.Advance(n)
	return ast.NewTextSegment(text.NewSegment(seg.Start, seg.Start+n))
}

// inlineStop marks the characters that end a run of plain text for
// skipRun: those that trigger goldmark's inline parsers (but linkify's
// spaces and "("), a backslash and the end of the line.
var inlineStop = [256]bool{
	'*': true, '_': true, '~': true, '`': true, '[': true, ']': true, '!': true, '<': true,
	'\\': true, '\n': true,
}

// linkRefs is goldmark's LinkReferenceParagraphTransformer, which takes
// link reference definitions ("[label]: /url") out of the start of a
// paragraph, without its work on a paragraph that does not start with "["
// (after blanks): it makes a reader for each paragraph and then finds
// nothing to take.
type linkRefs struct{}

// Transform implements parser.ParagraphTransformer.
func (linkRefs) Transform(node *ast.Paragraph, reader text.Reader, pc parser.Context) {
	lines := node.Lines()
	src := reader.Source()
	for i := range lines.Len() {
		seg := lines.At(i)
		for _, c := range src[seg.Start:seg.Stop] {
			if !util.IsSpace(c) {
				if c == '[' {
					parser.LinkReferenceParagraphTransformer.Transform(node, reader, pc)
				}
				return
			}
		}
	}
	parser.LinkReferenceParagraphTransformer.Transform(node, reader, pc)
}
