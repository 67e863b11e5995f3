package build_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestHugoShortcodes builds pages moved from a Hugo site: the shortcodes
// with a Markdown equivalent become it, and no shortcode is ever published
// as text.
func TestHugoShortcodes(t *testing.T) {
	dir := writeSite(t, siteYAML+`
-- content/tin/_index.md --
---
title: Tin
---
-- content/tin/hoi-nghi/index.md --
---
title: Hội nghị
date: 2026-11-20
---
## Kết luận

Nội dung.
-- content/tin/hoi-nghi/anh.svg --
<svg xmlns="http://www.w3.org/2000/svg" width="4" height="3"></svg>
-- content/thong-bao/a.md --
---
title: Thông báo A
date: 2026-11-25
---
Xem [hội nghị]({{< ref "tin/hoi-nghi" >}}), [kết luận]({{< relref "/tin/hoi-nghi/index.md#ket-luan" >}})
và [mục Tin]({{% ref "tin" %}}).

{{< figure src="/tin/hoi-nghi/anh.svg" alt="Toàn cảnh hội nghị" caption="Ảnh: Thu Hà" >}}

{{< comment >}}
Chưa công bố.
{{< /comment >}}
`)
	if _, err := runBuild(t, dir); err != nil {
		t.Fatal(err)
	}
	html := read(t, dir, "thong-bao/a/index.html")
	for _, want := range []string{
		`<a href="/tin/hoi-nghi/">hội nghị</a>`,
		`<a href="/tin/hoi-nghi/#ket-luan">kết luận</a>`,
		`<a href="/tin/">mục Tin</a>`,
		`<figure><img src="/tin/hoi-nghi/anh.svg" alt="Toàn cảnh hội nghị" width="4" height="3" loading="lazy" decoding="async"><figcaption>Ảnh: Thu Hà</figcaption></figure>`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	for _, never := range []string{"{{", "Chưa công bố"} {
		if strings.Contains(html, never) {
			t.Errorf("page shows %q", never)
		}
	}
}

// TestHugoTOMLPages: pages Hugo wrote with TOML front matter (+++, its
// default) build as the same pages in YAML would, in a build and in watch
// mode, and a slip in one names its line.
func TestHugoTOMLPages(t *testing.T) {
	dir := writeSite(t, siteYAML+`-- content/thong-bao/lich.md --
+++
title = "Lịch tiếp công dân tháng 12"
date = 2026-11-25T08:55:00+07:00
tags = ["tiếp công dân"]
aliases = ["lich-cu"]
+++
Nội dung.
`)
	if _, err := runBuild(t, dir); err != nil {
		t.Fatal(err)
	}
	html := read(t, dir, "thong-bao/lich/index.html")
	for _, want := range []string{"<h1>Lịch tiếp công dân tháng 12</h1>", `<time datetime="2026-11-25T08:55:00+07:00">`, `href="/tags/tiep-cong-dan/"`} {
		if !strings.Contains(html, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	if !strings.Contains(read(t, dir, "thong-bao/lich-cu/index.html"), `href="/thong-bao/lich/"`) {
		t.Error("no redirect from the relative alias")
	}
	os.WriteFile(filepath.Join(dir, "content/thong-bao/lich.md"), []byte("+++\ntitle = \"Lịch\"\ndate = 2026-11-25\ntags = [\"a\"\n+++\n"), 0o644)
	_, err := runBuild(t, dir)
	if err == nil || !strings.HasPrefix(err.Error(), "content/thong-bao/lich.md:4:12: invalid TOML: array is incomplete") {
		t.Errorf("error %v, want one at content/thong-bao/lich.md:4:12", err)
	}
}

// TestHugoHeadlessPages: a page Hugo never renders (headless: true, a
// bundle of files other pages use; build: {render: never}) is not
// published by congbo either, nor listed, and a link to it says why.
func TestHugoHeadlessPages(t *testing.T) {
	dir := writeSite(t, siteYAML+`-- content/tin/_index.md --
---
title: Tin
---
-- content/tin/doan-van/index.md --
---
title: Đoạn văn dùng chung
headless: true
---
Đoạn văn.
-- content/tin/doan-van/anh.svg --
<svg xmlns="http://www.w3.org/2000/svg" width="4" height="3"></svg>
-- content/tin/nhap-hugo.md --
+++
title = "Không dựng"
[build]
render = "never"
+++
-- content/tin/cu.md --
---
title: Cũ
_build: {render: false}
---
-- content/tin/a.md --
---
title: A
date: 2026-11-20
---
Nội dung.
`)
	res, err := runBuild(t, dir)
	if err != nil {
		t.Fatal(err)
	}
	if res.Pages != 1 || res.Drafts != 0 || res.Future != 0 {
		t.Errorf("built %d pages, %d drafts, %d future; want the one page and nothing counted", res.Pages, res.Drafts, res.Future)
	}
	for _, never := range []string{"tin/doan-van/index.html", "tin/doan-van/anh.svg", "tin/nhap-hugo/index.html", "tin/cu/index.html"} {
		if _, err := os.Stat(filepath.Join(dir, "public", never)); err == nil {
			t.Errorf("%s was published", never)
		}
	}
	if list := read(t, dir, "tin/index.html"); strings.Contains(list, "Đoạn văn dùng chung") || strings.Contains(list, "Không dựng") {
		t.Error("the list shows a headless page")
	}
	os.WriteFile(filepath.Join(dir, "content/tin/a.md"), []byte("---\ntitle: A\n---\n[x](doan-van/index.md)\n"), 0o644)
	if _, err := runBuild(t, dir); err == nil || !strings.Contains(err.Error(), "content/tin/a.md:4:1: link to \"doan-van/index.md\": that page is headless (headless: true, or build: {render: never}) and is not published") {
		t.Errorf("link to a headless page: %v", err)
	}
}
