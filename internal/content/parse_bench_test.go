package content_test

import (
	"os"
	"testing"

	"github.com/congbo/congbo/internal/config"
	"github.com/congbo/congbo/internal/content"
)

// The micro-benchmarks of this file read a press release of the shared
// corpus (bench/testdata) and the corpus's site.yaml. Run them, and compare
// two versions, with bench/micro.

const benchPagePath = "thong-cao-bao-chi/tcbc-000424.md"

// benchPage returns the corpus page, front matter and body.
func benchPage(b *testing.B) []byte {
	b.Helper()
	data, err := os.ReadFile("../../bench/testdata/tcbc-000424.md")
	if err != nil {
		b.Fatal(err)
	}
	return data
}

// benchConfig returns the corpus's site.yaml (sections mapped to congbo's
// types, so the press-release schema is checked).
func benchConfig(b *testing.B) *config.Config {
	b.Helper()
	data, err := os.ReadFile("../../bench/corpus-site.yaml")
	if err != nil {
		b.Fatal(err)
	}
	cfg, err := config.Parse("site.yaml", data)
	if err != nil {
		b.Fatal(err)
	}
	return cfg
}

// BenchmarkSplitFrontMatter splits a corpus page (already normal: NFC, LF)
// into front matter and body.
func BenchmarkSplitFrontMatter(b *testing.B) {
	data := benchPage(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, _, _, _, err := content.SplitFrontMatter(data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParse parses one content file as content.Load does for each:
// NFC check, front matter split, YAML decode and the press-release schema.
// "page" is the whole file; "front" the front matter with an empty body,
// which isolates the YAML decode and validation from the body's NFC check.
// Parse also sets up its parser (schemas, key tables) on every call, which
// Load does once per build.
func BenchmarkParse(b *testing.B) {
	cfg := benchConfig(b)
	page := benchPage(b)
	front, _, _, _, err := content.SplitFrontMatter(page)
	if err != nil {
		b.Fatal(err)
	}
	frontOnly := append([]byte("---\n"), front...)
	frontOnly = append(frontOnly, "---\n"...)
	for _, in := range []struct {
		name string
		data []byte
	}{{"page", page}, {"front", frontOnly}} {
		b.Run(in.name, func(b *testing.B) {
			b.SetBytes(int64(len(in.data)))
			b.ReportAllocs()
			for b.Loop() {
				p, err := content.Parse(benchPagePath, in.data, cfg)
				if err != nil {
					b.Fatal(err)
				}
				if p.Title == "" {
					b.Fatal("no title")
				}
			}
		})
	}
}
