package render_test

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/congbo/congbo/internal/config"
	"github.com/congbo/congbo/internal/content"
	"github.com/congbo/congbo/internal/diag"
	"github.com/congbo/congbo/internal/markdown"
	"github.com/congbo/congbo/internal/render"
	"github.com/congbo/congbo/internal/site"
	"github.com/congbo/congbo/layouts"
)

// TestCheckScanned checks that CheckScanned reports what Check does,
// whichever pages were scanned as they were read and whichever it must
// read and parse itself.
func TestCheckScanned(t *testing.T) {
	fsys := fstest.MapFS{
		"content/_index.md":     {Data: []byte("---\ntitle: Trang chủ\n---\nXem [a](tin/a.md#muc-1).\n")},
		"content/tin/_index.md": {Data: []byte("---\ntitle: Tin\n---\n")},
		"content/tin/a.md":      {Data: []byte("---\ntitle: A\ndate: 2026-01-02\n---\n## Mục 1\n\nXem [b](b.md#khong) và [c](c.md).\n")},
		"content/tin/b.md":      {Data: []byte("---\ntitle: B\ndate: 2026-01-02\nlayout: khong-co\n---\n# Đầu\n\n[x](#dau) [y](#cuoi) <javascript:z>\n")},
	}
	cfg, err := config.Parse("site.yaml", []byte("title: T\nbaseURL: https://example.gov.vn/\norganization: {name: Bộ}\n"))
	if err != nil {
		t.Fatal(err)
	}
	md := markdown.New(markdown.Options{})
	var mu sync.Mutex
	scans := map[string]*markdown.Scanned{}
	if _, _, err := content.LoadEach(fsys, cfg, func(p *content.Page, body []byte) bool {
		s, err := md.Scan(body)
		if err != nil {
			t.Error(err)
		}
		mu.Lock()
		scans[p.Path] = s
		mu.Unlock()
		return false
	}); err != nil {
		t.Fatal(err)
	}
	opts := render.Options{Source: fsys, Layouts: render.NewLayouts(nil, layouts.FS), Markdown: md, Workers: 1}
	graph := func() *site.Graph { return graphOf(t, fsys, cfg) }
	report := func(err error) string {
		var l *diag.List
		if !errors.As(err, &l) {
			t.Fatalf("error %v, want a *diag.List", err)
		}
		return l.Error()
	}
	want := report(render.Check(graph(), opts, nil))
	for _, w := range []string{`link to "c.md": no such page`, `no heading with id "khong"`, `no heading with id "cuoi"`, `"javascript:" URL removed`, `layout "khong-co" not found`} {
		if !strings.Contains(want, w) {
			t.Fatalf("Check reports\n%s\nwithout %s", want, w)
		}
	}
	tmpl, err := render.LoadTemplates(opts.Layouts, cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name    string
		scanned []string // pages whose scan is given; the others are read again
		tmpl    *render.Templates
	}{
		{"all scanned", []string{"_index.md", "tin/_index.md", "tin/a.md", "tin/b.md"}, tmpl},
		{"some scanned", []string{"tin/a.md"}, nil},
		{"none scanned", nil, tmpl},
	} {
		t.Run(tt.name, func(t *testing.T) {
			given := map[string]bool{}
			for _, p := range tt.scanned {
				given[p] = true
			}
			o := opts
			o.Templates = tt.tmpl
			got := report(render.CheckScanned(graph(), o, func(p *content.Page) (*markdown.Scanned, error) {
				if !given[p.Path] {
					return nil, nil
				}
				return scans[p.Path], nil
			}, nil))
			if got != want {
				t.Errorf("CheckScanned reports\n%s\nCheck reports\n%s", got, want)
			}
		})
	}
	// A scan error is the page's error, as Check reports a refused page.
	refused := &markdown.Problem{Line: 2, Col: 3, Msg: "blocks nested too deep"}
	got := report(render.CheckScanned(graph(), opts, func(p *content.Page) (*markdown.Scanned, error) {
		if p.Path == "tin/a.md" {
			return nil, refused
		}
		return nil, nil
	}, nil))
	if w := "content/tin/a.md:6:3: blocks nested too deep"; !strings.Contains(got, w) {
		t.Errorf("CheckScanned reports\n%s\nwant it to report %s", got, w)
	}
}

// TestTimedOutBodyNotReused renders pages that all pass their time limit
// from files on disk. A page's body buffer is read into again for the
// next page, except after a timeout: the abandoned parse may still be
// reading it, which -race reports if it is overwritten.
func TestTimedOutBodyNotReused(t *testing.T) {
	dir := t.TempDir()
	write := func(name, data string) {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("content/_index.md", "---\ntitle: Trang chủ\n---\n")
	write("content/tin/_index.md", "---\ntitle: Tin\n---\n")
	for i := range 8 {
		write(fmt.Sprintf("content/tin/bai-%d.md", i), "---\ntitle: Bài\ndate: 2026-01-02\n---\n"+strings.Repeat("Đoạn *nhấn* [liên kết](bai-0.md) và `mã`.\n\n", 400))
	}
	fsys := content.DirFS(dir)
	cfg, err := config.Parse("site.yaml", []byte("title: T\nbaseURL: https://example.gov.vn/\norganization: {name: Bộ}\n"))
	if err != nil {
		t.Fatal(err)
	}
	g := graphOf(t, fsys, cfg)
	md := markdown.New(markdown.Options{Timeout: time.Nanosecond})
	opts := render.Options{Source: fsys, Layouts: render.NewLayouts(nil, layouts.FS), Markdown: md, Workers: 1}
	err = render.Check(g, opts, nil)
	if err == nil || !strings.Contains(err.Error(), "page took longer than 1ns") {
		t.Fatalf("Check = %v, want the pages' timeouts", err)
	}
	time.Sleep(50 * time.Millisecond) // let abandoned parses run on while the test ends
}

// graphOf loads the site in fsys and makes its graph as of 2026-06-01.
func graphOf(t *testing.T, fsys fs.FS, cfg *config.Config) *site.Graph {
	t.Helper()
	pages, _, err := content.Load(fsys, cfg)
	if err != nil {
		t.Fatal(err)
	}
	g, err := site.New(cfg, pages, site.Options{Now: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	return g
}
