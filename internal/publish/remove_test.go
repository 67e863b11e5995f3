package publish

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// oldTree makes a tree like a site's old output, with what removeTree
// must handle besides: many entries with long names (several getdents
// buffers of 64 KiB), deep nesting, empty directories, unwritable files and links
// that point out of the tree (removed, never followed). It returns the
// tree and a directory outside it that must survive.
func oldTree(t *testing.T) (dir, outside string) {
	t.Helper()
	root := t.TempDir()
	dir, outside = filepath.Join(root, "old"), filepath.Join(root, "outside")
	files := map[string]string{"index.html": "home", "sitemap.xml": "x"}
	long := strings.Repeat("thong-cao-bao-chi-", 10)
	for i := range 400 { // two getdents batches of directories, split between goroutines
		files[fmt.Sprintf("many/%s%04d/index.html", long, i)] = "page"
		files[fmt.Sprintf("many/%s%04d/img/a.png", long, i)] = "png"
	}
	for i := range 500 {
		files[fmt.Sprintf("flat/%s%04d.html", long, i)] = "file"
	}
	files[strings.Repeat("deep/", 40)+"index.html"] = "deep"
	writeTree(t, dir, files)
	writeTree(t, outside, map[string]string{"keep.txt": "keep", "sub/keep.txt": "keep"})
	for _, name := range []string{"empty", "many/empty", "empty/a/b/c"} {
		if err := os.MkdirAll(filepath.Join(dir, name), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Chmod(filepath.Join(dir, "sitemap.xml"), 0o000); err != nil {
		t.Fatal(err)
	}
	for link, target := range map[string]string{
		"out-dir":       outside,
		"many/out-file": filepath.Join(outside, "keep.txt"),
		"dangling":      filepath.Join(root, "missing"),
		"deep/self":     "..",
	} {
		if err := os.Symlink(target, filepath.Join(dir, link)); err != nil {
			t.Skip("symlinks unsupported:", err)
		}
	}
	return dir, outside
}

func TestRemoveTree(t *testing.T) {
	for _, procs := range []int{1, 4} {
		t.Run(fmt.Sprint("GOMAXPROCS=", procs), func(t *testing.T) {
			defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
			dir, outside := oldTree(t)
			if err := removeTree(dir); err != nil {
				t.Fatal(err)
			}
			if _, err := os.Lstat(dir); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("%s: got %v, want it gone", dir, err)
			}
			equalTrees(t, readTree(t, outside), map[string]string{"keep.txt": "keep", "sub/keep.txt": "keep"})
		})
	}
}

// TestRemoveTreeLikeRemoveAll checks what is not a plain directory is
// handled as os.RemoveAll handles it.
func TestRemoveTreeLikeRemoveAll(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root, map[string]string{"file": "x", "target/keep": "keep"})
	if err := os.Symlink(filepath.Join(root, "target"), filepath.Join(root, "link")); err != nil {
		t.Skip("symlinks unsupported:", err)
	}
	for _, name := range []string{"missing", "file", "link", "missing/deeper"} {
		if err := removeTree(filepath.Join(root, name)); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		if _, err := os.Lstat(filepath.Join(root, name)); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s: got %v, want it gone", name, err)
		}
	}
	equalTrees(t, readTree(t, filepath.Join(root, "target")), map[string]string{"keep": "keep"})
}

// TestRemoveTreeError checks a tree that cannot be removed in full gives
// os.RemoveAll's error, naming the path, after removing all it can.
func TestRemoveTreeError(t *testing.T) {
	if os.Geteuid() == 0 || runtime.GOOS == "windows" {
		t.Skip("needs directory permissions that bind")
	}
	var msgs []string
	for _, remove := range []func(string) error{removeTree, os.RemoveAll} {
		root := t.TempDir()
		dir := filepath.Join(root, "old")
		writeTree(t, dir, map[string]string{"a/index.html": "a", "locked/x/index.html": "x", "z/index.html": "z"})
		locked := filepath.Join(dir, "locked", "x")
		if err := os.Chmod(locked, 0o555); err != nil {
			t.Fatal(err)
		}
		err := remove(dir)
		os.Chmod(locked, 0o755)
		if !errors.Is(err, fs.ErrPermission) {
			t.Errorf("got %v, want permission denied", err)
		}
		msgs = append(msgs, strings.ReplaceAll(fmt.Sprint(err), root, "<root>"))
		if got := names(t, dir); fmt.Sprint(got) != "[locked]" {
			t.Errorf("left %v, want [locked]", got)
		}
	}
	if msgs[0] != msgs[1] {
		t.Errorf("error %s, want %s (os.RemoveAll)", msgs[0], msgs[1])
	}
}
