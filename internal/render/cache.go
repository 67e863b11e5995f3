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

	"github.com/congbo/congbo/internal/content"
	"github.com/congbo/congbo/internal/markdown"
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
//     to) and its Markdown HTML. A layout that reads other pages (.Pages,
//     .Latest, .Site.Taxonomies…, see readsSite) adds the site hash;
//   - the site: every list, pager, feed, calendar, the sitemap, the search
//     index and page, 404, aliases, the accessibility page. Its
//     fingerprint, the site hash, covers every page's meta.
//
// A body edit on a page with a description changes that page's Markdown
// alone, so only that page is rendered again. Markdown results are kept
// too, keyed on the body and checked against every link they resolved,
// and #anchors are checked again over all pages on every build.
//
// A Cache is not safe for concurrent use: one build at a time.
type Cache struct {
	enc  func(rel string, data []byte) ([]byte, error)
	seed maphash.Seed

	tmpl     *Templates
	readsAny map[string]bool // layout → it reads other pages (readsSite)
	css      Asset
	cssFile  outFile
	partials uint64 // structure hash when partialCached results were made

	mdMu sync.Mutex
	md   map[string]*mdEntry // content path → last Markdown result

	sources    map[*content.Page]*sourceInfo // meta.go: per parsed file, last build
	sourcesNow map[*content.Page]*sourceInfo // this build's
	res     map[string]*resource          // bundle resources by content path

	staticVersion, looseVersion int

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
		case strings.HasPrefix(p, "content/"):
			rel := strings.TrimPrefix(p, "content/")
			delete(c.res, rel)
			for k := range c.res {
				if strings.HasPrefix(k, rel+"/") {
					delete(c.res, k)
				}
			}
			c.looseVersion++
		}
	}
}

// Files returns the output of the last good build: do not modify it.
func (c *Cache) Files() map[string][]byte { return c.files }

// Stats counts what the last RunCached did, for tests and logs.
type Stats struct {
	Pages     int  // regular pages rendered again
	Markdown  int  // Markdown bodies rendered again
	Site      bool // lists, feeds and the rest rendered again
	PathsSame bool // the set of output paths is the one of the build before
}

// RunCached renders g like Run and returns the whole output, rendering
// only the jobs whose fingerprint changed since the last good build
// (see Cache). The result is a new map, never modified afterwards; it
// equals what Run writes, minified by the Cache's enc. On error nothing
// of the Cache's output changes. The error is a *diag.List.
func RunCached(g *site.Graph, files []string, c *Cache, opts Options) (map[string][]byte, Stats, error) {
	var st Stats
	if opts.Workers < 1 {
		opts.Workers = runtime.GOMAXPROCS(0)
	}
	r := &Renderer{opts: opts, cfg: g.Config, g: g, cache: c}
	r.pool.New = func() any { return new(bytes.Buffer) }
	if c.tmpl == nil {
		tmpl, err := LoadTemplates(opts.Layouts, g.Config)
		if err != nil {
			return nil, st, err
		}
		c.tmpl, c.readsAny = tmpl, map[string]bool{}
		for name, set := range tmpl.sets {
			c.readsAny[name] = readsSite(set, name)
		}
	}
	r.tmpl = c.tmpl
	jobs := map[string]uint64{}
	runs := map[string]func(w Writer){}
	plan := func(key string, fp uint64, run func(w Writer)) {
		jobs[key] = fp
		if old, ok := c.jobs[key]; !ok || old != fp {
			runs[key] = run
		}
	}

	if c.css.URL == "" {
		w := c.newJobWriter()
		r.out = w
		if err := r.writeCSS(); err != nil {
			return nil, st, err
		}
		c.css, c.cssFile = r.css, w.files[0]
	}
	r.css = c.css
	plan("css", 0, func(w Writer) {
		if err := w.WriteRaw(c.cssFile.rel, c.cssFile.data); err != nil {
			r.errs.Add(err)
		}
	})
	plan("static", uint64(c.staticVersion), func(w Writer) { r.copyStatic(w) })
	plan("loose", c.looseHash(files), func(w Writer) { r.copyLoose(w, files) })

	// The Markdown of every page and list, from the cache when nothing it
	// used changed; summaries and resources as Run leaves them.
	pages := g.Pages
	layouts := make([]string, len(pages))
	ok := make([]bool, len(pages))
	r.parallel(len(pages), func(i int) {
		p := pages[i]
		p.Summary, p.Resources, p.Content = p.Description, nil, ""
		c.resources(r, p)
		if res := r.markdownOf(p); res != nil {
			if p.Summary == "" {
				p.Summary = res.Summary
			}
			layouts[i], ok[i] = r.layoutOf(p)
		}
	})
	g.Home.Content = ""
	for _, s := range g.Sections {
		s.Page.Content = ""
	}
	r.renderListTexts()

	srcs := g.AllSources()
	infos := make([]*sourceInfo, len(srcs))
	r.parallel(len(srcs), func(i int) { infos[i] = c.source(srcs[i], c.sources) })
	c.sourcesNow = make(map[*content.Page]*sourceInfo, len(srcs))
	for i, cp := range srcs {
		c.sourcesNow[cp] = infos[i]
	}
	c.sources = c.sourcesNow

	h := c.newHasher()
	structure := h.structure(g, c.css)
	if c.partials != structure {
		c.tmpl.cached.Clear() // partialCached results read the sections and menus
		c.partials = structure
	}
	metas := make([]uint64, len(pages))
	r.parallel(len(pages), func(i int) {
		h := c.newHasher()
		metas[i] = h.meta(pages[i], g.Now)
	})
	siteHash := h.site(g, structure, metas)
	plan("site", siteHash, func(w Writer) {
		r.out = w
		r.writeLists()
		r.renderFeeds()
		r.renderCalendars()
		r.renderMeta()
		r.renderSearch()
		r.renderAccessibility()
	})
	for i, p := range pages {
		if !ok[i] {
			continue
		}
		fp := c.newHasher().page(structure, metas[i], c.mdHTML(p), layouts[i], c.readsAny[layouts[i]], siteHash)
		layout := layouts[i]
		plan("page:"+p.Source.Path, fp, func(w Writer) { r.writePage(w, p, layout) })
	}

	// Render what changed: pages on all cores, then the rest (lists read
	// every page's summary, set above).
	written := map[string]*jobWriter{}
	var pageKeys []string
	for key := range runs {
		written[key] = c.newJobWriter()
		if strings.HasPrefix(key, "page:") {
			pageKeys = append(pageKeys, key)
		}
	}
	slices.Sort(pageKeys)
	st.Pages = len(pageKeys)
	r.parallel(len(pageKeys), func(i int) { runs[pageKeys[i]](written[pageKeys[i]]) })
	for _, key := range []string{"css", "static", "loose", "site"} {
		if run := runs[key]; run != nil {
			run(written[key])
		}
	}
	st.Site = runs["site"] != nil
	r.anchors.check(&r.errs) // check.go: over every page, rendered now or not
	if err := r.errs.Err(); err != nil {
		return nil, st, err
	}

	// The new output: the last one without the files of jobs rendered
	// again or gone, plus what was rendered.
	out := maps.Clone(c.files)
	owned := maps.Clone(c.owned)
	st.PathsSame = true
	for key := range c.jobs {
		if _, keep := jobs[key]; keep && runs[key] == nil {
			continue
		}
		for _, p := range owned[key] {
			delete(out, p)
		}
		if runs[key] == nil {
			st.PathsSame = false
		}
		delete(owned, key)
	}
	var errs []error
	for _, key := range slices.Sorted(maps.Keys(written)) {
		w := written[key]
		paths := w.paths()
		if !slices.Equal(paths, c.owned[key]) {
			st.PathsSame = false
		}
		for _, f := range w.files {
			if _, dup := out[f.rel]; dup {
				errs = append(errs, fmt.Errorf("write %s: file written twice", f.rel))
				continue
			}
			out[f.rel] = f.data
		}
		owned[key] = paths
	}
	for _, err := range errs {
		r.errs.Add(err)
	}
	if err := r.errs.Err(); err != nil {
		return nil, st, err
	}
	c.jobs, c.owned, c.files = jobs, owned, out
	return out, st, nil
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
	res := r.cache.mdResult(p)
	p.Content = template.HTML(res.HTML)
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
		rel := strings.TrimPrefix(name, bundleDir+"/")
		p.Resources = append(p.Resources, site.Resource{Name: rel, URL: "/" + path.Join(outDir, rel), Size: int64(len(res.data)), SHA256: res.sha})
	}
}

// resource is a bundle file, read once.
type resource struct {
	data []byte
	sha  string // hex SHA-256
}

// looseHash is the fingerprint of the loose files job.
func (c *Cache) looseHash(files []string) uint64 {
	h := c.newHasher()
	h.int(int64(c.looseVersion))
	for _, f := range files {
		h.str(f)
	}
	return h.sum()
}

// mdEntry is the Markdown result of one page or list text, with what it
// was made from.
type mdEntry struct {
	body     uint64
	url      string
	resolved []resolution
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
func (c *Cache) markdown(r *Renderer, p *site.Page, body []byte) (*markdown.Result, error) {
	key := p.Source.Path
	sum := maphash.Bytes(c.seed, body)
	resolve := r.g.Resolver(p)
	c.mdMu.Lock()
	e := c.md[key]
	c.mdMu.Unlock()
	if e != nil && e.body == sum && e.url == p.URL && stillResolves(e.resolved, resolve) {
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
	res, err := r.opts.Markdown.Render(body, rec)
	if err != nil {
		return nil, err
	}
	mu.Lock()
	e = &mdEntry{body: sum, url: p.URL, resolved: seen, res: res, html: maphash.Bytes(c.seed, res.HTML)}
	mu.Unlock()
	c.mdMu.Lock()
	c.md[key] = e
	c.mdMu.Unlock()
	return res, nil
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
