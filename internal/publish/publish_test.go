package publish

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
)

// readTree returns every regular file under dir as slash path → content.
func readTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	got := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		got[filepath.ToSlash(rel)] = string(b)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// writeTree creates files (slash path → content) under dir.
func writeTree(t testing.TB, dir string, files map[string]string) {
	t.Helper()
	for rel, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// names lists the entries of dir, sorted.
func names(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	sort.Strings(got)
	return got
}

func equalTrees(t *testing.T, got, want map[string]string) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("got %d files %v, want %d files %v", len(got), got, len(want), want)
	}
	for k, w := range want {
		if g, ok := got[k]; !ok || g != w {
			t.Errorf("file %s: got %q (present %v), want %q", k, g, ok, w)
		}
	}
}

func mustWrite(t *testing.T, s *Stager, files map[string]string) {
	t.Helper()
	for rel, data := range files {
		if err := s.Write(rel, []byte(data)); err != nil {
			t.Fatal(err)
		}
	}
}

func TestCommitNewDest(t *testing.T) {
	parent := filepath.Join(t.TempDir(), "missing", "parent")
	dest := filepath.Join(parent, "public")
	s, err := Stage(dest, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"index.html":             "<p>home</p>",
		"thong-cao/a/index.html": "<p>a</p>",
		"feed.xml":               "<rss/>",
	}
	mustWrite(t, s, want)
	if err := s.Commit(); err != nil {
		t.Fatal(err)
	}
	equalTrees(t, readTree(t, dest), want)
	if got, want := names(t, parent), []string{"public"}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("parent holds %v, want %v", got, want)
	}
	if got, want := s.Files(), 3; got != want {
		t.Errorf("Files() = %d, want %d", got, want)
	}
	if got, want := s.Bytes(), int64(len("<p>home</p><p>a</p><rss/>")); got != want {
		t.Errorf("Bytes() = %d, want %d", got, want)
	}
	fi, err := os.Stat(dest)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := fi.Mode().Perm(), fs.FileMode(0o755); got&want != want {
		t.Errorf("dest mode %v, want at least %v", got, want)
	}
}

// TestCommitReplaces swaps in a new tree over a non-empty dest, with the
// atomic exchange and with the two-rename fallback.
func TestCommitReplaces(t *testing.T) {
	tests := []struct {
		name     string
		exchange func(a, b string) error // nil: the platform's
	}{
		{name: "exchange"},
		{name: "fallback", exchange: func(a, b string) error { return errExchangeUnsupported }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parent := t.TempDir()
			dest := filepath.Join(parent, "public")
			writeTree(t, dest, map[string]string{
				"index.html":           "old home",
				"removed/index.html":   "a page that no longer exists",
				"removed/deep/img.png": "x",
			})
			s, err := Stage(dest, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if tt.exchange != nil {
				s.exchange = tt.exchange
			}
			want := map[string]string{"index.html": "new home", "css/style.css": "body{}"}
			mustWrite(t, s, want)
			if err := s.Commit(); err != nil {
				t.Fatal(err)
			}
			equalTrees(t, readTree(t, dest), want)
			if got, want := names(t, parent), []string{"public"}; fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("parent holds %v, want %v (old tree removed)", got, want)
			}
		})
	}
}

func TestAbortLeavesDest(t *testing.T) {
	parent := t.TempDir()
	dest := filepath.Join(parent, "public")
	old := map[string]string{"index.html": "old", "a/index.html": "a"}
	writeTree(t, dest, old)
	s, err := Stage(dest, Options{})
	if err != nil {
		t.Fatal(err)
	}
	mustWrite(t, s, map[string]string{"index.html": "new", "b/index.html": "b"})
	if err := s.Abort(); err != nil {
		t.Fatal(err)
	}
	equalTrees(t, readTree(t, dest), old)
	if got, want := names(t, parent), []string{"public"}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("parent holds %v, want %v", got, want)
	}
	if err := s.Write("c.html", nil); err == nil {
		t.Error("Write after Abort: got nil error")
	}
	if err := s.Commit(); err == nil {
		t.Error("Commit after Abort: got nil error")
	}
}

// TestKilledHalfway simulates a build killed before Commit: its staging
// directory stays behind, and the next Stage removes it with dest intact.
func TestKilledHalfway(t *testing.T) {
	parent := t.TempDir()
	dest := filepath.Join(parent, "public")
	old := map[string]string{"index.html": "old"}
	writeTree(t, dest, old)
	writeTree(t, parent, map[string]string{
		".public.old-0123456789abcdef/index.html": "left by a fallback swap",
		".other.staging-1/index.html":             "another destination's build",
	})

	// What a build killed halfway leaves: its staging tree, half
	// written, and the lock file whose lock the kernel dropped.
	killed := filepath.Join(parent, ".public.staging-1234567890")
	writeTree(t, killed, map[string]string{"index.html": "half", "a/index.html": "half"})
	writeTree(t, parent, map[string]string{".public.lock": ""})

	s, err := Stage(dest, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(killed); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("stale staging dir %s: got err %v, want not exist", killed, err)
	}
	equalTrees(t, readTree(t, dest), old)
	want := []string{".other.staging-1", ".public.lock", filepath.Base(s.Dir()), "public"}
	sort.Strings(want)
	if got := names(t, parent); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("parent holds %v, want %v", got, want)
	}
	if !strings.HasPrefix(filepath.Base(s.Dir()), ".public.staging-") {
		t.Errorf("staging dir %s, want .public.staging-*", s.Dir())
	}
	if err := s.Abort(); err != nil {
		t.Fatal(err)
	}
}

func TestCommitRefuses(t *testing.T) {
	tests := []struct {
		name    string
		setup   func(t *testing.T, dest string)
		wantErr string
	}{
		{
			name: "regular file",
			setup: func(t *testing.T, dest string) {
				if err := os.WriteFile(dest, []byte("x"), 0o644); err != nil {
					t.Fatal(err)
				}
			},
			wantErr: "is not a directory",
		},
		{
			name: "symlink",
			setup: func(t *testing.T, dest string) {
				target := filepath.Join(filepath.Dir(dest), "real")
				if err := os.Mkdir(target, 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.Symlink(target, dest); err != nil {
					t.Skip("symlinks unsupported:", err)
				}
			},
			wantErr: "is a symlink",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dest := filepath.Join(t.TempDir(), "public")
			s, err := Stage(dest, Options{})
			if err != nil {
				t.Fatal(err)
			}
			tt.setup(t, dest)
			mustWrite(t, s, map[string]string{"index.html": "new"})
			err = s.Commit()
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("got error %v, want one containing %q", err, tt.wantErr)
			}
			if _, err := os.Stat(s.Dir()); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("staging dir left behind: %v", err)
			}
			if _, err := os.Lstat(dest); err != nil {
				t.Errorf("dest gone: %v", err)
			}
		})
	}
}

// TestStageLocked: while one Stager of a destination is open, a second
// Stage of it fails with what to do and leaves the first's staging tree
// alone (it used to remove it as a killed build's); after Commit or Abort
// the destination can be staged again.
func TestStageLocked(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no flock on Windows")
	}
	dest := filepath.Join(t.TempDir(), "public")
	first, err := Stage(dest, Options{})
	if err != nil {
		t.Fatal(err)
	}
	mustWrite(t, first, map[string]string{"index.html": "first"})
	for _, finish := range []string{"commit", "abort"} {
		_, err := Stage(dest, Options{})
		if err == nil || !strings.Contains(err.Error(), "another congbo build is writing "+dest) ||
			!strings.Contains(err.Error(), "wait for it to finish, or build into another destination") {
			t.Fatalf("second Stage: got error %v, want the destination named busy", err)
		}
		if _, err := os.Stat(filepath.Join(first.Dir(), "index.html")); err != nil {
			t.Fatalf("second Stage touched the first's staging tree: %v", err)
		}
		if finish == "commit" {
			err = first.Commit()
		} else {
			err = first.Abort()
		}
		if err != nil {
			t.Fatal(err)
		}
		if first, err = Stage(dest, Options{}); err != nil {
			t.Fatalf("Stage after %s: %v", finish, err)
		}
		mustWrite(t, first, map[string]string{"index.html": "next"})
	}
	if err := first.Abort(); err != nil {
		t.Fatal(err)
	}
}

// TestStageRefuses: a destination Commit would refuse is refused by Stage,
// before a build does its work, with what to do, and nothing is staged.
func TestStageRefuses(t *testing.T) {
	for _, tt := range []struct {
		name    string
		setup   func(t *testing.T, dest string)
		wantErr string
	}{
		{"regular file", func(t *testing.T, dest string) {
			if err := os.WriteFile(dest, []byte("x"), 0o644); err != nil {
				t.Fatal(err)
			}
		}, "is not a directory; refusing to replace it (remove the file"},
		{"symlink", func(t *testing.T, dest string) {
			target := filepath.Join(filepath.Dir(dest), "real")
			if err := os.Mkdir(target, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(target, dest); err != nil {
				t.Skip("symlinks unsupported:", err)
			}
		}, "is a symlink to %s; refusing to replace it (build into the directory itself: %s)"},
		{"dangling symlink", func(t *testing.T, dest string) {
			if err := os.Symlink(filepath.Join(filepath.Dir(dest), "gone"), dest); err != nil {
				t.Skip("symlinks unsupported:", err)
			}
		}, "is a symlink; refusing to replace it (remove the link"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			parent := t.TempDir()
			dest := filepath.Join(parent, "public")
			tt.setup(t, dest)
			want := tt.wantErr
			if strings.Contains(want, "%s") {
				real, err := filepath.EvalSymlinks(dest)
				if err != nil {
					t.Fatal(err)
				}
				want = fmt.Sprintf(want, real, real)
			}
			_, err := Stage(dest, Options{})
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Fatalf("Stage: got error %v, want one containing %q", err, want)
			}
			entries, err := os.ReadDir(parent)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range entries {
				if strings.HasPrefix(e.Name(), ".public.") {
					t.Errorf("Stage left %s behind", e.Name())
				}
			}
		})
	}
}

func TestWritePathSafety(t *testing.T) {
	tests := []struct {
		rel     string
		wantErr string // "" means the write succeeds
	}{
		{"index.html", ""},
		{"a/b/c.html", ""},
		{".well-known/security.txt", ""},
		{"tin-tuc/..bai..viet/index.html", ""},
		{"", "escapes the output directory"},
		{".", "escapes the output directory"},
		{"..", "escapes the output directory"},
		{"../x.html", "escapes the output directory"},
		{"a/../../x.html", "escapes the output directory"},
		{"a/../x.html", "escapes the output directory"},
		{"/etc/passwd", "escapes the output directory"},
		{"./a.html", "escapes the output directory"},
		{"a//b.html", "escapes the output directory"},
		{"a/", "escapes the output directory"},
		{`..\x.html`, "backslash or control character"},
		{`a\b.html`, "backslash or control character"},
		{"a\x00.html", "backslash or control character"},
		{"a\n.html", "backslash or control character"},
		{"a\x7f.html", "backslash or control character"},
	}
	s, err := Stage(filepath.Join(t.TempDir(), "public"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Abort()
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%q", tt.rel), func(t *testing.T) {
			err := s.Write(tt.rel, []byte("x"))
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("got error %v, want nil", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Fatalf("got error %v, want one containing %q", err, tt.wantErr)
			case tt.wantErr != "" && !strings.Contains(err.Error(), fmt.Sprintf("%q", tt.rel)):
				t.Errorf("error %q does not name the path", err)
			}
		})
	}
}

func TestWriteTwice(t *testing.T) {
	s, err := Stage(filepath.Join(t.TempDir(), "public"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Abort()
	if err := s.Write("a/index.html", []byte("first")); err != nil {
		t.Fatal(err)
	}
	err = s.WriteRaw("a/index.html", []byte("second"))
	if err == nil || !strings.Contains(err.Error(), "a/index.html: file written twice") {
		t.Fatalf("got error %v, want a/index.html: file written twice", err)
	}
	if got := readTree(t, s.Dir())["a/index.html"]; got != "first" {
		t.Errorf("got %q, want the first write kept", got)
	}
}

func TestConcurrentWrites(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	s, err := Stage(dest, Options{Minify: true})
	if err != nil {
		t.Fatal(err)
	}
	const workers, each = 8, 25
	want := map[string]string{}
	for w := range workers {
		for i := range each {
			want[fmt.Sprintf("s%d/p%d/index.html", w%3, w*each+i)] = fmt.Sprintf("<p>%d</p>", w*each+i)
		}
	}
	var wg sync.WaitGroup
	errs := make(chan error, workers*each)
	rels := make([]string, 0, len(want))
	for rel := range want {
		rels = append(rels, rel)
	}
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(rels); i += workers {
				errs <- s.Write(rels[i], []byte(want[rels[i]]))
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Commit(); err != nil {
		t.Fatal(err)
	}
	equalTrees(t, readTree(t, dest), want)
	if got := s.Files(); got != workers*each {
		t.Errorf("Files() = %d, want %d", got, workers*each)
	}
}

func TestMinifyByMethod(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	s, err := Stage(dest, Options{Minify: true})
	if err != nil {
		t.Fatal(err)
	}
	src := fstest.MapFS{"static/app.css": {Data: []byte("a {  color : red ; }")}}
	steps := []struct {
		rel string
		do  func(rel string) error
	}{
		{"index.html", func(rel string) error { return s.Write(rel, []byte("<p>  a  </p>\n")) }},
		{"style.css", func(rel string) error { return s.Write(rel, []byte("a {  color : red ; }")) }},
		{"raw.html", func(rel string) error { return s.WriteRaw(rel, []byte("<p>  a  </p>\n")) }},
		{"event.ics", func(rel string) error { return s.Write(rel, []byte("BEGIN:VCALENDAR\r\n")) }},
		{"css/app.css", func(rel string) error { return s.Copy(rel, src, "static/app.css") }},
	}
	for _, st := range steps {
		if err := st.do(st.rel); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Commit(); err != nil {
		t.Fatal(err)
	}
	equalTrees(t, readTree(t, dest), map[string]string{
		"index.html":  "<p>a</p>",
		"style.css":   "a{color:red}",
		"raw.html":    "<p>  a  </p>\n",
		"event.ics":   "BEGIN:VCALENDAR\r\n",
		"css/app.css": "a {  color : red ; }",
	})
	if got, want := s.Bytes(), int64(len("<p>a</p>a{color:red}<p>  a  </p>\nBEGIN:VCALENDAR\r\na {  color : red ; }")); got != want {
		t.Errorf("Bytes() = %d, want %d", got, want)
	}
}

func TestWriteMinifyError(t *testing.T) {
	s, err := Stage(filepath.Join(t.TempDir(), "public"), Options{Minify: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Abort()
	err = s.Write("js/app.js", []byte("function ("))
	if err == nil || !strings.Contains(err.Error(), "write js/app.js: minify") {
		t.Fatalf("got error %v, want write js/app.js: minify …", err)
	}
}

func TestCopyMissing(t *testing.T) {
	s, err := Stage(filepath.Join(t.TempDir(), "public"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Abort()
	err = s.Copy("a.png", fstest.MapFS{}, "static/a.png")
	if !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("got error %v, want fs.ErrNotExist", err)
	}
}

func TestStageRootRefused(t *testing.T) {
	if _, err := Stage(string(filepath.Separator), Options{}); err == nil {
		t.Fatal("Stage(/): got nil error")
	}
	if _, err := Stage("", Options{}); err == nil {
		t.Fatal(`Stage(""): got nil error`)
	}
}
