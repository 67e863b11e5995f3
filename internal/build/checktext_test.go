package build_test

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/congbo/congbo/internal/build"
)

// TestAltText: alt text that is a file name or only says "ảnh" is a
// problem (WCAG failure F30), and so is a number alone, in Markdown and in
// a photo_alt; alt text that describes passes, even when it is short or
// mentions a picture.
func TestAltText(t *testing.T) {
	dir := writeSite(t, strings.Replace(checkSite, "sections:", "sections:\n  npn:\n    type: spokesperson", 1)+`-- content/tin/anh.md --
---
title: Ảnh
---
![IMG_1234.JPG](/anh/logo.png)
![Ảnh](/anh/logo.png) ![hình ảnh 2](/anh/logo.png) ![DSC01234](/anh/logo.png) ![image](/anh/logo.png)

![Ảnh chụp toàn cảnh hội nghị](/anh/logo.png) ![Logo Bộ](/anh/logo.png) ![Sơ đồ 2](/anh/logo.png) ![2026](/anh/logo.png)
-- content/npn/a.md --
---
title: A
name: Nguyễn Văn A
position: Chánh Văn phòng
phone: (024) 3555 0110
email: a@example.gov.vn
photo: /anh/logo.png
photo_alt: anh-chan-dung.jpg
---
`)
	res, err := build.Check(build.Options{Source: dir, Now: now})
	wantProblems(t, err,
		`content/tin/anh.md:4:1: image "/anh/logo.png" has the alt text "IMG_1234.JPG", a file name, which tells a reader who cannot see the image nothing (WCAG 1.1.1: say what it shows, e.g. ![Toàn cảnh hội nghị](/anh/logo.png))`,
		`content/tin/anh.md:5:1: image "/anh/logo.png" has the alt text "Ảnh", a placeholder`,
		`content/tin/anh.md:5:23: image "/anh/logo.png" has the alt text "hình ảnh 2", a placeholder`,
		`content/tin/anh.md:5:52: image "/anh/logo.png" has the alt text "DSC01234", a placeholder`,
		`content/tin/anh.md:5:79: image "/anh/logo.png" has the alt text "image", a placeholder`,
		`content/tin/anh.md:7:99: image "/anh/logo.png" has the alt text "2026", a placeholder`,
		`content/npn/a.md:8:1: photo_alt "anh-chan-dung.jpg" is a file name, which tells a reader who cannot see the photo nothing`,
	)
	if res == nil || res.Warnings.Len() != 0 {
		t.Errorf("warnings: %v", res)
	}
}

// TestTextWarnings: headings out of order and links named "tại đây" are
// warnings: printed, but the check passes.
func TestTextWarnings(t *testing.T) {
	dir := writeSite(t, checkSite+`-- content/tin/b.md --
---
title: B
---
# Tiêu đề lặp lại

Xem quyết định [tại đây](/anh/logo.png), [Xem thêm](a.md) hoặc [click here](https://chinhphu.vn/).
Đọc [Quyết định số 12/QĐ-BKNS](/anh/logo.png) và [đây là kế hoạch năm](a.md).

#### Mục nhỏ

## Mục

### Mục con

##### Sâu quá
-- content/tin/_index.md --
---
title: Tin
---
### Giới thiệu mục
`)
	res, err := build.Check(build.Options{Source: dir, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		`content/tin/_index.md:4:1: warning: heading "Giới thiệu mục" is level 3 after level 1: a screen reader's list of headings shows a section missing (write ## Giới thiệu mục)`,
		`content/tin/b.md:4:1: warning: level-1 heading "Tiêu đề lặp lại": the page's title is its level-1 heading, so its sections start at level 2 (write ## Tiêu đề lặp lại)`,
		`content/tin/b.md:6:16: warning: link text "tại đây" does not say where the link leads: a screen reader's list of links reads it alone (WCAG 2.4.4: link the words that name what it opens, e.g. [Quyết định số 12/QĐ-BKNS](/anh/logo.png))`,
		`content/tin/b.md:6:42: warning: link text "Xem thêm" does not say where the link leads`,
		`content/tin/b.md:6:64: warning: link text "click here" does not say where the link leads`,
		`content/tin/b.md:9:1: warning: heading "Mục nhỏ" is level 4 after level 1`,
		`content/tin/b.md:15:1: warning: heading "Sâu quá" is level 5 after level 3: a screen reader's list of headings shows a section missing (write #### Sâu quá)`,
	}
	got := res.Warnings.Lines()
	if len(got) != len(want) {
		t.Fatalf("got %d warnings, want %d:\n%s", len(got), len(want), strings.Join(got, "\n"))
	}
	for i, w := range want {
		if !strings.HasPrefix(got[i], w) {
			t.Errorf("warning %d:\ngot  %s\nwant %s", i, got[i], w)
		}
	}
}

// TestHeavyImage: an image over 512 KB is a warning that gives its weight,
// its size in pixels and the wait on a slow phone; a light one is not, nor
// one wider than 1280 px, which pages show as the build's smaller copies.
func TestHeavyImage(t *testing.T) {
	dir := writeSite(t, checkSite+`-- content/tin/anh/index.md --
---
title: Ảnh
---
![Toàn cảnh hội nghị](nang.png) ![Logo Bộ](/anh/logo.png) ![Toàn cảnh hội nghị](nang.png)
`)
	// Noise does not compress: 420×420 pixels of it make a PNG of about 690 KB.
	b := bytes.NewBuffer(noisePNG(t, dir, "content/tin/anh/nang.png", 420, 420))
	noisePNG(t, dir, "static/anh/rong.png", 2400, 80)
	os.WriteFile(filepath.Join(dir, "content/tin/b.md"), []byte("---\ntitle: B\n---\n![Biểu đồ thu chi 2026](/anh/rong.png)\n"), 0o644)
	res, err := build.Check(build.Options{Source: dir, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	got := res.Warnings.Error()
	want := fmt.Sprintf(`content/tin/anh/index.md:4:1: warning: image "nang.png" weighs %d KB, 420×420 px: on a phone's slow connection (1 Mbit/s) it takes about %.0f s to arrive (save a photo as JPEG at quality 80; a chart or a screenshot as PNG with fewer colours)`, b.Len()>>10, float64(b.Len())*8/1e6)
	// The wide one is shown as the build's copies, 640 and 1280 px wide.
	if got != want+"\n"+strings.Replace(want, "4:1:", "4:59:", 1) {
		t.Errorf("warnings:\n%s\nwant twice (the second at 4:59):\n%s", got, want)
	}
}

// TestHeavyPhoto: a spokesperson's photo, shown 160 px wide, is a warning
// past 200 KB, with the width to resize it to.
func TestHeavyPhoto(t *testing.T) {
	dir := writeSite(t, strings.Replace(checkSite, "sections:", "sections:\n  npn:\n    type: spokesperson", 1)+`-- content/npn/a/index.md --
---
title: A
name: Nguyễn Văn A
position: Chánh Văn phòng
phone: (024) 3555 0110
email: a@example.gov.vn
photo: chan-dung.png
photo_alt: Ảnh chân dung ông Nguyễn Văn A
---
`)
	b := bytes.NewBuffer(noisePNG(t, dir, "content/npn/a/chan-dung.png", 400, 400))
	res, err := build.Check(build.Options{Source: dir, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf(`content/npn/a/index.md:7:1: warning: photo "chan-dung.png" weighs %d KB, 400×400 px: on a phone's slow connection (1 Mbit/s) it takes about %.0f s to arrive (it is shown at most 160 px wide: resize it to 320 px wide, twice that for sharp screens, and save it as JPEG at quality 80)`, b.Len()>>10, float64(b.Len())*8/1e6)
	if got := res.Warnings.Error(); got != want {
		t.Errorf("warnings:\n%s\nwant\n%s", got, want)
	}
}

// TestSiteLinks: links to addresses of the site, as an editor copies them
// from the browser, must name a page, list, alias or file of it; one with
// the site's own host is a warning too (a mirror's copy would lead back to
// the origin).
func TestSiteLinks(t *testing.T) {
	dir := writeSite(t, checkSite+`-- content/tin/b.md --
---
title: B
aliases: [/tin-cu/b.html]
---
[A](/tin/a/), [A không gạch](/tin/a), [mục](/tin/#muc), [trang 2](/tin/page/2/), [cũ](/tin-cu/b.html), [tìm](/tim-kiem/?q=a), [nhãn](/tags/), [logo](/anh/logo.png)
[sai](/tin/khong-co/), [sai tương đối](../c/), [tuyệt đối](https://example.gov.vn/tin/a/#muc-1), [tuyệt đối sai](https://EXAMPLE.gov.vn/tin/x/)
[tệp tuyệt đối](https://example.gov.vn/tai-lieu/khong-co.pdf), [nơi khác](https://other.gov.vn/tin/x/), [thư](mailto:a@example.gov.vn), [md](a.md)
`)
	res, err := build.Check(build.Options{Source: dir, Now: now})
	wantProblems(t, err,
		`content/tin/b.md:6:1: link to "/tin/khong-co/": no page of this site has the address /tin/khong-co/`,
		`content/tin/b.md:6:24: link to "../c/": no page of this site has the address /tin/c/`,
		`content/tin/b.md:6:98: link to "https://EXAMPLE.gov.vn/tin/x/": no page of this site has the address /tin/x/ (did you mean /tin/a/?)`,
		`content/tin/b.md:7:1: link to "https://example.gov.vn/tai-lieu/khong-co.pdf": no such file (looked for static/tai-lieu/khong-co.pdf`,
	)
	got := res.Warnings.Error()
	for _, w := range []string{
		`content/tin/b.md:6:48: warning: link to "https://example.gov.vn/tin/a/#muc-1" names this site's own address: on a mirror it leads back to the origin (write /tin/a/#muc-1)`,
		`content/tin/b.md:6:98: warning: link to "https://EXAMPLE.gov.vn/tin/x/" names this site's own address`,
		`content/tin/b.md:7:1: warning: link to "https://example.gov.vn/tai-lieu/khong-co.pdf" names this site's own address`,
	} {
		if !strings.Contains(got, w) {
			t.Errorf("warnings lack\n%s\ngot:\n%s", w, got)
		}
	}
	if res.Warnings.Len() != 3 {
		t.Errorf("%d warnings, want 3:\n%s", res.Warnings.Len(), got)
	}
}

// noisePNG writes a w×h PNG of noise, which does not compress, at name
// under dir, and returns it.
func noisePNG(t *testing.T, dir, name string, w, h int) []byte {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	rng := rand.New(rand.NewPCG(uint64(w), uint64(h)))
	for i := range img.Pix {
		img.Pix[i] = byte(rng.Uint32())
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, filepath.FromSlash(name))
	os.MkdirAll(filepath.Dir(p), 0o755)
	if err := os.WriteFile(p, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
