package publish

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"testing/fstest"
)

// stageWith returns a Stager for a fresh destination whose staging tree
// is written through out (nil: the platform's outDir).
func stageWith(t *testing.T, out func(root string) outDir) *Stager {
	t.Helper()
	s, err := Stage(filepath.Join(t.TempDir(), "public"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if out != nil {
		s.out.close()
		s.out = out(s.staging)
	}
	return s
}

// outDirs are the outDirs to compare: the platform's (a descriptor on
// Linux) and package os.
var outDirs = []struct {
	name string
	out  func(root string) outDir
}{
	{"platform", nil},
	{"os", func(root string) outDir { return osDir{root} }},
}

// TestOutDirMatchesOS runs one sequence of writes, good and bad, through
// the platform's outDir and through package os, and wants the same files,
// modes and error messages (with the staging path as <staging>).
func TestOutDirMatchesOS(t *testing.T) {
	big := bytes.Repeat([]byte("0123456789abcdef"), 1<<18) // 4 MiB
	src := fstest.MapFS{"static/app.css": {Data: []byte("a{}")}}
	run := func(t *testing.T, out func(root string) outDir) (tree map[string]string, modes, errs []string) {
		s := stageWith(t, out)
		steps := []func() error{
			func() error { return s.WriteRaw("index.html", []byte("home")) },
			func() error { return s.WriteRaw("empty.txt", nil) },
			func() error { return s.WriteRaw("a/b/c/d/e/f/g/h/i/j/deep.html", []byte("deep")) },
			func() error { return s.WriteRaw("a/b/c/sibling.html", []byte("s")) },
			func() error { return s.WriteRaw("big.bin", big) },
			func() error { return s.Copy("css/app.css", src, "static/app.css") },
			// A file where a directory must go, as a path higher up and as the parent.
			func() error { return s.WriteRaw("file", []byte("f")) },
			func() error { return s.WriteRaw("file/x/index.html", []byte("x")) },
			func() error { return s.WriteRaw("file/index.html", []byte("x")) },
			func() error { return s.Copy("file/app.css", src, "static/app.css") },
			// A directory where the file must go.
			func() error { return s.WriteRaw("a/b", []byte("x")) },
			func() error { return s.Copy("a/b/c", src, "static/app.css") },
		}
		for i, step := range steps {
			if err := step(); err != nil {
				errs = append(errs, fmt.Sprintf("%d: %s", i, strings.ReplaceAll(err.Error(), s.staging, "<staging>")))
			}
		}
		// Made outside the Stager meanwhile (two writers of one staging
		// directory): the file is refused as O_EXCL refuses it.
		if err := os.WriteFile(filepath.Join(s.staging, "a", "taken.html"), nil, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := s.WriteRaw("a/taken.html", []byte("x")); err != nil {
			errs = append(errs, strings.ReplaceAll(err.Error(), s.staging, "<staging>"))
			if !errors.Is(err, fs.ErrExist) {
				t.Errorf("%v does not wrap fs.ErrExist", err)
			}
		}
		tree = readTree(t, s.staging)
		filepath.WalkDir(s.staging, func(p string, d fs.DirEntry, err error) error {
			fi, _ := d.Info()
			modes = append(modes, fmt.Sprintf("%s %v", strings.TrimPrefix(p, s.staging), fi.Mode()))
			return err
		})
		if err := s.Abort(); err != nil {
			t.Fatal(err)
		}
		return tree, modes, errs
	}
	wantTree, wantModes, wantErrs := run(t, outDirs[1].out)
	gotTree, gotModes, gotErrs := run(t, outDirs[0].out)
	equalTrees(t, gotTree, wantTree)
	if g, w := strings.Join(gotModes, "\n"), strings.Join(wantModes, "\n"); g != w {
		t.Errorf("modes:\n%s\nwant\n%s", g, w)
	}
	if g, w := strings.Join(gotErrs, "\n"), strings.Join(wantErrs, "\n"); g != w {
		t.Errorf("errors:\n%s\nwant\n%s", g, w)
	}
	// The messages os gives, so a change in os or in the model shows.
	for _, want := range []string{
		"7: write file/x/index.html: mkdir <staging>/file: not a directory",
		"11: write a/b/c: open <staging>/a/b/c: file exists",
		"write a/taken.html: open <staging>/a/taken.html: file exists",
	} {
		if !strings.Contains(strings.Join(gotErrs, "\n"), want) {
			t.Errorf("errors:\n%s\nwant one %q", strings.Join(gotErrs, "\n"), want)
		}
	}
	if len(gotErrs) != 6 {
		t.Errorf("got %d errors, want 6:\n%s", len(gotErrs), strings.Join(gotErrs, "\n"))
	}
}

// TestOutDirPermissions checks a staging directory that cannot be
// written gives os's error, naming the path, on both outDirs.
func TestOutDirPermissions(t *testing.T) {
	if os.Geteuid() == 0 || runtime.GOOS == "windows" {
		t.Skip("needs directory permissions that bind")
	}
	var msgs []string
	for _, od := range outDirs {
		s := stageWith(t, od.out)
		if err := s.WriteRaw("ro/a.html", nil); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(filepath.Join(s.staging, "ro"), 0o555); err != nil {
			t.Fatal(err)
		}
		errFile := s.WriteRaw("ro/b.html", nil)
		errDir := s.WriteRaw("ro/sub/index.html", nil)
		for _, err := range []error{errFile, errDir} {
			if !errors.Is(err, fs.ErrPermission) {
				t.Errorf("%s: got %v, want permission denied", od.name, err)
			}
		}
		msgs = append(msgs, strings.ReplaceAll(fmt.Sprint(errFile, "; ", errDir), s.staging, "<staging>"))
		os.Chmod(filepath.Join(s.staging, "ro"), 0o755)
		s.Abort()
	}
	if msgs[0] != msgs[1] {
		t.Errorf("errors %s, want %s", msgs[0], msgs[1])
	}
	if want := "write ro/b.html: open <staging>/ro/b.html: permission denied"; !strings.Contains(msgs[0], want) {
		t.Errorf("errors %s, want %s", msgs[0], want)
	}
}

// TestWriteAfterCommitClosed checks the descriptor of the staging tree is
// released by Commit, and a late write fails with the usual message.
func TestWriteAfterCommitClosed(t *testing.T) {
	s := stageWith(t, nil)
	if err := s.WriteRaw("a/index.html", []byte("a")); err != nil {
		t.Fatal(err)
	}
	if err := s.Commit(); err != nil {
		t.Fatal(err)
	}
	err := s.WriteRaw("a/late.html", []byte("x"))
	if err == nil || err.Error() != "write a/late.html: output already committed or aborted" {
		t.Errorf("got %v", err)
	}
	if _, err := os.Stat(filepath.Join(s.dest, "a", "late.html")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("late file written: %v", err)
	}
}
