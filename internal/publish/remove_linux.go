//go:build linux

package publish

import (
	"bytes"
	"io"
	"io/fs"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"unsafe"

	"golang.org/x/sys/unix"
)

// removeTree removes dir and everything in it like os.RemoveAll, on all
// cores: the old tree of a large site has tens of thousands of files and
// directories (one per page), and unlinking them is a noticeable part of
// a build.
//
// Compared with os.RemoveAll it opens each directory once relative to its
// parent's descriptor, reads it with one getdents64 into a 64 KiB buffer
// (a page directory holds one file), uses the entry types getdents gives
// instead of trying to unlink a directory as a file first, and removes
// subdirectories on other goroutines (removers) whenever one is free (not
// only one top-level directory per core, as before: one section of a site
// may hold half its pages). It never follows a symlink: a link is removed,
// not what it points to. Errors are *fs.PathError values with the full
// path, as os.RemoveAll reports them.
func removeTree(dir string) error {
	var fd int
	err := ignoringEINTR(func() (err error) {
		fd, err = unix.Open(dir, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
		return err
	})
	switch {
	case err == unix.ENOENT:
		return nil
	case err != nil:
		return os.RemoveAll(dir) // not a directory, a symlink, unreadable: os knows every case
	}
	r := &remover{sem: make(chan struct{}, max(runtime.GOMAXPROCS(0), removers)-1)}
	r.empty(fd, dir, func() error { return unix.Rmdir(dir) })
	unix.Close(fd)
	return r.failed()
}

// removers is the fewest goroutines removeTree removes with. Removing is
// not always bound by the CPU: ext4 mounted with discard and without a
// journal (as some VM disks are) evicts each freed inode with a
// synchronous discard of its blocks, which waits for the disk, so a
// directory's rmdir or last close takes 0.1–1 ms. With 8 removers instead
// of 2, the old tree of the sample portal (250 files in 150 directories)
// went in 11 ms instead of 13 on a quiet disk and 28 instead of 44 on a
// busy one; a remover waiting in a system call holds no core, and on
// tmpfs, where removing is CPU work, 8 take as long as 2 (10,000 pages
// too).
const removers = 8

// direntBufSize is the size of a getdents64 buffer: about 800 entries of
// a section directory per call.
const direntBufSize = 64 << 10

// maxDirent is the size of the largest linux_dirent64 record: the 19-byte
// header, a 255-byte name and its NUL, padded to 8 bytes.
const maxDirent = 280

var direntBufs = sync.Pool{New: func() any { b := make([]byte, direntBufSize); return &b }}

// remover removes one tree. Errors do not stop it, as in os.RemoveAll: it
// removes what it can and reports the first problem.
type remover struct {
	sem   chan struct{} // a token per extra goroutine allowed
	mu    sync.Mutex
	first error
}

func (r *remover) fail(op, path string, err error) {
	r.mu.Lock()
	if r.first == nil {
		r.first = &fs.PathError{Op: op, Path: path, Err: err}
	}
	r.mu.Unlock()
}

func (r *remover) failed() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.first
}

// dir removes the directory name in the directory parent (named path in
// errors) with everything in it, and reports whether it is gone.
func (r *remover) dir(parent int, name, path string) bool {
	var fd int
	err := ignoringEINTR(func() (err error) {
		fd, err = unix.Openat(parent, name, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
		return err
	})
	switch {
	case err == unix.ENOENT:
		return true
	case err == unix.ENOTDIR || err == unix.ELOOP: // replaced by a file or a link meanwhile
		return r.file(parent, name, path)
	case err != nil:
		r.fail("openfdat", path, err)
		return false
	}
	ok := r.empty(fd, path, func() error { return unix.Unlinkat(parent, name, unix.AT_REMOVEDIR) })
	unix.Close(fd)
	return ok
}

// file removes the non-directory name in parent, or the directory if it
// turns out to be one, and reports whether it is gone.
func (r *remover) file(parent int, name, path string) bool {
	err := ignoringEINTR(func() error { return unix.Unlinkat(parent, name, 0) })
	switch {
	case err == nil || err == unix.ENOENT:
		return true
	case err == unix.EISDIR: // getdents gave no type (DT_UNKNOWN), or it changed
		return r.dir(parent, name, path)
	}
	r.fail("unlinkat", path, err)
	return false
}

// empty removes the entries of the directory open as fd (named path),
// then the directory itself with rmdir, and reports whether it is gone.
//
// A pass reads the directory to its end and removes what it lists. In the
// first pass, when getdents returns less than would have fitted, the end
// is taken as reached without the call that would return 0, and rmdir is
// tried. Should that be wrong (getdents also stops early when a signal is
// pending, as the Go runtime's preemption signals often are; some file
// systems fill less), or entries be added meanwhile, or removing have
// reordered the directory so that a read skipped some (Go issue 20841),
// rmdir fails with ENOTEMPTY: empty then reads the directory again from
// the start, to the call that returns 0, for as long as such passes find
// something to remove.
func (r *remover) empty(fd int, path string, rmdir func() error) bool {
	for pass := 0; ; pass++ {
		removed, ok := r.pass(fd, path, pass > 0)
		if !ok {
			return false
		}
		err := ignoringEINTR(rmdir)
		switch {
		case err == nil || err == unix.ENOENT:
			return true
		case (err == unix.ENOTEMPTY || err == unix.EEXIST) && (pass == 0 || removed > 0):
			continue
		}
		r.fail("unlinkat", path, err)
		return false
	}
}

// pass reads the directory open as fd (named path) and removes every
// entry it lists: files at once, the directories of each getdents batch
// then (see dirs). With again set it reads from the start and to the call
// that returns 0, not to the first batch that left room. It returns how
// many entries went, and false when one could not be removed or the
// directory not read.
func (r *remover) pass(fd int, path string, again bool) (removed int64, ok bool) {
	if again {
		if _, err := unix.Seek(fd, 0, io.SeekStart); err != nil {
			r.fail("seek", path, err)
			return 0, false
		}
	}
	bp := direntBufs.Get().(*[]byte)
	defer direntBufs.Put(bp)
	buf := *bp
	var wg sync.WaitGroup
	var gone, failed atomic.Int64
	count := func(ok bool) {
		if ok {
			gone.Add(1)
		} else {
			failed.Add(1)
		}
	}
	var dirs []string
read:
	for {
		var n int
		err := ignoringEINTR(func() (err error) {
			n, err = unix.Getdents(fd, buf)
			return err
		})
		if err != nil {
			r.fail("readdirent", path, err)
			failed.Add(1)
			break
		}
		for off := 0; off < n; {
			reclen := int(*(*uint16)(unsafe.Pointer(&buf[off+16])))
			if reclen < 20 || off+reclen > n {
				r.fail("readdirent", path, unix.EIO) // a record getdents64 never gives
				failed.Add(1)
				break read
			}
			typ := buf[off+18]
			nameb := buf[off+19 : off+reclen]
			if i := bytes.IndexByte(nameb, 0); i >= 0 {
				nameb = nameb[:i]
			}
			off += reclen
			if string(nameb) == "." || string(nameb) == ".." {
				continue
			}
			name := string(nameb)
			if typ != unix.DT_DIR {
				count(r.file(fd, name, path+"/"+name))
				continue
			}
			dirs = append(dirs, name)
		}
		if len(dirs) > 0 {
			r.dirs(fd, path, dirs, count, &wg)
			dirs = nil // goroutines may still hold parts of it
		}
		if n == 0 || !again && n <= len(buf)-maxDirent {
			break // the end, or the next entry would have fitted: the end, likely
		}
	}
	wg.Wait()
	return gone.Load(), failed.Load() == 0
}

// dirs removes the directories names in parent (named path), handing
// half of those left to another goroutine whenever a token is free: a
// site's tree is lopsided (one section may hold half the pages), and
// splitting a list rather than starting a goroutine per directory keeps
// every core busy with a few hand-offs (about 10 % less CPU than a
// goroutine per page directory, removing the 10,000-page output).
func (r *remover) dirs(parent int, path string, names []string, count func(bool), wg *sync.WaitGroup) {
	for len(names) > 0 {
		if len(names) > 1 {
			select {
			case r.sem <- struct{}{}:
				half := names[len(names)/2:]
				names = names[:len(names)/2]
				wg.Go(func() {
					defer func() { <-r.sem }()
					r.dirs(parent, path, half, count, wg)
				})
				continue
			default:
			}
		}
		count(r.dir(parent, names[0], path+"/"+names[0]))
		names = names[1:]
	}
}
