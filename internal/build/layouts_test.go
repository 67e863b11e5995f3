package build_test

import (
	"fmt"
	"strings"
	"testing"
)

// TestLayoutDefinesStayLocal checks that the templates a layout defines
// apply to its own pages only: its "title" and helper templates (renamed
// per layout in the shared namespace), and a partial it redefines (which
// gives the layout a namespace of its own).
func TestLayoutDefinesStayLocal(t *testing.T) {
	dir := writeSite(t, siteYAML+`
-- layouts/announcement.html --
{{define "title"}}TB: {{.Page.Title}}{{end}}
{{define "main"}}<p class="own">{{template "note" .Page}}</p>{{template "partials/terms.html" .Page}}{{end}}
{{define "note"}}announcement {{.Title}}{{end}}
-- layouts/page.html --
{{define "main"}}<p class="own">{{template "note" .Page}}</p>{{template "partials/terms.html" .Page}}{{end}}
{{define "note"}}page {{.Title}}{{end}}
{{define "partials/terms.html"}}<p class="terms-override">no terms</p>{{end}}
-- content/thong-bao/a.md --
---
title: Thông báo A
date: 2026-11-01
tags: [x]
---
A.
-- content/tin/b.md --
---
title: Tin B
date: 2026-11-02
tags: [x]
---
B.
-- content/tin/c.md --
---
title: Tin C
date: 2026-11-03
---
C.
`)
	if _, err := runBuild(t, dir); err != nil {
		t.Fatal(err)
	}
	a := read(t, dir, "thong-bao/a/index.html")
	b := read(t, dir, "tin/b/index.html")
	for _, tc := range []struct {
		page, html, want string
		has              bool
	}{
		{"a", a, "<title>TB: Thông báo A</title>", true},
		{"a", a, "announcement Thông báo A", true},
		{"a", a, "page Thông báo A", false},
		{"b", b, "page Tin B", true},
		{"b", b, "terms-override", true},
		{"b", b, "TB: ", false},
		{"b", b, "<title>Tin B – Cổng thử nghiệm</title>", true},
	} {
		if got := strings.Contains(tc.html, tc.want); got != tc.has {
			t.Errorf("page %s contains %q = %v, want %v:\n%s", tc.page, tc.want, got, tc.has, tc.html)
		}
	}
	// The theme's terms partial still prints a's tags.
	if !strings.Contains(a, `rel="tag"`) || strings.Contains(a, "terms-override") {
		t.Errorf("announcement lost the theme's terms partial:\n%s", a)
	}
}

// TestPagerGap checks that a long list's pager marks the pages it leaves
// out with a gap, not a link to a page 0.
func TestPagerGap(t *testing.T) {
	archive := siteYAML + "pageSize: 1\n"
	for i := 1; i <= 9; i++ {
		archive += fmt.Sprintf("-- content/tin/t%d.md --\n---\ntitle: Tin %d\ndate: 2026-11-%02d\n---\nTin.\n", i, i, i)
	}
	dir := writeSite(t, archive)
	if _, err := runBuild(t, dir); err != nil {
		t.Fatal(err)
	}
	first := read(t, dir, "tin/index.html")
	if strings.Contains(first, "</span>0</a>") || strings.Contains(first, "<a href>") {
		t.Errorf("pager links to a page 0:\n%s", first)
	}
	if n := strings.Count(first, `class="pager-gap"`); n != 1 {
		t.Errorf("%d gaps in the first page's pager, want 1 (1 2 3 … 9):\n%s", n, first)
	}
}

// TestLayoutErrorNamesTheTemplate checks that an error in a layout's own
// template names the file, line and template as the editor wrote them,
// not the per-layout name it runs under.
func TestLayoutErrorNamesTheTemplate(t *testing.T) {
	dir := writeSite(t, siteYAML+`
-- layouts/announcement.html --
{{define "main"}}
<p>{{.Page.Titel}}</p>
{{end}}
-- content/thong-bao/a.md --
---
title: Thông báo A
date: 2026-11-01
---
A.
`)
	_, err := runBuild(t, dir)
	if err == nil {
		t.Fatal("build of a layout reading .Page.Titel succeeded")
	}
	msg := err.Error()
	if !strings.Contains(msg, `layouts/announcement.html:2:`) || !strings.Contains(msg, `executing "main"`) || strings.Contains(msg, "announcement.html/main") {
		t.Errorf("error = %s", msg)
	}
}
