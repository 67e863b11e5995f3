package build_test

import (
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
