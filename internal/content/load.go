package content

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"

	"gopkg.in/yaml.v3"

	"github.com/congbo/congbo/internal/config"
	"github.com/congbo/congbo/internal/diag"
	"github.com/congbo/congbo/internal/editortemp"
)

// maxLinkDepth bounds how many directory symlinks one walk follows inside
// each other, and how many hops one link chain may take.
const maxLinkDepth = 16

// Load reads every file under content/ of fsys (rooted at the site source
// directory) and parses the Markdown ones. It returns all pages, drafts,
// future and expired ones included (the site stage filters), sorted by
// Path; and the slash paths, relative to content/ and sorted, of every file
// that is not Markdown (bundle resources and loose files, which the site
// stage copies). Files and directories whose names start with "." are
// skipped. A missing content/ gives no pages and no error.
//
// Files are parsed in parallel. The error is a *diag.List with the problems
// of every file; a broken file is left out and the others are returned.
//
// In a page bundle (a directory with index.md), every other file of the
// directory and below, Markdown included, is a resource of the bundle: it
// is listed in Page.Resources and not parsed as a page. A symlink is
// followed when it resolves inside content/ and is an error otherwise.
func Load(fsys fs.FS, cfg *config.Config) ([]*Page, []string, error) {
	return load(fsys, cfg, nil)
}

func load(fsys fs.FS, cfg *config.Config, each func(*Page, []byte) bool) ([]*Page, []string, error) {
	var errs diag.List
	if _, err := fs.Stat(fsys, "content"); errors.Is(err, fs.ErrNotExist) {
		return nil, nil, nil
	}
	w := &walker{fsys: fsys, errs: &errs, each: each}
	// Reading an os.DirFS file checks its size first (readFileMax), so
	// the walk need not stat every file.
	_, w.lazySize = osDir(fsys)
	w.lazySize = w.lazySize && fastRead
	w.walk("content", "content", nil)

	// Sort by relative path: a walk sorts per directory, which puts "a/x"
	// before "a-b/x", unlike a plain string sort.
	sort.Slice(w.files, func(i, j int) bool { return w.files[i].rel < w.files[j].rel })
	var others []string
	var jobs []int // indexes into w.files of pages to parse
	resources := map[string][]string{}
	isBundle := map[string]bool{}
	for _, f := range w.files {
		if dir, base := path.Split(f.rel); base == "index.md" && dir != "" {
			isBundle[strings.TrimSuffix(dir, "/")] = true
		}
	}
	for i, f := range w.files {
		if !strings.HasSuffix(f.rel, ".md") {
			others = append(others, f.rel)
		}
		if b := bundleOf(f.rel, isBundle); b != "" && f.rel != b+"/index.md" {
			resources[b] = append(resources[b], f.rel)
			continue
		}
		if strings.HasSuffix(f.rel, ".md") {
			jobs = append(jobs, i)
		}
	}

	pages := make([]*Page, len(jobs))
	ps := newParser(cfg)
	var wg sync.WaitGroup
	next := make(chan int)
	for range min(runtime.GOMAXPROCS(0), max(len(jobs), 1)) {
		wg.Go(func() {
			var buf []byte // the last file's bytes, reused when no page holds them
			var nodes []yaml.Node
			for j := range next {
				pages[j], buf = w.parse(ps, w.files[jobs[j]], buf, &nodes)
			}
		})
	}
	for j := range jobs {
		next <- j
	}
	close(next)
	wg.Wait()

	out := pages[:0]
	for _, p := range pages {
		if p == nil {
			continue
		}
		if p.Bundle {
			p.Resources = resources[strings.TrimSuffix(p.Path, "/index.md")]
		}
		out = append(out, p)
	}
	return out, others, errs.Err()
}

// parse reads and parses one file, reporting problems; nil on failure.
// It reads into buf when the file fits and returns the buffer the next
// file may be read into: a page whose Body is dropped keeps no reference
// to the bytes read (its strings are copies), so reading 10,000 files
// does not allocate, clear and fault in 10,000 buffers. nodes are the
// worker's YAML nodes, reused likewise (parseFront).
func (w *walker) parse(ps *parser, f file, buf []byte, nodes *[]yaml.Node) (*Page, []byte) {
	if f.size > MaxFileSize {
		w.errs.Add(sizeError("content/"+f.rel, f.size))
		return nil, buf
	}
	data, size, err := readFileMax(w.fsys, f.read, MaxFileSize, buf)
	if err == errTooBig {
		w.errs.Add(sizeError("content/"+f.rel, size))
		return nil, buf
	}
	if err != nil {
		w.errs.Addf("content/"+f.rel, 0, 0, "cannot read file: %v", err)
		return nil, buf
	}
	p, err := ps.parseReusing(f.rel, data, nodes)
	w.errs.Add(err)
	if p != nil {
		p.readPath = f.read
		if rel, ok := strings.CutPrefix(f.read, "content/"); ok && rel == f.rel {
			p.File = f.read // the same text: one string held per page, not two
		}
		// The function may still read the body after it returns (a
		// Markdown parse past its time limit): then the buffer is its own.
		keep := w.each != nil && w.each(p, p.Body)
		if p.Kind == KindPage {
			// Bodies are most of a site's bytes; the renderer reads each
			// again when it renders that page (ReadBody), so a build holds
			// only the bodies being rendered, not all of them.
			p.Body = nil
		}
		if keep || p.Body != nil {
			return p, nil // data is still in use: the next file needs a new buffer
		}
	}
	return p, data
}

// ReadBody returns p's Markdown body: p.Body when it is held, else the
// file read again from fsys: sliced where Load found the body when the
// file needed no normalisation, else normalised and split again.
func ReadBody(fsys fs.FS, p *Page) ([]byte, error) {
	body, _, err := ReadBodyInto(fsys, p, nil)
	return body, err
}

// ReadBodyInto is ReadBody reading into buf when it has room. It also
// returns the buffer it read into (nil when it read nothing), which the
// caller may reuse once it no longer needs the body: reading into
// memory already in use saves the page faults of a fresh buffer per page.
func ReadBodyInto(fsys fs.FS, p *Page, buf []byte) (body, read []byte, err error) {
	if p.Body != nil || p.readPath == "" {
		return p.Body, nil, nil
	}
	data, _, err := readFileMax(fsys, p.readPath, -1, buf)
	if err != nil {
		return nil, nil, fmt.Errorf("read %s: %w", p.File, err)
	}
	read = data
	if p.fileSize > 0 && len(data) == p.fileSize {
		return data[p.bodyAt:], read, nil // as Load saw it: no need to normalise and split again
	}
	if data, err = Normalize(data); err != nil {
		return nil, read, fmt.Errorf("%s changed during the build: %w", p.File, err)
	}
	_, _, body, _, err = SplitFrontMatter(data)
	if err != nil {
		return nil, read, fmt.Errorf("%s changed during the build: %w", p.File, err)
	}
	return body, read, nil
}

// bundleOf returns the nearest directory above rel that is a bundle, or "".
func bundleOf(rel string, isBundle map[string]bool) string {
	for dir := path.Dir(rel); dir != "."; dir = path.Dir(dir) {
		if isBundle[dir] {
			return dir
		}
	}
	return ""
}

// file is one regular file found under content/.
type file struct {
	rel  string // slash path relative to content/, through symlinks as named
	read string // path in fsys to read: rel's real location
	size int64  // -1 when not known yet (walker.lazySize)
}

// walker lists content/ in sorted order, following symlinks that stay
// inside content/.
type walker struct {
	fsys     fs.FS
	errs     *diag.List
	files    []file
	symlinks bool // a symlink was met (Store then walks on every change)
	// lazySize leaves the size of files found in directories unknown
	// (-1), saving an lstat each: parse checks it when it reads the file.
	lazySize bool
	// each is LoadEach's function, called with every page parsed.
	each func(*Page, []byte) bool
}

// walk lists directory real under the name lex. stack holds the real
// directories being walked through symlinks, to stop link loops.
func (w *walker) walk(lex, real string, stack []string) {
	entries, err := fs.ReadDir(w.fsys, real)
	if err != nil {
		w.errs.Addf(lex, 0, 0, "cannot read directory: %v", err)
		return
	}
	for _, e := range entries {
		name := e.Name()
		if strings.HasPrefix(name, ".") || !e.IsDir() && editortemp.Is(name) {
			continue // hidden, or an editor's backup or swap file: not input
		}
		lexChild := lex + "/" + name
		realChild := lexChild // one string for both unless a symlink was followed
		if real != lex {
			realChild = real + "/" + name
		}
		rel := strings.TrimPrefix(lexChild, "content/")
		switch {
		case e.Type()&fs.ModeSymlink != 0:
			w.symlinks = true
			target, ok := w.resolve(lexChild, realChild)
			if !ok {
				continue
			}
			info, err := fs.Stat(w.fsys, target)
			if err != nil {
				w.errs.Addf(lexChild, 0, 0, "symlink target cannot be read: %v", err)
				continue
			}
			if !info.IsDir() {
				w.files = append(w.files, file{rel: rel, read: target, size: info.Size()})
				continue
			}
			if len(stack) >= maxLinkDepth || slices.Contains(stack, target) || strings.HasPrefix(real+"/", target+"/") {
				w.errs.Addf(lexChild, 0, 0, "symlink loop: it points to a directory that contains it (remove the link)")
				continue
			}
			w.walk(lexChild, target, append(stack, real))
		case e.IsDir():
			w.walk(lexChild, realChild, stack)
		case w.lazySize:
			if e.Type().IsRegular() {
				w.files = append(w.files, file{rel: rel, read: realChild, size: -1})
			}
		default:
			info, err := e.Info()
			if err != nil {
				w.errs.Addf(lexChild, 0, 0, "cannot read file: %v", err)
				continue
			}
			if info.Mode().IsRegular() {
				w.files = append(w.files, file{rel: rel, read: realChild, size: info.Size()})
			}
		}
	}
}

// resolve follows the symlink at real (named lex in messages) to a path
// that is not a symlink. It reports an error and false when a hop leaves
// content/, the chain is too long or the target is missing.
func (w *walker) resolve(lex, real string) (string, bool) {
	cur := real
	for range maxLinkDepth {
		target, err := fs.ReadLink(w.fsys, cur)
		if err != nil {
			w.errs.Addf(lex, 0, 0, "cannot read symlink: %v", err)
			return "", false
		}
		next := path.Join(path.Dir(cur), target)
		if path.IsAbs(target) || (next != "content" && !strings.HasPrefix(next, "content/")) {
			w.errs.Addf(lex, 0, 0, "symlink points outside content/ (copy the file in instead)")
			return "", false
		}
		info, err := fs.Lstat(w.fsys, next)
		if err != nil {
			w.errs.Addf(lex, 0, 0, "symlink points to %s, which does not exist (fix or remove the link)", next)
			return "", false
		}
		if info.Mode()&fs.ModeSymlink == 0 {
			return next, true
		}
		cur = next
	}
	w.errs.Addf(lex, 0, 0, "symlink chain is too long (point the link straight at the file)")
	return "", false
}
