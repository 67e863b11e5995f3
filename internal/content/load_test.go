package content

import (
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata/")

func mapFS(files map[string]string) fstest.MapFS {
	m := fstest.MapFS{}
	for name, data := range files {
		m[name] = &fstest.MapFile{Data: []byte(data), Mode: 0o644}
	}
	return m
}

func TestLoad(t *testing.T) {
	fsys := mapFS(map[string]string{
		"site.yaml":                              "title: x\n",
		"static/css/a.css":                       "a{}",
		"content/_index.md":                      "---\ntitle: Trang chủ\n---\n",
		"content/thong-bao/_index.md":            "---\ntitle: Thông báo\n---\n",
		"content/thong-bao/tb-2.md":              "---\ntitle: B\ndate: 2024-01-02\n---\n",
		"content/thong-bao/tb-1.md":              "---\ntitle: A\ndate: 2024-01-01\nnumbr: 1\n---\n",
		"content/thong-bao/tb-3/index.md":        "---\ntitle: C\ndate: 2024-01-03\n---\n",
		"content/thong-bao/tb-3/anh.jpg":         "jpg",
		"content/thong-bao/tb-3/ghi-chu.md":      "not a page",
		"content/thong-bao/tb-3/tep/phu-luc.pdf": "pdf",
		"content/thong-bao-cu/a.md":              "---\ntitle: D\n---\n",
		"content/tai-lieu/bieu-mau.docx":         "docx",
		"content/.DS_Store":                      "junk",
		"content/.git/config":                    "junk",
		"content/lien-he.md":                     "",
	})
	pages, files, err := Load(fsys, testConfig())
	var got []string
	for _, p := range pages {
		got = append(got, fmt.Sprintf("%s %s %s res=%v", p.Path, p.Kind, p.Name, p.Resources))
	}
	want := []string{
		"_index.md home  res=[]",
		"thong-bao-cu/a.md page a res=[]",
		"thong-bao/_index.md section thong-bao res=[]",
		"thong-bao/tb-2.md page tb-2 res=[]",
		"thong-bao/tb-3/index.md page tb-3 res=[thong-bao/tb-3/anh.jpg thong-bao/tb-3/ghi-chu.md thong-bao/tb-3/tep/phu-luc.pdf]",
	}
	if g, w := strings.Join(got, "\n"), strings.Join(want, "\n"); g != w {
		t.Errorf("pages:\ngot\n%s\nwant\n%s", g, w)
	}
	if g, w := fmt.Sprint(files), "[tai-lieu/bieu-mau.docx thong-bao/tb-3/anh.jpg thong-bao/tb-3/tep/phu-luc.pdf]"; g != w {
		t.Errorf("files: got %s, want %s", g, w)
	}
	wantErr := "content/lien-he.md:1:1: file is empty (add front matter: a line ---, then `title: …` and `date: …`, then ---)\n" +
		"content/thong-bao/tb-1.md:4:1: unknown field \"numbr\" for type announcement (did you mean \"number\"?)"
	if err == nil || err.Error() != wantErr {
		t.Errorf("error:\ngot  %v\nwant %s", err, wantErr)
	}
}

func TestLoadNoContent(t *testing.T) {
	pages, files, err := Load(fstest.MapFS{}, testConfig())
	if pages != nil || files != nil || err != nil {
		t.Errorf("got %v, %v, %v; want nothing", pages, files, err)
	}
}

// TestLoadTooBig checks a huge page fails on its size, without being parsed.
func TestLoadTooBig(t *testing.T) {
	fsys := fstest.MapFS{
		"content/big.md": {Data: []byte("---\ntitle: A\n---\n" + strings.Repeat("x", 10<<20))},
		"content/ok.md":  {Data: []byte("---\ntitle: A\n---\n")},
	}
	start := time.Now()
	pages, _, err := Load(fsys, testConfig())
	if err == nil || !strings.Contains(err.Error(), "content/big.md: file is 10.0 MiB, more than the 4 MiB limit") {
		t.Errorf("got %v, want a size error", err)
	}
	if len(pages) != 1 || pages[0].Path != "ok.md" {
		t.Errorf("got %d pages, want ok.md only", len(pages))
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("took %v", d)
	}
}

func TestLoadSymlinks(t *testing.T) {
	root := t.TempDir()
	write := func(name, data string) {
		t.Helper()
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	link := func(target, name string) {
		t.Helper()
		if err := os.Symlink(target, filepath.Join(root, filepath.FromSlash(name))); err != nil {
			t.Skipf("symlinks not supported: %v", err)
		}
	}
	page := "---\ntitle: A\n---\n"
	write("secret.md", page)
	write("content/chung/a.md", page)
	write("content/chung/b.pdf", "pdf")
	write("content/p/x.md", page)
	link("../chung/a.md", "content/p/inside.md")
	link("../../secret.md", "content/p/outside.md")
	link(filepath.Join(root, "content/chung/a.md"), "content/p/absolute.md")
	link("../chung", "content/p/dir")
	link("..", "content/p/loop")
	link("missing.md", "content/p/gone.md")
	link("inside.md", "content/p/chain.md")

	pages, files, err := Load(os.DirFS(root), testConfig())
	var got []string
	for _, p := range pages {
		got = append(got, p.Path)
	}
	if g, w := fmt.Sprint(got), "[chung/a.md p/chain.md p/dir/a.md p/inside.md p/x.md]"; g != w {
		t.Errorf("pages: got %s, want %s", g, w)
	}
	if g, w := fmt.Sprint(files), "[chung/b.pdf p/dir/b.pdf]"; g != w {
		t.Errorf("files: got %s, want %s", g, w)
	}
	wantErr := "content/p/absolute.md: symlink points outside content/ (copy the file in instead)\n" +
		"content/p/gone.md: symlink points to content/p/missing.md, which does not exist (fix or remove the link)\n" +
		"content/p/loop: symlink loop: it points to a directory that contains it (remove the link)\n" +
		"content/p/outside.md: symlink points outside content/ (copy the file in instead)"
	if err == nil || err.Error() != wantErr {
		t.Errorf("error:\ngot  %v\nwant %s", err, wantErr)
	}
}

// TestLoadCorpus loads pages written by the shared corpus generator and
// compares a summary of each with testdata/corpus.golden.
func TestLoadCorpus(t *testing.T) {
	fsys := txtarFS(t, "testdata/corpus.txtar")
	pages, files, err := Load(fsys, testConfig())
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 0 {
		t.Errorf("files: got %v, want none", files)
	}
	var b strings.Builder
	for _, p := range pages {
		fmt.Fprintf(&b, "%s kind=%s type=%s name=%s title=%q\n  date=%s lastmod=%s draft=%v slug=%q body@%d\n  terms=%v\n  params=%v\n",
			p.Path, p.Kind, p.Type, p.Name, p.Title, p.Date.Format(time.RFC3339), p.Lastmod.Format(time.RFC3339),
			p.Draft, p.Slug, p.BodyLine, p.Terms, p.Params)
	}
	golden(t, "testdata/corpus.golden", b.String())
}

// TestLoadGeneratedCorpus loads the whole generated corpus when present.
func TestLoadGeneratedCorpus(t *testing.T) {
	fsys := corpusFS(t)
	pages, _, err := Load(fsys, testConfig())
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) < 200 {
		t.Errorf("got %d pages, want at least 200", len(pages))
	}
}

func BenchmarkLoad(b *testing.B) {
	fsys := corpusFS(b)
	cfg := testConfig()
	for b.Loop() {
		if _, _, err := Load(fsys, cfg); err != nil {
			b.Fatal(err)
		}
	}
}

// corpusFS returns a site whose content/ is 200 pages generated by
// bench/gencorpus (seed 1), the corpus the benchmarks build.
func corpusFS(tb testing.TB) fs.FS {
	root := tb.TempDir()
	gen := exec.Command("go", "run", "../../bench/gencorpus", "-n", "200", "-out", filepath.Join(root, "content"))
	if out, err := gen.CombinedOutput(); err != nil {
		tb.Fatalf("gencorpus: %v\n%s", err, out)
	}
	return os.DirFS(root)
}

func txtarFS(t *testing.T, name string) fstest.MapFS {
	t.Helper()
	ar, err := txtar.ParseFile(name)
	if err != nil {
		t.Fatal(err)
	}
	m := fstest.MapFS{}
	for _, f := range ar.Files {
		m[f.Name] = &fstest.MapFile{Data: f.Data}
	}
	return m
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(name, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(name)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs (go test -update to accept):\ngot\n%s", name, got)
	}
}

// TestReadBodyMatchesParse checks that the body read again at render time
// is the body Parse saw, for a file that needed no normalisation (sliced)
// and for files that did (BOM, CRLF, decomposed text).
func TestReadBodyMatchesParse(t *testing.T) {
	files := map[string]string{
		"content/tin/plain.md": "---\ntitle: Tin\n---\nNội dung **đậm**.\n",
		"content/tin/bom.md":   "\ufeff---\ntitle: BOM\n---\nCó BOM.\n",
		"content/tin/crlf.md":  "---\r\ntitle: CRLF\r\n---\r\nDòng một.\r\n",
		"content/tin/nfd.md":   "---\ntitle: NFD\n---\nHoa\u0300 bi\u0300nh.\n",
	}
	fsys := mapFS(files)
	cfg := testConfig()
	pages, _, err := Load(fsys, cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pages {
		got, err := ReadBody(fsys, p)
		if err != nil {
			t.Fatalf("%s: %v", p.Path, err)
		}
		want, err := Parse(p.Path, []byte(files["content/"+p.Path]), cfg)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != string(want.Body) {
			t.Errorf("%s: ReadBody = %q, want %q", p.Path, got, want.Body)
		}
	}
}
