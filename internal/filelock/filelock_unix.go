//go:build unix

package filelock

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// TryLock takes the lock file path (creating it), or returns ErrBusy at
// once when it is held. Release removes the file, then drops the lock; a
// TryLock that locked the file just before it was removed sees that the
// path no longer names what it locked and tries again, so two holders
// never both hold it.
func TryLock(path string) (*Lock, error) {
	for {
		f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
		if err != nil {
			return nil, err
		}
		for {
			err = unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB)
			if err != unix.EINTR {
				break
			}
		}
		if err != nil {
			f.Close()
			if errors.Is(err, unix.EWOULDBLOCK) {
				return nil, ErrBusy
			}
			return nil, err
		}
		locked, err := f.Stat()
		if err != nil {
			f.Close()
			return nil, err
		}
		if now, err := os.Stat(path); err == nil && os.SameFile(locked, now) {
			return &Lock{path: path, f: f}, nil
		}
		f.Close() // removed by the holder that just released it: again
	}
}

// Lock is a held lock.
type Lock struct {
	path string
	f    *os.File
}

// Release removes the lock file and drops the lock.
func (l *Lock) Release() {
	os.Remove(l.path)
	l.f.Close()
}
