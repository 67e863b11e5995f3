package render

import (
	"bytes"
	"strings"
	"sync"
	"unsafe"

	"github.com/congbo/congbo/internal/minhtml"
)

// Parts that many pages share — a list item is on its section's, its
// terms' and the home page's lists; the site's header and footer are on
// every page — are minified once and copied into each page that prints
// them, as spans of the page (minhtml.Span) that the minifier copies
// instead of minifying again: the same bytes, for about a fifth less
// minifying at 10,000 pages.

// partMinifier minifies a part of pages alone (publish.Minifier.Part).
type partMinifier interface {
	Part(html []byte) ([]byte, bool)
}

// spanWriter writes a page with its spans (publish.Stager.WriteSpans,
// headers.Recorder.WriteSpans).
type spanWriter interface {
	WriteSpans(rel string, data []byte, spans []minhtml.Span) error
}

// pageSpans keeps the spans of the pages being rendered. It is off (the
// zero value) unless Options.Splice turns it on for a build.
type pageSpans struct {
	min   partMinifier
	pages sync.Map // *bytes.Buffer → *pageBuf: the pages being rendered
	// parts holds partialCached results minified, by the address of
	// their bytes: texec prints the very string the cache holds where a
	// layout prints it into HTML text, and the other escapers all return
	// other strings for it. Each holds its string, so no other string
	// gets its address.
	parts sync.Map // *byte → part
}

// pageBuf is a page being rendered: its bytes and the spans of them whose
// minified bytes are known.
type pageBuf struct {
	bytes.Buffer
	spans []minhtml.Span
}

// track keeps b's spans, when spans are on, until the returned function
// is called (once b is written).
func (ps *pageSpans) track(b *pageBuf) (untrack func()) {
	if ps.min == nil {
		return func() {}
	}
	ps.pages.Store(&b.Buffer, b)
	return func() { ps.pages.Delete(&b.Buffer) }
}

// of returns the page whose bytes buf holds, or nil when buf is not a
// tracked page (a block printed into a buffer of its own, spans off).
func (ps *pageSpans) of(buf *bytes.Buffer) *pageBuf {
	if ps.min == nil {
		return nil
	}
	b, _ := ps.pages.Load(buf)
	page, _ := b.(*pageBuf)
	return page
}

// part is HTML that many pages print, minified to be a span of them. Its
// white space at either end (a partial file's last newline) is left out
// of the span and minified with the text around it.
type part struct {
	html              string
	leading, trailing int
	min               []byte // nil: not a span (spans off, or Part declined)
}

// newPart minifies html to be a span.
func (ps *pageSpans) newPart(html string) part {
	p := part{html: html}
	if ps.min == nil || len(html) < minPart {
		return p
	}
	core := strings.TrimLeft(html, htmlSpace)
	p.leading = len(html) - len(core)
	core = strings.TrimRight(core, htmlSpace)
	p.trailing = len(html) - p.leading - len(core)
	if min, ok := ps.min.Part([]byte(core)); ok {
		p.min = min
	}
	return p
}

// write writes the part into buf, as a span of page when it is one (page
// is nil when spans are not kept).
func (p *part) write(page *pageBuf, buf *bytes.Buffer) {
	start := buf.Len()
	buf.WriteString(p.html)
	if page != nil && p.min != nil {
		page.spans = append(page.spans, minhtml.Span{Start: start + p.leading, End: buf.Len() - p.trailing, Min: p.min})
	}
}

// minPart is the size below which a part is not worth a span.
const minPart = 64

// htmlSpace is the white space of HTML text.
const htmlSpace = " \t\n\r\f"

// storePart minifies a partialCached result for print.
func (ps *pageSpans) storePart(html string) {
	if p := ps.newPart(html); p.min != nil {
		ps.parts.Store(unsafe.StringData(html), p)
	}
}

// print is texec's print hook: a partialCached result printed into a
// tracked page is written as a span.
func (ps *pageSpans) print(buf *bytes.Buffer, s string) bool {
	if ps.min == nil || len(s) < minPart {
		return false
	}
	v, ok := ps.parts.Load(unsafe.StringData(s))
	if !ok {
		return false
	}
	p := v.(part)
	page := ps.of(buf)
	if page == nil || p.html != s { // the same address: equal when the lengths are
		return false
	}
	p.write(page, buf)
	return true
}
