package feed

// Atom returns c as an Atom 1.0 (RFC 4287) document. The feed id is the
// HTML list's URL, each entry's id its permalink; the feed author is the
// organisation (the channel title when Author is empty, since Atom
// requires one). An entry's updated time is Item.Updated, else Published.
func Atom(c Channel) []byte { return atom(c, false) }

// CompactAtom is Atom as a minifying build writes it: the bytes the
// minifier leaves of Atom's, without the work of indenting and minifying.
func CompactAtom(c Channel) []byte { return atom(c, true) }

func atom(c Channel, compact bool) []byte {
	w := newXMLWriter(c, compact)
	w.line(0, `<?xml version="1.0" encoding="UTF-8"?>`)
	if c.Language != "" {
		w.line(0, `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="`, escape(c.Language, true), `">`)
	} else {
		w.line(0, `<feed xmlns="http://www.w3.org/2005/Atom">`)
	}
	w.elem(1, "title", c.Title)
	if c.Description != "" {
		w.elem(1, "subtitle", c.Description)
	}
	w.elem(1, "id", c.Link)
	w.elem(1, "updated", rfc3339(c.updated()))
	w.line(1, `<link rel="alternate" type="text/html" href="`, escape(c.Link, true), `"/>`)
	w.line(1, `<link rel="self" type="application/atom+xml" href="`, escape(c.FeedURL, true), `"/>`)
	author := c.Author
	if author == "" {
		author = c.Title
	}
	w.line(1, "<author>")
	w.elem(2, "name", author)
	w.line(1, "</author>")
	for _, it := range c.Items {
		w.line(1, "<entry>")
		w.elem(2, "title", it.Title)
		w.line(2, `<link rel="alternate" type="text/html" href="`, escape(it.Link, true), `"/>`)
		w.elem(2, "id", it.id())
		if !it.Published.IsZero() {
			w.elem(2, "published", rfc3339(it.Published))
		}
		w.elem(2, "updated", rfc3339(it.updated()))
		if it.Summary != "" {
			w.line(2, `<summary type="text">`, w.text(it.Summary), "</summary>")
		}
		if it.ContentHTML != "" {
			w.line(2, `<content type="html">`, w.text(it.ContentHTML), "</content>")
		}
		for _, cat := range it.Categories {
			w.line(2, `<category term="`, escape(cat, true), `"/>`)
		}
		w.line(1, "</entry>")
	}
	w.line(0, "</feed>")
	return w.b
}
