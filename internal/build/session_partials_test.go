package build_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/congbo/congbo/internal/build"
	"github.com/congbo/congbo/internal/publish"
)

// review6Site writes a two-section site (thong-bao: announcements, tin:
// pages, each with an _index.md) with extra files, and returns an editor
// and a Session that made its first build.
// sectionsSite builds a site of two sections (thong-bao, tin) with
// extra files, in a Session and afresh, and readies an edit.
func sectionsSite(t *testing.T, extra string) (*editor, *build.Session) {
	t.Helper()
	dir := writeSite(t, siteYAML+extra+`
-- content/thong-bao/_index.md --
---
title: Thông báo
---
-- content/tin/_index.md --
---
title: Tin tức
---
-- content/thong-bao/a.md --
---
title: Thông báo A
date: 2026-03-01T08:00:00+07:00
---
Nội dung A.
-- content/tin/b.md --
---
title: Tin B
date: 2026-02-01T08:00:00+07:00
---
Nội dung B.
`)
	now := time.Date(2027, 1, 15, 9, 0, 0, 0, time.UTC)
	e := &editor{t: t, dir: dir, now: now, orig: map[string][]byte{}}
	sess := build.NewSession(build.Options{Source: dir, Now: now})
	checkShow(t, e, sess, nil, true, "first build")
	e.groups = append(e.groups, nil)
	return e, sess
}

// A layout redefining a partial gets a namespace of its own, but
// partialCached and the Go blocks run the shared partials: the analysis
// reads those.
func TestSessionPartialCachedRunsSharedPartial(t *testing.T) {
	e, sess := sectionsSite(t, `-- layouts/partials/header.html --
<header><nav>{{range .Site.Sections}}<a href="{{.URL}}">{{.Title}}</a>{{end}}</nav></header>
-- layouts/announcement.html --
{{define "main"}}<h1>{{.Page.Title}}</h1>{{end}}{{define "partials/header.html"}}<header>riêng</header>{{end}}
`)
	desc, paths := e.write("other section's title", "content/tin/_index.md", []byte("---\ntitle: Tin mới\n---\n"))
	checkShow(t, e, sess, paths, false, desc)
}

// {{range $s := .Site.Sections}} makes the dot each section too.
func TestSessionRangeSectionsWithVariable(t *testing.T) {
	for _, layout := range []string{
		`{{define "main"}}<h1>{{.Page.Title}}</h1>{{range $s := .Site.Sections}}<p>{{.Title}} {{.Page.Lastmod}}</p>{{end}}{{end}}`,
		`{{define "main"}}<h1>{{.Page.Title}}</h1>{{range $i, $s := .Site.Sections}}<p>{{$i}} {{.Page.Lastmod}}</p>{{end}}{{end}}`,
	} {
		e, sess := sectionsSite(t, "-- layouts/announcement.html --\n"+layout+"\n")
		f := "content/tin/b.md"
		desc, paths := e.write("date in another section", f, []byte(strings.Replace(string(e.read(f)), "2026-02-01", "2026-05-01", 1)))
		checkShow(t, e, sess, paths, false, desc)
	}
}

// A section's _index.md as written (.Page.Source.Body) is in the list's
// fingerprint: an edit of its white space alone leaves its HTML as it was.
func TestSessionSectionSourceBody(t *testing.T) {
	e, sess := sectionsSite(t, "-- layouts/section.html --\n"+`{{define "main"}}<h1>{{.Page.Title}}</h1><p class="n">{{len .Page.Source.Body}}</p>{{.Page.Content}}{{end}}`+"\n")
	f := "content/tin/_index.md"
	desc, paths := e.write("section text", f, []byte("---\ntitle: Tin tức\n---\nGiới thiệu.\n"))
	checkShow(t, e, sess, paths, false, desc)
	e.groups = append(e.groups, nil)
	desc, paths = e.write("blank lines", f, []byte("---\ntitle: Tin tức\n---\nGiới thiệu.   \n\n\n"))
	checkShow(t, e, sess, paths, false, desc)
}

// A linked page's terms are named by the whole site (a term's name is its
// first spelling): reading them reads the site.
func TestSessionLinkedPageTermNames(t *testing.T) {
	e, sess := sectionsSite(t, `-- layouts/correction.html --
{{define "main"}}{{with .Page.Corrects}}{{range .Terms}}{{range .Terms}}<span class="t">{{.Name}}</span>{{end}}{{end}}{{end}}{{end}}
-- content/thong-bao/z.md --
---
title: Thông báo Z
date: 2026-01-01T08:00:00+07:00
tags: [hà nội]
---
Nội dung Z.
-- content/thong-bao/x.md --
---
title: Cải chính Z
type: correction
kind: correction
corrects: "/thong-bao/z.md"
false_content: Sai.
correct_content: Đúng.
date: 2026-04-01T08:00:00+07:00
---
Nội dung X.
`)
	f := "content/tin/b.md"
	desc, paths := e.write("a newer page's tag spelling", f, []byte("---\ntitle: Tin B\ndate: 2026-06-01T08:00:00+07:00\ntags: [Hà Nội]\n---\nNội dung B.\n"))
	checkShow(t, e, sess, paths, false, desc)
}

// A file of the site where congbo writes a server config is an error in
// the Session as in a build, before and after an edit of it.
func TestSessionStaticServerConfig(t *testing.T) {
	dir := writeSite(t, siteYAML+`-- static/_headers --
/*
  X-Frame-Options: DENY
-- content/thong-bao/a.md --
---
title: Thông báo A
date: 2026-03-01T08:00:00+07:00
---
Nội dung A.
`)
	now := time.Date(2027, 1, 15, 9, 0, 0, 0, time.UTC)
	sess := build.NewSession(build.Options{Source: dir, Now: now})
	_, _, _, sessErr := sess.Build(t.Context(), nil, true)
	w := &memOut{min: publish.NewMinifier(), files: map[string][]byte{}}
	_, buildErr := build.RenderTo(build.Options{Source: dir, Now: now}, w)
	if (sessErr == nil) != (buildErr == nil) {
		t.Errorf("first build: session error %v, build error %v", sessErr, buildErr)
	}
	os.WriteFile(filepath.Join(dir, "static/_headers"), []byte("/*\n  X-Frame-Options: SAMEORIGIN\n"), 0o644)
	_, _, _, sessErr = sess.Build(t.Context(), []string{"static/_headers"}, false)
	if (sessErr == nil) != (buildErr == nil) {
		t.Errorf("after a static edit: session error %v, build error %v", sessErr, buildErr)
	}
}

// A variable assigned inside a parenthesised pipeline ({{($x =
// .Page).Kind}}) is set twice: unknown.
func TestSessionAssignInChain(t *testing.T) {
	corr := func(title, date string) string {
		return "---\ntitle: " + title + "\ntype: correction\nkind: correction\ncorrects: \"/thong-bao/z.md\"\n" +
			"false_content: Sai.\ncorrect_content: Đúng.\ndate: " + date + "\n---\nNội dung.\n"
	}
	e, sess := sectionsSite(t, `-- layouts/correction.html --
{{define "main"}}{{$x := .Page.Corrects}}{{if not $x}}{{($x = .Page).Kind}}{{end}}{{range $x.CorrectedBy}}<p class="c">{{.Title}}</p>{{end}}{{end}}
-- content/thong-bao/z.md --
---
title: Thông báo Z
date: 2026-01-01T08:00:00+07:00
---
Nội dung Z.
-- content/thong-bao/x.md --
`+corr("Cải chính X", "2026-04-01T08:00:00+07:00")+`-- content/thong-bao/y.md --
`+corr("Cải chính Y", "2026-05-01T08:00:00+07:00"))
	f := "content/thong-bao/y.md"
	desc, paths := e.write("the other correction's title", f, []byte(corr("Cải chính Y sửa", "2026-05-01T08:00:00+07:00")))
	checkShow(t, e, sess, paths, false, desc)
}
