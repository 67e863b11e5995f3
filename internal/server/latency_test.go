package server_test

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/congbo/congbo/internal/build"
	"github.com/congbo/congbo/internal/watch"
)

// TestServeLatency measures, on a real site, the time from writing a file
// to the reload event on the event stream, through the real watcher,
// builder and server. It is a measurement, not a timed test: it runs only
// when CONGBO_SERVE_BENCH names a site directory, and logs the median and
// p95 of CONGBO_SERVE_BENCH_N edits (default 20) of each kind. It edits
// files of that site and puts them back.
//
//	go run ./bench/gencorpus -n 10000 -out /dev/shm/serve10k/content
//	cp bench/corpus-site.yaml /dev/shm/serve10k/site.yaml
//	CONGBO_SERVE_BENCH=/dev/shm/serve10k go test -run TestServeLatency -v -timeout 2h ./internal/server/
func TestServeLatency(t *testing.T) {
	dir := os.Getenv("CONGBO_SERVE_BENCH")
	if dir == "" {
		t.Skip("set CONGBO_SERVE_BENCH=DIR (a site) to measure edit-to-reload latency")
	}
	n := 20
	if s := os.Getenv("CONGBO_SERVE_BENCH_N"); s != "" {
		n, _ = strconv.Atoi(s)
	}
	kinds := strings.Split(os.Getenv("CONGBO_SERVE_BENCH_KINDS"), ",")
	if kinds[0] == "" {
		kinds = []string{"body", "title", "new", "delete"}
	}
	page := firstPage(t, dir)
	orig, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	defer os.WriteFile(page, orig, 0o644)

	start := time.Now()
	p := startPreviewWith(t, build.Options{Source: dir}, watch.DefaultDebounce)
	t.Logf("first build: %s", time.Since(start).Round(time.Millisecond))
	if errs := p.srv.Errors(); errs != nil {
		t.Fatalf("site does not build: %q", errs)
	}
	_, events := p.events()
	titleRE := regexp.MustCompile(`(?m)^title: .*$`)
	newPage := func(i int) string { return filepath.Join(filepath.Dir(page), fmt.Sprintf("zz-serve-bench-%d.md", i)) }
	edits := map[string]func(i int) error{
		"body": func(i int) error {
			return os.WriteFile(page, fmt.Appendf(slices.Clone(orig), "\nSửa lần %d.\n", i), 0o644)
		},
		"title": func(i int) error {
			return os.WriteFile(page, titleRE.ReplaceAll(orig, fmt.Appendf(nil, "title: Tiêu đề đã sửa lần %d", i)), 0o644)
		},
		"new": func(i int) error {
			return os.WriteFile(newPage(i), titleRE.ReplaceAll(orig, fmt.Appendf(nil, "title: Trang mới %d", i)), 0o644)
		},
		"delete": func(i int) error { return os.Remove(newPage(i)) },
	}
	for _, kind := range kinds {
		edit := edits[kind]
		if edit == nil {
			t.Fatalf("unknown edit kind %q", kind)
		}
		var took []time.Duration
		for i := range n {
			t0 := time.Now()
			if err := edit(i); err != nil {
				t.Fatal(err)
			}
			waitEventFor(t, events, "reload", 10*time.Minute)
			took = append(took, time.Since(t0))
			if errs := p.srv.Errors(); errs != nil {
				t.Fatalf("%s edit %d broke the build: %q", kind, i, errs)
			}
		}
		slices.Sort(took)
		t.Logf("%-6s edit → reload event, %d edits: median %s, p95 %s, min %s, max %s", kind, n,
			took[len(took)/2].Round(time.Millisecond), took[(len(took)*95+99)/100-1].Round(time.Millisecond),
			took[0].Round(time.Millisecond), took[len(took)-1].Round(time.Millisecond))
	}
	if slices.Contains(kinds, "new") && !slices.Contains(kinds, "delete") {
		for i := range n {
			os.Remove(newPage(i))
		}
	}
}

// firstPage returns the first regular page of the site's first section,
// in name order.
func firstPage(t *testing.T, dir string) string {
	t.Helper()
	var found string
	filepath.WalkDir(filepath.Join(dir, "content"), func(name string, d fs.DirEntry, err error) error {
		if err != nil || found != "" {
			return filepath.SkipAll
		}
		if !d.IsDir() && strings.HasSuffix(name, ".md") && !strings.HasPrefix(d.Name(), "_") && strings.Count(strings.TrimPrefix(name, dir), "/") == 3 {
			found = name
		}
		return nil
	})
	if found == "" {
		t.Fatalf("no page in %s/content", dir)
	}
	return found
}
