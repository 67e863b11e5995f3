package render

import (
	"bytes"
	"testing"
	"testing/fstest"

	"github.com/congbo/congbo/internal/config"
)

// TestLoadEscapedTemplates checks that layouts escaped at load time print
// what layouts escaped on their first Execute print, and fail as they do:
// entries that start with text (escaped by a refused execution), a layout
// and a partialCached partial that start with an action (escaped through
// one template calling them under {{if false}}), and a theme with a layout
// that does not escape (loaded again, the error left to its Execute).
func TestLoadEscapedTemplates(t *testing.T) {
	cfg, err := config.Parse("site.yaml", []byte("title: T\nbaseURL: https://example.gov.vn/\norganization: {name: Bộ}\n"))
	if err != nil {
		t.Fatal(err)
	}
	theme := fstest.MapFS{
		"i18n/vi.yaml":    {Data: []byte("home: Trang chủ\n")},
		"base.html":       {Data: []byte(`<!doctype html><title>{{block "title" .}}{{.Title}}{{end}}</title><body>{{template "main" .}}</body>`)},
		"partials/p.html": {Data: []byte(`{{- $t := .Title -}}<b title="{{$t}}">{{$t}}</b><script>var t = {{$t}};</script>`)},
		"home.html":       {Data: []byte(`{{if .Title}}<h1>{{.Title}}</h1>{{end}}<a href="{{.URL}}">{{T "home"}}</a>`)},
		"section.html":    {Data: []byte(`{{define "main"}}<ul>{{range .Items}}<li><a href="/{{.}}">{{.}}</a>{{end}}</ul>{{end}}`)},
		"single.html":     {Data: []byte(`{{define "main"}}<a href="{{.URL}}" onclick="f({{.Title}})">{{.Title}}</a>{{partialCached "partials/p.html" . .Title}}{{end}}`)},
		"taxonomy.html":   {Data: []byte(`{{define "title"}}{{.Title}} – list{{end}}{{define "main"}}<style>p { color: {{.Color}} }</style>{{end}}`)},
		"term.html":       {Data: []byte(`{{define "main"}}{{.Missing}}{{end}}`)},
		"404.html":        {Data: []byte(`{{define "main"}}<p>404</p>{{end}}`)},
		"alias.html":      {Data: []byte(`<meta http-equiv="refresh" content="0; url={{.URL}}">`)},
	}
	broken := fstest.MapFS{"404.html": {Data: []byte(`{{define "main"}}<a href="{{.URL}}{{end}}`)}} // ends in an attribute
	data := map[string]any{
		"Title": `A "quoted" <title> & more`, "URL": "javascript:alert(1)", "Color": "expression(x)",
		"Items": []string{"a b", "<c>"},
	}
	for _, tc := range []struct {
		name    string
		l       Layouts
		escapes bool
	}{{"theme", NewLayouts(nil, theme), true}, {"broken 404", NewLayouts(broken, theme), false}} {
		t.Run(tc.name, func(t *testing.T) {
			lazy, err := LoadTemplates(tc.l, cfg)
			if err != nil {
				t.Fatal(err)
			}
			if ts, _ := LoadTemplates(tc.l, cfg); (ts.escape(nil) == nil) != tc.escapes {
				t.Fatalf("escape() succeeded: %v, want %v", !tc.escapes, tc.escapes)
			}
			l := tc.l
			eager, err := LoadEscapedTemplates(l, cfg, nil)
			if err != nil {
				t.Fatal(err)
			}
			for _, name := range []string{"single.html", "home.html", "section.html", "taxonomy.html", "term.html", "404.html", "alias.html", "single.html"} {
				var want, got bytes.Buffer
				werr := lazy.Execute(&want, name, data)
				gerr := eager.Execute(&got, name, data)
				if got.String() != want.String() || errString(gerr) != errString(werr) {
					t.Errorf("%s:\n got %q, %v\nwant %q, %v", name, got.String(), gerr, want.String(), werr)
				}
			}
		})
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
