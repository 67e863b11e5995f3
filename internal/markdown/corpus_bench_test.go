package markdown_test

import (
	"os"
	"path"
	"strings"
	"testing"

	"github.com/congbo/congbo/internal/content"
	"github.com/congbo/congbo/internal/markdown"
)

// benchCorpusBody returns the Markdown body of the press release of the
// shared corpus in bench/testdata (8 KB: headings, an image with its
// caption, a bullet list, bold text, links to other pages).
func benchCorpusBody(b *testing.B) []byte {
	b.Helper()
	data, err := os.ReadFile("../../bench/testdata/tcbc-000424.md")
	if err != nil {
		b.Fatal(err)
	}
	_, _, body, _, err := content.SplitFrontMatter(data)
	if err != nil {
		b.Fatal(err)
	}
	return body
}

// benchResolve stands in for the site graph of the corpus (site.Graph.Resolver):
// "../thong-bao/tb-000966.md" from /thong-cao-bao-chi/tcbc-000424/ →
// "/thong-bao/tb-000966/"; other destinations are root-relative already.
func benchResolve(dest string) (string, error) {
	p, frag, _ := strings.Cut(dest, "#")
	if !strings.HasSuffix(p, ".md") {
		return dest, nil
	}
	u := path.Join("/thong-cao-bao-chi", strings.TrimSuffix(p, ".md")) + "/"
	if frag != "" {
		u += "#" + frag
	}
	return u, nil
}

// BenchmarkRenderCorpus renders the body of a corpus press release, the
// Markdown of a bench/run build. BenchmarkRender, in markdown_test.go,
// renders the hand-written golden page.
func BenchmarkRenderCorpus(b *testing.B) {
	body := benchCorpusBody(b)
	r := markdown.New(markdown.Options{})
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		res, err := r.Render(body, benchResolve)
		if err != nil {
			b.Fatal(err)
		}
		if len(res.Problems) > 0 {
			b.Fatal(res.Problems[0])
		}
	}
}

// BenchmarkCheckCorpus is BenchmarkRenderCorpus without writing HTML, as
// `congbo check` renders every page.
func BenchmarkCheckCorpus(b *testing.B) {
	body := benchCorpusBody(b)
	r := markdown.New(markdown.Options{})
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		res, err := r.Check(body, benchResolve)
		if err != nil {
			b.Fatal(err)
		}
		if len(res.Problems) > 0 {
			b.Fatal(res.Problems[0])
		}
	}
}
