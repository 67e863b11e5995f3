//go:build !linux

package publish

import "errors"

// errExchangeUnsupported means the OS or file system cannot exchange two
// paths atomically; Commit falls back to two renames.
var errExchangeUnsupported = errors.New("atomic exchange unsupported")

// exchange is unsupported outside Linux.
func exchange(a, b string) error { return errExchangeUnsupported }
