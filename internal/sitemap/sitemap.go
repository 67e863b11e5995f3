// Package sitemap writes sitemap.xml in the sitemaps.org 0.9 protocol,
// split into numbered files under a sitemap index once a single file would
// pass the protocol's limits (50,000 URLs or 50 MB uncompressed).
package sitemap

import (
	"encoding/xml"
	"fmt"
	"sort"
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
	return build(baseURL, urls, maxURLs, maxBytes)
}

// build is Build with the limits as parameters, so tests can split small
// inputs.
func build(baseURL string, urls []URL, limitURLs, limitBytes int) map[string][]byte {
	entries := sortedEntries(urls)

	// Pack entries into files, each within both limits.
	var files []string
	var cur strings.Builder
	n := 0
	var lastmods []time.Time // newest Lastmod of each file
	var newest time.Time
	flush := func() {
		files = append(files, header+urlsetOpen+cur.String()+urlsetEnd)
		lastmods = append(lastmods, newest)
		cur.Reset()
		n, newest = 0, time.Time{}
	}
	overhead := len(header) + len(urlsetOpen) + len(urlsetEnd)
	for _, e := range entries {
		if n > 0 && (n == limitURLs || overhead+cur.Len()+len(e.xml) > limitBytes) {
			flush()
		}
		cur.WriteString(e.xml)
		n++
		if e.lastmod.After(newest) {
			newest = e.lastmod
		}
	}
	if n > 0 || len(files) == 0 {
		flush()
	}

	if len(files) == 1 {
		return map[string][]byte{"sitemap.xml": []byte(files[0])}
	}
	out := make(map[string][]byte, len(files)+1)
	var index strings.Builder
	index.WriteString(header)
	index.WriteString("<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n")
	base := strings.TrimSuffix(baseURL, "/") + "/"
	for i, f := range files {
		name := fmt.Sprintf("sitemap-%d.xml", i+1)
		out[name] = []byte(f)
		index.WriteString(entry("sitemap", base+name, lastmods[i]))
	}
	index.WriteString("</sitemapindex>\n")
	out["sitemap.xml"] = []byte(index.String())
	return out
}

// sitemapEntry is one <url> element, ready to write.
type sitemapEntry struct {
	xml     string
	lastmod time.Time
}

// sortedEntries sorts urls by Loc, merges duplicates keeping the latest
// Lastmod and renders each <url> element.
func sortedEntries(urls []URL) []sitemapEntry {
	sorted := make([]URL, len(urls))
	copy(sorted, urls)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Loc < sorted[j].Loc })
	var merged []URL
	for _, u := range sorted {
		if last := len(merged) - 1; last >= 0 && merged[last].Loc == u.Loc {
			if u.Lastmod.After(merged[last].Lastmod) {
				merged[last].Lastmod = u.Lastmod
			}
			continue
		}
		merged = append(merged, u)
	}
	entries := make([]sitemapEntry, len(merged))
	for i, u := range merged {
		entries[i] = sitemapEntry{xml: entry("url", u.Loc, u.Lastmod), lastmod: u.Lastmod}
	}
	return entries
}

// entry renders <tag><loc>…</loc><lastmod>…</lastmod></tag>, the shape
// shared by <url> and the index's <sitemap>.
func entry(tag, loc string, lastmod time.Time) string {
	var b strings.Builder
	b.WriteString("  <" + tag + ">\n    <loc>")
	xml.EscapeText(&b, []byte(loc)) // writes to a strings.Builder: cannot fail
	b.WriteString("</loc>\n")
	if !lastmod.IsZero() {
		b.WriteString("    <lastmod>" + lastmod.Format(time.RFC3339) + "</lastmod>\n")
	}
	b.WriteString("  </" + tag + ">\n")
	return b.String()
}
