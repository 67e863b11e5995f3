//go:build !unix

package publish

import "os"

// lockDest does nothing where flock(2) is missing: concurrent builds of
// one destination are not detected there.
func lockDest(path string) (*destLock, error) { return &destLock{}, nil }

// destLock is a destination's lock; f is always nil here.
type destLock struct{ f *os.File }

func (l *destLock) release() {}
