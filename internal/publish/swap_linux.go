//go:build linux

package publish

import (
	"errors"
	"fmt"

	"golang.org/x/sys/unix"
)

// errExchangeUnsupported means the OS or file system cannot exchange two
// paths atomically; Commit falls back to two renames.
var errExchangeUnsupported = errors.New("atomic exchange unsupported")

// exchange atomically swaps the directories a and b with renameat2
// RENAME_EXCHANGE (Linux 3.15+; some file systems refuse it).
func exchange(a, b string) error {
	err := unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, unix.ENOSYS), errors.Is(err, unix.EINVAL), errors.Is(err, unix.EOPNOTSUPP):
		return fmt.Errorf("%w: %w", errExchangeUnsupported, err)
	}
	return fmt.Errorf("exchange %s and %s: %w", a, b, err)
}
