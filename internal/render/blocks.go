package render

import (
	"bytes"
	"fmt"
	"html/template"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/congbo/congbo/internal/config"
	"github.com/congbo/congbo/internal/site"
	"github.com/congbo/congbo/internal/texec"
)

// The blocks below print parts of the default theme that every page has
// (the <head> links, breadcrumb, page meta, terms, pager, footer line)
// and the items of every list.
// As template actions they were most of a build's template time: each
// action is a reflective call, and html/template adds an escaper call to
// each. In Go they print exactly what their templates printed, escaped as
// html/template escapes (TestBlocksMatchTemplates builds whole sites both
// ways and compares every byte; the templates are kept in
// internal/build/testdata/template-theme). The theme's partials call them,
// so a site that wants other markup overrides the partial.

// blockWriter builds one block. Text and attribute values are escaped as
// html/template escapes them, hrefs also filtered and normalized; the
// first missing translation is kept in err.
type blockWriter struct {
	*bytes.Buffer
	ts  *Templates
	loc *time.Location
	err error
}

// blockBody writes a block for arg into w, or returns why it cannot.
type blockBody[T any] func(w *blockWriter, arg T) error

// blockBufs holds the buffers blocks are built in when they are not
// printed straight into a page (maxBlockBuf bytes at most).
var blockBufs = sync.Pool{New: func() any { return new(bytes.Buffer) }}

const maxBlockBuf = 64 << 10

// block returns the FuncMap function of a block, and its texec.Appender.
// Where a layout prints the block into the page ({{pageMeta .Page}} in
// an element's content, run by texec), the block writes into the page
// itself; anywhere else (html/template, a variable, an argument) it is
// built in a pooled buffer and copied out once, at its size.
func block[T any](ts *Templates, cfg *config.Config, body blockBody[T]) (func(T) (template.HTML, error), texec.Appender) {
	loc := location(cfg)
	run := func(buf *bytes.Buffer, arg T) error {
		w := blockWriter{Buffer: buf, ts: ts, loc: loc}
		if err := body(&w, arg); err != nil {
			return err
		}
		return w.err
	}
	fn := func(arg T) (template.HTML, error) {
		buf := blockBufs.Get().(*bytes.Buffer)
		buf.Reset()
		var html template.HTML
		err := run(buf, arg)
		if err == nil {
			html = template.HTML(buf.String())
		}
		if buf.Cap() <= maxBlockBuf {
			blockBufs.Put(buf)
		}
		return html, err
	}
	app := func(buf *bytes.Buffer, arg any) error {
		a, _ := arg.(T) // the zero T for a nil argument, as a reflective call passes
		return run(buf, a)
	}
	return fn, app
}

// The partials page meta prints in Go unless the site has its own.
const (
	valuePartial    = "partials/value.html"
	unitLinkPartial = "partials/unit-link.html"
)

// partial writes partial name executed with data: a site's own version of
// a partial the block otherwise prints in Go.
func (w *blockWriter) partial(name string, data any) {
	if w.err == nil {
		w.err = w.ts.executePartial(w.Buffer, name, data)
	}
}

// text writes s escaped as text or as a quoted attribute value.
func (w *blockWriter) text(s string) { writeAttrEscaped(w.Buffer, s) }

// lang writes ` lang="…"` for a page written in another language than the
// site's (site.Page.Lang), nothing for "".
func (w *blockWriter) lang(lang string) {
	if lang != "" {
		w.WriteString(` lang="`)
		w.text(lang)
		w.WriteString(`"`)
	}
}

// value writes a front matter value as {{.}} prints it: nil as nothing.
func (w *blockWriter) value(v any) {
	if v == nil {
		return
	}
	w.text(stringify(v))
}

// url writes s as html/template writes it in href="…": an unsafe scheme
// becomes #ZgotmplZ, other bytes are percent-encoded as its URL
// normalizer does, and the result is attribute-escaped.
func (w *blockWriter) url(s string) {
	if !isSafeURL(s) {
		s = "#ZgotmplZ"
	}
	w.text(normalizeURL(s))
}

// t writes the translation of key, escaped; args as T's.
func (w *blockWriter) t(key string, args ...any) {
	s, err := w.ts.translate(key, args...)
	if err != nil {
		if w.err == nil {
			w.err = err
		}
		return
	}
	w.text(s)
}

func (w *blockWriter) iso(t time.Time) {
	if !t.IsZero() {
		w.text(t.In(w.loc).Format(time.RFC3339))
	}
}

func (w *blockWriter) date(t time.Time, layout string) {
	if !t.IsZero() {
		w.text(t.In(w.loc).Format(layout))
	}
}

const (
	layoutDate = "02/01/2006 15:04"
	layoutDay  = "02/01/2006"
)

// time writes <time datetime="…">…</time> with the given display layout.
func (w *blockWriter) time(t time.Time, layout string) {
	w.WriteString(`<time datetime="`)
	w.iso(t)
	w.WriteString(`">`)
	w.date(t, layout)
	w.WriteString(`</time>`)
}

// isSafeURL is html/template's scheme check: no scheme, or http, https
// or mailto.
func isSafeURL(s string) bool {
	if protocol, _, ok := strings.Cut(s, ":"); ok && !strings.Contains(protocol, "/") {
		if !strings.EqualFold(protocol, "http") && !strings.EqualFold(protocol, "https") && !strings.EqualFold(protocol, "mailto") {
			return false
		}
	}
	return true
}

// normalizeURL is html/template's URL normalizer: it percent-encodes
// every byte that is neither unreserved nor reserved in RFC 3986, and
// keeps valid %xx escapes.
func normalizeURL(s string) string {
	var b []byte
	written := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
			continue
		case strings.IndexByte("!#$&*+,/:;=?@[]-._~", c) >= 0:
			continue
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			continue
		}
		if b == nil {
			b = make([]byte, 0, len(s)+16)
		}
		b = append(b, s[written:i]...)
		b = append(b, '%', hexDigit[c>>4], hexDigit[c&15])
		written = i + 1
	}
	if b == nil {
		return s
	}
	return string(append(b, s[written:]...))
}

const hexDigit = "0123456789abcdef"

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// pageOf returns the page data of dot (*Data, or a type embedding it).
func pageOf(name string, dot any) (*Data, error) {
	h, ok := dot.(interface{ data() *Data })
	if !ok || h.data() == nil {
		return nil, fmt.Errorf("got %T (pass the page data: {{%s .}})", dot, name)
	}
	return h.data(), nil
}

// headLinks prints the <head> lines of base.html after <title>: the
// description, canonical link, stylesheet, favicon and feed links.
func (ts *Templates) headLinks(cfg *config.Config) blockBody[any] {
	return func(w *blockWriter, dot any) error {
		d, err := pageOf("headLinks", dot)
		if err != nil {
			return err
		}
		if p := d.Page; p != nil {
			w.WriteString("\n<meta name=\"description\" content=\"")
			switch {
			case p.Description != "":
				w.text(p.Description)
			case p.Summary != "":
				w.text(p.Summary)
			default:
				w.text(cfg.Description)
			}
			w.WriteString(`">`)
			if d.Target == "" && p.Kind != site.Kind404 {
				w.WriteString("\n<link rel=\"canonical\" href=\"")
				w.url(canonical(cfg, d))
				w.WriteString(`">`)
			}
		}
		w.WriteString("\n<link rel=\"stylesheet\" href=\"")
		w.url(d.CSS.URL)
		w.WriteString(`"`)
		if d.CSS.Integrity != "" {
			w.WriteString(` integrity="`)
			w.text(d.CSS.Integrity)
			w.WriteString(`"`)
		}
		w.WriteString(`>`)
		if icon := cfg.Params["favicon"]; truth(icon) {
			w.WriteString("\n<link rel=\"icon\" href=\"")
			w.url(stringify(icon))
			w.WriteString(`">`)
		}
		if d.Target == "" {
			w.feedLinks(cfg.Title, "/")
			if d.Page != nil && d.Page.Section != nil {
				w.feedLinks(d.Page.Section.Title, d.Page.Section.URL)
			}
		}
		return nil
	}
}

// feedLinks writes the RSS, Atom and JSON Feed links of the list at dir.
func (w *blockWriter) feedLinks(title, dir string) {
	for _, f := range [...]struct{ typ, name, file string }{
		{"application/rss+xml", "RSS", "index.xml"},
		{"application/atom+xml", "Atom", "atom.xml"},
		{"application/feed+json", "JSON Feed", "feed.json"},
	} {
		w.WriteString("\n<link rel=\"alternate\" type=\"")
		w.WriteString(f.typ)
		w.WriteString(`" title="`)
		w.text(title)
		w.WriteString(` (`)
		w.WriteString(f.name)
		w.WriteString(`)" href="`)
		w.url(dir)
		w.WriteString(f.file)
		w.WriteString(`">`)
	}
}

// canonical is the page's absolute URL; for page 2 and on of a list, that
// page's.
func canonical(cfg *config.Config, d *Data) string {
	if d.Pager != nil && d.Pager.Number > 1 {
		return absURL(cfg, d.Pager.URL)
	}
	return d.Page.Permalink
}

// absURL is u (root-relative) on the site's baseURL: the abs function.
func absURL(cfg *config.Config, u string) string {
	return strings.TrimSuffix(cfg.BaseURL, "/") + "/" + strings.TrimPrefix(u, "/")
}

// breadcrumb prints partials/breadcrumb.html: home, the section or
// taxonomy, and the page itself.
func (ts *Templates) breadcrumb(w *blockWriter, dot any) error {
	d, err := pageOf("breadcrumb", dot)
	if err != nil {
		return err
	}
	p := d.Page
	if p == nil {
		return fmt.Errorf("the data has no .Page (call it in a layout of a page or list)")
	}
	w.WriteString(`<nav class="breadcrumb" aria-label="`)
	w.t("breadcrumb")
	w.WriteString("\">\n<ol>\n<li><a href=\"/\">")
	w.t("home")
	w.WriteString("</a></li>")
	if p.Kind == site.KindPage && p.Section != nil {
		w.WriteString("\n<li><a href=\"")
		w.url(p.Section.URL)
		w.WriteString(`">`)
		w.text(p.Section.Title)
		w.WriteString("</a></li>")
	}
	if p.Kind == site.KindTerm && p.Taxonomy != nil {
		w.WriteString("\n<li><a href=\"")
		w.url(p.Taxonomy.URL)
		w.WriteString(`">`)
		w.t("taxonomy_" + p.Taxonomy.Plural)
		w.WriteString("</a></li>")
	}
	w.WriteString("\n<li><span aria-current=\"page\"")
	w.lang(p.Lang)
	w.WriteString(">")
	switch p.Kind {
	case site.KindTaxonomy:
		if p.Taxonomy != nil {
			w.t("taxonomy_" + p.Taxonomy.Plural)
		}
	case site.KindTerm:
		if p.Term != nil {
			w.text(p.Term.Name)
		}
	default:
		w.text(p.Title)
	}
	w.WriteString("</span></li>\n</ol>\n</nav>")
	return nil
}

// originalAt prints the footer's "original at" line: the page's address
// on the site, for copies and printouts.
func (ts *Templates) originalAt(cfg *config.Config) blockBody[any] {
	return func(w *blockWriter, dot any) error {
		d, err := pageOf("originalAt", dot)
		if err != nil {
			return err
		}
		if d.Page == nil || d.Page.Kind == site.Kind404 {
			return nil
		}
		orig := canonical(cfg, d)
		if orig == "" {
			return nil
		}
		w.WriteString("\n<div class=\"wrap original\">\n<p>")
		w.t("original_at")
		w.WriteString(`: <a href="`)
		w.url(orig)
		w.WriteString(`">`)
		w.text(orig)
		w.WriteString("</a></p>\n</div>")
		return nil
	}
}

// pageMeta prints partials/page-meta.html: number, dates, units, signer,
// validity, effective date and deadline of a page (dot is the *site.Page).
func (ts *Templates) pageMeta(w *blockWriter, p *site.Page) error {
	if p == nil {
		return fmt.Errorf("got no page (pass the page: {{pageMeta .Page}})")
	}
	num := p.Params["number"]
	w.WriteString(`<dl class="page-meta">`)
	if truth(num) {
		w.WriteString("\n<div><dt>")
		w.t("number")
		w.WriteString("</dt><dd>")
		w.value(num)
		w.WriteString("</dd></div>")
	}
	if !p.Date.IsZero() {
		w.WriteString("\n<div><dt>")
		if truth(num) {
			w.t("date_issued")
		} else {
			w.t("date_published")
		}
		w.WriteString("</dt><dd>")
		w.time(p.Date, layoutDate)
		w.WriteString("</dd></div>")
	}
	if !p.Lastmod.IsZero() && p.Lastmod.After(p.Date) {
		w.WriteString("\n<div><dt>")
		w.t("lastmod")
		w.WriteString("</dt><dd>")
		w.time(p.Lastmod, layoutDate)
		w.WriteString("</dd></div>")
	}
	units := false
	for _, l := range p.Terms {
		if l.Taxonomy.Plural != "units" {
			continue
		}
		units = true
		w.WriteString("\n<div><dt>")
		w.t("unit")
		w.WriteString(`</dt><dd><ul class="inline-list">`)
		for _, t := range l.Terms {
			if w.ts.sitePartials[unitLinkPartial] {
				w.WriteString("<li>")
				w.partial(unitLinkPartial, t)
				w.WriteString("</li>")
				continue
			}
			// partials/unit-link.html
			w.WriteString(`<li><a href="`)
			if t.Profile != nil {
				w.url(t.Profile.URL)
			} else {
				w.url(t.URL)
			}
			w.WriteString(`">`)
			w.text(t.Name)
			w.WriteString("</a></li>")
		}
		w.WriteString("</ul></dd></div>")
	}
	if u := p.Params["unit"]; !units && truth(u) {
		w.dd("unit", u)
	}
	if s := p.Params["signer"]; truth(s) {
		w.WriteString("\n<div><dt>")
		w.t("signer")
		w.WriteString("</dt><dd>")
		w.frontMatter(s)
		if st := p.Params["signer_title"]; truth(st) {
			w.WriteString(", ")
			w.value(st)
		}
		w.WriteString("</dd></div>")
	}
	if !p.ExpiryDate.IsZero() {
		w.WriteString("\n<div><dt>")
		w.t("valid_until")
		w.WriteString("</dt><dd>")
		w.time(p.ExpiryDate, layoutDay)
		w.WriteString("</dd></div>")
	}
	if v := p.Params["effective"]; truth(v) {
		w.dd("effective_date", v)
	}
	if v := p.Params["deadline"]; truth(v) {
		w.dd("deadline", v)
	}
	w.WriteString("\n</dl>")
	return nil
}

// dd writes one <div><dt>label</dt><dd>value</dd></div> of the page meta.
func (w *blockWriter) dd(label string, v any) {
	w.WriteString("\n<div><dt>")
	w.t(label)
	w.WriteString("</dt><dd>")
	w.frontMatter(v)
	w.WriteString("</dd></div>")
}

// frontMatter writes a front matter value as partials/value.html does: a
// time as <time>, a list joined by "; ", a map as its name and title,
// else the value.
func (w *blockWriter) frontMatter(v any) {
	if w.ts.sitePartials[valuePartial] {
		w.partial(valuePartial, v)
		return
	}
	switch v := v.(type) {
	case time.Time:
		if v.IsZero() {
			return
		}
		if v.Hour() == 0 && v.Minute() == 0 {
			w.time(v, layoutDay)
		} else {
			w.time(v, layoutDate)
		}
	case []any:
		for i, e := range v {
			if i > 0 {
				w.WriteString("; ")
			}
			w.frontMatter(e)
		}
	case map[string]any:
		if n := v["name"]; truth(n) {
			w.value(n)
		}
		if t := v["title"]; truth(t) {
			w.WriteString(", ")
			w.value(t)
		}
	default:
		w.value(v)
	}
}

// termLists prints partials/terms.html: the page's terms per taxonomy,
// except units (the page meta shows those), linked to their lists.
func (ts *Templates) termLists(w *blockWriter, p *site.Page) error {
	if p == nil {
		return fmt.Errorf("got no page (pass the page: {{termLists .Page}})")
	}
	any := false
	for _, l := range p.Terms {
		if l.Taxonomy.Plural != "units" {
			any = true
		}
	}
	if !any {
		return nil
	}
	w.WriteString("\n<dl class=\"terms\">")
	for _, l := range p.Terms {
		if l.Taxonomy.Plural == "units" {
			continue
		}
		w.WriteString("\n<div><dt>")
		w.t("taxonomy_" + l.Taxonomy.Plural)
		w.WriteString(`</dt><dd><ul class="term-list">`)
		for _, t := range l.Terms {
			w.WriteString(`<li><a href="`)
			w.url(t.URL)
			w.WriteString(`" rel="tag">`)
			w.text(t.Name)
			w.WriteString("</a></li>")
		}
		w.WriteString("</ul></dd></div>")
	}
	w.WriteString("\n</dl>")
	return nil
}

// pager prints partials/pager.html: previous, numbered and next links of
// a paginated list (dot is the *site.Pager), when it has more than one page.
func (ts *Templates) pager(w *blockWriter, pg *site.Pager) error {
	if pg == nil || pg.Total <= 1 {
		return nil
	}
	w.WriteString("\n<nav class=\"pager\" aria-label=\"")
	w.t("pager_label")
	w.WriteString("\">\n<ul>")
	if pg.PrevURL != "" {
		w.WriteString("\n<li class=\"pager-prev\"><a href=\"")
		w.url(pg.PrevURL)
		w.WriteString(`" rel="prev"><span aria-hidden="true">← </span>`)
		w.t("pager_prev")
		w.WriteString("</a></li>")
	}
	page, err := ts.translate("page")
	if err != nil {
		return err
	}
	for _, l := range pg.Links {
		if l.Number == 0 {
			w.WriteString("\n<li class=\"pager-gap\" aria-hidden=\"true\">…</li>")
			continue
		}
		w.WriteString("\n<li class=\"pager-num\"><a href=\"")
		w.url(l.URL)
		w.WriteString(`"`)
		if l.Current {
			w.WriteString(` aria-current="page"`)
		}
		w.WriteString(`><span class="visually-hidden">`)
		w.text(page)
		w.WriteString(` </span>`)
		w.WriteString(strconv.Itoa(l.Number))
		w.WriteString("</a></li>")
	}
	if pg.NextURL != "" {
		w.WriteString("\n<li class=\"pager-next\"><a href=\"")
		w.url(pg.NextURL)
		w.WriteString(`" rel="next">`)
		w.t("pager_next")
		w.WriteString(`<span aria-hidden="true"> →</span></a></li>`)
	}
	w.WriteString("\n</ul>\n<p class=\"pager-status\">")
	w.t("pager_status", pg.Number, pg.Total)
	w.WriteString("</p>\n</nav>")
	return nil
}

// menuKey is the key base.html caches the header under: what of the
// header differs between pages, namely the page's section and the main
// menu entries that link to the page itself ("<section URL>|<URL>…").
func menuKey(cfg *config.Config) func(dot any) (string, error) {
	return func(dot any) (string, error) {
		d, err := pageOf("menuKey", dot)
		if err != nil {
			return "", err
		}
		p := d.Page
		if p == nil {
			return "", nil
		}
		key := ""
		if p.Section != nil {
			key = p.Section.URL
		}
		for _, m := range cfg.Menus["main"] {
			if m.URL == p.URL {
				key += "|" + m.URL
			}
		}
		return key, nil
	}
}

// listItemPartial is the partial itemList prints each page with.
const listItemPartial = "partials/list-item.html"

// itemList prints the <ul class="item-list"> of a list page: each page as
// partials/list-item.html prints it, rendered once per build and reused
// (the partial may be the site's own; the theme's calls listItem). A page
// appears on its section's list, its terms' lists and the home page; a
// reflective partialCached call per item was most of a list page's
// template time. Items are kept by page (partialCache.items), which is
// found faster than by the page's URL.
func (ts *Templates) itemList(w *blockWriter, pages []*site.Page) error {
	w.WriteString("\n<ul class=\"item-list\">")
	page := ts.spans.of(w.Buffer)
	for _, p := range pages {
		item, ok := ts.cached.item(p)
		if !ok {
			var buf bytes.Buffer
			if err := ts.executePartial(&buf, listItemPartial, p); err != nil {
				return err
			}
			item = ts.spans.newPart(buf.String())
			ts.cached.storeItem(p, item)
		}
		w.WriteString("\n")
		item.write(page, w.Buffer)
	}
	w.WriteString("\n</ul>")
	return nil
}

// listItem prints partials/list-item.html: one page of a list as a card,
// its title linked, then its type, number and date, and its summary (dot
// is the *site.Page). itemList renders the partial once per page and
// build; in Go it costs a few µs instead of tens.
func (ts *Templates) listItem(w *blockWriter, p *site.Page) error {
	if p == nil {
		return fmt.Errorf("got no page (pass the page: {{listItem .}})")
	}
	w.WriteString("<li class=\"item\">\n<article class=\"card\">\n<h2 class=\"item-title\"")
	w.lang(p.Lang)
	w.WriteString("><a href=\"")
	w.url(p.URL)
	w.WriteString(`">`)
	w.text(p.Title)
	w.WriteString("</a></h2>\n<p class=\"item-meta\">")
	if p.Type != "" {
		w.WriteString(`<span class="item-type">`)
		w.t("type_" + p.Type)
		w.WriteString("</span>")
	}
	if num := p.Params["number"]; truth(num) {
		w.WriteString(` <span class="item-number"><span class="visually-hidden">`)
		w.t("number")
		w.WriteString(": </span>")
		w.value(num)
		w.WriteString("</span>")
	}
	if !p.Date.IsZero() {
		w.WriteString(" ")
		w.time(p.Date, layoutDate)
	}
	w.WriteString("</p>")
	if p.Summary != "" {
		w.WriteString("\n<p class=\"item-summary\"")
		w.lang(p.Lang)
		w.WriteString(">")
		w.text(p.Summary)
		w.WriteString("</p>")
	}
	w.WriteString("\n</article>\n</li>")
	return nil
}
