package render

import (
	"io/fs"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/congbo/congbo/internal/diag"
	"github.com/congbo/congbo/internal/editortemp"
	"github.com/congbo/congbo/internal/imagesize"
	"github.com/congbo/congbo/internal/markdown"
	"github.com/congbo/congbo/internal/resize"
	"github.com/congbo/congbo/internal/site"
)

// siteImages answers markdown.Images for a site: what the image file
// published at a URL (a bundle's resource, a file of static/, a loose file
// of content/) shows, read once per file. A JPEG or PNG image wider than a
// phone needs gets smaller copies beside it ("anh.jpg" → "anh.640w.jpg",
// "anh.1280w.jpg", package resize), which its <img> names in srcset. An
// SVG image that gives only a viewBox has no size to write: it takes the
// width it is given. Safe for concurrent use.
type siteImages struct {
	src fs.FS

	mu        sync.Mutex
	graph     *site.Graph
	published map[string]string    // output path of every file copied from the source → its path there
	byFile    map[string]imageInfo // by file and output path (a bundle's files move with its page)
}

// imageInfo is what the header of an image file tells, and the copies of
// it to make.
type imageInfo struct {
	size   imagesize.Size
	ok     bool
	widths []int // of the copies; none when it needs none or a file of the site is where one would go
}

// imageSizesAttr is the sizes attribute of an image with copies: the
// theme's text column is 70ch wide past 46rem, the screen's width below.
const imageSizesAttr = "(min-width: 46rem) 70ch, 100vw"

func newSiteImages(src fs.FS) *siteImages {
	return &siteImages{src: src}
}

// imageExts are the files imagesize reads.
var imageExts = map[string]bool{".jpg": true, ".jpeg": true, ".png": true, ".gif": true, ".webp": true, ".svg": true}

// use makes s answer for the site of graph g, whose loose content files
// are files: it lists the files the build copies to the output.
func (s *siteImages) use(g *site.Graph, files []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.graph == g && s.published != nil {
		return
	}
	s.graph = g
	s.published = map[string]string{}
	_ = fs.WalkDir(s.src, "static", func(name string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && !editortemp.Is(name) {
			s.published[strings.TrimPrefix(name, "static/")] = name
		}
		return nil
	})
	bundled := g.BundleFiles()
	inBundle := make(map[string]bool, len(bundled))
	for out, res := range bundled {
		s.published[out] = "content/" + res
		inBundle[res] = true
	}
	for _, f := range files {
		if !inBundle[f] {
			s.published[f] = "content/" + f
		}
	}
	if s.byFile == nil {
		s.byFile = map[string]imageInfo{}
	}
}

// forget drops what was read, for files that changed on disk: the next
// use lists the files again.
func (s *siteImages) forget() {
	s.mu.Lock()
	s.published, s.byFile = nil, nil
	s.mu.Unlock()
}

// image is a markdown.Images.
func (s *siteImages) image(u string) (markdown.Image, bool) {
	rel, ok := imageRel(u)
	if !ok {
		return markdown.Image{}, false
	}
	s.mu.Lock()
	name := s.published[rel]
	s.mu.Unlock()
	if name == "" {
		return markdown.Image{}, false
	}
	info := s.info(name, rel)
	if !info.ok || info.size.Scalable {
		return markdown.Image{}, false
	}
	img := markdown.Image{Width: info.size.Width, Height: info.size.Height}
	if len(info.widths) > 0 {
		base := u
		if i := strings.IndexAny(base, "?#"); i >= 0 {
			base = base[:i]
		}
		base = base[:len(base)-len(path.Ext(rel))]
		var set []string
		for _, w := range info.widths {
			set = append(set, copyName(base, path.Ext(rel), w)+" "+strconv.Itoa(w)+"w")
		}
		widest := info.widths[len(info.widths)-1]
		img = markdown.Image{
			Width: widest, Height: resize.Height(info.size, widest),
			Src: copyName(base, path.Ext(rel), widest), Srcset: strings.Join(set, ", "), Sizes: imageSizesAttr,
		}
	}
	return img, true
}

// imageRel is the output path an image URL names, or false when it names
// no image file.
func imageRel(u string) (string, bool) {
	if i := strings.IndexAny(u, "?#"); i >= 0 {
		u = u[:i]
	}
	p, err := url.PathUnescape(u)
	if err != nil || !strings.HasPrefix(p, "/") || !imageExts[strings.ToLower(path.Ext(p))] {
		return "", false
	}
	return strings.TrimPrefix(path.Clean(p), "/"), true
}

// copyName is the name of the copy width pixels wide of the image base+ext.
func copyName(base, ext string, width int) string {
	return base + "." + strconv.Itoa(width) + "w" + ext
}

// info reads, once, the header of image file name published at rel.
func (s *siteImages) info(name, rel string) imageInfo {
	key := name + "\x00" + rel
	s.mu.Lock()
	info, known := s.byFile[key]
	s.mu.Unlock()
	if known {
		return info
	}
	if f, err := s.src.Open(name); err == nil {
		info.size, err = imagesize.Read(f)
		info.ok = err == nil
		f.Close()
	}
	if info.ok {
		info.widths = resize.Needed(info.size)
		base, ext := strings.TrimSuffix(rel, path.Ext(rel)), path.Ext(rel)
		s.mu.Lock()
		for _, w := range info.widths {
			if s.published[copyName(base, ext, w)] != "" {
				info.widths = nil // the site has a file of that name: leave both be
				break
			}
		}
		s.mu.Unlock()
	}
	s.mu.Lock()
	if s.byFile != nil {
		s.byFile[key] = info
	}
	s.mu.Unlock()
	return info
}

// imageCopies is one image of the site with the copies to make of it.
type imageCopies struct {
	rel, file string // where the original is published, and its file
	widths    []int
}

// outs returns the output paths of the copies.
func (c imageCopies) outs() []string {
	base, ext := strings.TrimSuffix(c.rel, path.Ext(c.rel)), path.Ext(c.rel)
	var out []string
	for _, w := range c.widths {
		out = append(out, copyName(base, ext, w))
	}
	return out
}

// copies lists every image of the site that gets copies, by output path.
func (s *siteImages) copies() []imageCopies {
	s.mu.Lock()
	var rels []string
	for rel := range s.published {
		if ext := strings.ToLower(path.Ext(rel)); ext == ".jpg" || ext == ".jpeg" || ext == ".png" {
			rels = append(rels, rel)
		}
	}
	s.mu.Unlock()
	slices.Sort(rels)
	var out []imageCopies
	for _, rel := range rels {
		s.mu.Lock()
		name := s.published[rel]
		s.mu.Unlock()
		if info := s.info(name, rel); len(info.widths) > 0 {
			out = append(out, imageCopies{rel: rel, file: name, widths: info.widths})
		}
	}
	return out
}

// writeCopies makes the copies of c (or takes them from cache) and writes
// them to w.
func writeCopies(src fs.FS, cache *resize.Cache, c imageCopies, w Writer) error {
	data, err := fs.ReadFile(src, c.file)
	if err != nil {
		return err
	}
	copies, err := cache.Get(data, c.widths)
	if err != nil {
		return diag.Errorf(c.file, 0, 0, "the smaller copies pages show could not be made: %s (save the image again as JPEG or PNG)", err)
	}
	for i, out := range c.outs() {
		if err := w.WriteRaw(out, copies[i]); err != nil {
			return err
		}
	}
	return nil
}
