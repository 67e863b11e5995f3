package minhtml_test

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/congbo/congbo/internal/build"
	"github.com/congbo/congbo/internal/minhtml"
	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/html"
	"github.com/tdewolff/minify/v2/js"
	"github.com/tdewolff/minify/v2/json"
	"github.com/tdewolff/parse/v2/buffer"
	"regexp"
)

// reference returns the minifier congbo's publish package uses for HTML
// (the same options and sub-minifiers), the oracle minhtml must equal.
func reference() *minify.M {
	m := minify.New()
	m.Add("text/html", &html.Minifier{KeepDocumentTags: true, KeepEndTags: true, KeepQuotes: true})
	m.AddRegexp(regexp.MustCompile(`^(application|text)/(x-)?(java|ecma)script$`), &js.Minifier{})
	m.AddRegexp(regexp.MustCompile(`[/+]json$`), &json.Minifier{})
	return m
}

// compare minifies src both ways and fails when minhtml accepts src and
// writes other bytes than the minifier. It returns whether minhtml
// accepted src.
func compare(t *testing.T, m *minify.M, z *minhtml.Minifier, src []byte) bool {
	t.Helper()
	orig := bytes.Clone(src)
	got, ok := z.Append([]byte("prefix"), src)
	if !bytes.Equal(src, orig) {
		t.Fatalf("Append changed its input\nbefore: %q\nafter:  %q", orig, src)
	}
	if !bytes.HasPrefix(got, []byte("prefix")) {
		t.Fatalf("Append lost what dst held: %q", got)
	}
	if !ok {
		if len(got) != len("prefix") {
			t.Fatalf("Append declined but returned %q", got)
		}
		return false
	}
	out := buffer.NewWriter(nil)
	if err := m.Minify("text/html", out, buffer.NewReader(bytes.Clone(src))); err != nil {
		t.Fatalf("minhtml accepted what the minifier refuses (%v):\n%q", err, src)
	}
	if want := out.Bytes(); !bytes.Equal(got[len("prefix"):], want) {
		t.Fatalf("minhtml differs from the minifier\nsource: %q\nwant:   %q\ngot:    %q", src, want, got[len("prefix"):])
	}
	return true
}

var cases = []struct {
	name   string
	src    string
	accept bool // minhtml minifies it itself
}{
	{"document", "<!doctype html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n<title> Trang  chủ </title>\n</head>\n<body>\n<p>Xin chào</p>\n</body>\n</html>\n", true},
	{"uppercase doctype", "<!DOCTYPE html><p>a</p>", true},
	{"spaces around block tags", "<div>\n  <p>  một   hai  </p>\n  <p>\tba\n</p>\n</div>", true},
	{"spaces around inline tags", "<p>một <a href=\"/a\">hai</a> ba <em> bốn </em> năm</p>", true},
	{"space before inline end then block", "<p>một <b>hai </b></p><p>ba <span>bốn </span> <i>x</i></p>", true},
	{"trailing space at the end", "<p>a</p> văn bản cuối  \n", true},
	{"leading whitespace text", "   \n  <p>a</p>", true},
	{"tabs, form feeds and carriage returns", "<span>a\t\tb\fc \r d\t</span> <span>\r</span>", true},
	{"newline kept as newline", "<span>a\n\n b</span><span>c\r\nd</span>", true},
	{"entities in text", "<p>&quot;trích&quot; &amp; &#39;nháy&#39; &#43; &lt;b&gt; &amp;amp; &nbsp; &copy; &#x41; &#8364; &bogus;</p>", true},
	{"html/template escapes", "<p>Tom &amp; Jerry &#34;x&#34; &#39;y&#39; &lt;z&gt;</p>", true},
	{"empty phrasing tag keeps its space", "<p><i class=\"icon\"></i> chữ <span></span> x</p>", true},
	{"pre keeps text", "<pre><code>  a  &amp;\n\n  b  </code></pre><p> c </p>", true},
	{"attributes", "<a href=\"/x?a=1&amp;b=2\" title=\" Tiêu đề  \" class=\"  a   b \" id=\"\" aria-label=\"Đường dẫn\">x</a>", true},
	{"attribute quotes", "<a title='x'>y</a>", false},
	{"double quote in value", "<img alt=\"a &#34;b&#34; c\" src=\"/a.jpg\">", true},
	{"single quotes in value", "<img alt=\"it's &#39;x&#39;\" src=\"/a.jpg\">", true},
	{"both quotes in value", "<img alt=\"&#34;a&#34; &#39;b&#39; &#39;c&#39;\" src=\"/a.jpg\">", true},
	{"empty and boolean attributes", "<img alt=\"\" src=\"/a.png\"><input id=\"q\" name=\"q\" type=\"search\" required hidden=\"\"><script src=\"/s.js\" defer></script>", true},
	{"default values", "<form method=\"get\" action=\"/tim-kiem/\"><input type=\"text\" value=\"\"><button type=\"submit\">Tìm</button></form><link rel=\"stylesheet\" type=\"text/css\" href=\"/a.css\"><td colspan=\"1\" rowspan=\"one\">x</td>", true},
	{"radio input", "<input type=\"radio\" value=\"on\"><input type=\"radio\" value=\"off\">", true},
	{"a with equal id and name", "<a id=\"x\" name=\"x\" href=\"#x\">x</a><a id=\"x\" name=\"y\">y</a>", true},
	{"url schemes", "<a href=\"HTTPS://Example.VN/A\">a</a><a href=\" Http://x.vn \">b</a><img src=\"https:x\">", true},
	{"data url", "<img src=\"data:image/png;base64,AAAA\" alt=\"\">", false},
	{"meta viewport and keywords", "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1.0\"><meta name=\" keywords \" content=\"a, b, c\"><meta property=\"og:title\" content=\"Tiêu đề &amp; x\">", true},
	{"meta http-equiv", "<meta http-equiv=\"content-type\" content=\"text/html; charset=utf-8\">", false},
	{"script src with charset", "<script src=\"/a.js\" charset=\"utf-8\"></script>", true},
	{"json-ld", "<script type=\"application/ld+json\">{\n  \"@context\": \"https://schema.org\",\n  \"name\": \"Thông cáo \\u003cb\\u003e\"\n}</script><p>x</p>", true},
	{"script type javascript", "<script type=\"text/javascript\" src=\"/a.js\"></script>", true},
	{"inline script", "<script>var a = 1;</script>", false},
	{"script with a tag inside", "<script type=\"application/ld+json\">{\"a\":\"</b>\"}</script>", false},
	{"title with markup", "<title>a <b> c</title>", false},
	{"comment", "<p>a<!-- x --></p>", false},
	{"style tag", "<style>p{color:red}</style>", false},
	{"style attribute", "<p style=\"color: red\">a</p>", false},
	{"event attribute", "<p onclick=\"x()\">a</p>", false},
	{"svg", "<svg viewBox=\"0 0 1 1\"><path d=\"M0 0\"/></svg>", false},
	{"select", "<select><option>a</option></select>", false},
	{"uppercase tag", "<P>a</P>", false},
	{"unknown tag", "<my-widget>a</my-widget>", false},
	{"self-closing tag", "<br/>", false},
	{"unquoted attribute", "<a href=/x>x</a>", false},
	{"stray less-than", "<p>a < b</p>", false},
	{"unterminated tag", "<p class=\"a\"", false},
	{"nul byte", "<p>a\x00b</p>", false},
	{"table", "<table>\n<thead>\n<tr>\n<th>A</th>\n<th align=\"right\">B</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>1</td>\n<td>2 </td>\n</tr>\n</tbody>\n</table>", true},
	{"lists", "<ul>\n<li><a href=\"/a/\">A</a> <time datetime=\"2024-05-01\">01/05/2024</time></li>\n<li>B\n<ol>\n<li>c</li>\n</ol>\n</li>\n</ul>", true},
	{"br and hr", "<p>một<br>\nhai <br> ba</p>\n<hr>\n<p>x</p>", true},
	{"object tags", "<p>a <img src=\"/a.png\" alt=\"a\"> b <button>c</button> d <input name=\"x\"> e</p>", true},
	{"label and nav", "<nav aria-label=\"x\"><ol><li><a href=\"/\">Trang chủ</a></li> <li><span aria-current=\"page\">Tin</span></li></ol></nav>", true},
	{"attribute whitespace", "<a\n  href=\"/x\"\n  class=\"y\"  >z</a>", true},
	{"uppercase attribute", "<a HREF=\"/x\">x</a>", false},
	{"attributes run together", "<a href=\"/x\"class=\"y\">x</a>", false},
	{"space around equals", "<a href = \"/x\">x</a>", false},
}

func TestCases(t *testing.T) {
	m := reference()
	z := minhtml.New(m)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := compare(t, m, z, []byte(c.src)); got != c.accept {
				t.Errorf("accepted = %v, want %v", got, c.accept)
			}
		})
	}
}

// TestLookahead checks the minifier's limit of 100 tokens when it looks
// for a block tag after text that ends in a space.
func TestLookahead(t *testing.T) {
	m := reference()
	z := minhtml.New(m)
	for n := 40; n <= 60; n++ {
		var b strings.Builder
		b.WriteString("<p>chữ ")
		for range n {
			b.WriteString("</b> ") // an inline end tag and white space: two tokens each
		}
		b.WriteString("</p><p>x</p>")
		if !compare(t, m, z, []byte(b.String())) {
			t.Fatalf("declined %d inline end tags", n)
		}
	}
}

// TestSamplePortal compares the two on every page of the sample portal,
// built without minification.
func TestSamplePortal(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the sample portal")
	}
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := build.Run(build.Options{Source: "../..", Destination: dest, NoMinify: true}); err != nil {
		t.Fatal(err)
	}
	m := reference()
	z := minhtml.New(m)
	pages, accepted := 0, 0
	err := filepath.WalkDir(dest, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".html") {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		pages++
		if compare(t, m, z, src) {
			accepted++
		} else if !strings.HasSuffix(path, "tim-kiem/index.html") {
			t.Errorf("%s: declined; only the search page (a <select>) should be", path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if pages < 40 {
		t.Fatalf("only %d pages built", pages)
	}
	t.Logf("%d pages, %d minified by minhtml", pages, accepted)
}

func FuzzAppend(f *testing.F) {
	for _, c := range cases {
		f.Add([]byte(c.src))
	}
	m := reference()
	z := minhtml.New(m)
	f.Fuzz(func(t *testing.T, src []byte) {
		compare(t, m, z, src)
	})
}

// Pages of the shared corpus as congbo builds them with the default
// theme, not minified (bench/testdata/README.md): a press release and a
// section's second page of 20 items.
var benchPages = []string{"../../bench/testdata/tcbc-000424.html", "../../bench/testdata/thong-cao-bao-chi-page-2.html"}

func TestBenchPages(t *testing.T) {
	m := reference()
	z := minhtml.New(m)
	for _, name := range benchPages {
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if !compare(t, m, z, src) {
			t.Errorf("%s: declined", name)
		}
	}
}

// benchPagesEach runs bench as a sub-benchmark for each of benchPages.
func benchPagesEach(b *testing.B, bench func(b *testing.B, src []byte)) {
	for _, name := range benchPages {
		src, err := os.ReadFile(name)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(filepath.Base(name), func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			bench(b, src)
		})
	}
}

func BenchmarkAppend(b *testing.B) {
	z := minhtml.New(reference())
	benchPagesEach(b, func(b *testing.B, src []byte) {
		var out []byte
		for b.Loop() {
			out, _ = z.Append(out[:0], src)
		}
	})
}

// BenchmarkMinifier is what BenchmarkAppend replaces.
func BenchmarkMinifier(b *testing.B) {
	m := reference()
	benchPagesEach(b, func(b *testing.B, src []byte) {
		out := buffer.NewWriter(nil)
		in := make([]byte, len(src))
		for b.Loop() {
			copy(in, src) // the minifier rewrites its input
			out.Reset()
			if err := m.Minify("text/html", out, buffer.NewReader(in)); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// TestMinifierVersion makes a tdewolff/minify upgrade deliberate: minhtml
// follows the HTML minifier of the version below step for step. After
// an upgrade, read the changes to its html/html.go, html/buffer.go and
// html/table.go and parse/v2's html lexer, update minhtml and tables.go,
// then this version.
func TestMinifierVersion(t *testing.T) {
	followed := map[string]string{
		"github.com/tdewolff/minify/v2": "v2.25.0",
		"github.com/tdewolff/parse/v2":  "v2.25.0",
	}
	mod, err := os.ReadFile("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	found := 0
	for _, line := range strings.Split(string(mod), "\n") {
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		if want, ok := followed[f[0]]; ok {
			found++
			if f[1] != want {
				t.Errorf("go.mod requires %s %s; minhtml follows %s (see this test's comment)", f[0], f[1], want)
			}
		}
	}
	if found != len(followed) {
		t.Errorf("go.mod requires %d of the modules minhtml follows, want %d", found, len(followed))
	}
}
