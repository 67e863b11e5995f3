// Package feed writes the syndication feeds of a list of pages: RSS 2.0,
// Atom (RFC 4287) and JSON Feed 1.1.
//
// The output is a pure function of the Channel: items are written in the
// order given (the caller sorts, newest first, and caps the count), and no
// time is read from the clock, so a rebuild gives the same bytes.
package feed

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Channel is one feed: a list page and its newest items.
type Channel struct {
	Title, Description string
	Language           string    // BCP 47, e.g. "vi"
	Link               string    // absolute URL of the HTML list
	FeedURL            string    // absolute URL of this feed file (the self link)
	Updated            time.Time // newest item date or lastmod; never the wall clock
	Author             string    // the organisation's name
	Items              []Item
}

// Item is one entry of a feed.
type Item struct {
	Title, Link string
	ID          string    // the permalink; stable across corrections. Empty: Link
	Published   time.Time // first publication
	Updated     time.Time // moves when the page is corrected. Zero: Published
	Summary     string    // plain text
	ContentHTML string    // optional full HTML
	Categories  []string
}

// id returns the stable identifier of the item.
func (it Item) id() string {
	if it.ID != "" {
		return it.ID
	}
	return it.Link
}

// updated returns when the item last changed.
func (it Item) updated() time.Time {
	if it.Updated.IsZero() {
		return it.Published
	}
	return it.Updated
}

// updated returns c.Updated, or when zero the newest item time, so a
// caller that forgot it still gets a stable date rather than the clock.
func (c Channel) updated() time.Time {
	if !c.Updated.IsZero() {
		return c.Updated
	}
	var newest time.Time
	for _, it := range c.Items {
		if u := it.updated(); u.After(newest) {
			newest = u
		}
	}
	return newest
}

// rfc3339 formats t for Atom and JSON Feed in t's own location, so a time
// in Asia/Ho_Chi_Minh keeps its +07:00.
func rfc3339(t time.Time) string { return t.Format(time.RFC3339) }

// xmlWriter builds an XML document with escaping done in one place:
// indented, or compact as a minifying build writes it — without the
// indentation and the line ends, and without text that is only white
// space, which is what the minifier (publish's minifyXML) leaves of the
// indented one.
type xmlWriter struct {
	b       []byte
	compact bool
}

// newXMLWriter returns a writer whose buffer fits c's feed, so that it is
// not grown and copied a dozen times.
func newXMLWriter(c Channel, compact bool) *xmlWriter {
	n := 1024 + len(c.Title) + len(c.Description) + 2*len(c.Link)
	for _, it := range c.Items {
		n += 320 + len(it.Title) + 3*len(it.Link) + len(it.ID) + len(it.Summary) + len(it.ContentHTML)
		for _, cat := range it.Categories {
			n += 40 + len(cat)
		}
	}
	return &xmlWriter{b: make([]byte, 0, n), compact: compact}
}

// line writes depth levels of indentation, then the parts, then a newline.
// Parts are written as given: callers escape values with text or attr.
func (w *xmlWriter) line(depth int, parts ...string) {
	if !w.compact {
		for range depth {
			w.b = append(w.b, "  "...)
		}
	}
	for _, p := range parts {
		w.b = append(w.b, p...)
	}
	if !w.compact {
		w.b = append(w.b, '\n')
	}
}

// text escapes s as the character data of an element.
func (w *xmlWriter) text(s string) string {
	s = escape(s, false)
	if w.compact && strings.TrimLeft(s, " \t\r\n") == "" {
		return "" // the minifier drops text that is only white space
	}
	return s
}

// elem writes <name>text</name> on its own line, escaping text.
func (w *xmlWriter) elem(depth int, name, text string) {
	w.line(depth, "<", name, ">", w.text(text), "</", name, ">")
}

// escape escapes s for XML character data, or for a double-quoted
// attribute value when attr is set, and drops characters XML 1.0 does not
// allow (control characters, surrogates, U+FFFE, U+FFFF, invalid UTF-8).
// A carriage return is written as &#xD; so parsers do not turn it into a
// newline.
func escape(s string, attr bool) string {
	if unchangedInXML(s, attr) {
		return s // most titles and summaries: no copy
	}
	var b strings.Builder
	b.Grow(len(s))
	for i, r := range s {
		switch {
		case r == utf8.RuneError && isInvalidAt(s, i):
			continue
		case !allowedInXML(r):
			continue
		case r == '&':
			b.WriteString("&amp;")
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '\r':
			b.WriteString("&#xD;")
		case attr && r == '"':
			b.WriteString("&quot;")
		case attr && r == '\n':
			b.WriteString("&#xA;")
		case attr && r == '\t':
			b.WriteString("&#x9;")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// isInvalidAt reports whether the RuneError decoded at s[i] stands for an
// invalid byte rather than a literal U+FFFD.
func isInvalidAt(s string, i int) bool {
	_, size := utf8.DecodeRuneInString(s[i:])
	return size == 1
}

// unchangedInXML reports whether escape(s, attr) is s itself: text clean
// leaves as it is, with nothing escape rewrites.
func unchangedInXML(s string, attr bool) bool {
	if strings.ContainsAny(s, "&<>\r") || attr && strings.ContainsAny(s, "\"\n\t") {
		return false
	}
	return cleanInXML(s)
}

// allowedInXML reports whether r is a Char of XML 1.0 (production [2]).
func allowedInXML(r rune) bool {
	return r == '\t' || r == '\n' || r == '\r' ||
		(r >= 0x20 && r <= 0xD7FF) ||
		(r >= 0xE000 && r <= 0xFFFD) ||
		(r >= 0x10000 && r <= 0x10FFFF)
}
