//go:build linux

package publish

import (
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"

	"golang.org/x/sys/unix"
)

// openOutDir returns the outDir of the staging directory root: raw
// system calls relative to a descriptor of root, or package os if root
// cannot be opened (out of descriptors; the writes will then say why).
//
// A build writes tens of thousands of files. Through os.OpenFile each
// costs an open, four fcntl calls and an epoll_ctl (os.File tries every
// file it opens with the poller) and a path walk from /; here it is one
// openat relative to the staging directory, one write and one close, and
// the directories above it cost one mkdirat each (Stager.mkdirs).
func openOutDir(root string) outDir {
	var fd int
	err := ignoringEINTR(func() (err error) {
		fd, err = unix.Open(root, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
		return err
	})
	if err != nil {
		return osDir{root}
	}
	return &fdDir{fd: fd, root: root}
}

// fdDir is an outDir by system calls relative to the descriptor fd of the
// staging directory root. Its errors are what package os reports for the
// same calls: *fs.PathError with the op os names and the full path.
type fdDir struct {
	fd   int
	root string
}

func (d *fdDir) name(rel string) string { return filepath.Join(d.root, rel) }

func (d *fdDir) mkdir(rel string) error {
	err := ignoringEINTR(func() error { return unix.Mkdirat(d.fd, rel, 0o755) })
	if err == nil {
		return nil
	}
	// As os.MkdirAll (and osDir): an existing directory is fine, anything
	// else there is "not a directory".
	var st unix.Stat_t
	serr := ignoringEINTR(func() error { return unix.Fstatat(d.fd, rel, &st, 0) })
	switch {
	case serr == nil && st.Mode&unix.S_IFMT == unix.S_IFDIR:
		return nil
	case serr == nil && err == unix.EEXIST:
		err = syscall.ENOTDIR
	}
	return &fs.PathError{Op: "mkdir", Path: d.name(rel), Err: err}
}

// open creates rel for writing as os.OpenFile(name, O_WRONLY|O_CREATE|O_EXCL, 0o644) does.
func (d *fdDir) open(rel string) (int, error) {
	var fd int
	err := ignoringEINTR(func() (err error) {
		fd, err = unix.Openat(d.fd, rel, unix.O_WRONLY|unix.O_CREAT|unix.O_EXCL|unix.O_CLOEXEC, 0o644)
		return err
	})
	if err != nil {
		return -1, &fs.PathError{Op: "open", Path: d.name(rel), Err: err}
	}
	return fd, nil
}

func (d *fdDir) writeFile(rel string, data []byte) error {
	fd, err := d.open(rel)
	if err != nil {
		return err
	}
	if err := writeAll(fd, data); err != nil {
		unix.Close(fd)
		return &fs.PathError{Op: "write", Path: d.name(rel), Err: err}
	}
	// close is not retried on EINTR: on Linux the descriptor is gone anyway.
	if err := unix.Close(fd); err != nil {
		return &fs.PathError{Op: "close", Path: d.name(rel), Err: err}
	}
	return nil
}

// maxRW is the most one write passes to the kernel, as in package os.
const maxRW = 1 << 30

// writeAll writes data to fd as (*os.File).Write does: in a loop until
// all is written, retrying on EINTR.
func writeAll(fd int, data []byte) error {
	for len(data) > 0 {
		n, err := unix.Write(fd, data[:min(len(data), maxRW)])
		switch {
		case err == unix.EINTR:
			continue
		case err != nil:
			return err
		case n == 0:
			return io.ErrUnexpectedEOF
		}
		data = data[n:]
	}
	return nil
}

// create returns an *os.File for Copy, whose io.Copy can then use
// copy_file_range. os.NewFile costs one fcntl and skips the poller.
func (d *fdDir) create(rel string) (*os.File, error) {
	fd, err := d.open(rel)
	if err != nil {
		return nil, err
	}
	return os.NewFile(uintptr(fd), d.name(rel)), nil
}

func (d *fdDir) close() error { return unix.Close(d.fd) }

// ignoringEINTR calls fn until it fails with something other than EINTR.
func ignoringEINTR(fn func() error) error {
	for {
		if err := fn(); err != unix.EINTR {
			return err
		}
	}
}
