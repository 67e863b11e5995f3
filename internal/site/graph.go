package site

import (
	"cmp"
	"errors"
	"fmt"
	"net/url"
	"path"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/congbo/congbo/internal/config"
	"github.com/congbo/congbo/internal/content"
	"github.com/congbo/congbo/internal/diag"
	"github.com/congbo/congbo/internal/parallel"
	"github.com/congbo/congbo/internal/slug"
)

// Options choose which pages a build publishes.
type Options struct {
	Drafts bool      // publish pages with draft: true
	Future bool      // publish pages whose publishDate (else date) is after Now
	Now    time.Time // the build's notion of now: future and expiry are judged against it
}

// Alias is a redirect page written at an old URL.
type Alias struct {
	URL    string // root-relative URL of the redirect page
	Target *Page
}

// Graph is a Site plus what the renderer needs that templates do not:
// aliases, the content path index for link resolution and the files to copy.
type Graph struct {
	*Site
	Aliases []Alias
	byPath  map[string]*Page  // content path ("thong-bao/a.md") → rendered page or list node
	hidden  map[string]string // content path → why it is not published ("draft", "future")
	sources []*content.Page

	linkDigest     uint64 // see LinkDigest
	linkDigestOnce sync.Once

	owners map[string]*content.Page // URL → the file that claimed it (Serves)
}

// Serves reports whether url (root-relative, without query or fragment)
// is a page, list, term, alias or page congbo writes itself, or a page of
// a list's pager (…/page/2/): an address a menu may link to.
func (g *Graph) Serves(url string) bool {
	if url == "/" || g.owners[url] != nil {
		return true
	}
	if i := strings.LastIndex(strings.TrimSuffix(url, "/"), "/page/"); i >= 0 && strings.HasSuffix(url, "/") {
		n := url[i+len("/page/") : len(url)-1]
		if _, err := strconv.Atoi(n); err == nil && n != "" {
			return url[:i+1] == "/" || g.owners[url[:i+1]] != nil
		}
	}
	return false
}

// AllSources returns every parsed content file, published or not.
func (g *Graph) AllSources() []*content.Page { return g.sources }

// URLs of pages congbo writes itself, which no page, alias, section or
// term may take (a page may be the accessibility statement: then congbo
// writes none).
const (
	SearchURL        = "/tim-kiem/"
	AccessibilityURL = "/kha-nang-tiep-can/"
	NotFoundURL      = "/404.html"
)

// New builds the site graph from parsed content. The error is a *diag.List
// naming every page whose URL is invalid or claimed twice.
func New(cfg *config.Config, pages []*content.Page, opts Options) (*Graph, error) {
	g := &Graph{
		Site:    &Site{Config: cfg, Now: opts.Now},
		byPath:  make(map[string]*Page, len(pages)),
		hidden:  map[string]string{},
		sources: pages,
	}
	var errs diag.List
	owners := map[string]*content.Page{} // URL → the file that claimed it first
	g.owners = owners

	claim := func(url string, src *content.Page, key string) bool {
		if prev, ok := owners[url]; ok {
			errs.Addf(src.File, src.Line(key), 1, "URL %s is also used by %s (give one of them another slug or url)", url, prev.File)
			return false
		}
		owners[url] = src
		return true
	}
	// The pages congbo writes itself come first: a page, alias, section or
	// term at their URL is an error here (and in congbo check), not a file
	// written twice.
	for _, u := range []struct{ url, what string }{{SearchURL, "the search page congbo writes"}, {NotFoundURL, "the not-found page congbo writes"}} {
		owners[u.url] = &content.Page{File: u.what}
	}

	sections := map[string]*Section{}
	section := func(dir string) *Section {
		if s, ok := sections[dir]; ok {
			return s
		}
		s := &Section{Dir: dir, Title: dir, URL: "/" + slug.Make(dir) + "/", Type: config.TypePage}
		if sc := cfg.Section(dir); sc != nil {
			s.Type = sc.Type
		}
		s.Page = &Page{Kind: KindSection, Title: dir, URL: s.URL, Permalink: absURL(cfg.BaseURL, s.URL), Section: s}
		sections[dir] = s
		return s
	}
	for _, sc := range cfg.Sections {
		section(sc.Dir)
	}

	g.Home = &Page{Kind: KindHome, Title: cfg.Title, Description: cfg.Description, URL: "/", Permalink: absURL(cfg.BaseURL, "/")}

	// Each page's node and URL depend on the page alone: made on all
	// cores, then claimed in order below, so errors and owners are those
	// of one pass.
	type made struct {
		p      *Page
		hidden string
		err    error
	}
	nodes := make([]made, len(pages))
	parallel.For(len(pages), runtime.GOMAXPROCS(0), nil, func(i int) {
		cp := pages[i]
		if cp.Kind == content.KindHome || cp.Kind == content.KindSection {
			return
		}
		if why := hiddenReason(cp, opts); why != "" {
			nodes[i].hidden = why
			return
		}
		p := newPage(cfg, cp, opts.Now)
		url, err := pageURL(cfg, cp)
		if err != nil {
			nodes[i].err = err
			return
		}
		p.URL, p.Permalink = url, absURL(cfg.BaseURL, url)
		nodes[i].p = p
	})

	for i, cp := range pages {
		switch cp.Kind {
		case content.KindHome:
			g.Home.Source = cp
			g.Home.Params = cp.Params
			if cp.Title != "" {
				g.Home.Title = cp.Title
			}
			if cp.Description != "" {
				g.Home.Description = cp.Description
			}
			g.byPath[cp.Path] = g.Home
			continue
		case content.KindSection:
			s := section(cp.Section)
			s.Title, s.Weight = cp.Title, cp.Weight
			p := s.Page
			p.Title, p.Description, p.Source, p.Params = cp.Title, cp.Description, cp, cp.Params
			p.Date, p.Lastmod = cp.Date, cp.Lastmod
			g.byPath[cp.Path] = p
			continue
		}
		n := nodes[i]
		if cp.Path == "index.md" && n.hidden == "" {
			// The top folder's index.md, where _index.md (the home page's
			// text) was meant: it would be a page at /index/.
			errs.Addf(cp.File, 1, 1, "index.md at the top of content/ would be a page at /index/ (rename it _index.md to give the home page its title and text)")
			continue
		}
		if n.hidden != "" {
			g.hidden[cp.Path] = n.hidden
			continue
		}
		if cp.Section != "" {
			sec := section(cp.Section) // the section exists even when the page's URL fails
			if n.p != nil {
				n.p.Section = sec
			}
		}
		if n.err != nil {
			errs.Add(n.err)
			continue
		}
		p, url := n.p, n.p.URL
		key := "url"
		if cp.URL == "" {
			key = "slug"
			if cp.Slug == "" {
				key = "title"
			}
		}
		if !claim(url, cp, key) {
			continue
		}
		for _, a := range cp.Aliases {
			au, err := cleanAlias(besidePage(url, a))
			if err != nil {
				errs.Addf(cp.File, cp.Line("aliases"), 1, "alias %q: %s", a, err)
				continue
			}
			if claim(au, cp, "aliases") {
				g.Aliases = append(g.Aliases, Alias{URL: au, Target: p})
			}
		}
		g.byPath[cp.Path] = p
		g.Pages = append(g.Pages, p)
	}
	// The accessibility statement, unless a page of the site is it.
	if owners[AccessibilityURL] == nil {
		owners[AccessibilityURL] = &content.Page{File: "the accessibility statement congbo writes"}
	}
	// Lists claim their URLs too, so a page cannot shadow a section.
	for _, s := range sections {
		src := s.Page.Source
		if src == nil {
			src = &content.Page{File: cfg.File}
		}
		if prev := owners[s.URL]; prev != nil && prev.Path == s.Dir+"/index.md" {
			// An index.md where _index.md was meant: say so at that file.
			errs.Addf(prev.File, 1, 1, "index.md makes this folder one page, at the section's own address %s (rename it _index.md to give the section its title and text, or move it into a folder of its own)", s.URL)
			continue
		}
		claim(s.URL, src, "url")
	}

	g.linkCorrections(&errs) // before dates are summed up: a correction moves its target's Lastmod
	sortNewestFirst(g.Pages)
	for _, p := range g.Pages {
		if !p.Expired && !p.Withdrawn {
			g.Listed = append(g.Listed, p)
		}
		if p.Section != nil && !p.Expired && !p.Withdrawn {
			p.Section.Pages = append(p.Section.Pages, p)
		}
		if t := latest(p.Date, p.Lastmod); t.After(g.BuildDate) {
			g.BuildDate = t
		}
	}
	for _, s := range sections {
		s.Latest = s.Pages[:min(len(s.Pages), cfg.HomeItems)]
		g.Sections = append(g.Sections, s)
		s.Page.Lastmod = latest(s.Page.Lastmod, s.Page.Date)
		if len(s.Pages) > 0 {
			s.Page.Lastmod = latest(s.Page.Lastmod, newest(s.Pages))
		}
	}
	slices.SortFunc(g.Sections, func(a, b *Section) int {
		return cmp.Or(cmp.Compare(a.Weight, b.Weight), strings.Compare(a.Title, b.Title), strings.Compare(a.Dir, b.Dir))
	})
	g.Home.Lastmod = g.BuildDate
	g.buildTaxonomies(&errs, claim)
	g.linkUnitProfiles()
	g.linkUnitHistory(&errs) // official.go
	return g, errs.Err()
}

// Unpublished counts the pages left out because they are drafts or dated
// in the future (Options.Drafts and Options.Future include them).
func (g *Graph) Unpublished() (drafts, future int) {
	for _, why := range g.hidden {
		switch why {
		case "draft":
			drafts++
		case "future":
			future++
		}
	}
	return drafts, future
}

func hiddenReason(cp *content.Page, opts Options) string {
	if headless(cp) {
		return "headless"
	}
	if cp.Draft && !opts.Drafts {
		return "draft"
	}
	pub := cp.PublishDate
	if pub.IsZero() {
		pub = cp.Date
	}
	if !opts.Future && pub.After(opts.Now) {
		return "future"
	}
	return ""
}

// headless reports whether a page moved from Hugo says it is never to be
// rendered: `headless: true` (a bundle of files other pages use), or
// `build: {render: never}` (`_build: {render: false}` in older Hugo).
func headless(cp *content.Page) bool {
	if cp.Params["headless"] == true {
		return true
	}
	for _, key := range []string{"build", "_build"} {
		if b, ok := cp.Params[key].(map[string]any); ok {
			if r := b["render"]; r == "never" || r == false {
				return true
			}
		}
	}
	return false
}

// hiddenPhrase says why a page is not published, for messages: "a draft",
// "dated in the future".
func hiddenPhrase(why string) string {
	switch why {
	case "future":
		return "dated in the future"
	case "headless":
		return "headless (headless: true, or build: {render: never})"
	}
	return "a " + why
}

func newPage(cfg *config.Config, cp *content.Page, now time.Time) *Page {
	p := &Page{
		Kind:        KindPage,
		Type:        cp.Type,
		Title:       cp.Title,
		Description: cp.Description,
		Date:        cp.Date,
		Lastmod:     cp.Lastmod,
		PublishDate: cp.PublishDate,
		ExpiryDate:  cp.ExpiryDate,
		Draft:       cp.Draft,
		Weight:      cp.Weight,
		Params:      cp.Params,
		Summary:     cp.Description,
		Source:      cp,
		Withdrawn:   cp.Status == "withdrawn",
	}
	if p.Params == nil {
		p.Params = map[string]any{}
	}
	if !strings.EqualFold(cp.Lang, cfg.Language) {
		p.Lang = cp.Lang
	}
	if p.Lastmod.IsZero() || p.Lastmod.Before(p.Date) {
		p.Lastmod = p.Date
	}
	p.Expired = !cp.ExpiryDate.IsZero() && !cp.ExpiryDate.After(now)
	return p
}

// pageURL applies url: or the section's permalink pattern.
func pageURL(cfg *config.Config, cp *content.Page) (string, error) {
	if cp.URL != "" {
		u, err := cleanPath(cp.URL)
		if err != nil {
			return "", diag.Errorf(cp.File, cp.Line("url"), 1, "url %q: %s", cp.URL, err)
		}
		return u, nil
	}
	// By default a page is at its file's name, or at its slug: as in
	// Hugo, slug: replaces the last segment of the default URL (a section
	// with a permalink pattern places :slug where it says).
	pattern := config.DefaultPermalink
	if cp.Slug != "" {
		pattern = "/:section/:slug/"
	}
	if cp.Section == "" {
		pattern = strings.TrimPrefix(pattern, "/:section")
	} else if sc := cfg.Section(cp.Section); sc != nil && sc.Permalink != "" {
		pattern = sc.Permalink
	}
	date := cp.Date.In(cfg.Location)
	var missing string
	expanded := expandPermalink(pattern, func(token string) string {
		switch token {
		case "section":
			return slug.Make(cp.Section)
		case "year":
			return fmt.Sprintf("%04d", date.Year())
		case "month":
			return fmt.Sprintf("%02d", int(date.Month()))
		case "day":
			return fmt.Sprintf("%02d", date.Day())
		case "filename":
			return slug.Make(cp.Name)
		case "slug":
			s := cp.Slug
			if s == "" {
				s = cp.Title
			}
			return slug.Make(s)
		}
		missing = token
		return ""
	})
	if missing != "" {
		return "", diag.Errorf(cfg.File, 1, 1, "permalink %q uses unknown token :%s", pattern, missing)
	}
	if (strings.Contains(pattern, ":year") || strings.Contains(pattern, ":month") || strings.Contains(pattern, ":day")) && cp.Date.IsZero() {
		return "", diag.Errorf(cp.File, 1, 1, "permalink %q needs a date (add `date:` to the front matter)", pattern)
	}
	u, err := cleanURL(expanded)
	if err != nil || u == "/" {
		return "", diag.Errorf(cp.File, cp.Line("title"), 1, "cannot make a URL from the permalink %q: the file name, slug or title has no letters or digits (add `slug:` with plain words)", pattern)
	}
	return u, nil
}

// expandPermalink replaces each :token of pattern with value(token).
func expandPermalink(pattern string, value func(string) string) string {
	var b strings.Builder
	for i := 0; i < len(pattern); i++ {
		if pattern[i] != ':' {
			b.WriteByte(pattern[i])
			continue
		}
		j := i + 1
		for j < len(pattern) && 'a' <= pattern[j] && pattern[j] <= 'z' {
			j++
		}
		b.WriteString(value(pattern[i+1 : j]))
		i = j - 1
	}
	return b.String()
}

// cleanPath is cleanURL for an address written in front matter (url:,
// aliases:), which must be a path alone: a query or a fragment would be
// folded into the path ("/tin-tuc.aspx?id=12" → "/tin-tuc-aspx-id-12/"),
// an address no browser asks for, so the old link would stay broken.
func cleanPath(raw string) (string, error) {
	if i := strings.IndexAny(raw, "?#"); i >= 0 {
		return "", fmt.Errorf("has a query or fragment (%q): a static site answers paths only (write the path alone; an old address with a query needs a redirect rule in the web server)", raw[i:])
	}
	return cleanURL(raw)
}

// besidePage places alias, an old address of the page at pageURL, as Hugo
// does: one that does not start with "/" is in the folder that holds the
// page ("cu" for /tin/moi/ is /tin/cu, for /tin/2026/moi.html is
// /tin/2026/cu).
func besidePage(pageURL, alias string) string {
	if strings.HasPrefix(alias, "/") || strings.Contains(alias, "://") {
		return alias // cleanAlias refuses another site's
	}
	joined := path.Join(path.Dir(strings.TrimSuffix(pageURL, "/")), alias)
	if strings.HasSuffix(alias, "/") {
		joined += "/"
	}
	return joined
}

// cleanAlias is cleanPath for an old address a page is redirected from.
// A path of plain ASCII (letters, digits, "-", ".", "_", "~") is kept as
// written, its case and dots too: browsers and search engines ask for an
// old CMS address exactly as it was ("/Pages/TinTuc.aspx"), so folding it
// ("/pages/tintuc-aspx/") would leave the old link broken. It gets a
// trailing slash (its redirect page is …/index.html) unless it names an
// .html file. Any other path is folded as url: is.
func cleanAlias(raw string) (string, error) {
	u, err := cleanPath(raw)
	if err != nil {
		return "", err
	}
	var segs []string
	for _, s := range strings.Split(raw, "/") {
		if s == "" || s == "." {
			continue
		}
		for i := 0; i < len(s); i++ {
			if c := s[i]; !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~') {
				return u, nil // folded
			}
		}
		segs = append(segs, s)
	}
	if len(segs) == 0 {
		return u, nil
	}
	out := "/" + strings.Join(segs, "/")
	if !strings.HasSuffix(strings.ToLower(out), ".html") {
		out += "/"
	}
	return out, nil
}

// cleanURL checks and normalises a root-relative URL from front matter or
// a permalink: every segment folded to ASCII, a trailing slash unless it
// names an .html file. It refuses anything that could leave the output
// directory.
func cleanURL(raw string) (string, error) {
	if strings.Contains(raw, "://") || strings.HasPrefix(raw, "//") {
		return "", fmt.Errorf("must be a path on this site, like /thong-bao/ten-trang/")
	}
	for _, r := range raw {
		if r < 0x20 || r == 0x7f || r == '\\' {
			return "", fmt.Errorf("contains a backslash or control character")
		}
	}
	var segs []string
	for _, s := range strings.Split(raw, "/") {
		switch s {
		case "", ".":
			continue
		case "..":
			return "", fmt.Errorf("escapes the output directory (remove \"..\")")
		}
		segs = append(segs, s)
	}
	file := ""
	if n := len(segs); n > 0 && strings.HasSuffix(strings.ToLower(segs[n-1]), ".html") {
		stem := slug.Make(segs[n-1][:len(segs[n-1])-len(".html")])
		if stem == "" {
			return "", fmt.Errorf("file name has no letters or digits")
		}
		file = stem + ".html"
		segs = segs[:n-1]
	}
	out := "/"
	for _, s := range segs {
		f := slug.Make(s)
		if f == "" {
			return "", fmt.Errorf("segment %q has no letters or digits", s)
		}
		out += f + "/"
	}
	return out + file, nil
}

// OutputPath is the file a root-relative URL is written to, relative to
// the output directory: "/a/b/" → "a/b/index.html", "/a/b.html" → "a/b.html".
func OutputPath(url string) string {
	p := strings.TrimPrefix(url, "/")
	if p == "" || strings.HasSuffix(p, "/") {
		return p + "index.html"
	}
	return p
}

func absURL(base, rel string) string {
	return strings.TrimSuffix(base, "/") + rel
}

func newest(pages []*Page) time.Time {
	var t time.Time
	for _, p := range pages {
		t = latest(t, p.Date, p.Lastmod)
	}
	return t
}

func latest(ts ...time.Time) time.Time {
	var m time.Time
	for _, t := range ts {
		if t.After(m) {
			m = t
		}
	}
	return m
}

// sortNewestFirst orders by date, newest first; ties by URL so the order
// never depends on how goroutines or the file system listed files. URLs
// are unique, so the order is total and an unstable sort gives it.
func sortNewestFirst(pages []*Page) {
	slices.SortFunc(pages, func(a, b *Page) int {
		if c := b.Date.Compare(a.Date); c != 0 {
			return c
		}
		return strings.Compare(a.URL, b.URL)
	})
}

func (g *Graph) buildTaxonomies(errs *diag.List, claim func(string, *content.Page, string) bool) {
	// One taxonomy being built: its terms by slug, and byName, the term of
	// each name met (nil when the name has no slug): a name recurs on
	// thousands of pages, so it is folded and looked up once.
	type building struct {
		tc     config.Taxonomy
		tx     *Taxonomy
		terms  map[string]*Term
		byName map[string]*Term
	}
	all := make([]building, len(g.Config.Taxonomies))
	for i, tc := range g.Config.Taxonomies {
		tx := &Taxonomy{Singular: tc.Singular, Plural: tc.Plural, URL: "/" + slug.Make(tc.Plural) + "/"}
		tx.page = &Page{Kind: KindTaxonomy, Title: tc.Plural, URL: tx.URL, Permalink: absURL(g.Config.BaseURL, tx.URL), Taxonomy: tx, Lastmod: g.BuildDate}
		claim(tx.URL, &content.Page{File: g.Config.File}, "taxonomies")
		all[i] = building{tc: tc, tx: tx, terms: map[string]*Term{}, byName: map[string]*Term{}}
	}
	// Each page once for all taxonomies, while its terms are in cache; a
	// taxonomy meets the pages in the same order as on its own.
	for _, p := range g.Pages {
		src := p.Source
		if len(src.Terms) == 0 {
			continue
		}
		// One array holds the terms of all the page's lists, and p.Terms
		// is sized once: objects the collector marks at every cycle.
		n := 0
		for _, t := range src.Terms {
			n += len(t.Names)
		}
		terms := make([]*Term, 0, n)
		for i := range all {
			b := &all[i]
			names := src.TermsOf(b.tc.Plural)
			if len(names) == 0 {
				continue
			}
			start := len(terms)
			for _, name := range names {
				t, ok := b.byName[name]
				if !ok {
					if s := slug.Make(name); s != "" {
						if t = b.terms[s]; t == nil {
							t = &Term{Name: name, Slug: s, URL: b.tx.URL + s + "/", Taxonomy: b.tx}
							t.page = &Page{Kind: KindTerm, Title: name, URL: t.URL, Permalink: absURL(g.Config.BaseURL, t.URL), Term: t, Taxonomy: b.tx}
							b.terms[s] = t
							b.tx.Terms = append(b.tx.Terms, t)
							claim(t.URL, src, b.tc.Plural) // a page or alias may have taken it
						}
					}
					b.byName[name] = t
				}
				if t == nil {
					errs.Addf(src.File, src.Line(b.tc.Plural), 1, "%s %q has no letters or digits", b.tc.Singular, name)
					continue
				}
				if slices.Contains(terms[start:], t) {
					continue // another spelling of a term the page has: listed once
				}
				terms = append(terms, t)
				if !p.Expired && !p.Withdrawn {
					t.Pages = append(t.Pages, p)
				}
			}
			if len(terms) > start {
				if p.Terms == nil {
					p.Terms = make([]TermList, 0, len(src.Terms))
				}
				p.Terms = append(p.Terms, TermList{Taxonomy: b.tx, Terms: terms[start:len(terms):len(terms)]})
			}
		}
	}
	for _, built := range all {
		tx := built.tx
		folded := make(map[*Term]string, len(tx.Terms)) // each name folded once, not per comparison
		for _, t := range tx.Terms {
			folded[t] = slug.Fold(strings.ToLower(t.Name))
		}
		slices.SortFunc(tx.Terms, func(a, b *Term) int {
			return cmp.Or(strings.Compare(folded[a], folded[b]), strings.Compare(a.Name, b.Name))
		})
		for _, t := range tx.Terms {
			t.page.Lastmod = newest(t.Pages)
		}
		g.Taxonomies = append(g.Taxonomies, tx)
	}
}

// Resolver returns the link resolver for Markdown links of page p: a link
// to another .md file becomes that page's URL; a missing, draft or future
// target is an error in plain words. Any other relative destination (a
// bundle's image) becomes root-relative: see resolveAgainst.
func (g *Graph) Resolver(p *Page) func(dest string) (string, error) {
	return func(dest string) (string, error) {
		if file, _, _ := strings.Cut(strings.SplitN(dest, "#", 2)[0], "?"); !strings.EqualFold(path.Ext(file), ".md") {
			return resolveAgainst(p.URL, dest)
		}
		tp, frag, err := g.Target(p, dest)
		if err != nil {
			return "", err
		}
		if frag != "" {
			return tp.URL + "#" + frag, nil
		}
		return tp.URL, nil
	}
}

// LinkDigest sums up what Resolver reads besides the page itself: every
// content path with its node's URL, every unpublished path with why. Two
// graphs with the same digest resolve the links of a page alike when the
// page keeps its path and URL, so `congbo serve` keeps a page's rendered
// Markdown after a title edit without resolving its links again.
func (g *Graph) LinkDigest() uint64 {
	g.linkDigestOnce.Do(func() {
		// A sum of the entries' hashes does not depend on map order.
		var sum uint64
		for p, n := range g.byPath {
			sum += digestEntry(p, 0, n.URL)
		}
		for p, why := range g.hidden {
			sum += digestEntry(p, 1, why)
		}
		g.linkDigest = sum
	})
	return g.linkDigest
}

// digestEntry hashes key, a separator byte and value with FNV-1a, then
// mixes the result (splitmix64's finalizer) so that sums of entries do
// not cancel out.
func digestEntry(key string, sep byte, value string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(key); i++ {
		h = (h ^ uint64(key[i])) * 1099511628211
	}
	h = (h ^ uint64(sep)) * 1099511628211
	for i := 0; i < len(value); i++ {
		h = (h ^ uint64(value[i])) * 1099511628211
	}
	h = (h ^ h>>30) * 0xbf58476d1ce4e5b9
	h = (h ^ h>>27) * 0x94d049bb133111eb
	return h ^ h>>31
}

// resolveAgainst returns the relative reference dest ("anh.svg",
// "../tai-lieu/#muc") resolved against the page URL pageURL as a browser
// would (RFC 3986), root-relative: "/gioi-thieu/trang/anh.svg". Output
// holds no relative links, so the same signed bytes are valid on any host
// that mirrors the site, at any path depth.
func resolveAgainst(pageURL, dest string) (string, error) {
	ref, err := url.Parse(dest)
	if err != nil {
		return "", fmt.Errorf("not a valid address: %w", errors.Unwrap(err))
	}
	return (&url.URL{Path: pageURL}).ResolveReference(ref).String(), nil
}

// Target returns the page or list node a Markdown link of page p names
// ("../thong-bao/a.md#muc-2" → the page of thong-bao/a.md, "muc-2"), or
// an error in plain words when there is none.
func (g *Graph) Target(p *Page, dest string) (*Page, string, error) {
	file, frag, _ := strings.Cut(dest, "#")
	file, _, _ = strings.Cut(file, "?")
	var target string
	if strings.HasPrefix(file, "/") {
		target = path.Clean(strings.TrimPrefix(file, "/"))
	} else {
		target = path.Join(path.Dir(p.Source.Path), file)
	}
	if strings.HasPrefix(target, "../") || target == ".." {
		return nil, "", fmt.Errorf("points outside content/")
	}
	// As Hugo's ref and link render hook: a relative path the page's
	// directory does not hold is looked for from content/.
	candidates := []string{target}
	if fromRoot := path.Clean(file); !strings.HasPrefix(file, "/") && !strings.HasPrefix(fromRoot, "../") && fromRoot != target {
		candidates = append(candidates, fromRoot)
	}
	for _, c := range candidates {
		if tp, ok := g.find(c); ok {
			return tp, frag, nil
		}
	}
	for _, c := range candidates {
		if why, hidden := g.hidden[c]; hidden {
			return nil, "", fmt.Errorf("that page is %s and is not published (link to a published page, or publish it)", hiddenPhrase(why))
		}
	}
	return nil, "", fmt.Errorf("no such page content/%s (check the file name)", target)
}

// BundleFiles maps the output path of each file of a published bundle
// ("thong-bao/2026/hoi-nghi/anh.jpg": a bundle's files are published
// beside its page) to the file under content/ ("thong-bao/hoi-nghi/anh.jpg").
func (g *Graph) BundleFiles() map[string]string {
	m := map[string]string{}
	for _, p := range g.Pages {
		if !p.Source.Bundle {
			continue
		}
		dir := path.Dir(p.Source.Path)
		out := path.Dir(OutputPath(p.URL))
		for _, res := range p.Source.Resources {
			m[path.Join(out, strings.TrimPrefix(res, dir+"/"))] = res
		}
	}
	return m
}

// find returns the page of content path target ("tin/a.md"), or, as
// Hugo finds a page by its path without the extension, of the bundle or
// section it names ("tin/a/index.md", "tin/_index.md").
func (g *Graph) find(target string) (*Page, bool) {
	if tp, ok := g.byPath[target]; ok {
		return tp, true
	}
	if dir, ok := strings.CutSuffix(target, ".md"); ok {
		if tp, ok := g.byPath[dir+"/index.md"]; ok {
			return tp, true
		}
		if tp, ok := g.byPath[dir+"/_index.md"]; ok {
			return tp, true
		}
	}
	return nil, false
}

// Lookup returns the published page or list node of a content path
// ("thong-bao/a.md"), or nil.
func (g *Graph) Lookup(contentPath string) *Page {
	return g.byPath[strings.TrimPrefix(path.Clean(contentPath), "/")]
}

// ListPage returns the page node behind a taxonomy's list of terms.
func (t *Taxonomy) ListPage() *Page { return t.page }

// ListPage returns the page node behind a term's list of pages.
func (t *Term) ListPage() *Page { return t.page }
