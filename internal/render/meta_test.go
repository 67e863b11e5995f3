package render

import (
	"reflect"
	"testing"
	"testing/fstest"

	"github.com/congbo/congbo/internal/config"
	"github.com/congbo/congbo/internal/feed"
	"github.com/congbo/congbo/internal/sitemap"
	"github.com/congbo/congbo/layouts"
)

// TestReadsSite checks which layouts of the default theme are found to
// read other pages: a page with such a layout is rendered again whenever
// any page's meta changes, any other only when its own does.
func TestReadsSite(t *testing.T) {
	cfg, err := config.Parse("site.yaml", []byte("title: T\nbaseURL: https://example.gov.vn/\norganization: {name: Bộ}\n"))
	if err != nil {
		t.Fatal(err)
	}
	override := fstest.MapFS{
		// A site's own single.html listing its section's pages.
		"announcement.html": {Data: []byte(`{{define "main"}}{{range .Page.Section.Pages}}{{.Title}}{{end}}{{end}}`)},
		// Its section's list node, through a variable.
		"correction.html": {Data: []byte(`{{define "main"}}{{with .Page.Section}}{{.Page.Lastmod}}{{end}}{{end}}`)},
	}
	for _, tc := range []struct {
		site fstest.MapFS
		want map[string]bool
	}{
		{nil, map[string]bool{
			"single.html": false, "page.html": false, "press-release.html": false, "announcement.html": false,
			"correction.html": false, "spokesperson.html": false,
			"unit.html": true, "press-conference.html": true, // the unit's news; the spokesperson's page
			"home.html": true, "taxonomy.html": true,
			// Paginated lists read their pager's items only.
			"section.html": false, "term.html": false,
		}},
		{override, map[string]bool{"single.html": false, "announcement.html": true, "correction.html": true}},
		// A site's list item that reads its section's list node: itemList
		// runs it from Go, and the lists that show items read it too.
		{fstest.MapFS{"partials/list-item.html": {Data: []byte(`<li>{{.Title}} {{with .Section}}{{.Page.Lastmod}}{{end}}</li>`)}},
			map[string]bool{"section.html": true, "term.html": true, "single.html": false}},
		// A site's unit link that lists the unit's pages: pageMeta runs it
		// from Go, so the pages that show units read the site.
		{fstest.MapFS{"partials/unit-link.html": {Data: []byte(`<a href="{{.URL}}">{{.Name}}</a> ({{len .Pages}})`)}},
			map[string]bool{"press-release.html": true, "section.html": false}},
		// Found in a second review: a term's list node is dated by its
		// pages, and so is a section's.
		{fstest.MapFS{"announcement.html": {Data: []byte(`{{define "main"}}{{range .Page.Terms}}{{range .Terms}}{{.ListPage.Lastmod}}{{end}}{{end}}{{end}}`)}},
			map[string]bool{"announcement.html": true}},
		{fstest.MapFS{"announcement.html": {Data: []byte(`{{define "main"}}{{range .Site.Sections}}{{.Page.Lastmod}}{{end}}{{end}}`)}},
			map[string]bool{"announcement.html": true}},
		// Found in a third review: a link of a page reached through a
		// link is two steps away, and a section by index is a section.
		{announcementMain(`{{with .Page.Corrects}}{{range .CorrectedBy}}{{.Title}}{{end}}{{end}}`), map[string]bool{"announcement.html": true}},
		{announcementMain(`{{with .Page.Successor}}{{with .Page}}{{range .Predecessors}}{{.Name}}{{end}}{{end}}{{end}}`), map[string]bool{"announcement.html": true}},
		{announcementMain(`{{with .Page.Corrects}}{{range .Terms}}{{range .Terms}}{{with .Profile}}{{.Description}}{{end}}{{end}}{{end}}{{end}}`), map[string]bool{"announcement.html": true}},
		{announcementMain(`{{range $s := .Site.Sections}}{{$s.Page.Lastmod}}{{end}}`), map[string]bool{"announcement.html": true}},
		{announcementMain(`{{(index .Site.Sections 3).Page.Lastmod}}`), map[string]bool{"announcement.html": true}},
		{announcementMain(`{{with index .Site.Sections 3}}{{.Page.Lastmod}}{{end}}`), map[string]bool{"announcement.html": true}},
		// One step is in the page's fingerprint.
		{announcementMain(`{{with .Page.Corrects}}{{.Title}}{{end}}{{range .Page.CorrectedBy}}{{.Title}}{{end}}`), map[string]bool{"announcement.html": false}},
		{announcementMain(`{{range .Page.Terms}}{{range .Terms}}{{with .Profile}}{{.URL}}{{end}}{{end}}{{end}}`), map[string]bool{"announcement.html": false}},
		// A partial it cannot name may read anything (home, here).
		{fstest.MapFS{
			"announcement.html":  {Data: []byte(`{{define "main"}}{{partialCached (print "partials/" "home.html") . "k"}}{{end}}`)},
			"partials/home.html": {Data: []byte(`{{.Site.Home.Title}}`)},
		}, map[string]bool{"announcement.html": true, "press-release.html": false}},
	} {
		ts := themeWith(t, cfg, tc.site)
		for name, want := range tc.want {
			ref, ok := ts.layouts[name]
			if !ok {
				t.Fatalf("no layout %s", name)
			}
			if got := ts.layoutReads(ref).site; got != want {
				t.Errorf("readsSite(%s) = %v, want %v", name, got, want)
			}
		}
	}
}

// announcementMain is a site's own announcement.html with main as its
// "main" block.
func announcementMain(main string) fstest.MapFS {
	return fstest.MapFS{"announcement.html": {Data: []byte(`{{define "main"}}` + main + `{{end}}`)}}
}

// themeWith loads the default theme with a site's own layouts over it
// (none when site is nil).
func themeWith(t *testing.T, cfg *config.Config, site fstest.MapFS) *Templates {
	t.Helper()
	l := NewLayouts(nil, layouts.FS)
	if site != nil {
		l = NewLayouts(site, layouts.FS)
	}
	ts, err := LoadTemplates(l, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return ts
}

// TestReadsSiteOwnLists: a list layout may read its own section's or
// term's pages (its fingerprint covers them), not another's.
func TestReadsSiteOwnLists(t *testing.T) {
	cfg, err := config.Parse("site.yaml", []byte("title: T\nbaseURL: https://example.gov.vn/\norganization: {name: Bộ}\n"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, layout, main string
		want               bool
	}{
		{"its section's pages", "section.html", `{{with .Page.Section}}{{len .Pages}}{{end}}`, false},
		{"its term's pages", "term.html", `{{len .Page.Term.Pages}}`, false},
		{"an item's section's pages", "term.html", `{{range .Pager.Items}}{{len .Section.Pages}}{{end}}`, true},
		{"a section's pages", "home.html", `{{range .Site.Sections}}{{len .Pages}}{{end}}`, true},
		{"an item's correction's corrections", "term.html", `{{range .Pager.Items}}{{with .Corrects}}{{range .CorrectedBy}}{{.Title}}{{end}}{{end}}{{end}}`, true},
		{"its unit's successor's predecessors", "term.html", `{{with .Page.Term}}{{with .Profile}}{{with .Successor}}{{with .Page}}{{range .Predecessors}}{{.Name}}{{end}}{{end}}{{end}}{{end}}{{end}}`, true},
		{"its unit's successor", "term.html", `{{with .Page.Term}}{{with .Profile}}{{with .Successor}}{{.Name}}{{end}}{{end}}{{end}}`, false},
	} {
		ts := themeWith(t, cfg, fstest.MapFS{tc.layout: {Data: []byte(`{{define "main"}}` + tc.main + `{{end}}`)}})
		if got := ts.layoutReads(ts.layouts[tc.layout]).listSite; got != tc.want {
			t.Errorf("%s: readsSite(%s, own) = %v, want %v", tc.name, tc.layout, got, tc.want)
		}
	}
}

// TestReadsOthers: which layouts show another page's summary, resources
// or content, and so render after the other pages.
func TestReadsOthers(t *testing.T) {
	cfg, err := config.Parse("site.yaml", []byte("title: T\nbaseURL: https://example.gov.vn/\norganization: {name: Bộ}\n"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		site fstest.MapFS
		want map[string]bool
	}{
		{"default theme", nil, map[string]bool{"single.html": false, "page.html": false, "press-release.html": false,
			"announcement.html": false, "correction.html": false, "spokesperson.html": false, "unit.html": false,
			"press-conference.html": false}},
		{"its own", announcementMain(`{{.Page.Summary}}{{range .Page.Resources}}{{.Name}}{{end}}{{.Page.Content}}`), map[string]bool{"announcement.html": false}},
		{"a correction's summary", announcementMain(`{{range .Page.CorrectedBy}}{{.Summary}}{{end}}`), map[string]bool{"announcement.html": true}},
		{"a corrected page's resources", announcementMain(`{{with .Page.Corrects}}{{range .Resources}}{{.Name}}{{end}}{{end}}`), map[string]bool{"announcement.html": true}},
	} {
		ts := themeWith(t, cfg, tc.site)
		for name, want := range tc.want {
			if got := ts.layoutReads(ts.layouts[name]).others; got != want {
				t.Errorf("%s: readsOthers(%s) = %v, want %v", tc.name, name, got, want)
			}
		}
	}
}

// TestReadsClock: which layouts show the clock other than compared with
// a time of the site (a page's dates, a front matter time), and so render
// again whenever it moves; the others when a time of the site passes.
func TestReadsClock(t *testing.T) {
	cfg, err := config.Parse("site.yaml", []byte("title: T\nbaseURL: https://example.gov.vn/\norganization: {name: Bộ}\n"))
	if err != nil {
		t.Fatal(err)
	}
	main := announcementMain
	all := map[string]bool{}
	for name := range themeWith(t, cfg, nil).layouts {
		all[name] = false
	}
	for _, tc := range []struct {
		name string
		site fstest.MapFS
		want map[string]bool
	}{
		{"default theme", nil, all},
		{"a param before now", main(`{{with index .Page.Params "valid_to"}}{{if .Before $.Site.Now}}x{{end}}{{end}}`), map[string]bool{"announcement.html": false}},
		{"now in a variable", main(`{{$now := $.Site.Now}}{{range .Page.CorrectedBy}}{{with index .Params "start"}}{{if not (.After $now)}}x{{end}}{{end}}{{end}}`), map[string]bool{"announcement.html": false}},
		{"a date after now", main(`{{if .Page.Date.After .Site.Now}}x{{end}}`), map[string]bool{"announcement.html": false}},
		{"now after a date", main(`{{if .Site.Now.After .Page.Lastmod}}x{{end}}`), map[string]bool{"announcement.html": false}},
		{"now after a computed time", main(`{{if .Site.Now.After (.Page.Date.AddDate 0 0 30)}}x{{end}}`), map[string]bool{"announcement.html": true}},
		{"a computed time before now", main(`{{with .Page.Date.AddDate 0 0 7}}{{if .Before $.Site.Now}}x{{end}}{{end}}`), map[string]bool{"announcement.html": true}},
		{"the year", main(`{{.Site.Now.Year}}`), map[string]bool{"announcement.html": true}},
		{"printed", main(`{{.Site.Now}}`), map[string]bool{"announcement.html": true}},
		{"formatted from a variable", main(`{{$n := .Site.Now}}{{$n.Format "2006"}}`), map[string]bool{"announcement.html": true}},
		{"with now", main(`{{with .Site.Now}}{{.Year}}{{end}}`), map[string]bool{"announcement.html": true}},
		{"to a function", main(`{{printf "%v" .Site.Now}}`), map[string]bool{"announcement.html": true}},
		{"in a partial", fstest.MapFS{
			"announcement.html": {Data: []byte(`{{define "main"}}{{template "partials/x.html" .Site}}{{end}}`)},
			"partials/x.html":   {Data: []byte(`{{.Now.Year}}`)},
		}, map[string]bool{"announcement.html": true}},
	} {
		ts := themeWith(t, cfg, tc.site)
		for name, want := range tc.want {
			if got := ts.layoutReads(ts.layouts[name]).clock; got != want {
				t.Errorf("%s: clock of %s = %v, want %v", tc.name, name, got, want)
			}
		}
	}
}

// TestReadsSections: which layouts show a section other than their page's
// own beyond its Dir, Type and URL, and so are rendered again when any
// section's _index.md changes (the others only when their own does).
func TestReadsSections(t *testing.T) {
	cfg, err := config.Parse("site.yaml", []byte("title: T\nbaseURL: https://example.gov.vn/\norganization: {name: Bộ}\n"))
	if err != nil {
		t.Fatal(err)
	}
	main := announcementMain
	for _, tc := range []struct {
		name string
		site fstest.MapFS
		want map[string]bool
	}{
		{"default theme", nil, map[string]bool{
			// The footer's range over the sections reads their Type and URL only.
			"single.html": false, "page.html": false, "press-release.html": false, "announcement.html": false,
			"correction.html": false, "spokesperson.html": false, "section.html": false, "term.html": false,
			"taxonomy.html": false,
			"home.html":     true,                                // each section's title and latest pages
			"unit.html":     true, "press-conference.html": true, // the spokesperson section's pages
		}},
		{"own section", main(`{{.Page.Section.Title}}{{with .Page.Section}}{{.Title}}{{end}}{{$p := .Page}}{{$p.Section.Title}}`),
			map[string]bool{"announcement.html": false}},
		{"section titles", main(`{{range .Site.Sections}}{{.Title}}{{end}}`), map[string]bool{"announcement.html": true}},
		{"section skeleton", main(`{{range $.Site.Sections}}<a href="{{.URL}}">{{.Type}} {{.Dir}}</a>{{end}}`),
			map[string]bool{"announcement.html": false}},
		{"a section's node", main(`{{range .Site.Sections}}{{with .Page}}{{.Description}}{{end}}{{end}}`),
			map[string]bool{"announcement.html": true}},
		{"a section passed on", fstest.MapFS{
			"announcement.html": {Data: []byte(`{{define "main"}}{{range .Site.Sections}}{{template "partials/sec.html" .}}{{end}}{{end}}`)},
			"partials/sec.html": {Data: []byte(`{{.URL}}`)},
		}, map[string]bool{"announcement.html": true}},
		{"a section in a variable", main(`{{range .Site.Sections}}{{$s := .}}{{$s.Title}}{{end}}`),
			map[string]bool{"announcement.html": true}},
		{"sections indexed", main(`{{(index .Site.Sections 0).URL}}`), map[string]bool{"announcement.html": true}},
		{"sections ranged with a variable", main(`{{range $i, $s := .Site.Sections}}{{$s.URL}}{{end}}`),
			map[string]bool{"announcement.html": true}},
		{"another page's section", main(`{{with .Page.Corrects}}{{.Section.Title}}{{end}}`), map[string]bool{"announcement.html": true}},
		// Found in review: a unit's successor's page is another page.
		{"a unit change's page", main(`{{with .Page.Successor}}{{with .Page}}{{.Section.Title}}{{end}}{{end}}`),
			map[string]bool{"announcement.html": true}},
		{"a unit change's page in a partial", fstest.MapFS{
			"announcement.html": {Data: []byte(`{{define "main"}}{{template "partials/x.html" .Page.Successor}}{{end}}`)},
			"partials/x.html":   {Data: []byte(`{{with .Page}}{{.Section.Title}}{{end}}`)},
		}, map[string]bool{"announcement.html": true}},
		{"the page in a partial", fstest.MapFS{
			"announcement.html": {Data: []byte(`{{define "main"}}{{template "partials/x.html" .Page}}{{end}}`)},
			"partials/x.html":   {Data: []byte(`{{.Section.Title}}`)},
		}, map[string]bool{"announcement.html": false}},
		// Variables: one set twice is unknown; each template has its own.
		{"a variable shadowed", main(`{{$p := .Page.Corrects}}{{with .Page}}{{$p := .}}{{end}}{{$p.Section.Title}}`),
			map[string]bool{"announcement.html": true}},
		{"a variable set again in a loop", main(`{{$p := .Page}}{{range .Page.CorrectedBy}}{{$p.Section.Title}}{{$p = .}}{{end}}`),
			map[string]bool{"announcement.html": true}},
		{"a partial's variable of the same name", fstest.MapFS{
			"announcement.html": {Data: []byte(`{{define "main"}}{{$s := .Page.Corrects}}{{template "partials/own.html" .}}{{$s.Section.Title}}{{end}}`)},
			"partials/own.html": {Data: []byte(`{{$s := .Page}}{{$s.Section.Title}}`)},
		}, map[string]bool{"announcement.html": true}},
		{"$ set again", fstest.MapFS{
			"announcement.html": {Data: []byte(`{{define "main"}}{{template "partials/rx.html" .Page}}{{end}}`)},
			"partials/rx.html":  {Data: []byte(`{{$c := .Corrects}}{{range 2}}<p>{{$.Section.Title}}</p>{{if $c}}{{$ = $c}}{{end}}{{end}}`)},
		}, map[string]bool{"announcement.html": true}},
		{"a partial of a computed name", fstest.MapFS{
			"announcement.html":  {Data: []byte(`{{define "main"}}{{partialCached (print "partials/" "menu.html") . "k"}}{{end}}`)},
			"partials/menu.html": {Data: []byte(`{{range .Site.Sections}}{{.Title}}{{end}}`)},
		}, map[string]bool{"announcement.html": true}},
		{"a list item's section", fstest.MapFS{"partials/list-item.html": {Data: []byte(`<li>{{.Title}} {{.Section.Title}}</li>`)}},
			map[string]bool{"section.html": true, "term.html": true, "announcement.html": false}},
	} {
		ts := themeWith(t, cfg, tc.site)
		for name, want := range tc.want {
			ref, ok := ts.layouts[name]
			if !ok {
				t.Fatalf("%s: no layout %s", tc.name, name)
			}
			if got := ts.layoutReads(ref).sections; got != want {
				t.Errorf("%s: readsSections(%s) = %v, want %v", tc.name, name, got, want)
			}
		}
	}
}

// TestFeedFingerprintFields: hasher.feed hashes every field of a feed's
// channel and items, so a feed is rendered again in watch mode whenever
// what it is written from changes. A field added to feed.Channel or
// feed.Item must be hashed there too; then update the counts below.
func TestFeedFingerprintFields(t *testing.T) {
	if n := reflect.TypeFor[feed.Channel]().NumField(); n != 8 {
		t.Errorf("feed.Channel has %d fields; hasher.feed hashes 8", n)
	}
	if n := reflect.TypeFor[feed.Item]().NumField(); n != 8 {
		t.Errorf("feed.Item has %d fields; hasher.feed hashes 8", n)
	}
	if n := reflect.TypeFor[sitemap.URL]().NumField(); n != 2 {
		t.Errorf("sitemap.URL has %d fields; hasher.sitemap hashes 2", n)
	}
}
