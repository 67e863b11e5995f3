package search

import (
	"encoding/binary"
	"slices"
)

// kept is what a Cache keeps of the last index build for the next
// one: the documents by id, their postings and facets, and each
// syllable's JSON entry. When a build has the same documents in the same
// order (a title or summary edited, no page added, removed or moved by
// its date), only the edited documents' syllables and facets change:
// `congbo serve` then updates those instead of indexing every page again.
type kept struct {
	docs     []Doc // by id
	postings map[string]*posting
	facets   map[string]*idList
	entries  map[string][]byte // syllable → its JSON entry, made once while its posting holds
}

// incremental reports how many documents a build may change and still be
// an update of the kept index rather than a new one.
func incremental(docs int) int { return max(8, docs/16) }

// update applies the documents of sorted that differ from k.docs to the
// kept postings and facets, and reports whether it could: false when the
// documents are not those of the last build in the same order (give or
// take one added or removed), or too many changed. After false, k must
// not be used again.
func (k *kept) update(sorted []*Doc) bool {
	if !k.align(sorted) {
		return false
	}
	var changed []int
	for id, d := range sorted {
		if d.URL != k.docs[id].URL {
			return false // ids moved
		}
		if !sameIndexed(&k.docs[id], d) {
			if changed = append(changed, id); len(changed) > incremental(len(sorted)) {
				return false
			}
		}
	}
	for _, id := range changed {
		k.replace(id, &k.docs[id], sorted[id])
		k.docs[id] = *sorted[id]
	}
	return true
}

// align lines k.docs up with sorted when one document was added or
// removed, every later id moving by one, and reports whether the two have
// the same length now. An added document starts empty (no syllable, no
// facet): update then indexes it as an edited one.
func (k *kept) align(sorted []*Doc) bool {
	n, m := len(sorted), len(k.docs)
	if n != m+1 && n != m-1 {
		return n == m
	}
	i := 0 // the first position where the two differ
	for i < min(n, m) && sorted[i].URL == k.docs[i].URL {
		i++
	}
	if n == m+1 { // sorted[i] is new
		for j := i; j < m; j++ {
			if sorted[j+1].URL != k.docs[j].URL {
				return false
			}
		}
		k.shift(i, 1)
		k.docs = slices.Insert(k.docs, i, Doc{URL: sorted[i].URL})
		return true
	}
	for j := i; j < n; j++ { // k.docs[i] is gone
		if sorted[j].URL != k.docs[j+1].URL {
			return false
		}
	}
	k.replace(i, &k.docs[i], &Doc{URL: k.docs[i].URL})
	k.shift(i+1, -1)
	k.docs = slices.Delete(k.docs, i, i+1)
	return true
}

// shift adds delta (1 or -1) to every id from from on, in every posting
// and facet, and forgets the entries of the postings that changed.
func (k *kept) shift(from, delta int) {
	for tok, p := range k.postings {
		t, o := p.title.shift(from, delta), p.other.shift(from, delta)
		if t || o {
			delete(k.entries, tok)
		}
	}
	for _, f := range k.facets {
		f.shift(from, delta)
	}
}

// sameIndexed reports whether a and b give the same syllables and facets.
func sameIndexed(a, b *Doc) bool {
	return a.Title == b.Title && a.Number == b.Number && a.Summary == b.Summary &&
		a.SectionKey == b.SectionKey && slices.Equal(a.Units, b.Units) &&
		slices.Equal(a.Keywords, b.Keywords) && a.Date.IsZero() == b.Date.IsZero() &&
		a.Date.Year() == b.Date.Year()
}

// replace moves document id from the syllables and facets of old to those
// of d, as index would list them.
func (k *kept) replace(id int, old, d *Doc) {
	oldTitle, oldOther := syllables(old)
	newTitle, newOther := syllables(d)
	touched := map[string]bool{}
	move := func(from, to map[string]bool, list func(*posting) *idList) {
		changed(from, to, func(tok string) {
			list(k.postings[tok]).remove(id)
			touched[tok] = true
		}, func(tok string) {
			p := k.postings[tok]
			if p == nil {
				p = &posting{}
				k.postings[tok] = p
			}
			list(p).insert(id)
			touched[tok] = true
		})
	}
	move(oldTitle, newTitle, func(p *posting) *idList { return &p.title })
	move(oldOther, newOther, func(p *posting) *idList { return &p.other })
	for tok := range touched {
		delete(k.entries, tok)
		if p := k.postings[tok]; p.title.empty() && p.other.empty() {
			delete(k.postings, tok)
		}
	}
	changed(facetKeys(old), facetKeys(d), func(key string) {
		f := k.facets[key]
		if f.remove(id); f.empty() {
			delete(k.facets, key)
		}
	}, func(key string) {
		f := k.facets[key]
		if f == nil {
			f = &idList{}
			k.facets[key] = f
		}
		f.insert(id)
	})
}

// changed calls gone with each key of from that to lacks, then came with
// each key of to that from lacks.
func changed(from, to map[string]bool, gone, came func(key string)) {
	for key := range from {
		if !to[key] {
			gone(key)
		}
	}
	for key := range to {
		if !from[key] {
			came(key)
		}
	}
}

// syllables returns the syllables index lists d under in its title list
// (title and number) and in its other list (the rest, less those).
func syllables(d *Doc) (title, other map[string]bool) {
	var t tokenizer
	title, other = map[string]bool{}, map[string]bool{}
	t.each(d.titleTexts(), func(tok []byte) { title[string(tok)] = true })
	t.each(d.otherTexts(nil), func(tok []byte) {
		if !title[string(tok)] {
			other[string(tok)] = true
		}
	})
	return title, other
}

// facetKeys returns the facets index lists d in.
func facetKeys(d *Doc) map[string]bool {
	keys := map[string]bool{}
	facetKeyer{}.each(d, func(key string) { keys[key] = true })
	return keys
}

// empty reports whether the list has no id.
func (l *idList) empty() bool { return len(l.gaps) == 0 }

// insert adds id to the list in its place (no-op when present).
func (l *idList) insert(id int) {
	ids := l.appendTo(nil)
	i, found := slices.BinarySearch(ids, id)
	if found {
		return
	}
	l.set(slices.Insert(ids, i, id))
}

// remove takes id out of the list (no-op when absent).
func (l *idList) remove(id int) {
	ids := l.appendTo(nil)
	if i, found := slices.BinarySearch(ids, id); found {
		l.set(slices.Delete(ids, i, i+1))
	}
}

// shift adds delta to every id from from on, and reports whether any
// moved. Ids are stored as gaps, so only the gap to the first of them
// changes. With delta -1, from-1 must not be in the list.
func (l *idList) shift(from, delta int) bool {
	next := 0
	for off := 0; off < len(l.gaps); {
		gap, n := binary.Uvarint(l.gaps[off:])
		if id := next + int(gap); id < from {
			next, off = id+1, off+n
			continue
		}
		l.gaps = slices.Concat(l.gaps[:off], binary.AppendUvarint(nil, uint64(int(gap)+delta)), l.gaps[off+n:])
		l.next += delta
		return true
	}
	return false
}

// set makes the list hold ids, sorted and distinct.
func (l *idList) set(ids []int) {
	l.gaps, l.next = l.gaps[:0], 0
	for _, id := range ids {
		l.gaps = binary.AppendUvarint(l.gaps, uint64(id-l.next))
		l.next = id + 1
	}
}
