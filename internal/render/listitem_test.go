package render

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/congbo/congbo/internal/config"
	"github.com/congbo/congbo/internal/site"
	"github.com/congbo/congbo/layouts"
)

// TestListItemMatchesTemplate prints pages with listItem (the default
// theme's partials/list-item.html) and with the same partial as template
// actions (internal/build/testdata/template-theme), including what a
// built site cannot reach: unsafe and unnormalized URLs, NUL bytes and
// numbers of every YAML type. TestBlocksMatchTemplates compares whole
// sites.
func TestListItemMatchesTemplate(t *testing.T) {
	cfg, err := config.Parse("site.yaml", []byte("title: T\nbaseURL: https://example.gov.vn/\ntimeZone: Asia/Ho_Chi_Minh\norganization: {name: Bộ}\n"))
	if err != nil {
		t.Fatal(err)
	}
	text, err := os.ReadFile("../build/testdata/template-theme/partials/list-item.html")
	if err != nil {
		t.Fatal(err)
	}
	goBlock, err := LoadTemplates(NewLayouts(nil, layouts.FS), cfg)
	if err != nil {
		t.Fatal(err)
	}
	templated, err := LoadTemplates(NewLayouts(fstest.MapFS{listItemPartial: {Data: text}}, layouts.FS), cfg)
	if err != nil {
		t.Fatal(err)
	}
	date := time.Date(2026, 11, 25, 1, 55, 0, 0, time.UTC)
	for _, p := range []*site.Page{
		{Title: "Chỉ tiêu đề", URL: "/a/"},
		{Type: "press-release", Title: `<T> & "q" 'a' + b`, URL: "/thong-cao/a b/ä?x=<1>&y=\"2\"#'f'", Date: date,
			Params: map[string]any{"number": `12/<QĐ> & "x" + 'y'`}, Summary: `S <b> & "q" 'a' + b`},
		{Type: "announcement", Title: "NUL \x00 here", URL: "javascript:alert(1)", Summary: "\x00"},
		{Type: "page", Title: "t", URL: "/%41%zz%4/ /", Params: map[string]any{"number": 7}},
		{Type: "page", Title: "t", URL: "HTTPS://x.example/?q=a+b", Params: map[string]any{"number": 2.5}},
		{Type: "page", Title: "t", URL: "mailto:a@b.example", Params: map[string]any{"number": true}},
		{Type: "page", Title: "t", URL: "/a/", Params: map[string]any{"number": []any{"a<", 3}}},
		{Type: "page", Title: "t", URL: "/a/", Params: map[string]any{"number": map[string]any{"k": "v"}}},
		{Type: "page", Title: "t", URL: "/a/", Params: map[string]any{"number": date}},
		{Type: "page", Title: "t", URL: "/a/", Params: map[string]any{"number": 0}},
		{Type: "page", Title: "t", URL: "/a/", Params: map[string]any{"number": ""}},
		{Type: "page", Title: "t", URL: "/a/", Params: map[string]any{"number": false}},
		{Type: "page", Title: "t", URL: "/a/", Params: map[string]any{"number": nil}},
		{Type: "page", Title: "t", URL: "/a/", Params: map[string]any{"number": []any{}}},
	} {
		var got, want bytes.Buffer
		if err := goBlock.partials.ExecuteTemplate(&got, listItemPartial, p); err != nil {
			t.Fatalf("%q: %v", p.Title, err)
		}
		if err := templated.partials.ExecuteTemplate(&want, listItemPartial, p); err != nil {
			t.Fatalf("%q (template): %v", p.Title, err)
		}
		if got.String() != want.String() {
			t.Errorf("%q %q %v:\nlistItem: %s\ntemplate: %s", p.Title, p.URL, p.Params, got.String(), want.String())
		}
	}
	// A type without a translation is an error both ways.
	p := &site.Page{Type: "no-such-type", Title: "t", URL: "/a/"}
	if err := goBlock.partials.ExecuteTemplate(new(bytes.Buffer), listItemPartial, p); err == nil {
		t.Error("listItem printed a type without a translation")
	}
	if err := templated.partials.ExecuteTemplate(new(bytes.Buffer), listItemPartial, p); err == nil {
		t.Error("the template printed a type without a translation")
	}
}

// BenchmarkListItem executes the default theme's partials/list-item.html
// for one page, uncached: what itemList pays once per page and build.
func BenchmarkListItem(b *testing.B) {
	cfg, err := config.Parse("site.yaml", []byte("title: T\nbaseURL: https://example.gov.vn/\ntimeZone: Asia/Ho_Chi_Minh\norganization: {name: Bộ}\n"))
	if err != nil {
		b.Fatal(err)
	}
	ts, err := LoadTemplates(NewLayouts(nil, layouts.FS), cfg)
	if err != nil {
		b.Fatal(err)
	}
	p := &site.Page{
		Type:    "press-release",
		Title:   "Thông cáo báo chí về kết quả hội nghị tổng kết công tác năm 2026",
		URL:     "/thong-cao-bao-chi/tcbc-000424/",
		Date:    time.Date(2026, 11, 25, 8, 55, 0, 0, time.UTC),
		Params:  map[string]any{"number": "424/TCBC-VP"},
		Summary: "Chiều ngày 25/11, cơ quan đã tổ chức hội nghị tổng kết công tác năm 2026 và triển khai nhiệm vụ năm 2027 với sự tham dự của các đơn vị.",
	}
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if err := ts.partials.ExecuteTemplate(&buf, listItemPartial, p); err != nil {
			b.Fatal(err)
		}
	}
}

// TestItemListUsesSitePartial checks that itemList prints a site's own
// partials/list-item.html, not the theme's listItem.
func TestItemListUsesSitePartial(t *testing.T) {
	cfg, err := config.Parse("site.yaml", []byte("title: T\nbaseURL: https://example.gov.vn/\norganization: {name: Bộ}\n"))
	if err != nil {
		t.Fatal(err)
	}
	own := fstest.MapFS{listItemPartial: {Data: []byte(`<li class="own">{{.Title}}</li>`)}}
	pages := []*site.Page{{Type: "page", Title: "A & B", URL: "/a/"}, {Type: "page", Title: "C", URL: "/c/"}}
	for _, tc := range []struct {
		site fstest.MapFS
		want string
	}{
		{own, "\n<ul class=\"item-list\">\n<li class=\"own\">A &amp; B</li>\n<li class=\"own\">C</li>\n</ul>"},
		{nil, "\n<ul class=\"item-list\">\n<li class=\"item\">\n<article class=\"card\">\n<h2 class=\"item-title\"><a href=\"/a/\">A &amp; B</a></h2>"},
	} {
		var l Layouts
		if tc.site != nil {
			l = NewLayouts(tc.site, layouts.FS)
		} else {
			l = NewLayouts(nil, layouts.FS)
		}
		ts, err := LoadTemplates(l, cfg)
		if err != nil {
			t.Fatal(err)
		}
		itemList, _ := block(ts, cfg, ts.itemList)
		got, err := itemList(pages)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(string(got), tc.want) {
			t.Errorf("got %s\nwant it to start with %s", got, tc.want)
		}
	}
}

// TestPageMetaUsesSitePartials: the page meta prints front matter values
// and unit links in Go, unless the site has its own partials/value.html or
// partials/unit-link.html: then those run, as every other layout does.
func TestPageMetaUsesSitePartials(t *testing.T) {
	cfg, err := config.Parse("site.yaml", []byte("title: T\nbaseURL: https://example.gov.vn/\norganization: {name: Bộ}\n"))
	if err != nil {
		t.Fatal(err)
	}
	units := &site.Taxonomy{Plural: "units"}
	p := &site.Page{Type: "announcement", Title: "A", URL: "/a/",
		Params: map[string]any{"signer": "Nguyễn Văn A", "deadline": "31/12/2026"},
		Terms:  []site.TermList{{Taxonomy: units, Terms: []*site.Term{{Name: "Sở Y tế", URL: "/units/so-y-te/", Taxonomy: units}}}}}
	own := fstest.MapFS{
		valuePartial:    {Data: []byte(`<b class="own">{{.}}</b>`)},
		unitLinkPartial: {Data: []byte(`<i class="own">{{.Name}}</i>`)},
	}
	for _, tc := range []struct {
		site      fstest.MapFS
		want, not []string
	}{
		{own, []string{`<b class="own">Nguyễn Văn A</b>`, `<b class="own">31/12/2026</b>`, `<li><i class="own">Sở Y tế</i></li>`}, nil},
		{nil, []string{`<dd>Nguyễn Văn A</dd>`, `<li><a href="/units/so-y-te/">Sở Y tế</a></li>`}, []string{"own"}},
	} {
		l := NewLayouts(nil, layouts.FS)
		if tc.site != nil {
			l = NewLayouts(tc.site, layouts.FS)
		}
		ts, err := LoadTemplates(l, cfg)
		if err != nil {
			t.Fatal(err)
		}
		pageMeta, _ := block(ts, cfg, ts.pageMeta)
		got, err := pageMeta(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range tc.want {
			if !strings.Contains(string(got), w) {
				t.Errorf("page meta %s\nwithout %s", got, w)
			}
		}
		for _, w := range tc.not {
			if strings.Contains(string(got), w) {
				t.Errorf("page meta %s\nwith %s", got, w)
			}
		}
		// The site's partials ran with html/template the first time, and
		// so were escaped; from now on texec runs them, to the same bytes.
		if again, err := pageMeta(p); err != nil || again != got {
			t.Errorf("page meta a second time: %s, %v\nthe first: %s", again, err, got)
		}
		if ex := ts.fastPartials; ex != nil {
			if n := ex.Fallbacks(); n != 0 {
				t.Errorf("%d texec fallbacks running the site's partials", n)
			}
			if tc.site != nil && !ex.Runs(valuePartial) {
				t.Errorf("texec does not run the site's %s", valuePartial)
			}
		}
	}
}
