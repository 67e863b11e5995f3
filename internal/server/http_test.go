package server

import (
	"strings"
	"testing"
)

func TestLookup(t *testing.T) {
	files := map[string][]byte{
		"index.html":       nil,
		"tin/a/index.html": nil,
		"tin/index.xml":    nil,
		"css/style.1.css":  nil,
		"thong-bao/x.html": nil,
	}
	tests := []struct {
		url      string
		wantRel  string
		wantCode int
	}{
		{"/", "index.html", 200},
		{"", "index.html", 200},
		{"/tin/a/", "tin/a/index.html", 200},
		{"/tin/a", "", 301},
		{"/tin/index.xml", "tin/index.xml", 200},
		{"/thong-bao/x.html", "thong-bao/x.html", 200},
		{"/css/style.1.css", "css/style.1.css", 200},
		{"/tin/../tin/a/", "tin/a/index.html", 200},
		{"/../../etc/passwd", "", 404},
		{"/tin/", "", 404},
		{"/khong-co", "", 404},
	}
	for _, tt := range tests {
		rel, code := lookup(files, tt.url)
		if rel != tt.wantRel || code != tt.wantCode {
			t.Errorf("lookup(%q) = %q, %d; want %q, %d", tt.url, rel, code, tt.wantRel, tt.wantCode)
		}
	}
}

func TestInject(t *testing.T) {
	const script = `<script src="/_congbo/livereload.js" data-gen="7" defer></script>`
	const css = `<link rel="stylesheet" href="/_congbo/overlay.css">`
	tests := []struct {
		name, page string
		errs       []string
		want       string
	}{
		{"script before </head>", "<html><head><title>x</title></head><body><p>x</p></body></html>", nil,
			"<html><head><title>x</title>" + script + "</head><body><p>x</p></body></html>"},
		{"upper-case tags", "<HTML><HEAD></HEAD><BODY class=x>y</BODY></HTML>", []string{"a.md:1:2: bad"},
			"<HTML><HEAD>" + script + css + "</HEAD><BODY class=x>" + overlay([]string{"a.md:1:2: bad"}) + "y</BODY></HTML>"},
		{"no head", "<p>x</p>", nil, script + "<p>x</p>"},
		{"overlay after <body>", "<head></head><body><main>x</main></body>", []string{"content/a.md:3:1: <b>&"},
			"<head>" + script + css + "</head><body>" + overlay([]string{"content/a.md:3:1: <b>&"}) + "<main>x</main></body>"},
	}
	for _, tt := range tests {
		if got := string(inject([]byte(tt.page), "7", tt.errs)); got != tt.want {
			t.Errorf("%s:\ngot  %s\nwant %s", tt.name, got, tt.want)
		}
	}
	if o := overlay([]string{"content/a.md:3:1: <b>&"}); !strings.Contains(o, "<code>content/a.md:3:1: &lt;b&gt;&amp;</code>") {
		t.Errorf("overlay does not escape errors: %s", o)
	}
}

func TestContentType(t *testing.T) {
	for rel, want := range map[string]string{
		"index.html":        "text/html; charset=utf-8",
		"feed.json":         "application/json",
		"sitemap.xml":       "application/xml",
		"lich.ics":          "text/calendar; charset=utf-8",
		"a.vcf":             "text/vcard; charset=utf-8",
		".well-known/x.txt": "text/plain; charset=utf-8",
		"logo.svg":          "image/svg+xml",
		"unknown.zzz":       "application/octet-stream",
	} {
		if got := contentType(rel); got != want {
			t.Errorf("contentType(%q) = %q, want %q", rel, got, want)
		}
	}
}
