package content

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
)

// plainFS hides the type of an os.DirFS, so what is read through it takes
// the generic fs.ReadFile path that readFile must agree with.
type plainFS struct{ fsys fs.FS }

func (p plainFS) Open(name string) (fs.File, error)          { return p.fsys.Open(name) }
func (p plainFS) ReadFile(name string) ([]byte, error)       { return fs.ReadFile(p.fsys, name) }
func (p plainFS) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(p.fsys, name) }
func (p plainFS) Stat(name string) (fs.FileInfo, error)      { return fs.Stat(p.fsys, name) }
func (p plainFS) Lstat(name string) (fs.FileInfo, error)     { return fs.Lstat(p.fsys, name) }
func (p plainFS) ReadLink(name string) (string, error)       { return fs.ReadLink(p.fsys, name) }

// TestOSDir checks that a DirFS is recognised, with its directory, and
// that other file systems (os.DirFS itself included) take fs.ReadFile.
func TestOSDir(t *testing.T) {
	for _, dir := range []string{"/srv/site", ".", "site/", `C:\site`} {
		if got, ok := osDir(DirFS(dir)); !ok || got != dir {
			t.Errorf("osDir(DirFS(%q)) = %q, %v; want %[1]q, true", dir, got, ok)
		}
	}
	for _, fsys := range []fs.FS{nil, fstest.MapFS{}, plainFS{os.DirFS("/")}, os.DirFS("/"), DirFS("")} {
		if got, ok := osDir(fsys); ok {
			t.Errorf("osDir(%T) = %q, true; want false", fsys, got)
		}
	}
}

// TestReadFileMatchesFS reads files of every kind and names os.DirFS
// refuses through readFile and through fs.ReadFile, and wants the same
// bytes and the same errors.
func TestReadFileMatchesFS(t *testing.T) {
	root := t.TempDir()
	files := map[string]string{
		"empty.md":     "",
		"small.md":     "---\ntitle: A\n---\nxin chào\n",
		"b512.md":      strings.Repeat("a", 512),
		"b513.md":      strings.Repeat("b", 513),
		"big.md":       strings.Repeat("nội dung ", 300_000), // 3 MB
		"dir/deep.md":  "deep",
		"unicode/ả.md": "ả",
	}
	for name, data := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink("small.md", filepath.Join(root, "link.md")); err != nil {
		t.Skip("symlinks unsupported:", err)
	}
	os.Symlink("missing.md", filepath.Join(root, "dangling.md"))
	if err := os.WriteFile(filepath.Join(root, "unreadable.md"), []byte("x"), 0o000); err != nil {
		t.Fatal(err)
	}
	names := []string{
		"empty.md", "small.md", "b512.md", "b513.md", "big.md", "dir/deep.md", "unicode/ả.md",
		"link.md", "dangling.md", "unreadable.md", "missing.md", "dir", "dir/missing/x.md",
		"small.md/x", "../small.md", "/small.md", "dir//deep.md", "./small.md", "", ".", "a\x00b",
	}
	for _, dir := range []string{root, root + "/"} {
		fast := DirFS(dir)
		slow := plainFS{os.DirFS(dir)}
		for _, name := range names {
			got, gerr := readFile(fast, name)
			want, werr := fs.ReadFile(slow, name)
			if fmt.Sprint(gerr) != fmt.Sprint(werr) {
				t.Errorf("%q: error %v, want %v", name, gerr, werr)
			}
			if werr != nil && !errors.Is(gerr, errors.Unwrap(werr)) {
				t.Errorf("%q: error %#v does not wrap %v", name, gerr, errors.Unwrap(werr))
			}
			if string(got) != string(want) || (got == nil) != (want == nil) {
				t.Errorf("%q: got %d bytes (nil %v), want %d (nil %v)", name, len(got), got == nil, len(want), want == nil)
			}
		}
	}
}

// TestReadFileGrows reads a file whose size fstat cannot tell (0 for
// /proc files): readFile reads to the end as os.ReadFile does.
func TestReadFileGrows(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("needs /proc")
	}
	fsys := DirFS("/proc/self")
	got, err := readFile(fsys, "maps")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) < 512 || !strings.Contains(string(got), "\n") {
		t.Errorf("got %d bytes of /proc/self/maps, want all of it", len(got))
	}
}

func TestReadFileMax(t *testing.T) {
	root := t.TempDir()
	if err := os.WriteFile(filepath.Join(root, "a.md"), []byte("0123456789"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, fsys := range []fs.FS{DirFS(root), plainFS{os.DirFS(root)}} {
		data, size, err := readFileMax(fsys, "a.md", 10, nil)
		if err != nil || string(data) != "0123456789" || size != 10 {
			t.Errorf("%T limit 10: got %q, %d, %v", fsys, data, size, err)
		}
		data, size, err = readFileMax(fsys, "a.md", -1, nil)
		if err != nil || string(data) != "0123456789" || size != 10 {
			t.Errorf("%T no limit: got %q, %d, %v", fsys, data, size, err)
		}
	}
	if fastRead {
		data, size, err := readFileMax(DirFS(root), "a.md", 9, nil)
		if err != errTooBig || data != nil || size != 10 {
			t.Errorf("limit 9: got %q, %d, %v; want errTooBig and the size", data, size, err)
		}
	}
}

// TestLoadOSDirMatchesFS loads one tree through DirFS (read without
// os.File, sizes checked at read time) and through a file system that
// hides it (fs.ReadFile, sizes from the walk): same pages, files, errors.
func TestLoadOSDirMatchesFS(t *testing.T) {
	root := t.TempDir()
	write := func(name, data string, mode fs.FileMode) {
		t.Helper()
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), mode); err != nil {
			t.Fatal(err)
		}
	}
	page := "---\ntitle: A\ndate: 2024-01-02\n---\nThân bài.\n"
	write("content/_index.md", "---\ntitle: Trang chủ\n---\n", 0o644)
	write("content/thong-bao/a.md", page, 0o644)
	write("content/thong-bao/crlf.md", strings.ReplaceAll(page, "\n", "\r\n"), 0o644)
	write("content/thong-bao/big.md", page+strings.Repeat("x", MaxFileSize), 0o644)
	write("content/thong-bao/bad.md", "---\ntitle: [\n---\n", 0o644)
	write("content/thong-bao/b/index.md", page, 0o644)
	write("content/thong-bao/b/anh.jpg", "jpg", 0o644)
	write("content/tai-lieu/x.pdf", "pdf", 0o644)
	if os.Geteuid() != 0 {
		write("content/thong-bao/secret.md", page, 0o000)
	}
	if err := os.Symlink("a.md", filepath.Join(root, "content/thong-bao/link.md")); err != nil {
		t.Skip("symlinks unsupported:", err)
	}
	summary := func(fsys fs.FS) string {
		pages, files, err := Load(fsys, testConfig())
		var b strings.Builder
		for _, p := range pages {
			body, berr := ReadBody(fsys, p)
			fmt.Fprintf(&b, "%s %s %q res=%v body=%q %v\n", p.Path, p.Kind, p.Title, p.Resources, body, berr)
		}
		fmt.Fprintf(&b, "files=%v\nerr=%v\n", files, err)
		return b.String()
	}
	got, want := summary(DirFS(root)), summary(plainFS{os.DirFS(root)})
	if got != want {
		t.Errorf("os.DirFS:\n%s\nwant (fs.ReadFile):\n%s", got, want)
	}
	if !strings.Contains(got, "content/thong-bao/big.md: file is 4.0 MiB, more than the 4 MiB limit") {
		t.Errorf("no size error:\n%s", got)
	}
}

// TestLoadReusedBuffers loads files of decreasing size, so each is read
// into the buffer of one before it, through DirFS (which reuses buffers)
// and through fs.ReadFile (which does not): the pages must be the same,
// so no page keeps a reference to a reused buffer.
func TestLoadReusedBuffers(t *testing.T) {
	root := t.TempDir()
	if err := os.MkdirAll(filepath.Join(root, "content/thong-bao"), 0o755); err != nil {
		t.Fatal(err)
	}
	for i := range 60 {
		front := fmt.Sprintf("title: \"Trang %d\"\ndate: 2024-01-%02d\ntags: [\"thẻ %d\", t%d]\nnumber: \"%d/TB\"\n", i, 1+i%28, i, i, i)
		if i%3 == 0 { // the yaml.v3 path
			front = fmt.Sprintf("title: Trang %d # chú thích\ndate: 2024-01-%02d\ntags:\n  - thẻ %d\nnumber: '%d/TB'\n", i, 1+i%28, i, i)
		}
		body := strings.Repeat(fmt.Sprintf("Đoạn %d. ", i), 2000-30*i)
		name := filepath.Join(root, "content/thong-bao", fmt.Sprintf("p%02d.md", i))
		if err := os.WriteFile(name, []byte("---\n"+front+"---\n"+body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	load := func(fsys fs.FS) ([]*Page, map[string]string) {
		var mu sync.Mutex
		bodies := map[string]string{}
		pages, _, err := LoadEach(fsys, testConfig(), func(p *Page, body []byte) bool {
			mu.Lock()
			bodies[p.Path] = string(body)
			mu.Unlock()
			return false
		})
		if err != nil {
			t.Fatal(err)
		}
		return pages, bodies
	}
	got, gotBodies := load(DirFS(root))
	want, wantBodies := load(plainFS{os.DirFS(root)})
	if len(got) != 60 || !reflect.DeepEqual(got, want) {
		t.Errorf("pages read into reused buffers differ from pages read with fs.ReadFile")
	}
	if !reflect.DeepEqual(gotBodies, wantBodies) {
		t.Errorf("bodies given to LoadEach's function differ")
	}

	// A function that keeps the body (a parse past its time limit still
	// reading it) gets bytes no later file is read into.
	var mu sync.Mutex
	kept := map[string][]byte{}
	if _, _, err := LoadEach(DirFS(root), testConfig(), func(p *Page, body []byte) bool {
		mu.Lock()
		kept[p.Path] = body
		mu.Unlock()
		return true
	}); err != nil {
		t.Fatal(err)
	}
	for path, body := range kept {
		if string(body) != wantBodies[path] {
			t.Errorf("%s: kept body overwritten:\n%q\nwant\n%q", path, body, wantBodies[path])
		}
	}
}
