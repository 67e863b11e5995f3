package render

import (
	"io/fs"
	"net/url"
	"path"
	"strings"
	"sync"

	"github.com/congbo/congbo/internal/imagesize"
	"github.com/congbo/congbo/internal/site"
)

// imageSizes answers markdown.Images for a site: the size of the image a
// URL names, read from the file the build publishes there (a bundle's
// resource, a file of static/, a loose file of content/), once per URL.
// An SVG image that gives only a viewBox has no size to write: it takes
// the width it is given, as it did before. Safe for concurrent use.
type imageSizes struct {
	src fs.FS

	mu      sync.Mutex
	graph   *site.Graph
	bundled map[string]string // graph.BundleFiles: published path → file under content/
	byURL   map[string]imageSize
}

type imageSize struct {
	w, h int
	ok   bool
}

func newImageSizes(src fs.FS) *imageSizes {
	return &imageSizes{src: src, byURL: map[string]imageSize{}}
}

// imageExts are the files imagesize reads.
var imageExts = map[string]bool{".jpg": true, ".jpeg": true, ".png": true, ".gif": true, ".webp": true, ".svg": true}

// use makes s answer for the site of graph g: its bundles publish their
// files beside their pages.
func (s *imageSizes) use(g *site.Graph) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.graph == g {
		return
	}
	s.graph, s.bundled = g, g.BundleFiles()
	s.byURL = map[string]imageSize{} // a URL may name another file now
}

// forget drops every answer, for files that changed on disk.
func (s *imageSizes) forget() {
	s.mu.Lock()
	s.byURL = map[string]imageSize{}
	s.mu.Unlock()
}

// size is a markdown.Images.
func (s *imageSizes) size(u string) (int, int, bool) {
	s.mu.Lock()
	a, known := s.byURL[u]
	s.mu.Unlock()
	if !known {
		a = s.read(u)
		s.mu.Lock()
		s.byURL[u] = a
		s.mu.Unlock()
	}
	return a.w, a.h, a.ok
}

func (s *imageSizes) read(u string) imageSize {
	if i := strings.IndexAny(u, "?#"); i >= 0 {
		u = u[:i]
	}
	p, err := url.PathUnescape(u)
	if err != nil || !imageExts[strings.ToLower(path.Ext(p))] {
		return imageSize{}
	}
	rel := strings.TrimPrefix(path.Clean(p), "/")
	s.mu.Lock()
	name := s.bundled[rel]
	s.mu.Unlock()
	names := []string{"content/" + name}
	if name == "" {
		names = []string{"static/" + rel, "content/" + rel}
	}
	for _, name := range names {
		f, err := s.src.Open(name)
		if err != nil {
			continue
		}
		sz, err := imagesize.Read(f)
		f.Close()
		if err != nil || sz.Scalable {
			return imageSize{}
		}
		return imageSize{w: sz.Width, h: sz.Height, ok: true}
	}
	return imageSize{}
}
