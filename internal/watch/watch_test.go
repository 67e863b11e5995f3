package watch

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/fsnotify/fsnotify"
)

// quiet is how long a test waits to be sure no further batch comes. The
// debounce in tests is long enough that a loaded machine (two cores, the
// race detector) does not split one save into two batches.
const (
	testDebounce = 150 * time.Millisecond
	quiet        = 600 * time.Millisecond
)

// harness runs a real Watcher over a temp dir and collects its batches.
type harness struct {
	t       *testing.T
	dir     string
	w       *Watcher
	batches chan Batch
	logMu   sync.Mutex
	log     []string
}

func start(t *testing.T, setup func(dir string), tweak func(*Options)) *harness {
	t.Helper()
	h := &harness{t: t, dir: t.TempDir(), batches: make(chan Batch, 100)}
	for _, d := range []string{"content/thong-bao", "layouts", "static", "public"} {
		h.mkdir(d)
	}
	h.write("site.yaml", "title: x\n")
	h.write("content/thong-bao/a.md", "---\ntitle: A\n---\nA\n")
	if setup != nil {
		setup(h.dir)
	}
	opts := Options{
		Root:     h.dir,
		Debounce: testDebounce,
		Skip:     func(rel string) bool { return rel == "public" },
		Logf: func(format string, args ...any) {
			h.logMu.Lock()
			h.log = append(h.log, fmt.Sprintf(format, args...))
			h.logMu.Unlock()
		},
	}
	if tweak != nil {
		tweak(&opts)
	}
	w, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	h.w = w
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx, func(b Batch) { h.batches <- b }) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
	})
	return h
}

func (h *harness) path(rel string) string { return filepath.Join(h.dir, filepath.FromSlash(rel)) }

func (h *harness) mkdir(rel string) {
	h.t.Helper()
	if err := os.MkdirAll(h.path(rel), 0o755); err != nil {
		h.t.Fatal(err)
	}
}

func (h *harness) write(rel, data string) {
	h.t.Helper()
	if err := os.WriteFile(h.path(rel), []byte(data), 0o644); err != nil {
		h.t.Fatal(err)
	}
}

func (h *harness) rename(from, to string) {
	h.t.Helper()
	if err := os.Rename(h.path(from), h.path(to)); err != nil {
		h.t.Fatal(err)
	}
}

func (h *harness) remove(rel string) {
	h.t.Helper()
	if err := os.Remove(h.path(rel)); err != nil {
		h.t.Fatal(err)
	}
}

// next waits for one batch.
func (h *harness) next() Batch {
	h.t.Helper()
	select {
	case b := <-h.batches:
		return b
	case <-time.After(10 * time.Second):
		h.t.Fatal("no batch within 10s")
		return Batch{}
	}
}

// none checks that no batch arrives for a while.
func (h *harness) none() {
	h.t.Helper()
	select {
	case b := <-h.batches:
		h.t.Fatalf("unexpected batch %+v", b)
	case <-time.After(quiet):
	}
}

// Editor save patterns, each replayed against a real fsnotify watcher: one
// save is one batch naming the real file and never a temporary one.
func TestEditorSaves(t *testing.T) {
	const a = "content/thong-bao/a.md"
	tests := []struct {
		name string
		save func(h *harness)
		want []string // exactly these paths, in one batch
	}{
		{"vim rename save (backupcopy=no)", func(h *harness) {
			h.write("content/thong-bao/4913", "")
			h.remove("content/thong-bao/4913")
			h.write("content/thong-bao/.a.md.swp", "swap")
			h.rename(a, a+"~")
			h.write(a, "---\ntitle: A\n---\nvim\n")
			os.Chmod(h.path(a), 0o644)
			h.remove(a + "~")
			h.remove("content/thong-bao/.a.md.swp")
		}, []string{a}},
		{"JetBrains safe write: RENAME and CREATE, no WRITE", func(h *harness) {
			h.write(a+"___jb_tmp___", "---\ntitle: A\n---\njb\n")
			h.rename(a, a+"___jb_old___")
			h.rename(a+"___jb_tmp___", a)
			h.remove(a + "___jb_old___")
		}, []string{a}},
		{"VS Code direct write (truncate, write)", func(h *harness) {
			f, err := os.OpenFile(h.path(a), os.O_WRONLY|os.O_TRUNC, 0)
			if err != nil {
				t.Fatal(err)
			}
			f.WriteString("---\ntitle: A\n---\n")
			time.Sleep(5 * time.Millisecond) // an empty-then-partial file is visible for a moment
			f.WriteString("vscode\n")
			f.Close()
		}, []string{a}},
		{"sed -i", func(h *harness) {
			h.write("content/thong-bao/sedX1b2C3", "---\ntitle: A\n---\nsed\n")
			h.rename("content/thong-bao/sedX1b2C3", a)
		}, []string{a}},
		{"delete", func(h *harness) { h.remove(a) }, []string{a}},
		{"rename", func(h *harness) { h.rename(a, "content/thong-bao/b.md") },
			[]string{a, "content/thong-bao/b.md"}},
		{"new file in a new section", func(h *harness) {
			h.mkdir("content/tin")
			h.write("content/tin/x.md", "x")
		}, []string{"content/tin", "content/tin/x.md"}},
		{"site.yaml", func(h *harness) { h.write("site.yaml", "title: y\n") }, []string{"site.yaml"}},
		{"layout and static", func(h *harness) {
			h.write("layouts/single.html", "x")
			h.write("static/logo.svg", "<svg/>")
		}, []string{"layouts/single.html", "static/logo.svg"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := start(t, nil, nil)
			tt.save(h)
			if got := h.next(); got.Full || !slices.Equal(got.Paths, tt.want) {
				t.Errorf("batch = %+v, want paths %q", got, tt.want)
			}
			h.none()
		})
	}
}

// Events that are not changes to the site never start a build.
func TestIgnored(t *testing.T) {
	tests := []struct {
		name string
		do   func(h *harness)
	}{
		{"chmod only", func(h *harness) { os.Chmod(h.path("content/thong-bao/a.md"), 0o600) }},
		{"vim swap file", func(h *harness) {
			h.write("content/thong-bao/.a.md.swp", "1")
			h.write("content/thong-bao/.a.md.swp", "2")
			h.remove("content/thong-bao/.a.md.swp")
		}},
		{"emacs lock and auto-save", func(h *harness) {
			os.Symlink("user@host.1:1", h.path("content/thong-bao/.#a.md"))
			h.write("content/thong-bao/#a.md#", "x")
		}},
		{"output directory", func(h *harness) { h.write("public/index.html", "x") }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := start(t, nil, nil)
			tt.do(h)
			h.none()
		})
	}
}

// mkdir -p a/b/c sends one CREATE, for a; the watcher must watch b and c
// and report the file written into c before its watch existed, then keep
// seeing later writes there.
func TestMkdirP(t *testing.T) {
	h := start(t, nil, nil)
	h.mkdir("content/a/b/c")
	h.write("content/a/b/c/x.md", "1")
	got := h.next()
	for _, p := range []string{"content/a", "content/a/b/c/x.md"} {
		if !slices.Contains(got.Paths, p) {
			t.Errorf("batch %q lacks %s", got.Paths, p)
		}
	}
	h.none()
	h.write("content/a/b/c/y.md", "2")
	if got := h.next(); !slices.Equal(got.Paths, []string{"content/a/b/c/y.md"}) {
		t.Errorf("later write: batch %+v", got)
	}
}

// A renamed directory is watched under its new name only.
func TestRenameDirectory(t *testing.T) {
	h := start(t, func(dir string) {
		os.MkdirAll(filepath.Join(dir, "content/old/sub"), 0o755)
	}, nil)
	h.rename("content/old", "content/new")
	got := h.next()
	for _, p := range []string{"content/old", "content/new", "content/new/sub"} {
		if !slices.Contains(got.Paths, p) {
			t.Errorf("batch %q lacks %s", got.Paths, p)
		}
	}
	h.none()
	h.write("content/new/sub/x.md", "x")
	if got := h.next(); !slices.Equal(got.Paths, []string{"content/new/sub/x.md"}) {
		t.Errorf("write after rename: batch %+v", got)
	}
}

// A burst like a git checkout of 1,000 files is one batch with every path.
func TestBurstIsOneBatch(t *testing.T) {
	h := start(t, nil, nil)
	var want []string
	for i := range 1000 {
		rel := fmt.Sprintf("content/thong-bao/p%04d.md", i)
		want = append(want, rel)
		h.write(rel, "x")
	}
	got := h.next()
	if got.Full || !slices.Equal(got.Paths, want) {
		t.Errorf("batch: full=%v, %d paths, want %d", got.Full, len(got.Paths), len(want))
	}
	h.none()
}

// More paths than MaxPaths make a Full batch.
func TestLargeBurstIsFull(t *testing.T) {
	h := start(t, nil, func(o *Options) { o.MaxPaths = 10 })
	for i := range 20 {
		h.write(fmt.Sprintf("content/thong-bao/p%d.md", i), "x")
	}
	if got := h.next(); !got.Full || got.Paths != nil {
		t.Errorf("batch = %+v, want Full", got)
	}
	h.none()
}

// Events that arrive while the handler runs form exactly one next batch.
func TestOneBuildAtATime(t *testing.T) {
	h := &harness{t: t, dir: t.TempDir()}
	h.mkdir("content")
	w, err := New(Options{Root: h.dir, Debounce: 20 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	var (
		mu      sync.Mutex
		running int
		got     []Batch
	)
	calls := make(chan struct{}, 10)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		w.Run(ctx, func(b Batch) {
			mu.Lock()
			running++
			if running > 1 {
				t.Error("two handlers at once")
			}
			got = append(got, b)
			mu.Unlock()
			calls <- struct{}{}
			time.Sleep(500 * time.Millisecond) // a slow build
			mu.Lock()
			running--
			mu.Unlock()
		})
	}()
	h.write("content/1.md", "x")
	<-calls
	for i := 2; i <= 5; i++ { // during the build
		h.write(fmt.Sprintf("content/%d.md", i), "x")
		time.Sleep(30 * time.Millisecond)
	}
	<-calls
	time.Sleep(quiet)
	cancel()
	<-done
	mu.Lock()
	defer mu.Unlock()
	want := [][]string{{"content/1.md"}, {"content/2.md", "content/3.md", "content/4.md", "content/5.md"}}
	if len(got) != 2 || !slices.Equal(got[0].Paths, want[0]) || !slices.Equal(got[1].Paths, want[1]) {
		t.Errorf("batches = %+v, want %q", got, want)
	}
}

// When the kernel queue overflows, events were lost: the batch is Full.
func TestQueueOverflowIsFull(t *testing.T) {
	max := 16384
	if b, err := os.ReadFile("/proc/sys/fs/inotify/max_queued_events"); err == nil {
		fmt.Sscan(string(b), &max)
	}
	if max > 100000 {
		t.Skipf("fs.inotify.max_queued_events=%d: too large to overflow in a test", max)
	}
	dir := t.TempDir()
	w, err := New(Options{Root: dir, Debounce: testDebounce})
	if err != nil {
		t.Fatal(err)
	}
	// Nobody reads events before Run, so the kernel queue fills up.
	for i := range max + 100 {
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprint(i)), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	batches := make(chan Batch, 10)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go w.Run(ctx, func(b Batch) { batches <- b })
	select {
	case b := <-batches:
		if !b.Full {
			t.Errorf("batch after overflow is not Full (%d paths)", len(b.Paths))
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no batch after overflow")
	}
}

// limitAfter returns an addWatch that fails like inotify_add_watch at the
// watch limit once n watches exist.
func limitAfter(n int) func(*fsnotify.Watcher, string) error {
	var count int
	return func(fsw *fsnotify.Watcher, dir string) error {
		if count >= n {
			return fmt.Errorf("add watch: %w", syscall.ENOSPC)
		}
		count++
		return fsw.Add(dir)
	}
}

// At the inotify watch limit the watcher names the sysctl and polls.
func TestWatchLimitFallsBackToPolling(t *testing.T) {
	h := start(t, nil, func(o *Options) {
		o.addWatch = limitAfter(2)
		o.PollInterval = 50 * time.Millisecond
	})
	if !h.w.Polling() {
		t.Fatal("not polling after the watch limit")
	}
	h.logMu.Lock()
	log := strings.Join(h.log, "\n")
	h.logMu.Unlock()
	for _, want := range []string{"fs.inotify.max_user_watches", "polling"} {
		if !strings.Contains(log, want) {
			t.Errorf("log lacks %q:\n%s", want, log)
		}
	}
	h.write("content/thong-bao/a.md", "changed, and a different size")
	if got := h.next(); !slices.Equal(got.Paths, []string{"content/thong-bao/a.md"}) {
		t.Errorf("polled batch = %+v", got)
	}
	h.none()
	h.write("public/x.html", "skipped")
	h.write("content/thong-bao/.a.md.swp", "temp")
	h.none()
}

// TestRootThroughSymlink: `congbo serve --source LINK` with LINK a symlink
// to the site sees edits under it, with inotify and when polling.
func TestRootThroughSymlink(t *testing.T) {
	for _, polling := range []bool{false, true} {
		t.Run(fmt.Sprintf("polling=%v", polling), func(t *testing.T) {
			link := filepath.Join(t.TempDir(), "site")
			h := start(t, func(dir string) {
				if err := os.Symlink(dir, link); err != nil {
					t.Fatal(err)
				}
			}, func(o *Options) {
				o.Root = link
				if polling {
					o.addWatch = limitAfter(0)
					o.PollInterval = 50 * time.Millisecond
				}
			})
			if h.w.Polling() != polling {
				t.Fatalf("Polling() = %v, want %v", h.w.Polling(), polling)
			}
			h.write("content/thong-bao/a.md", "changed, and a different size")
			if got := h.next(); !slices.Equal(got.Paths, []string{"content/thong-bao/a.md"}) {
				t.Errorf("batch = %+v, want the edited page", got)
			}
			h.write("public/x.html", "skipped")
			h.none()
		})
	}
}

// Hitting the limit later, for a new directory, also switches to polling,
// and the next batch is Full since changes may have been missed meanwhile.
func TestWatchLimitLater(t *testing.T) {
	h := start(t, nil, func(o *Options) {
		o.addWatch = limitAfter(6) // root, content, content/thong-bao, layouts, static + 1
		o.PollInterval = 50 * time.Millisecond
	})
	if h.w.Polling() {
		t.Fatal("polling from the start")
	}
	h.mkdir("content/a/b")
	if got := h.next(); !got.Full {
		t.Errorf("batch after switching to polling = %+v, want Full", got)
	}
	h.write("content/a/b/x.md", "x")
	if got := h.next(); !slices.Equal(got.Paths, []string{"content/a/b/x.md"}) {
		t.Errorf("polled batch = %+v", got)
	}
}

func TestSiteSkip(t *testing.T) {
	tests := []struct {
		rel  string
		want bool
	}{
		{"content", false},
		{"content/thong-bao/a.md", false},
		{"layouts/partials", false},
		{"static", false},
		{"data/units.yaml", false},
		{"site.yaml", false},
		{"menus.json", false},
		{"static/.well-known", false},
		{"static/.htaccess", false},
		{"public", true},
		{"public/index.html", true},
		{"README.md", true},
		{"internal", true},
		{".git", true},
		{".public.staging-123", true},
		{".site.yaml", true},
		{"content/.git", true},
		{"layouts/node_modules", true},
	}
	for _, tt := range tests {
		if got := SiteSkip(tt.rel); got != tt.want {
			t.Errorf("SiteSkip(%q) = %v, want %v", tt.rel, got, tt.want)
		}
	}
}
