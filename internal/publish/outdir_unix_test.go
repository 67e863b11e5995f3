//go:build unix

package publish

import (
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestOutDirUmask checks files and directories get 0644 and 0755 less
// the umask, on both outDirs.
func TestOutDirUmask(t *testing.T) {
	old := syscall.Umask(0o027)
	defer syscall.Umask(old)
	for _, od := range outDirs {
		s := stageWith(t, od.out)
		if err := s.WriteRaw("d/f.html", []byte("x")); err != nil {
			t.Fatal(err)
		}
		for name, want := range map[string]fs.FileMode{"d": fs.ModeDir | 0o750, "d/f.html": 0o640} {
			fi, err := os.Stat(filepath.Join(s.staging, name))
			if err != nil {
				t.Fatal(err)
			}
			if fi.Mode() != want {
				t.Errorf("%s: %s is %v, want %v", od.name, name, fi.Mode(), want)
			}
		}
		s.Abort()
	}
}
