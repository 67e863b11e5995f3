//go:build linux

package publish

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/sys/unix"
)

// TestRemoveRereads makes rmdir report the directory not empty once, as
// it would after a getdents that returned fewer entries than fitted or
// entries added meanwhile: empty reads it again from the start and
// removes what is left.
func TestRemoveRereads(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{}
	for i := range 50 {
		files[fmt.Sprintf("sub%d/index.html", i)] = "x"
	}
	writeTree(t, dir, files)
	fd, err := unix.Open(dir, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer unix.Close(fd)
	r := &remover{sem: make(chan struct{}, 1)}
	calls := 0
	rmdir := func() error {
		calls++
		if calls == 1 {
			// Added after the first pass read the directory.
			writeTree(t, dir, map[string]string{"late/index.html": "late", "late.html": "late"})
			return unix.ENOTEMPTY
		}
		return unix.Rmdir(dir)
	}
	if !r.empty(fd, dir, rmdir) {
		t.Fatal(r.failed())
	}
	if calls != 2 {
		t.Errorf("rmdir called %d times, want 2", calls)
	}
	if _, err := os.Lstat(dir); !os.IsNotExist(err) {
		t.Errorf("%s: got %v, want it gone", dir, err)
	}
}

// TestRemoveGivesUp checks a directory that stays not empty without
// progress is reported, not retried for ever.
func TestRemoveGivesUp(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{"a/index.html": "a"})
	fd, err := unix.Open(dir, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer unix.Close(fd)
	r := &remover{}
	if r.empty(fd, dir, func() error { return unix.ENOTEMPTY }) {
		t.Fatal("empty reported success")
	}
	if got, want := fmt.Sprint(r.failed()), "unlinkat "+dir+": directory not empty"; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	if _, err := os.Stat(filepath.Join(dir, "a")); !os.IsNotExist(err) {
		t.Errorf("entries not removed: %v", err)
	}
}
