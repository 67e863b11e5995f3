package render

import (
	"encoding/binary"
	"fmt"
	"hash/maphash"
	"html/template"
	"math"
	"slices"
	"strings"
	"text/template/parse"
	"time"

	"github.com/congbo/congbo/internal/content"
	"github.com/congbo/congbo/internal/feed"
	"github.com/congbo/congbo/internal/site"
	"github.com/congbo/congbo/internal/sitemap"
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
	hash  uint64      // every field but Body (see mdEntry) and Resources (site.Page has them)
	times []time.Time // every time in the front matter, for nowBits
}

// source hashes cp. The Cache keeps the result while cp is in the graph
// (content.Store keeps the *content.Page of an unchanged file).
func (c *Cache) source(cp *content.Page) *sourceInfo {
	h := c.newHasher()
	for _, s := range []string{cp.Path, cp.File, string(cp.Kind), cp.Section, cp.Name, cp.Type, cp.Title,
		cp.Description, cp.Slug, cp.Lang, cp.URL, cp.Status} {
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
	h.int(int64(len(cp.Terms)))
	for _, t := range cp.Terms {
		h.str(t.Taxonomy)
		h.value(t.Names)
	}
	h.int(int64(len(cp.FieldLines)))
	for _, f := range cp.FieldLines {
		h.str(f.Key)
		h.int(int64(f.Line))
	}
	h.value(cp.Params)
	collectTimes(cp.Params, &si.times)
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

// clock mixes the exact time now into fingerprint fp, for an output that
// shows the clock (layoutReads' clock).
func (h *hasher) clock(fp uint64, now time.Time) uint64 {
	h.u64(fp)
	h.time(now)
	return h.sum()
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
	for _, s := range []string{p.Kind, p.Type, p.Title, p.Description, p.Lang, p.URL, p.Permalink, p.Summary} {
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
		si := h.c.sources[p.Source]
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
	h.skeleton(g, css)
	h.structureNode(g.Home)
	for _, s := range g.Sections {
		h.section(s)
	}
	return h.sum()
}

// skeleton hashes the part of the structure every page may show: the
// stylesheet, each section's Dir, Type and URL in the site's order, the
// taxonomies. Home's node is not in it: a layout reaches it as .Site.Home,
// which makes it read the site (reads.site).
func (h *hasher) skeleton(g *site.Graph, css Asset) {
	h.str(css.URL)
	h.str(css.Integrity)
	h.int(int64(len(g.Sections)))
	for _, s := range g.Sections {
		h.str(s.Dir)
		h.str(s.Type)
		h.str(s.URL)
	}
	for _, tx := range g.Taxonomies {
		h.str(tx.Singular)
		h.str(tx.Plural)
		h.str(tx.URL)
	}
}

// section hashes the rest of a section: what its _index.md sets.
func (h *hasher) section(s *site.Section) {
	h.str(s.Title)
	h.int(int64(s.Weight))
	h.structureNode(s.Page)
}

// nodeBody hashes the Markdown of home's or a section's _index.md as
// written (.Page.Source.Body): an edit of its white space alone leaves
// its HTML as it was. Not in the source hash, which the structure holds:
// a section's pages do not render again for an edit of its text.
func (h *hasher) nodeBody(p *site.Page) {
	if p.Source != nil {
		h.str(string(p.Source.Body))
	}
}

// structureNode hashes what pages show of home or a section's list node.
func (h *hasher) structureNode(p *site.Page) {
	h.str(p.Title)
	h.str(p.Description)
	h.str(p.URL)
	h.str(p.Permalink)
	if p.Source != nil {
		h.u64(h.c.sources[p.Source].hash)
	}
}

// ownStructures returns, by section (nil for pages in none), what stands
// for the structure in the fingerprint of a page or list whose layout
// does not read other sections (reads.sections): the skeleton and that
// section alone. Editing a section's _index.md then renders that
// section's pages and lists, and the layouts that read every section;
// editing home's, home and the layouts that read the site.
func (c *Cache) ownStructures(g *site.Graph) map[*site.Section]uint64 {
	h := c.newHasher()
	h.skeleton(g, c.css)
	skeleton := h.sum()
	own := make(map[*site.Section]uint64, len(g.Sections)+1)
	for _, s := range append([]*site.Section{nil}, g.Sections...) {
		h := c.newHasher()
		h.u64(skeleton)
		if s != nil {
			h.section(s)
		}
		own[s] = h.sum()
	}
	return own
}

// structureFor returns what stands for the structure in the fingerprint
// of a page or list of section s made with layout.
func (c *Cache) structureFor(layout string, s *site.Section, structure uint64, own map[*site.Section]uint64) uint64 {
	if sum, ok := own[s]; ok && !c.reads[layout].sections {
		return sum
	}
	return structure
}

// site hashes everything the lists, feeds and other site-wide outputs are
// made from: the structure, every page's meta in order, home and section
// nodes with their text, aliases.
func (h *hasher) site(g *site.Graph, structure uint64, states []*pageState) uint64 {
	h.u64(structure)
	h.time(g.BuildDate)
	h.int(int64(len(states)))
	for _, ps := range states {
		h.u64(ps.meta)
	}
	node := func(p *site.Page) {
		h.core(p, g.Now)
		h.str(string(p.Content))
		h.nodeBody(p)
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

// sitemap is the fingerprint of the sitemap's job: its URLs (the rest it
// writes comes from site.yaml, which a Cache never sees change).
func (h *hasher) sitemap(urls []sitemap.URL) uint64 {
	h.int(int64(len(urls)))
	for _, u := range urls {
		h.str(u.Loc)
		h.time(u.Lastmod)
	}
	return h.sum()
}

// feed is the fingerprint of the job of the feed of the list at url: every
// field of its channel, from which writeFeed writes it.
func (h *hasher) feed(url string, ch feed.Channel) uint64 {
	h.str(url)
	h.str(ch.Title)
	h.str(ch.Description)
	h.str(ch.Language)
	h.str(ch.Link)
	h.str(ch.FeedURL) // "" here: writeFeed sets it per file, from url
	h.time(ch.Updated)
	h.str(ch.Author)
	h.int(int64(len(ch.Items)))
	for _, it := range ch.Items {
		h.str(it.Title)
		h.str(it.Link)
		h.str(it.ID)
		h.time(it.Published)
		h.time(it.Updated)
		h.str(it.Summary)
		h.str(it.ContentHTML)
		h.int(int64(len(it.Categories)))
		for _, c := range it.Categories {
			h.str(c)
		}
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

// reads is what a layout, with base.html and the partials it reaches,
// may read beyond its own page (Templates.layoutReads).
type reads struct {
	// site: the layout reads other pages' lists or the site's: .Pages,
	// .Latest, .Listed, .Taxonomies, .Home, .BuildDate, .Section.Page or
	// .Taxonomy.Terms. Such a page is rendered again whenever the site hash
	// changes; any other only when its own meta or Markdown does.
	//
	// Fields are followed through {{with}} and variables ({{with
	// .Page.Section}}{{.Page.Lastmod}} reads the section's list node). A
	// value it cannot follow (a function's or index's result, a pipeline of
	// several commands, a variable set twice) counts as a page reached
	// through links, so its own links read the site; pageMeta, termLists,
	// listItem and itemList of such a page do too. A layout that reaches
	// other pages another way must say so with one of the names above (e.g.
	// {{if false}}{{.Site.Home}}{{end}}). A partialCached call whose name is
	// not a constant counts as reading the site.
	//
	// A section of {{range .Site.Sections}} counts as a .Section, and
	// .ListPage (a term's or taxonomy's node, dated by its pages) as reading
	// the site. listSite is site for a list layout, where the list's own pages
	// (.Page.Section.Pages, .Page.Term.Pages) do not count: the list's
	// fingerprint covers them.
	site, listSite bool
	// sections: the layout may show a section other than its page's own
	// beyond its Dir, Type and URL: a title or a list node of {{range
	// .Site.Sections}}, .Site.Sections used any other way, a section passed
	// whole to a template or function, or .Section of anything but the page
	// the layout renders (.Page of the template's data, followed through
	// {{with}}, variables declared once and template calls; another page's
	// .Section, or one behind a dot it cannot follow, counts). A
	// partialCached call whose name is not a constant reads everything. Any
	// other page shows only its own section's node (breadcrumb, feed links),
	// so editing a section's _index.md renders that section's pages, not the
	// whole site's.
	sections bool
	// others: the layout may show the summary, resources or content of a
	// page other than its own. A page sets those as it renders, so a build
	// renders the pages with such a layout after all others (renderPages).
	others bool
	// clock: it shows .Site.Now other than compared with a time of the
	// site (printed, a field of it, passed on): such a page renders again
	// whenever the clock moves.
	clock bool
}

// Labels of what a dot or variable holds, besides the name of the last
// field it was read from ("" when unknown).
const (
	dataDot     = "$data"      // the layout's data (*Data)
	ownPage     = "$page"      // its .Page: the page the layout renders
	ownSection  = "$section"   // that page's .Section
	ownTerm     = "$term"      // that page's .Term (a term's list)
	termProfile = "$profile"   // that term's .Profile: its meta is in the list's fingerprint
	sectionElem = "Sections[]" // the dot of {{range .Site.Sections}}
	clockNow    = "$now"       // .Site.Now
	paramValue  = "$param"     // a front matter value (.Params.x, index .Params "x")
)

// siteTime reports whether a value labelled l is a time of the site, one
// render.Cache's timePassed watches: a page's dates or a front matter
// value.
func siteTime(l string) bool {
	switch plainLabel(l) {
	case paramValue, "Date", "Lastmod", "PublishDate", "ExpiryDate":
		return true
	}
	return false
}

// timeCompare are the time.Time methods that compare two times.
var timeCompare = map[string]bool{"Before": true, "After": true, "Equal": true, "Compare": true}

// plainLabel is the field name a label stands for, as the site check compares.
func plainLabel(l string) string {
	l = strings.TrimPrefix(l, linkedMark)
	switch l {
	case dataDot:
		return ""
	case ownPage:
		return "Page"
	case ownSection, sectionElem:
		return "Section"
	case ownTerm:
		return "Term"
	case termProfile:
		return "Profile"
	}
	return l
}

// fieldLabel is the label of field id read from a value labelled prev.
// What is read through a page's links (or from what was) is marked
// linkedMark: its own links are two steps from the layout's page.
func fieldLabel(prev, id string) string {
	switch p := plainLabel(prev); {
	case id == "Now" && (p == "Site" || prev == unknownMark):
		return clockNow // what it cannot follow may be the site
	case p == "Config" && id == "Params":
		return "Config.Params" // site.yaml's: no time of it is watched
	case p == "Params":
		if linked(prev) {
			return linkedMark + paramValue
		}
		return paramValue
	case prev == dataDot && id == "Page":
		return ownPage
	case prev == ownPage && id == "Section":
		return ownSection
	case prev == ownPage && id == "Term":
		return ownTerm
	case prev == ownTerm && id == "Profile":
		return termProfile
	case prev == unknownMark:
		return unknownMark
	case linked(prev):
		return linkedMark + id
	}
	switch id {
	case "Corrects", "CorrectedBy", "Successor", "Predecessors", "Profile":
		return linkedMark + id
	}
	return id
}

// linkedMark starts the label of a value reached through a page's links.
const linkedMark = "~"

// unknownMark labels a value the analysis cannot follow: a function's or
// index's result, a pipeline of several commands, a variable set twice.
// It may be a page reached through links, so it counts as one.
const unknownMark = "~?"

// linked reports whether label l is of a value reached through a link,
// or of an unknown one.
func linked(l string) bool { return strings.HasPrefix(l, linkedMark) }

// pageFuncs are the Go functions that print a page passed to them: its
// units linked to their profiles (pageMeta, termLists) or a list card
// with its summary (listItem, itemList). Given a page reached through
// links, they read two links away (the site); listItem and itemList show
// another page's summary (reads.others).
var pageFuncs = map[string]bool{"pageMeta": true, "termLists": true, "listItem": true, "itemList": true}

// layoutReads walks a layout, base.html and the partials it reaches once
// for what it reads (reads): the site (for pages and for lists), other
// sections, other pages and the clock. Each template is walked once per
// label of the dot it is called with; its variables are its own, and one
// declared or assigned more than once is unknown.
func (ts *Templates) layoutReads(ref layoutRef) reads {
	set, entry := ref.set, ref.entry
	seen := map[string]bool{}
	var found reads
	readsSite := func() { found.site, found.listSite = true, true }
	ranged := false // the next .Sections is the pipeline of a range over them
	// clockUse says how the node being visited may hold .Site.Now without
	// showing the clock (timePassed covers it): as a value compared with a
	// time of the site, kept in a variable or tested by if or with
	// (useValue), or as the receiver of such a comparison, reading only
	// its Before, After, Equal or Compare (useReceiver). It holds for that
	// node only, not for what is nested in it.
	const (
		useNone = iota
		useValue
		useReceiver
	)
	clockUse := useNone
	// idents checks a chain of fields read from a value labelled last,
	// and returns the label of what it reads.
	idents := func(last string, ids []string, use int) string {
		prev := last
		for i, id := range ids {
			if prev == clockNow && !(use == useReceiver && i == len(ids)-1 && timeCompare[id]) {
				found.clock = true // .Site.Now.Year, .Site.Now.After x
			}
			p := plainLabel(prev)
			switch id {
			case "Pages":
				found.site = true
				if prev != ownSection && prev != ownTerm { // a list's own pages are in its fingerprint
					found.listSite = true
				}
			case "Latest", "Listed", "Taxonomies", "Home", "BuildDate", "ListPage":
				readsSite() // ListPage: a term's or taxonomy's node, dated by its pages
			case "Summary", "Resources", "Content":
				if prev != ownPage {
					found.others = true
				}
			case "Corrects", "CorrectedBy", "Successor", "Predecessors", "Profile", "Terms":
				// A link of a page reached through a link: a fingerprint
				// holds what a page shows of the pages it links to, not of
				// theirs. Nor their terms: a term's name is its first
				// spelling on the site (hà nội, Hà Nội).
				if linked(prev) {
					readsSite()
				}
			}
			if p == "Section" && id == "Page" || p == "Taxonomy" && id == "Terms" {
				readsSite()
			}
			if prev == unknownMark && (id == "Page" || id == "Terms") {
				readsSite() // it may be a section's or a taxonomy's
			}
			switch {
			case prev == sectionElem && id != "Dir" && id != "Type" && id != "URL", p == "Sections":
				found.sections = true
			case id == "Sections":
				if !ranged || i != len(ids)-1 {
					found.sections = true
				}
				ranged = false
			case id == "Section" && prev != ownPage:
				found.sections = true
			}
			prev = fieldLabel(prev, id)
		}
		if prev == clockNow && use == useNone {
			found.clock = true // .Site.Now printed or passed on
		}
		return prev
	}
	partials := ts.partials
	// tmpl walks template name of namespace ns; {{template}} calls stay in
	// it, partialCached and Go blocks run the shared partials.
	var tmpl func(ns *template.Template, name, dot string)
	tmpl = func(ns *template.Template, name, dot string) {
		key := name + "\x00" + dot
		if ns != set {
			key = "partials\x00" + key
		}
		if seen[key] {
			return
		}
		seen[key] = true
		t := ns.Lookup(name)
		if t == nil || t.Tree == nil || t.Tree.Root == nil {
			return
		}
		// The template's variables: $ is its data; one set twice is unknown.
		sets := map[string]int{"$": 1} // $ is set when the template starts
		countSets(t.Tree.Root, sets)
		vars := map[string]string{"$": dot}
		if sets["$"] > 1 {
			vars["$"] = unknownMark
		}
		// label returns the label of a pipeline: of the field chain, the
		// variable or the dot it is, "" for a constant, else unknownMark.
		var label func(pipe *parse.PipeNode, dot string) string
		// argLabel is the label of one argument of a command.
		argLabel := func(arg parse.Node, dot string) string {
			return label(&parse.PipeNode{Cmds: []*parse.CommandNode{{Args: []parse.Node{arg}}}}, dot)
		}
		label = func(pipe *parse.PipeNode, dot string) string {
			if pipe == nil || len(pipe.Cmds) != 1 {
				return unknownMark
			}
			args := pipe.Cmds[0].Args
			if id, ok := args[0].(*parse.IdentifierNode); ok && id.Ident == "index" && len(args) == 3 {
				// One section: {{index .Site.Sections 2}}.
				switch l := argLabel(args[1], dot); plainLabel(l) {
				case "Sections":
					return sectionElem
				case "Params":
					return fieldLabel(l, "x") // a front matter value
				}
				return unknownMark
			}
			if id, ok := args[0].(*parse.IdentifierNode); ok && id.Ident == "byWeight" && len(args) == 2 {
				return argLabel(args[1], dot) // the same pages in another order
			}
			if len(args) != 1 {
				return unknownMark
			}
			l := unknownMark // a function, a parenthesised pipeline, a chain
			switch a := args[0].(type) {
			case *parse.StringNode, *parse.NumberNode, *parse.BoolNode, *parse.NilNode:
				l = "" // a constant
			case *parse.FieldNode:
				l = dot
				for _, id := range a.Ident {
					l = fieldLabel(l, id)
				}
			case *parse.VariableNode:
				l = vars[a.Ident[0]]
				for _, id := range a.Ident[1:] {
					l = fieldLabel(l, id)
				}
			case *parse.DotNode:
				l = dot
			}
			return l
		}
		var visit func(n parse.Node, dot string)
		// visitAs visits n, which may hold .Site.Now as use says.
		visitAs := func(n parse.Node, dot string, use int) {
			clockUse = use
			visit(n, dot)
		}
		// bare reports whether pipe is one value (tested, or kept in a
		// variable), not an output or a call.
		bare := func(pipe *parse.PipeNode) bool {
			return pipe != nil && len(pipe.Cmds) == 1 && len(pipe.Cmds[0].Args) == 1
		}
		// comparesClock reports whether cmd compares .Site.Now with a
		// time of the site ({{.Page.Date.Before $.Site.Now}}, {{$now.After
		// .Page.Date}} …), which timePassed covers.
		comparesClock := func(cmd *parse.CommandNode, dot string) bool {
			if len(cmd.Args) != 2 {
				return false
			}
			var recv string
			var chain []string
			switch a := cmd.Args[0].(type) {
			case *parse.FieldNode:
				recv, chain = dot, a.Ident
			case *parse.VariableNode:
				recv, chain = vars[a.Ident[0]], a.Ident[1:]
			case *parse.ChainNode:
				recv, chain = unknownMark, a.Field
				if pipe, ok := a.Node.(*parse.PipeNode); ok {
					recv = label(pipe, dot)
				}
			default:
				return false
			}
			if len(chain) == 0 || !timeCompare[chain[len(chain)-1]] {
				return false
			}
			for _, id := range chain[:len(chain)-1] {
				recv = fieldLabel(recv, id)
			}
			arg := argLabel(cmd.Args[1], dot)
			return recv == clockNow && siteTime(arg) || siteTime(recv) && arg == clockNow
		}
		branch := func(b *parse.BranchNode, dot, inner string) {
			use := useNone
			if bare(b.Pipe) {
				use = useValue
			}
			visitAs(b.Pipe, dot, use)
			visit(b.List, inner)
			visit(b.ElseList, dot)
		}
		visit = func(n parse.Node, dot string) {
			use := clockUse
			clockUse = useNone
			switch n := n.(type) {
			case *parse.ListNode:
				if n != nil {
					for _, c := range n.Nodes {
						visit(c, dot)
					}
				}
			case *parse.ActionNode:
				visit(n.Pipe, dot)
			case *parse.PipeNode:
				if n == nil {
					return
				}
				for _, c := range n.Cmds {
					cu := useNone
					if (len(n.Decl) > 0 || use == useValue) && bare(n) {
						cu = useValue
					}
					visitAs(c, dot, cu)
				}
				if len(n.Decl) > 0 {
					v := n.Decl[len(n.Decl)-1].Ident[0]
					l := label(n, dot)
					if sets[v] == 1 {
						vars[v] = l
					} else {
						vars[v] = unknownMark
						if l == clockNow {
							found.clock = true // the clock in a variable it cannot follow
						}
					}
				}
			case *parse.CommandNode:
				compares := comparesClock(n, dot)
				cmdUse := use
				for i, a := range n.Args {
					if id, ok := a.(*parse.IdentifierNode); ok && id.Ident == "partialCached" {
						if i+1 < len(n.Args) {
							if s, ok := n.Args[i+1].(*parse.StringNode); ok {
								data := ""
								if i+2 < len(n.Args) {
									data = argLabel(n.Args[i+2], dot)
								}
								tmpl(partials, s.Text, data)
							} else {
								readsSite() // a partial it cannot name
								found.sections = true
							}
						}
					} else {
						for _, name := range partialsCalled(n.Args, i) {
							tmpl(partials, name, "") // run from Go, on other data
						}
						if id, ok := a.(*parse.IdentifierNode); ok && pageFuncs[id.Ident] {
							of := unknownMark // the page is the previous command's result
							if i+1 < len(n.Args) {
								of = argLabel(n.Args[i+1], dot)
							}
							if of != ownPage {
								if linked(of) {
									readsSite()
								}
								if id.Ident == "listItem" || id.Ident == "itemList" {
									found.others = true
								}
							}
						}
					}
					au := useNone
					switch {
					case compares && i == 0:
						au = useReceiver
					case compares && i == 1, cmdUse == useValue && len(n.Args) == 1:
						au = useValue
					}
					visitAs(a, dot, au)
				}
			case *parse.DotNode:
				if dot == sectionElem { // a whole section, to a template or a function
					found.sections = true
				}
				if dot == clockNow && use == useNone {
					found.clock = true
				}
			case *parse.FieldNode:
				idents(dot, n.Ident, use)
			case *parse.VariableNode:
				if len(n.Ident) == 1 && vars[n.Ident[0]] == sectionElem {
					found.sections = true
				}
				idents(vars[n.Ident[0]], n.Ident[1:], use)
			case *parse.ChainNode:
				visit(n.Node, dot)
				of := unknownMark
				if pipe, ok := n.Node.(*parse.PipeNode); ok {
					of = label(pipe, dot)
				}
				idents(of, n.Field, use)
			case *parse.IfNode:
				branch(&n.BranchNode, dot, dot)
			case *parse.WithNode:
				branch(&n.BranchNode, dot, label(n.Pipe, dot))
			case *parse.RangeNode:
				l := label(n.Pipe, dot)
				inner := ""
				if l == unknownMark {
					inner = unknownMark
				} else if linked(l) {
					inner = linkedMark // an element of a linked page's list
				}
				over := plainLabel(l)
				if over == "Sections" { // the dot is each section, with or without $s :=
					inner, ranged = sectionElem, len(n.Pipe.Decl) == 0
				}
				visit(n.Pipe, dot)
				ranged = false
				if d := n.Pipe.Decl; len(d) > 0 && over == "Sections" && sets[d[len(d)-1].Ident[0]] == 1 {
					vars[d[len(d)-1].Ident[0]] = sectionElem // {{range $s := .Site.Sections}}
				}
				visit(n.List, inner)
				visit(n.ElseList, dot)
			case *parse.TemplateNode:
				visit(n.Pipe, dot)
				tmpl(ns, n.Name, label(n.Pipe, dot))
			}
		}
		visit(t.Tree.Root, dot)
	}
	tmpl(set, entry, dataDot)
	return found
}

// countSets counts, by name, the variables declared or assigned in n.
func countSets(n parse.Node, sets map[string]int) {
	switch n := n.(type) {
	case *parse.ListNode:
		if n != nil {
			for _, c := range n.Nodes {
				countSets(c, sets)
			}
		}
	case *parse.ActionNode:
		countSets(n.Pipe, sets)
	case *parse.PipeNode:
		if n == nil {
			return
		}
		for _, v := range n.Decl {
			sets[v.Ident[0]]++
		}
		for _, c := range n.Cmds {
			for _, a := range c.Args {
				countSets(a, sets)
			}
		}
	case *parse.IfNode:
		countSets(n.Pipe, sets)
		countSets(n.List, sets)
		countSets(n.ElseList, sets)
	case *parse.RangeNode:
		countSets(n.Pipe, sets)
		countSets(n.List, sets)
		countSets(n.ElseList, sets)
	case *parse.WithNode:
		countSets(n.Pipe, sets)
		countSets(n.List, sets)
		countSets(n.ElseList, sets)
	case *parse.TemplateNode:
		countSets(n.Pipe, sets)
	case *parse.ChainNode:
		countSets(n.Node, sets) // {{($x = .Page).Kind}}
	}
}

// list is the fingerprint of a list output: its node, its pager and
// items, every page of its list, and the site hash when its layout reads
// more of the site than that (readsSite with own).
func (h *hasher) list(j *listJob, structure, siteHash uint64, now time.Time, own map[*site.Page]uint64) uint64 {
	c := h.c
	d := j.data
	node := d.Page
	h.u64(structure)
	h.str(j.layout)
	h.str(j.rel)
	h.str(d.Target)
	if node.Kind == site.KindPage { // an alias: the page it points to
		h.u64(c.metaOf(node))
		h.bool(c.reads[j.layout].site)
	} else {
		h.core(node, now)
		h.str(string(node.Content))
		h.nodeBody(node)
		if t := node.Term; t != nil {
			h.str(t.Name)
			h.str(t.Slug)
			h.str(t.URL)
			h.u64(c.metaOf(t.Profile))
		}
		if tx := node.Taxonomy; tx != nil {
			h.str(tx.Plural)
		}
		h.bool(c.reads[j.layout].listSite)
	}
	if pg := d.Pager; pg != nil {
		h.int(int64(pg.Number))
		h.int(int64(pg.Total))
		h.str(pg.URL)
		h.str(pg.PrevURL)
		h.str(pg.NextURL)
		for _, l := range pg.Links {
			h.int(int64(l.Number))
			h.str(l.URL)
			h.bool(l.Current)
		}
		h.int(int64(len(pg.Items)))
		for _, p := range pg.Items {
			h.u64(c.metaOf(p))
		}
	}
	if j.own != nil && c.reads[j.layout].site { // the layout may read the list's pages, not only the pager's
		sum, ok := own[node]
		if !ok {
			ho := c.newHasher()
			ho.int(int64(len(j.own)))
			for _, p := range j.own {
				ho.u64(c.metaOf(p))
			}
			sum = ho.sum()
			own[node] = sum
		}
		h.u64(sum)
	}
	if node.Kind == site.KindPage && c.reads[j.layout].site || node.Kind != site.KindPage && c.reads[j.layout].listSite {
		h.u64(siteHash)
	}
	return h.sum()
}

// metaOf returns the meta hash of regular page p of the graph, 0 for nil.
func (c *Cache) metaOf(p *site.Page) uint64 {
	if p == nil {
		return 0
	}
	return c.states[c.index[p]].meta
}
