package server_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/tools/txtar"

	"github.com/congbo/congbo/internal/build"
	"github.com/congbo/congbo/internal/server"
	"github.com/congbo/congbo/internal/watch"
)

// now is the fixed "now" of every test build.
var now = time.Date(2026, 12, 1, 9, 0, 0, 0, time.FixedZone("ICT", 7*3600))

const portal = `
-- site.yaml --
title: Cổng thử nghiệm
baseURL: https://example.gov.vn/
organization:
  name: Bộ Thử nghiệm
sections:
  thong-bao:
    type: announcement
  tin:
    type: page
security:
  contact: mailto:security@example.gov.vn
  expires: 2027-06-01
-- content/_index.md --
---
title: Trang chủ
---
-- content/tin/a.md --
---
title: Tin A
date: 2026-11-20
---
Nội dung tin A.
-- content/tin/b.md --
---
title: Tin B
date: 2026-11-21
---
Nội dung tin B.
-- static/robots-extra.txt --
static file
`

// writeSite unpacks a txtar archive into a fresh directory.
func writeSite(t *testing.T, archive string) string {
	t.Helper()
	dir := t.TempDir()
	for _, f := range txtar.Parse([]byte(archive)).Files {
		writeFile(t, dir, f.Name, string(f.Data))
	}
	return dir
}

func writeFile(t *testing.T, dir, rel, data string) {
	t.Helper()
	name := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// preview is `congbo serve` as the CLI wires it: watcher → Rebuild →
// server, on a free port.
type preview struct {
	t    *testing.T
	dir  string
	url  string
	srv  *server.Server
	logs *syncLog
}

type syncLog struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *syncLog) logf(format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.b.WriteString(strings.TrimSpace(fmt.Sprintf(format, args...)) + "\n")
}

func (l *syncLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func startPreview(t *testing.T, dir string) *preview {
	t.Helper()
	return startPreviewWith(t, build.Options{Source: dir, Now: now}, 50*time.Millisecond)
}

func startPreviewWith(t *testing.T, opts build.Options, debounce time.Duration) *preview {
	t.Helper()
	dir := opts.Source
	p := &preview{t: t, dir: dir, logs: &syncLog{}}
	ln, err := server.Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	w, err := watch.New(watch.Options{Root: dir, Skip: watch.SiteSkip, Debounce: debounce, Logf: p.logs.logf})
	if err != nil {
		t.Fatal(err)
	}
	p.srv = server.New(server.Options{
		Builder: server.NewIncrementalBuilder(opts),
		Logf:    p.logs.logf,
	})
	ctx, cancel := context.WithCancel(context.Background())
	p.srv.Rebuild(ctx, server.Change{Full: true})
	var wg sync.WaitGroup
	wg.Go(func() {
		w.Run(ctx, func(b watch.Batch) { p.srv.Rebuild(ctx, server.Change{Paths: b.Paths, Full: b.Full}) })
	})
	served := make(chan error, 1)
	go func() { served <- p.srv.Serve(ctx, ln) }()
	p.url = "http://" + ln.Addr().String()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-served:
			if err != nil {
				t.Errorf("Serve: %v", err)
			}
		case <-time.After(5 * time.Second):
			t.Error("Serve did not stop within 5s")
		}
		wg.Wait()
		if t.Failed() {
			t.Logf("server log:\n%s", p.logs)
		}
	})
	return p
}

// get fetches path and returns status and body.
func (p *preview) get(path string) (int, string) {
	p.t.Helper()
	resp, err := http.Get(p.url + path)
	if err != nil {
		p.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		p.t.Fatal(err)
	}
	return resp.StatusCode, string(body)
}

type event struct{ name, data string }

// events connects to the SSE stream and returns its events; the first one
// (hello) has been read already.
func (p *preview) events() (hello event, next <-chan event) {
	p.t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	p.t.Cleanup(cancel)
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, p.url+server.Prefix+"events", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		p.t.Fatal(err)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		p.t.Fatalf("events Content-Type = %q", ct)
	}
	c := make(chan event, 100)
	go func() {
		defer resp.Body.Close()
		defer close(c)
		sc := bufio.NewScanner(resp.Body)
		var ev event
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				ev.name = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				ev.data = strings.TrimPrefix(line, "data: ")
			case line == "" && ev.name != "":
				c <- ev
				ev = event{}
			}
		}
	}()
	select {
	case hello = <-c:
	case <-time.After(5 * time.Second):
		p.t.Fatal("no hello event")
	}
	if hello.name != "hello" {
		p.t.Fatalf("first event = %+v, want hello", hello)
	}
	return hello, c
}

func waitEvent(t *testing.T, c <-chan event, name string) event {
	t.Helper()
	return waitEventFor(t, c, name, 20*time.Second)
}

func waitEventFor(t *testing.T, c <-chan event, name string, timeout time.Duration) event {
	t.Helper()
	select {
	case ev, ok := <-c:
		if !ok {
			t.Fatal("event stream closed")
		}
		if ev.name != name {
			t.Fatalf("event = %+v, want %s", ev, name)
		}
		return ev
	case <-time.After(timeout):
		t.Fatalf("no %s event within %s", name, timeout)
	}
	return event{}
}

// An edit is built and announced on the event stream, and the page then
// shows it.
func TestReloadAfterEdit(t *testing.T) {
	p := startPreview(t, writeSite(t, portal))
	code, body := p.get("/tin/a/")
	if code != 200 || !strings.Contains(body, "Nội dung tin A.") {
		t.Fatalf("GET /tin/a/ = %d\n%s", code, body)
	}
	if !strings.Contains(body, `<script src="/_congbo/livereload.js" data-gen="`) {
		t.Errorf("page lacks the live reload script:\n%s", body)
	}
	hello, events := p.events()
	writeFile(t, p.dir, "content/tin/a.md", "---\ntitle: Tin A\ndate: 2026-11-20\n---\nĐã sửa.\n")
	ev := waitEvent(t, events, "reload")
	if ev.data == hello.data {
		t.Errorf("reload carries the old generation %q", ev.data)
	}
	_, body = p.get("/tin/a/")
	if !strings.Contains(body, "Đã sửa.") || !strings.Contains(body, `data-gen="`+ev.data+`"`) {
		t.Errorf("page after the edit:\n%s", body)
	}
}

// A broken front matter keeps the last good site and shows where the
// error is on every page; fixing it brings the page back.
func TestErrorOverlayRecovery(t *testing.T) {
	p := startPreview(t, writeSite(t, portal))
	_, events := p.events()

	// Two broken files at once: an unquoted colon (line 4) and a bad date
	// (line 3, column 7). Both are listed, on every page.
	writeFile(t, p.dir, "content/tin/b.md", "---\ntitle: Tin B\ndate: 2026-11-21\ntags: họp báo: quý IV\n---\nBody.\n")
	writeFile(t, p.dir, "content/tin/a.md", "---\ntitle: Tin A\ndate: 2026-13-45\n---\nNội dung tin A.\n")
	waitEvent(t, events, "reload")
	errs := p.srv.Errors()
	for len(errs) < 2 { // the two writes may have landed in two builds
		waitEvent(t, events, "reload")
		errs = p.srv.Errors()
	}
	want := []string{"content/tin/a.md:3:7: date:", "content/tin/b.md:4:17: invalid YAML: the value of tags has a colon"}
	if len(errs) != 2 || !strings.HasPrefix(errs[0], want[0]) || !strings.HasPrefix(errs[1], want[1]) {
		t.Errorf("errors = %q, want them to start with %q", errs, want)
	}
	for _, path := range []string{"/", "/tin/a/", "/tin/b/", "/no-such-page/"} {
		_, body := p.get(path)
		if !strings.Contains(body, `<section id="congbo-errors" role="alert"`) ||
			!strings.Contains(body, "<code>"+want[0]) || !strings.Contains(body, "<code>"+want[1]) ||
			!strings.Contains(body, `<link rel="stylesheet" href="/_congbo/overlay.css">`) {
			t.Errorf("GET %s: no overlay listing both errors:\n%s", path, body)
		}
	}
	if code, body := p.get("/tin/b/"); code != 200 || !strings.Contains(body, "Nội dung tin B.") {
		t.Errorf("GET /tin/b/ = %d: the last good page is not served:\n%s", code, body)
	}

	writeFile(t, p.dir, "content/tin/b.md", "---\ntitle: Tin B\ndate: 2026-11-21\ntags: \"họp báo: quý IV\"\n---\nĐã sửa B.\n")
	writeFile(t, p.dir, "content/tin/a.md", "---\ntitle: Tin A\ndate: 2026-11-20\n---\nNội dung tin A.\n")
	waitEvent(t, events, "reload")
	for p.srv.Errors() != nil {
		waitEvent(t, events, "reload")
	}
	code, body := p.get("/tin/b/")
	if code != 200 || strings.Contains(body, "congbo-errors") || !strings.Contains(body, "Đã sửa B.") {
		t.Errorf("GET /tin/b/ after the fix = %d:\n%s", code, body)
	}
}

// A site that has never built shows the errors instead of a site.
func TestFirstBuildFails(t *testing.T) {
	dir := writeSite(t, portal)
	writeFile(t, dir, "content/tin/a.md", "---\ntitle: [\n---\n")
	p := startPreview(t, dir)
	code, body := p.get("/")
	if code != http.StatusServiceUnavailable || !strings.Contains(body, "<code>content/tin/a.md:2:") {
		t.Errorf("GET / = %d:\n%s", code, body)
	}
	_, events := p.events()
	writeFile(t, dir, "content/tin/a.md", "---\ntitle: A\n---\n")
	waitEvent(t, events, "reload")
	if code, _ := p.get("/"); code != 200 {
		t.Errorf("GET / after the fix = %d", code)
	}
}

// The site in memory is byte for byte what `congbo build` writes; the
// live reload script is added only when a page is served.
func TestSameAsBuild(t *testing.T) {
	dir := writeSite(t, portal)
	opts := build.Options{Source: dir, Destination: filepath.Join(t.TempDir(), "public"), Now: now}
	if _, err := build.Run(opts); err != nil {
		t.Fatal(err)
	}
	for _, b := range []server.Builder{server.NewFullBuilder(opts), server.NewIncrementalBuilder(opts)} {
		sameAsBuild(t, opts, b)
	}
}

func sameAsBuild(t *testing.T, opts build.Options, b server.Builder) {
	t.Helper()
	site, err := b.Build(context.Background(), server.Change{Full: true})
	if err != nil {
		t.Fatal(err)
	}
	onDisk := map[string]string{}
	filepath.WalkDir(opts.Destination, func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(name)
		rel, _ := filepath.Rel(opts.Destination, name)
		onDisk[filepath.ToSlash(rel)] = string(b)
		return err
	})
	if len(onDisk) != len(site.Files) {
		t.Errorf("build wrote %d files, memory holds %d", len(onDisk), len(site.Files))
	}
	for rel, want := range onDisk {
		if got, ok := site.Files[rel]; !ok || string(got) != want {
			t.Errorf("%s differs from congbo build (in memory: %v)", rel, ok)
		}
		if strings.Contains(want, "_congbo") {
			t.Errorf("congbo build output %s mentions _congbo", rel)
		}
	}
}

func TestServerFiles(t *testing.T) {
	p := startPreview(t, writeSite(t, portal))
	tests := []struct {
		path, wantType string
		wantCode       int
		wantBody       string
	}{
		{"/", "text/html; charset=utf-8", 200, "<!doctype html>"},
		{"/tin/a", "text/html; charset=utf-8", 200, "Nội dung tin A."}, // redirected to /tin/a/
		{"/robots-extra.txt", "text/plain; charset=utf-8", 200, "static file"},
		{"/index.xml", "application/xml", 200, "<rss"},
		{"/_congbo/livereload.js", "text/javascript; charset=utf-8", 200, "new EventSource(\"/_congbo/events\")"},
		{"/_congbo/overlay.css", "text/css; charset=utf-8", 200, "#congbo-errors"},
		{"/khong-co/", "text/html; charset=utf-8", 404, "/_congbo/livereload.js"},
	}
	for _, tt := range tests {
		resp, err := http.Get(p.url + tt.path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tt.wantCode || resp.Header.Get("Content-Type") != tt.wantType || !strings.Contains(string(body), tt.wantBody) {
			t.Errorf("GET %s = %d %q, want %d %q containing %q", tt.path, resp.StatusCode, resp.Header.Get("Content-Type"), tt.wantCode, tt.wantType, tt.wantBody)
		}
		if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") {
			t.Errorf("GET %s: CSP %q", tt.path, csp)
		}
	}
}

func TestPortInUse(t *testing.T) {
	ln, err := server.Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	_, err = server.Listen(ln.Addr().String())
	if err == nil {
		t.Fatal("second Listen on one port succeeded")
	}
	for _, want := range []string{ln.Addr().String(), "already in use", "--port"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
}

// Serve stops promptly when its context ends, even with a browser
// holding an event stream open.
func TestServeStops(t *testing.T) {
	srv := server.New(server.Options{Builder: server.BuilderFunc(func(context.Context, server.Change) (*server.Site, error) {
		return &server.Site{Files: map[string][]byte{"index.html": []byte("<html><head></head><body>x</body></html>")}}, nil
	})})
	srv.Rebuild(context.Background(), server.Change{Full: true})
	ln, err := server.Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ctx, ln) }()
	resp, err := http.Get("http://" + ln.Addr().String() + server.Prefix + "events")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	start := time.Now()
	cancel()
	select {
	case err := <-served:
		if err != nil {
			t.Errorf("Serve = %v, want nil", err)
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("Serve took %s to stop", d)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Serve did not stop")
	}
}
