package search

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"hash"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/congbo/congbo/internal/jsonstr"
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
	// Cache, when set, keeps what a build made for the next one (watch
	// mode): a rebuild splits only the texts that changed, and updates the
	// last index when it can.
	Cache *Cache
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

// Build indexes docs as Write does, keeping the files in Index.Files:
// for tests and callers that want the whole index at once.
func Build(docs []Doc, opts Options) *Index {
	idx := &Index{Files: map[string][]byte{}}
	// The emit below never fails, so neither does Write.
	meta, _ := Write(docs, opts, func(name string, data []byte) error {
		idx.Files[name] = bytes.Clone(data)
		return nil
	})
	idx.Docs, idx.Shards = meta.Docs, meta.Shards
	return idx
}

// Write indexes docs and passes each file of the index to emit, in the
// order of their names ("d/…" < "f/…" < "t/…"), meta.json last, and
// returns what it wrote to meta.json. The caller leaves out what must
// never be found (drafts, withdrawn and expired pages). Output is
// deterministic: the same docs give the same bytes.
//
// Write keeps one file at a time, not the whole index (some 50 MB at
// 100,000 pages), besides the postings it makes the shards of. data is
// valid only during the call to emit (Write reuses it); the renderer's
// writers do not keep it (publish.Stager writes it to a file before
// returning, the watch mode's writers copy it). Write stops at the first
// error emit returns.
func Write(docs []Doc, opts Options, emit func(name string, data []byte) error) (Meta, error) {
	opts = opts.withDefaults()
	sorted := newestFirst(docs)
	meta := Meta{Version: Format, Chunk: opts.ChunkDocs, Docs: len(docs)}
	w := &writer{emit: emit, hash: sha256.New()}
	opts.Cache.nextRecords()
	// The postings do not depend on the records: make them on another
	// core while the chunks are written (the chunks come first in name
	// order; index emits nothing).
	var postings map[string]*posting
	var facets map[string]*idList
	var k *kept
	indexed := make(chan struct{})
	go func() {
		defer close(indexed)
		postings, facets, k = index(sorted, opts.Cache)
	}()
	err := w.chunks(sorted, opts)
	<-indexed
	if err != nil {
		return meta, err
	}
	if err := w.facets(facets, &meta); err != nil {
		return meta, err
	}
	shards, err := w.shards(postings, opts.ShardBytes, k)
	if err != nil {
		return meta, err
	}
	meta.Shards = shards
	meta.Hash = hex.EncodeToString(w.hash.Sum(nil)[:4])
	w.buf.Reset()
	writeJSON(&w.buf, meta)
	return meta, emit("meta.json", w.buf.Bytes())
}

// newestFirst returns docs sorted newest first, then by URL; the position
// in it is the document's id.
func newestFirst(docs []Doc) []*Doc {
	sorted := make([]*Doc, len(docs))
	for i := range docs {
		sorted[i] = &docs[i]
	}
	slices.SortStableFunc(sorted, func(a, b *Doc) int {
		if c := b.Date.Compare(a.Date); c != 0 {
			return c
		}
		return strings.Compare(a.URL, b.URL)
	})
	return sorted
}

// writer emits the index files and hashes them for Meta.Hash: name, a
// zero byte, the data and a zero byte for every file but meta.json, in
// name order.
type writer struct {
	emit func(name string, data []byte) error
	hash hash.Hash
	buf  bytes.Buffer // the file being made
}

// file hashes and emits one file.
func (w *writer) file(name string, data []byte) error {
	w.hash.Write([]byte(name))
	w.hash.Write([]byte{0})
	w.hash.Write(data)
	w.hash.Write([]byte{0})
	return w.emit(name, data)
}

// chunks writes the document records, d/<n>.json, chunk by chunk.
func (w *writer) chunks(sorted []*Doc, opts Options) error {
	nums := make([]int, (len(sorted)+opts.ChunkDocs-1)/opts.ChunkDocs)
	for n := range nums {
		nums[n] = n
	}
	for _, f := range byName(nums, func(n int) string { return "d/" + strconv.Itoa(n) + ".json" }) {
		w.buf.Reset()
		b := append(w.buf.AvailableBuffer(), '[')
		for i, d := range sorted[f.key*opts.ChunkDocs : min((f.key+1)*opts.ChunkDocs, len(sorted))] {
			if i > 0 {
				b = append(b, ',')
			}
			b = opts.Cache.appendRecord(b, d, opts.SummaryRunes)
		}
		w.buf.Write(append(b, ']'))
		if err := w.file(f.name, w.buf.Bytes()); err != nil {
			return err
		}
	}
	return nil
}

// record is d's entry in a d/<n>.json chunk.
func record(d *Doc, summaryRunes int) Record {
	rec := Record{Title: d.Title, URL: d.URL, Section: d.Section, Number: d.Number, Units: d.Units, Summary: cut(d.Summary, summaryRunes)}
	if !d.Date.IsZero() {
		rec.Date = d.Date.Format("2006-01-02")
	}
	return rec
}

// titleTexts are the texts whose syllables are listed as in d's title.
func (d *Doc) titleTexts() []string { return []string{d.Title, d.Number} }

// otherTexts appends the rest of d's searched texts to buf.
func (d *Doc) otherTexts(buf []string) []string {
	return append(append(append(buf, d.Summary), d.Units...), d.Keywords...)
}

// facetKeyer names the facets of documents: "s-<section key>",
// "u-<unit slug>" and "y-<year>". It slugs each unit name once.
type facetKeyer map[string]string

// each calls fn with every facet key of d (a unit's key as often as d
// names the unit).
func (f facetKeyer) each(d *Doc, fn func(key string)) {
	if d.SectionKey != "" {
		fn("s-" + d.SectionKey)
	}
	for _, u := range d.Units {
		key, ok := f[u]
		if !ok {
			key = "u-" + slug.Make(u)
			f[u] = key
		}
		if key != "u-" {
			fn(key)
		}
	}
	if !d.Date.IsZero() {
		fn("y-" + strconv.Itoa(d.Date.Year()))
	}
}

// posting lists the documents of one syllable: those with it in the
// title or number, and the others.
type posting struct{ title, other idList }

// index lists the documents of every syllable and of every facet (keys
// "s-<section key>", "u-<unit slug>", "y-<year>"), by id. With a cache it
// keeps them (k) for the next build, and updates those of the last build
// when it can (see kept).
func index(sorted []*Doc, cache *Cache) (postings map[string]*posting, facets map[string]*idList, k *kept) {
	if cache != nil && cache.kept != nil && cache.kept.update(sorted) {
		cache.updates++
		return cache.kept.postings, cache.kept.facets, cache.kept
	}
	postings, facets = map[string]*posting{}, map[string]*idList{}
	// get returns tok's posting; only a syllable seen first is copied.
	get := func(tok []byte) *posting {
		p := postings[string(tok)]
		if p == nil {
			p = &posting{}
			postings[string(tok)] = p
		}
		return p
	}
	facet := func(k string, id int) {
		f := facets[k]
		if f == nil {
			f = &idList{}
			facets[k] = f
		}
		f.add(id)
	}
	keys := facetKeyer{} // unit slugs made once per name
	tk := &cachedTokenizer{cache: cache}
	tk.cache.next()
	var texts []string
	for id, d := range sorted {
		// A syllable of the title is listed there only.
		tk.each(d.titleTexts(), func(tok []byte) { get(tok).title.add(id) })
		texts = d.otherTexts(texts[:0])
		tk.each(texts, func(tok []byte) {
			if p := get(tok); !p.title.endsWith(id) {
				p.other.add(id)
			}
		})
		keys.each(d, func(key string) { facet(key, id) }) // a unit named twice is listed once
	}
	if cache == nil {
		return postings, facets, nil
	}
	docs := make([]Doc, len(sorted))
	for i, d := range sorted {
		docs[i] = *d
	}
	cache.kept = &kept{docs: docs, postings: postings, facets: facets, entries: map[string][]byte{}}
	return postings, facets, cache.kept
}

// facets writes the facet files, f/<key>.json, and lists their keys in
// meta.
func (w *writer) facets(facets map[string]*idList, meta *Meta) error {
	meta.Sections, meta.Units, meta.Years = []string{}, []string{}, []string{}
	var ids []int
	for _, f := range byName(slices.Collect(maps.Keys(facets)), func(k string) string { return "f/" + k + ".json" }) {
		ids = facets[f.key].appendTo(ids[:0])
		w.buf.Reset()
		w.buf.Write(appendInts(w.buf.AvailableBuffer(), delta(ids)))
		if err := w.file(f.name, w.buf.Bytes()); err != nil {
			return err
		}
		key := f.key[2:]
		switch f.key[0] {
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
	return nil
}

// shards writes the postings into shard files, t/<n>.json, and returns
// the number of shards: the fewest (a power of two) that keep the average
// shard under shardBytes. Without k, each syllable's posting is dropped
// once its entry is made, and the entry once its shard is written; with
// k (watch mode) both are kept, and only syllables without an entry yet
// (new ones, and those an update touched) are written again.
func (w *writer) shards(postings map[string]*posting, shardBytes int, k *kept) (int, error) {
	entries := make(map[string][]byte, len(postings))
	if k != nil {
		entries = k.entries // kept for the next build: nothing is dropped
	}
	total := 0
	var title, other []int
	for tok, p := range postings {
		e, ok := entries[tok]
		if !ok {
			title, other = p.title.appendTo(title[:0]), p.other.appendTo(other[:0])
			e = append(appendInts(append(appendInts([]byte{'['}, delta(title)), ','), delta(other)), ']')
			entries[tok] = e
		}
		total += len(tok) + len(e) + 4
		if k == nil {
			delete(postings, tok)
		}
	}
	shards := 1
	for total/shards > shardBytes && shards < 1<<12 {
		shards *= 2
	}
	byShard := make([][]string, shards)
	var nums []int
	for tok := range entries {
		n := Shard(tok, shards)
		if len(byShard[n]) == 0 {
			nums = append(nums, n)
		}
		byShard[n] = append(byShard[n], tok)
	}
	for _, f := range byName(nums, func(n int) string { return "t/" + strconv.Itoa(n) + ".json" }) {
		toks := byShard[f.key]
		slices.Sort(toks)
		w.buf.Reset()
		w.buf.WriteByte('{')
		for i, tok := range toks {
			if i > 0 {
				w.buf.WriteByte(',')
			}
			w.buf.Write(jsonstr.Append(w.buf.AvailableBuffer(), tok, false))
			w.buf.WriteByte(':')
			w.buf.Write(entries[tok])
			if k == nil {
				delete(entries, tok)
			}
		}
		w.buf.WriteByte('}')
		if err := w.file(f.name, w.buf.Bytes()); err != nil {
			return shards, err
		}
	}
	return shards, nil
}

// named is a file name with the key it was made from.
type named[K any] struct {
	name string
	key  K
}

// byName returns keys with their file names, sorted by name as the hash
// takes them: "d/10.json" comes before "d/2.json", "f/s-a-b.json" before
// "f/s-a.json".
func byName[K any](keys []K, name func(K) string) []named[K] {
	files := make([]named[K], len(keys))
	for i, k := range keys {
		files[i] = named[K]{name(k), k}
	}
	slices.SortFunc(files, func(a, b named[K]) int { return strings.Compare(a.name, b.name) })
	return files
}

// idList is a list of increasing document ids, stored as uvarint gaps:
// most syllables are in many documents, and a small gap takes one byte
// where an int takes eight.
type idList struct {
	gaps []byte
	next int // the last id plus one; 0 while the list is empty
}

// add appends id unless it is the last id already: ids arrive in
// increasing order, so a repeat is the same document.
func (l *idList) add(id int) {
	if l.endsWith(id) {
		return
	}
	l.gaps = binary.AppendUvarint(l.gaps, uint64(id-l.next))
	l.next = id + 1
}

// endsWith reports whether id is the last id of the list.
func (l *idList) endsWith(id int) bool { return l.next == id+1 }

// appendTo appends the ids to dst.
func (l *idList) appendTo(dst []int) []int {
	next := 0
	for b := l.gaps; len(b) > 0; {
		gap, n := binary.Uvarint(b)
		b = b[n:]
		next += int(gap)
		dst = append(dst, next)
		next++
	}
	return dst
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
// Runs of white space become one space, as strings.Fields and Join would
// make them; only the first n+1 runes are looked at, so a long summary
// costs what its kept part costs.
func cut(s string, n int) string {
	if !utf8.ValidString(s) {
		return cutInvalid(s, n)
	}
	b := make([]byte, 0, min(len(s), 4*n+4))
	runes, space, over := 0, false, false
	for i, r := range s {
		if unicode.IsSpace(r) {
			space = len(b) > 0
			continue
		}
		if space {
			if runes == n {
				over = true
				break
			}
			b = append(b, ' ')
			runes++
			space = false
		}
		if runes == n {
			over = true
			break
		}
		b = append(b, s[i:i+utf8.RuneLen(r)]...)
		runes++
	}
	if !over {
		if string(b) == s {
			return s
		}
		return string(b)
	}
	if i := bytes.LastIndexByte(b, ' '); i > len(b)/2 {
		b = b[:i]
	}
	return string(append(b, "…"...))
}

// cutInvalid is cut for text that is not valid UTF-8: []rune turns each
// bad byte of the kept part into U+FFFD.
func cutInvalid(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := string([]rune(s)[:n])
	if i := strings.LastIndexByte(r, ' '); i > len(r)/2 {
		return r[:i] + "…"
	}
	return r + "…"
}

// appendRecord appends rec as encoding/json writes a Record without HTML
// escaping; TestAppendRecord compares the two. Reflection made JSON half
// of the search stage's time.
func appendRecord(b []byte, rec *Record) []byte {
	field := func(b []byte, name, v string) []byte {
		if v == "" {
			return b
		}
		return jsonstr.Append(append(b, name...), v, false)
	}
	b = jsonstr.Append(append(b, `{"t":`...), rec.Title, false)
	b = jsonstr.Append(append(b, `,"u":`...), rec.URL, false)
	b = field(b, `,"d":`, rec.Date)
	b = field(b, `,"s":`, rec.Section)
	b = field(b, `,"n":`, rec.Number)
	if len(rec.Units) > 0 {
		b = append(b, `,"o":[`...)
		for i, u := range rec.Units {
			if i > 0 {
				b = append(b, ',')
			}
			b = jsonstr.Append(b, u, false)
		}
		b = append(b, ']')
	}
	b = field(b, `,"x":`, rec.Summary)
	return append(b, '}')
}

// appendInts appends ids as a JSON array.
func appendInts(b []byte, ids []int) []byte {
	b = append(b, '[')
	for i, id := range ids {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, int64(id), 10)
	}
	return append(b, ']')
}

// writeJSON appends v to b as JSON without HTML escaping (the files are
// fetched as JSON, never inlined). v is a value that cannot fail to
// marshal: strings, ints, plain structs.
func writeJSON(b *bytes.Buffer, v any) {
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic("search: marshal: " + err.Error())
	}
	b.Truncate(b.Len() - 1) // Encode's newline
}
