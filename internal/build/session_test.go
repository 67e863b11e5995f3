package build_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	pathpkg "path"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/congbo/congbo/internal/build"
	"github.com/congbo/congbo/internal/publish"
	"github.com/congbo/congbo/layouts"
)

// TestSessionMatchesBuild is the property `congbo serve` rests on: after
// any sequence of edits, the incremental Session's site is byte for byte
// what a full build of the same files gives (every file, the same set of
// paths), and a failing build fails with the same errors. Edits are
// random: bodies, titles, dates, tags, slugs, descriptions, new, deleted
// and broken pages, section titles, bundle files, static files, a layout,
// a footer that names every section, site.yaml; each
// edited file is put back later, so the site keeps coming back to a state
// that builds. CONGBO_SESSION_STEPS sets the number of edits per site.
func TestSessionMatchesBuild(t *testing.T) {
	steps := 40
	if testing.Short() {
		steps = 10
	}
	if s := os.Getenv("CONGBO_SESSION_STEPS"); s != "" {
		steps, _ = strconv.Atoi(s)
	}
	seed := uint64(1)
	if s := os.Getenv("CONGBO_SESSION_SEED"); s != "" {
		seed, _ = strconv.ParseUint(s, 10, 64)
	}
	sites := []struct {
		name string
		make func(t *testing.T) string
		now  time.Time
	}{
		// The portal's next press conference is in December 2026.
		{"portal", samplePortal, time.Date(2027, 1, 15, 9, 0, 0, 0, now.Location())},
		{"corpus", func(t *testing.T) string { return corpus(t, 200) }, now},
	}
	for i, st := range sites {
		t.Run(st.name, func(t *testing.T) {
			dir := st.make(t)
			e := &editor{t: t, dir: dir, now: st.now, rng: rand.New(rand.NewPCG(uint64(i)+1, seed)), orig: map[string][]byte{}}
			sess := build.NewSession(build.Options{Source: dir, Now: st.now})
			ok := e.check(sess, nil, true, "first build")
			if !ok {
				t.Fatal("the site does not build")
			}
			built := 0
			for step := range steps {
				desc, paths := e.edit(ok)
				ok = e.check(sess, paths, false, fmt.Sprintf("step %d: %s", step, desc))
				if ok {
					built++
				}
			}
			t.Logf("%d edits: %d built alike, %d failed alike", steps, built, steps-built)
		})
	}
}

// TestSessionRendersOnlyWhatChanged asserts how much work an edit causes,
// as Hugo's rebuild tests do: a body edit on a page with a description
// renders that page alone; a title edit renders it and the lists.
func TestSessionRendersOnlyWhatChanged(t *testing.T) {
	dir := corpus(t, 200)
	sess := build.NewSession(build.Options{Source: dir, Now: now})
	_, _, first, err := sess.Build(context.Background(), nil, true)
	if err != nil {
		t.Fatal(err)
	}
	if first.Feeds < 3 || !first.Sitemap {
		t.Fatalf("first build rendered %d feeds, sitemap %v; want them all", first.Feeds, first.Sitemap)
	}
	page := ""
	filepath.WalkDir(filepath.Join(dir, "content", "thong-bao"), func(p string, d fs.DirEntry, err error) error {
		if page == "" && strings.HasSuffix(p, ".md") && !strings.HasSuffix(p, "_index.md") {
			page = p
		}
		return nil
	})
	rel := filepath.ToSlash(strings.TrimPrefix(page, dir+string(filepath.Separator)))
	orig, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(orig, []byte("\ndescription:")) {
		t.Fatalf("%s has no description", rel)
	}
	for _, tc := range []struct {
		name  string
		data  []byte
		pages int
		site  bool // lists, feeds, search: a few lists and feeds, not all, and no sitemap
	}{
		{"body", append(slices.Clone(orig), "\nMột đoạn mới.\n"...), 1, false},
		{"same again", append(slices.Clone(orig), "\nMột đoạn mới.\n"...), 0, false},
		{"title", regexp.MustCompile(`(?m)^title: .*$`).ReplaceAll(orig, []byte("title: Tiêu đề mới")), 1, true},
	} {
		if err := os.WriteFile(page, tc.data, 0o644); err != nil {
			t.Fatal(err)
		}
		_, _, st, err := sess.Build(context.Background(), []string{rel}, false)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if st.Pages != tc.pages || st.Site != tc.site || (st.Lists > 0) != tc.site || (st.Feeds > 0) != tc.site {
			t.Errorf("%s edit: rendered %d pages, %d lists, %d feeds, site %v; want %d pages, site %v", tc.name, st.Pages, st.Lists, st.Feeds, st.Site, tc.pages, tc.site)
		}
		if st.Feeds >= first.Feeds || st.Sitemap {
			t.Errorf("%s edit: rendered %d of %d feeds, sitemap %v; want fewer, and no sitemap (its URLs and dates did not change)", tc.name, st.Feeds, first.Feeds, st.Sitemap)
		}
		if tc.site {
			t.Logf("%s edit: %d pages, %d lists, %d of %d feeds rendered", tc.name, st.Pages, st.Lists, st.Feeds, first.Feeds)
		}
	}

	// A section's title shows on its own pages (breadcrumb, feed links)
	// and on home: those are rendered, not the other sections' pages.
	index := filepath.Join(filepath.Dir(page), "_index.md")
	data, err := os.ReadFile(index)
	if err != nil {
		t.Fatal(err)
	}
	own := 0
	entries, _ := os.ReadDir(filepath.Dir(page))
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".md") && e.Name() != "_index.md" {
			own++
		}
	}
	if err := os.WriteFile(index, regexp.MustCompile(`(?m)^title: .*$`).ReplaceAll(data, []byte("title: Thông báo mới")), 0o644); err != nil {
		t.Fatal(err)
	}
	_, _, st, err := sess.Build(context.Background(), []string{filepath.ToSlash(strings.TrimPrefix(index, dir+string(filepath.Separator)))}, false)
	if err != nil {
		t.Fatal(err)
	}
	if st.Pages == 0 || st.Pages > own { // drafts and future pages of it are not rendered
		t.Errorf("section title edit: rendered %d pages; want the section's (%d files, of %d pages)", st.Pages, own, first.Pages)
	}
	t.Logf("section title edit: %d of %d pages, %d of %d lists rendered", st.Pages, first.Pages, st.Lists, first.Lists)

	// Home's title and text show on home alone in this theme.
	home := filepath.Join(dir, "content", "_index.md")
	data, err = os.ReadFile(home)
	if err != nil {
		t.Fatal(err)
	}
	data = regexp.MustCompile(`(?m)^title: .*$`).ReplaceAll(append(data, "\nLời giới thiệu mới.\n"...), []byte("title: Cổng mới"))
	if err := os.WriteFile(home, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, st, err = sess.Build(context.Background(), []string{"content/_index.md"}, false); err != nil {
		t.Fatal(err)
	}
	if st.Pages != 0 || st.Lists == 0 || st.Lists > first.Lists/4 {
		t.Errorf("home edit: rendered %d pages, %d of %d lists; want no pages, home and few lists", st.Pages, st.Lists, first.Lists)
	}
	t.Logf("home edit: %d of %d pages, %d of %d lists rendered", st.Pages, first.Pages, st.Lists, first.Lists)
}

// TestSessionFollowsTheClock: `congbo serve` judges future and expired
// pages against the clock of each build, so a page appears, expires and
// (clock set back) reappears, and a press conference moves from upcoming
// to past, with no file changed, as a full build at that moment shows it.
func TestSessionFollowsTheClock(t *testing.T) {
	yaml := strings.Replace(siteYAML, "sections:\n", "sections:\n  hop-bao:\n    type: press-conference\n", 1)
	dir := writeSite(t, yaml+`-- content/hop-bao/hop-bao-thang-4.md --
---
title: Họp báo tháng 4
date: 2026-01-10T08:00:00+07:00
start: 2026-04-15T15:00:00+07:00
---
Chương trình họp báo.
-- content/tin/het-han.md --
---
title: Tin hết hạn
date: 2026-01-05T08:00:00+07:00
expiryDate: 2026-06-01T00:00:00+07:00
---
Nội dung.
-- content/tin/sap-dang.md --
---
title: Tin sắp đăng
date: 2026-09-01T08:00:00+07:00
---
Nội dung.
-- content/tin/thuong.md --
---
title: Tin thường
date: 2026-01-02T08:00:00+07:00
---
Nội dung.
`)
	e := &editor{t: t, dir: dir}
	sess := build.NewSession(build.Options{Source: dir})
	for i, day := range []string{"2026-02-01", "2026-03-01", "2026-04-20", "2026-07-01", "2026-10-01", "2026-10-02", "2026-02-01"} {
		at, err := time.Parse(time.DateOnly, day)
		if err != nil {
			t.Fatal(err)
		}
		t.Setenv("SOURCE_DATE_EPOCH", strconv.FormatInt(at.Unix(), 10))
		if !e.check(sess, []string{}, i == 0, "at "+day) {
			t.Fatalf("at %s: the site does not build", day)
		}
	}
}

// check builds after paths changed with the session and from scratch,
// and compares. It reports whether the site built.
func (e *editor) check(sess *build.Session, paths []string, full bool, desc string) bool {
	t := e.t
	t.Helper()
	got, _, _, gotErr := sess.Build(context.Background(), paths, full)
	w := &memOut{min: publish.NewMinifier(), files: map[string][]byte{}}
	_, wantErr := build.RenderTo(build.Options{Source: e.dir, Now: e.now}, w)
	switch {
	case gotErr != nil && wantErr != nil:
		if gotErr.Error() != wantErr.Error() {
			t.Fatalf("%s (%v): session error\n%v\nbuild error\n%v", desc, paths, gotErr, wantErr)
		}
		return false
	case gotErr != nil || wantErr != nil:
		t.Fatalf("%s (%v): session error %v, build error %v", desc, paths, gotErr, wantErr)
	}
	var diffs []string
	for name, want := range w.files {
		g, ok := got[name]
		switch {
		case !ok:
			diffs = append(diffs, "missing "+name)
		case !bytes.Equal(g, want):
			diffs = append(diffs, "differs "+name)
		}
	}
	for name := range got {
		if _, ok := w.files[name]; !ok {
			diffs = append(diffs, "extra "+name)
		}
	}
	if len(diffs) > 0 {
		slices.Sort(diffs)
		t.Fatalf("%s (%v): %d files differ from a full build:\n%s", desc, paths, len(diffs), strings.Join(diffs[:min(len(diffs), 20)], "\n"))
	}
	return true
}

// editor makes random edits to a site and remembers how to undo them.
type editor struct {
	t    *testing.T
	dir  string
	now  time.Time
	rng  *rand.Rand
	n    int
	orig map[string][]byte // rel → content before the first edit; nil: did not exist
	// groups lists the files of each edit, undone together.
	groups [][]string
}

var (
	titleRE = regexp.MustCompile(`(?m)^title: .*$`)
	dateRE  = regexp.MustCompile(`(?m)^date: .*$`)
	descRE  = regexp.MustCompile(`(?m)^description: .*\n`)
	tagsRE  = regexp.MustCompile(`(?m)^tags: .*$`)
	slugRE  = regexp.MustCompile(`(?m)^slug: .*$`)
	langRE  = regexp.MustCompile(`(?m)^lang: .*$`)
)

// edit makes one random edit and returns what it did and the paths it
// touched. After a failed build it is likely to undo an edit.
func (e *editor) edit(lastOK bool) (string, []string) {
	e.n++
	undo := 0.25
	if !lastOK {
		undo = 0.9
	}
	if len(e.groups) > 0 && e.rng.Float64() < undo {
		return e.undo()
	}
	e.groups = append(e.groups, nil)
	pages := e.pages()
	page := pages[e.rng.IntN(len(pages))]
	data := e.read(page)
	n := e.n
	switch k := e.rng.IntN(22); k {
	case 0, 1, 2, 3: // body: the most common edit
		if e.rng.IntN(2) == 0 {
			data = append(data, fmt.Sprintf("\nĐoạn văn sửa lần %d.\n", n)...)
		} else if i := bytes.Index(data[3:], []byte("\n---\n")); i >= 0 {
			at := i + 3 + 5
			data = slices.Concat(data[:at], fmt.Appendf(nil, "\nMở đầu mới %d, có **chữ đậm**.\n\n", n), data[at:])
		}
		return e.write("body", page, data)
	case 4:
		return e.write("title", page, titleRE.ReplaceAll(data, fmt.Appendf(nil, "title: \"Tiêu đề sửa %d\"", n)))
	case 5:
		date := fmt.Sprintf("date: 20%02d-%02d-%02dT08:30:00+07:00", 15+e.rng.IntN(10), 1+e.rng.IntN(12), 1+e.rng.IntN(28))
		return e.write("date", page, dateRE.ReplaceAll(data, []byte(date)))
	case 6:
		tags := fmt.Sprintf("tags: [\"thẻ %d\", \"thẻ chung\"]", e.rng.IntN(5))
		if tagsRE.Match(data) {
			return e.write("tags", page, tagsRE.ReplaceAll(data, []byte(tags)))
		}
		return e.write("tags", page, titleRE.ReplaceAllFunc(data, func(b []byte) []byte { return slices.Concat(b, []byte("\n"+tags)) }))
	case 7:
		slug := fmt.Sprintf("slug: trang-sua-%d", n)
		if slugRE.Match(data) {
			return e.write("slug", page, slugRE.ReplaceAll(data, []byte(slug)))
		}
		return e.write("slug", page, titleRE.ReplaceAllFunc(data, func(b []byte) []byte { return slices.Concat(b, []byte("\n"+slug)) }))
	case 8:
		return e.write("no description", page, descRE.ReplaceAll(data, nil))
	case 9:
		rel := pathpkg.Join(pathpkg.Dir(page), fmt.Sprintf("trang-moi-%d.md", n))
		if pathpkg.Base(page) == "index.md" || pathpkg.Base(page) == "_index.md" {
			rel = pathpkg.Join(pathpkg.Dir(pathpkg.Dir(page)), fmt.Sprintf("trang-moi-%d.md", n))
		}
		return e.write("new page", rel, titleRE.ReplaceAll(data, fmt.Appendf(nil, "title: \"Trang mới %d\"", n)))
	case 10:
		return e.remove("delete page", page)
	case 11:
		return e.write("broken front matter", page, []byte("---\ntitle: \"chưa đóng\ndate: 2025-01-01\n---\nThân.\n"))
	case 12: // a bundle file, or a new loose file in content/
		var res []string
		for _, f := range e.files("content") {
			if !strings.HasSuffix(f, ".md") {
				res = append(res, f)
			}
		}
		if len(res) > 0 && e.rng.IntN(2) == 0 {
			f := res[e.rng.IntN(len(res))]
			return e.write("bundle file", f, append(e.read(f), fmt.Sprintf("\n<!-- %d -->\n", n)...))
		}
		return e.write("loose file", pathpkg.Join(pathpkg.Dir(page), fmt.Sprintf("tep-%d.txt", n)), fmt.Appendf(nil, "tệp %d\n", n))
	case 16: // a rename: the watcher reports both names
		to := pathpkg.Join(pathpkg.Dir(page), fmt.Sprintf("doi-ten-%d.md", n))
		if pathpkg.Base(page) == "index.md" || pathpkg.Base(page) == "_index.md" {
			return e.write("body", page, append(data, "\nThêm.\n"...))
		}
		e.remember(page)
		e.remember(to)
		if err := os.Rename(filepath.Join(e.dir, page), filepath.Join(e.dir, to)); err != nil {
			e.t.Fatal(err)
		}
		return "rename " + page + " → " + to, []string{page, to}
	case 17: // a new folder with a page in it: the watcher may report the folder alone
		dir := fmt.Sprintf("content/muc-moi-%d", n%3)
		e.write("", pathpkg.Join(dir, fmt.Sprintf("trang-%d.md", n)), titleRE.ReplaceAll(data, fmt.Appendf(nil, "title: \"Mục mới %d\"", n)))
		return "new folder " + dir, []string{dir}
	case 18: // a folder removed: reported as the folder alone
		dir := pathpkg.Dir(page)
		if dir == "content" {
			return e.remove("delete page", page)
		}
		for _, f := range e.files(dir) {
			e.remember(f)
		}
		if err := os.RemoveAll(filepath.Join(e.dir, dir)); err != nil {
			e.t.Fatal(err)
		}
		return "delete folder " + dir, []string{dir}
	case 13:
		return e.write("static file", fmt.Sprintf("static/tep-%d.txt", n%3), fmt.Appendf(nil, "tĩnh %d\n", n))
	case 14:
		single, err := fs.ReadFile(layouts.FS, "single.html")
		if err != nil {
			e.t.Fatal(err)
		}
		return e.write("layout", "layouts/single.html", bytes.Replace(single, []byte("</article>"), fmt.Appendf(nil, "<p>Bố cục %d</p></article>", n), 1))
	case 19: // a section's own title, which its pages show (breadcrumb, feed links)
		var sections []string
		for _, f := range e.pages() {
			if pathpkg.Base(f) == "_index.md" && pathpkg.Dir(f) != "content" {
				sections = append(sections, f)
			}
		}
		if len(sections) == 0 {
			return e.write("title", page, titleRE.ReplaceAll(data, fmt.Appendf(nil, "title: \"Tiêu đề sửa %d\"", n)))
		}
		f := sections[e.rng.IntN(len(sections))]
		return e.write("section title", f, titleRE.ReplaceAll(e.read(f), fmt.Appendf(nil, "title: \"Mục sửa %d\"", n)))
	case 20: // a footer that names every section: every page then shows them all
		footer, err := fs.ReadFile(layouts.FS, "partials/footer.html")
		if err != nil {
			e.t.Fatal(err)
		}
		return e.write("layout", "layouts/partials/footer.html", bytes.Replace(footer, []byte("</footer>"),
			fmt.Appendf(nil, "<p>{{range .Site.Sections}}{{.Title}} {{end}}%d</p></footer>", n), 1))
	case 21: // the page's language, which lists and breadcrumbs mark
		lang := []string{"lang: en", "lang: fr", "lang: vi"}[e.rng.IntN(3)]
		if langRE.Match(data) {
			return e.write("lang", page, langRE.ReplaceAll(data, []byte(lang)))
		}
		return e.write("lang", page, titleRE.ReplaceAllFunc(data, func(b []byte) []byte { return slices.Concat(b, []byte("\n"+lang)) }))
	default:
		return e.write("site.yaml", "site.yaml", titleRE.ReplaceAll(e.read("site.yaml"), fmt.Appendf(nil, "title: Cổng sửa %d", n)))
	}
}

// pages lists the Markdown files of content/.
func (e *editor) pages() []string {
	var out []string
	for _, f := range e.files("content") {
		if strings.HasSuffix(f, ".md") {
			out = append(out, f)
		}
	}
	return out
}

// files lists the files under dir, relative to the site, sorted.
func (e *editor) files(dir string) []string {
	var out []string
	filepath.WalkDir(filepath.Join(e.dir, dir), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(e.dir, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	return out
}

func (e *editor) read(rel string) []byte {
	b, err := os.ReadFile(filepath.Join(e.dir, rel))
	if err != nil {
		e.t.Fatal(err)
	}
	return b
}

// remember keeps rel's content before its first edit.
func (e *editor) remember(rel string) {
	last := &e.groups[len(e.groups)-1]
	*last = append(*last, rel)
	if _, ok := e.orig[rel]; ok {
		return
	}
	b, err := os.ReadFile(filepath.Join(e.dir, rel))
	if err != nil {
		b = nil
	}
	e.orig[rel] = b
}

func (e *editor) write(desc, rel string, data []byte) (string, []string) {
	e.remember(rel)
	name := filepath.Join(e.dir, rel)
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		e.t.Fatal(err)
	}
	if err := os.WriteFile(name, data, 0o644); err != nil {
		e.t.Fatal(err)
	}
	return desc + " " + rel, []string{rel}
}

func (e *editor) remove(desc, rel string) (string, []string) {
	e.remember(rel)
	if err := os.Remove(filepath.Join(e.dir, rel)); err != nil {
		e.t.Fatal(err)
	}
	return desc + " " + rel, []string{rel}
}

// undo puts the files of one edit back as they were before any edit.
func (e *editor) undo() (string, []string) {
	i := e.rng.IntN(len(e.groups))
	group := e.groups[i]
	e.groups = slices.Delete(e.groups, i, i+1)
	var paths []string
	for _, rel := range group {
		data, ok := e.orig[rel]
		if !ok {
			continue // undone with another edit
		}
		delete(e.orig, rel)
		paths = append(paths, rel)
		name := filepath.Join(e.dir, rel)
		if data == nil {
			os.Remove(name)
			continue
		}
		os.MkdirAll(filepath.Dir(name), 0o755)
		if err := os.WriteFile(name, data, 0o644); err != nil {
			e.t.Fatal(err)
		}
	}
	slices.Sort(paths)
	paths = slices.Compact(paths)
	return fmt.Sprintf("undo %v", paths), paths
}

// samplePortal copies the repository's sample portal (site.yaml,
// content/, static/) into a temporary directory.
func samplePortal(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	root := "../.."
	for _, top := range []string{"site.yaml", "content", "static"} {
		filepath.WalkDir(filepath.Join(root, top), func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				t.Fatal(err)
			}
			if d.IsDir() {
				return nil
			}
			rel, _ := filepath.Rel(root, p)
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			os.MkdirAll(filepath.Join(dir, filepath.Dir(rel)), 0o755)
			if err := os.WriteFile(filepath.Join(dir, rel), b, 0o644); err != nil {
				t.Fatal(err)
			}
			return nil
		})
	}
	return dir
}

// corpus generates an n-page site with bench/gencorpus.
func corpus(t *testing.T, n int) string {
	t.Helper()
	dir := t.TempDir()
	gen := exec.Command("go", "run", "../../bench/gencorpus", "-n", strconv.Itoa(n), "-out", filepath.Join(dir, "content"))
	if out, err := gen.CombinedOutput(); err != nil {
		t.Fatalf("gencorpus: %v\n%s", err, out)
	}
	cfg, err := os.ReadFile("../../bench/corpus-site.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "site.yaml"), cfg, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// memOut is a render.Writer into memory that minifies as publish.Stager
// does, like the preview server's FullBuilder.
type memOut struct {
	min   *publish.Minifier
	mu    sync.Mutex
	files map[string][]byte
}

func (m *memOut) Write(rel string, data []byte) error {
	if ext := pathpkg.Ext(rel); m.min.Minifies(ext) {
		out, err := m.min.Bytes(ext, data)
		if err != nil {
			return fmt.Errorf("write %s: %w", rel, err)
		}
		return m.put(rel, out)
	}
	return m.put(rel, bytes.Clone(data))
}

func (m *memOut) WriteRaw(rel string, data []byte) error { return m.put(rel, bytes.Clone(data)) }

func (m *memOut) Copy(rel string, src fs.FS, name string) error {
	data, err := fs.ReadFile(src, name)
	if err != nil {
		return fmt.Errorf("copy %s: %w", name, err)
	}
	return m.put(rel, data)
}

func (m *memOut) put(rel string, data []byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, dup := m.files[rel]; dup {
		return fmt.Errorf("write %s: file written twice", rel)
	}
	m.files[rel] = data
	return nil
}

// TestSessionLatency measures, on a real site, the time from writing a
// file to the end of the Session's rebuild (no watcher, no server: see
// internal/server's TestServeLatency for write → reload event). It is a
// measurement, not a timed test: it runs only when CONGBO_SESSION_BENCH
// names a site directory, edits one of its pages and puts it back.
//
//	go run ./bench/gencorpus -n 10000 -out /dev/shm/inc10k/content
//	cp bench/corpus-site.yaml /dev/shm/inc10k/site.yaml
//	CONGBO_SESSION_BENCH=/dev/shm/inc10k go test -run TestSessionLatency -v ./internal/build/
func TestSessionLatency(t *testing.T) {
	dir := os.Getenv("CONGBO_SESSION_BENCH")
	if dir == "" {
		t.Skip("set CONGBO_SESSION_BENCH=DIR (a site) to measure rebuild latency")
	}
	n := 20
	if s := os.Getenv("CONGBO_SESSION_BENCH_N"); s != "" {
		n, _ = strconv.Atoi(s)
	}
	var page string
	filepath.WalkDir(filepath.Join(dir, "content", "thong-bao"), func(p string, d fs.DirEntry, err error) error {
		if page == "" && err == nil && strings.HasSuffix(p, ".md") && !strings.HasSuffix(p, "_index.md") {
			page = p
		}
		return nil
	})
	rel := func(p string) string { r, _ := filepath.Rel(dir, p); return filepath.ToSlash(r) }
	orig, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	defer os.WriteFile(page, orig, 0o644)
	sectionIndex := filepath.Join(filepath.Dir(page), "_index.md")
	sectionOrig, err := os.ReadFile(sectionIndex)
	if err != nil {
		t.Fatal(err)
	}
	defer os.WriteFile(sectionIndex, sectionOrig, 0o644)
	stages := map[string]time.Duration{}
	var order []string
	timings := func(stage string, d time.Duration) {
		if _, ok := stages[stage]; !ok {
			order = append(order, stage)
		}
		stages[stage] += d
	}
	sess := build.NewSession(build.Options{Source: dir, Timings: timings})
	start := time.Now()
	if _, _, _, err := sess.Build(context.Background(), nil, true); err != nil {
		t.Fatal(err)
	}
	t.Logf("first build: %s", time.Since(start).Round(time.Millisecond))
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	t.Logf("heap held between builds: %d MB", ms.HeapAlloc>>20)
	clear(stages)
	order = nil
	newPage := func(i int) string { return filepath.Join(filepath.Dir(page), fmt.Sprintf("zz-session-bench-%d.md", i)) }
	t.Cleanup(func() { // a run without the "delete" edits leaves the new pages
		for i := range n {
			os.Remove(newPage(i))
		}
	})
	edits := []struct {
		kind string
		edit func(i int) string
	}{
		{"body", func(i int) string {
			os.WriteFile(page, fmt.Appendf(slices.Clone(orig), "\nSửa lần %d.\n", i), 0o644)
			return page
		}},
		{"title", func(i int) string {
			os.WriteFile(page, titleRE.ReplaceAll(orig, fmt.Appendf(nil, "title: Tiêu đề đã sửa lần %d", i)), 0o644)
			return page
		}},
		{"new", func(i int) string {
			os.WriteFile(newPage(i), titleRE.ReplaceAll(orig, fmt.Appendf(nil, "title: Trang mới %d", i)), 0o644)
			return newPage(i)
		}},
		{"delete", func(i int) string { os.Remove(newPage(i)); return newPage(i) }},
		{"date", func(i int) string { // moves the page in every list it is in, and in the search index
			os.WriteFile(page, dateRE.ReplaceAll(orig, fmt.Appendf(nil, "date: 2019-%02d-%02dT08:00:00+07:00", 1+i%12, 1+i%28)), 0o644)
			return page
		}},
		{"section", func(i int) string { // the section's own title: on every page of it (breadcrumb)
			os.WriteFile(sectionIndex, titleRE.ReplaceAll(sectionOrig, fmt.Appendf(nil, "title: Thông báo (sửa lần %d)", i)), 0o644)
			return sectionIndex
		}},
	}
	kinds := os.Getenv("CONGBO_SESSION_BENCH_KINDS") // e.g. "body,title"; default all
	for _, e := range edits {
		if kinds != "" && !slices.Contains(strings.Split(kinds, ","), e.kind) {
			continue
		}
		var took []time.Duration
		var rendered, lists, feeds int
		for i := range n {
			t0 := time.Now()
			p := e.edit(i)
			_, _, st, err := sess.Build(context.Background(), []string{rel(p)}, false)
			if err != nil {
				t.Fatalf("%s edit %d: %v", e.kind, i, err)
			}
			took = append(took, time.Since(t0))
			rendered += st.Pages
			lists += st.Lists
			feeds += st.Feeds
		}
		slices.Sort(took)
		t.Logf("%-6s edit → rebuilt, %d edits: median %s, p95 %s, min %s, max %s; %d pages, %d lists, %d feeds rendered per edit", e.kind, n,
			took[len(took)/2].Round(100*time.Microsecond), took[(len(took)*95+99)/100-1].Round(100*time.Microsecond),
			took[0].Round(100*time.Microsecond), took[len(took)-1].Round(100*time.Microsecond), rendered/n, lists/n, feeds/n)
		for _, s := range order {
			t.Logf("    %-16s %s per edit", s, (stages[s] / time.Duration(n)).Round(100*time.Microsecond))
		}
		clear(stages)
		order = nil
	}
}

// TestSessionSectionTitleOnOtherPages: a site's own layouts that show
// another page's section, in the ways a review found the analysis
// missed (readsSections), are rendered again after that section's title
// changes, as a full build renders them.
func TestSessionSectionTitleOnOtherPages(t *testing.T) {
	for _, tc := range []struct {
		name    string
		layouts map[string]string
	}{
		{"a partial's variable of the same name", map[string]string{
			"layouts/correction.html":   `{{define "main"}}{{$s := .Page.Corrects}}{{template "partials/own.html" .}}<p>{{with $s}}{{$s.Section.Title}}{{end}}</p>{{end}}`,
			"layouts/partials/own.html": `{{$s := .Page}}{{$s.Title}}`,
		}},
		{"a variable set again in a loop", map[string]string{
			"layouts/press-release.html": `{{define "main"}}{{$p := .Page}}{{range .Page.CorrectedBy}}<p>{{$p.Section.Title}}</p>{{$p = .}}{{end}}<p>{{$p.Section.Title}}</p>{{end}}`,
		}},
		{"a partial of a computed name", map[string]string{
			"layouts/press-release.html": `{{define "main"}}{{partialCached (print "partials/" "menu.html") . "k"}}{{end}}`,
			"layouts/partials/menu.html": `<ul>{{range .Site.Sections}}<li>{{.Title}}</li>{{end}}</ul>`,
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e, sess := portalWithLayouts(t, tc.layouts)
			for _, index := range []string{"content/thong-cao-bao-chi/_index.md", "content/cai-chinh/_index.md"} {
				e.groups = append(e.groups, nil)
				desc, paths := e.write("section title", index, titleRE.ReplaceAll(e.read(index), []byte("title: \"Mục đổi tên\"")))
				e.check(sess, paths, false, desc)
			}
		})
	}
}

// TestSessionLangEdit: a page's lang, which its list items, breadcrumb
// and metadata show, renders them again when it changes, as a full build
// does.
func TestSessionLangEdit(t *testing.T) {
	e, sess := portalWithLayouts(t, nil)
	page := "content/thong-bao/lich-tiep-cong-dan-thang-12.md"
	for _, lang := range []string{"lang: en", "lang: fr", "lang: vi"} {
		e.groups = append(e.groups, nil)
		data := e.read(page)
		if langRE.Match(data) {
			data = langRE.ReplaceAll(data, []byte(lang))
		} else {
			data = titleRE.ReplaceAllFunc(data, func(b []byte) []byte { return slices.Concat(b, []byte("\n"+lang)) })
		}
		desc, paths := e.write("lang", page, data)
		e.check(sess, paths, false, desc)
	}
}

// TestSessionImageSizeEdit: an image drawn again at another size gives
// the pages that show it its new width and height, as a full build does,
// though their Markdown did not change; a page whose image appears only
// then gets one too.
func TestSessionImageSizeEdit(t *testing.T) {
	e, sess := portalWithLayouts(t, nil)
	img := "content/thong-cao-bao-chi/hoi-nghi-tong-ket-nam-2025/anh-hoi-nghi.svg"
	for _, size := range []string{`width="640" height="360"`, `width="320" height="180"`} {
		e.groups = append(e.groups, nil)
		desc, paths := e.write("image size", img, svgSizeRE.ReplaceAll(e.read(img), []byte(size)))
		if !e.check(sess, paths, false, desc) {
			t.Fatal("the site does not build")
		}
		if !strings.Contains(sessionFile(t, sess, "thong-cao-bao-chi/hoi-nghi-tong-ket-nam-2025/index.html"), size) {
			t.Errorf("the page does not show the image at %s", size)
		}
	}
	page := "content/thong-bao/lich-tiep-cong-dan-thang-12.md"
	e.groups = append(e.groups, nil)
	desc, paths := e.write("image", page, append(e.read(page), "\n![Sơ đồ phòng tiếp dân](/so-do.svg)\n"...))
	e.check(sess, paths, false, desc) // a build publishes a page whose image is missing: check says so
	e.groups = append(e.groups, nil)
	desc, paths = e.write("image", "static/so-do.svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg" width="90" height="60"></svg>`))
	if !e.check(sess, paths, false, desc) {
		t.Fatal("the site does not build")
	}
	if !strings.Contains(sessionFile(t, sess, "thong-bao/lich-tiep-cong-dan-thang-12/index.html"), `width="90" height="60"`) {
		t.Error("the page does not show the new image's size")
	}
}

// TestSessionImageCopies: the copies of a photo follow it in watch mode,
// as a full build makes them: they appear with a photo wide enough, change
// with it, and go when it is narrowed or removed; a page shows them in
// srcset without its Markdown changing.
func TestSessionImageCopies(t *testing.T) {
	t.Setenv("CONGBO_CACHE", t.TempDir())
	e, sess := portalWithLayouts(t, nil)
	page := "content/thong-bao/lich-tiep-cong-dan-thang-12.md"
	img := "static/anh/phong-tiep-dan.jpg"
	e.groups = append(e.groups, nil)
	desc, paths := e.write("image", page, append(e.read(page), "\n![Phòng tiếp công dân](/anh/phong-tiep-dan.jpg)\n"...))
	e.check(sess, paths, false, desc)
	for _, size := range [][2]int{{1600, 1200}, {2000, 1000}, {900, 600}, {1500, 1000}} {
		e.groups = append(e.groups, nil)
		desc, paths := e.write(fmt.Sprintf("photo %d×%d", size[0], size[1]), img, jpegPhoto(t, size[0], size[1]))
		if !e.check(sess, paths, false, desc) {
			t.Fatal("the site does not build")
		}
		out := sessionFile(t, sess, "thong-bao/lich-tiep-cong-dan-thang-12/index.html")
		if wide := size[0] > 1280; wide != strings.Contains(out, `srcset="/anh/phong-tiep-dan.640w.jpg 640w`) {
			t.Errorf("%s: srcset shown %v, want %v", desc, !wide, wide)
		}
	}
	desc, paths = e.remove("photo", img)
	e.check(sess, paths, false, desc)
}

// TestSessionTOMLPage: a page with TOML front matter follows edits of its
// body and of its front matter in watch mode as a full build does.
func TestSessionTOMLPage(t *testing.T) {
	page := "content/thong-bao/hugo.md"
	e, sess := portalWithLayouts(t, map[string]string{page: "+++\ntitle = \"Trang từ Hugo\"\ndate = 2026-11-20\n+++\nNội dung.\n"})
	for _, edit := range []string{
		"+++\ntitle = \"Trang từ Hugo\"\ndate = 2026-11-20\n+++\nNội dung đã sửa.\n",
		"+++\ntitle = \"Trang từ Hugo (sửa)\"\ndate = 2026-11-20\ntags = [\"hugo\"]\n+++\nNội dung đã sửa.\n",
		"---\ntitle: Trang từ Hugo (sửa)\ndate: 2026-11-20\ntags: [hugo]\n---\nNội dung đã sửa.\n",
	} {
		e.groups = append(e.groups, nil)
		desc, paths := e.write("toml", page, []byte(edit))
		if !e.check(sess, paths, false, desc) {
			t.Fatal("the site does not build")
		}
	}
}

// jpegPhoto is a w×h JPEG photo.
func jpegPhoto(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.SetRGBA(x, y, color.RGBA{uint8(x), uint8(y), uint8(x * y), 255})
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

var svgSizeRE = regexp.MustCompile(`width="\d+" height="\d+"`)

// sessionFile returns an output file of sess as its last build left it.
func sessionFile(t *testing.T, sess *build.Session, name string) string {
	t.Helper()
	out, _, _, err := sess.Build(context.Background(), nil, false)
	if err != nil {
		t.Fatal(err)
	}
	return string(out[name])
}

// TestSessionCustomLayoutsFollowEdits: a site's own layouts that read
// what the analysis of layouts must see through (a second review found
// each stale in watch mode), after the edit that changes it, equal a full
// build.
func TestSessionCustomLayoutsFollowEdits(t *testing.T) {
	body := func(e *editor, rel string) (string, []string) {
		return e.write("body", rel, append(e.read(rel), "\nMột đoạn mới.\n"...))
	}
	date := func(e *editor, rel string) (string, []string) {
		return e.write("date", rel, dateRE.ReplaceAll(e.read(rel), []byte("date: 2026-11-30T08:00:00+07:00")))
	}
	newPage := func(e *editor, rel string) (string, []string) {
		return e.write("new page", rel, []byte("---\ntitle: Thông báo mới\ndate: 2026-11-30T08:00:00+07:00\n---\nNội dung.\n"))
	}
	for _, tc := range []struct {
		name    string
		layouts map[string]string
		edit    func(e *editor, rel string) (string, []string)
		rel     string
	}{
		{"a page's body in a cached partial", map[string]string{
			"layouts/press-release.html":  `{{define "main"}}{{partialCached "partials/rbody.html" .Page .Page.URL}}{{end}}`,
			"layouts/partials/rbody.html": `{{.Content}}`,
		}, body, "content/thong-cao-bao-chi/hue-wifi-cong-cong-khu-di-san.md"},
		{"an item's section's pages on a term list", map[string]string{
			"layouts/term.html": `{{define "main"}}{{range .Pager.Items}}<p>{{.Title}} {{len .Section.Pages}}</p>{{end}}{{end}}`,
		}, newPage, "content/thong-bao/thong-bao-moi.md"},
		{"a term's list node", map[string]string{
			"layouts/announcement.html": `{{define "main"}}{{range .Page.Terms}}{{range .Terms}}<p>{{.ListPage.Lastmod}}</p>{{end}}{{end}}{{end}}`,
		}, date, "content/cai-chinh/cai-chinh-so-lieu-phu-song-vung-kho-khan.md"},
		{"a section's list node", map[string]string{
			"layouts/announcement.html": `{{define "main"}}{{range .Site.Sections}}<p>{{.Page.Lastmod}}</p>{{end}}{{end}}`,
		}, date, "content/cai-chinh/cai-chinh-so-lieu-phu-song-vung-kho-khan.md"},
		// A third review's.
		{"a section's list node by a range variable", map[string]string{
			"layouts/announcement.html": `{{define "main"}}{{range $s := .Site.Sections}}<p>{{$s.Page.Lastmod}}</p>{{end}}{{end}}`,
		}, date, "content/cai-chinh/cai-chinh-so-lieu-phu-song-vung-kho-khan.md"},
		{"a section's list node by index", map[string]string{
			"layouts/announcement.html": `{{define "main"}}{{with index .Site.Sections 3}}<p>{{.Page.Lastmod}}</p>{{end}}{{end}}`,
		}, date, "content/cai-chinh/cai-chinh-so-lieu-phu-song-vung-kho-khan.md"},
		{"a successor's predecessors", map[string]string{
			"layouts/unit.html": `{{define "main"}}{{with .Page.Successor}}{{with .Page}}{{range .Predecessors}}<p>{{.Name}}</p>{{end}}{{end}}{{end}}{{end}}`,
		}, func(e *editor, rel string) (string, []string) {
			return e.write("merged_into", rel, titleRE.ReplaceAllFunc(e.read(rel), func(b []byte) []byte { return slices.Concat(b, []byte("\nmerged_into: Cục Hạ tầng số")) }))
		}, "content/don-vi/van-phong-bo.md"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e, sess := portalWithLayouts(t, tc.layouts)
			e.groups = append(e.groups, nil)
			desc, paths := tc.edit(e, tc.rel)
			if !e.check(sess, paths, false, desc) {
				t.Fatalf("%s: the site does not build", desc)
			}
		})
	}
}

// portalWithLayouts returns an editor of a copy of the sample portal with
// the given files of its own layouts, and a Session that has built it.
func portalWithLayouts(t *testing.T, files map[string]string) (*editor, *build.Session) {
	t.Helper()
	dir := samplePortal(t)
	for name, data := range files {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	now := time.Date(2027, 1, 15, 9, 0, 0, 0, time.UTC)
	e := &editor{t: t, dir: dir, now: now, orig: map[string][]byte{}}
	sess := build.NewSession(build.Options{Source: dir, Now: now})
	if !e.check(sess, nil, true, "first build") {
		t.Fatal("the site does not build")
	}
	return e, sess
}

// TestBuildShowsOtherPagesResources: a layout that shows another page's
// resources or summary gets them whatever order the pages render in (a
// page sets them as it renders; such layouts render last). The
// correction is newer than the page it corrects, so it would render
// first; with one worker that showed none of them.
func TestBuildShowsOtherPagesResources(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for _, workers := range []int{1, 4} {
		runtime.GOMAXPROCS(workers) // a build renders on GOMAXPROCS workers
		e, _ := portalWithLayouts(t, map[string]string{
			"layouts/correction.html": `{{define "main"}}{{with .Page.Corrects}}{{range .Resources}}<p class="r">{{.Name}}</p>{{end}}<p class="s">{{.Summary}}</p>{{end}}{{end}}`,
			"content/cai-chinh/cai-chinh-tong-ket.md": "---\ntitle: Cải chính thông cáo tổng kết\ndate: 2026-12-01T08:00:00+07:00\n" +
				"kind: correction\ncorrects: \"/thong-cao-bao-chi/hoi-nghi-tong-ket-nam-2025/index.md\"\n" +
				"false_content: Sai.\ncorrect_content: Đúng.\n---\nNội dung cải chính.\n",
		})
		w := &memOut{min: publish.NewMinifier(), files: map[string][]byte{}}
		if _, err := build.RenderTo(build.Options{Source: e.dir, Now: e.now}, w); err != nil {
			t.Fatal(err)
		}
		got := string(w.files["cai-chinh/cai-chinh-tong-ket/index.html"])
		if !strings.Contains(got, "anh-hoi-nghi.svg") || !strings.Contains(got, "Hội nghị tổng kết năm 2025") {
			t.Errorf("%d workers: the correction does not show the corrected page's resources and summary:\n%s", workers, got)
		}
	}
}
