package render

import (
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/congbo/congbo/internal/search"
	"github.com/congbo/congbo/internal/site"
	"github.com/congbo/congbo/internal/slug"
)

// SearchURL is the search page. The header's search form submits to it
// with GET, so it works without JavaScript too: the page then lists the
// sections and units to browse.
const SearchURL = site.SearchURL

// searchIndexDir holds the index files (see package search).
const searchIndexDir = "search/"

// KindSearch is the .Page.Kind of the search page.
const KindSearch = "search"

// SearchPage is .Search on layouts/search.html: the script and the
// filter choices (rendered as <select> options, so the script reads
// nothing but the index).
type SearchPage struct {
	Script   Asset    // the fingerprinted search.js
	Index    string   // root-relative directory of the index, e.g. "/search/"
	Sections []Choice // sections with indexed pages
	Units    []Choice // units with indexed pages; Value is the unit's slug
	Years    []Choice // years with indexed pages, newest first
}

// Choice is one option of a search filter.
type Choice struct{ Value, Label string }

// renderSearch writes the search index, the search script and the search
// page. It runs after renderPages, which fills in page summaries.
func (r *Renderer) renderSearch() {
	for _, p := range r.g.Pages {
		if p.URL == SearchURL && p.Source != nil {
			r.errs.Addf(p.Source.File, 1, 1, "this page's URL %s is the search page's (give it another slug or url)", SearchURL)
			return
		}
	}
	docs, choices := r.searchDocs()
	var opts search.Options
	if r.cache != nil {
		opts.Cache = &r.cache.search // watch mode: update the last index
	}
	// A file that fails to write is reported and the rest still written,
	// so Write itself never fails.
	search.Write(docs, opts, func(name string, data []byte) error {
		if err := r.out.WriteRaw(searchIndexDir+name, data); err != nil {
			r.errs.Add(err)
		}
		return nil
	})
	script, err := r.writeAsset("assets/search.js", "js/search", ".js")
	if err != nil {
		r.errs.Add(err)
		return
	}
	page := &site.Page{Kind: KindSearch, Title: r.tmpl.t["search_title"], URL: SearchURL,
		Permalink: strings.TrimSuffix(r.cfg.BaseURL, "/") + SearchURL}
	d := r.data(page, nil)
	d.Search = &SearchPage{Script: script, Index: "/" + searchIndexDir,
		Sections: choices.sections, Units: choices.units, Years: choices.years}
	if err := r.execute(r.out, "search.html", site.OutputPath(SearchURL), d); err != nil {
		r.errs.Add(err)
	}
}

type searchChoices struct{ sections, units, years []Choice }

// searchDocs lists the pages a reader may find: never drafts, withdrawn
// or expired pages.
func (r *Renderer) searchDocs() ([]search.Doc, searchChoices) {
	loc := r.cfg.Location
	docs := make([]search.Doc, 0, len(r.g.Pages)) // a Doc is 200 bytes: grown by copies, 50,000 of them cost 100 ms
	secs, units, years := map[string]string{}, map[string]string{}, map[int]bool{}
	slugs := map[string]string{} // unit name → slug: a site has tens of units, and pages by the thousand
	for _, p := range r.g.Pages {
		if p.Draft || p.Withdrawn || p.Expired {
			continue
		}
		d := search.Doc{Title: p.Title, URL: p.URL, Summary: p.Summary}
		if !p.Date.IsZero() {
			d.Date = p.Date
			if loc != nil {
				d.Date = p.Date.In(loc)
			}
			years[d.Date.Year()] = true
		}
		if s := p.Section; s != nil {
			d.Section, d.SectionKey = s.Title, s.Dir
			secs[s.Dir] = s.Title
		}
		if n, ok := p.Params["number"]; ok && n != nil {
			d.Number = fmt.Sprint(n)
		}
		for _, tl := range p.Terms {
			for _, t := range tl.Terms {
				if tl.Taxonomy.Plural == "units" {
					d.Units = append(d.Units, t.Name)
				} else {
					d.Keywords = append(d.Keywords, t.Name)
				}
			}
		}
		if u, ok := p.Params["unit"].(string); ok && u != "" && len(d.Units) == 0 {
			d.Units = []string{u}
		}
		for _, u := range d.Units {
			s, ok := slugs[u]
			if !ok {
				s = slug.Make(u)
				slugs[u] = s
			}
			units[s] = u
		}
		docs = append(docs, d)
	}
	var c searchChoices
	for _, s := range r.g.Sections { // in the site's order
		if t, ok := secs[s.Dir]; ok {
			c.sections = append(c.sections, Choice{s.Dir, t})
		}
	}
	for v, l := range units {
		c.units = append(c.units, Choice{v, l})
	}
	sort.Slice(c.units, func(i, j int) bool {
		a, b := strings.ToLower(slug.Fold(c.units[i].Label)), strings.ToLower(slug.Fold(c.units[j].Label))
		if a != b {
			return a < b
		}
		return c.units[i].Value < c.units[j].Value
	})
	for y := range years {
		c.years = append(c.years, Choice{strconv.Itoa(y), strconv.Itoa(y)})
	}
	sort.Slice(c.years, func(i, j int) bool { return c.years[i].Value > c.years[j].Value })
	return docs, c
}

// writeAsset minifies, fingerprints and writes a theme asset as
// <stem>.<hash><ext>, returning its URL and SRI hash (as the stylesheet).
func (r *Renderer) writeAsset(name, stem, ext string) (Asset, error) {
	b, err := r.opts.Layouts.ReadFile(name)
	if err != nil {
		return Asset{}, fmt.Errorf("layouts/%s: %w", name, err)
	}
	if r.opts.Minifier != nil {
		if b, err = r.opts.Minifier.Bytes(ext, b); err != nil {
			return Asset{}, fmt.Errorf("minify layouts/%s: %w", name, err)
		}
	}
	sum := sha256.Sum256(b)
	sri := sha512.Sum384(b)
	a := Asset{
		URL:       "/" + stem + "." + hex.EncodeToString(sum[:4]) + ext,
		Integrity: "sha384-" + base64.StdEncoding.EncodeToString(sri[:]),
	}
	return a, r.out.WriteRaw(strings.TrimPrefix(a.URL, "/"), b)
}
