package server_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/congbo/congbo/internal/build"
	"github.com/congbo/congbo/internal/server"
)

// resettable is a Builder that serves what it is given and counts Resets.
type resettable struct {
	site   *server.Site
	resets int
}

func (b *resettable) Build(context.Context, server.Change) (*server.Site, error) { return b.site, nil }
func (b *resettable) Reset()                                                     { b.resets++ }

func fixed(s *server.Site, err error) server.Builder {
	return server.BuilderFunc(func(context.Context, server.Change) (*server.Site, error) { return s, err })
}

// Verify compares the served site with a full build: the same, nothing
// happens; a difference (or a full build that fails) is logged, the full
// build's result served and the builder reset.
func TestVerify(t *testing.T) {
	good := &server.Site{Files: map[string][]byte{"index.html": []byte("<p>mới</p>"), "a/index.html": []byte("a")}, Pages: 1}
	stale := &server.Site{Files: map[string][]byte{"index.html": []byte("<p>cũ</p>"), "a/index.html": []byte("a"), "b/index.html": []byte("b")}, Pages: 1}
	for _, tc := range []struct {
		name      string
		served    *server.Site
		full      server.Builder
		differ    int
		log       string
		errsShown bool
	}{
		{"same", good, fixed(good, nil), 0, "", false},
		{"stale", stale, fixed(good, nil), 2, "2 file(s) differed from a full build", false},
		{"full build fails", good, fixed(nil, errors.New("content/a.md:1:1: hỏng")), 1, "a full build fails", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var logs syncLog
			b := &resettable{site: tc.served}
			srv := server.New(server.Options{Builder: b, Logf: logs.logf})
			if err := srv.Rebuild(t.Context(), server.Change{Full: true}); err != nil {
				t.Fatal(err)
			}
			if got := srv.Verify(t.Context(), tc.full); got != tc.differ {
				t.Errorf("Verify = %d, want %d", got, tc.differ)
			}
			if !strings.Contains(logs.String(), tc.log) || (tc.log == "") != !strings.Contains(logs.String(), "check:") {
				t.Errorf("log %q, want %q", logs.String(), tc.log)
			}
			if want := min(tc.differ, 1); b.resets != want {
				t.Errorf("%d resets, want %d", b.resets, want)
			}
			if got := len(srv.Errors()) > 0; got != tc.errsShown {
				t.Errorf("errors shown: %v, want %v", got, tc.errsShown)
			}
		})
	}
}

// A build during the check wins: Verify gives up, as the served site may
// be newer than the one it rendered.
func TestVerifyGivesWayToBuilds(t *testing.T) {
	stale := &server.Site{Files: map[string][]byte{"index.html": []byte("cũ")}}
	b := &resettable{site: stale}
	srv := server.New(server.Options{Builder: b})
	if err := srv.Rebuild(t.Context(), server.Change{Full: true}); err != nil {
		t.Fatal(err)
	}
	var once sync.Once
	full := server.BuilderFunc(func(ctx context.Context, _ server.Change) (*server.Site, error) {
		once.Do(func() { srv.Rebuild(ctx, server.Change{Paths: []string{"content/a.md"}}) })
		return &server.Site{Files: map[string][]byte{"index.html": []byte("mới")}}, nil
	})
	if got := srv.Verify(t.Context(), full); got != 0 || b.resets != 0 {
		t.Errorf("Verify = %d with %d resets, want 0 and 0", got, b.resets)
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if got := srv.Verify(ctx, fixed(&server.Site{}, nil)); got != 0 {
		t.Errorf("Verify after cancel = %d, want 0", got)
	}
}

// On a small portal the incremental builder and a full build agree,
// after a body edit too; a FullBuilder stops when its context ends.
func TestVerifySamplePortal(t *testing.T) {
	dir := writeSite(t, portal)
	var logs syncLog
	opts := build.Options{Source: dir, Now: now}
	srv := server.New(server.Options{Builder: server.NewIncrementalBuilder(opts), Logf: logs.logf})
	if err := srv.Rebuild(t.Context(), server.Change{Full: true}); err != nil {
		t.Fatal(err)
	}
	writeFile(t, dir, "content/thong-bao/a.md", "---\ntitle: Thông báo A\ndate: 2026-03-01T08:00:00+07:00\n---\nNội dung mới.\n")
	if err := srv.Rebuild(t.Context(), server.Change{Paths: []string{"content/thong-bao/a.md"}}); err != nil {
		t.Fatal(err)
	}
	full := opts
	full.Workers = 1
	if got := srv.Verify(t.Context(), server.NewFullBuilder(full)); got != 0 {
		t.Fatalf("Verify = %d, want 0; log:\n%s", got, logs.String())
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := server.NewFullBuilder(full).Build(ctx, server.Change{Full: true}); err == nil {
		t.Error("a cancelled FullBuilder built")
	}
}
