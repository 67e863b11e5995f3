package render

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash/maphash"
	"html/template"
	"io/fs"
	"maps"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/congbo/congbo/internal/content"
	"github.com/congbo/congbo/internal/diag"
	"github.com/congbo/congbo/internal/markdown"
	"github.com/congbo/congbo/internal/resize"
	"github.com/congbo/congbo/internal/search"
	"github.com/congbo/congbo/internal/site"
)

// Cache keeps, between the builds of one preview server, the output of
// the last good build and what each part of it was made from, so that
// RunCached re-renders only what changed. Its life is that of one
// configuration and one set of layouts: build a new Cache when site.yaml
// or layouts/ change.
//
// The output is cut into jobs, each with a key and a fingerprint (a hash
// of everything its files are made from):
//
//   - the stylesheet, once;
//   - static/, and the loose files of content/, each as one job;
//   - each regular page: its HTML, its .vcf or .ics and its bundle
//     resources. The fingerprint is the page's own meta (meta.go: every
//     field a layout reads, and the titles and URLs of the pages it links
//     to), its Markdown HTML and the site's structure (ownStructures: the
//     sections' skeleton and its own section's title and node, or every
//     section's when its layout shows them, see reads.sections: editing a
//     section's _index.md renders that section). A layout that reads
//     other pages (.Pages, .Latest, .Site.Taxonomies…, see reads.site) adds
//     the site hash;
//   - each list output (home, a section or term pager page, a taxonomy,
//     404, an alias): its node, its pager's items and every page of its
//     list, by their meta, plus the site hash when its layout reads more
//     of the site (hasher.list). A title edit renders the lists the page
//     is in;
//   - the rest of the site: feeds, calendars, the sitemap, the search
//     index and page, the accessibility page. Its fingerprint, the site
//     hash, covers every page's meta.
//
// A body edit on a page with a description changes that page's Markdown
// alone, so only that page is rendered again, and when the caller keeps
// the graph (only bodies changed) only that page is even looked at.
// Markdown results are kept too, keyed on the body and checked against
// every link they resolved, and every page's problems and #anchors are
// checked again on every build, so an error shows whichever page has it.
//
// A Cache is not safe for concurrent use: one build at a time.
type Cache struct {
	enc  func(rel string, data []byte) ([]byte, error)
	seed maphash.Seed

	tmpl *Templates
	// reads: layout → what it reads beyond its page (layoutReads). A page
	// whose layout reads others' summaries, resources or content renders
	// on every build, after the others, as in Run: what it shows of
	// another page is in no fingerprint (a bundle file of a page it links
	// to, say). One that reads the clock renders whenever it moves.
	reads              map[string]reads
	anyClock, anyOther bool // some layout reads the clock, others' content
	css                Asset
	cssFile            outFile

	mdMu  sync.Mutex
	md    map[string]*mdEntry // content path → last Markdown result
	fresh []string            // keys of md rendered by this build (dropHTML)

	search search.Cache // what the last search index build made (tokens, records, postings)

	sources map[*content.Page]*sourceInfo // meta.go: per parsed file of graph
	res     map[string]*resource          // bundle resources by content path

	// The graph of the last build, and what is known of its pages.
	graph               *site.Graph
	states              []*pageState // by index in graph.Pages
	index               map[*site.Page]int
	structure, siteHash uint64
	now                 time.Time
	times               []time.Time // siteTimes
	failed              bool        // the last build failed: compare every fingerprint
	committed           *site.Graph // the graph of the last good build

	staticVersion, looseVersion int
	images                      *siteImages // the site's images: sizes and copies, read once until Changed
	imagesChanged               bool        // Changed named a file that may be an image

	jobs  map[string]uint64   // job key → fingerprint, of the last good build
	owned map[string][]string // job key → the paths it wrote
	files map[string][]byte   // the last good build's output
}

// NewCache returns an empty Cache. enc turns what Writer.Write receives
// into the bytes kept (a minifier by extension, as publish.Stager does);
// WriteRaw and Copy keep bytes as they are.
func NewCache(enc func(rel string, data []byte) ([]byte, error)) *Cache {
	return &Cache{
		enc: enc, seed: maphash.MakeSeed(),
		md: map[string]*mdEntry{}, sources: map[*content.Page]*sourceInfo{}, res: map[string]*resource{},
		jobs: map[string]uint64{}, owned: map[string][]string{}, files: map[string][]byte{},
	}
}

// Changed tells the cache that files of the site source changed on disk
// (slash paths relative to the source: "static/logo.svg",
// "content/thong-bao/a/anh.jpg"). Markdown files need no telling: their
// pages carry the new text.
func (c *Cache) Changed(paths []string) {
	for _, p := range paths {
		switch {
		case p == "static" || strings.HasPrefix(p, "static/"):
			c.staticVersion++
			c.forgetImages()
		case strings.HasPrefix(p, "content/"):
			rel := strings.TrimPrefix(p, "content/")
			delete(c.res, rel)
			for k := range c.res {
				if strings.HasPrefix(k, rel+"/") {
					delete(c.res, k)
				}
			}
			if !strings.HasSuffix(p, ".md") {
				c.looseVersion++
				c.forgetImages()
			}
		}
	}
}

// copiesHash is the fingerprint of the job that writes the copies of an
// image: its file as the disk says it is (name, size, time), and what
// copies are made.
func (c *Cache) copiesHash(src fs.FS, ic imageCopies) uint64 {
	h := c.newHasher()
	h.str(ic.file)
	if st, err := fs.Stat(src, ic.file); err == nil {
		h.int(st.Size())
		h.int(st.ModTime().UnixNano())
	}
	for _, w := range ic.widths {
		h.int(int64(w))
	}
	h.int(resize.Version)
	return h.sum()
}

// forgetImages drops the image sizes read, for image files that changed:
// the next build looks again at the pages that show images.
func (c *Cache) forgetImages() {
	if c.images != nil {
		c.images.forget()
	}
	c.imagesChanged = true
}

// showsImages reports whether p's last Markdown asked the size of an image.
func (c *Cache) showsImages(p *site.Page) bool {
	c.mdMu.Lock()
	defer c.mdMu.Unlock()
	e := c.md[p.Source.Path]
	return e != nil && len(e.res.Images) > 0
}

// Stats counts what the last RunCached did, for tests and logs.
type Stats struct {
	Pages     int  // regular pages rendered again
	Markdown  int  // Markdown bodies rendered again
	Lists     int  // list outputs (pager pages, terms, aliases…) rendered again
	Site      bool // the search index, calendars and accessibility page rendered again
	Feeds     int  // feeds (RSS, Atom and JSON of one list) rendered again
	Sitemap   bool // the sitemap, robots.txt and security.txt rendered again
	PathsSame bool // the set of output paths is the one of the build before
}

// RunCached renders g like Run and returns the whole output, rendering
// only the jobs whose fingerprint changed since the last good build
// (see Cache). The result is a new map, never modified afterwards; it
// equals what Run writes, minified by the Cache's enc. On error nothing
// of the Cache's output changes. The error is a *diag.List.
//
// When g is the graph of the last call (the caller kept it because only
// page bodies changed), only the pages whose Source changed are looked
// at again: the others keep their summary, resources and fingerprint.
func RunCached(g *site.Graph, files []string, c *Cache, opts Options) (map[string][]byte, Stats, error) {
	var st Stats
	if opts.Workers < 1 {
		opts.Workers = runtime.GOMAXPROCS(0)
	}
	r := &Renderer{opts: opts, cfg: g.Config, g: g, cache: c}
	r.pool.New = func() any { return new(pageBuf) }
	if c.images == nil {
		c.images = newSiteImages(opts.Source)
	}
	c.images.use(g, files)
	r.images = c.images
	start := time.Now()
	stage := func(name string) {
		if opts.Timings != nil {
			opts.Timings(name, time.Since(start))
		}
		start = time.Now()
	}
	if err := c.setup(r); err != nil {
		return nil, st, err
	}
	defer c.dropHTML()
	runs := map[string]func(w Writer){} // jobs to render, by key
	fps := map[string]uint64{}          // their fingerprints
	plan := func(key string, fp uint64, run func(w Writer)) {
		if old, ok := c.jobs[key]; !ok || old != fp {
			runs[key], fps[key] = run, fp
		}
	}
	plan("css", 0, func(w Writer) {
		if err := w.WriteRaw(c.cssFile.rel, c.cssFile.data); err != nil {
			r.errs.Add(err)
		}
	})
	plan("static", uint64(c.staticVersion), func(w Writer) { r.copyStatic(w) })
	plan("loose", c.looseHash(g, files), func(w Writer) { r.copyLoose(w, files) })
	// The copies of each photo: made again when its file changes.
	imageJobs := map[string]bool{}
	for _, ic := range c.images.copies() {
		key := "images:" + ic.rel
		imageJobs[key] = true
		plan(key, c.copiesHash(opts.Source, ic), func(w Writer) {
			if err := writeCopies(opts.Source, opts.ImageCache, ic, w); err != nil {
				r.errs.Add(err)
			}
		})
	}

	// The Markdown, resources and layout of each page whose source is new
	// (every page of a new graph), from the Markdown cache when nothing
	// it used changed.
	pages := g.Pages
	same := c.graph == g
	if !same {
		c.graph, c.states, c.sources = g, make([]*pageState, len(pages)), c.sourceInfos(r, g)
	}
	var todo []int
	imagesChanged := c.imagesChanged
	c.imagesChanged = false
	for i, p := range pages {
		if old := c.states[i]; old == nil || old.src != p.Source {
			todo = append(todo, i)
			if old != nil {
				delete(c.sources, old.src)
			}
		} else if imagesChanged && c.showsImages(p) {
			todo = append(todo, i) // its Markdown again if an image's size changed
		}
	}
	r.parallel(len(todo), func(k int) {
		i := todo[k]
		c.states[i] = c.pageState(r, pages[i], c.states[i])
	})
	g.Home.Content = ""
	for _, s := range g.Sections {
		s.Page.Content = ""
	}
	r.renderListTexts()
	st.Markdown = len(todo)
	stage("cached markdown")

	// Fingerprints: every page's when the graph is new, a page's meta
	// seen by others changed, or a date passed; else the new pages' only.
	for _, cp := range g.AllSources() {
		if c.sources[cp] == nil {
			c.sources[cp] = c.source(cp)
		}
	}
	h := c.newHasher()
	structure := h.structure(g, c.css)
	all := !same || c.failed || structure != c.structure || c.timePassed(g.Now)
	for _, i := range todo {
		if all {
			break
		}
		old := c.states[i].core
		hc := c.newHasher()
		hc.core(pages[i], g.Now)
		if hc.sum() != old {
			all = true
		}
	}
	if all {
		todo = todo[:0]
		for i := range pages {
			todo = append(todo, i)
		}
		c.times = c.siteTimes(g)
	}
	c.now = g.Now
	r.parallel(len(todo), func(k int) {
		p, ps := pages[todo[k]], c.states[todo[k]]
		hc := c.newHasher()
		hc.core(p, g.Now)
		ps.core = hc.sum()
		ps.meta = c.newHasher().meta(p, g.Now)
	})
	siteHash := h.site(g, structure, c.states)
	if c.anyClock {
		// A layout shows the clock: the lists, the site's files and the
		// pages that read the site hold for this instant only.
		siteHash = c.newHasher().clock(siteHash, g.Now)
	}
	// partialCached results are keyed on what a layout chose (a page's
	// URL, the menu), not on all they show (a page's body, say): they
	// hold for one build. Rendering again the header or a list item that a
	// build needs costs microseconds.
	c.tmpl.cached.Clear()
	if siteHash != c.siteHash {
		// Pages that read the site hold for one state of the site only.
		if !all {
			changed := map[int]bool{}
			for _, i := range todo {
				changed[i] = true
			}
			todo = todo[:0]
			for i, ps := range c.states {
				if changed[i] || c.reads[ps.layout].site || c.reads[ps.layout].clock {
					todo = append(todo, i)
				}
			}
		}
	}
	c.structure, c.siteHash = structure, siteHash
	own := c.ownStructures(g)
	pageFP := func(p *site.Page, ps *pageState) uint64 {
		fp := c.newHasher().page(c.structureFor(ps.layout, p.Section, structure, own), ps.meta, ps.html, ps.layout, c.reads[ps.layout].site, siteHash)
		if c.reads[ps.layout].clock {
			fp = c.newHasher().clock(fp, g.Now)
		}
		return fp
	}
	planned := make(map[int]bool, len(todo))
	for _, i := range todo {
		planned[i] = true
		p, ps := pages[i], c.states[i]
		ps.fp = pageFP(p, ps)
		if ps.ok && !c.reads[ps.layout].others {
			plan(ps.key, ps.fp, func(w Writer) { r.writePage(w, p, ps.layout) })
		}
	}
	var laterKeys []string // pages whose layout reads others: every build, last
	later := map[string]bool{}
	for i, ps := range c.states {
		if !c.anyOther || !ps.ok || !c.reads[ps.layout].others {
			continue
		}
		p := pages[i]
		if !planned[i] { // its fingerprint as the others' (the job's key)
			ps.fp = pageFP(p, ps)
		}
		runs[ps.key], fps[ps.key] = func(w Writer) { r.writePage(w, p, ps.layout) }, ps.fp
		laterKeys = append(laterKeys, ps.key)
		later[ps.key] = true
	}
	var timingsMu sync.Mutex // the site's files render beside the lists
	plan("site", siteHash, func(w Writer) {
		r.out = w
		var wg sync.WaitGroup
		for _, st := range r.siteStages() {
			wg.Go(func() {
				t0 := time.Now()
				st.run()
				if opts.Timings != nil {
					timingsMu.Lock()
					opts.Timings("  site: "+st.name, time.Since(t0))
					timingsMu.Unlock()
				}
			})
		}
		wg.Wait()
	})
	// Each list (pager page, term, alias…) and each feed has its own
	// fingerprint, and so has the sitemap: a title edit renders the lists
	// and feeds the page is in, not all of them, and no sitemap. A feed's
	// and the sitemap's fingerprints hash exactly what they are written
	// from (their channel, their URLs).
	var lists map[string]bool // the list and feed jobs of this build; nil: as before
	if old, ok := c.jobs["site"]; !ok || old != siteHash {
		lists = map[string]bool{}
		urls := r.sitemapURLs()
		plan("sitemap", c.newHasher().sitemap(urls), func(w Writer) { r.writeMeta(w, urls) })
		for _, f := range r.feeds() {
			key := "feed:" + f.url
			lists[key] = true
			plan(key, c.newHasher().feed(f.url, f.ch), func(w Writer) { r.writeFeed(w, f) })
		}
		ownPages := map[*site.Page]uint64{}
		jobs := r.listJobs()
		for i := range jobs {
			j := &jobs[i]
			key := "list:" + j.rel
			if j.layout == "alias.html" {
				// Its own job, so one at a list's URL is a file written
				// twice, as in Run, not a job that replaces the list's.
				key = "list:alias:" + j.rel
			}
			lists[key] = true
			fp := c.newHasher().list(j, c.structureFor(j.layout, j.data.Page.Section, structure, own), siteHash, g.Now, ownPages)
			if c.reads[j.layout].clock {
				fp = c.newHasher().clock(fp, g.Now)
			}
			plan(key, fp, func(w Writer) {
				if err := r.execute(w, j.layout, j.rel, j.data); err != nil {
					r.errs.Add(err)
				}
			})
		}
	}
	stage("fingerprints")

	// Render what changed: pages on all cores, then the rest (lists read
	// every page's summary, set above).
	written := map[string]*jobWriter{}
	var pageKeys, listKeys []string
	for key := range runs {
		written[key] = c.newJobWriter()
		if strings.HasPrefix(key, "page:") && !later[key] {
			pageKeys = append(pageKeys, key)
		}
		if strings.HasPrefix(key, "list:") {
			listKeys = append(listKeys, key)
		}
	}
	slices.Sort(pageKeys)
	slices.Sort(laterKeys)
	st.Pages, st.Lists = len(pageKeys)+len(laterKeys), len(listKeys)
	r.parallel(len(pageKeys), func(i int) { runs[pageKeys[i]](written[pageKeys[i]]) })
	for _, key := range laterKeys { // one at a time, as in Run
		runs[key](written[key])
	}
	stage("render pages")
	// The site's files (feeds, search index, sitemap…) and the lists read
	// what the pages set and write their own files: they run side by side,
	// as in a full build, so a title edit waits for the longer of the two.
	var siteKeys []string // the site's files, the sitemap and the feeds
	for key := range runs {
		feed := strings.HasPrefix(key, "feed:")
		if feed || key == "site" || key == "sitemap" {
			siteKeys = append(siteKeys, key)
		}
		if feed {
			st.Feeds++
		}
	}
	slices.Sort(siteKeys)
	st.Sitemap = runs["sitemap"] != nil
	var site sync.WaitGroup
	site.Go(func() { r.parallel(len(siteKeys), func(i int) { runs[siteKeys[i]](written[siteKeys[i]]) }) })
	r.parallel(len(listKeys), func(i int) { runs[listKeys[i]](written[listKeys[i]]) })
	timingsMu.Lock()
	stage("render lists")
	timingsMu.Unlock()
	for _, key := range []string{"css", "static", "loose"} {
		if run := runs[key]; run != nil {
			run(written[key])
		}
	}
	var imageKeys []string
	for key := range runs {
		if strings.HasPrefix(key, "images:") {
			imageKeys = append(imageKeys, key)
		}
	}
	r.parallel(len(imageKeys), func(i int) { runs[imageKeys[i]](written[imageKeys[i]]) })
	site.Wait()
	st.Site = runs["site"] != nil
	stage("render site")

	// Every page's problems and #anchors, rendered now or not.
	for _, ps := range c.states {
		for _, err := range ps.errs {
			r.errs.Add(err)
		}
		r.anchors.refs = append(r.anchors.refs, ps.refs...)
	}
	r.anchors.lookup = c.headingIDs
	r.anchors.check(&r.errs)
	stage("anchors")
	if err := r.errs.Err(); err != nil {
		c.failed = true
		return nil, st, err
	}
	out, err := c.assemble(g, written, fps, lists, imageJobs, &st)
	if err != nil {
		c.failed = true
		return nil, st, err
	}
	c.failed = false
	stage("assemble")
	return out, st, nil
}

// setup loads the templates and the stylesheet once.
func (c *Cache) setup(r *Renderer) error {
	if c.tmpl == nil {
		tmpl, err := LoadTemplates(r.opts.Layouts, r.cfg)
		if err != nil {
			return err
		}
		c.tmpl, c.reads = tmpl, tmpl.layoutsRead()
		for _, rd := range c.reads {
			c.anyClock = c.anyClock || rd.clock
			c.anyOther = c.anyOther || rd.others
		}
	}
	r.tmpl = c.tmpl
	if c.css.URL == "" {
		w := c.newJobWriter()
		r.out = w
		if err := r.writeCSS(); err != nil {
			return err
		}
		c.css, c.cssFile = r.css, w.files[0]
	}
	r.css = c.css
	return nil
}

// assemble makes the new output: the last good one without the files of
// jobs rendered again or gone, plus what was rendered; and commits it.
func (c *Cache) assemble(g *site.Graph, written map[string]*jobWriter, fps map[string]uint64, lists, imageJobs map[string]bool, st *Stats) (map[string][]byte, error) {
	gone := map[string]bool{}
	for key := range c.jobs {
		if strings.HasPrefix(key, "images:") && !imageJobs[key] {
			gone[key] = true
		}
	}
	if lists != nil {
		for key := range c.jobs {
			if (strings.HasPrefix(key, "list:") || strings.HasPrefix(key, "feed:")) && !lists[key] {
				gone[key] = true
			}
		}
	}
	if c.committed != g { // pages may be gone since the last good build
		live := make(map[string]bool, len(g.Pages))
		for _, ps := range c.states {
			if ps.ok {
				live[ps.key] = true
			}
		}
		for key := range c.jobs {
			if strings.HasPrefix(key, "page:") && !live[key] {
				gone[key] = true
			}
		}
	}
	out := maps.Clone(c.files)
	st.PathsSame = len(gone) == 0
	for key := range gone {
		for _, p := range c.owned[key] {
			delete(out, p)
		}
	}
	keys := slices.Sorted(maps.Keys(written))
	for _, key := range keys {
		for _, p := range c.owned[key] {
			delete(out, p)
		}
	}
	var errs diag.List
	now := map[string]bool{} // paths written by this build's jobs
	owned := make(map[string][]string, len(keys))
	for _, key := range keys {
		w := written[key]
		owned[key] = w.paths()
		if !slices.Equal(owned[key], c.owned[key]) {
			st.PathsSame = false
		}
		for _, f := range w.files {
			if _, dup := out[f.rel]; dup && (now[f.rel] || c.ownedBy(f.rel, written)) {
				errs.Add(fmt.Errorf("write %s: file written twice", f.rel))
				continue
			}
			// Not a job's: a file the caller put in the output (the
			// Session's server configs), which it checks itself.
			out[f.rel] = f.data
			now[f.rel] = true
		}
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	for key := range gone {
		delete(c.jobs, key)
		delete(c.owned, key)
	}
	for _, key := range keys {
		c.jobs[key], c.owned[key] = fps[key], owned[key]
	}
	c.files, c.committed = out, g
	return out, nil
}

// ownedBy reports whether a job kept from an earlier build (not one of
// written) owns rel.
func (c *Cache) ownedBy(rel string, written map[string]*jobWriter) bool {
	for key, paths := range c.owned {
		if _, again := written[key]; !again && slices.Contains(paths, rel) {
			return true
		}
	}
	return false
}

// pageState is what the Cache knows of one regular page of its graph.
type pageState struct {
	src    *content.Page // the source it was made from
	key    string        // its job
	layout string
	ok     bool        // its Markdown and layout are fine: it can be rendered
	html   uint64      // hash of its Markdown HTML
	errs   []error     // problems of its Markdown, layout and resources
	ids    idList      // its heading ids
	refs   []anchorRef // its links to #anchors
	core   uint64      // what pages linking to it show of it (hasher.core)
	meta   uint64      // hasher.meta
	fp     uint64      // its job's fingerprint
}

// pageState reads p's resources and Markdown, as renderPage does before
// it executes the layout, and sets its summary and resources.
func (c *Cache) pageState(r *Renderer, p *site.Page, old *pageState) *pageState {
	pr := &Renderer{opts: r.opts, cfg: r.cfg, tmpl: r.tmpl, g: r.g, cache: c, images: r.images}
	p.Summary, p.Resources, p.Content = p.Description, nil, ""
	c.resources(pr, p)
	ps := &pageState{src: p.Source, key: "page:" + p.Source.Path}
	if old != nil {
		ps.core, ps.meta, ps.fp = old.core, old.meta, old.fp
	}
	if res := pr.markdownOf(p); res != nil {
		if p.Summary == "" {
			p.Summary = res.Summary
		}
		ps.layout, ps.ok = pr.layoutOf(p)
		ps.html = c.mdHTML(p)
	}
	ps.errs = pr.errs.Errors()
	ps.ids, ps.refs = pr.anchors.ids[p], pr.anchors.refs
	return ps
}

// headingIDs returns the heading ids of regular page p of the graph.
func (c *Cache) headingIDs(p *site.Page) (idList, bool) {
	i, ok := c.index[p]
	if !ok {
		return "", false
	}
	return c.states[i].ids, true
}

// sourceInfos hashes every source of a new graph, reusing what it can,
// and indexes its pages.
func (c *Cache) sourceInfos(r *Renderer, g *site.Graph) map[*content.Page]*sourceInfo {
	srcs := g.AllSources()
	infos := make([]*sourceInfo, len(srcs))
	r.parallel(len(srcs), func(i int) {
		if infos[i] = c.sources[srcs[i]]; infos[i] == nil {
			infos[i] = c.source(srcs[i])
		}
	})
	m := make(map[*content.Page]*sourceInfo, len(srcs))
	for i, cp := range srcs {
		m[cp] = infos[i]
	}
	c.index = make(map[*site.Page]int, len(g.Pages))
	for i, p := range g.Pages {
		c.index[p] = i
	}
	return m
}

// siteTimes returns every time the fingerprints compare with now, sorted.
// Zero times (a page without lastmod, publishDate or expiryDate) are left
// out: they never lie between two builds' clocks (see timePassed).
func (c *Cache) siteTimes(g *site.Graph) []time.Time {
	n := 4 * (1 + len(g.Sections) + len(g.Pages))
	for _, p := range g.Pages {
		if p.Source != nil {
			n += len(c.sources[p.Source].times)
		}
	}
	ts := make([]time.Time, 0, n)
	add := func(t time.Time) {
		if !t.IsZero() {
			ts = append(ts, t)
		}
	}
	page := func(p *site.Page) {
		add(p.Date)
		add(p.Lastmod)
		add(p.PublishDate)
		add(p.ExpiryDate)
		if p.Source != nil {
			for _, t := range c.sources[p.Source].times {
				add(t)
			}
		}
	}
	page(g.Home)
	for _, s := range g.Sections {
		page(s.Page)
	}
	for _, p := range g.Pages {
		page(p)
	}
	slices.SortFunc(ts, time.Time.Compare)
	return ts
}

// timePassed reports whether a time of the site lies between the last
// build's now and now: a page may then have become current or past. A
// zero clock on either side counts as passing every time.
func (c *Cache) timePassed(now time.Time) bool {
	if c.now.Equal(now) {
		return false
	}
	if c.now.IsZero() || now.IsZero() {
		return true
	}
	lo, hi := c.now, now
	if hi.Before(lo) {
		lo, hi = hi, lo
	}
	i, _ := slices.BinarySearchFunc(c.times, lo, time.Time.Compare)
	return i < len(c.times) && !c.times[i].After(hi)
}

// writePage writes regular page p with layout into w: its bundle
// resources, its HTML and the files beside it, as renderPage does.
func (r *Renderer) writePage(w Writer, p *site.Page, layout string) {
	for _, res := range p.Resources {
		b := r.cache.res[path.Join(path.Dir(p.Source.Path), res.Name)].data
		if err := w.WriteRaw(strings.TrimPrefix(res.URL, "/"), b); err != nil {
			r.errs.Addf("content/"+path.Join(path.Dir(p.Source.Path), res.Name), 0, 0, "write: %s", err.Error())
		}
	}
	html := r.cache.mdResult(p).HTML
	if html == nil { // dropped after an earlier build (dropHTML): render it again
		body, err := content.ReadBody(r.opts.Source, p.Source)
		if err != nil {
			r.errs.Addf(p.Source.File, 0, 0, "%s", err.Error())
			return
		}
		res, err := r.opts.Markdown.RenderPage(nil, body, r.g.Resolver(p), r.markdownImages())
		if err != nil {
			r.errs.Add(err) // reported with its position by markdownOf when it first failed
			return
		}
		html = res.HTML
	}
	p.Content = template.HTML(html)
	if err := r.execute(w, layout, site.OutputPath(p.URL), r.data(p, nil)); err != nil {
		r.errs.Add(err)
	}
	p.Content = ""
	r.writePageFiles(w, p)
}

// resources sets p.Resources as writeResources does, reading each bundle
// file once until Changed names it.
func (c *Cache) resources(r *Renderer, p *site.Page) {
	src := p.Source
	if !src.Bundle {
		return
	}
	bundleDir := path.Dir(src.Path)
	outDir := path.Dir(site.OutputPath(p.URL))
	for _, name := range src.Resources {
		c.mdMu.Lock()
		res := c.res[name]
		c.mdMu.Unlock()
		if res == nil {
			b, err := fs.ReadFile(r.opts.Source, "content/"+name)
			if err != nil {
				r.errs.Addf("content/"+name, 0, 0, "read: %s", err.Error())
				continue
			}
			sum := sha256.Sum256(b)
			res = &resource{data: b, sha: hex.EncodeToString(sum[:])}
			c.mdMu.Lock()
			c.res[name] = res
			c.mdMu.Unlock()
		}
		p.Resources = append(p.Resources, bundleResource(bundleDir, outDir, name, len(res.data), res.sha))
	}
}

// resource is a bundle file, read once.
type resource struct {
	data []byte
	sha  string // hex SHA-256
}

// looseHash is the fingerprint of the loose files job: the files of
// content/ in no bundle (a bundle's files are loose once its index.md
// is gone), and whether any changed.
func (c *Cache) looseHash(g *site.Graph, files []string) uint64 {
	bundled := map[string]bool{}
	for _, p := range g.AllSources() {
		for _, res := range p.Resources {
			bundled[res] = true
		}
	}
	h := c.newHasher()
	h.int(int64(c.looseVersion))
	for _, f := range files {
		if !bundled[f] {
			h.str(f)
		}
	}
	return h.sum()
}

// mdEntry is the Markdown result of one page or list text, with what it
// was made from.
type mdEntry struct {
	src      *content.Page // the parsed file body came from
	body     uint64
	url      string
	resolved []resolution
	links    uint64 // the site.Graph.LinkDigest resolved was last true for
	res      *markdown.Result
	html     uint64
}

// resolution is one link destination the renderer resolved, and the answer.
type resolution struct {
	dest, url, err string
}

// markdown returns the Markdown result of p's body, from the cache when
// the body, the page's URL and the answer to every link it resolved are
// the same; else it renders it and keeps it. Failures are not kept.
// unchangedMarkdown returns the last Markdown result of p when p's file
// was not parsed again since (the same *content.Page), its URL is the
// same and its links resolve as before: then its body need not be read.
func (c *Cache) unchangedMarkdown(r *Renderer, p *site.Page) (*markdown.Result, bool) {
	c.mdMu.Lock()
	e := c.md[p.Source.Path]
	c.mdMu.Unlock()
	if e != nil && e.src == p.Source && e.url == p.URL && c.linksHold(e, r.g, p) && imagesHold(e.res, r.markdownImages()) {
		return e.res, true
	}
	return nil, false
}

func (c *Cache) markdown(r *Renderer, p *site.Page, body []byte) (*markdown.Result, error) {
	key := p.Source.Path
	resolve := r.g.Resolver(p)
	c.mdMu.Lock()
	e := c.md[key]
	c.mdMu.Unlock()
	var sum uint64
	if e != nil && e.src == p.Source {
		sum = e.body // the same parsed file: the same body
	} else {
		sum = maphash.Bytes(c.seed, body)
	}
	if e != nil && e.body == sum && e.url == p.URL && c.linksHold(e, r.g, p) && imagesHold(e.res, r.markdownImages()) {
		if e.src != p.Source {
			c.mdMu.Lock()
			c.md[key] = &mdEntry{src: p.Source, body: e.body, url: e.url, resolved: e.resolved, links: e.links, res: e.res, html: e.html}
			c.mdMu.Unlock()
		}
		return e.res, nil
	}
	var mu sync.Mutex // a page that times out may still resolve links
	var seen []resolution
	rec := func(dest string) (string, error) {
		u, err := resolve(dest)
		r := resolution{dest: dest, url: u}
		if err != nil {
			r.err = err.Error()
		}
		mu.Lock()
		seen = append(seen, r)
		mu.Unlock()
		return u, err
	}
	res, err := r.opts.Markdown.RenderPage(nil, body, rec, r.markdownImages())
	if err != nil {
		return nil, err
	}
	mu.Lock()
	e = &mdEntry{src: p.Source, body: sum, url: p.URL, resolved: seen, links: r.g.LinkDigest(), res: res, html: maphash.Bytes(c.seed, res.HTML)}
	mu.Unlock()
	c.mdMu.Lock()
	c.md[key] = e
	if p.Kind == site.KindPage {
		c.fresh = append(c.fresh, key)
	}
	c.mdMu.Unlock()
	return res, nil
}

// dropHTML forgets the HTML of the pages' Markdown rendered by this
// build, once their pages are written: it is most of what the cache would
// hold. A page rendered again with the same Markdown (its title changed)
// renders its Markdown again, which takes a millisecond. List texts keep
// theirs: every build shows them.
func (c *Cache) dropHTML() {
	for _, key := range c.fresh {
		if e := c.md[key]; e != nil && e.res.HTML != nil {
			res := *e.res
			res.HTML = nil
			e.res = &res
		}
	}
	c.fresh = c.fresh[:0]
}

// linksHold reports whether e's recorded links resolve as they did for p:
// at once when g's link digest is the one they were last checked against
// (a title edit changes no path or URL), else by resolving them again.
func (c *Cache) linksHold(e *mdEntry, g *site.Graph, p *site.Page) bool {
	digest := g.LinkDigest()
	c.mdMu.Lock()
	same := e.links == digest
	c.mdMu.Unlock()
	if same {
		return true
	}
	if !stillResolves(e.resolved, g.Resolver(p)) {
		return false
	}
	c.mdMu.Lock()
	e.links = digest
	c.mdMu.Unlock()
	return true
}

// imagesHold reports whether what res was rendered with of each image is
// still what images answers (a file of static/ or a bundle changed).
func imagesHold(res *markdown.Result, images markdown.Images) bool {
	for _, use := range res.Images {
		var img markdown.Image
		if images != nil {
			if got, ok := images(use.URL); ok && got.Width > 0 && got.Height > 0 {
				img = got
			}
		}
		if img != use.Image {
			return false
		}
	}
	return true
}

// stillResolves reports whether every recorded link resolves as before.
func stillResolves(rs []resolution, resolve func(string) (string, error)) bool {
	for _, r := range rs {
		u, err := resolve(r.dest)
		msg := ""
		if err != nil {
			msg = err.Error()
		}
		if u != r.url || msg != r.err {
			return false
		}
	}
	return true
}

// mdResult returns the cached Markdown result of p (markdownOf ran this build).
func (c *Cache) mdResult(p *site.Page) *markdown.Result {
	c.mdMu.Lock()
	defer c.mdMu.Unlock()
	return c.md[p.Source.Path].res
}

// mdHTML returns the hash of p's Markdown HTML, 0 when there is none.
func (c *Cache) mdHTML(p *site.Page) uint64 {
	c.mdMu.Lock()
	defer c.mdMu.Unlock()
	if e := c.md[p.Source.Path]; e != nil {
		return e.html
	}
	return 0
}

// jobWriter keeps the files of one job in memory. Safe for concurrent use.
type jobWriter struct {
	enc   func(rel string, data []byte) ([]byte, error)
	mu    sync.Mutex
	files []outFile
	seen  map[string]bool
}

type outFile struct {
	rel  string
	data []byte
}

func (c *Cache) newJobWriter() *jobWriter { return &jobWriter{enc: c.enc} }

func (w *jobWriter) Write(rel string, data []byte) error {
	b, err := w.enc(rel, data)
	if err != nil {
		return err
	}
	return w.put(rel, b)
}

func (w *jobWriter) WriteRaw(rel string, data []byte) error { return w.put(rel, bytes.Clone(data)) }

func (w *jobWriter) Copy(rel string, src fs.FS, name string) error {
	data, err := fs.ReadFile(src, name)
	if err != nil {
		return fmt.Errorf("copy %s: %w", name, err)
	}
	return w.put(rel, data)
}

// put refuses what publish.Stager refuses: a path that is not clean and
// local. A path written twice is found when jobs are put together.
func (w *jobWriter) put(rel string, data []byte) error {
	if rel == "" || path.Clean(rel) != rel || path.IsAbs(rel) || rel == ".." || strings.HasPrefix(rel, "../") {
		return fmt.Errorf("output path %q escapes the output directory", rel)
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.seen[rel] {
		return fmt.Errorf("write %s: file written twice", rel)
	}
	if w.seen == nil {
		w.seen = map[string]bool{}
	}
	w.seen[rel] = true
	w.files = append(w.files, outFile{rel, data})
	return nil
}

// paths returns the paths written, sorted.
func (w *jobWriter) paths() []string {
	out := make([]string, len(w.files))
	for i, f := range w.files {
		out[i] = f.rel
	}
	slices.Sort(out)
	return out
}
