package build_test

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/txtar"

	"github.com/congbo/congbo/internal/build"
	"github.com/congbo/congbo/internal/diag"
	"github.com/congbo/congbo/internal/publish"
	"github.com/congbo/congbo/internal/render"
)

// now is the fixed "now" of every test build.
var now = time.Date(2026, 12, 1, 9, 0, 0, 0, time.FixedZone("ICT", 7*3600))

const siteYAML = `-- site.yaml --
title: Cổng thử nghiệm
baseURL: https://example.gov.vn/
organization:
  name: Bộ Thử nghiệm
sections:
  thong-bao:
    type: announcement
  tin:
    type: page
security:
  contact: mailto:security@example.gov.vn
  expires: 2027-06-01
`

// writeSite unpacks a txtar archive into a fresh directory.
func writeSite(t *testing.T, archive string) string {
	t.Helper()
	dir := t.TempDir()
	for _, f := range txtar.Parse([]byte(archive)).Files {
		name := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func runBuild(t *testing.T, dir string) (*build.Result, error) {
	t.Helper()
	return build.Run(build.Options{Source: dir, Now: now})
}

// tree returns every file under dir with its contents.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = string(b)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func read(t *testing.T, dir, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "public", filepath.FromSlash(name)))
	if err != nil {
		t.Fatalf("output file missing: %v", err)
	}
	return string(b)
}

func TestBuildMinimalSite(t *testing.T) {
	dir := writeSite(t, siteYAML+`
-- content/_index.md --
---
title: Trang chủ
---
Chào mừng.
-- content/thong-bao/_index.md --
---
title: Thông báo
---
-- content/thong-bao/lich-tiep-dan.md --
---
title: "Thông báo lịch tiếp công dân tháng 12/2026"
date: 25/11/2026 08:55
number: 203/TB-BTN
units: [Văn phòng Bộ]
tags: [tiếp công dân]
---
Xem [trang kia](<../tin/Đà Nẵng.md#muc-1>).

## Thừa Thiên Huế

![Toàn cảnh](/anh/a.jpg "Ảnh: Thu Hà")
-- content/tin/Đà Nẵng.md --
---
title: Tin Đà Nẵng
date: 2026-11-20
aliases: [/tin-cu/da-nang.html]
---
## Mục 1

Nội dung.
-- content/tin/nhap.md --
---
title: Bản nháp
date: 2026-11-20
draft: true
---
-- content/tin/tuong-lai.md --
---
title: Sắp đăng
date: 2026-11-20
publishDate: 2099-01-01
---
-- static/favicon.svg --
<svg xmlns="http://www.w3.org/2000/svg"/>
`)
	res, err := runBuild(t, dir)
	if err != nil {
		t.Fatalf("build: %v", err)
	}
	if res.Pages != 2 {
		t.Errorf("pages = %d, want 2 (draft and future left out)", res.Pages)
	}
	page := read(t, dir, "thong-bao/lich-tiep-dan/index.html")
	for _, want := range []string{
		`href="/tin/da-nang/#muc-1"`, // .md link resolved, file name folded to ASCII
		`id="thua-thien-hue"`,        // heading id folded
		`<figcaption>Ảnh: Thu Hà</figcaption>`,
		`datetime="2026-11-25T08:55:00+07:00"`,
		`25/11/2026 08:55`,
		`203/TB-BTN`,
		`/units/van-phong-bo/`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	files := tree(t, filepath.Join(dir, "public"))
	for _, name := range []string{
		"index.html", "404.html", "robots.txt", "sitemap.xml", ".well-known/security.txt",
		"index.xml", "atom.xml", "feed.json", "thong-bao/index.xml", "thong-bao/atom.xml", "thong-bao/feed.json",
		"units/van-phong-bo/index.xml", "units/van-phong-bo/index.html", "units/index.html", "tags/tiep-cong-dan/index.html",
		"tin/da-nang/index.html", "tin-cu/da-nang.html", "favicon.svg",
	} {
		if _, ok := files[name]; !ok {
			t.Errorf("missing output %s", name)
		}
	}
	for name := range files {
		if strings.Contains(name, "nhap") || strings.Contains(name, "tuong-lai") {
			t.Errorf("unpublished page written: %s", name)
		}
	}
	if !strings.Contains(files["tin-cu/da-nang.html"], "/tin/da-nang/") {
		t.Errorf("alias does not point at its page:\n%s", files["tin-cu/da-nang.html"])
	}
	for _, loc := range []string{"https://example.gov.vn/tim-kiem/", "https://example.gov.vn/kha-nang-tiep-can/"} {
		if !strings.Contains(files["sitemap.xml"], "<loc>"+loc+"</loc>") {
			t.Errorf("sitemap.xml lacks %s", loc)
		}
	}
	sec := files[".well-known/security.txt"]
	if !strings.Contains(sec, "Contact: mailto:security@example.gov.vn") || !strings.Contains(sec, "Expires: 2027-0") {
		t.Errorf("security.txt:\n%s", sec)
	}
	var css string
	for name := range files {
		if strings.HasPrefix(name, "css/style.") && strings.HasSuffix(name, ".css") {
			css = name
		}
	}
	if css == "" || !strings.Contains(page, `href="/`+css+`"`) || !strings.Contains(page, `integrity="sha384-`) {
		t.Errorf("page does not link the fingerprinted stylesheet %q with SRI", css)
	}
}

func TestBuildIsDeterministic(t *testing.T) {
	dir := writeSite(t, siteYAML+`
-- content/thong-bao/a.md --
---
title: A
date: 2026-11-01
tags: [x, y]
---
A [b](b.md).
-- content/thong-bao/b.md --
---
title: B
date: 2026-11-02
tags: [y]
---
B
`)
	if _, err := runBuild(t, dir); err != nil {
		t.Fatal(err)
	}
	first := tree(t, filepath.Join(dir, "public"))
	if _, err := runBuild(t, dir); err != nil {
		t.Fatal(err)
	}
	second := tree(t, filepath.Join(dir, "public"))
	if len(first) != len(second) {
		t.Fatalf("file count changed: %d then %d", len(first), len(second))
	}
	for name, b := range first {
		if second[name] != b {
			t.Errorf("%s differs between two builds", name)
		}
	}
}

func TestRemovedPageDoesNotLinger(t *testing.T) {
	dir := writeSite(t, siteYAML+`
-- content/tin/a.md --
---
title: A
---
-- content/tin/b.md --
---
title: B
---
`)
	if _, err := runBuild(t, dir); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(dir, "content/tin/b.md")); err != nil {
		t.Fatal(err)
	}
	if _, err := runBuild(t, dir); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "public/tin/b/index.html")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("removed page still in public/: %v", err)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), "staging") || strings.Contains(e.Name(), ".old") {
			t.Errorf("left behind: %s", e.Name())
		}
	}
}

func TestBOMAndCRLFBuild(t *testing.T) {
	dir := writeSite(t, siteYAML)
	page := "\ufeff---\r\ntitle: \"Có BOM và CRLF\"\r\ndate: 2026-11-01\r\n---\r\nDòng một.\r\n\r\n## Mục hai\r\n"
	if err := os.MkdirAll(filepath.Join(dir, "content/tin"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "content/tin/bom.md"), []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := runBuild(t, dir); err != nil {
		t.Fatalf("build: %v", err)
	}
	got := read(t, dir, "tin/bom/index.html")
	if !strings.Contains(got, "Có BOM và CRLF") || !strings.Contains(got, `id="muc-hai"`) || strings.Contains(got, "\r") {
		t.Errorf("BOM/CRLF page rendered wrong")
	}
}

func TestNFC(t *testing.T) {
	// "Hoà" written decomposed (NFD): a + combining grave.
	dir := writeSite(t, siteYAML+"-- content/tin/nfd.md --\n---\ntitle: \"Hoa\u0300 bi\u0300nh\"\n---\nNo\u0323\u0302i dung\n")
	if _, err := runBuild(t, dir); err != nil {
		t.Fatal(err)
	}
	got := read(t, dir, "tin/nfd/index.html")
	if !strings.Contains(got, "Hoà bình") || !strings.Contains(got, "Nội dung") {
		t.Errorf("text not normalised to NFC:\n%s", got)
	}
}

// TestEditorFilesNotPublished: the backup, swap and auto-save files
// editors leave beside what they save (a backup holds the text before the
// last save, an auto-save text not saved yet) are neither read as pages
// nor copied from content/ or static/; static/'s dot files are.
func TestEditorFilesNotPublished(t *testing.T) {
	page := "---\ntitle: Bản nháp cũ\n---\nNội dung chưa duyệt.\n"
	dir := writeSite(t, siteYAML+`
-- content/tin/a.md --
---
title: A
---
-- content/tin/a.md~ --
`+page+`-- content/tin/#a.md# --
`+page+`-- content/tin/.a.md.swp --
swap
-- content/tin/4913 --
-- content/tin/a.md___jb_old___ --
`+page+`-- content/tin/anh.png --
png
-- content/tin/anh.png~ --
png
-- static/css/site.css~ --
old css
-- static/.site.css.swp --
swap
-- static/~$bao-cao.docx --
lock
-- static/.nojekyll --
-- static/.well-known/x.txt --
x
`)
	if _, err := runBuild(t, dir); err != nil {
		t.Fatalf("build: %v", err)
	}
	out := tree(t, filepath.Join(dir, "public"))
	for _, want := range []string{"tin/a/index.html", "tin/anh.png", ".nojekyll", ".well-known/x.txt"} {
		if _, ok := out[want]; !ok {
			t.Errorf("%s not published", want)
		}
	}
	for name, body := range out {
		if strings.Contains(body, "Bản nháp cũ") || strings.Contains(body, "chưa duyệt") ||
			strings.HasSuffix(name, "~") || strings.Contains(name, "#") || strings.Contains(name, ".swp") ||
			strings.HasSuffix(name, "4913") || strings.Contains(name, "___jb_") || strings.Contains(name, "~$") {
			t.Errorf("editor file published: %s", name)
		}
	}
}

// TestBuildErrors checks every error an editor can hit: where it points,
// what it says, and that the previous public/ is left untouched.
func TestBuildErrors(t *testing.T) {
	tests := []struct {
		name  string
		files string
		raw   map[string][]byte // files with bytes txtar cannot hold
		want  []string          // substrings of the error output, in order of appearance not required
	}{
		{
			name: "malformed yaml",
			files: `-- content/tin/a.md --
---
title: "Không đóng ngoặc
date: 2026-11-01
---
`,
			want: []string{"content/tin/a.md:", "YAML"},
		},
		{
			name: "damaged photo",
			files: `-- content/tin/a.md --
---
title: A
---
![Toàn cảnh hội nghị](/anh/hong.jpg)
`,
			raw:  map[string][]byte{"static/anh/hong.jpg": jpegPhoto(t, 1600, 900)[:3000]},
			want: []string{"static/anh/hong.jpg: the smaller copies pages show could not be made", "(save the image again as JPEG or PNG)"},
		},
		{
			name: "hugo shortcode",
			files: `-- content/tin/a.md --
---
title: A
---
Chú ý:
{{% notice warning %}}Không dùng.{{% /notice %}} {{< youtube dQw4w9WgXcQ >}}
`,
			want: []string{"content/tin/a.md:5:1: {{% notice warning %}} is a Hugo shortcode", "content/tin/a.md:5:50: {{< youtube dQw4w9WgXcQ >}} would show a player", "[Xem video](https://www.youtube.com/watch?v=dQw4w9WgXcQ)"},
		},
		{
			name: "missing title",
			files: `-- content/thong-bao/a.md --
---
date: 2026-11-01
---
`,
			want: []string{"content/thong-bao/a.md:", "title"},
		},
		{
			name: "missing date on an official type",
			files: `-- content/thong-bao/a.md --
---
title: A
---
`,
			want: []string{"content/thong-bao/a.md:", "date"},
		},
		{
			name: "bad date",
			files: `-- content/tin/a.md --
---
title: A
date: 31/02/2026
---
`,
			want: []string{"content/tin/a.md:3:7:", "date"},
		},
		{
			name: "unknown type",
			files: `-- content/tin/a.md --
---
title: A
type: press-relase
---
`,
			want: []string{"content/tin/a.md:3:7:", `"press-release"`},
		},
		{
			name: "misspelled field",
			files: `-- content/thong-bao/a.md --
---
title: A
date: 2026-11-01
numbr: 12/TB
---
`,
			want: []string{"content/thong-bao/a.md:4:1:", "numbr", `did you mean "number"`},
		},
		{
			name: "duplicate url",
			files: `-- content/tin/a.md --
---
title: A
url: /trung/
---
-- content/tin/b.md --
---
title: B
url: /trung/
---
`,
			want: []string{"content/tin/b.md:3:", "/trung/", "content/tin/a.md"},
		},
		{
			name: "path escape",
			files: `-- content/tin/a.md --
---
title: A
url: /../../etc/passwd
---
`,
			want: []string{"content/tin/a.md:3:", "escapes the output directory"},
		},
		{
			name: "link to a missing page",
			files: `-- content/tin/a.md --
---
title: A
---
Dòng một.

Xem [trang không có](khong-co.md).
`,
			want: []string{"content/tin/a.md:6:5:", "khong-co.md", "no such page"},
		},
		{
			name: "missing layout",
			files: `-- content/tin/a.md --
---
title: A
layout: dac-biet
---
`,
			want: []string{"content/tin/a.md:3:", "layouts/dac-biet.html"},
		},
		{
			name: "template execution error names the layout file and line",
			files: `-- layouts/page.html --
{{define "main"}}
<h1>{{.Page.Title}}</h1>
{{.Page.NoSuchField}}
{{end}}
-- content/tin/a.md --
---
title: A
---
`,
			want: []string{"layouts/page.html:3:", "NoSuchField"},
		},
		{
			name: "template using a missing key",
			files: `-- layouts/page.html --
{{define "main"}}
<p>{{.Page.Params.khong_co}}</p>
{{end}}
-- content/tin/a.md --
---
title: A
---
`,
			want: []string{"layouts/page.html:2:", "khong_co"},
		},
		{
			name: "empty file",
			files: `-- content/tin/a.md --
`,
			want: []string{"content/tin/a.md:", "empty"},
		},
		{
			name: "invalid utf-8",
			raw:  map[string][]byte{"content/tin/a.md": []byte("---\ntitle: A\n---\nxin ch\xe0o\n")},
			want: []string{"content/tin/a.md:4:7:", "UTF-8"},
		},
		{
			name: "a 10 MB page",
			raw:  map[string][]byte{"content/tin/big.md": append([]byte("---\ntitle: A\n---\n"), bytes.Repeat([]byte("chữ "), 2_600_000)...)},
			want: []string{"content/tin/big.md:", "MiB", "limit"},
		},
		{
			name: "yaml alias bomb",
			files: `-- content/tin/a.md --
---
title: A
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
---
`,
			want: []string{"content/tin/a.md:"},
		},
		{
			name: "deeply nested quotes",
			raw:  map[string][]byte{"content/tin/q.md": append([]byte("---\ntitle: A\n---\n"), bytes.Repeat([]byte(">"), 50_000)...)},
			want: []string{"content/tin/q.md:4:"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeSite(t, siteYAML+`-- content/tin/ok.md --
---
title: Trang tốt
---
Tốt.
-- public/cu.html --
bản cũ
`)
			before := tree(t, filepath.Join(dir, "public"))
			extra := writeSite(t, tt.files)
			copyTree(t, extra, dir)
			for name, b := range tt.raw {
				p := filepath.Join(dir, filepath.FromSlash(name))
				os.MkdirAll(filepath.Dir(p), 0o755)
				if err := os.WriteFile(p, b, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			start := time.Now()
			_, err := runBuild(t, dir)
			if err == nil {
				t.Fatal("build succeeded, want an error")
			}
			if d := time.Since(start); d > 10*time.Second {
				t.Errorf("build took %v to fail", d)
			}
			var list *diag.List
			var one *diag.Error
			if !errors.As(err, &list) && !errors.As(err, &one) {
				t.Errorf("error is %T, want positioned diag errors: %v", err, err)
			}
			msg := err.Error()
			for _, w := range tt.want {
				if !strings.Contains(msg, w) {
					t.Errorf("error lacks %q:\n%s", w, msg)
				}
			}
			after := tree(t, filepath.Join(dir, "public"))
			if len(after) != len(before) || after["cu.html"] != before["cu.html"] {
				t.Errorf("public/ changed by a failed build: %v", keys(after))
			}
		})
	}
}

func TestAllErrorsReportedTogether(t *testing.T) {
	dir := writeSite(t, siteYAML+`
-- content/tin/a.md --
---
title: A
date: hôm qua
---
-- content/thong-bao/b.md --
---
date: 2026-11-01
---
-- content/tin/c.md --
---
title: C
---
[x](nothing.md)
`)
	_, err := runBuild(t, dir)
	var list *diag.List
	if !errors.As(err, &list) {
		t.Fatalf("want a diag.List, got %v", err)
	}
	msg := err.Error()
	for _, f := range []string{"content/tin/a.md", "content/thong-bao/b.md"} {
		if !strings.Contains(msg, f) {
			t.Errorf("errors lack %s:\n%s", f, msg)
		}
	}
}

func TestSymlinkOutsideContent(t *testing.T) {
	dir := writeSite(t, siteYAML+`-- outside.md --
---
title: Ngoài
---
`)
	if err := os.MkdirAll(filepath.Join(dir, "content/tin"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(dir, "outside.md"), filepath.Join(dir, "content/tin/link.md")); err != nil {
		t.Skip("symlinks not supported here:", err)
	}
	_, err := runBuild(t, dir)
	if err == nil || !strings.Contains(err.Error(), "content/tin/link.md") || !strings.Contains(err.Error(), "outside") {
		t.Errorf("want an error naming the symlink, got %v", err)
	}
}

func copyTree(t *testing.T, from, to string) {
	t.Helper()
	for name, data := range tree(t, from) {
		p := filepath.Join(to, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func keys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// A closed Stop ends RenderTo between pages with render.ErrStopped: congbo
// serve's background check gives way to the next change.
func TestRenderToStops(t *testing.T) {
	stop := make(chan struct{})
	close(stop)
	w := &memOut{min: publish.NewMinifier(), files: map[string][]byte{}}
	_, err := build.RenderTo(build.Options{Source: samplePortal(t), Stop: stop}, w)
	if !errors.Is(err, render.ErrStopped) {
		t.Fatalf("RenderTo = %v, want render.ErrStopped", err)
	}
	for name := range w.files { // the stylesheet and static files come first
		if strings.HasSuffix(name, ".html") || strings.HasSuffix(name, ".xml") {
			t.Errorf("wrote %s after Stop", name)
		}
	}
}
