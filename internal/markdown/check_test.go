package markdown

import (
	"bytes"
	"errors"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// referenceRenderer is New with goldmark's own linkify extension, parser
// and text writer, and no skipping of plain text under Check: what Render
// and Check must match whatever the shortcuts.
func referenceRenderer(opts Options) *Renderer {
	r := New(opts)
	r.md = newGoldmark(opts.Unsafe, true)
	r.check = r.md
	return r
}

// sameAsReference fails t unless Render and Check give what the reference
// renderer's Render gives (Check without HTML and Summary).
func sameAsReference(t *testing.T, opts Options, src []byte, resolve Resolve) {
	t.Helper()
	want, werr := referenceRenderer(opts).Render(src, resolve)
	got, gerr := New(opts).Render(src, resolve)
	if !reflect.DeepEqual(werr, gerr) {
		t.Fatalf("Render(%q) error %v, reference %v", src, gerr, werr)
	}
	if werr != nil {
		return
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Render(%q):\ngot  %+v\nwant %+v\nHTML\n%s\nreference HTML\n%s", src, got, want, got.HTML, want.HTML)
	}
	checked, err := New(opts).Check(src, resolve)
	if err != nil {
		t.Fatalf("Check(%q): %v, Render gave no error", src, err)
	}
	want.HTML, want.Summary = nil, ""
	if !reflect.DeepEqual(checked, want) {
		t.Errorf("Check(%q):\ngot  %+v\nwant %+v", src, checked, want)
	}
}

// oddResolve fails on some destinations, to exercise both outcomes.
func oddResolve(dest string) (string, error) {
	if len(dest)%3 == 0 {
		return "", errors.New("no such page")
	}
	if len(dest)%3 == 1 {
		return "", nil
	}
	return "/p/" + dest, nil
}

// checkCases are pages whose Check and Render results must agree: links
// in every kind of block next to paragraphs without any, and text that
// linkify turns into links.
var checkCases = []struct{ name, src string }{
	{"plain", "Đoạn văn **đậm** và *nghiêng*.\n\nĐoạn hai.\n"},
	{"link after plain", "Đoạn văn.\n\nXem [a](missing.md) và [b](tb-1.md#muc).\n"},
	{"table after plain", "Đoạn văn không liên kết.\n\n| a | b |\n|---|---|\n| x | [y](missing.md) |\n"},
	{"table under text", "Đoạn văn\n| a | b |\n|---|---|\n| [x](missing.md) | <javascript:y> |\n"},
	{"setext heading", "Tiêu đề *một*\n===\n\nTiêu đề hai\n---\n\n[a](#tieu-de-mot)\n"},
	{"setext after link", "[a](missing.md)\nTiêu đề\n---\n"},
	{"punctuation first", "\"Trích\" dẫn.\n\n- (một) [a](missing.md)\n- hai\n\n: [b](x.md)\n"},
	{"tight list", "- một\n- hai [a](missing.md)\n  - ba\n  - bốn ![ảnh](a.png)\n"},
	{"loose list", "1. một\n\n2. hai\n\n   [a](missing.md)\n"},
	{"quote", "> trích\n> dẫn\n>\n> [a](missing.md)\n\n> > sâu\n"},
	{"lazy continuation", "> trích\ndẫn [a](missing.md)\n"},
	{"reference", "Xem [vb][r].\n\nĐoạn khác.\n\n[r]: missing.md\n"},
	{"references", "   [r]: tb-1.md\n[s]:\n  missing.md \"t\"\nXem [r] [s] [t][]\n\n> [t]: /x\n\n- [u]: y.md\n\ntext [v]: z.md\n"},
	{"reference only", "[r]: missing.md\n\nĐoạn.\n"},
	{"image figure", "Đoạn.\n\n![Toàn cảnh](anh.png \"Ảnh: A\")\n\n![](trong.png)\n"},
	{"code", "Đoạn `[không](a.md)`.\n\n```\n[không](b.md)\n```\n\n    [không](c.md)\n"},
	{"raw html", "Đoạn <b>đậm</b>.\n\n<div>\n[a](missing.md)\n</div>\n\n<!-- x -->\n"},
	{"autolinks", "Gửi a@b.vn hoặc www.example.gov.vn, https://example.gov.vn/x?a=1&amp;b=2.\n\n<javascript:alert(1)> <https://a.vn>\n"},
	{"linkify in heading", "## Xem www.example.gov.vn/?a=1&amp;b=2\n\n## Thư a@b.vn\n\n[x](#xem-www-example-gov-vn-a-1-b-2)\n"},
	{"linkify then link", "https://example.gov.vn/[a](missing.md) và a@b.vn [b](missing.md)\n"},
	{"headings", "# Thừa Thiên Huế\n\n## Thừa Thiên Huế\n\n## Đà Nẵng {#dn}\n\n## `mã` &amp; *nghiêng* [a](missing.md)\n"},
	{"escapes", "\\[ [a](missing.md) \\<b\\>\n\nĐoạn \\* sao.\n"},
	{"dangerous", "ô [a](javascript:x) ![b](data:x) [c](vbscript:y)\n\nĐoạn.\n"},
	{"empty text", "x [](missing.md) y [](missing-2.md)\n\nz\n"},
	{"nested", "[![Logo](/logo.png)](https://example.gov.vn/) [**đậm** chữ](missing.md)\n"},
	{"hard breaks", "một  \nhai\\\nba [a](missing.md)\n\nbốn  \nnăm\n"},
	{"trailing spaces", "0    \n0 [a](missing.md)\n\n![a    \nb  ](x.png) [c \t \n d](missing.md)\n\n![e\\\nf](g.png)\n"},
	{"tabs", "\tmã\n\n-\tmột\n-\thai [a](missing.md)\n"},
	{"html entities", "&amp; &#91;không&#93;(a.md) &lt;b&gt;\n\n## A &amp; B\n"},
	{"strikethrough", "~~gạch~~ [a](missing.md)\n\n~~gạch~~ hai\n"},
	{"emphasis first", "*Ảnh: Hợp tác.* Nguồn\n\n_một_ [a](missing.md)\n"},
	{"relative", "![a](anh.svg) [b](../tai-lieu/#muc) [c](/tuyet-doi/) [d](?q=1)\n"},
	{"empty", ""},
	{"blank", "\n\n\n"},
	{"table", "| STT | Đơn vị | Kết quả |\n|---:|---|:-:|\n| 1 | *Sở* Nội vụ | 95,5 |\n| 2 | [Sở](missing.md) x | ![a](anh.png) |\n|  | <b>c</b> | `[d]` |\n| 3 |\n\n## Sau bảng\n\n[e](#sau-bang)\n"},
	{"heading attributes", "# A {x}\n\n## B {#b .c}\n\n> ### C {#c}\n\n# D \\{#d}\n\n# E {#e} x\n\n# F { #f }\n\n[a](#b) [c](#c) [d](#d)\n"},
	{"figure", "![Ảnh](anh.png \"Chú thích\")\n\n[a](#khong)\n\n# Đầu {#dau}\n"},
}

func TestCheckMatchesRender(t *testing.T) {
	resolvers := map[string]Resolve{"test": testResolve, "odd": oddResolve, "nil": nil}
	for _, tt := range checkCases {
		for name, resolve := range resolvers {
			t.Run(tt.name+"/"+name, func(t *testing.T) {
				sameAsReference(t, Options{}, []byte(tt.src), resolve)
				sameAsReference(t, Options{Unsafe: true}, []byte(tt.src), resolve)
			})
		}
	}
	files, _ := filepath.Glob("testdata/golden/*.md")
	for _, file := range files {
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		t.Run(filepath.Base(file), func(t *testing.T) {
			sameAsReference(t, Options{}, src, testResolve)
			sameAsReference(t, Options{Unsafe: true}, src, oddResolve)
		})
	}
}

// TestCheckCorpus compares Check and Render with the reference renderer on
// every Markdown file under $CONGBO_MD_CORPUS (a site's content/, say
// bench/gencorpus output); it is skipped when that is not set.
func TestCheckCorpus(t *testing.T) {
	dir := os.Getenv("CONGBO_MD_CORPUS")
	if dir == "" {
		t.Skip("CONGBO_MD_CORPUS not set")
	}
	n := 0
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".md") {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if _, rest, ok := bytes.Cut(src, []byte("\n---\n")); ok && bytes.HasPrefix(src, []byte("---\n")) {
			src = rest
		}
		sameAsReference(t, Options{}, src, oddResolve)
		n++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d files", n)
}

func TestScanResolve(t *testing.T) {
	src := []byte("# Đầu\n\nXem [a](a.md#muc-2), [đây](#dau), [x](missing.md) và ![ảnh](anh.png).\n\n<javascript:x>\n")
	s, err := New(Options{}).Scan(src)
	if err != nil {
		t.Fatal(err)
	}
	for i := range src {
		src[i] = 'x' // a Scanned keeps no reference to its source
	}
	orig := []byte("# Đầu\n\nXem [a](a.md#muc-2), [đây](#dau), [x](missing.md) và ![ảnh](anh.png).\n\n<javascript:x>\n")
	for _, resolve := range []Resolve{testResolve, oddResolve, nil, testResolve} {
		want, err := New(Options{}).Render(orig, resolve)
		if err != nil {
			t.Fatal(err)
		}
		want.HTML, want.Summary = nil, ""
		if got := s.Resolve(resolve); !reflect.DeepEqual(got, want) {
			t.Errorf("Resolve:\ngot  %+v\nwant %+v", got, want)
		}
	}
}

func TestScanRefuses(t *testing.T) {
	tests := []struct {
		name string
		opts Options
		src  string
		msg  string
	}{
		{"nesting", Options{MaxNesting: 3}, "> > > > a\n", "blocks nested deeper than 3 levels"},
		{"brackets", Options{}, strings.Repeat("[", maxBrackets+1), "paragraph has more than"},
		{"timeout", Options{Timeout: 1}, strings.Repeat("Đoạn [a](b.md).\n\n", 2000), "page took longer than 1ns"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := New(tt.opts)
			_, serr := r.Scan([]byte(tt.src))
			_, cerr := r.Check([]byte(tt.src), testResolve)
			_, rerr := r.Render([]byte(tt.src), testResolve)
			for _, err := range []error{serr, cerr, rerr} {
				var p *Problem
				if !errors.As(err, &p) || !strings.Contains(p.Msg, tt.msg) {
					t.Errorf("error %v, want a Problem saying %q", err, tt.msg)
				}
			}
		})
	}
}

func TestMayLinkify(t *testing.T) {
	tests := []struct {
		src  string
		want bool
	}{
		{"Đoạn văn (không) *có* _liên_ ~kết~.", false},
		{"http: không; ftp:/a; ww.a; wwwa.vn", false},
		{"https://a.vn", true},
		{"ftp://a.vn", true},
		{"xem www.a.vn", true},
		{"thư a@b.vn", true},
		{"@", true},
	}
	for _, tt := range tests {
		if got := mayLinkify([]byte(tt.src)); got != tt.want {
			t.Errorf("mayLinkify(%q) = %v, want %v", tt.src, got, tt.want)
		}
	}
}

func FuzzCheck(f *testing.F) {
	for _, tt := range checkCases {
		f.Add(tt.src)
	}
	f.Fuzz(func(t *testing.T, src string) {
		if checkNesting([]byte(src), DefaultMaxNesting) != nil || checkLoad([]byte(src)) != nil {
			return
		}
		sameAsReference(t, Options{}, []byte(src), oddResolve)
	})
}

// TestCheckRandom compares Render and Check with the reference renderer on
// random pages made of the pieces that make goldmark split, escape, trim
// and break text, so that the shortcuts meet them in every order.
func TestCheckRandom(t *testing.T) {
	pieces := []string{
		"a", "b", "Đà", "ệ", " ", "  ", "   ", "\t", "\n", "\n\n", "  \n", "\\\n", "\r\n", "\\", "\\*", "*", "**", "_", "~~",
		"`", "[", "]", "](", "(", ")", "![", "<", ">", "<b>", "&amp;", "&#x1EA3;", "&", ";", "#", "## ", "- ", "1. ", "> ",
		"|", "|---|", ":", "\"", "'", "x.md", "missing.md", "anh.png", "javascript:x", "{#id}", "http://a.vn", "a@b.vn", "www.a.vn",
		"\x00", "\u00a0",
	}
	n := 3000
	if testing.Short() {
		n = 300
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range n {
		var b strings.Builder
		for range 1 + rng.IntN(40) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		src := []byte(b.String())
		if checkNesting(src, DefaultMaxNesting) != nil || checkLoad(src) != nil {
			continue
		}
		sameAsReference(t, Options{Unsafe: i%2 == 1}, src, oddResolve)
		if t.Failed() {
			return
		}
	}
}
