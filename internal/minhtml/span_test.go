package minhtml_test

import (
	"bytes"
	"math/rand/v2"
	"os"
	"regexp"
	"testing"

	"github.com/congbo/congbo/internal/minhtml"
)

// partsOf returns the spans of src that match re and that Part accepts,
// each with its Min.
func partsOf(t testing.TB, z *minhtml.Minifier, src []byte, re *regexp.Regexp) []minhtml.Span {
	var spans []minhtml.Span
	for _, loc := range re.FindAllIndex(src, -1) {
		min, ok := z.Part(nil, src[loc[0]:loc[1]])
		if ok {
			spans = append(spans, minhtml.Span{Start: loc[0], End: loc[1], Min: min})
		}
	}
	return spans
}

// benchParts finds the parts of the corpus pages a build makes spans: the
// list items and the site's header and footer.
var benchParts = regexp.MustCompile(`(?s)<li class="item">.*?</li>|<header class="site-header">.*?</header>|<div class="wrap footer-grid">.*?</nav>\n</div>`)

// The list items, header and footer of the corpus pages are parts; the
// page minified with them as spans is the page minified whole.
func TestAppendSpansBenchPages(t *testing.T) {
	z := minhtml.New(reference())
	for _, name := range benchPages {
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		spans := partsOf(t, z, src, benchParts)
		if len(spans) < 2 {
			t.Fatalf("%s: %d parts, want the header and footer at least", name, len(spans))
		}
		want, ok := z.Append(nil, src)
		if !ok {
			t.Fatalf("%s: declined", name)
		}
		got, ok := z.AppendSpans([]byte("prefix"), src, spans)
		if !ok || !bytes.Equal(got, append([]byte("prefix"), want...)) {
			t.Fatalf("%s: with %d spans (ok %v):\n%s\nwant:\n%s", name, len(spans), ok, got, want)
		}
		// The spans' Min are what is written: marked ones show.
		for i := range spans {
			spans[i].Min = []byte("<p>span</p>")
		}
		got, _ = z.AppendSpans(nil, src, spans)
		if n := bytes.Count(got, []byte("<p>span</p>")); n != len(spans) {
			t.Fatalf("%s: %d of %d spans copied", name, n, len(spans))
		}
	}
}

func TestPart(t *testing.T) {
	z := minhtml.New(reference())
	for _, c := range []struct {
		part string
		want string // "" when it cannot be a span
	}{
		{"<li class=\"item\">\n<a href=\"/a/\">A  b</a>\n</li>", `<li class="item"><a href="/a/">A b</a></li>`},
		{"<div>\n<p> x </p>\n</div>", "<div><p>x</p></div>"},
		{"<pre>\n a  b\n</pre>", "<pre>\n a  b\n</pre>"},
		{"<div><pre>a</div>", ""},     // ends inside <pre>
		{"<a href=\"/\">x</a>", ""},   // an inline start tag
		{"<div>x</div> ", ""},         // not ending with an end tag
		{"<div>x</span>", ""},         // an inline end tag last
		{"text", ""},                  // no tags
		{"<div><!-- c --></div>", ""}, // outside the subset
		{"<button>x</button>", ""},    // an object tag: keeps the space after it
		{"<p>x</p><p>y</p>", "<p>x</p><p>y</p>"},
	} {
		got, ok := z.Part([]byte("prefix"), []byte(c.part))
		if c.want == "" {
			if ok || string(got) != "prefix" {
				t.Errorf("Part(%q) = %q, %v; want no span", c.part, got, ok)
			}
			continue
		}
		if !ok || string(got) != "prefix"+c.want {
			t.Errorf("Part(%q) = %q, %v; want %q", c.part, got, ok, c.want)
		}
	}
}

// A span between texts: the space before it goes (a block tag follows),
// the text after it starts without one.
func TestAppendSpansBetweenText(t *testing.T) {
	z := minhtml.New(reference())
	for _, c := range []struct{ src, part string }{
		{"<div>a <p> x </p> b</div>", "<p> x </p>"},
		{"<div><span>a </span>\n<p>x</p>\n<i>b</i></div>", "<p>x</p>"},
		{"<p>a <b>c</b> </p><ul>\n<li>x</li>\n</ul> d", "<li>x</li>"},
		{"<pre>a</pre> <div>x</div> b", "<div>x</div>"},
	} {
		src := []byte(c.src)
		min, ok := z.Part(nil, []byte(c.part))
		if !ok {
			t.Fatalf("Part(%q) declined", c.part)
		}
		at := bytes.Index(src, []byte(c.part))
		want, _ := z.Append(nil, src)
		got, ok := z.AppendSpans(nil, src, []minhtml.Span{{Start: at, End: at + len(c.part), Min: min}})
		if !ok || !bytes.Equal(got, want) {
			t.Errorf("%q with span %q: got %q, want %q", c.src, c.part, got, want)
		}
	}
}

// Spans that do not fit are left out, with the same result.
func TestAppendSpansMisfit(t *testing.T) {
	z := minhtml.New(reference())
	src := []byte("<div>\n<pre>\n<p> a </p>\n</pre>\n<p> b  c </p>\n<script src=\"/x.js\"></script>\n</div>")
	want, ok := z.Append(nil, src)
	if !ok {
		t.Fatal("declined")
	}
	at := func(s string) int { return bytes.Index(src, []byte(s)) }
	span := func(s string) minhtml.Span {
		min, ok := z.Part(nil, []byte(s))
		if !ok {
			t.Fatalf("Part(%q) declined", s)
		}
		return minhtml.Span{Start: at(s), End: at(s) + len(s), Min: min}
	}
	for name, spans := range map[string][]minhtml.Span{
		"inside pre":      {span("<p> a </p>")},
		"not at a tag":    {{Start: at("<p> b") + 1, End: at("<p> b") + 3, Min: []byte("<p>")}},
		"past the end":    {{Start: at("<p> b"), End: len(src) + 1, Min: []byte("x")}},
		"overlapping":     {span("<p> b  c </p>"), span("<p> b  c </p>")},
		"out of order":    {span("<p> b  c </p>"), span("<p> a </p>")},
		"fits, after pre": {span("<p> b  c </p>")},
		"empty":           {{Start: at("<p> b"), End: at("<p> b"), Min: []byte("x")}},
	} {
		got, ok := z.AppendSpans(nil, src, spans)
		if !ok || !bytes.Equal(got, want) {
			t.Errorf("%s: got %q, %v; want %q", name, got, ok, want)
		}
	}
}

// FuzzAppendSpans checks that any part Part accepts, as a span where it
// is in the document, changes nothing in what Append writes.
func FuzzAppendSpans(f *testing.F) {
	for _, c := range cases {
		f.Add([]byte(c.src), uint16(0), uint16(len(c.src)))
		f.Add([]byte(c.src), uint16(len(c.src)/3), uint16(len(c.src)*2/3))
	}
	z := minhtml.New(reference())
	f.Fuzz(func(t *testing.T, src []byte, a, b uint16) {
		fuzzSpan(t, z, src, int(a), int(b))
	})
}

// fuzzSpan checks one span src[a:b] (moved to the nearest tags).
func fuzzSpan(t *testing.T, z *minhtml.Minifier, src []byte, a, b int) {
	if len(src) == 0 {
		return
	}
	a, b = a%len(src), b%(len(src)+1)
	if i := bytes.IndexByte(src[a:], '<'); i >= 0 {
		a += i
	}
	if j := bytes.LastIndexByte(src[:b], '>'); j >= 0 {
		b = j + 1
	}
	if b <= a {
		return
	}
	want, ok := z.Append(nil, src)
	if !ok {
		return
	}
	min, ok := z.Part(nil, src[a:b])
	if !ok {
		return
	}
	got, ok := z.AppendSpans(nil, src, []minhtml.Span{{Start: a, End: b, Min: min}})
	if !ok || !bytes.Equal(got, want) {
		t.Fatalf("span %d:%d %q of %q:\ngot  %q (%v)\nwant %q", a, b, src[a:b], src, got, ok, want)
	}
}

// Random spans of the corpus pages and the cases.
func TestAppendSpansRandom(t *testing.T) {
	z := minhtml.New(reference())
	var docs [][]byte
	for _, name := range benchPages {
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, src)
	}
	for _, c := range cases {
		docs = append(docs, []byte(c.src))
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		src := docs[r.IntN(len(docs))]
		fuzzSpan(t, z, src, r.IntN(len(src)+1), r.IntN(len(src)+1))
	}
}

// BenchmarkAppendSpans is BenchmarkAppend with the corpus pages' list
// items, header and footer as spans, as a build writes them.
func BenchmarkAppendSpans(b *testing.B) {
	z := minhtml.New(reference())
	benchPagesEach(b, func(b *testing.B, src []byte) {
		spans := partsOf(b, z, src, benchParts)
		var out []byte
		for b.Loop() {
			out, _ = z.AppendSpans(out[:0], src, spans)
		}
	})
}
