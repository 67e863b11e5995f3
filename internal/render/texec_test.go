package render

import (
	"bytes"
	"testing"
	"testing/fstest"

	"github.com/congbo/congbo/internal/config"
)

// TestExecuteRunsTexec checks how Templates hands layouts to texec: a
// layout's first execution runs with html/template (which escapes it), the
// next ones with texec, printing the same; partialCached partials too; a
// layout that fails keeps failing with html/template's error; and with
// CONGBO_TEXEC=off nothing runs with texec.
func TestExecuteRunsTexec(t *testing.T) {
	cfg, err := config.Parse("site.yaml", []byte("title: T\nbaseURL: https://example.gov.vn/\norganization: {name: Bộ}\n"))
	if err != nil {
		t.Fatal(err)
	}
	theme := NewLayouts(nil, fstest.MapFS{
		"i18n/vi.yaml":    {Data: []byte("home: Trang chủ\n")},
		"base.html":       {Data: []byte(`<!doctype html><title>{{block "title" .}}{{.Title}}{{end}}</title><body>{{template "main" .}}</body>`)},
		"partials/p.html": {Data: []byte(`<b title="{{.}}">{{.}}</b>`)},
		"home.html":       {Data: []byte(`<a href="{{.URL}}">{{T "home"}}</a>`)},
		"section.html":    {Data: []byte(`{{define "main"}}{{range .Items}}<i>{{.}}</i>{{end}}{{end}}`)},
		"single.html":     {Data: []byte(`{{define "main"}}<a href="{{.URL}}">{{.Title}}</a>{{partialCached "partials/p.html" .Title .Title}}{{end}}`)},
		"taxonomy.html":   {Data: []byte(`{{define "main"}}{{end}}`)},
		"term.html":       {Data: []byte(`{{define "main"}}{{.Missing}}{{end}}`)},
		"404.html":        {Data: []byte(`{{define "main"}}404{{end}}`)},
		"alias.html":      {Data: []byte(`<meta http-equiv="refresh" content="0; url={{.URL}}">`)},
	})
	page := func(title string) map[string]any {
		return map[string]any{"Title": title, "URL": "javascript:x", "Items": []string{"<a>"}}
	}
	t.Setenv("CONGBO_TEXEC", "off")
	slow, err := LoadTemplates(theme, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("CONGBO_TEXEC", "")
	ts, err := LoadTemplates(theme, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if slow.layouts["single.html"].fast != nil || slow.fastPartials != nil {
		t.Fatal("CONGBO_TEXEC=off: layouts have a texec.Executor")
	}
	runs := func(name string) bool {
		ref := ts.layouts[name]
		return ref.fast != nil && ref.fast.Runs(ref.entry)
	}
	for i, title := range []string{`Một "<1>"`, `Hai & +2`, `Ba 'b'`} {
		for _, name := range []string{"single.html", "section.html", "home.html", "term.html"} {
			var want, got bytes.Buffer
			werr := slow.Execute(&want, name, page(title))
			gerr := ts.Execute(&got, name, page(title))
			if got.String() != want.String() || errString(gerr) != errString(werr) {
				t.Errorf("%s, run %d:\n got %q, %v\nwant %q, %v", name, i, got.String(), gerr, want.String(), werr)
			}
			if fast := runs(name); fast != (werr == nil) {
				t.Errorf("%s, after run %d: runs with texec: %v, want %v", name, i, fast, werr == nil)
			}
		}
	}
	if !ts.fastPartials.Runs("partials/p.html") {
		t.Error("partials/p.html, executed by partialCached, does not run with texec")
	}
	if n := ts.layouts["single.html"].fast.Fallbacks(); n != 0 {
		t.Errorf("%d executions fell back to html/template; want 0", n)
	}
}
