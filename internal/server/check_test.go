package server_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/congbo/congbo/internal/build"
	"github.com/congbo/congbo/internal/server"
)

// As congbo serve runs them, the served builder and the check both take
// their "now" from the clock, the check later: it renders at the served
// site's time, so a layout printing the clock does not "differ".
func TestCheckerClock(t *testing.T) {
	dir := writeSite(t, portal+"-- layouts/page.html --\n{{define \"main\"}}<p>Cập nhật lúc {{.Site.Now.Format \"15:04:05.000\"}}</p>{{end}}\n")
	var logs syncLog
	srv := server.New(server.Options{Builder: server.NewIncrementalBuilder(build.Options{Source: dir}), Logf: logs.logf})
	if err := srv.Rebuild(t.Context(), server.Change{Full: true}); err != nil {
		t.Fatal(err)
	}
	writeFile(t, dir, "content/tin/a.md", "---\ntitle: Tin A\ndate: 2026-11-20\n---\nSửa.\n")
	if err := srv.Rebuild(t.Context(), server.Change{Paths: []string{"content/tin/a.md"}}); err != nil {
		t.Fatal(err)
	}
	time.Sleep(10 * time.Millisecond) // serve waits 2 s
	check := server.NewChecker(build.Options{Source: dir, Workers: 1})
	if n := srv.Verify(t.Context(), check); n != 0 {
		t.Errorf("Verify = %d: a correct rebuild reported as a bug:\n%s", n, logs.String())
	}
}

// Verify resets the builder, then rebuilds with the check's context. A
// change arriving meanwhile (serve cancels that context, then waits for
// the build lock) stops that rebuild: the reset must hold for the next
// build, which reads everything again.
func TestVerifyResetKept(t *testing.T) {
	dir := writeSite(t, portal)
	var loads atomic.Int32
	b := server.NewIncrementalBuilder(build.Options{Source: dir, Now: now, Loaded: func(int) { loads.Add(1) }})
	ctx, cancel := context.WithCancel(t.Context())
	srv := server.New(server.Options{Builder: b, Logf: func(f string, a ...any) {
		if strings.Contains(f, "check:") {
			cancel() // the editor's next change, while Verify holds the lock
		}
	}})
	if err := srv.Rebuild(t.Context(), server.Change{Full: true}); err != nil {
		t.Fatal(err)
	}
	differs := func(context.Context, *server.Site) ([]string, error) { return []string{"index.html"}, nil }
	srv.Verify(ctx, differs)
	writeFile(t, dir, "content/tin/a.md", "---\ntitle: Tin A\ndate: 2026-11-20\n---\nSửa.\n")
	if err := srv.Rebuild(t.Context(), server.Change{Paths: []string{"content/tin/a.md"}}); err != nil {
		t.Fatal(err)
	}
	if got := loads.Load(); got != 2 {
		t.Errorf("content read %d times, want 2: the Reset Verify asked for was lost", got)
	}
}

// The same at the builder: a Build stopped before it started keeps the
// Reset for the next.
func TestResetKeptOnCancelledBuild(t *testing.T) {
	dir := writeSite(t, portal)
	var loads atomic.Int32
	b := server.NewIncrementalBuilder(build.Options{Source: dir, Now: now, Loaded: func(int) { loads.Add(1) }})
	if _, err := b.Build(t.Context(), server.Change{Full: true}); err != nil {
		t.Fatal(err)
	}
	b.Reset()
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := b.Build(ctx, server.Change{}); err == nil {
		t.Fatal("cancelled build succeeded")
	}
	if _, err := b.Build(t.Context(), server.Change{Paths: []string{"content/tin/a.md"}}); err != nil {
		t.Fatal(err)
	}
	if got := loads.Load(); got != 2 {
		t.Errorf("content read %d times, want 2 (Reset lost)", got)
	}
}

// congbo serve may run two checks at once (the first, cancelled, still
// loading when the next starts): run with -race.
func TestCheckerConcurrent(t *testing.T) {
	dir := writeSite(t, portal)
	check := server.NewChecker(build.Options{Source: dir, Now: now, Workers: 1})
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() {
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			check(ctx, &server.Site{Files: map[string][]byte{}})
		})
	}
	wg.Wait()
}

// Pages whose layout shows other pages' .Content render one at a time in
// the Session as in the check (one worker): no false difference.
func TestCheckerReadsOthers(t *testing.T) {
	archive := portal + "-- layouts/page.html --\n" +
		`{{define "main"}}{{range .Page.Section.Pages}}[{{.Content}}]{{end}}{{end}}` + "\n"
	for i := range 30 {
		archive += fmt.Sprintf("-- content/tin/c%02d.md --\n---\ntitle: Tin %d\ndate: 2026-11-%02d\n---\nNội dung %d.\n", i, i, i%28+1, i)
	}
	dir := writeSite(t, archive)
	var logs syncLog
	srv := server.New(server.Options{Builder: server.NewIncrementalBuilder(build.Options{Source: dir, Now: now}), Logf: logs.logf})
	if err := srv.Rebuild(t.Context(), server.Change{Full: true}); err != nil {
		t.Fatal(err)
	}
	if n := srv.Verify(t.Context(), server.NewChecker(build.Options{Source: dir, Now: now, Workers: 1})); n != 0 {
		t.Errorf("Verify = %d\n%s", n, logs.String())
	}
}
