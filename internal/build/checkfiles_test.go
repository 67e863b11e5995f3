package build

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/congbo/congbo/internal/content"
)

// TestSiteFilesStatIsFSStat checks that siteFiles.stat, which answers from
// directory listings, gives fs.Stat's answer for files, directories,
// symlinks, missing names and directories, and names that are not valid.
func TestSiteFilesStatIsFSStat(t *testing.T) {
	root := t.TempDir()
	for _, name := range []string{"static/anh/a.jpg", "static/anh/B.PNG", "content/tin/x.md", "content/tin/sub/y.jpg", "static/file"} {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	links := map[string]string{"static/anh/link.jpg": "a.jpg", "static/anh/dirlink": "../anh", "static/anh/broken.jpg": "nowhere.jpg", "static/ln": "anh"}
	for name, target := range links {
		if err := os.Symlink(target, filepath.Join(root, filepath.FromSlash(name))); err != nil {
			t.Skip("symlinks unsupported:", err)
		}
	}
	src := content.DirFS(root)
	f := &siteFiles{src: src, bundled: map[string]string{}, dirs: map[string]*dirList{}}
	names := []string{
		"static/anh/a.jpg", "static/anh/b.png", "static/anh/B.PNG", "static/anh/missing.jpg", "static/anh",
		"static/anh/link.jpg", "static/anh/dirlink", "static/anh/dirlink/a.jpg", "static/anh/broken.jpg",
		"static/ln/a.jpg", "static/ln/none.jpg", "static/file", "static/file/x.jpg", "static/none/a.jpg",
		"none/none/a.jpg", "content/tin", "content/tin/sub/y.jpg", "content/tin/sub", "content", "static",
		"", ".", "..", "../x", "static/", "static//anh", "static/./anh/a.jpg", "/static/anh/a.jpg",
	}
	for range 2 { // the second time from the listings made the first
		for _, name := range names {
			st, err := fs.Stat(src, name)
			wantOK, wantDir := err == nil, err == nil && st.IsDir()
			if ok, dir := f.stat(name); ok != wantOK || dir != wantDir {
				t.Errorf("stat(%q) = %v, %v; fs.Stat says %v, %v", name, ok, dir, wantOK, wantDir)
			}
		}
	}
}
