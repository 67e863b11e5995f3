package render

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/congbo/congbo/internal/config"
	"github.com/congbo/congbo/internal/minhtml"
	"github.com/congbo/congbo/internal/publish"
	"github.com/congbo/congbo/internal/site"
)

// TestSpansMarkSharedParts renders a page that prints a partialCached
// partial and list items into a tracked page buffer: each becomes a span
// whose Min is its bytes minified alone (the white space around it left
// out), and the page minified with the spans is the page minified whole:
// also with a span inside <pre>, which the minifier declines. List items
// built into a variable are no spans.
func TestSpansMarkSharedParts(t *testing.T) {
	cfg, err := config.Parse("site.yaml", []byte("title: T\nbaseURL: https://example.gov.vn/\norganization: {name: Bộ}\n"))
	if err != nil {
		t.Fatal(err)
	}
	theme := NewLayouts(nil, fstest.MapFS{
		"i18n/vi.yaml":            {Data: []byte("home: Trang chủ\n")},
		"base.html":               {Data: []byte("<!doctype html>\n<title>{{.Page.Title}}</title>\n<body>\n{{template \"main\" .}}\n</body>\n")},
		"partials/header.html":    {Data: []byte("\n<header class=\"site-header\">\n<a href=\"/\">  {{.Page.Title}}  </a>\n</header>\n")},
		"partials/list-item.html": {Data: []byte("<li class=\"item\">\n<a href=\"{{.URL}}\">{{.Title}}</a>\n</li>\n")},
		"single.html": {Data: []byte(`{{define "main"}}x {{partialCached "partials/header.html" . "k"}}
<pre>{{partialCached "partials/header.html" . "k"}}</pre>
<ul>{{itemList .Pager.Items}}</ul>
{{$h := itemList .Pager.Items}}<div>{{$h}}</div>{{end}}`)},
		"section.html":  {Data: []byte(`{{define "main"}}{{end}}`)},
		"home.html":     {Data: []byte(`home`)},
		"taxonomy.html": {Data: []byte(`{{define "main"}}{{end}}`)},
		// texec prints the header, then falls back to html/template at the
		// attribute (it leaves tag stripping to html/template).
		"term.html": {Data: []byte(`{{define "main"}}{{partialCached "partials/header.html" . "k"}}<p title="{{partialCached "partials/header.html" . "k"}}">y</p>{{end}}`)},
		// The same in a partial a Go block runs into the page (a site's
		// partials/value.html).
		"partials/fallback.html": {Data: []byte(`{{partialCached "partials/header.html" . "k"}}<p title="{{partialCached "partials/header.html" . "k"}}">y</p>`)},
		"404.html":               {Data: []byte(`{{define "main"}}404{{end}}`)},
		"alias.html":             {Data: []byte(`<meta http-equiv="refresh" content="0; url={{.URL}}">`)},
	})
	ts, err := LoadTemplates(theme, cfg)
	if err != nil {
		t.Fatal(err)
	}
	min := publish.NewMinifier()
	ts.spans.min = min
	// The second item is too short to be worth a span.
	items := []*site.Page{{Title: "Một  hai ba bốn năm sáu bảy", URL: "/a/"}, {Title: "Ba", URL: "/b/"}}
	data := &Data{Page: &site.Page{Title: "Tiêu đề"}, Pager: &site.Pager{Items: items}}
	var page pageBuf
	// render runs exec into page, empty and tracked, as a build does.
	render := func(exec func(*bytes.Buffer) error) {
		t.Helper()
		page.Reset()
		page.spans = page.spans[:0]
		untrack := ts.spans.track(&page)
		err := exec(&page.Buffer)
		untrack()
		if err != nil {
			t.Fatal(err)
		}
	}
	for run := range 2 { // html/template first, then texec
		render(func(b *bytes.Buffer) error { return ts.Execute(b, "single.html", data) })
		if run == 0 {
			continue
		}
		checkSpans(t, min, page.Bytes(), page.spans)
		if ref := ts.layouts["single.html"]; ref.fast.Fallbacks() != 0 {
			t.Fatal("texec fell back to html/template")
		}
		src := page.Bytes()
		var got []string
		for _, sp := range page.spans {
			got = append(got, string(src[sp.Start:sp.End]))
		}
		header := "<header class=\"site-header\">\n<a href=\"/\">  Tiêu đề  </a>\n</header>"
		want := []string{
			header,
			header,
			"<li class=\"item\">\n<a href=\"/a/\">Một  hai ba bốn năm sáu bảy</a>\n</li>",
		}
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("spans:\n%q\nwant\n%q\nin %s", got, want, src)
		}
	}

	// What texec printed before it fell back is gone, and its spans: in a
	// layout, and in a partial a Go block runs into the page.
	for _, c := range []struct {
		name string
		exec func(*bytes.Buffer) error
	}{
		{"term.html", func(b *bytes.Buffer) error { return ts.Execute(b, "term.html", data) }},
		{"partials/fallback.html", func(b *bytes.Buffer) error { return ts.executePartial(b, "partials/fallback.html", data) }},
	} {
		for range 2 { // html/template first, then texec, which falls back
			render(c.exec)
			if len(page.spans) != 0 { // html/template prints no spans
				t.Errorf("%s: %d spans after texec fell back", c.name, len(page.spans))
			}
		}
	}
	if ts.fastPartials.Fallbacks() == 0 {
		t.Error("partials/fallback.html: texec did not fall back; the case tests nothing")
	}
	ts.spans.pages.Range(func(k, _ any) bool {
		t.Errorf("page %p still tracked after it was written", k)
		return true
	})
	if ref := ts.layouts["term.html"]; ref.fast.Fallbacks() == 0 {
		t.Error("term.html: texec did not fall back; the case tests nothing")
	}
}

// checkSpans checks that each span of src is its bytes minified alone, and
// that src minified with them is src minified whole.
func checkSpans(t *testing.T, min *publish.Minifier, src []byte, spans []minhtml.Span) {
	t.Helper()
	for _, sp := range spans {
		part := src[sp.Start:sp.End]
		alone, ok := min.Part(part)
		if !ok || !bytes.Equal(alone, sp.Min) {
			t.Errorf("span %q: Min %q, minified alone %q", part, sp.Min, alone)
		}
	}
	whole, err := min.Bytes(".html", src)
	if err != nil {
		t.Fatal(err)
	}
	st, err := publish.Stage(t.TempDir(), publish.Options{Minify: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.WriteSpans("p.html", src, spans); err != nil {
		t.Fatal(err)
	}
	spliced, err := os.ReadFile(filepath.Join(st.Dir(), "p.html"))
	if err != nil {
		t.Fatal(err)
	}
	st.Abort()
	if !bytes.Equal(spliced, whole) {
		t.Errorf("minified with spans:\n%s\nwhole:\n%s", spliced, whole)
	}
}
