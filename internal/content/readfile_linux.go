//go:build linux

package content

import (
	"io/fs"

	"golang.org/x/sys/unix"
)

// maxRW is the most one read asks of the kernel, as in package os.
const maxRW = 1 << 30

// fastRead says readOSFile is there.
const fastRead = true

// readOSFile reads the file full as os.DirFS's ReadFile does, with its
// errors (*fs.PathError naming name, the path in the fs.FS). When
// limit >= 0 and fstat finds the file bigger, it returns errTooBig and
// the size without reading.
//
// Like os.ReadFile it reads to the end of the file, whatever size fstat
// gave, into a buffer one byte bigger than that size. A regular file's
// read returns less than asked only at its end, so when a read stops
// exactly at the size with room to spare, that is the end, and the read
// that would return 0 is saved. It reads into buf when buf has room for
// that buffer.
func readOSFile(full, name string, limit int64, buf []byte) (data []byte, size int64, err error) {
	var fd int
	err = ignoringEINTR(func() (err error) {
		fd, err = unix.Open(full, unix.O_RDONLY|unix.O_CLOEXEC, 0)
		return err
	})
	if err != nil {
		return nil, 0, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	defer unix.Close(fd) // as os.ReadFile, a close error does not matter after reading
	var st unix.Stat_t
	regular := false
	if ignoringEINTR(func() error { return unix.Fstat(fd, &st) }) == nil {
		size, regular = st.Size, st.Mode&unix.S_IFMT == unix.S_IFREG
	}
	if limit >= 0 && size > limit {
		return nil, size, errTooBig
	}
	n := 512
	if size > 0 && size < int64(^uint(0)>>1) {
		n = max(n, int(size)+1)
	}
	if cap(buf) >= n {
		data = buf[:0]
	} else {
		data = make([]byte, 0, n)
	}
	for {
		var m int
		err := ignoringEINTR(func() (err error) {
			m, err = unix.Read(fd, data[len(data):min(cap(data), len(data)+maxRW)])
			return err
		})
		if err != nil {
			return nil, 0, &fs.PathError{Op: "read", Path: name, Err: err}
		}
		if m <= 0 {
			break
		}
		data = data[:len(data)+m]
		if regular && int64(len(data)) == size && len(data) < cap(data) {
			break // stopped short at the size: the end of the file
		}
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)] // grown since fstat: make room
		}
	}
	return data, int64(len(data)), nil
}

// ignoringEINTR calls fn until it fails with something other than EINTR.
func ignoringEINTR(fn func() error) error {
	for {
		if err := fn(); err != unix.EINTR {
			return err
		}
	}
}
