package slug_test

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/congbo/congbo/internal/slug"
)

// benchCorpusPage returns the front matter lines and the body of the press
// release of the shared corpus in bench/testdata.
func benchCorpusPage(b *testing.B) (front []string, body string) {
	b.Helper()
	data, err := os.ReadFile("../../bench/testdata/tcbc-000424.md")
	if err != nil {
		b.Fatal(err)
	}
	parts := bytes.SplitN(data, []byte("---\n"), 3)
	if len(parts) != 3 {
		b.Fatal("no front matter")
	}
	return strings.Split(string(parts[1]), "\n"), string(parts[2])
}

// benchSlugInputs returns what a build slugs for one page: its title, its
// headings (heading ids) and its term names (tags, categories, units).
func benchSlugInputs(b *testing.B) []string {
	front, body := benchCorpusPage(b)
	var in []string
	for _, line := range front {
		key, val, _ := strings.Cut(line, ": ")
		switch key {
		case "title":
			in = append(in, strings.Trim(val, `"`))
		case "tags", "categories", "units":
			var terms []string
			if err := json.Unmarshal([]byte(val), &terms); err != nil {
				b.Fatalf("%s: %v", key, err)
			}
			in = append(in, terms...)
		}
	}
	for _, line := range strings.Split(body, "\n") {
		if strings.HasPrefix(line, "#") {
			in = append(in, strings.TrimLeft(line, "# "))
		}
	}
	if len(in) < 10 {
		b.Fatalf("only %d inputs: %q", len(in), in)
	}
	return in
}

// BenchmarkMakePage slugs the title, headings and term names of a corpus
// page (16 strings, Vietnamese with diacritics, digits and slashes). One op
// is the whole set; ns/string is the mean per string. BenchmarkMake, in
// slug_test.go, slugs one long title.
func BenchmarkMakePage(b *testing.B) {
	in := benchSlugInputs(b)
	n := 0
	for _, s := range in {
		n += len(s)
	}
	b.SetBytes(int64(n))
	b.ReportAllocs()
	for b.Loop() {
		for _, s := range in {
			if slug.Make(s) == "" {
				b.Fatalf("Make(%q) is empty", s)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(in)), "ns/string")
}

// BenchmarkFold folds the Markdown body of a corpus page (8 KB), as the
// search index folds every page's text.
func BenchmarkFold(b *testing.B) {
	_, body := benchCorpusPage(b)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if len(slug.Fold(body)) == 0 {
			b.Fatal("empty")
		}
	}
}
