//go:build unix

package publish

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// lockDest takes the lock file path, which only one Stager of a
// destination holds at a time, or reports errBusy when another process
// (or Stager) holds it. The lock is flock(2)'s: the kernel drops it when
// its holder exits, so a killed build leaves no stale lock, only the
// empty file. release removes the file, then drops the lock; a Stage that
// locked the file just before it was removed sees that the path no
// longer names what it locked and tries again, so two builds never both
// hold the lock.
func lockDest(path string) (*destLock, error) {
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
				return nil, errBusy
			}
			return nil, err
		}
		locked, err := f.Stat()
		if err != nil {
			f.Close()
			return nil, err
		}
		if now, err := os.Stat(path); err == nil && os.SameFile(locked, now) {
			return &destLock{path: path, f: f}, nil
		}
		f.Close() // removed by the holder that just released it: again
	}
}

// destLock is a destination's lock, held while its file is open.
type destLock struct {
	path string
	f    *os.File
}

// release removes the lock file and drops the lock.
func (l *destLock) release() {
	os.Remove(l.path)
	l.f.Close()
}
