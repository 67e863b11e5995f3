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
