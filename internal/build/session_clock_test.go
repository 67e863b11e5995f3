package build_test

import (
	"strconv"
	"testing"
	"time"

	"github.com/congbo/congbo/internal/build"
)

// clockCase builds a one-announcement site with layout file at each day
// in turn, comparing the Session with a fresh build.
// clockCase builds a site with layout as file (and front matter for its
// page, in tin/ when given) at each day, in a Session and afresh.
func clockCase(t *testing.T, yamlExtra, file, layout, frontMatter string, days []string) {
	t.Helper()
	dir := writeSite(t, siteYAML+yamlExtra+"-- layouts/"+file+" --\n"+layout+`
-- content/`+map[bool]string{true: "tin", false: "thong-bao"}[frontMatter != ""]+`/a.md --
---
title: Thông báo A
date: 2026-03-01T08:00:00+07:00
`+frontMatter+`---
Nội dung.
`)
	e := &editor{t: t, dir: dir}
	sess := build.NewSession(build.Options{Source: dir})
	for i, day := range days {
		at, _ := time.Parse(time.DateOnly, day)
		t.Setenv("SOURCE_DATE_EPOCH", strconv.FormatInt(at.Unix(), 10))
		checkShow(t, e, sess, []string{}, i == 0, "at "+day)
	}
}

// Case 1: clockSafe covers the whole subtree of a bare if/with/variable
// pipeline or of a comparison, not only the value .Site.Now itself.
// Only .Site.Now itself may be compared, kept or tested without showing
// the clock: a field of it (.Year, .Weekday), a parenthesised comparison
// with a computed time or Now nested in a compared value shows it.
func TestSessionClockFieldsAndPipelines(t *testing.T) {
	year := []string{"2030-12-31", "2031-01-02"}
	for _, tc := range []struct {
		name, layout, fm string
		days             []string
	}{
		{"year in a variable", `{{define "main"}}{{$y := .Site.Now.Year}}<p>© {{$y}}</p>{{end}}`, "", year},
		{"with the year", `{{define "main"}}{{with .Site.Now.Year}}<p>© {{.}}</p>{{end}}{{end}}`, "", year},
		{"if a weekday", `{{define "main"}}{{if .Site.Now.Weekday}}<p>Ngày làm việc</p>{{else}}<p>Chủ nhật</p>{{end}}{{end}}`, "",
			[]string{"2030-12-28", "2030-12-29"}}, // Saturday, Sunday
		{"parenthesised comparison with a computed time", `{{define "main"}}{{if (.Site.Now.After (.Page.Date.AddDate 0 0 30))}}<p class="old">Tin cũ</p>{{end}}{{end}}`, "",
			[]string{"2026-03-10", "2026-04-10"}},
		{"now inside a compared receiver (page.html, tin/)", `{{define "main"}}{{if (index .Page.Params (print "han_" .Site.Now.Year)).Before .Site.Now}}<p>Hết hạn</p>{{end}}{{end}}`,
			"han_2030: 2030-06-01T00:00:00Z\nhan_2031: 2031-12-01T00:00:00Z\n", year},
	} {
		t.Run(tc.name, func(t *testing.T) {
			file := "announcement.html"
			if tc.fm != "" {
				file = "page.html"
			}
			clockCase(t, "", file, tc.layout, tc.fm, tc.days)
		})
	}
}

// Case 2: a value the analysis cannot follow is never taken for .Site.Now
// (or for the site, whose .Now it may read).
// A value the analysis cannot follow (a variable set twice, (.Site)) may
// be the clock or the site whose .Now is read.
func TestSessionClockThroughUnknownValues(t *testing.T) {
	year := []string{"2030-12-31", "2031-01-02"}
	for _, tc := range []struct{ name, file, layout string }{
		{"now set twice", "announcement.html", `{{define "main"}}{{$now := .Site.Now}}{{if .Page.Draft}}{{$now = .Page.Date}}{{end}}<p>© {{$now.Year}}</p>{{end}}`},
		{"the site in parentheses", "announcement.html", `{{define "main"}}{{with (.Site)}}<p>© {{.Now.Year}}</p>{{end}}{{end}}`},
		{"the site to a partial in parentheses", "partials/footer.html", `{{template "partials/nam.html" (.Site)}}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeSite(t, siteYAML+"-- layouts/partials/nam.html --\n<footer>© {{.Now.Year}}</footer>\n"+
				"-- layouts/"+tc.file+" --\n"+tc.layout+`
-- content/thong-bao/a.md --
---
title: Thông báo A
date: 2026-03-01T08:00:00+07:00
---
Nội dung.
`)
			e := &editor{t: t, dir: dir}
			sess := build.NewSession(build.Options{Source: dir})
			for i, day := range year {
				at, _ := time.Parse(time.DateOnly, day)
				t.Setenv("SOURCE_DATE_EPOCH", strconv.FormatInt(at.Unix(), 10))
				checkShow(t, e, sess, []string{}, i == 0, "at "+day)
			}
		})
	}
}

// Case 3: site.yaml's params (.Site.Config.Params, the only way to them)
// are labelled a page's front matter value: compared with .Site.Now they
// count as covered by timePassed, which does not watch site.yaml's times.
// site.yaml's params are not times of the site render.Cache watches:
// comparing one with .Site.Now shows the clock.
func TestSessionClockAgainstSiteConfigTimes(t *testing.T) {
	for _, tc := range []struct{ name, layout string }{
		{"field", `{{define "main"}}{{with .Site.Config.Params.launch}}{{if .Before $.Site.Now}}<p>Đã khai trương</p>{{end}}{{end}}{{end}}`},
		{"index, as correction.html reads them", `{{define "main"}}{{with index .Site.Config.Params "launch"}}{{if .Before $.Site.Now}}<p>Đã khai trương</p>{{end}}{{end}}{{end}}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			clockCase(t, "params:\n  launch: 2031-01-01T00:00:00Z\n", "announcement.html", tc.layout, "", []string{"2030-12-31", "2031-01-02"})
		})
	}
}

// Case 4: a value the analysis cannot follow counts as a page reached
// through links, never as a section or a taxonomy, whose .Page and
// .Terms read the site.
// A section or taxonomy the analysis cannot follow ((.Page.Section),
// (.Taxonomy)) reads the site through its node and terms.
func TestSessionUnknownSectionOrTaxonomy(t *testing.T) {
	for _, tc := range []struct{ name, layout, edit string }{
		{"a section in parentheses", `{{define "main"}}{{with (.Page.Section)}}<p class="s">{{.Page.Lastmod}}</p>{{end}}{{end}}`,
			"---\ntitle: Thông báo B\ndate: 2026-06-01T08:00:00+07:00\n---\nNội dung.\n"},
		{"a taxonomy in parentheses", `{{define "main"}}{{range .Page.Terms}}{{with (.Taxonomy)}}<p class="t">{{len .Terms}}</p>{{end}}{{end}}{{end}}`,
			"---\ntitle: Thông báo B\ndate: 2026-02-01T08:00:00+07:00\ntags: [Mới]\n---\nNội dung.\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeSite(t, siteYAML+"-- layouts/announcement.html --\n"+tc.layout+`
-- content/thong-bao/a.md --
---
title: Thông báo A
date: 2026-03-01T08:00:00+07:00
tags: [Cũ]
---
Nội dung.
-- content/thong-bao/b.md --
---
title: Thông báo B
date: 2026-02-01T08:00:00+07:00
---
Nội dung.
`)
			now := time.Date(2027, 1, 15, 9, 0, 0, 0, time.UTC)
			e := &editor{t: t, dir: dir, now: now, orig: map[string][]byte{}}
			sess := build.NewSession(build.Options{Source: dir, Now: now})
			checkShow(t, e, sess, nil, true, "first build")
			e.groups = append(e.groups, nil)
			desc, paths := e.write("edit", "content/thong-bao/b.md", []byte(tc.edit))
			checkShow(t, e, sess, paths, false, desc)
		})
	}
}
