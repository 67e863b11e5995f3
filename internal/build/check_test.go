package build_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/congbo/congbo/internal/build"
	"github.com/congbo/congbo/internal/diag"
)

// BenchmarkCheck checks the corpus of CONGBO_BENCH_DIR (a site directory
// made with bench/gencorpus and bench/corpus-site.yaml). The corpus names
// images it does not ship, so the check reports problems; the time is
// what is measured.
//
//	CONGBO_BENCH_DIR=/dev/shm/check1k go test -run=NONE -bench=Check ./internal/build/
func BenchmarkCheck(b *testing.B) {
	dir := os.Getenv("CONGBO_BENCH_DIR")
	if dir == "" {
		b.Skip("set CONGBO_BENCH_DIR to a corpus site directory")
	}
	for b.Loop() {
		build.Check(build.Options{Source: dir, Now: now})
	}
}

// checkSite is a site for Check tests: a section of pages and a static
// file, with a security.txt that expires in the coming year.
const checkSite = siteYAML + `-- static/anh/logo.png --
png
-- content/tin/a.md --
---
title: A
date: 2026-01-02
---

## Mục 1

## Mục 2 {#muc-hai}
`

// problems returns the lines of a *diag.List error, or fails the test.
func problems(t *testing.T, err error) string {
	t.Helper()
	var list *diag.List
	if !errors.As(err, &list) {
		t.Fatalf("got error %v (%T), want a *diag.List", err, err)
	}
	return list.Error()
}

func TestBrokenAnchor(t *testing.T) {
	dir := writeSite(t, checkSite+`-- content/tin/b.md --
---
title: B
date: 2026-01-02
---

## Giới thiệu

Xem [mục 1](a.md#muc-1), [mục 2](a.md#muc-2), [đầu](#gioi-thieu), [sai](#khong-co).
Và [mục hai](/tin/a.md#muc-hai), [cũ](a.md#muc-hai-cu).
`)
	want := []string{
		`content/tin/b.md:8:26: link to "a.md#muc-2": no heading with id "muc-2" on content/tin/a.md (its heading ids are muc-1, muc-hai)`,
		`content/tin/b.md:8:67: link to "#khong-co": no heading with id "khong-co" on this page (its heading ids are gioi-thieu)`,
		`content/tin/b.md:9:34: link to "a.md#muc-hai-cu": no heading with id "muc-hai-cu" on content/tin/a.md`,
	}
	_, buildErr := build.Run(build.Options{Source: dir, Now: now})
	_, checkErr := build.Check(build.Options{Source: dir, Now: now})
	for name, err := range map[string]error{"build": buildErr, "check": checkErr} {
		got := problems(t, err)
		for _, w := range want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: errors lack\n%s\ngot:\n%s", name, w, got)
			}
		}
		if n := strings.Count(got, "\n") + 1; n != len(want) {
			t.Errorf("%s: got %d errors, want %d:\n%s", name, n, len(want), got)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "public")); err == nil {
		t.Error("a build with a broken anchor published output")
	}
}

// Alt text is checked by `congbo check`, not by a build: like a
// spokesperson's photo_alt, it is the accessibility lint a press office
// runs before committing, and an urgent release is not held back by it.
func TestImageWithoutAltText(t *testing.T) {
	dir := writeSite(t, checkSite+`-- content/tin/c/index.md --
---
title: C
date: 2026-01-02
---

![Toàn cảnh hội nghị](anh.png "Ảnh: Minh Châu")

Trong bài: ![](anh.png), ![Logo](/anh/logo.png), ![Ảnh hội nghị](/tin/c/anh.png).

![Thiếu](thieu.png) ![Ngoài](https://cdn.example.com/a.png)
-- content/tin/c/anh.png --
png
`)
	if _, err := build.Run(build.Options{Source: dir, Now: now}); err != nil {
		t.Fatalf("build: %v", err)
	}
	_, err := build.Check(build.Options{Source: dir, Now: now, Destination: filepath.Join(dir, "out")})
	wantProblems(t, err,
		`content/tin/c/index.md:8:12: image "anh.png" has no alt text`,
		`content/tin/c/index.md:10:1: image "thieu.png" not found (looked for content/tin/c/thieu.png`,
		`content/tin/c/index.md:10:21: image "https://cdn.example.com/a.png" is on another site`,
	)
	if _, err := os.Stat(filepath.Join(dir, "out")); err == nil {
		t.Error("check created the destination")
	}
}

// TestFileLinks: a link to a document or a medium on the site (an
// attached decision, a spreadsheet) must name a file of the site, as an
// image must; links to what a build writes and to other sites are not
// looked for.
func TestFileLinks(t *testing.T) {
	dir := writeSite(t, checkSite+`-- content/tin/c/index.md --
---
title: C
date: 2026-01-02
---

Tải về: [quyết định](quyet-dinh.pdf), [bảng](/tai-lieu/bang.xlsx), [logo](/anh/logo.png?v=2).

Thiếu: [tờ trình](to-trinh.PDF "Tờ trình"), [phụ lục](/tai-lieu/phu-luc.docx#trang-2).

Khác: [security.txt](/.well-known/security.txt), [nguồn](https://vanban.chinhphu.vn/a.pdf), [thư](mailto:a@b.vn), [mục](/tin/), [ics](/hop-bao/a/lich.ics).
-- content/tin/c/quyet-dinh.pdf --
%PDF
-- static/tai-lieu/bang.xlsx --
xlsx
`)
	_, err := build.Check(build.Options{Source: dir, Now: now})
	wantProblems(t, err,
		`content/tin/c/index.md:8:8: link to "to-trinh.PDF": no such file (looked for content/tin/c/to-trinh.PDF; check the file name, or put the file beside the page or in static/)`,
		`content/tin/c/index.md:8:45: link to "/tai-lieu/phu-luc.docx#trang-2": no such file (looked for static/tai-lieu/phu-luc.docx, content/tai-lieu/phu-luc.docx and page bundles;`,
	)
}

// TestMenuLinks: a menu item linking into the site must name a page,
// list, term or file of it (a menu is on every page); feeds and other
// sites are not looked for.
func TestMenuLinks(t *testing.T) {
	menus := `menus:
  main:
    - {name: Trang chủ, url: /}
    - {name: Tin, url: /tin}
    - {name: Tin trang 2, url: /tin/page/2/}
    - {name: A, url: "/tin/a/#muc-hai"}
    - {name: Thẻ, url: /tags/}
    - {name: RSS, url: /index.xml}
    - {name: Logo, url: /anh/logo.png}
    - {name: Cổng Chính phủ, url: https://chinhphu.vn/}
    - {name: Liên hệ, url: /tin/lien-he/}
    - {name: Sổ tay, url: /tai-lieu/so-tay.pdf}
`
	dir := writeSite(t, strings.Replace(checkSite, "security:", menus+"security:", 1)+`-- content/tin/b.md --
---
title: B
date: 2026-01-03
tags: [thử nghiệm]
---
`)
	_, err := build.Check(build.Options{Source: dir, Now: now})
	wantProblems(t, err,
		`site.yaml:20:28: menu item "Liên hệ" links to /tin/lien-he/, which is no page of this site (write the address of a page, e.g. /gioi-thieu/, or of a file in static/)`,
		`site.yaml:21:27: menu item "Sổ tay" links to /tai-lieu/so-tay.pdf: no such file (looked for static/tai-lieu/so-tay.pdf`,
	)
}

// TestContacts: a spokesperson's phone, email and photo are what the
// press calls and writes to; congbo check reads each one.
func TestContacts(t *testing.T) {
	spokesperson := func(name, extra string) string {
		return "-- content/npn/" + name + ".md --\n---\ntitle: " + name + "\nname: " + name + "\nposition: Chánh Văn phòng\n" + extra + "---\n"
	}
	dir := writeSite(t, strings.Replace(checkSite, "sections:", "sections:\n  npn:\n    type: spokesperson", 1)+
		spokesperson("dung", "phone: (024) 3555 0110\nemail: a@example.gov.vn\nphoto: anh.jpg\nphoto_alt: Ảnh chân dung\n")+
		"-- content/npn/anh.jpg --\njpg\n"+
		spokesperson("so", "phone: \"0912 345 678\"\nemail: b@cong-thong-tin.so.vn\n")+
		spokesperson("sai-so", "phone: gọi văn phòng\nemail: c@example.gov.vn\n")+
		spokesperson("thu-rieng", "phone: (024) 3555 0110\nemail: tenriengtu@gmail.com\n")+
		spokesperson("sai-thu", "phone: (024) 3555 0110\nemail: khong-phai-thu\n")+
		spokesperson("anh", "phone: (024) 3555 0110\nemail: d@example.gov.vn\nphoto: /anh/khong-co.jpg\n"))
	cfg := filepath.Join(dir, "site.yaml")
	data, _ := os.ReadFile(cfg)
	os.WriteFile(cfg, []byte(strings.Replace(string(data), "name: Bộ Thử nghiệm", "name: Bộ Thử nghiệm\n  email: vanphong@so.vn", 1)), 0o644)
	_, err := build.Check(build.Options{Source: dir, Now: now})
	wantProblems(t, err,
		`content/npn/sai-so.md:5:1: phone "gọi văn phòng" is not a phone number`,
		`content/npn/thu-rieng.md:6:1: email "tenriengtu@gmail.com" is not at an official domain: Decree 09/2017/NĐ-CP publishes a spokesperson's official email (use an address at .gov.vn or at the portal's own domain, e.g. ten@example.gov.vn)`,
		`content/npn/sai-thu.md:6:1: email "khong-phai-thu" is not an email address`,
		`content/npn/anh.md:7:1: photo has no alt text`,
		`content/npn/anh.md:7:1: photo "/anh/khong-co.jpg" not found (looked for static/anh/khong-co.jpg, content/anh/khong-co.jpg and page bundles)`,
	)
}

// TestAttachments: a page's attachments are files of its bundle or of
// the site, or addresses on other sites.
func TestAttachments(t *testing.T) {
	dir := writeSite(t, checkSite+`-- content/thong-bao/goi/index.md --
---
title: Gói
date: 2026-01-02
attachments: [du-thao.pdf, thieu.docx, /tai-lieu/mau.xlsx, /tai-lieu/khong-co.pdf, https://example.gov.vn/a.pdf]
---
-- content/thong-bao/goi/du-thao.pdf --
%PDF
-- static/tai-lieu/mau.xlsx --
xlsx
-- content/thong-bao/le.md --
---
title: Lẻ
date: 2026-01-03
attachments:
  - quyet-dinh.pdf
---
-- content/thong-bao/quyet-dinh.pdf --
%PDF
`)
	hb := filepath.Join(dir, "content", "hop-bao", "hop")
	os.MkdirAll(hb, 0o755)
	os.WriteFile(filepath.Join(hb, "index.md"), []byte("---\ntitle: Họp báo\ndate: 2026-01-04\nstart: 2026-01-05 09:00\nmaterials:\n  - {title: Bài phát biểu, file: phat-bieu.pdf}\n  - {title: Video, url: https://example.gov.vn/v}\n  - ghi-chu.pdf\n---\n"), 0o644)
	os.WriteFile(filepath.Join(hb, "ghi-chu.pdf"), []byte("%PDF"), 0o644)
	cfg := filepath.Join(dir, "site.yaml")
	data, _ := os.ReadFile(cfg)
	os.WriteFile(cfg, []byte(strings.Replace(string(data), "sections:", "sections:\n  hop-bao:\n    type: press-conference", 1)), 0o644)
	_, err := build.Check(build.Options{Source: dir, Now: now})
	wantProblems(t, err,
		`content/hop-bao/hop/index.md:5:1: materials: "phat-bieu.pdf" is not a file of the page's bundle (put it in content/hop-bao/hop/, or check the file name)`,
		`content/thong-bao/goi/index.md:4:1: attachments: "thieu.docx" is not a file of the page's bundle (put it in content/thong-bao/goi/, or check the file name)`,
		`content/thong-bao/goi/index.md:4:1: attachments: "/tai-lieu/khong-co.pdf": no such file (looked for static/tai-lieu/khong-co.pdf`,
		`content/thong-bao/le.md:4:1: attachments: "quyet-dinh.pdf" is a file name, but the page is not a bundle, so the link would point below the page's address (give the file's address, /thong-bao/quyet-dinh.pdf; or make the page a bundle: move content/thong-bao/le.md to content/thong-bao/le/index.md with the file beside it)`,
	)
}

// TestDocumentNumbers: two published documents with one number (số ký
// hiệu) is a slip named at the newer one; a withdrawn page may share it.
func TestDocumentNumbers(t *testing.T) {
	doc := func(name, date, extra string) string {
		return "-- content/thong-bao/" + name + ".md --\n---\ntitle: " + name + "\ndate: " + date + "\n" + extra + "---\n"
	}
	dir := writeSite(t, checkSite+
		doc("cu", "2026-01-02", "number: 12/TB-BTN\n")+
		doc("moi", "2026-01-05", "number: \" 12/tb-btn\"\n")+
		doc("thu-hoi", "2026-01-03", "number: 12/TB-BTN\nstatus: withdrawn\n")+
		doc("khac", "2026-01-04", "number: 13/TB-BTN\n"))
	_, err := build.Check(build.Options{Source: dir, Now: now})
	got := problems(t, err)
	want := `content/thong-bao/moi.md:4:1: number "12/tb-btn" is also the number of content/thong-bao/cu.md (each document has its own number; check this one)`
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestCheckWritesNothing(t *testing.T) {
	dir := writeSite(t, checkSite)
	before := tree(t, dir)
	res, err := build.Check(build.Options{Source: dir, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if res.Pages != 1 {
		t.Errorf("checked %d pages, want 1", res.Pages)
	}
	if after := tree(t, dir); len(after) != len(before) {
		t.Errorf("check changed the site directory: %d files before, %d after", len(before), len(after))
	}
}

func TestCheckSecurityTxt(t *testing.T) {
	dir := writeSite(t, checkSite)
	for _, tc := range []struct {
		now  time.Time
		want string
	}{
		{time.Date(2027, 6, 2, 0, 0, 0, 0, time.UTC), "site.yaml:12:3: security.expires 2027-06-01 has passed"},
		{time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC), "site.yaml:12:3: security.expires 2027-06-01 is more than a year ahead"},
	} {
		_, err := build.Check(build.Options{Source: dir, Now: tc.now})
		if got := problems(t, err); !strings.Contains(got, tc.want) {
			t.Errorf("now %s: got\n%s\nwant %s", tc.now.Format("2006-01-02"), got, tc.want)
		}
	}
}

// TestIndexInSection: an index.md where _index.md was meant is named
// with what to do, not as a URL clash with site.yaml.
func TestIndexInSection(t *testing.T) {
	dir := writeSite(t, checkSite+`-- content/tin/index.md --
---
title: Tin tức
---
`)
	_, err := build.Run(build.Options{Source: dir, Now: now})
	got := problems(t, err)
	want := "content/tin/index.md:1:1: index.md makes this folder one page, at the section's own address /tin/ (rename it _index.md to give the section its title and text, or move it into a folder of its own)"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	// The top folder's index.md, where the home page's _index.md was meant.
	dir = writeSite(t, checkSite+"-- content/index.md --\n---\ntitle: Trang chủ\n---\n")
	_, err = build.Run(build.Options{Source: dir, Now: now})
	got = problems(t, err)
	want = "content/index.md:1:1: index.md at the top of content/ would be a page at /index/ (rename it _index.md to give the home page its title and text)"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// TestFileNameCase: a name that differs from the file's only in case
// opens on Windows and macOS but not on the Linux server: check says which
// file is there.
func TestFileNameCase(t *testing.T) {
	dir := writeSite(t, checkSite+`-- content/tin/c/index.md --
---
title: C
date: 2026-01-02
---

![Ảnh lễ ký](Anh.JPG) [tải](/tai-lieu/Mau.PDF)
-- content/tin/c/anh.jpg --
jpg
-- static/tai-lieu/mau.pdf --
%PDF
`)
	_, err := build.Check(build.Options{Source: dir, Now: now})
	wantProblems(t, err,
		`content/tin/c/index.md:6:1: image "Anh.JPG" not found (looked for content/tin/c/Anh.JPG — there is content/tin/c/anh.jpg, but web servers tell upper and lower case apart; check the file name)`,
		`content/tin/c/index.md:6:23: link to "/tai-lieu/Mau.PDF": no such file (looked for static/tai-lieu/Mau.PDF, content/tai-lieu/Mau.PDF and page bundles — there is static/tai-lieu/mau.pdf, but web servers tell upper and lower case apart;`,
	)
}

// wantProblems checks that err lists exactly the problems of want, each
// given by a prefix or a part of its line.
func wantProblems(t *testing.T, err error, want ...string) {
	t.Helper()
	got := problems(t, err)
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("errors lack\n%s\ngot:\n%s", w, got)
		}
	}
	if n := strings.Count(got, "\n") + 1; n != len(want) {
		t.Errorf("got %d errors, want %d:\n%s", n, len(want), got)
	}
}
