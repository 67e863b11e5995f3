// Package sitemap writes sitemap.xml in the sitemaps.org 0.9 protocol,
// split into numbered files under a sitemap index once a single file would
// pass the protocol's limits (50,000 URLs or 50 MB uncompressed).
package sitemap

import (
	"bytes"
	"encoding/xml"
	"sort"
	"strconv"
	"strings"
	"time"
)

// URL is one page of the site.
type URL struct {
	Loc     string    // absolute URL, written as given (escaped)
	Lastmod time.Time // zero: no <lastmod>
}

// The limits of one sitemap file (https://www.sitemaps.org/protocol.html).
const (
	maxURLs  = 50_000
	maxBytes = 50 * 1024 * 1024
)

const (
	header     = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	urlsetOpen = "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
	urlsetEnd  = "</urlset>\n"
)

// Build returns the sitemap files of urls by file name. Up to 50,000 URLs
// fit in "sitemap.xml" alone; past that, or past 50 MB, "sitemap.xml" is a
// <sitemapindex> pointing to "sitemap-1.xml", "sitemap-2.xml", … under
// baseURL, each within both limits.
//
// URLs are sorted by Loc (byte order) so the same site gives the same
// bytes whatever order pages were rendered in; a Loc listed twice is
// written once, with its latest Lastmod. Lastmod is a W3C datetime with
// the time's own offset (+07:00 for Asia/Ho_Chi_Minh).
func Build(baseURL string, urls []URL) map[string][]byte {
	return build(baseURL, urls, maxURLs, maxBytes, false)
}

// BuildCompact is Build as a minifying build writes it: without the
// indentation and line ends, and without text of white space alone — the
// bytes the minifier leaves of Build's files, split where Build splits
// them (the limits count Build's bytes).
func BuildCompact(baseURL string, urls []URL) map[string][]byte {
	return build(baseURL, urls, maxURLs, maxBytes, true)
}

// build is Build with the limits as parameters, so tests can split small
// inputs. Each file is written once into its own buffer: at 100,000 pages
// the sitemap is 12 MB, and per-entry strings and concatenated copies of
// each file tripled that while the other stages of a build ran beside it.
func build(baseURL string, urls []URL, limitURLs, limitBytes int, compact bool) map[string][]byte {
	merged := sortedURLs(urls)
	// Lines end with "\n" unless compact (then the minifier's form).
	line := func(s string) string {
		if compact {
			return strings.TrimSuffix(s, "\n")
		}
		return s
	}

	// Pack entries into files, each within both limits, counted in the
	// indented form whatever is written, so both split alike.
	var files [][]byte
	var lastmods []time.Time // newest Lastmod of each file
	var cur, e, c []byte     // the file being filled; one entry indented, and as written
	size, n := 0, 0          // cur's size indented; its entries
	var newest time.Time
	open := func(left int) {
		// Size the buffer for the entries left (up to one file's worth), so
		// it does not grow by copies.
		left = min(left, limitURLs)
		cur = make([]byte, 0, len(header)+len(urlsetOpen)+len(urlsetEnd)+left*(len(e)+16))
		cur = append(append(cur, line(header)...), line(urlsetOpen)...)
		size = len(header) + len(urlsetOpen)
	}
	flush := func() {
		files = append(files, append(cur, line(urlsetEnd)...))
		lastmods = append(lastmods, newest)
		cur, n, newest = nil, 0, time.Time{}
	}
	for i, u := range merged {
		e = appendEntry(e[:0], "url", u.Loc, u.Lastmod, false)
		if n > 0 && (n == limitURLs || size+len(e)+len(urlsetEnd) > limitBytes) {
			flush()
		}
		if cur == nil {
			open(len(merged) - i)
		}
		if compact {
			c = appendEntry(c[:0], "url", u.Loc, u.Lastmod, true)
			cur = append(cur, c...)
		} else {
			cur = append(cur, e...)
		}
		size += len(e)
		n++
		if u.Lastmod.After(newest) {
			newest = u.Lastmod
		}
	}
	if n > 0 || len(files) == 0 {
		if cur == nil {
			open(0)
		}
		flush()
	}

	if len(files) == 1 {
		return map[string][]byte{"sitemap.xml": files[0]}
	}
	out := make(map[string][]byte, len(files)+1)
	index := []byte(line(header) + line("<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"))
	base := strings.TrimSuffix(baseURL, "/") + "/"
	for i, f := range files {
		name := "sitemap-" + strconv.Itoa(i+1) + ".xml"
		out[name] = f
		index = appendEntry(index, "sitemap", base+name, lastmods[i], compact)
	}
	out["sitemap.xml"] = append(index, line("</sitemapindex>\n")...)
	return out
}

// sortedURLs returns urls sorted by Loc, a Loc listed twice merged into
// one with the latest Lastmod.
func sortedURLs(urls []URL) []URL {
	sorted := make([]URL, len(urls))
	copy(sorted, urls)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Loc < sorted[j].Loc })
	merged := sorted[:0]
	for _, u := range sorted {
		if last := len(merged) - 1; last >= 0 && merged[last].Loc == u.Loc {
			if u.Lastmod.After(merged[last].Lastmod) {
				merged[last].Lastmod = u.Lastmod
			}
			continue
		}
		merged = append(merged, u)
	}
	return merged
}

// appendEntry appends <tag><loc>…</loc><lastmod>…</lastmod></tag>, the
// shape shared by <url> and the index's <sitemap>, to b.
func appendEntry(b []byte, tag, loc string, lastmod time.Time, compact bool) []byte {
	if compact {
		b = append(append(append(b, '<'), tag...), "><loc>"...)
		at := len(b)
		if b = appendEscaped(b, loc); len(bytes.TrimLeft(b[at:], " \t\r\n")) == 0 {
			b = b[:at] // the minifier drops text that is only white space
		}
		b = append(b, "</loc>"...)
		if !lastmod.IsZero() {
			b = append(b, "<lastmod>"...)
			b = lastmod.AppendFormat(b, time.RFC3339)
			b = append(b, "</lastmod>"...)
		}
		return append(append(append(b, "</"...), tag...), '>')
	}
	b = append(append(append(b, "  <"...), tag...), ">\n    <loc>"...)
	b = appendEscaped(b, loc)
	b = append(b, "</loc>\n"...)
	if !lastmod.IsZero() {
		b = append(b, "    <lastmod>"...)
		b = lastmod.AppendFormat(b, time.RFC3339)
		b = append(b, "</lastmod>\n"...)
	}
	return append(append(append(b, "  </"...), tag...), ">\n"...)
}

// appendEscaped appends s escaped as xml.EscapeText escapes it. URLs are
// nearly always printable ASCII without markup characters, copied as is.
func appendEscaped(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\'' || c == '&' || c == '<' || c == '>' {
			w := appendWriter{b}
			xml.EscapeText(&w, []byte(s)) // appends: cannot fail
			return w.b
		}
	}
	return append(b, s...)
}

// appendWriter is an io.Writer that appends to a byte slice.
type appendWriter struct{ b []byte }

func (w *appendWriter) Write(p []byte) (int, error) {
	w.b = append(w.b, p...)
	return len(p), nil
}
