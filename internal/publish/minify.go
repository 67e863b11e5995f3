package publish

import (
	"bytes"
	"sync"

	"fmt"
	"github.com/tdewolff/parse/v2/buffer"
	"regexp"
	"strings"

	"github.com/congbo/congbo/internal/minhtml"
	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/html"
	"github.com/tdewolff/minify/v2/js"
	"github.com/tdewolff/minify/v2/json"
	"github.com/tdewolff/minify/v2/svg"
)

// Minifier minifies output by file extension. It is built once per build
// and passed down rather than kept in a package variable.
//
// A Minifier is safe for concurrent use: registration happens only in
// NewMinifier, and minify.M guards its tables for concurrent minification.
type Minifier struct {
	m    *minify.M
	bufs sync.Pool // *[]byte output buffers reused across files
	html sync.Pool // *minhtml.Minifier: HTML without the minifier's lexer
}

// mediaType returns the media type files with extension ext are minified
// as, and false for extensions that pass unchanged.
func mediaType(ext string) (string, bool) {
	switch strings.ToLower(ext) {
	case ".html", ".htm":
		return "text/html", true
	case ".css":
		return "text/css", true
	case ".js", ".mjs":
		return "application/javascript", true
	case ".json", ".webmanifest":
		return "application/json", true
	case ".xml", ".rss", ".atom":
		return "text/xml", true
	case ".svg":
		return "image/svg+xml", true
	}
	return "", false
}

// NewMinifier returns a Minifier for HTML, CSS, JavaScript, JSON (also
// JSON-LD inside <script type="application/ld+json">), XML and SVG.
//
// HTML keeps the document tags (html, head, body), end tags and attribute
// quotes so the output stays valid HTML5 for the Nu validator. XML only
// loses comments and indentation (see minifyXML).
func NewMinifier() *Minifier {
	m := minify.New()
	m.Add("text/html", &html.Minifier{
		KeepDocumentTags: true,
		KeepEndTags:      true,
		KeepQuotes:       true,
	})
	m.Add("text/css", &css.Minifier{})
	m.AddRegexp(regexp.MustCompile(`^(application|text)/(x-)?(java|ecma)script$`), &js.Minifier{})
	m.AddRegexp(regexp.MustCompile(`[/+]json$`), &json.Minifier{})
	m.Add("image/svg+xml", &svg.Minifier{})
	m.AddFuncRegexp(regexp.MustCompile(`[/+]xml$`), minifyXML)
	min := &Minifier{m: m}
	min.html.New = func() any { return minhtml.New(m) }
	return min
}

// Minifies reports whether files with extension ext (".css", with the dot,
// any case) are minified.
func (m *Minifier) Minifies(ext string) bool {
	_, ok := mediaType(ext)
	return ok
}

// Bytes minifies data as the kind of file named by ext (".css", with the
// dot, any case). Data of an extension that is not minified is returned
// unchanged. The renderer uses it to minify the stylesheet before
// fingerprinting it, so the hash names the bytes that are served.
func (m *Minifier) Bytes(ext string, data []byte) ([]byte, error) {
	if !m.Minifies(ext) {
		return data, nil
	}
	// Minify into a reused buffer and copy the result out once: appending
	// to nil grew a page's output through a dozen copies.
	var out []byte
	err := m.withBytes(ext, data, func(b []byte) error {
		out = bytes.Clone(b)
		return nil
	})
	return out, err
}

// Part returns the HTML part minified alone, and whether it can be a span
// of the pages it is copied into (minhtml.Minifier.Part): a list item or a
// site's header, minified once and spliced into every page that has it
// (Stager.WriteSpans).
func (m *Minifier) Part(part []byte) ([]byte, bool) {
	z := m.html.Get().(*minhtml.Minifier)
	defer m.html.Put(z)
	min, ok := z.Part(nil, part)
	if !ok {
		return nil, false
	}
	return bytes.Clone(min), true // kept for the build: at its size
}

// withBytes minifies data by ext into a reused buffer and passes the
// result to use, which must not keep it. Output buffers are most of what a
// build allocates; reusing them keeps the heap (and the GC's work) small.
func (m *Minifier) withBytes(ext string, data []byte, use func([]byte) error) error {
	return m.withSpans(ext, data, nil, use)
}

// withSpans is withBytes where the spans of an HTML document are copied
// from their Min (minhtml.Minifier.AppendSpans).
func (m *Minifier) withSpans(ext string, data []byte, spans []minhtml.Span, use func([]byte) error) error {
	mt, ok := mediaType(ext)
	if !ok {
		return use(data)
	}
	bp, _ := m.bufs.Get().(*[]byte)
	if bp == nil {
		bp = new([]byte)
	}
	defer m.bufs.Put(bp)
	out, err := m.appendMinified((*bp)[:0], mt, data, spans)
	if err != nil {
		return err
	}
	*bp = out
	return use(out)
}

// appendMinified appends data minified as media type mt to dst. HTML goes
// through package minhtml first: the HTML congbo's theme and goldmark
// write, byte for byte as the minifier would, in less than half its time;
// what minhtml leaves, and every other type, goes to the minifier.
func (m *Minifier) appendMinified(dst []byte, mt string, data []byte, spans []minhtml.Span) ([]byte, error) {
	if mt == "text/html" {
		z := m.html.Get().(*minhtml.Minifier)
		out, ok := z.AppendSpans(dst, data, spans)
		m.html.Put(z)
		if ok {
			return out, nil
		}
	}
	w := buffer.NewWriter(dst)
	if err := m.m.Minify(mt, w, buffer.NewReader(data)); err != nil {
		return nil, fmt.Errorf("minify %s: %w", mt, err)
	}
	return w.Bytes(), nil
}
