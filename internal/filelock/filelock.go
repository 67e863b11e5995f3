// Package filelock keeps two processes from doing the same job at once
// (two builds of one destination, two mirror pulls into one directory)
// with a lock file. The lock is flock(2)'s on Unix: the kernel drops it
// when its holder exits, so a killed process leaves no stale lock, only
// the empty file, which the next holder takes over.
package filelock

import "errors"

// ErrBusy means another process (or another Lock in this one) holds the
// lock.
var ErrBusy = errors.New("locked by another process")
