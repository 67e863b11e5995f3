package render

import (
	"testing"

	"github.com/congbo/congbo/internal/config"
)

// The analysis-level form of the Session cases in build/review5_test.go.
// TestReadsUnknownValues: fields read from values the analysis cannot
// follow, or from .Site.Now other than by a comparison with a time of the
// site, count as showing the clock or reading the site.
func TestReadsUnknownValues(t *testing.T) {
	cfg, err := config.Parse("site.yaml", []byte("title: T\nbaseURL: https://example.gov.vn/\norganization: {name: Bộ}\n"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		main        string
		clock, site bool
	}{
		{`{{$y := .Site.Now.Year}}{{$y}}`, true, false},
		{`{{with .Site.Now.Year}}{{.}}{{end}}`, true, false},
		{`{{if .Site.Now.Weekday}}x{{end}}`, true, false},
		{`{{if (.Site.Now.After (.Page.Date.AddDate 0 0 30))}}x{{end}}`, true, false},
		{`{{if (index .Page.Params (print "han_" .Site.Now.Year)).Before .Site.Now}}x{{end}}`, true, false},
		{`{{$now := .Site.Now}}{{if .Page.Draft}}{{$now = .Page.Date}}{{end}}{{$now.Year}}`, true, false},
		{`{{with (.Site)}}{{.Now.Year}}{{end}}`, true, false},
		{`{{with .Site.Config.Params.launch}}{{if .Before $.Site.Now}}x{{end}}{{end}}`, true, false},
		{`{{with index .Site.Config.Params "launch"}}{{if .Before $.Site.Now}}x{{end}}{{end}}`, true, false},
		{`{{with (.Page.Section)}}{{.Page.Lastmod}}{{end}}`, false, true},
		{`{{range .Page.Terms}}{{with (.Taxonomy)}}{{len .Terms}}{{end}}{{end}}`, false, true},
	} {
		ts := themeWith(t, cfg, announcementMain(tc.main))
		r := ts.layoutReads(ts.layouts["announcement.html"])
		if r.clock != tc.clock || r.site != tc.site {
			t.Errorf("%s: clock %v site %v, want %v %v", tc.main, r.clock, r.site, tc.clock, tc.site)
		}
	}
}
