package build_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/congbo/congbo/internal/build"
)

// TestBlocksMatchTemplates builds the sample portal, the golden test
// portal and a site of edge cases twice: with the default theme, whose
// base.html and partials call blocks written in Go (metaTags, headLinks,
// breadcrumb, pageMeta, termLists, pager, originalAt, itemList,
// listItem), and with those files overridden by the same blocks written
// as template actions (testdata/template-theme). Every output file must be
// the same byte for byte, unminified: the Go code is a faster copy of the
// templates, not a different design. Both themes are also built with
// html/template alone (CONGBO_TEXEC=off): the layouts texec runs must print
// what html/template prints.
func TestBlocksMatchTemplates(t *testing.T) {
	theme := os.DirFS("testdata/template-theme")
	archive, err := os.ReadFile("testdata/portal.txtar")
	if err != nil {
		t.Fatal(err)
	}
	sample := t.TempDir()
	for _, dir := range []string{"content", "static"} {
		if err := os.CopyFS(filepath.Join(sample, dir), os.DirFS(filepath.Join("../..", dir))); err != nil {
			t.Fatal(err)
		}
	}
	cfg, err := os.ReadFile("../../site.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(sample, "site.yaml"), cfg, 0o644); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{} // blockMarks in the pages compared
	for _, tc := range []struct {
		name string
		dir  string
		now  time.Time
	}{
		// The sample portal dates its news to the real calendar.
		{"sample portal", sample, time.Now()},
		{"golden portal", writeSite(t, string(archive)), now},
		{"edge cases", writeSite(t, blockEdges()), now},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// Each theme also runs with html/template alone
			// (CONGBO_TEXEC=off): texec must print the same.
			run := func(texec string) string {
				t.Setenv("CONGBO_TEXEC", texec)
				out := filepath.Join(t.TempDir(), "public")
				if _, err := build.Run(build.Options{Source: tc.dir, Destination: out, Now: tc.now, NoMinify: true}); err != nil {
					t.Fatal(err)
				}
				return out
			}
			builtIn, builtInHTML := run(""), run("off")
			if err := os.CopyFS(filepath.Join(tc.dir, "layouts"), theme); err != nil {
				t.Fatal(err)
			}
			defer os.RemoveAll(filepath.Join(tc.dir, "layouts"))
			templated, templatedHTML := run(""), run("off")
			got, want := tree(t, builtIn), tree(t, templated)
			sameFiles(t, "the Go blocks", got, "the templates", want)
			sameFiles(t, "the Go blocks with texec", got, "with html/template", tree(t, builtInHTML))
			sameFiles(t, "the templates with texec", want, "with html/template", tree(t, templatedHTML))
			for _, page := range got {
				for _, mark := range blockMarks {
					if strings.Contains(page, mark) {
						seen[mark] = true
					}
				}
			}
		})
	}
	if t.Failed() {
		return
	}
	for _, mark := range blockMarks {
		if !seen[mark] {
			t.Errorf("no page has %q: the comparison did not cover its block", mark)
		}
	}
}

// sameFiles reports the files that differ between two builds' outputs.
func sameFiles(t *testing.T, gotName string, got map[string]string, wantName string, want map[string]string) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%d files with %s, %d with %s", len(got), gotName, len(want), wantName)
	}
	diffs := 0
	for name, w := range want {
		if g := got[name]; g != w {
			diffs++
			if diffs <= 3 {
				at := 0
				for at < len(g) && at < len(w) && g[at] == w[at] {
					at++
				}
				from := max(at-200, 0)
				t.Errorf("%s differs at byte %d:\n%s: %.400s\n%s: %.400s", name, at, gotName, g[from:], wantName, w[from:])
			}
		}
	}
	if diffs > 0 {
		t.Errorf("%d of %d files differ between %s and %s", diffs, len(want), gotName, wantName)
	}
}

// blockEdges is a site whose front matter takes the blocks' rarer
// branches: values of every YAML type, characters html/template escapes,
// URLs it normalizes, and a pager long enough to skip pages. The pages
// of trang/ are list items without a date, summary or number, or with a
// number of another YAML type, and one whose URL is percent-encoded.
func blockEdges() string {
	var b strings.Builder
	b.WriteString(`-- site.yaml --
title: Cổng "Thử" & <Nghiệm>
description: Mô tả 'site' + thử
baseURL: https://edge.example.gov.vn/
organization: {name: Sở "Thử" & Nghiệm}
sections:
  tin: {type: press-release, pageSize: 1}
  thong-bao: {type: announcement}
  trang: {type: page}
params:
  favicon: /ảnh biểu tượng.ico
-- content/_index.md --
---
title: Trang chủ
---
-- content/thong-bao/a.md --
---
title: Thông báo <số> 1 & "trích"
date: 2026-11-02
number: 42
signer: Trần <An>
signer_title: Phó & Giám đốc
effective: 2026-01-02
deadline: 2026-01-05T14:30:00+07:00
expiryDate: 2027-01-01
tags: [a&b, "c+d", Đà Nẵng]
categories: [Tin 'nổi bật']
---
Nội dung.
-- content/thong-bao/b.md --
---
title: Thông báo 2
date: 2026-11-03T10:00:00+07:00
lastmod: 2026-11-04T10:00:00+07:00
description: Mô tả "riêng" <b>
units: [Sở A, Sở B & C]
---
Nội dung.
-- content/trang/c.md --
---
title: Trang có giá trị lạ
layout: single
date: 2026-11-05
number: 7
unit: [Phòng <Kế hoạch>, {name: Lê Bình, title: Phó Giám đốc}, {title: chỉ chức vụ}, 2026-01-02, 2026-01-02T14:30:00+07:00, 7, true, null, [a, b]]
signer: {name: Phạm Cường}
signer_title: 3
effective: [2026-01-02, sau khi ký]
deadline: 3.5
---
Nội dung.
-- content/trang/d.md --
---
title: Trang <"đặc"> & 'biệt' + 1
url: /trang/Ελλάδα thử/
number: 12/QĐ-<UB> & "x" + 'y'
description: Tóm tắt <b>"đậm"</b> & 'nghiêng' + 2
---
Nội dung.
-- content/trang/e.md --
---
title: Trang không ngày, không tóm tắt
---
-- content/trang/f.md --
---
title: Trang số thực
date: 2026-11-06T23:30:00Z
number: 2.5
---
Tóm tắt + "riêng" & 'x' > y.
-- content/trang/g.md --
---
title: Trang số rỗng
date: 2026-11-07
number: ""
---
Nội dung <g>.
-- content/trang/h.md --
---
title: Trang số không
number: 0
---
`)
	for i := 1; i <= 14; i++ {
		fmt.Fprintf(&b, "-- content/tin/t%02d.md --\n---\ntitle: Tin %d\ndate: 2026-10-%02dT08:00:00+07:00\nnumber: \"%d/TCBC\"\n---\nNội dung %d.\n", i, i, i, i, i)
	}
	return b.String()
}

// blockMarks are markup of each Go block, and of their branches the test
// portals reach.
var blockMarks = []string{
	`og:site_name`, `application/ld+json`, // metaTags
	`<meta name="description"`, `<link rel="canonical"`, `type="application/atom+xml"`, // headLinks
	`<nav class="breadcrumb"`, `rel="tag"`, `<dl class="page-meta">`, `<dl class="terms">`,
	`<ul class="inline-list">`, `class="pager-gap"`, `rel="next"`, `rel="prev"`,
	`<div class="wrap original">`, `<ul class="item-list">`,
	`<span class="item-type">`, `<span class="item-number">`, `<p class="item-summary">`, // listItem
}
