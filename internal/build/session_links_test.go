package build_test

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/congbo/congbo/internal/build"
	"github.com/congbo/congbo/internal/publish"
)

// correctsTongKet is a correction of the bundle page hoi-nghi-tong-ket-nam-2025
// (units Bộ Kết nối số, Văn phòng Bộ; bundle file anh-hoi-nghi.svg), newer
// than it, with no units and no bundle of its own.
const correctsTongKet = "---\ntitle: Cải chính thông cáo tổng kết\ndate: 2026-12-01T08:00:00+07:00\n" +
	"kind: correction\ncorrects: \"/thong-cao-bao-chi/hoi-nghi-tong-ket-nam-2025/index.md\"\n" +
	"false_content: Sai.\ncorrect_content: Đúng.\n---\nNội dung cải chính.\n"

// checkShow builds with sess after paths changed and from scratch, and
// fails showing where each differing file first differs.
func checkShow(t *testing.T, e *editor, sess *build.Session, paths []string, full bool, desc string) {
	t.Helper()
	got, _, _, err := sess.Build(t.Context(), paths, full)
	if err != nil {
		t.Fatalf("%s: session: %v", desc, err)
	}
	w := &memOut{min: publish.NewMinifier(), files: map[string][]byte{}}
	if _, err := build.RenderTo(build.Options{Source: e.dir, Now: e.now}, w); err != nil {
		t.Fatalf("%s: build: %v", desc, err)
	}
	n := 0
	for _, name := range slices.Sorted(func(yield func(string) bool) {
		for k := range w.files {
			if !yield(k) {
				return
			}
		}
	}) {
		g, want := got[name], w.files[name]
		if bytes.Equal(g, want) {
			continue
		}
		n++
		i := 0
		for i < len(g) && i < len(want) && g[i] == want[i] {
			i++
		}
		lo := max(0, i-50)
		t.Errorf("%s: %s differs:\n  session: …%s…\n  build:   …%s…", desc, name, g[lo:min(len(g), i+70)], want[lo:min(len(want), i+70)])
	}
	if len(got) != len(w.files) {
		t.Errorf("%s: %d files, build %d", desc, len(got), len(w.files))
	}
}

// A layout showing a linked page's bundle files (readsOthers) renders on
// every build: no fingerprint holds another page's resources.
func TestSessionLinkedPageResources(t *testing.T) {
	e, sess := portalWithLayouts(t, map[string]string{
		"layouts/correction.html":                 `{{define "main"}}{{with .Page.Corrects}}{{range .Resources}}<p class="r">{{.Name}} {{.Size}} {{.SHA256}}</p>{{end}}{{end}}{{end}}`,
		"content/cai-chinh/cai-chinh-tong-ket.md": correctsTongKet,
	})
	e.groups = append(e.groups, nil)
	f := "content/thong-cao-bao-chi/hoi-nghi-tong-ket-nam-2025/anh-hoi-nghi.svg"
	desc, paths := e.write("bundle file", f, append(e.read(f), "\n<!-- sửa -->\n"...))
	checkShow(t, e, sess, paths, false, desc)
}

// pageMeta of a linked page prints that page's units linked to their
// profiles: two links away, so the layout reads the site.
func TestSessionPageMetaOfLinkedPage(t *testing.T) {
	e, sess := portalWithLayouts(t, map[string]string{
		"layouts/correction.html":                 `{{define "main"}}{{with .Page.Corrects}}{{pageMeta .}}{{end}}{{end}}`,
		"content/cai-chinh/cai-chinh-tong-ket.md": correctsTongKet,
	})
	e.groups = append(e.groups, nil)
	f := "content/don-vi/van-phong-bo.md"
	desc, paths := e.write("url", f, titleRE.ReplaceAllFunc(e.read(f), func(b []byte) []byte { return slices.Concat(b, []byte("\nurl: /don-vi/vp-bo/")) }))
	checkShow(t, e, sess, paths, false, desc)
}

// A page reached with index (or a function, or parentheses) may be a
// linked one: its own links are two steps away.
func TestSessionIndexOfLinkedPages(t *testing.T) {
	e, sess := portalWithLayouts(t, map[string]string{
		"layouts/press-release.html": `{{define "main"}}{{if .Page.CorrectedBy}}{{with index .Page.CorrectedBy 0}}` +
			`{{range .Terms}}{{range .Terms}}{{with .Profile}}<a href="{{.URL}}">{{.Title}}</a>{{end}}{{end}}{{end}}{{end}}{{end}}{{end}}`,
		"content/cai-chinh/cai-chinh-tong-ket.md": strings.Replace(correctsTongKet, "false_content:", "units: [Cục Hạ tầng số]\nfalse_content:", 1),
	})
	e.groups = append(e.groups, nil)
	f := "content/don-vi/cuc-ha-tang-so.md"
	desc, paths := e.write("url", f, titleRE.ReplaceAllFunc(e.read(f), func(b []byte) []byte { return slices.Concat(b, []byte("\nurl: /don-vi/cuc-hts/")) }))
	checkShow(t, e, sess, paths, false, desc)
}

// A layout that compares .Site.Now with a time no page has (a date plus
// 30 days) or prints it renders again whenever the clock moves: the
// site's own times (timePassed) do not say when it changes.
func TestSessionClockInLayouts(t *testing.T) {
	for _, tc := range []struct {
		name, file, layout string
		days               []string
	}{
		{"older than 30 days", "announcement.html", `{{define "main"}}<h1>{{.Page.Title}}</h1>{{if .Site.Now.After (.Page.Date.AddDate 0 0 30)}}<p class="old">Tin cũ</p>{{end}}{{end}}`,
			[]string{"2026-03-10", "2026-04-10"}},
		{"the year", "announcement.html", `{{define "main"}}<h1>{{.Page.Title}}</h1><p>© {{.Site.Now.Year}}</p>{{end}}`,
			[]string{"2030-12-31", "2031-01-02"}},
		{"the year on a list", "section.html", `{{define "main"}}<h1>{{.Page.Title}}</h1><p>© {{.Site.Now.Year}}</p>{{end}}`,
			[]string{"2030-12-31", "2031-01-02"}},
		{"the year in the footer", "partials/footer.html", `<footer>© {{.Site.Now.Year}}</footer>`,
			[]string{"2030-12-31", "2031-01-02"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeSite(t, siteYAML+"-- layouts/"+tc.file+" --\n"+tc.layout+`
-- content/thong-bao/a.md --
---
title: Thông báo A
date: 2026-03-01T08:00:00+07:00
---
Nội dung.
`)
			e := &editor{t: t, dir: dir}
			sess := build.NewSession(build.Options{Source: dir})
			for i, day := range tc.days {
				at, _ := time.Parse(time.DateOnly, day)
				t.Setenv("SOURCE_DATE_EPOCH", strconv.FormatInt(at.Unix(), 10))
				checkShow(t, e, sess, []string{}, i == 0, "at "+day)
			}
		})
	}
}

// .Page.Source is the parsed file: the Session's content.Store drops a
// regular page's Body as content.Load does, after a body edit too.
func TestSessionSourceBody(t *testing.T) {
	e, sess := portalWithLayouts(t, nil)
	os.MkdirAll(filepath.Join(e.dir, "layouts"), 0o755)
	os.WriteFile(filepath.Join(e.dir, "layouts/announcement.html"), []byte(`{{define "main"}}<p>{{len .Page.Source.Body}} bytes</p>{{end}}`), 0o644)
	checkShow(t, e, sess, nil, true, "first build")
	e.groups = append(e.groups, nil)
	f := "content/thong-bao/bao-tri-mang-truyen-so-lieu-chuyen-dung.md"
	desc, paths := e.write("body", f, append(e.read(f), "\nMột đoạn mới.\n"...))
	checkShow(t, e, sess, paths, false, desc)
}

// A page may show its section's and home's Markdown text: Run renders
// them before the pages, as RunCached does.
func TestSessionSectionTextOnPage(t *testing.T) {
	e, sess := portalWithLayouts(t, nil)
	os.MkdirAll(filepath.Join(e.dir, "layouts"), 0o755)
	os.WriteFile(filepath.Join(e.dir, "layouts/announcement.html"), []byte(`{{define "main"}}<div>{{.Page.Section.Page.Content}}{{.Site.Home.Content}}</div>{{end}}`), 0o644)
	checkShow(t, e, sess, nil, true, "first build")
}

// Pages whose layout shows another page's .Content render after all
// others in the Session as in Run, so they never see it set ("" in Run).
func TestSessionOthersRenderLast(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	e, sess := portalWithLayouts(t, map[string]string{
		// the corrected page is slow to render: its Content is set meanwhile
		"layouts/press-release.html": `{{define "main"}}{{if eq .Page.URL "/thong-cao-bao-chi/ket-qua-phu-song-xa-vung-kho-khan/"}}{{range 3000000}}{{end}}{{end}}<h1>{{.Page.Title}}</h1>{{end}}`,
		"layouts/correction.html":    `{{define "main"}}{{range 300000}}{{end}}{{with .Page.Corrects}}<p>{{len .Content}}</p>{{end}}{{end}}`,
	})
	e.groups = append(e.groups, nil)
	a, b := "content/cai-chinh/cai-chinh-so-lieu-phu-song-vung-kho-khan.md", "content/thong-cao-bao-chi/ket-qua-phu-song-xa-vung-kho-khan.md"
	e.write("body", a, append(e.read(a), "\nMột đoạn mới.\n"...))
	e.write("body", b, append(e.read(b), "\nMột đoạn mới.\n"...))
	checkShow(t, e, sess, []string{a, b}, false, "two bodies")
}

// listItem of another page shows its summary: readsOthers, so Run
// renders the correction after the page it shows, whose summary (no
// description) is then set, as the Session sets every summary first.
func TestSessionListItemOfLinkedPage(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	dir := samplePortal(t)
	idx := filepath.Join(dir, "content/thong-cao-bao-chi/hoi-nghi-tong-ket-nam-2025/index.md")
	b, err := os.ReadFile(idx)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(idx, descRE.ReplaceAll(b, nil), 0o644)
	os.WriteFile(filepath.Join(dir, "content/cai-chinh/cai-chinh-tong-ket.md"), []byte(correctsTongKet), 0o644)
	os.MkdirAll(filepath.Join(dir, "layouts"), 0o755)
	os.WriteFile(filepath.Join(dir, "layouts/correction.html"), []byte(`{{define "main"}}{{with .Page.Corrects}}{{listItem .}}{{end}}{{end}}`), 0o644)
	e := &editor{t: t, dir: dir, now: time.Date(2027, 1, 15, 9, 0, 0, 0, time.UTC), orig: map[string][]byte{}}
	sess := build.NewSession(build.Options{Source: dir, Now: e.now})
	checkShow(t, e, sess, nil, true, "first build")
}
