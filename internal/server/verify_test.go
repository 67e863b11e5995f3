package server_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/congbo/congbo/internal/build"
	"github.com/congbo/congbo/internal/render"
	"github.com/congbo/congbo/internal/server"
)

// resettable is a Builder that serves one site and then, once Reset,
// another, counting Resets.
type resettable struct {
	site, after *server.Site
	reset       bool
	resets      int
}

func (b *resettable) Build(context.Context, server.Change) (*server.Site, error) {
	if b.reset {
		b.reset = false
		return b.after, nil
	}
	return b.site, nil
}
func (b *resettable) Reset() { b.reset = true; b.resets++ }

func checker(differ []string, err error) server.Checker {
	return func(context.Context, *server.Site) ([]string, error) { return differ, err }
}

// Verify checks the served site: the same as a full build, nothing
// happens; a difference, or a full build that fails, is logged, the
// builder reset and everything built again.
func TestVerify(t *testing.T) {
	stale := &server.Site{Files: map[string][]byte{"index.html": []byte("cũ")}}
	fresh := &server.Site{Files: map[string][]byte{"index.html": []byte("mới")}}
	for _, tc := range []struct {
		name   string
		check  server.Checker
		differ int
		log    string
	}{
		{"same", checker(nil, nil), 0, ""},
		{"stale", checker([]string{"index.html", "tin/index.html"}, nil), 2, "2 file(s) differed from a full build"},
		{"full build fails", checker(nil, errors.New("content/a.md:1:1: hỏng")), 1, "a full build fails where the last rebuild did not"},
		{"stopped", checker(nil, errors.Join(errors.New("x"), renderStopped)), 0, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var logs syncLog
			b := &resettable{site: stale, after: fresh}
			srv := server.New(server.Options{Builder: b, Logf: logs.logf})
			if err := srv.Rebuild(t.Context(), server.Change{Full: true}); err != nil {
				t.Fatal(err)
			}
			if got := srv.Verify(t.Context(), tc.check); got != tc.differ {
				t.Errorf("Verify = %d, want %d", got, tc.differ)
			}
			if checked := strings.Contains(logs.String(), "check:"); checked != (tc.log != "") || !strings.Contains(logs.String(), tc.log) {
				t.Errorf("log %q, want %q", logs.String(), tc.log)
			}
			if want := min(tc.differ, 1); b.resets != want {
				t.Errorf("%d resets, want %d", b.resets, want)
			}
		})
	}
}

// A build during the check wins: Verify gives up, as what it checked is
// no longer served; so does a cancelled one.
func TestVerifyGivesWayToBuilds(t *testing.T) {
	b := &resettable{site: &server.Site{Files: map[string][]byte{"index.html": []byte("cũ")}}}
	srv := server.New(server.Options{Builder: b})
	if err := srv.Rebuild(t.Context(), server.Change{Full: true}); err != nil {
		t.Fatal(err)
	}
	during := func(ctx context.Context, _ *server.Site) ([]string, error) {
		srv.Rebuild(ctx, server.Change{Paths: []string{"content/a.md"}})
		return []string{"index.html"}, nil
	}
	if got := srv.Verify(t.Context(), during); got != 0 || b.resets != 0 {
		t.Errorf("Verify = %d with %d resets, want 0 and 0", got, b.resets)
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if got := srv.Verify(ctx, checker([]string{"index.html"}, nil)); got != 0 {
		t.Errorf("Verify after cancel = %d, want 0", got)
	}
	// A file saved while the check ran, which the watcher hands over just
	// after it found the difference: the change's stop comes first.
	ctx, cancel = context.WithCancel(t.Context())
	defer cancel()
	saved := func(context.Context, *server.Site) ([]string, error) {
		time.AfterFunc(20*time.Millisecond, cancel) // the watcher's batch stops the check
		return []string{"index.html"}, nil
	}
	if got := srv.Verify(ctx, saved); got != 0 || b.resets != 0 {
		t.Errorf("Verify with a change just after = %d with %d resets, want 0 and 0", got, b.resets)
	}
}

// On a small portal NewChecker finds the incremental builder's site equal
// to a full build's, after a body edit too, rendering at the site's own
// build time; it finds each changed byte, added or missing file; it stops
// when its context ends.
func TestChecker(t *testing.T) {
	dir := writeSite(t, portal)
	// Current at the builds' time (now), expired by the wall clock: a
	// check at the wall clock would differ.
	writeFile(t, dir, "content/thong-bao/het-han.md", "---\ntitle: Hết hạn\ndate: 2026-11-01T08:00:00+07:00\nexpiryDate: 2026-12-03T00:00:00+07:00\n---\nSắp hết hạn.\n")
	opts := build.Options{Source: dir, Now: now}
	b := server.NewIncrementalBuilder(opts)
	if _, err := b.Build(t.Context(), server.Change{Full: true}); err != nil {
		t.Fatal(err)
	}
	writeFile(t, dir, "content/thong-bao/a.md", "---\ntitle: Thông báo A\ndate: 2026-03-01T08:00:00+07:00\n---\nNội dung mới.\n")
	site, err := b.Build(t.Context(), server.Change{Paths: []string{"content/thong-bao/a.md"}})
	if err != nil {
		t.Fatal(err)
	}
	check := server.NewChecker(build.Options{Source: dir, Workers: 1}) // the site's own time
	if differ, err := check(t.Context(), site); err != nil || len(differ) != 0 {
		t.Fatalf("check = %v, %v; want nothing", differ, err)
	}
	files := map[string][]byte{"extra.html": []byte("x")}
	for p, b := range site.Files {
		files[p] = b
	}
	delete(files, "index.xml")
	files["index.html"] = append([]byte(nil), files["index.html"]...)
	files["index.html"][len(files["index.html"])-1] ^= 1
	if differ, err := check(t.Context(), &server.Site{Files: files, Now: site.Now}); err != nil || strings.Join(differ, " ") != "extra.html index.html index.xml" {
		t.Errorf("check = %v, %v; want extra.html index.html index.xml", differ, err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := check(ctx, site); err == nil {
		t.Error("a cancelled check ran")
	}
}

var renderStopped = render.ErrStopped
