package markdown

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// testResolve stands in for the site graph: "a/b/tb-1.md#x" → "/thong-bao/tb-1/#x";
// files whose name starts with "missing" do not exist. Other relative
// destinations are resolved against the page URL "/trang/".
func testResolve(dest string) (string, error) {
	p, frag, _ := strings.Cut(dest, "#")
	if !strings.HasSuffix(p, ".md") {
		return "/trang/" + dest, nil
	}
	base := strings.TrimSuffix(path.Base(p), ".md")
	if strings.HasPrefix(base, "missing") {
		return "", fmt.Errorf("no page content/thong-bao/%s.md", base)
	}
	url := "/thong-bao/" + base + "/"
	if frag != "" {
		url += "#" + frag
	}
	return url, nil
}

// TestGolden renders each testdata/golden/NAME.md and compares with NAME.html
// and, when the page has problems, NAME.problems ("line:col: message" lines).
// Names ending in -unsafe render with Options.Unsafe. Run with -update to
// rewrite the expected files after checking the differences.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/golden/*.md")
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden inputs: %v", err)
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".md")
		t.Run(name, func(t *testing.T) {
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			r := New(Options{Unsafe: strings.HasSuffix(name, "-unsafe")})
			res, err := r.Render(src, testResolve)
			if err != nil {
				t.Fatalf("Render: %v", err)
			}
			var problems strings.Builder
			for _, p := range res.Problems {
				fmt.Fprintf(&problems, "%s\n", p.Error())
			}
			compareGolden(t, strings.TrimSuffix(file, ".md")+".html", res.HTML)
			compareGolden(t, strings.TrimSuffix(file, ".md")+".problems", []byte(problems.String()))
		})
	}
}

// compareGolden compares got with the file want, an absent file meaning
// empty, and rewrites it under -update.
func compareGolden(t *testing.T, want string, got []byte) {
	t.Helper()
	if *update {
		if len(got) == 0 {
			if err := os.Remove(want); err != nil && !errors.Is(err, os.ErrNotExist) {
				t.Fatal(err)
			}
			return
		}
		if err := os.WriteFile(want, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	w, err := os.ReadFile(want)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		t.Fatal(err)
	}
	if !bytes.Equal(got, w) {
		t.Errorf("%s differs (run go test -update and review the diff)\ngot:\n%s\nwant:\n%s", want, got, w)
	}
}

func render(t *testing.T, opts Options, src string) *Result {
	t.Helper()
	res, err := New(opts).Render([]byte(src), testResolve)
	if err != nil {
		t.Fatalf("Render(%q): %v", src, err)
	}
	return res
}

func TestHeadings(t *testing.T) {
	src := "# Thừa Thiên Huế\n\n## Thừa Thiên Huế\n\n## Đà Nẵng {#dn}\n\n## dn\n\n## ***\n\n## !!!\n\n### `mã` &amp; *nghiêng*\n"
	got := render(t, Options{}, src).Headings
	want := []Heading{
		{1, "thua-thien-hue", "Thừa Thiên Huế", 1},
		{2, "thua-thien-hue-1", "Thừa Thiên Huế", 3},
		{2, "dn", "Đà Nẵng", 5},
		{2, "dn-1", "dn", 7},
		{2, "muc", "***", 9},
		{2, "muc-1", "!!!", 11},
		{3, "ma-nghieng", "mã & nghiêng", 13},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("Headings:\ngot  %v\nwant %v", got, want)
	}
}

func TestIDSetUnique(t *testing.T) {
	ids := newIDSet()
	var got []string
	for _, base := range []string{"a", "a", "a-1", "a", "b"} {
		got = append(got, ids.unique(base))
	}
	want := []string{"a", "a-1", "a-1-1", "a-2", "b"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestLinkProblemPositions(t *testing.T) {
	tests := []struct {
		name, src string
		want      []Problem
	}{
		{"first column", "[a](missing.md)", []Problem{{Line: 1, Col: 1, Msg: `link to "missing.md": no page content/thong-bao/missing.md`}}},
		{"after Vietnamese text", "Xin chào Đà Nẵng [a](missing.md)", []Problem{{Line: 1, Col: 18, Msg: ""}}},
		{"second line", "một\nhai [a](missing.md)", []Problem{{Line: 2, Col: 5, Msg: ""}}},
		{"emphasis inside", "x [**đậm** chữ](missing.md)", []Problem{{Line: 1, Col: 3, Msg: ""}}},
		{"image inside", "x [![ảnh](a.png)](missing.md)", []Problem{{Line: 1, Col: 3, Msg: ""}}},
		{"empty text", "x [](missing.md) y [](missing-2.md)", []Problem{{Line: 1, Col: 3, Msg: ""}, {Line: 1, Col: 20, Msg: ""}}},
		{"code inside", "x [`a.md`](missing.md)", []Problem{{Line: 1, Col: 3, Msg: ""}}},
		{"two on a line", "[a](missing.md) và [b](missing-b.md)", []Problem{{Line: 1, Col: 1, Msg: ""}, {Line: 1, Col: 20, Msg: ""}}},
		{"in a list", "- một\n- hai\n  [a](missing.md)", []Problem{{Line: 3, Col: 3, Msg: ""}}},
		{"in a quote", "> trích\n> dẫn [a](missing.md)", []Problem{{Line: 2, Col: 7, Msg: ""}}},
		{"in a heading", "# Tiêu đề [a](missing.md)", []Problem{{Line: 1, Col: 11, Msg: ""}}},
		{"in a table", "| a | b |\n|---|---|\n| x | [y](missing.md) |", []Problem{{Line: 3, Col: 7, Msg: ""}}},
		{"reference", "Xem [vb][r].\n\n[r]: missing.md", []Problem{{Line: 1, Col: 5, Msg: ""}}},
		{"escaped bracket before", `\[ [a](missing.md)`, []Problem{{Line: 1, Col: 4, Msg: ""}}},
		{"dangerous", "ô [a](javascript:x)", []Problem{{Line: 1, Col: 3, Msg: `link to a "javascript:" URL removed: javascript: links are not allowed`}}},
		{"dangerous image", "ô ![a](data:x)", []Problem{{Line: 1, Col: 3, Msg: `image with a "data:" URL removed: data: sources are not allowed`}}},
		{"dangerous autolink", "ô <javascript:x>", []Problem{{Line: 1, Col: 3, Msg: ""}}},
		{"resolved link", "[a](tb-1.md)", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := render(t, Options{}, tt.src).Problems
			if len(got) != len(tt.want) {
				t.Fatalf("got %d problems %v, want %d", len(got), got, len(tt.want))
			}
			for i, w := range tt.want {
				g := got[i]
				if g.Line != w.Line || g.Col != w.Col || (w.Msg != "" && g.Msg != w.Msg) {
					t.Errorf("problem %d: got %d:%d %q, want %d:%d %q", i, g.Line, g.Col, g.Msg, w.Line, w.Col, w.Msg)
				}
			}
		})
	}
}

func TestResolveNil(t *testing.T) {
	res, err := New(Options{}).Render([]byte("[a](b.md)"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(res.HTML), "<p>a</p>\n"; got != want {
		t.Errorf("HTML = %q, want %q", got, want)
	}
	if len(res.Problems) != 1 || !strings.Contains(res.Problems[0].Msg, "cannot be resolved") {
		t.Errorf("Problems = %v", res.Problems)
	}
}

func TestResolverURLIsNotReinterpreted(t *testing.T) {
	res, err := New(Options{}).Render([]byte("[a](b.md)"), func(string) (string, error) {
		return `/a\b/?x=1&amp;y=&#65;`, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(res.HTML), `<p><a href="/a%5Cb/?x=1&amp;amp;y=&amp;#65;">a</a></p>`+"\n"; got != want {
		t.Errorf("HTML = %s, want %s", got, want)
	}
}

func TestDangerousScheme(t *testing.T) {
	tests := []struct{ url, want string }{
		{"javascript:alert(1)", "javascript"},
		{"JaVaScRiPt:alert(1)", "javascript"},
		{"java\tscript:alert(1)", "javascript"},
		{"java\nscript:x", "javascript"},
		{" \x00javascript:x", "javascript"},
		{"vbscript:x", "vbscript"},
		{"data:text/html,x", "data"},
		{"DATA:image/png;base64,x", "data"},
		{"file:///etc/passwd", "file"},
		{"https://chinhphu.vn", ""},
		{"mailto:a@b.vn", ""},
		{"/javascript:x", ""},
		{"./file:x", ""},
		{"?data:x", ""},
		{"#javascript:x", ""},
		{"javascript-huong-dan.md", ""},
		{"averyveryverylongschemename:x", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := dangerousScheme([]byte(tt.url)); got != tt.want {
			t.Errorf("dangerousScheme(%q) = %q, want %q", tt.url, got, tt.want)
		}
	}
}

// TestDangerousNeverRendered checks the output, not the helper: no href or
// src at all may come out of these, and the text stays.
func TestDangerousNeverRendered(t *testing.T) {
	for _, src := range []string{
		"[chữ](javascript:alert(1))",
		"[chữ](JaVaScRiPt:alert(1))",
		"[chữ](<java\tscript:alert(1)>)",
		"[chữ](jav&#x09;ascript:alert(1))",
		"[chữ](&#106;avascript:alert(1))",
		"[chữ](&#X6A;avascript:alert(1))",
		"[chữ](java&Tab;script:alert(1))",
		"[chữ](vbscript:msgbox(1))",
		"[chữ](data:text/html;base64,PHNjcmlwdD4=)",
		"[chữ](file:///etc/passwd)",
		"[chữ][r]\n\n[r]: javascript:alert(1)",
		"<javascript:alert(1)>",
		"![chữ](javascript:alert(1))",
		"![chữ](data:image/svg+xml,x \"tiêu đề\")",
	} {
		for _, unsafe := range []bool{false, true} {
			got := string(render(t, Options{Unsafe: unsafe}, src).HTML)
			if strings.Contains(got, "href") || strings.Contains(got, "src") || strings.Contains(got, "<figure") {
				t.Errorf("Render(%q, unsafe=%v) = %q: a blocked URL was written", src, unsafe, got)
			}
			if !strings.Contains(got, "chữ") && !strings.Contains(got, "javascript:alert(1)") {
				t.Errorf("Render(%q) = %q: the text was lost", src, got)
			}
		}
	}
}

func TestRawHTML(t *testing.T) {
	src := "<div>\n<script>alert(1)</script>\n</div>\n\nChữ <b onclick=\"x\">đậm</b> <!-- c -->\n"
	got := string(render(t, Options{}, src).HTML)
	if want := "<p>Chữ đậm </p>\n"; got != want {
		t.Errorf("safe: got %q, want %q", got, want)
	}
	got = string(render(t, Options{Unsafe: true}, src).HTML)
	if !strings.Contains(got, "<script>alert(1)</script>") || !strings.Contains(got, `<b onclick="x">`) {
		t.Errorf("unsafe: got %q, want the raw HTML", got)
	}
}

func TestSummary(t *testing.T) {
	long := strings.Repeat("Bộ Khoa học và Công nghệ thông báo ", 10)
	tests := []struct{ name, src, want string }{
		{"plain", "Xin chào.", "Xin chào."},
		{"markup removed", "# Tiêu đề\n\n**Đậm** và [liên kết](https://a.vn) &amp; `mã` &quot;x&quot;\ncòn tiếp\\*", `Đậm và liên kết & mã "x" còn tiếp*`},
		{"two paragraphs", "Một.\n\n- mục\n\nHai.", "Một. Hai."},
		{"no raw html or images", "Chữ <b>đậm</b> ![ảnh](a.png) hết.", "Chữ đậm hết."},
		{"spaces collapsed", "a   b\n  c", "a b c"},
		{"cut at a word", long, "Bộ Khoa học và Công nghệ thông báo Bộ Khoa học và Công nghệ thông báo Bộ Khoa học và Công nghệ thông báo Bộ Khoa học và Công nghệ thông báo Bộ Khoa học và Công…"},
		{"empty", "# Chỉ có tiêu đề", ""},
		{"hugo's divider", "Tóm tắt.\n\n<!--more-->\n\nPhần còn lại.", "Tóm tắt."},
		{"divider in text is text", "Tóm tắt <!--more--> tiếp.\n\nHai.", "Tóm tắt tiếp. Hai."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := render(t, Options{}, tt.src).Summary
			if got != tt.want {
				t.Errorf("Summary = %q, want %q", got, tt.want)
			}
			if n := len([]rune(got)); n > SummaryLength {
				t.Errorf("Summary has %d runes, more than %d", n, SummaryLength)
			}
		})
	}
}

func TestTruncate(t *testing.T) {
	tests := []struct {
		s    string
		n    int
		want string
	}{
		{"ngắn", 10, "ngắn"},
		{"đúng mười!", 10, "đúng mười!"},
		{"một hai ba bốn năm", 10, "một hai…"},
		{"một, hai ba", 7, "một…"},
		{"Nghịđịnhdàiquá", 6, "Nghịđ…"},
	}
	for _, tt := range tests {
		if got := truncate(tt.s, tt.n); got != tt.want {
			t.Errorf("truncate(%q, %d) = %q, want %q", tt.s, tt.n, got, tt.want)
		}
	}
}

func TestDecodeText(t *testing.T) {
	tests := []struct{ in, want string }{
		{`a \* b \a`, `a * b \a`},
		{"&amp;&lt;&#7843;&#x1EA3;&#X1ea3;", "&<ảảả"},
		{"&nosuch; & &#; &#xZZ; &#99999999;", "&nosuch; & &#; &#xZZ; &#99999999;"},
		{"&#0;\x00", "\uFFFD\uFFFD"},
		{`\&amp;`, "&amp;"},
	}
	for _, tt := range tests {
		var b strings.Builder
		decodeText(&b, []byte(tt.in))
		if got := b.String(); got != tt.want {
			t.Errorf("decodeText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestIsMarkdownLink(t *testing.T) {
	tests := []struct {
		dest string
		want bool
	}{
		{"tb-000050.md", true},
		{"../thong-bao/tb-000050.md#muc-2", true},
		{"/thong-bao/a.md", true},
		{"a.MD?x=1", true},
		{"https://example.com/a.md", false},
		{"//example.com/a.md", false},
		{"mailto:a.md", false},
		{"a.md.pdf", false},
		{".md", false},
		{"#a.md", false},
	}
	for _, tt := range tests {
		if got := IsMarkdownLink(tt.dest); got != tt.want {
			t.Errorf("IsMarkdownLink(%q) = %v, want %v", tt.dest, got, tt.want)
		}
	}
}

func TestTimeout(t *testing.T) {
	src := []byte(strings.Repeat("Đoạn văn có **đậm** và [liên kết](https://a.vn).\n\n", 5000))
	var err error
	for range 20 { // the work may win the race on a loaded machine: see TestStillReading
		if _, err = New(Options{Timeout: time.Nanosecond}).Render(src, nil); err != nil {
			break
		}
	}
	var p *Problem
	if !errors.As(err, &p) || p.Line != 0 || p.Msg != "page took longer than 1ns to render (simplify its Markdown)" {
		t.Fatalf("err = %v, want the timeout problem", err)
	}
	if got := New(Options{}).timeout; got != DefaultTimeout {
		t.Errorf("default timeout = %v, want %v", got, DefaultTimeout)
	}
}

func TestConcurrentRender(t *testing.T) {
	src, err := os.ReadFile("testdata/golden/page.md")
	if err != nil {
		t.Fatal(err)
	}
	r := New(Options{})
	first, err := r.Render(src, testResolve)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 5 {
				res, err := r.Render(src, testResolve)
				if err != nil {
					t.Error(err)
					return
				}
				if !bytes.Equal(res.HTML, first.HTML) || fmt.Sprint(res.Headings) != fmt.Sprint(first.Headings) {
					t.Error("concurrent renders differ")
					return
				}
			}
		})
	}
	wg.Wait()
}

func BenchmarkRender(b *testing.B) {
	src, err := os.ReadFile("testdata/golden/page.md")
	if err != nil {
		b.Fatal(err)
	}
	r := New(Options{})
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := r.Render(src, testResolve); err != nil {
			b.Fatal(err)
		}
	}
}

func FuzzRender(f *testing.F) {
	files, _ := filepath.Glob("testdata/golden/*.md")
	for _, file := range files {
		src, err := os.ReadFile(file)
		if err == nil {
			f.Add(string(src))
		}
	}
	for _, s := range []string{"[a](b.md", "> > - [x](missing.md)", "![a](b \"c\")", "| a |\n|:-:|\n| [b](c.md) |", "<javascript:x>"} {
		f.Add(s)
	}
	r := New(Options{})
	f.Fuzz(func(t *testing.T, src string) {
		start := time.Now()
		defer func() {
			if d := time.Since(start); d > 3*time.Second {
				t.Errorf("Render took %v", d)
			}
		}()
		res, err := r.Render([]byte(src), func(dest string) (string, error) {
			if len(dest)%2 == 0 {
				return "", errors.New("no such page")
			}
			return "/p/" + dest, nil
		})
		if err != nil {
			var p *Problem
			if !errors.As(err, &p) {
				t.Fatalf("error of type %T: %v", err, err)
			}
			return
		}
		lines := strings.Count(src, "\n") + 1
		for _, p := range res.Problems {
			if p.Line < 1 || p.Line > lines || p.Col < 1 {
				t.Errorf("problem %v outside the source (%d lines)", p, lines)
			}
		}
		if len([]rune(res.Summary)) > SummaryLength {
			t.Errorf("summary too long: %q", res.Summary)
		}
	})
}

func TestStillReading(t *testing.T) {
	// A page that outlasts its time limit. The work may still win the
	// race on a loaded machine (guard's select takes either when both are
	// ready, and a finished page is kept), so try a few times.
	var timedOut error
	for range 20 {
		if _, timedOut = New(Options{Timeout: time.Nanosecond}).Render([]byte(strings.Repeat("Đoạn *một*.\n\n", 5000)), nil); timedOut != nil {
			break
		}
	}
	for _, tt := range []struct {
		name string
		err  error
		want bool
	}{
		{"timed out", timedOut, true},
		{"wrapped", fmt.Errorf("render: %w", timedOut), true},
		{"another problem", &Problem{Line: 1, Msg: "too deep"}, false},
		{"nil", nil, false},
	} {
		if got := StillReading(tt.err); got != tt.want {
			t.Errorf("%s: StillReading(%v) = %v, want %v", tt.name, tt.err, got, tt.want)
		}
	}
}

// TestRenderInto renders pages one after another into one array, as a
// build does, and checks each result against Render's.
func TestRenderInto(t *testing.T) {
	r := New(Options{})
	pages := []string{
		"# Thông báo\n\nMột đoạn **ngắn**.\n",
		strings.Repeat("Đoạn văn dài hơn, có [liên kết](https://example.gov.vn/) và `mã`.\n\n", 40),
		"",
		"- một\n- hai\n",
		strings.Repeat("| a | b |\n|---|---|\n| 1 | 2 |\n\n", 10),
	}
	var html []byte
	for _, src := range pages {
		want, err := r.Render([]byte(src), nil)
		if err != nil {
			t.Fatal(err)
		}
		got, err := r.RenderInto(html, []byte(src), nil)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.HTML, want.HTML) || got.Summary != want.Summary {
			t.Fatalf("RenderInto(%.20q) = %q, Render gives %q", src, got.HTML, want.HTML)
		}
		if len(got.HTML) > 0 && cap(html) >= len(got.HTML) && &got.HTML[0] != &html[:1][0] {
			t.Errorf("RenderInto(%.20q) did not write into the array it was given", src)
		}
		if cap(got.HTML) > cap(html) {
			html = got.HTML[:0] // the largest array yet, for the next page
		}
	}
}
