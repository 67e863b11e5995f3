package sitemap

import (
	"bytes"
	"encoding/xml"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/congbo/congbo/internal/publish"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

var hcm = time.FixedZone("ICT", 7*60*60)

// golden compares got with testdata/name, rewriting it under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from golden file\ngot:\n%s\nwant:\n%s", name, got, want)
	}
}

type entryXML struct {
	Loc     string `xml:"loc"`
	Lastmod string `xml:"lastmod"`
}

type urlsetXML struct {
	XMLName xml.Name   `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []entryXML `xml:"url"`
}

type indexXML struct {
	XMLName  xml.Name   `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 sitemapindex"`
	Sitemaps []entryXML `xml:"sitemap"`
}

// fileNames returns the keys of files, sorted.
func fileNames(files map[string][]byte) []string {
	var names []string
	for k := range files {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}

func TestBuildSmall(t *testing.T) {
	urls := []URL{
		{Loc: "https://mst.gov.vn/thong-cao/b/", Lastmod: time.Date(2025, 3, 2, 9, 30, 0, 0, hcm)},
		{Loc: "https://mst.gov.vn/", Lastmod: time.Date(2025, 3, 2, 9, 30, 0, 0, hcm)},
		{Loc: "https://mst.gov.vn/tim-kiem/?q=a&b=<c>"},
		{Loc: "https://mst.gov.vn/thong-cao/a/", Lastmod: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)},
		{Loc: "https://mst.gov.vn/thong-cao/a/", Lastmod: time.Date(2025, 2, 1, 8, 0, 0, 0, hcm)},
	}
	files := Build("https://mst.gov.vn/", urls)
	if got, want := fmt.Sprint(fileNames(files)), "[sitemap.xml]"; got != want {
		t.Fatalf("files %s, want %s", got, want)
	}
	golden(t, "sitemap.xml", files["sitemap.xml"])

	var doc urlsetXML
	if err := xml.Unmarshal(files["sitemap.xml"], &doc); err != nil {
		t.Fatal(err)
	}
	want := []entryXML{
		{"https://mst.gov.vn/", "2025-03-02T09:30:00+07:00"},
		{"https://mst.gov.vn/thong-cao/a/", "2025-02-01T08:00:00+07:00"}, // duplicate merged, latest kept
		{"https://mst.gov.vn/thong-cao/b/", "2025-03-02T09:30:00+07:00"},
		{"https://mst.gov.vn/tim-kiem/?q=a&b=<c>", ""},
	}
	if got := fmt.Sprint(doc.URLs); got != fmt.Sprint(want) {
		t.Errorf("got %s\nwant %s", got, fmt.Sprint(want))
	}
}

func TestBuildOrderIndependent(t *testing.T) {
	a := []URL{{Loc: "https://x.gov.vn/a/"}, {Loc: "https://x.gov.vn/b/"}, {Loc: "https://x.gov.vn/c/"}}
	b := []URL{a[2], a[0], a[1]}
	if got, want := Build("https://x.gov.vn", b)["sitemap.xml"], Build("https://x.gov.vn", a)["sitemap.xml"]; !bytes.Equal(got, want) {
		t.Errorf("input order changed the output:\n%s\nvs\n%s", got, want)
	}
}

func TestBuildEmpty(t *testing.T) {
	files := Build("https://x.gov.vn/", nil)
	var doc urlsetXML
	if err := xml.Unmarshal(files["sitemap.xml"], &doc); err != nil {
		t.Fatal(err)
	}
	if len(files) != 1 || len(doc.URLs) != 0 {
		t.Errorf("got %d files and %d URLs, want one empty sitemap.xml", len(files), len(doc.URLs))
	}
}

// manyURLs returns n URLs whose Loc sorts in index order.
func manyURLs(n int) []URL {
	urls := make([]URL, n)
	for i := range urls {
		urls[i] = URL{
			Loc:     fmt.Sprintf("https://mst.gov.vn/p/%06d/", i),
			Lastmod: time.Date(2024, 1, 1, 0, 0, 0, 0, hcm).Add(time.Duration(i) * time.Minute),
		}
	}
	return urls
}

func TestBuildSplit(t *testing.T) {
	tests := []struct {
		n         int
		wantFiles string
		wantURLs  []int // URLs per sitemap-N.xml; nil: a single sitemap.xml
	}{
		{n: 50_000, wantFiles: "[sitemap.xml]"},
		{n: 50_001, wantFiles: "[sitemap-1.xml sitemap-2.xml sitemap.xml]", wantURLs: []int{50_000, 1}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.n), func(t *testing.T) {
			files := Build("https://mst.gov.vn", manyURLs(tt.n))
			if got := fmt.Sprint(fileNames(files)); got != tt.wantFiles {
				t.Fatalf("files %s, want %s", got, tt.wantFiles)
			}
			if tt.wantURLs == nil {
				var doc urlsetXML
				if err := xml.Unmarshal(files["sitemap.xml"], &doc); err != nil {
					t.Fatal(err)
				}
				if len(doc.URLs) != tt.n {
					t.Errorf("got %d URLs, want %d", len(doc.URLs), tt.n)
				}
				return
			}
			golden(t, fmt.Sprintf("index-%d.xml", tt.n), files["sitemap.xml"])
			var index indexXML
			if err := xml.Unmarshal(files["sitemap.xml"], &index); err != nil {
				t.Fatal(err)
			}
			if len(index.Sitemaps) != len(tt.wantURLs) {
				t.Fatalf("index lists %d sitemaps, want %d", len(index.Sitemaps), len(tt.wantURLs))
			}
			for i, want := range tt.wantURLs {
				name := fmt.Sprintf("sitemap-%d.xml", i+1)
				if got, want := index.Sitemaps[i].Loc, "https://mst.gov.vn/"+name; got != want {
					t.Errorf("index entry %d: got %s, want %s", i, got, want)
				}
				var doc urlsetXML
				if err := xml.Unmarshal(files[name], &doc); err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				if len(doc.URLs) != want {
					t.Errorf("%s: got %d URLs, want %d", name, len(doc.URLs), want)
				}
			}
		})
	}
}

func TestBuildSplitBySize(t *testing.T) {
	urls := manyURLs(10)
	one := len(appendEntry(nil, "url", urls[0].Loc, urls[0].Lastmod, false))
	overhead := len(header) + len(urlsetOpen) + len(urlsetEnd)
	// Room for exactly three URLs per file.
	files := build("https://mst.gov.vn/", urls, maxURLs, overhead+3*one, false)
	if got, want := fmt.Sprint(fileNames(files)), "[sitemap-1.xml sitemap-2.xml sitemap-3.xml sitemap-4.xml sitemap.xml]"; got != want {
		t.Fatalf("files %s, want %s", got, want)
	}
	total := 0
	for i := 1; i <= 4; i++ {
		f := files[fmt.Sprintf("sitemap-%d.xml", i)]
		if len(f) > overhead+3*one {
			t.Errorf("sitemap-%d.xml: %d bytes, over the %d limit", i, len(f), overhead+3*one)
		}
		var doc urlsetXML
		if err := xml.Unmarshal(f, &doc); err != nil {
			t.Fatal(err)
		}
		total += len(doc.URLs)
	}
	if total != len(urls) {
		t.Errorf("got %d URLs across files, want %d", total, len(urls))
	}
}

// TestAppendEscaped checks the copy-as-is path against xml.EscapeText.
func TestAppendEscaped(t *testing.T) {
	for _, loc := range []string{
		"https://mst.gov.vn/thong-cao-bao-chi/tcbc-1/",
		"https://mst.gov.vn/?a=1&b=2",
		`https://mst.gov.vn/"q"/'s'/<x>`,
		"https://mst.gov.vn/tin-tức/",
		"https://mst.gov.vn/tab\there\nnew\rline",
		"https://mst.gov.vn/bad-\xff-utf8/",
		"https://mst.gov.vn/\x7f",
		"",
	} {
		var want bytes.Buffer
		xml.EscapeText(&want, []byte(loc))
		if got := appendEscaped([]byte("<"), loc); string(got) != "<"+want.String() {
			t.Errorf("appendEscaped(%q) = %q, want %q", loc, got[1:], want.String())
		}
	}
}

// TestCompactIsMinified: a minifying build writes BuildCompact's files as
// they are instead of minifying Build's; the files must be the same bytes,
// split at the same places (the limits count the indented bytes), also for
// Locs of white space alone, entities and characters XML escapes.
func TestCompactIsMinified(t *testing.T) {
	m := publish.NewMinifier()
	pieces := []string{"https://x.gov.vn/", "a/", "tin-tức/", " ", "  ", "\t", "\n", "&", "<", "'", "\"", "é", "\x01"}
	r := rand.New(rand.NewPCG(5, 6))
	for round := range 300 {
		var urls []URL
		for range r.IntN(12) {
			var b strings.Builder
			for range r.IntN(4) {
				b.WriteString(pieces[r.IntN(len(pieces))])
			}
			u := URL{Loc: b.String()}
			if r.IntN(2) == 0 {
				u.Lastmod = time.Date(2025, time.Month(1+r.IntN(12)), 1+r.IntN(28), 8, 0, 0, 0, hcm)
			}
			urls = append(urls, u)
		}
		limitURLs, limitBytes := 1+r.IntN(5), 200+r.IntN(400)
		if round%3 == 0 {
			limitURLs, limitBytes = maxURLs, maxBytes
		}
		indented := build("https://x.gov.vn/", urls, limitURLs, limitBytes, false)
		compact := build("https://x.gov.vn/", urls, limitURLs, limitBytes, true)
		if fmt.Sprint(fileNames(indented)) != fmt.Sprint(fileNames(compact)) {
			t.Fatalf("files %v, compact %v", fileNames(indented), fileNames(compact))
		}
		for name, data := range indented {
			want, err := m.Bytes(".xml", data)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(compact[name], want) {
				t.Fatalf("%s compact:\n%s\nminified:\n%s", name, compact[name], want)
			}
		}
	}
}

// BenchmarkMinifiedSitemap: 100,000 URLs as a minifying build writes
// them, indented then minified (before) or compact.
func BenchmarkMinifiedSitemap(b *testing.B) {
	urls := manyURLs(100_000)
	m := publish.NewMinifier()
	b.Run("indented+minify", func(b *testing.B) {
		for b.Loop() {
			for _, data := range Build("https://mst.gov.vn/", urls) {
				if _, err := m.Bytes(".xml", data); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("compact", func(b *testing.B) {
		for b.Loop() {
			BuildCompact("https://mst.gov.vn/", urls)
		}
	})
}
