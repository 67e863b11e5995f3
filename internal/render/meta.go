package render

import (
	"encoding/binary"
	"fmt"
	"hash/maphash"
	"html/template"
	"math"
	"slices"
	"text/template/parse"
	"time"

	"github.com/congbo/congbo/internal/content"
	"github.com/congbo/congbo/internal/site"
)

// The fingerprints of Cache's jobs. Each hashes the exact inputs of a
// job's files: what layouts can read of a page (its "meta"), of the pages
// it links to, and of the site. Keep them in step with site.Page and
// content.Page: a field a layout can read and no hash covers is a stale
// page in `congbo serve`, which TestSessionMatchesBuild looks for.

// hasher writes values into a maphash with the Cache's seed.
type hasher struct {
	c *Cache
	h maphash.Hash
}

func (c *Cache) newHasher() *hasher {
	h := &hasher{c: c}
	h.h.SetSeed(c.seed)
	return h
}

func (h *hasher) sum() uint64 { return h.h.Sum64() }

func (h *hasher) str(s string) {
	h.int(int64(len(s)))
	h.h.WriteString(s)
}

func (h *hasher) int(n int64) {
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], uint64(n))
	h.h.Write(b[:])
}

func (h *hasher) u64(n uint64) { h.int(int64(n)) }

func (h *hasher) bool(b bool) {
	if b {
		h.h.WriteByte(1)
	} else {
		h.h.WriteByte(0)
	}
}

// time hashes the instant and the zone t is written in.
func (h *hasher) time(t time.Time) {
	if t.IsZero() {
		h.h.WriteByte(0)
		return
	}
	h.h.WriteByte(1)
	h.int(t.Unix())
	h.int(int64(t.Nanosecond()))
	name, off := t.Zone()
	h.str(name)
	h.int(int64(off))
}

// value hashes a front matter value (content.Page.Params).
func (h *hasher) value(v any) {
	switch v := v.(type) {
	case nil:
		h.h.WriteByte('n')
	case string:
		h.h.WriteByte('s')
		h.str(v)
	case bool:
		h.h.WriteByte('b')
		h.bool(v)
	case int:
		h.h.WriteByte('i')
		h.int(int64(v))
	case float64:
		h.h.WriteByte('f')
		h.u64(math.Float64bits(v))
	case time.Time:
		h.h.WriteByte('t')
		h.time(v)
	case []any:
		h.h.WriteByte('l')
		h.int(int64(len(v)))
		for _, e := range v {
			h.value(e)
		}
	case []string:
		h.h.WriteByte('L')
		h.int(int64(len(v)))
		for _, e := range v {
			h.str(e)
		}
	case map[string]any:
		h.h.WriteByte('m')
		h.int(int64(len(v)))
		for _, k := range sortedKeys(v) {
			h.str(k)
			h.value(v[k])
		}
	case []map[string]any:
		h.h.WriteByte('M')
		h.int(int64(len(v)))
		for _, e := range v {
			h.value(e)
		}
	default: // any other type: its printed form (fmt sorts maps)
		h.h.WriteByte('?')
		h.str(fmt.Sprintf("%T %#v", v, v))
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// sourceInfo is what is hashed once per parsed file.
type sourceInfo struct {
	hash  uint64      // every field but Resources (site.Page.Resources has them)
	times []time.Time // every time in the front matter, for nowBits
}

// source returns the info of cp, from the last build when cp is the same
// *content.Page (content.Store keeps unchanged pages).
func (c *Cache) source(cp *content.Page, old map[*content.Page]*sourceInfo) *sourceInfo {
	if si := old[cp]; si != nil {
		return si
	}
	h := c.newHasher()
	for _, s := range []string{cp.Path, cp.File, string(cp.Kind), cp.Section, cp.Name, cp.Type, cp.Title,
		cp.Description, cp.Slug, cp.URL, cp.Status} {
		h.str(s)
	}
	h.bool(cp.Bundle)
	h.bool(cp.Draft)
	h.int(int64(cp.Weight))
	h.int(int64(cp.BodyLine))
	h.value(cp.Aliases)
	si := &sourceInfo{}
	for _, t := range []time.Time{cp.Date, cp.Lastmod, cp.PublishDate, cp.ExpiryDate} {
		h.time(t)
		si.times = append(si.times, t)
	}
	for _, k := range sortedKeys(cp.Terms) {
		h.str(k)
		h.value(cp.Terms[k])
	}
	for _, k := range sortedKeys(cp.FieldLines) {
		h.str(k)
		h.int(int64(cp.FieldLines[k]))
	}
	h.value(cp.Params)
	collectTimes(cp.Params, &si.times)
	h.h.Write(cp.Body)
	si.hash = h.sum()
	return si
}

func collectTimes(v any, out *[]time.Time) {
	switch v := v.(type) {
	case time.Time:
		*out = append(*out, v)
	case []any:
		for _, e := range v {
			collectTimes(e, out)
		}
	case map[string]any:
		for _, k := range sortedKeys(v) {
			collectTimes(v[k], out)
		}
	case []map[string]any:
		for _, e := range v {
			collectTimes(e, out)
		}
	}
}

// nowBits hashes how each time compares with now: layouts see .Site.Now
// only to tell current from past (a spokesperson's term, a press
// conference), so an output changes with the clock only when a time of
// its pages passes.
func (h *hasher) nowBits(now time.Time, ts ...time.Time) {
	for _, t := range ts {
		h.int(int64(t.Compare(now)))
	}
}

// core hashes p's own fields, not the pages it links to.
func (h *hasher) core(p *site.Page, now time.Time) {
	if p == nil {
		h.h.WriteByte(0)
		return
	}
	for _, s := range []string{p.Kind, p.Type, p.Title, p.Description, p.URL, p.Permalink, p.Summary} {
		h.str(s)
	}
	for _, t := range []time.Time{p.Date, p.Lastmod, p.PublishDate, p.ExpiryDate} {
		h.time(t)
	}
	h.nowBits(now, p.Date, p.Lastmod, p.PublishDate, p.ExpiryDate)
	h.bool(p.Expired)
	h.bool(p.Withdrawn)
	h.bool(p.Draft)
	h.int(int64(p.Weight))
	if p.Source != nil {
		si := h.c.sourcesNow[p.Source]
		h.u64(si.hash)
		h.nowBits(now, si.times...)
	}
}

// meta hashes what a layout can read of regular page p without reading
// other pages' lists: its fields, its section's name, resources and terms,
// and the pages it names (corrections, unit profiles and history).
func (h *hasher) meta(p *site.Page, now time.Time) uint64 {
	h.core(p, now)
	if p.Section != nil {
		h.str(p.Section.Dir)
	}
	h.int(int64(len(p.Resources)))
	for _, r := range p.Resources {
		h.str(r.Name)
		h.str(r.URL)
		h.int(r.Size)
		h.str(r.SHA256)
	}
	h.int(int64(len(p.Terms)))
	for _, tl := range p.Terms {
		h.str(tl.Taxonomy.Plural)
		h.int(int64(len(tl.Terms)))
		for _, t := range tl.Terms {
			h.str(t.Name)
			h.str(t.Slug)
			h.str(t.URL)
			h.core(t.Profile, now)
		}
	}
	h.int(int64(len(p.CorrectedBy)))
	for _, q := range p.CorrectedBy {
		h.core(q, now)
	}
	h.core(p.Corrects, now)
	change := func(c *site.UnitChange) {
		h.str(c.Kind)
		h.str(c.Name)
		h.time(c.Date)
		h.core(c.Page, now)
	}
	h.bool(p.Successor != nil)
	if p.Successor != nil {
		change(p.Successor)
	}
	h.int(int64(len(p.Predecessors)))
	for i := range p.Predecessors {
		change(&p.Predecessors[i])
	}
	return h.sum()
}

// structure hashes what every page shows of the site beyond the
// configuration: the sections (menu, breadcrumb, feeds links), home, the
// taxonomies and the stylesheet.
func (h *hasher) structure(g *site.Graph, css Asset) uint64 {
	h.str(css.URL)
	h.str(css.Integrity)
	list := func(p *site.Page) {
		h.str(p.Title)
		h.str(p.Description)
		h.str(p.URL)
		h.str(p.Permalink)
		if p.Source != nil {
			h.u64(h.c.sourcesNow[p.Source].hash)
		}
	}
	list(g.Home)
	for _, s := range g.Sections {
		h.str(s.Dir)
		h.str(s.Type)
		h.str(s.Title)
		h.str(s.URL)
		h.int(int64(s.Weight))
		list(s.Page)
	}
	for _, tx := range g.Taxonomies {
		h.str(tx.Singular)
		h.str(tx.Plural)
		h.str(tx.URL)
	}
	return h.sum()
}

// site hashes everything the lists, feeds and other site-wide outputs are
// made from: the structure, every page's meta in order, home and section
// nodes with their text, aliases.
func (h *hasher) site(g *site.Graph, structure uint64, metas []uint64) uint64 {
	h.u64(structure)
	h.time(g.BuildDate)
	h.int(int64(len(metas)))
	for _, m := range metas {
		h.u64(m)
	}
	node := func(p *site.Page) {
		h.core(p, g.Now)
		h.str(string(p.Content))
	}
	node(g.Home)
	for _, s := range g.Sections {
		node(s.Page)
		h.int(int64(len(s.Pages)))
	}
	for _, tx := range g.Taxonomies {
		h.int(int64(len(tx.Terms)))
		for _, t := range tx.Terms {
			h.str(t.URL)
			h.core(t.Profile, g.Now)
		}
	}
	h.int(int64(len(g.Aliases)))
	for _, a := range g.Aliases {
		h.str(a.URL)
		h.str(a.Target.URL)
	}
	return h.sum()
}

// page is the fingerprint of a regular page's job.
func (h *hasher) page(structure, meta, html uint64, layout string, readsSite bool, siteHash uint64) uint64 {
	h.u64(structure)
	h.u64(meta)
	h.u64(html)
	h.str(layout)
	if readsSite {
		h.u64(siteHash)
	}
	return h.sum()
}

// readsSite reports whether layout name, with base.html and the partials
// it reaches, reads other pages' lists or the site's: .Pages, .Latest,
// .Listed, .Taxonomies, .Home, .BuildDate, .Section.Page or
// .Taxonomy.Terms. Such a page is rendered again whenever the site hash
// changes; any other page only when its own meta or Markdown does.
func readsSite(set *template.Template, name string) bool {
	entry := name
	if set.Lookup("main") != nil {
		entry = "base.html"
	}
	seen := map[string]bool{}
	found := false
	var visit func(n parse.Node)
	idents := func(ids []string) {
		for i, id := range ids {
			switch id {
			case "Pages", "Latest", "Listed", "Taxonomies", "Home", "BuildDate":
				found = true
			}
			if i > 0 && (ids[i-1] == "Section" && id == "Page" || ids[i-1] == "Taxonomy" && id == "Terms") {
				found = true
			}
		}
	}
	var tmpl func(name string)
	tmpl = func(name string) {
		if seen[name] {
			return
		}
		seen[name] = true
		if t := set.Lookup(name); t != nil && t.Tree != nil && t.Tree.Root != nil {
			visit(t.Tree.Root)
		}
	}
	visit = func(n parse.Node) {
		switch n := n.(type) {
		case *parse.ListNode:
			if n != nil {
				for _, c := range n.Nodes {
					visit(c)
				}
			}
		case *parse.ActionNode:
			visit(n.Pipe)
		case *parse.PipeNode:
			if n != nil {
				for _, c := range n.Cmds {
					visit(c)
				}
			}
		case *parse.CommandNode:
			for i, a := range n.Args {
				if id, ok := a.(*parse.IdentifierNode); ok && id.Ident == "partialCached" && i+1 < len(n.Args) {
					if s, ok := n.Args[i+1].(*parse.StringNode); ok {
						tmpl(s.Text)
					}
				}
				visit(a)
			}
		case *parse.FieldNode:
			idents(n.Ident)
		case *parse.VariableNode:
			idents(n.Ident)
		case *parse.ChainNode:
			visit(n.Node)
			idents(n.Field)
		case *parse.IfNode:
			visit(n.Pipe)
			visit(n.List)
			visit(n.ElseList)
		case *parse.RangeNode:
			visit(n.Pipe)
			visit(n.List)
			visit(n.ElseList)
		case *parse.WithNode:
			visit(n.Pipe)
			visit(n.List)
			visit(n.ElseList)
		case *parse.TemplateNode:
			visit(n.Pipe)
			tmpl(n.Name)
		}
	}
	tmpl(entry)
	return found
}
