package build

import (
	"bytes"
	"context"
	"fmt"
	"maps"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/congbo/congbo/internal/config"
	"github.com/congbo/congbo/internal/content"
	"github.com/congbo/congbo/internal/diag"
	"github.com/congbo/congbo/internal/headers"
	"github.com/congbo/congbo/internal/markdown"
	"github.com/congbo/congbo/internal/publish"
	"github.com/congbo/congbo/internal/render"
	"github.com/congbo/congbo/internal/site"
	"github.com/congbo/congbo/layouts"
)

// Session renders one site again and again into memory, for `congbo
// serve`: between builds it keeps the configuration, the parsed content,
// the site graph, and the output with what each part was made from
// (render.Cache), so that a change re-renders only what depends on it.
// Every result equals what RenderTo writes for the same files, minified
// as `congbo build` minifies.
//
// What a change costs:
//   - site.yaml, layouts/ or anything else outside content/ and static/,
//     or a Full change: everything, as RenderTo.
//   - static/: static/ is copied again.
//   - content/: the changed files are parsed again. When only bodies
//     changed the graph is kept, else it is built again (site.New). Then
//     only the pages whose meta or Markdown changed are rendered, plus
//     the lists, feeds and other site-wide files when any page's meta
//     changed (render.Cache).
//
// A Session is not safe for concurrent use: one Build at a time.
type Session struct {
	opts Options
	min  *publish.Minifier // nil with NoMinify

	ready   bool // a Full build has read the configuration
	cfg     *config.Config
	cfgErr  error
	store   *content.Store
	cache   *render.Cache
	md      *markdown.Renderer
	layouts render.Layouts

	pages   []*content.Page // as store.Pages returned them, sorted by Path
	files   []string
	loadErr error             // and the problems it reported
	g       *site.Graph       // built from pages without error; nil when it must be built again
	conf    map[string][]byte // the server configs last put in the output
}

// NewSession returns a Session for the site opts describe. Destination,
// Sign and Progress are not used: nothing is written to disk.
func NewSession(opts Options) *Session {
	s := &Session{opts: withDefaults(opts)}
	if !opts.NoMinify {
		s.min = publish.NewMinifier()
	}
	return s
}

// Build renders the site after changes to paths (slash paths relative to
// the site source, as the watcher reports them); full, or the first call,
// reads everything again. It returns every output file by path; the map
// is new and is not modified afterwards. On error (a *diag.List when it is
// about the site's files) the Session stays ready for the next change.
func (s *Session) Build(ctx context.Context, paths []string, full bool) (map[string][]byte, *Result, render.Stats, error) {
	var stats render.Stats
	if err := ctx.Err(); err != nil {
		return nil, nil, stats, err
	}
	now, err := buildTime(s.opts.Now)
	if err != nil {
		return nil, nil, stats, err
	}
	var contentPaths []string
	contentAll := false
	for _, p := range paths {
		switch top, rest, _ := strings.Cut(p, "/"); top {
		case "content":
			if rest == "" {
				contentAll = true
			}
			contentPaths = append(contentPaths, rest)
		case "static":
		default:
			full = true // site.yaml, layouts/, data files: everything
		}
	}
	start := time.Now()
	reread := full || !s.ready
	if reread {
		s.reset()
	} else {
		s.cache.Changed(paths)
		if contentAll {
			contentPaths = nil
		}
		if len(contentPaths) > 0 || contentAll {
			replaced, bodyOnly := s.store.Update(contentPaths)
			if !bodyOnly || !s.patch(replaced) {
				s.g = nil
				s.pages = nil
			}
		}
	}
	if s.cfgErr != nil {
		return nil, nil, stats, s.cfgErr
	}

	var errs diag.List
	if s.pages == nil {
		s.pages, s.files, s.loadErr = s.store.Pages()
		s.g = nil
		if reread && s.opts.Loaded != nil {
			s.opts.Loaded(len(s.pages))
		}
	}
	errs.Add(s.loadErr)
	s.opts.timing("content", start)
	start = time.Now()
	if s.g != nil && !s.g.Now.Equal(now) {
		if !sameVisibility(s.pages, s.g.Now, now) {
			s.g = nil
		} else {
			s.g.Now = now // templates compare times with it; render.Cache hashes how
		}
	}
	if s.g == nil {
		g, err := site.New(s.cfg, s.pages, site.Options{Drafts: s.opts.Drafts, Future: s.opts.Future, Now: now})
		errs.Add(err)
		if err == nil {
			s.g = g
		}
	}
	s.opts.timing("site graph", start)
	if errs.Len() > 0 {
		s.g = nil
		return nil, nil, stats, errs.Err()
	}

	ropts := render.Options{Source: content.DirFS(s.opts.Source), Layouts: s.layouts, Markdown: s.md, Timings: s.opts.Timings, ImageCache: imageCache()}
	if s.min != nil {
		ropts.Minifier = s.min
	}
	out, stats, err := render.RunCached(s.g, s.files, s.cache, ropts)
	if err != nil {
		return nil, nil, stats, err
	}
	start = time.Now()
	defer s.opts.timing("server configs", start)
	// A file of the site where a config goes: an error, as for RenderTo.
	// The configs of an earlier build are still in out (the Cache's map).
	if err := configClash(s.opts.Source, func(name string) bool {
		b, ok := out[name]
		ours := s.conf[name]
		return ok && !(len(b) > 0 && len(ours) > 0 && &b[0] == &ours[0])
	}); err != nil {
		return nil, nil, stats, err
	}
	if !stats.PathsSame || stats.Site {
		// The server configs name fingerprinted files and aliases: made
		// again when the files or the lists may have changed.
		written := make([]string, 0, len(out))
		for p := range out {
			written = append(written, p)
		}
		conf, err := headers.Files(headers.FromGraph(s.g, written))
		if err != nil {
			return nil, nil, stats, fmt.Errorf("server configs: %w", err)
		}
		maps.Copy(out, conf)
		s.conf = conf
	}
	return out, &Result{Pages: len(s.g.Pages), Files: len(out), BaseURL: s.cfg.BaseURL, Now: s.g.Now}, stats, nil
}

// reset forgets everything and reads the configuration and layouts again.
func (s *Session) reset() {
	*s = Session{opts: s.opts, min: s.min, ready: true}
	src := content.DirFS(s.opts.Source)
	cfg, err := readConfig(src)
	if err != nil {
		s.cfgErr = err
		s.ready = false // read it again next time, whatever changed
		return
	}
	if s.opts.BaseURL != "" {
		cfg.BaseURL = strings.TrimSuffix(s.opts.BaseURL, "/") + "/"
	}
	s.cfg = cfg
	s.store = content.NewStore(src, cfg)
	s.store.Update(nil)
	s.md = markdown.New(markdown.Options{Unsafe: cfg.Markup.Unsafe})
	s.layouts = render.NewLayouts(siteLayouts(s.opts.Source), layouts.FS)
	s.cache = render.NewCache(s.encode)
}

// encode is what publish.Stager does to a file written with Write.
func (s *Session) encode(rel string, data []byte) ([]byte, error) {
	if ext := path.Ext(rel); s.min != nil && s.min.Minifies(ext) {
		out, err := s.min.Bytes(ext, data)
		if err != nil {
			return nil, fmt.Errorf("write %s: %w", rel, err)
		}
		return out, nil
	}
	return bytes.Clone(data), nil
}

// patch points the graph at pages whose body alone changed, and reports
// whether it could: the graph is otherwise what site.New would build.
func (s *Session) patch(replaced []*content.Page) bool {
	if s.g == nil || s.pages == nil {
		return false
	}
	for _, cp := range replaced {
		i, found := slices.BinarySearchFunc(s.pages, cp.Path, func(p *content.Page, path string) int { return strings.Compare(p.Path, path) })
		if !found {
			return false
		}
		old := s.pages[i]
		s.pages[i] = cp // the graph's AllSources shares this array
		if node := s.g.Lookup(cp.Path); node != nil && node.Source == old {
			node.Source = cp
		}
	}
	return true
}

// sameVisibility reports whether every page is published, future or
// expired alike at times a and b, so a graph built at a holds for b.
func sameVisibility(pages []*content.Page, a, b time.Time) bool {
	for _, cp := range pages {
		pub := cp.PublishDate
		if pub.IsZero() {
			pub = cp.Date
		}
		if pub.After(a) != pub.After(b) {
			return false
		}
		if !cp.ExpiryDate.IsZero() && cp.ExpiryDate.After(a) != cp.ExpiryDate.After(b) {
			return false
		}
	}
	return true
}
