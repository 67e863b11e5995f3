// Package search builds a static, split full-text index of a site at build
// time, for the search page's script to query with no server: syllables
// folded to ASCII lower case ("Đồng" → "dong"), posting lists sharded by a
// hash of the syllable so a query fetches only the shards of its own
// syllables, and document records in small chunks fetched for the results
// shown. layouts/assets/search.js is the reader and must fold, split and
// hash exactly as Tokens and Shard do.
package search

import (
	"slices"
	"unicode"
	"unicode/utf8"

	"github.com/congbo/congbo/internal/slug"
)

// Tokens splits s into Vietnamese syllables (runs of letters and digits),
// folded to lower-case ASCII with tone marks stripped and đ mapped to d:
// "Truyền THÔNG 12/TCBC" → ["truyen" "thong" "12" "tcbc"]. Queries and
// documents go through the same function, so "truyen thong", "truyền
// thông" and "TRUYỀN THÔNG" match the same pages.
func Tokens(s string) []string {
	var t tokenizer
	var out []string
	t.each([]string{s}, func(tok []byte) { out = append(out, string(tok)) })
	return out
}

// tokenizer splits texts into syllables one at a time, into a buffer it
// reuses: the index build splits every page's title and summary without
// copying them folded and lower-cased first.
type tokenizer struct{ buf []byte }

// each calls fn with every token of the texts, in order, as if they were
// joined by spaces. The token is valid only during the call.
func (t *tokenizer) each(texts []string, fn func(tok []byte)) {
	add := func(r rune) {
		if r < utf8.RuneSelf {
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			}
		} else {
			r = unicode.ToLower(r)
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			t.buf = utf8.AppendRune(t.buf, r)
			return
		}
		if len(t.buf) > 0 {
			fn(t.buf)
			t.buf = t.buf[:0]
		}
	}
	for _, s := range texts {
		t.buf = t.buf[:0]
		// Folding works rune by rune, so folding each text alone is
		// folding them joined. Invalid UTF-8 decodes as U+FFFD, which is
		// no letter.
		slug.EachFolded(s, add)
		if len(t.buf) > 0 {
			fn(t.buf)
		}
	}
}

// Cache remembers, from one index build to the next, the tokens of texts,
// the JSON records of documents and the postings and facets (see kept):
// `congbo serve` rebuilds the index after a title edit, and all but one
// page's texts and records are those it made last time. It keeps those of
// the last build only, so it does not grow with edits. The zero value is ready to use; it is not safe
// for concurrent use (one build at a time).
type Cache struct {
	cur, prev map[string][][]byte
	records   recordCache
	kept      *kept // the last build's postings and facets
	updates   int   // builds that updated kept instead of indexing anew (tests)
}

// recordCache holds the records of the current and the last build, by URL.
type recordCache struct {
	cur, prev map[string]cachedRecord
}

// cachedRecord is a document's record as written, and what it was made
// from.
type cachedRecord struct {
	doc   Doc
	runes int // Options.SummaryRunes
	json  []byte
}

// of reports whether e was made from d and summaryRunes: every field a
// record shows (Keywords are searched, not shown).
func (e *cachedRecord) of(d *Doc, summaryRunes int) bool {
	a := &e.doc
	return e.runes == summaryRunes && a.Title == d.Title && a.URL == d.URL && a.Number == d.Number &&
		a.Section == d.Section && a.Summary == d.Summary && slices.Equal(a.Units, d.Units) &&
		a.Date.Equal(d.Date) && a.Date.Location() == d.Date.Location()
}

// nextRecords starts the records of a build.
func (c *Cache) nextRecords() {
	if c != nil {
		c.records.prev, c.records.cur = c.records.cur, make(map[string]cachedRecord, len(c.records.cur))
	}
}

// appendRecord appends d's record, taken from the cache when d is as it
// was, to b.
func (c *Cache) appendRecord(b []byte, d *Doc, summaryRunes int) []byte {
	if c == nil {
		rec := record(d, summaryRunes)
		return appendRecord(b, &rec)
	}
	e, ok := c.records.cur[d.URL]
	if !ok || !e.of(d, summaryRunes) {
		if e, ok = c.records.prev[d.URL]; !ok || !e.of(d, summaryRunes) {
			rec := record(d, summaryRunes)
			e = cachedRecord{doc: *d, runes: summaryRunes, json: appendRecord(nil, &rec)}
		}
		c.records.cur[d.URL] = e
	}
	return append(b, e.json...)
}

// next starts a build: texts of the last build stay reachable for it.
func (c *Cache) next() {
	if c != nil {
		c.prev, c.cur = c.cur, make(map[string][][]byte, len(c.cur))
	}
}

// cachedTokenizer is a tokenizer that looks texts up in a Cache
// first, when it has one.
type cachedTokenizer struct {
	tokenizer
	cache *Cache
}

// each calls fn with every token of the texts, as tokenizer.each does.
func (t *cachedTokenizer) each(texts []string, fn func(tok []byte)) {
	if t.cache == nil {
		t.tokenizer.each(texts, fn)
		return
	}
	for _, s := range texts {
		toks, ok := t.cache.cur[s]
		if !ok {
			if toks, ok = t.cache.prev[s]; !ok {
				toks = [][]byte{} // not nil: a text without tokens is remembered too
				t.tokenizer.each([]string{s}, func(tok []byte) { toks = append(toks, append([]byte(nil), tok...)) })
			}
			t.cache.cur[s] = toks
		}
		for _, tok := range toks {
			fn(tok)
		}
	}
}

// Shard returns which of n shards (a power of two) holds token: FNV-1a
// (32 bit) of its UTF-8 bytes, masked. Hashing rather than splitting by
// first letters keeps shards even: Vietnamese has few initial consonants
// ("th", "ng", "tr" start a third of all syllables).
func Shard(token string, n int) int {
	h := uint32(2166136261)
	for i := 0; i < len(token); i++ {
		h ^= uint32(token[i])
		h *= 16777619
	}
	return int(h & uint32(n-1))
}
