package content

import (
	"errors"
	"io/fs"
	"os"
	"strings"
)

// errTooBig is readFileMax's error for a file over its limit.
var errTooBig = errors.New("file too big")

// DirFS is os.DirFS(dir) whose ReadFile reads a file with a few system
// calls (readFileMax) instead of through an *os.File: a build reads every
// content file twice (Load, then ReadBody as the page renders). Builds
// open a site's source with it; every other method is os.DirFS's.
type DirFS string

func (d DirFS) os() fs.FS { return os.DirFS(string(d)) }

// Open, ReadDir, Stat, Lstat and ReadLink are os.DirFS's.
func (d DirFS) Open(name string) (fs.File, error)          { return d.os().Open(name) }
func (d DirFS) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(d.os(), name) }
func (d DirFS) Stat(name string) (fs.FileInfo, error)      { return fs.Stat(d.os(), name) }
func (d DirFS) Lstat(name string) (fs.FileInfo, error)     { return fs.Lstat(d.os(), name) }
func (d DirFS) ReadLink(name string) (string, error)       { return fs.ReadLink(d.os(), name) }

// ReadFile is os.DirFS's ReadFile, with the same bytes and errors.
func (d DirFS) ReadFile(name string) ([]byte, error) { return readFile(d, name) }

// osDir returns the directory of a DirFS, which readFile reads without
// an *os.File.
func osDir(fsys fs.FS) (string, bool) {
	d, ok := fsys.(DirFS)
	return string(d), ok && d != ""
}

// osPath returns the path os.DirFS(dir) opens for name, and false for
// names it refuses (its errors then come from fs.ReadFile).
func osPath(dir, name string) (string, bool) {
	if !fs.ValidPath(name) || strings.IndexByte(name, 0) >= 0 {
		return "", false
	}
	if os.IsPathSeparator(dir[len(dir)-1]) {
		return dir + name, true
	}
	return dir + string(os.PathSeparator) + name, true
}

// readFile is fs.ReadFile(fsys, name), with the same result and errors.
func readFile(fsys fs.FS, name string) ([]byte, error) {
	data, _, err := readFileMax(fsys, name, -1, nil)
	return data, err
}

// readFileMax is readFile that, when limit >= 0 and the file is found
// bigger than limit bytes before it is read, returns errTooBig and the size
// instead. It may read a bigger file: callers check the length too. It may
// read into buf, and then returns a slice of it.
//
// For an os.DirFS on Linux it reads with open, fstat, read (usually one
// call: see readOSFile) and close, instead of os.ReadFile's open, four
// fcntl calls and an epoll_ctl (os.File tries every file with the
// poller), fstat, two reads and close.
func readFileMax(fsys fs.FS, name string, limit int64, buf []byte) ([]byte, int64, error) {
	if dir, ok := osDir(fsys); ok && fastRead {
		if full, ok := osPath(dir, name); ok {
			return readOSFile(full, name, limit, buf)
		}
	}
	if d, ok := fsys.(DirFS); ok {
		fsys = d.os() // not d itself: its ReadFile is this function
	}
	data, err := fs.ReadFile(fsys, name)
	return data, int64(len(data)), err
}
