package feed

import "time"

// RSS returns c as an RSS 2.0 document with an atom:link rel="self" and a
// content:encoded element for items with full HTML. Dates are RFC 1123
// with a numeric zone, in each time's own location (+0700 for
// Asia/Ho_Chi_Minh). RSS has no field for an item's update time; Atom and
// JSON Feed carry it. The organisation is not named either, since RSS
// author fields require an email address.
func RSS(c Channel) []byte { return rss(c, false) }

// CompactRSS is RSS as a minifying build writes it: the bytes the minifier
// leaves of RSS's, without the work of indenting and minifying.
func CompactRSS(c Channel) []byte { return rss(c, true) }

func rss(c Channel, compact bool) []byte {
	w := newXMLWriter(c, compact)
	w.line(0, `<?xml version="1.0" encoding="UTF-8"?>`)
	w.line(0, `<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/">`)
	w.line(1, "<channel>")
	w.elem(2, "title", c.Title)
	w.elem(2, "link", c.Link)
	w.elem(2, "description", c.Description)
	if c.Language != "" {
		w.elem(2, "language", c.Language)
	}
	if u := c.updated(); !u.IsZero() {
		w.elem(2, "lastBuildDate", rfc1123(u))
	}
	w.line(2, `<atom:link href="`, escape(c.FeedURL, true), `" rel="self" type="application/rss+xml"/>`)
	for _, it := range c.Items {
		w.line(2, "<item>")
		w.elem(3, "title", it.Title)
		w.elem(3, "link", it.Link)
		w.line(3, `<guid isPermaLink="true">`, w.text(it.id()), "</guid>")
		if !it.Published.IsZero() {
			w.elem(3, "pubDate", rfc1123(it.Published))
		}
		if it.Summary != "" {
			w.elem(3, "description", it.Summary)
		}
		if it.ContentHTML != "" {
			w.elem(3, "content:encoded", it.ContentHTML)
		}
		for _, cat := range it.Categories {
			w.elem(3, "category", cat)
		}
		w.line(2, "</item>")
	}
	w.line(1, "</channel>")
	w.line(0, "</rss>")
	return w.b
}

// rfc1123 formats t for RSS in t's own location.
func rfc1123(t time.Time) string { return t.Format(time.RFC1123Z) }
