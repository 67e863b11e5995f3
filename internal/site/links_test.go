package site

import (
	"strings"
	"testing"
	"time"

	"github.com/congbo/congbo/internal/content"
)

// TestResolverRootRelative checks that every relative destination that is
// not a Markdown file comes out root-relative, resolved against the page
// URL as a browser would, so signed output is valid on any mirror host.
func TestResolverRootRelative(t *testing.T) {
	bundle := page("thong-bao/hoi-nghi/index.md", "Hội nghị", "2026-05-01T08:00:00+07:00")
	bundle.Name, bundle.Bundle = "hoi-nghi", true
	bundle.Resources = []string{"thong-bao/hoi-nghi/anh.svg"}
	plain := page("thong-bao/a.md", "A", "2026-05-01T08:00:00+07:00")
	legacy := page("tin-cu/b.md", "B", "2026-03-31T08:00:00+07:00")
	g, err := New(testConfig(), []*content.Page{bundle, plain, legacy}, Options{Now: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ page, dest, want string }{
		{"thong-bao/hoi-nghi/index.md", "anh.svg", "/thong-bao/hoi-nghi/anh.svg"},
		{"thong-bao/hoi-nghi/index.md", "./tai-lieu/ke-hoach.pdf#page=2", "/thong-bao/hoi-nghi/tai-lieu/ke-hoach.pdf#page=2"},
		{"thong-bao/hoi-nghi/index.md", "../", "/thong-bao/"},
		{"thong-bao/hoi-nghi/index.md", "../../../../x.png", "/x.png"}, // as a browser: no climbing above the root
		{"thong-bao/hoi-nghi/index.md", "ảnh%20đẹp.png?v=2", "/thong-bao/hoi-nghi/%E1%BA%A3nh%20%C4%91%E1%BA%B9p.png?v=2"},
		{"thong-bao/a.md", "anh.svg", "/thong-bao/a/anh.svg"},
		{"tin-cu/b.md", "anh.svg", "/tin-cu/2026/03/anh.svg"}, // a .html page: beside it
		{"thong-bao/a.md", "hoi-nghi/index.md", "/thong-bao/hoi-nghi/"},
	}
	for _, tt := range tests {
		got, err := g.Resolver(g.Lookup(tt.page))(tt.dest)
		if err != nil || got != tt.want {
			t.Errorf("%s: %q → %q, %v; want %q", tt.page, tt.dest, got, err, tt.want)
		}
	}
	if _, err := g.Resolver(g.Lookup("thong-bao/a.md"))("anh%zz.png"); err == nil {
		t.Errorf("a malformed address resolved")
	}
}

// TestResolverFindsAsHugo checks the two ways Hugo's ref and link render
// hook find a page that congbo follows too: a relative path the page's
// directory does not hold is looked for from content/, and a path without
// a file names a bundle's index.md or a section's _index.md. A missing
// page still names the file looked for first.
func TestResolverFindsAsHugo(t *testing.T) {
	bundle := page("thong-bao/hoi-nghi/index.md", "Hội nghị", "2026-05-01T08:00:00+07:00")
	bundle.Name, bundle.Bundle = "hoi-nghi", true
	plain := page("thong-bao/a.md", "A", "2026-05-01T08:00:00+07:00")
	about := page("gioi-thieu/b.md", "B", "2026-05-01T08:00:00+07:00")
	draft := page("thong-bao/nhap.md", "Nháp", "2026-05-01T08:00:00+07:00")
	draft.Draft = true
	g, err := New(testConfig(), []*content.Page{bundle, plain, about, draft}, Options{Now: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ page, dest, want, err string }{
		{"gioi-thieu/b.md", "thong-bao/a.md", "/thong-bao/a/", ""},
		{"gioi-thieu/b.md", "thong-bao/hoi-nghi.md#muc", "/thong-bao/hoi-nghi/#muc", ""},
		{"gioi-thieu/b.md", "/thong-bao/hoi-nghi.md", "/thong-bao/hoi-nghi/", ""},
		{"thong-bao/a.md", "hoi-nghi.md", "/thong-bao/hoi-nghi/", ""},
		{"thong-bao/a.md", "b.md", "", "no such page content/thong-bao/b.md (check the file name)"},
		{"gioi-thieu/b.md", "thong-bao/nhap.md", "", "that page is a draft"},
		{"gioi-thieu/b.md", "../thong-bao/khong-co.md", "", "no such page content/thong-bao/khong-co.md"},
	}
	for _, tt := range tests {
		got, err := g.Resolver(g.Lookup(tt.page))(tt.dest)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("%s: %q → %q, %v; want an error saying %q", tt.page, tt.dest, got, err, tt.err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("%s: %q → %q, %v; want %q", tt.page, tt.dest, got, err, tt.want)
		}
	}
}

// TestLinkDigest checks that the digest moves with what Resolver reads (a
// page's URL, a page published or not) and with nothing else (a title).
func TestLinkDigest(t *testing.T) {
	now := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	digest := func(edit func(a, b *content.Page)) uint64 {
		t.Helper()
		a := page("thong-bao/a.md", "A", "2026-05-01T08:00:00+07:00")
		b := page("thong-bao/b.md", "B", "2026-05-02T08:00:00+07:00")
		edit(a, b)
		g, err := New(testConfig(), []*content.Page{a, b}, Options{Now: now})
		if err != nil {
			t.Fatal(err)
		}
		return g.LinkDigest()
	}
	base := digest(func(a, b *content.Page) {})
	if got := digest(func(a, b *content.Page) {}); got != base {
		t.Errorf("the same graph: digest %x, then %x", base, got)
	}
	if got := digest(func(a, b *content.Page) { a.Title, b.Description = "A2", "mô tả" }); got != base {
		t.Errorf("a title edit moved the digest")
	}
	for name, edit := range map[string]func(a, b *content.Page){
		"url":    func(a, b *content.Page) { b.URL = "/khac/" },
		"draft":  func(a, b *content.Page) { b.Draft = true },
		"future": func(a, b *content.Page) { b.PublishDate = now.AddDate(0, 1, 0) },
		"swap":   func(a, b *content.Page) { a.URL, b.URL = "/b/", "/a/" },
	} {
		if got := digest(edit); got == base {
			t.Errorf("%s: the digest did not move", name)
		}
	}
}
