package server

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/congbo/congbo/internal/build"
	"github.com/congbo/congbo/internal/publish"
)

// Change is one debounced set of changes to the site's source, from the
// watcher.
type Change struct {
	Paths []string // slash paths relative to the site source, sorted
	Full  bool     // rebuild everything: the first build, or events were lost
}

// Site is one complete rendering of the site, held in memory. It is never
// modified once a Builder returns it, so it can be served while the next
// one is built.
type Site struct {
	Files map[string][]byte // output path (slash, relative, as in public/) → bytes
	Pages int               // regular pages, for the log line
	Now   time.Time         // the build time it was rendered with (Checker renders with it too)
}

// Builder renders the site after a change. The server calls Build one call
// at a time, the first time with Change.Full set. It returns the whole new
// site, or an error (a *diag.List is listed file by file in the overlay).
//
// This is the seam for incremental rebuilds: a Builder that keeps the
// site graph between calls may re-render only what depends on
// Change.Paths and return a Site sharing the unchanged files of the
// previous one, as long as the result equals what `congbo build` writes.
type Builder interface {
	Build(ctx context.Context, ch Change) (*Site, error)
}

// BuilderFunc adapts a function to Builder.
type BuilderFunc func(ctx context.Context, ch Change) (*Site, error)

// Build calls f.
func (f BuilderFunc) Build(ctx context.Context, ch Change) (*Site, error) { return f(ctx, ch) }

// FullBuilder re-renders the whole site with build.RenderTo on every
// change, minified as `congbo build` minifies, ignoring which paths
// changed: correct by construction, and as slow as a full build.
type FullBuilder struct {
	opts build.Options
	min  *publish.Minifier // nil with NoMinify
}

// NewFullBuilder returns a FullBuilder for the site opts describe.
// opts.Destination is not used: nothing is written to disk.
func NewFullBuilder(opts build.Options) *FullBuilder {
	b := &FullBuilder{opts: opts}
	if !opts.NoMinify {
		b.min = publish.NewMinifier()
	}
	return b
}

// Build renders the whole site into memory; when ctx ends it stops
// between pages (render.ErrStopped).
func (b *FullBuilder) Build(ctx context.Context, _ Change) (*Site, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	w := &memWriter{min: b.min, files: map[string][]byte{}}
	opts := b.opts
	opts.Stop = ctx.Done()
	res, err := build.RenderTo(opts, w)
	if err != nil {
		return nil, err
	}
	return &Site{Files: w.files, Pages: res.Pages, Now: res.Now}, nil
}

// IncrementalBuilder renders the site with a build.Session, which keeps
// the parsed content, the site graph and the output between builds and
// renders again only what Change.Paths affect: a body edit renders one
// page. Its Site equals FullBuilder's (build.TestSessionMatchesBuild).
type IncrementalBuilder struct {
	s     *build.Session
	reset bool // the next Build reads everything again (Reset)
}

// NewIncrementalBuilder returns an IncrementalBuilder for the site opts
// describe. opts.Destination is not used: nothing is written to disk.
func NewIncrementalBuilder(opts build.Options) *IncrementalBuilder {
	return &IncrementalBuilder{s: build.NewSession(opts)}
}

// Build renders what ch changed and returns the whole site.
func (b *IncrementalBuilder) Build(ctx context.Context, ch Change) (*Site, error) {
	full := ch.Full || b.reset
	files, res, _, err := b.s.Build(ctx, ch.Paths, full)
	if ctx.Err() == nil {
		b.reset = false // else the Session may have stopped before reading everything again
	}
	if err != nil {
		return nil, err
	}
	return &Site{Files: files, Pages: res.Pages, Now: res.Now}, nil
}

// Reset makes the next Build read and render everything again, as the
// first: Server.Verify found the kept state wrong. Not safe to call
// during Build (the server calls both holding its build lock).
func (b *IncrementalBuilder) Reset() { b.reset = true }

// NewChecker returns a Checker that renders the site opts describe with
// build.RenderTo at the site's own build time, minified as `congbo build`
// minifies, comparing each file as it is written: it holds no second copy
// of the site. It stops between pages when ctx ends (render.ErrStopped).
func NewChecker(opts build.Options) Checker {
	var min *publish.Minifier
	if !opts.NoMinify {
		min = publish.NewMinifier()
	}
	return func(ctx context.Context, site *Site) ([]string, error) {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		files := site.Files
		w := &checkWriter{mem: memWriter{min: min}, files: files, seen: map[string]bool{}}
		w.mem.store = w.compare
		o := opts // checks may overlap: one stopping while the next starts
		o.Stop = ctx.Done()
		if !site.Now.IsZero() {
			o.Now = site.Now // the same clock: expired pages, past press conferences
		}
		if _, err := build.RenderTo(o, w); err != nil {
			return nil, err
		}
		for p := range files {
			if !w.seen[p] {
				w.differ = append(w.differ, p)
			}
		}
		slices.Sort(w.differ)
		return w.differ, nil
	}
}

// checkWriter is a render.Writer that compares each file with files.
type checkWriter struct {
	mem    memWriter // minifies as the server's builders do; stores with compare
	files  map[string][]byte
	mu     sync.Mutex
	seen   map[string]bool
	differ []string
}

func (c *checkWriter) Write(rel string, data []byte) error    { return c.mem.Write(rel, data) }
func (c *checkWriter) WriteRaw(rel string, data []byte) error { return c.mem.WriteRaw(rel, data) }
func (c *checkWriter) Copy(rel string, src fs.FS, name string) error {
	return c.mem.Copy(rel, src, name)
}

func (c *checkWriter) compare(rel string, data []byte) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.seen[rel] {
		return fmt.Errorf("write %s: file written twice", rel)
	}
	c.seen[rel] = true
	if old, ok := c.files[rel]; !ok || !bytes.Equal(old, data) {
		c.differ = append(c.differ, rel)
	}
	return nil
}

// memWriter is a render.Writer that keeps every file in a map, minifying
// what Write receives exactly as publish.Stager does. Safe for concurrent
// use.
type memWriter struct {
	min   *publish.Minifier
	mu    sync.Mutex
	files map[string][]byte
	store func(rel string, data []byte) error // instead of keeping the file (checkWriter)
}

func (m *memWriter) Write(rel string, data []byte) error {
	if ext := path.Ext(rel); m.min != nil && m.min.Minifies(ext) {
		out, err := m.min.Bytes(ext, data)
		if err != nil {
			return fmt.Errorf("write %s: %w", rel, err)
		}
		return m.put(rel, out) // a new slice: the renderer reuses data
	}
	return m.put(rel, bytes.Clone(data))
}

func (m *memWriter) WriteRaw(rel string, data []byte) error {
	return m.put(rel, bytes.Clone(data))
}

func (m *memWriter) Copy(rel string, src fs.FS, name string) error {
	data, err := fs.ReadFile(src, name)
	if err != nil {
		return fmt.Errorf("copy %s: %w", name, err)
	}
	return m.put(rel, data)
}

// put stores data at rel, refusing what the Stager refuses: a path that
// is not clean and local, and a second write to one path.
func (m *memWriter) put(rel string, data []byte) error {
	if rel == "" || path.Clean(rel) != rel || path.IsAbs(rel) || rel == ".." || strings.HasPrefix(rel, "../") {
		return fmt.Errorf("output path %q escapes the output directory", rel)
	}
	if m.store != nil {
		return m.store(rel, data)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, dup := m.files[rel]; dup {
		return fmt.Errorf("write %s: file written twice", rel)
	}
	m.files[rel] = data
	return nil
}
