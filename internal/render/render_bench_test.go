package render_test

import (
	"bytes"
	"fmt"
	"html/template"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/congbo/congbo/internal/config"
	"github.com/congbo/congbo/internal/content"
	"github.com/congbo/congbo/internal/markdown"
	"github.com/congbo/congbo/internal/render"
	"github.com/congbo/congbo/internal/site"
	"github.com/congbo/congbo/layouts"
)

// benchPress is a press release of the shared corpus ready for its
// layout: the site graph of 1,000 pages, the page with its Markdown
// rendered, and the default theme's templates.
type benchPress struct {
	tmpl   *render.Templates
	data   *render.Data
	layout string
	term   *render.Data // page 2 of the largest tag's list
}

var (
	benchPressOnce sync.Once
	benchPressVal  *benchPress
	benchPressErr  error
)

// benchPressRelease builds, once per test binary, the graph of the corpus
// of bench/run -r N 1000 (bench/gencorpus -n 1000, seed 1, in a temporary
// directory removed afterwards) with bench/corpus-site.yaml, and readies
// content/thong-cao-bao-chi/tcbc-000424.md, the page of bench/testdata, as
// the renderer does before executing its layout.
func benchPressRelease(b *testing.B) *benchPress {
	b.Helper()
	benchPressOnce.Do(func() { benchPressVal, benchPressErr = loadBenchPress() })
	if benchPressErr != nil {
		b.Fatal(benchPressErr)
	}
	return benchPressVal
}

func loadBenchPress() (*benchPress, error) {
	dir, err := os.MkdirTemp("", "congbo-render-bench-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	gen := exec.Command("go", "run", "../../bench/gencorpus", "-n", "1000", "-out", filepath.Join(dir, "content"))
	if out, err := gen.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("gencorpus: %v\n%s", err, out)
	}
	yml, err := os.ReadFile("../../bench/corpus-site.yaml")
	if err != nil {
		return nil, err
	}
	cfg, err := config.Parse("site.yaml", yml)
	if err != nil {
		return nil, err
	}
	fsys := os.DirFS(dir)
	pages, _, err := content.Load(fsys, cfg)
	if err != nil {
		return nil, err
	}
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.FixedZone("ICT", 7*3600))
	g, err := site.New(cfg, pages, site.Options{Now: now})
	if err != nil {
		return nil, err
	}
	p := g.Lookup("thong-cao-bao-chi/tcbc-000424.md")
	if p == nil {
		return nil, fmt.Errorf("no page thong-cao-bao-chi/tcbc-000424.md in the corpus")
	}
	body, err := content.ReadBody(fsys, p.Source)
	if err != nil {
		return nil, err
	}
	res, err := markdown.New(markdown.Options{}).Render(body, g.Resolver(p))
	if err != nil {
		return nil, err
	}
	if p.Summary == "" {
		p.Summary = res.Summary
	}
	p.Content = template.HTML(res.HTML)
	tmpl, err := render.LoadTemplates(render.NewLayouts(nil, layouts.FS), cfg)
	if err != nil {
		return nil, err
	}
	layout := p.Type + ".html"
	if !tmpl.Has(layout) {
		return nil, fmt.Errorf("no layout %s", layout)
	}
	css := render.Asset{URL: "/css/style.4508bfa0.css", Integrity: "sha384-" + strings.Repeat("A", 64)}
	bp := &benchPress{tmpl: tmpl, layout: layout, data: &render.Data{Site: g.Site, Page: p, CSS: css, Lang: cfg.Language}}
	var largest *site.Term
	for _, tx := range g.Taxonomies {
		for _, t := range tx.Terms {
			if tx.Plural == "tags" && (largest == nil || len(t.Pages) > len(largest.Pages)) {
				largest = t
			}
		}
	}
	if largest == nil {
		return nil, fmt.Errorf("the corpus has no tags")
	}
	pagers := site.Paginate(largest.Pages, cfg.PageSize, largest.URL)
	if len(pagers) < 2 {
		return nil, fmt.Errorf("tag %q has one list page", largest.Name)
	}
	bp.term = &render.Data{Site: g.Site, Page: largest.ListPage(), Pager: pagers[1], CSS: css, Lang: cfg.Language}
	return bp, nil
}

// BenchmarkExecutePressRelease executes the default theme's
// press-release.html (wrapped in base.html, with its partials) for a page
// of the 1,000-page corpus whose Markdown is already rendered: the
// template share of rendering one page. The partials cached once per
// build (header, footer) are cached after the first op, as in a build.
// MB/s counts the HTML written.
func BenchmarkExecutePressRelease(b *testing.B) {
	bp := benchPressRelease(b)
	var buf bytes.Buffer
	if err := bp.tmpl.Execute(&buf, bp.layout, bp.data); err != nil {
		b.Fatal(err)
	}
	if !bytes.Contains(buf.Bytes(), []byte(template.HTMLEscapeString(bp.data.Page.Title))) {
		b.Fatalf("the page's title is not in its HTML:\n%s", buf.Bytes())
	}
	b.SetBytes(int64(buf.Len()))
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if err := bp.tmpl.Execute(&buf, bp.layout, bp.data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkExecuteTermPage executes term.html for page 2 of the corpus's
// largest tag (20 items with partials/list-item.html, cached after the
// first op as in a build, and a pager): the template share of a list page.
func BenchmarkExecuteTermPage(b *testing.B) {
	bp := benchPressRelease(b)
	var buf bytes.Buffer
	if err := bp.tmpl.Execute(&buf, "term.html", bp.term); err != nil {
		b.Fatal(err)
	}
	if n := bytes.Count(buf.Bytes(), []byte(`<li class="item">`)); n != len(bp.term.Pager.Items) {
		b.Fatalf("%d items in the HTML, want %d:\n%s", n, len(bp.term.Pager.Items), buf.Bytes())
	}
	b.SetBytes(int64(buf.Len()))
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if err := bp.tmpl.Execute(&buf, "term.html", bp.term); err != nil {
			b.Fatal(err)
		}
	}
}
