package search

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/congbo/congbo/internal/slug"
)

// Doc is one page as the index stores it. Build indexes Title and Number
// as "title" fields (ranked first) and Summary, Units and Keywords as
// "other" fields; the section is a filter, not searched text.
type Doc struct {
	Title      string
	URL        string    // root-relative
	Date       time.Time // in the site's time zone: its year is the year filter
	Section    string    // section title, shown with the result
	SectionKey string    // section directory: the section filter's value
	Units      []string  // unit names; the unit filter's value is slug.Make(name)
	Number     string    // document number (số ký hiệu), e.g. "12/TCBC-BKNS"
	Summary    string    // plain text; cut to Options.SummaryRunes
	Keywords   []string  // tags and categories: searched, not shown
}

// Options size the index files. Zero values take the defaults.
type Options struct {
	ShardBytes   int // target size of one posting shard; default 32 KiB
	ChunkDocs    int // document records per chunk file; default 20
	SummaryRunes int // longest stored summary; default 200
	// Tokens, when set, remembers the tokens of every text between builds
	// (watch mode), so a rebuild splits only the texts that changed.
	Tokens *TokenCache
}

func (o Options) withDefaults() Options {
	if o.ShardBytes <= 0 {
		o.ShardBytes = 32 << 10
	}
	if o.ChunkDocs <= 0 {
		o.ChunkDocs = 20
	}
	if o.SummaryRunes <= 0 {
		o.SummaryRunes = 200
	}
	return o
}

// Index is a built index: its files, by slash path relative to the
// index directory (the renderer writes them under /search/).
//
//	meta.json        version, content hash, shard count, chunk size, facet keys
//	t/<n>.json       postings of the syllables hashed to shard n:
//	                 {"syllable": [[title ids], [other ids]]}
//	d/<n>.json       document records n*chunk … n*chunk+chunk-1
//	f/s-<key>.json   ids of a section; f/u-<slug>.json of a unit; f/y-<year>.json of a year
//
// Document ids number the documents newest first, so a lower id is more
// recent; every id list is sorted and delta-encoded ([3,1,4] means 3,4,8;
// a negative -n means n more consecutive ids: [3,-2] means 3,4,5).
type Index struct {
	Files  map[string][]byte
	Docs   int
	Shards int
}

// Meta is meta.json: what the script needs before any other file.
type Meta struct {
	Version int    `json:"v"`
	Hash    string `json:"h"` // of every other file; the script appends ?v=Hash to defeat stale caches
	Shards  int    `json:"shards"`
	Chunk   int    `json:"chunk"`
	Docs    int    `json:"docs"`
	// Facets lists the keys that have a file under f/: section keys,
	// unit slugs and years.
	Sections []string `json:"s"`
	Units    []string `json:"u"`
	Years    []string `json:"y"`
}

// Record is one document in a d/<n>.json chunk.
type Record struct {
	Title   string   `json:"t"`
	URL     string   `json:"u"`
	Date    string   `json:"d,omitempty"` // 2006-01-02
	Section string   `json:"s,omitempty"`
	Number  string   `json:"n,omitempty"`
	Units   []string `json:"o,omitempty"`
	Summary string   `json:"x,omitempty"`
}

// Format is the version of the file layout in Meta.Version.
const Format = 1

// Build indexes docs. The caller leaves out what must never be found
// (drafts, withdrawn and expired pages). Output is deterministic: the same
// docs give the same bytes.
func Build(docs []Doc, opts Options) *Index {
	opts = opts.withDefaults()
	docs = slices.Clone(docs)
	sort.SliceStable(docs, func(i, j int) bool {
		if !docs[i].Date.Equal(docs[j].Date) {
			return docs[i].Date.After(docs[j].Date)
		}
		return docs[i].URL < docs[j].URL
	})

	type posting struct{ title, other []int }
	postings := map[string]*posting{}
	facets := map[string][]int{}
	// get returns tok's posting; only a syllable seen first is copied.
	get := func(tok []byte) *posting {
		p := postings[string(tok)]
		if p == nil {
			p = &posting{}
			postings[string(tok)] = p
		}
		return p
	}
	idx := &Index{Files: map[string][]byte{}, Docs: len(docs)}
	var chunk []Record
	tk := &cachedTokenizer{cache: opts.Tokens}
	tk.cache.next()
	var texts []string
	for id, d := range docs {
		// Ids arrive in increasing order: a repeat is the same document.
		// A syllable of the title is listed there only; its last title id
		// is this document's when the title has it.
		tk.each([]string{d.Title, d.Number}, func(tok []byte) {
			p := get(tok)
			if n := len(p.title); n == 0 || p.title[n-1] != id {
				p.title = append(p.title, id)
			}
		})
		texts = append(append(append(texts[:0], d.Summary), d.Units...), d.Keywords...)
		tk.each(texts, func(tok []byte) {
			p := get(tok)
			if n := len(p.title); n > 0 && p.title[n-1] == id {
				return // in the title
			}
			if n := len(p.other); n == 0 || p.other[n-1] != id {
				p.other = append(p.other, id)
			}
		})
		if d.SectionKey != "" {
			facets["s-"+d.SectionKey] = append(facets["s-"+d.SectionKey], id)
		}
		for _, u := range d.Units {
			// Ids arrive in increasing order: a unit named twice by one
			// document is a repeat of the last id (checking only that keeps
			// the build linear in the number of pages).
			if k := "u-" + slug.Make(u); k != "u-" {
				if f := facets[k]; len(f) == 0 || f[len(f)-1] != id {
					facets[k] = append(f, id)
				}
			}
		}
		if !d.Date.IsZero() {
			k := "y-" + strconv.Itoa(d.Date.Year())
			facets[k] = append(facets[k], id)
		}
		rec := Record{Title: d.Title, URL: d.URL, Section: d.Section, Number: d.Number, Units: d.Units, Summary: cut(d.Summary, opts.SummaryRunes)}
		if !d.Date.IsZero() {
			rec.Date = d.Date.Format("2006-01-02")
		}
		chunk = append(chunk, rec)
		if len(chunk) == opts.ChunkDocs || id == len(docs)-1 {
			idx.Files[fmt.Sprintf("d/%d.json", id/opts.ChunkDocs)] = mustJSON(chunk)
			chunk = chunk[:0]
		}
	}

	// Size each syllable's entry, then pick the fewest shards (a power of
	// two) that keep the average shard under ShardBytes.
	entries := map[string][]byte{}
	total := 0
	for tok, p := range postings {
		e := mustJSON([2][]int{delta(p.title), delta(p.other)})
		entries[tok] = e
		total += len(tok) + len(e) + 4
	}
	shards := 1
	for total/shards > opts.ShardBytes && shards < 1<<12 {
		shards *= 2
	}
	idx.Shards = shards
	byShard := make([][]string, shards)
	for tok := range entries {
		n := Shard(tok, shards)
		byShard[n] = append(byShard[n], tok)
	}
	for n, toks := range byShard {
		if len(toks) == 0 {
			continue
		}
		slices.Sort(toks)
		var b strings.Builder
		b.WriteByte('{')
		for i, tok := range toks {
			if i > 0 {
				b.WriteByte(',')
			}
			b.Write(mustJSON(tok))
			b.WriteByte(':')
			b.Write(entries[tok])
		}
		b.WriteByte('}')
		idx.Files[fmt.Sprintf("t/%d.json", n)] = []byte(b.String())
	}

	meta := Meta{Version: Format, Shards: shards, Chunk: opts.ChunkDocs, Docs: len(docs),
		Sections: []string{}, Units: []string{}, Years: []string{}}
	for k, ids := range facets {
		idx.Files["f/"+k+".json"] = mustJSON(delta(ids))
		key := k[2:]
		switch k[0] {
		case 's':
			meta.Sections = append(meta.Sections, key)
		case 'u':
			meta.Units = append(meta.Units, key)
		case 'y':
			meta.Years = append(meta.Years, key)
		}
	}
	slices.Sort(meta.Sections)
	slices.Sort(meta.Units)
	slices.Sort(meta.Years)
	meta.Hash = hashFiles(idx.Files)
	idx.Files["meta.json"] = mustJSON(meta)
	return idx
}

// delta encodes sorted ids as differences from the previous one, with a
// run of three or more consecutive ids (differences of 1) written as one
// negative number: [5,-3,4] means 5,6,7,8,12. Lists of common syllables
// and of years are dense, and runs keep them small.
func delta(ids []int) []int {
	out := make([]int, 0, len(ids))
	prev := 0
	for i := 0; i < len(ids); {
		run := 0
		for i+run < len(ids) && ids[i+run]-prev == run+1 {
			run++
		}
		if run >= 3 {
			out = append(out, -run)
			prev = ids[i+run-1]
			i += run
			continue
		}
		out = append(out, ids[i]-prev)
		prev = ids[i]
		i++
	}
	return out
}

// cut shortens s to at most n runes, at a space where it can, with "…".
func cut(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)[:n]
	if i := strings.LastIndexByte(string(r), ' '); i > len(string(r))/2 {
		return string(r)[:i] + "…"
	}
	return string(r) + "…"
}

func hashFiles(files map[string][]byte) string {
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	slices.Sort(names)
	h := sha256.New()
	for _, n := range names {
		h.Write([]byte(n))
		h.Write([]byte{0})
		h.Write(files[n])
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:4])
}

// mustJSON marshals values that cannot fail (strings, ints, plain structs)
// without HTML escaping: the files are fetched as JSON, never inlined.
func mustJSON(v any) []byte {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic("search: marshal: " + err.Error())
	}
	return []byte(strings.TrimSuffix(b.String(), "\n"))
}
