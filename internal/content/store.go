package content

import (
	"bytes"
	"errors"
	"io/fs"
	"path"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/congbo/congbo/internal/config"
	"github.com/congbo/congbo/internal/diag"
)

// Store holds content/ between builds, for a preview server: Update reads
// again only the files it is told changed, and Pages returns what Load
// would return for the tree as it now is. Pages are parsed with Parse; as
// with Load, regular pages do not keep their Body (ReadBody reads it
// again), even one whose body alone changed. A page whose file did
// not change is the same *Page from one call to the next, so callers may
// key caches on the pointer.
//
// A Store is not safe for concurrent use.
type Store struct {
	fsys     fs.FS
	ps       *parser
	files    map[string]file    // every regular file under content/, by path relative to content/
	parsed   map[string]*stored // parsed Markdown files by relative path
	walkErrs []error            // problems of the last walk (unreadable directories, symlinks)
	symlinks bool               // the last walk met a symlink: every Update walks again
}

// stored is one parsed Markdown file.
type stored struct {
	page             *Page // nil when the file is broken
	err              error
	front            []byte // the front matter as split, for BodyOnly
	frontLine, lines int    // frontLine and BodyLine as split
}

// NewStore returns a Store of content/ in fsys (rooted at the site source
// directory) with nothing read yet: call Update(nil) first.
func NewStore(fsys fs.FS, cfg *config.Config) *Store {
	return &Store{fsys: fsys, ps: newParser(cfg)}
}

// Update takes note of changed paths, slash paths relative to content/
// (files or directories, created, written or removed). Nil walks the
// whole tree again and parses every file.
//
// It returns the pages whose body alone changed (same path, same front
// matter, parsed before without error) as new *Page values, with
// bodyOnly true when that is all that changed: the site graph built from
// the previous pages is then still right once it points at the new ones.
func (s *Store) Update(paths []string) (replaced []*Page, bodyOnly bool) {
	if paths == nil || s.files == nil || s.symlinks {
		s.walkAll()
		return nil, false
	}
	bodyOnly = true
	for _, rel := range paths {
		if hiddenPath(rel) {
			continue
		}
		old, known := s.files[rel]
		info, err := fs.Lstat(s.fsys, "content/"+rel)
		switch {
		case err != nil && errors.Is(err, fs.ErrNotExist):
			bodyOnly = false
			s.remove(rel)
		case err != nil || info.Mode()&fs.ModeSymlink != 0:
			s.walkAll() // a link or an unreadable path: walk as Load does
			return nil, false
		case info.IsDir():
			bodyOnly = false
			s.remove(rel)
			if !s.walkDir(rel) {
				return nil, false
			}
		case info.Mode().IsRegular():
			s.files[rel] = file{rel: rel, read: "content/" + rel, size: info.Size()}
			prev := s.parsed[rel]
			delete(s.parsed, rel)
			if !known || old.read != "content/"+rel || prev == nil || prev.page == nil || !strings.HasSuffix(rel, ".md") {
				bodyOnly = false
				continue
			}
			if p := s.reparseBody(rel, info.Size(), prev); p != nil {
				replaced = append(replaced, p)
			} else {
				bodyOnly = false
			}
		default:
			bodyOnly = false
			s.remove(rel)
		}
	}
	if !bodyOnly {
		return nil, false
	}
	return replaced, true
}

// reparseBody reads rel again and, when its front matter is as before,
// stores a copy of the previous page with the new body and returns it.
// Otherwise it returns nil and rel is parsed afresh by Pages.
func (s *Store) reparseBody(rel string, size int64, prev *stored) *Page {
	if size > MaxFileSize {
		return nil
	}
	data, err := readFile(s.fsys, "content/"+rel)
	if err != nil || len(data) > MaxFileSize {
		return nil
	}
	if data, err = Normalize(data); err != nil || len(bytes.TrimSpace(data)) == 0 {
		return nil
	}
	front, frontLine, body, bodyLine, err := SplitFrontMatter(data)
	if err != nil || frontLine != prev.frontLine || bodyLine != prev.lines || !bytes.Equal(front, prev.front) {
		return nil
	}
	p := *prev.page
	if p.Kind == KindPage {
		// As parseOne: ReadBody reads it again, normalised and split
		// afresh (fileSize 0): this file's body may start elsewhere.
		p.Body, p.fileSize = nil, 0
	} else {
		p.Body = body
	}
	s.parsed[rel] = &stored{page: &p, front: prev.front, frontLine: frontLine, lines: bodyLine}
	return &p
}

// remove forgets rel and every file under it.
func (s *Store) remove(rel string) {
	delete(s.files, rel)
	delete(s.parsed, rel)
	prefix := rel + "/"
	for k := range s.files {
		if strings.HasPrefix(k, prefix) {
			delete(s.files, k)
			delete(s.parsed, k)
		}
	}
}

// walkAll forgets everything and lists content/ again, as Load does.
func (s *Store) walkAll() {
	var errs diag.List
	w := &walker{fsys: s.fsys, errs: &errs}
	s.files, s.parsed, s.walkErrs = map[string]file{}, map[string]*stored{}, nil
	if _, err := fs.Stat(s.fsys, "content"); errors.Is(err, fs.ErrNotExist) {
		s.symlinks = false
		return
	}
	w.walk("content", "content", nil)
	for _, f := range w.files {
		s.files[f.rel] = f
	}
	s.walkErrs, s.symlinks = errs.Errors(), w.symlinks
}

// walkDir lists the directory rel, new or renamed. It walks everything
// again, and returns false, when the directory holds a link or cannot be read.
func (s *Store) walkDir(rel string) bool {
	var errs diag.List
	w := &walker{fsys: s.fsys, errs: &errs}
	w.walk("content/"+rel, "content/"+rel, nil)
	if w.symlinks || errs.Len() > 0 {
		s.walkAll()
		return false
	}
	for _, f := range w.files {
		s.files[f.rel] = f
	}
	return true
}

// hiddenPath reports whether a segment of rel starts with ".": Load skips it.
func hiddenPath(rel string) bool {
	for seg := range strings.SplitSeq(rel, "/") {
		if strings.HasPrefix(seg, ".") {
			return true
		}
	}
	return rel == ""
}

// Pages returns what Load returns for content/ as it now is: every page,
// sorted by Path, the other files, and every problem. Files not parsed
// since they changed are parsed now, in parallel.
func (s *Store) Pages() ([]*Page, []string, error) {
	rels := make([]string, 0, len(s.files))
	isBundle := map[string]bool{}
	for rel := range s.files {
		rels = append(rels, rel)
		if dir, base := path.Split(rel); base == "index.md" && dir != "" {
			isBundle[strings.TrimSuffix(dir, "/")] = true
		}
	}
	sort.Strings(rels)
	var others, jobs, todo []string
	resources := map[string][]string{}
	for _, rel := range rels {
		if !strings.HasSuffix(rel, ".md") {
			others = append(others, rel)
		}
		if b := bundleOf(rel, isBundle); b != "" && rel != b+"/index.md" {
			resources[b] = append(resources[b], rel)
			continue
		}
		if strings.HasSuffix(rel, ".md") {
			jobs = append(jobs, rel)
			if s.parsed[rel] == nil {
				todo = append(todo, rel)
			}
		}
	}
	s.parse(todo)

	var errs diag.List
	for _, err := range s.walkErrs {
		errs.Add(err)
	}
	out := make([]*Page, 0, len(jobs))
	for _, rel := range jobs {
		st := s.parsed[rel]
		errs.Add(st.err)
		if st.page == nil {
			continue
		}
		if p := st.page; p.Bundle {
			p.Resources = resources[strings.TrimSuffix(p.Path, "/index.md")]
		}
		out = append(out, st.page)
	}
	return out, others, errs.Err()
}

// parse reads and parses the files rels on all cores.
func (s *Store) parse(rels []string) {
	results := make([]*stored, len(rels))
	var wg sync.WaitGroup
	next := make(chan int)
	for range min(runtime.GOMAXPROCS(0), max(len(rels), 1)) {
		wg.Go(func() {
			for i := range next {
				results[i] = s.parseOne(s.files[rels[i]])
			}
		})
	}
	for i := range rels {
		next <- i
	}
	close(next)
	wg.Wait()
	for i, rel := range rels {
		s.parsed[rel] = results[i]
	}
}

// parseOne reads and parses one file, with the errors Load reports.
func (s *Store) parseOne(f file) *stored {
	var errs diag.List
	st := &stored{}
	if f.size > MaxFileSize {
		errs.Add(sizeError("content/"+f.rel, f.size))
		st.err = errs.Err()
		return st
	}
	data, err := readFile(s.fsys, f.read)
	if err != nil {
		errs.Addf("content/"+f.rel, 0, 0, "cannot read file: %v", err)
		st.err = errs.Err()
		return st
	}
	p, err := s.ps.parse(f.rel, data)
	errs.Add(err)
	st.page, st.err = p, errs.Err()
	if p != nil {
		if norm, err := Normalize(data); err == nil {
			if front, frontLine, _, bodyLine, err := SplitFrontMatter(norm); err == nil {
				st.front, st.frontLine, st.lines = bytes.Clone(front), frontLine, bodyLine
			}
		}
		if p.Kind == KindPage {
			// As Load does: bodies are most of a site's bytes (at 10,000
			// pages 94 MB of a preview server's 540 MB heap), and a page's
			// is read again when it renders (ReadBody); a body edit's page
			// too (reparseBody).
			p.readPath, p.Body = f.read, nil
		}
	}
	return st
}
