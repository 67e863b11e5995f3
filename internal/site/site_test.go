package site

import (
	"fmt"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/congbo/congbo/internal/config"
	"github.com/congbo/congbo/internal/content"
)

func testConfig() *config.Config {
	loc, _ := time.LoadLocation("Asia/Ho_Chi_Minh")
	return &config.Config{
		File: "site.yaml", Title: "T", BaseURL: "https://example.gov.vn/", Language: "vi", Location: loc,
		Sections: []config.Section{
			{Dir: "thong-bao", Type: "announcement", Permalink: "/:section/:filename/"},
			{Dir: "tin-cu", Type: "page", Permalink: "/:section/:year/:month/:slug.html"},
		},
		Taxonomies: []config.Taxonomy{{Singular: "unit", Plural: "units"}},
		PageSize:   2, HomeItems: 1, FeedItems: 10,
	}
}

func page(path, title string, date string) *content.Page {
	sec, name, _ := strings.Cut(path, "/")
	name = strings.TrimSuffix(name, ".md")
	d, _ := time.Parse(time.RFC3339, date)
	return &content.Page{Path: path, File: "content/" + path, Kind: content.KindPage, Section: sec, Name: name, Title: title, Date: d}
}

func TestURLs(t *testing.T) {
	p1 := page("thong-bao/Lịch tiếp dân.md", "Lịch", "2026-11-25T08:00:00+07:00")
	p2 := page("tin-cu/a.md", "Đà Nẵng: khai trương", "2026-03-31T23:30:00+07:00")
	p3 := page("tin-cu/b.md", "Bất kỳ", "2026-03-01T08:00:00+07:00")
	p3.Slug = "Tên riêng"
	p4 := page("thong-bao/c.md", "C", "2026-01-01T08:00:00+07:00")
	p4.URL = "/Giới thiệu/Cũ.HTML"
	p5 := page("gioi-thieu/gioi-thieu-tieng-anh.md", "About", "2026-01-02T08:00:00+07:00")
	p5.Slug = "About us" // Hugo's slug: the last segment of the default URL
	p6 := &content.Page{Path: "lien-he.md", File: "content/lien-he.md", Kind: content.KindPage, Name: "lien-he", Title: "Liên hệ", Slug: "contact"}
	p7 := page("thong-bao/d.md", "D", "2026-01-03T08:00:00+07:00")
	p7.Slug = "khac" // a pattern that names :filename keeps the file's name
	g, err := New(testConfig(), []*content.Page{p1, p2, p3, p4, p5, p6, p7}, Options{Now: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, p := range g.Pages {
		got[p.Source.Path] = p.URL
	}
	want := map[string]string{
		"thong-bao/Lịch tiếp dân.md":         "/thong-bao/lich-tiep-dan/",
		"tin-cu/a.md":                        "/tin-cu/2026/03/da-nang-khai-truong.html", // date in the site zone
		"tin-cu/b.md":                        "/tin-cu/2026/03/ten-rieng.html",
		"thong-bao/c.md":                     "/gioi-thieu/cu.html",
		"gioi-thieu/gioi-thieu-tieng-anh.md": "/gioi-thieu/about-us/",
		"lien-he.md":                         "/contact/",
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s: URL %q, want %q", k, got[k], w)
		}
	}
	if p := g.Lookup("/thong-bao/c.md"); p == nil || p.Permalink != "https://example.gov.vn/gioi-thieu/cu.html" {
		t.Errorf("Lookup/permalink wrong: %+v", p)
	}
}

func TestURLErrors(t *testing.T) {
	tests := []struct {
		url, want string
	}{
		{"/../x/", "escapes the output directory"},
		{"https://evil.example/", "must be a path on this site"},
		{"/a\\b/", "backslash"},
		{"/!!!/", "no letters or digits"},
		{"/tin-tuc/chi-tiet.aspx?id=12", `has a query or fragment ("?id=12")`},
		{"/gioi-thieu/#lien-he", `has a query or fragment ("#lien-he")`},
	}
	for _, tt := range tests {
		p := page("thong-bao/a.md", "A", "2026-01-01T08:00:00+07:00")
		p.URL = tt.url
		_, err := New(testConfig(), []*content.Page{p}, Options{Now: time.Now()})
		if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "content/thong-bao/a.md:") {
			t.Errorf("url %q: error %v, want %q", tt.url, err, tt.want)
		}
		// The same address as an alias (an old URL) is refused alike.
		p = page("thong-bao/a.md", "A", "2026-01-01T08:00:00+07:00")
		p.Aliases = []string{tt.url}
		_, err = New(testConfig(), []*content.Page{p}, Options{Now: time.Now()})
		if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "content/thong-bao/a.md:") {
			t.Errorf("alias %q: error %v, want %q", tt.url, err, tt.want)
		}
	}
}

func TestDuplicateURLNamesBothFiles(t *testing.T) {
	a := page("thong-bao/a.md", "A", "2026-01-01T08:00:00+07:00")
	b := page("thong-bao/b.md", "B", "2026-01-02T08:00:00+07:00")
	b.URL = "/thong-bao/a/"
	_, err := New(testConfig(), []*content.Page{a, b}, Options{Now: time.Now()})
	if err == nil || !strings.Contains(err.Error(), "content/thong-bao/a.md") || !strings.Contains(err.Error(), "content/thong-bao/b.md") {
		t.Errorf("error %v, want both files named", err)
	}
}

func TestListsAndTerms(t *testing.T) {
	now := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	a := page("thong-bao/a.md", "A", "2026-01-01T08:00:00+07:00")
	b := page("thong-bao/b.md", "B", "2026-02-01T08:00:00+07:00")
	expired := page("thong-bao/c.md", "C", "2026-03-01T08:00:00+07:00")
	expired.ExpiryDate = now.Add(-time.Hour)
	withdrawn := page("thong-bao/d.md", "D", "2026-04-01T08:00:00+07:00")
	withdrawn.Status = "withdrawn"
	draft := page("thong-bao/e.md", "E", "2026-05-01T08:00:00+07:00")
	draft.Draft = true
	future := page("thong-bao/f.md", "F", "2099-05-01T08:00:00+07:00")
	for _, p := range []*content.Page{a, b, expired, withdrawn} {
		p.Terms = []content.Terms{{Taxonomy: "units", Names: []string{"Sở Y tế", "Bộ Công an"}}}
	}
	g, err := New(testConfig(), []*content.Page{a, b, expired, withdrawn, draft, future}, Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Pages) != 4 {
		t.Errorf("rendered %d pages, want 4 (draft and future left out)", len(g.Pages))
	}
	titles := func(ps []*Page) string {
		var s []string
		for _, p := range ps {
			s = append(s, p.Title)
		}
		return strings.Join(s, ",")
	}
	if got := titles(g.Listed); got != "B,A" {
		t.Errorf("listed %s, want B,A (newest first; expired and withdrawn left out)", got)
	}
	units := g.Taxonomies[0]
	if len(units.Terms) != 2 || units.Terms[0].Name != "Bộ Công an" || units.Terms[0].URL != "/units/bo-cong-an/" {
		t.Errorf("terms %+v", units.Terms)
	}
	if got := titles(units.Terms[1].Pages); got != "B,A" {
		t.Errorf("term pages %s", got)
	}
	if _, err := g.Resolver(g.Lookup("thong-bao/a.md"))("e.md"); err == nil || !strings.Contains(err.Error(), "draft") {
		t.Errorf("link to a draft: %v", err)
	}
	if u, err := g.Resolver(g.Lookup("thong-bao/a.md"))("b.md#muc"); err != nil || u != "/thong-bao/b/#muc" {
		t.Errorf("link to b: %q %v", u, err)
	}
	if _, err := g.Resolver(g.Lookup("thong-bao/a.md"))("../../x.md"); err == nil {
		t.Errorf("link outside content/ resolved")
	}
}

func TestPaginate(t *testing.T) {
	pages := make([]*Page, 25)
	for i := range pages {
		pages[i] = &Page{}
	}
	pagers := Paginate(pages, 2, "/tin/")
	if len(pagers) != 13 {
		t.Fatalf("%d pagers, want 13", len(pagers))
	}
	p := pagers[6]
	if p.URL != "/tin/page/7/" || p.PrevURL != "/tin/page/6/" || p.NextURL != "/tin/page/8/" || len(p.Items) != 2 {
		t.Errorf("pager 7: %+v", p)
	}
	var nums []int
	for _, l := range p.Links {
		nums = append(nums, l.Number)
	}
	if got, want := nums, []int{1, 0, 5, 6, 7, 8, 9, 0, 13}; !equal(got, want) {
		t.Errorf("links %v, want %v", got, want)
	}
	if empty := Paginate(nil, 10, "/x/"); len(empty) != 1 || empty[0].URL != "/x/" {
		t.Errorf("empty list: %+v", empty)
	}
	if pagers[0].PrevURL != "" || pagers[12].NextURL != "" || len(pagers[12].Items) != 1 {
		t.Errorf("edges wrong")
	}
}

func equal(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestOutputPath(t *testing.T) {
	for in, want := range map[string]string{"/": "index.html", "/a/b/": "a/b/index.html", "/a/b.html": "a/b.html", "/404.html": "404.html"} {
		if got := OutputPath(in); got != want {
			t.Errorf("OutputPath(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestTermSpelledTwice: two spellings of one term on a page (the same
// slug) list the term once and the page once in it.
func TestTermSpelledTwice(t *testing.T) {
	a := page("thong-bao/a.md", "A", "2026-01-01T08:00:00+07:00")
	a.Terms = []content.Terms{{Taxonomy: "units", Names: []string{"Sở Y tế", "Sở Y Tế"}}}
	g, err := New(testConfig(), []*content.Page{a}, Options{Now: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	units := g.Taxonomies[0]
	if len(units.Terms) != 1 || len(units.Terms[0].Pages) != 1 {
		t.Fatalf("%d terms, first with %d pages; want 1 term with the page once", len(units.Terms), len(units.Terms[0].Pages))
	}
	if p := g.Pages[0]; len(p.Terms) != 1 || len(p.Terms[0].Terms) != 1 {
		t.Errorf("the page lists %+v, want the term once", p.Terms)
	}
}

// TestManyPages builds a graph big enough that pages are made on several
// goroutines, and checks it is what one pass in content order gives: every
// page once at its URL, drafts and future pages hidden, each bad URL
// reported, and a URL taken twice owned by the first page that claims it.
func TestManyPages(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(max(2, runtime.GOMAXPROCS(0))))
	const n = 5000
	now := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	var pages []*content.Page
	var wantErrs []string
	for i := range n {
		p := page(fmt.Sprintf("thong-bao/p-%04d.md", i), fmt.Sprint("P", i), "2026-01-01T08:00:00+07:00")
		p.Date = p.Date.Add(time.Duration(i) * time.Minute)
		switch {
		case i%7 == 3:
			p.Draft = true
		case i%13 == 5:
			p.Date = now.AddDate(1, 0, 0)
		case i%250 == 1:
			p.URL = "/../x/"
			wantErrs = append(wantErrs, p.File+": url")
		case i%250 == 9 && !pages[i-1].Draft && !pages[i-1].Date.After(now):
			p.URL = "/thong-bao/" + pages[i-1].Name + "/" // the page before owns it
			wantErrs = append(wantErrs, p.File+": URL "+p.URL+" is also used by "+pages[i-1].File)
		}
		pages = append(pages, p)
	}
	_, err := New(testConfig(), pages, Options{Now: now})
	if err == nil {
		t.Fatal("no error for the bad URLs")
	}
	lines := strings.Split(err.Error(), "\n")
	if len(lines) != len(wantErrs) {
		t.Fatalf("%d errors, want %d:\n%s", len(lines), len(wantErrs), err)
	}
	for i, line := range lines {
		file, rest, _ := strings.Cut(line, ":")
		_, rest, _ = strings.Cut(rest, ":")  // the line
		_, msg, _ := strings.Cut(rest, ": ") // the column
		if got := file + ": " + msg; !strings.HasPrefix(got, wantErrs[i]) {
			t.Errorf("error %d: %s, want %s", i, line, wantErrs[i])
		}
	}
	pages = slices.DeleteFunc(pages, func(p *content.Page) bool { return p.URL != "" })
	g, err := New(testConfig(), pages, Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	want := 0
	for i, p := range pages {
		node := g.Lookup(p.Path)
		hidden := p.Draft || p.Date.After(now)
		if hidden {
			if node != nil {
				t.Errorf("page %d: hidden page in the graph", i)
			}
			continue
		}
		want++
		if node == nil || node.Source != p || node.URL != "/thong-bao/"+p.Name+"/" || node.Section == nil || node.Section.Dir != "thong-bao" {
			t.Fatalf("page %d: node %+v", i, node)
		}
	}
	if len(g.Pages) != want || len(g.Sections[0].Pages) != want {
		t.Errorf("%d pages, %d in the section, want %d", len(g.Pages), len(g.Sections[0].Pages), want)
	}
	for i := 1; i < len(g.Pages); i++ {
		if g.Pages[i].Date.After(g.Pages[i-1].Date) {
			t.Fatalf("pages not newest first at %d", i)
		}
	}
}

// TestAliasURLs: an old address of plain ASCII is kept as written (an old
// CMS's case and dots), anything else folded as url: is; one that does not
// start with "/" is in the folder of the page, as in Hugo.
func TestAliasURLs(t *testing.T) {
	tests := []struct{ alias, want string }{
		{"/Pages/TinTuc.aspx", "/Pages/TinTuc.aspx/"},
		{"/Tin_Tuc/Chi~tiet.PHP/", "/Tin_Tuc/Chi~tiet.PHP/"},
		{"/tin-cu/da-nang.html", "/tin-cu/da-nang.html"},
		{"/tin-cu/DaNang.HTML", "/tin-cu/DaNang.HTML"},
		{"/./tin//cu/", "/tin/cu/"},
		{"/tin-cu/Đà Nẵng/", "/tin-cu/da-nang/"},
		{"/Tin Cu/a.aspx", "/tin-cu/a-aspx/"},
		// As Hugo: without "/", beside the page (at /thong-bao/a/).
		{"cu", "/thong-bao/cu/"},
		{"cu-hon/", "/thong-bao/cu-hon/"},
		{"2019/TinCu.aspx", "/thong-bao/2019/TinCu.aspx/"},
		{"../tin/b.html", "/tin/b.html"},
		{"../../../x/", "/x/"},
	}
	for _, tt := range tests {
		p := page("thong-bao/a.md", "A", "2026-01-01T08:00:00+07:00")
		p.Aliases = []string{tt.alias}
		g, err := New(testConfig(), []*content.Page{p}, Options{Now: time.Now()})
		if err != nil {
			t.Errorf("alias %q: %v", tt.alias, err)
			continue
		}
		if len(g.Aliases) != 1 || g.Aliases[0].URL != tt.want {
			t.Errorf("alias %q: got %+v, want URL %q", tt.alias, g.Aliases, tt.want)
		}
	}
}
