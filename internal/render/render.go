package render

import (
	"bytes"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/congbo/congbo/internal/config"
	"github.com/congbo/congbo/internal/diag"
	"github.com/congbo/congbo/internal/editortemp"
	"github.com/congbo/congbo/internal/feed"
	"github.com/congbo/congbo/internal/markdown"
	"github.com/congbo/congbo/internal/parallel"
	"github.com/congbo/congbo/internal/resize"
	"github.com/congbo/congbo/internal/site"
	"github.com/congbo/congbo/internal/sitemap"
)

// Writer receives output files; publish.Stager implements it. Paths are
// slash paths relative to the output directory. Methods must be safe for
// concurrent use.
type Writer interface {
	Write(rel string, data []byte) error    // minified by extension
	WriteRaw(rel string, data []byte) error // written as is
	Copy(rel string, src fs.FS, name string) error
}

// Minifier minifies the stylesheet before it is fingerprinted, so the
// hash and the SRI attribute match the bytes served.
type Minifier interface {
	Bytes(ext string, data []byte) ([]byte, error)
}

// Options configure a Renderer.
type Options struct {
	Source   fs.FS // the site source (content/, static/)
	Layouts  Layouts
	Markdown *markdown.Renderer
	Minifier Minifier // nil: the stylesheet is not minified
	Workers  int      // default GOMAXPROCS
	// Stop, when closed, makes Run stop between pages and outputs and
	// return ErrStopped.
	Stop <-chan struct{}
	// Progress, if set, is called after each page is rendered.
	Progress func(done, total int)
	// Timings, if set, is called with the wall time of each stage.
	Timings func(stage string, d time.Duration)
	// ImageCache keeps the smaller copies of the site's photos between
	// builds; nil makes them every time.
	ImageCache *resize.Cache
	// Templates, if set, are the parsed layouts (LoadTemplates of Layouts),
	// so a caller can parse them while it reads the content; else Run
	// parses them.
	Templates *Templates
	// Splice makes parts many pages share (list items, partialCached
	// results) minified once, by Minifier's Part, and written with the
	// pages as spans (WriteSpans): for a build whose Templates serve it
	// alone. The bytes written are the same.
	Splice bool
}

// templates returns o.Templates, or parses o.Layouts when it is nil.
func (o Options) templates(cfg *config.Config) (*Templates, error) {
	if o.Templates != nil {
		return o.Templates, nil
	}
	return LoadTemplates(o.Layouts, cfg)
}

// Renderer writes every output of one build.
type Renderer struct {
	opts   Options
	cfg    *config.Config
	tmpl   *Templates
	css    Asset
	g      *site.Graph
	out    Writer
	errs   diag.List
	pool   sync.Pool // *bytes.Buffer a page's template writes into
	bodies sync.Pool // *[]byte a page's Markdown is read into (markdownOf)
	htmls  sync.Pool // *[]byte a page's HTML is written into (markdownOf, releaseHTML)
	// anchors: heading ids and #fragment links, checked after every page
	// is rendered; checkOnly: Check, no HTML (check.go).
	anchors   anchors
	checkOnly bool
	// cache, when set, keeps Markdown results between builds (cache.go).
	cache *Cache
	// images, when set, gives Markdown images their width and height.
	images *siteImages
}

// writeImageCopies writes the smaller copies of the site's photos
// (siteImages.copies), made on all cores, or taken from the cache.
func (r *Renderer) writeImageCopies() {
	list := r.images.copies()
	r.parallel(len(list), func(i int) {
		if err := writeCopies(r.opts.Source, r.opts.ImageCache, list[i], r.out); err != nil {
			r.errs.Add(err)
		}
	})
}

// markdownImages returns r.images as the Markdown renderer asks it, or nil.
func (r *Renderer) markdownImages() markdown.Images {
	if r.images == nil {
		return nil
	}
	return r.images.image
}

// Run renders graph g into out: pages (streamed, each page's HTML dropped
// once written), lists, feeds, sitemap, robots.txt, security.txt, 404,
// aliases, static files and bundle resources. files lists the non-Markdown
// files of content/ (relative to content/). The error is a *diag.List of
// every problem found.
func Run(g *site.Graph, files []string, out Writer, opts Options) error {
	if opts.Workers < 1 {
		opts.Workers = runtime.GOMAXPROCS(0)
	}
	r := &Renderer{opts: opts, cfg: g.Config, g: g, out: out, images: newSiteImages(opts.Source)}
	r.images.use(g, files)
	r.pool.New = func() any { return new(pageBuf) }
	tmpl, err := opts.templates(g.Config)
	if err != nil {
		return err
	}
	r.tmpl = tmpl
	if pm, ok := opts.Minifier.(partMinifier); ok && opts.Splice {
		if _, ok := out.(spanWriter); ok {
			tmpl.spans.min = pm
		}
	}
	if err := r.writeCSS(); err != nil {
		return err
	}
	var timingsMu sync.Mutex // stages below run side by side
	stage := func(name string, run func()) {
		start := time.Now()
		run()
		if opts.Timings != nil {
			timingsMu.Lock()
			opts.Timings("render "+name, time.Since(start))
			timingsMu.Unlock()
		}
	}
	stage("static files", func() { r.copyFiles(files) })
	// Home's and the sections' Markdown text first: a page's layout may
	// show it (.Page.Section.Page.Content), as RunCached renders it first.
	stage("list texts", r.renderListTexts)
	stage("pages", r.renderPages)
	if r.stopped() {
		return ErrStopped
	}
	// Everything after the pages reads what rendering them set (summaries)
	// and writes its own files: the stages run side by side, so the serial
	// ones (the search index, the sitemap) use the core the others leave.
	// Their times overlap.
	var wg sync.WaitGroup
	for _, st := range append([]siteStage{
		{"lists", r.writeLists},
		{"feeds", r.renderFeeds},
		{"sitemap", r.renderMeta}, // sitemap, robots.txt, security.txt
		{"image copies", r.writeImageCopies},
	}, r.siteStages()...) {
		wg.Go(func() { stage(st.name, st.run) })
	}
	wg.Wait()
	if r.stopped() {
		return ErrStopped // what was rendered is not the whole site
	}
	stage("anchors", func() { r.anchors.check(&r.errs) }) // check.go: after every page and list text is rendered
	return r.errs.Err()
}

// ErrStopped is Run's error when Options.Stop was closed before it ended.
var ErrStopped = errors.New("render stopped")

// stopped reports whether opts.Stop is closed.
func (r *Renderer) stopped() bool {
	select {
	case <-r.opts.Stop:
		return true
	default:
		return false
	}
}

// siteStage is a stage that writes files of the whole site.
type siteStage struct {
	name string
	run  func()
}

// siteStages are the stages after the pages that write files of the
// whole site with one fingerprint in watch mode (RunCached's "site" job);
// Run runs them beside the lists, feeds and sitemap, which watch mode
// fingerprints one by one.
func (r *Renderer) siteStages() []siteStage {
	return []siteStage{
		{"calendars", r.renderCalendars},         // official.go: the .ics feed of press conferences
		{"search", r.renderSearch},               // search.go: index, script and /tim-kiem/
		{"accessibility", r.renderAccessibility}, // accessibility.go: /kha-nang-tiep-can/
	}
}

func (r *Renderer) data(p *site.Page, pager *site.Pager) *Data {
	return &Data{Site: r.g.Site, Page: p, Pager: pager, CSS: r.css, Lang: r.cfg.Language}
}

// execute renders layout with data and writes it to rel in out.
func (r *Renderer) execute(out Writer, layout, rel string, d *Data) error {
	page := r.pool.Get().(*pageBuf)
	page.Reset()
	page.spans = page.spans[:0]
	defer r.pool.Put(page)
	defer r.tmpl.spans.track(page)()
	if err := r.tmpl.Execute(&page.Buffer, layout, d); err != nil {
		return err
	}
	if sw, ok := out.(spanWriter); ok && len(page.spans) > 0 {
		return sw.WriteSpans(rel, page.Bytes(), page.spans)
	}
	return out.Write(rel, page.Bytes())
}

func (r *Renderer) writeCSS() error {
	css, err := r.opts.Layouts.ReadFile("assets/style.css")
	if err != nil {
		return diag.Errorf("layouts/assets/style.css", 0, 0, "stylesheet is missing (%s)", err.Error())
	}
	if r.opts.Minifier != nil {
		if css, err = r.opts.Minifier.Bytes(".css", css); err != nil {
			return diag.Errorf("layouts/assets/style.css", 0, 0, "minify stylesheet: %s", err.Error())
		}
	}
	sum := sha256.Sum256(css)
	sri := sha512.Sum384(css)
	r.css = Asset{
		URL:       "/css/style." + hex.EncodeToString(sum[:4]) + ".css",
		Integrity: "sha384-" + base64.StdEncoding.EncodeToString(sri[:]),
	}
	return r.out.WriteRaw(strings.TrimPrefix(r.css.URL, "/"), css)
}

// copyFiles copies static/ to the output root and loose files of content/
// (those not in a page bundle) to the same relative path.
func (r *Renderer) copyFiles(files []string) {
	r.copyStatic(r.out)
	r.copyLoose(r.out, files)
}

// copyStatic copies static/ to the output root, dot files too
// (.well-known/, .htaccess), but not editors' temporary files.
func (r *Renderer) copyStatic(out Writer) {
	src := r.opts.Source
	_ = fs.WalkDir(src, "static", func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			if name != "static" {
				r.errs.Addf(name, 0, 0, "read: %s", err.Error())
			}
			return nil
		}
		if d.IsDir() || editortemp.Is(name) {
			return nil // an editor's backup or swap file is never published
		}
		if err := out.Copy(strings.TrimPrefix(name, "static/"), src, name); err != nil {
			r.errs.Addf(name, 0, 0, "copy: %s", err.Error())
		}
		return nil
	})
}

// copyLoose copies the files of content/ that are not in a page bundle
// to the same relative path.
func (r *Renderer) copyLoose(out Writer, files []string) {
	bundled := map[string]bool{}
	for _, p := range r.g.AllSources() {
		for _, res := range p.Resources {
			bundled[res] = true
		}
	}
	for _, f := range files {
		if bundled[f] {
			continue
		}
		if err := out.Copy(f, r.opts.Source, "content/"+f); err != nil {
			r.errs.Addf("content/"+f, 0, 0, "copy: %s", err.Error())
		}
	}
}

// renderPages renders every regular page on all cores. Each page's HTML
// is rendered, written and dropped; only its summary is kept for lists.
func (r *Renderer) renderPages() {
	pages := r.g.Pages
	var done atomic.Int64
	progress := func() {
		if r.opts.Progress != nil {
			r.opts.Progress(int(done.Add(1)), len(pages))
		}
	}
	// A page sets its summary, resources and content as it renders, so a
	// layout that shows another page's (readsOthers) would show them or
	// not by the order pages render in: such pages render after all the
	// others, once their own summaries and resources are set too.
	first, later := pages, []*site.Page(nil)
	read := r.tmpl.layoutsRead()
	anyOthers := false
	for _, rd := range read {
		anyOthers = anyOthers || rd.others
	}
	if anyOthers {
		first = make([]*site.Page, 0, len(pages))
		for _, p := range pages {
			if layout, ok := r.pickLayout(p); ok && read[layout].others {
				later = append(later, p)
			} else {
				first = append(first, p)
			}
		}
	}
	r.parallel(len(first), func(i int) {
		r.renderPage(first[i])
		progress()
	})
	results := make([]*markdown.Result, len(later))
	r.parallel(len(later), func(i int) { results[i] = r.preparePage(later[i]) })
	// One at a time: each sets its own .Content while it renders, which
	// another of them would show or not by timing.
	for i, p := range later {
		if r.stopped() {
			return
		}
		r.finishPage(p, results[i])
		progress()
	}
}

// parallel calls fn(0) … fn(n-1) on opts.Workers goroutines and waits,
// or calls no more of them once opts.Stop is closed.
func (r *Renderer) parallel(n int, fn func(i int)) {
	parallel.For(n, r.opts.Workers, r.stopped, fn)
}

func (r *Renderer) renderPage(p *site.Page) {
	r.finishPage(p, r.preparePage(p))
}

// preparePage copies p's bundle files, renders its Markdown and sets its
// resources and summary; nil when its Markdown failed.
func (r *Renderer) preparePage(p *site.Page) *markdown.Result {
	r.writeResources(p)
	res := r.markdownOf(p) // check.go: shared with congbo check
	if res != nil && p.Summary == "" {
		p.Summary = res.Summary
	}
	return res
}

// finishPage renders p's layout with its Markdown res and writes it.
func (r *Renderer) finishPage(p *site.Page, res *markdown.Result) {
	if res == nil {
		return
	}
	p.Content = htmlOf(res.HTML)
	layout, ok := r.layoutOf(p)
	if !ok {
		return
	}
	if err := r.execute(r.out, layout, site.OutputPath(p.URL), r.data(p, nil)); err != nil {
		r.errs.Add(err)
	}
	p.Content = ""
	r.releaseHTML(res)
	r.writePageFiles(r.out, p) // official.go: vCard, iCalendar beside the page
}

// releaseHTML gives the array of res.HTML to the next page's Markdown, once
// the page is written: nothing of a build keeps a page's .Content (its
// summary is a copy; partialCached keeps what a partial printed, not what
// it was given). The watch cache keeps its results, so then it does nothing.
func (r *Renderer) releaseHTML(res *markdown.Result) {
	if r.cache != nil || cap(res.HTML) > maxPooledBody {
		return
	}
	html := res.HTML[:0]
	res.HTML = nil
	r.htmls.Put(&html)
}

// writeResources copies a bundle's files beside its page and records their
// size and SHA-256 for the template (attachments are listed with both).
func (r *Renderer) writeResources(p *site.Page) {
	src := p.Source
	if !src.Bundle {
		return
	}
	bundleDir := path.Dir(src.Path)
	outDir := path.Dir(site.OutputPath(p.URL))
	for _, res := range src.Resources {
		b, err := fs.ReadFile(r.opts.Source, "content/"+res)
		if err != nil {
			r.errs.Addf("content/"+res, 0, 0, "read: %s", err.Error())
			continue
		}
		sum := sha256.Sum256(b)
		rs := bundleResource(bundleDir, outDir, res, len(b), hex.EncodeToString(sum[:]))
		p.Resources = append(p.Resources, rs)
		if err := r.out.WriteRaw(strings.TrimPrefix(rs.URL, "/"), b); err != nil {
			r.errs.Addf("content/"+res, 0, 0, "write: %s", err.Error())
		}
	}
}

// bundleResource describes the bundle file name (relative to content/) of
// a page whose bundle is bundleDir and whose output directory is outDir.
func bundleResource(bundleDir, outDir, name string, size int, sha string) site.Resource {
	rel := strings.TrimPrefix(name, bundleDir+"/")
	return site.Resource{Name: rel, URL: "/" + path.Join(outDir, rel), Size: int64(size), SHA256: sha}
}

func (r *Renderer) pageSize(s *site.Section) int {
	if sc := r.cfg.Section(s.Dir); sc != nil && sc.PageSize > 0 {
		return sc.PageSize
	}
	return r.cfg.PageSize
}

// renderListText renders the Markdown body of a home or section
// _index.md into p.Content, kept for every pager page of the list.
func (r *Renderer) renderListText(p *site.Page) {
	src := p.Source
	if src == nil || len(bytes.TrimSpace(src.Body)) == 0 {
		return
	}
	if res := r.markdownOf(p); res != nil { // check.go: shared with congbo check
		p.Content = htmlOf(res.HTML)
	}
}

// htmlOf views the HTML of a Markdown result as a string without copying
// it: the result's bytes are not written while it is in use (after
// releaseHTML, the next page's Markdown writes over a page's HTML), and a
// page's HTML is most of what a build allocates.
func htmlOf(b []byte) template.HTML {
	return template.HTML(unsafe.String(unsafe.SliceData(b), len(b)))
}

// renderListTexts renders the Markdown text of home and of every section.
func (r *Renderer) renderListTexts() {
	r.renderListText(r.g.Home)
	for _, s := range r.g.Sections {
		r.renderListText(s.Page)
	}
}

// writeLists writes home, section and taxonomy lists, term pages, 404 and
// aliases, in parallel, once renderListTexts has run.
func (r *Renderer) writeLists() {
	jobs := r.listJobs()
	r.parallel(len(jobs), func(i int) {
		j := jobs[i]
		if err := r.execute(r.out, j.layout, j.rel, j.data); err != nil {
			r.errs.Add(err)
		}
	})
}

// listJob is one list output: home, a section or term pager page, a
// taxonomy, 404, an alias.
type listJob struct {
	layout, rel string
	data        *Data
	own         []*site.Page // every page of the node's list (render.Cache fingerprints them)
}

// listJobs lists every list output, in a fixed order.
func (r *Renderer) listJobs() []listJob {
	var jobs []listJob
	add := func(layout string, p *site.Page, pager *site.Pager, rel string, own []*site.Page) {
		jobs = append(jobs, listJob{layout, rel, r.data(p, pager), own})
	}
	add("home.html", r.g.Home, nil, "index.html", nil)
	for _, s := range r.g.Sections {
		// A section-<type>.html layout shows the whole section on one page
		// (spokespeople grouped as current and past, press conferences as
		// upcoming and past), so it is not paginated.
		if l := "section-" + s.Type + ".html"; r.tmpl.Has(l) {
			add(l, s.Page, nil, site.OutputPath(s.URL), s.Pages)
			continue
		}
		for _, pg := range site.Paginate(s.Pages, r.pageSize(s), s.URL) {
			add("section.html", s.Page, pg, site.OutputPath(pg.URL), s.Pages)
		}
	}
	for _, tx := range r.g.Taxonomies {
		add("taxonomy.html", tx.ListPage(), nil, site.OutputPath(tx.URL), nil)
		for _, t := range tx.Terms {
			for _, pg := range site.Paginate(t.Pages, r.cfg.PageSize, t.URL) {
				add("term.html", t.ListPage(), pg, site.OutputPath(pg.URL), t.Pages)
			}
		}
	}
	notFound := &site.Page{Kind: site.Kind404, Title: "404", URL: "/404.html", Permalink: strings.TrimSuffix(r.cfg.BaseURL, "/") + "/404.html"}
	add("404.html", notFound, nil, "404.html", nil)
	for _, a := range r.g.Aliases {
		d := r.data(a.Target, nil)
		d.Target = a.Target.URL
		jobs = append(jobs, listJob{"alias.html", site.OutputPath(a.URL), d, nil})
	}
	return jobs
}

// renderFeeds writes RSS, Atom and JSON Feed for home, each section and
// each unit (the terms of the "units" taxonomy).
func (r *Renderer) renderFeeds() {
	feeds := r.feeds()
	r.parallel(len(feeds), func(i int) { r.writeFeed(r.out, feeds[i]) })
}

// siteFeed is one feed of the site: its list's URL and its channel, all
// that writeFeed writes its RSS, Atom and JSON files from.
type siteFeed struct {
	url string
	ch  feed.Channel
}

// feeds returns the site's feeds: the home page's, each section's and
// each unit's.
func (r *Renderer) feeds() []siteFeed {
	var feeds []siteFeed
	add := func(url, title, desc string, pages []*site.Page) {
		feeds = append(feeds, siteFeed{url, r.feedChannel(url, title, desc, pages)})
	}
	add("/", r.cfg.Title, r.cfg.Description, r.g.Listed)
	for _, s := range r.g.Sections {
		add(s.URL, s.Title+" – "+r.cfg.Title, s.Page.Description, s.Pages)
	}
	for _, tx := range r.g.Taxonomies {
		if tx.Plural != "units" {
			continue
		}
		for _, t := range tx.Terms {
			add(t.URL, t.Name+" – "+r.cfg.Title, "", t.Pages)
		}
	}
	return feeds
}

// feedChannel returns the channel of the list at listURL: its latest
// FeedItems pages.
func (r *Renderer) feedChannel(listURL, title, desc string, pages []*site.Page) feed.Channel {
	if desc == "" {
		desc = title
	}
	pages = pages[:min(len(pages), r.cfg.FeedItems)]
	ch := feed.Channel{
		Title:       title,
		Description: desc,
		Language:    r.cfg.Language,
		Link:        absURL(r.cfg, listURL),
		Author:      r.cfg.Organization.Name,
	}
	for _, p := range pages {
		if t := latestOf(p.Date, p.Lastmod); t.After(ch.Updated) {
			ch.Updated = t
		}
		it := feed.Item{Title: p.Title, Link: p.Permalink, ID: p.Permalink, Published: p.Date, Updated: p.Lastmod, Summary: p.Summary}
		for _, tl := range p.Terms {
			for _, t := range tl.Terms {
				it.Categories = append(it.Categories, t.Name)
			}
		}
		ch.Items = append(ch.Items, it)
	}
	if ch.Updated.IsZero() {
		ch.Updated = r.g.BuildDate
	}
	return ch
}

// writeFeed writes f as index.xml, atom.xml and feed.json in its list's
// directory.
func (r *Renderer) writeFeed(out Writer, f siteFeed) {
	dir := strings.TrimPrefix(f.url, "/")
	makers := []func(feed.Channel) []byte{feed.RSS, feed.Atom, feed.JSON}
	write := out.Write
	if r.opts.Minifier != nil {
		// The compact feeds are what minifying the indented ones gives
		// (feed's TestCompactIsMinified): written as they are.
		makers = []func(feed.Channel) []byte{feed.CompactRSS, feed.CompactAtom, feed.CompactJSON}
		write = out.WriteRaw
	}
	ch := f.ch
	for i, name := range []string{"index.xml", "atom.xml", "feed.json"} {
		ch.FeedURL = absURL(r.cfg, f.url+name)
		if err := write(dir+name, makers[i](ch)); err != nil {
			r.errs.Add(err)
		}
	}
}

func latestOf(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// renderMeta writes sitemap.xml, robots.txt and .well-known/security.txt.
func (r *Renderer) renderMeta() {
	r.writeMeta(r.out, r.sitemapURLs())
}

// sitemapURLs returns what the sitemap lists: every page but withdrawn
// ones, the lists, the search page and the accessibility statement.
func (r *Renderer) sitemapURLs() []sitemap.URL {
	var urls []sitemap.URL
	add := func(p *site.Page) { urls = append(urls, sitemap.URL{Loc: p.Permalink, Lastmod: p.Lastmod}) }
	add(r.g.Home)
	for _, p := range r.g.Pages {
		if !p.Withdrawn {
			add(p)
		}
	}
	for _, s := range r.g.Sections {
		add(s.Page)
	}
	for _, tx := range r.g.Taxonomies {
		add(tx.ListPage())
		for _, t := range tx.Terms {
			add(t.ListPage())
		}
	}
	// The generated search page and accessibility statement (a content page
	// that replaces the statement is listed above).
	base := strings.TrimSuffix(r.cfg.BaseURL, "/")
	add(&site.Page{Permalink: base + SearchURL})
	statement := &site.Page{Permalink: base + AccessibilityURL, Lastmod: r.cfg.Accessibility.LastReview}
	for _, p := range r.g.Pages {
		if p.URL == AccessibilityURL {
			statement = nil
		}
	}
	if statement != nil {
		add(statement)
	}
	return urls
}

// writeMeta writes the sitemap of urls, robots.txt and
// .well-known/security.txt.
func (r *Renderer) writeMeta(out Writer, urls []sitemap.URL) {
	build, write := sitemap.Build, out.Write
	if r.opts.Minifier != nil {
		// What minifying Build's files gives (sitemap's
		// TestCompactIsMinified): written as they are.
		build, write = sitemap.BuildCompact, out.WriteRaw
	}
	for name, b := range build(r.cfg.BaseURL, urls) {
		if err := write(name, b); err != nil {
			r.errs.Add(err)
		}
	}
	robots := fmt.Sprintf("User-agent: *\nAllow: /\n\nSitemap: %ssitemap.xml\n", r.cfg.BaseURL)
	if err := out.WriteRaw("robots.txt", []byte(robots)); err != nil {
		r.errs.Add(err)
	}
	if b := securityTxt(r.cfg); b != nil {
		if err := out.WriteRaw(".well-known/security.txt", b); err != nil {
			r.errs.Add(err)
		}
	}
}

// securityTxt writes RFC 9116's file from site.yaml, or nil when no
// contact is configured.
func securityTxt(cfg *config.Config) []byte {
	sec := cfg.Security
	if len(sec.Contact) == 0 || sec.Expires.IsZero() {
		return nil
	}
	var b strings.Builder
	for _, c := range sec.Contact {
		fmt.Fprintf(&b, "Contact: %s\n", c)
	}
	fmt.Fprintf(&b, "Expires: %s\n", sec.Expires.UTC().Format(time.RFC3339))
	if sec.PreferredLanguages != "" {
		fmt.Fprintf(&b, "Preferred-Languages: %s\n", sec.PreferredLanguages)
	}
	if sec.Policy != "" {
		fmt.Fprintf(&b, "Policy: %s\n", sec.Policy)
	}
	fmt.Fprintf(&b, "Canonical: %s.well-known/security.txt\n", cfg.BaseURL)
	// RFC 9116 has no field for a signing key: comments carry it.
	if sec.PublicKey != "" {
		fmt.Fprintf(&b, "# Site signing key (minisign): %s\n", sec.PublicKey)
		fmt.Fprintf(&b, "# Manifest: %s.well-known/congbo-manifest.txt\n", cfg.BaseURL)
	}
	return []byte(b.String())
}
