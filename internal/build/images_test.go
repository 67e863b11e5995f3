package build_test

import (
	"bytes"
	"image"
	"image/gif"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/congbo/congbo/internal/imagesize"
)

// TestImageSizesInPages: a built page gives each of its images the width
// and height of the file published at its address (a bundle's, static/'s,
// a loose file of content/), so the page does not jump as they arrive; an
// SVG with only a viewBox, which takes the width it is given, gets none.
func TestImageSizesInPages(t *testing.T) {
	dir := writeSite(t, siteYAML+`-- content/thong-bao/hoi-nghi/index.md --
---
title: Hội nghị
date: 2026-11-20
---
![Toàn cảnh hội nghị](anh.png "Ảnh: Thu Hà")

Sơ đồ: ![Sơ đồ hội trường](/anh/so%20do.svg), ![Logo Bộ](/anh/logo.svg), ![Biểu đồ](/tai-lieu/bieu-do.gif).
-- static/anh/so do.svg --
<svg xmlns="http://www.w3.org/2000/svg" width="90" height="60"></svg>
-- static/anh/logo.svg --
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48"></svg>
`)
	write := func(name string, encode func(*bytes.Buffer) error) {
		var b bytes.Buffer
		if err := encode(&b); err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("content/thong-bao/hoi-nghi/anh.png", func(b *bytes.Buffer) error { return png.Encode(b, image.NewGray(image.Rect(0, 0, 30, 20))) })
	write("content/tai-lieu/bieu-do.gif", func(b *bytes.Buffer) error { return gif.Encode(b, image.NewGray(image.Rect(0, 0, 7, 5)), nil) })
	if _, err := runBuild(t, dir); err != nil {
		t.Fatal(err)
	}
	html := read(t, dir, "thong-bao/hoi-nghi/index.html")
	for _, want := range []string{
		`<img src="/thong-bao/hoi-nghi/anh.png" alt="Toàn cảnh hội nghị" width="30" height="20" loading="lazy"`,
		`<img src="/anh/so%20do.svg" alt="Sơ đồ hội trường" width="90" height="60" loading="lazy"`,
		`<img src="/anh/logo.svg" alt="Logo Bộ" loading="lazy"`,
		`<img src="/tai-lieu/bieu-do.gif" alt="Biểu đồ" width="7" height="5" loading="lazy"`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("page lacks %s", want)
		}
	}
}

// photo writes a w×h JPEG photo (jpegPhoto) at name under dir.
func photo(t *testing.T, dir, name string, w, h int) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	os.MkdirAll(filepath.Dir(p), 0o755)
	if err := os.WriteFile(p, jpegPhoto(t, w, h), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestImageCopies: a photo wider than a phone needs is published with
// copies 640 and 1280 pixels wide beside it, which its <img> offers in
// srcset (showing the 1280 one by default); the original stays. A photo
// already narrow enough, or whose copy's name a file of the site has, gets
// none. The copies come out the same with and without the cache.
func TestImageCopies(t *testing.T) {
	t.Setenv("CONGBO_CACHE", t.TempDir())
	dir := writeSite(t, siteYAML+`-- content/thong-bao/hoi-nghi/index.md --
---
title: Hội nghị
date: 2026-11-20
---
![Toàn cảnh hội nghị](anh.jpg "Ảnh: Thu Hà")

![Đại biểu phát biểu](/anh/dai-bieu.jpg) ![Sơ đồ](/anh/nho.jpg) ![Logo](/anh/trung.jpg)
-- static/anh/trung.640w.jpg --
not ours
`)
	photo(t, dir, "content/thong-bao/hoi-nghi/anh.jpg", 2000, 1500)
	photo(t, dir, "static/anh/dai-bieu.jpg", 1600, 900)
	photo(t, dir, "static/anh/nho.jpg", 800, 600)
	photo(t, dir, "static/anh/trung.jpg", 1400, 700) // its 640 copy's name is taken
	if _, err := runBuild(t, dir); err != nil {
		t.Fatal(err)
	}
	html := read(t, dir, "thong-bao/hoi-nghi/index.html")
	for _, want := range []string{
		`<img src="/thong-bao/hoi-nghi/anh.1280w.jpg" alt="Toàn cảnh hội nghị" srcset="/thong-bao/hoi-nghi/anh.640w.jpg 640w, /thong-bao/hoi-nghi/anh.1280w.jpg 1280w" sizes="(min-width: 46rem) 70ch, 100vw" width="1280" height="960" loading="lazy"`,
		`<img src="/anh/dai-bieu.1280w.jpg" alt="Đại biểu phát biểu" srcset="/anh/dai-bieu.640w.jpg 640w, /anh/dai-bieu.1280w.jpg 1280w" sizes="(min-width: 46rem) 70ch, 100vw" width="1280" height="720"`,
		`<img src="/anh/nho.jpg" alt="Sơ đồ" width="800" height="600"`,
		`<img src="/anh/trung.jpg" alt="Logo" width="1400" height="700"`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	for name, size := range map[string][2]int{
		"thong-bao/hoi-nghi/anh.jpg": {2000, 1500}, "thong-bao/hoi-nghi/anh.640w.jpg": {640, 480}, "thong-bao/hoi-nghi/anh.1280w.jpg": {1280, 960},
		"anh/dai-bieu.640w.jpg": {640, 360}, "anh/dai-bieu.1280w.jpg": {1280, 720},
	} {
		sz, err := imagesize.Of([]byte(read(t, dir, name)))
		if err != nil || sz.Width != size[0] || sz.Height != size[1] {
			t.Errorf("%s: %+v, %v; want %d×%d", name, sz, err, size[0], size[1])
		}
	}
	for _, never := range []string{"anh/nho.640w.jpg", "anh/trung.1280w.jpg"} {
		if _, err := os.Stat(filepath.Join(dir, "public", never)); err == nil {
			t.Errorf("%s was made", never)
		}
	}
	if got := read(t, dir, "anh/trung.640w.jpg"); got != "not ours\n" {
		t.Errorf("the site's own trung.640w.jpg was replaced: %q", got)
	}
	cached := read(t, dir, "anh/dai-bieu.1280w.jpg")
	t.Setenv("CONGBO_CACHE", "off")
	if _, err := runBuild(t, dir); err != nil {
		t.Fatal(err)
	}
	if read(t, dir, "anh/dai-bieu.1280w.jpg") != cached {
		t.Error("a copy made without the cache differs from the cached one")
	}
}
