package manifest

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// Scan hashes every regular file under dir except the manifest and its
// signature. A symlink, device or other special file, or a path that
// CheckPath refuses, is an error: a signed site is plain files.
func Scan(dir string) ([]Entry, error) {
	var entries []Entry
	err := walkSite(dir, func(rel, name string, d fs.DirEntry) error {
		if err := CheckPath(rel); err != nil {
			return err
		}
		if !d.Type().IsRegular() {
			return fmt.Errorf("%s: not a regular file (a signed site holds plain files only)", rel)
		}
		sum, size, err := HashFile(name, -1)
		if err != nil {
			return err
		}
		entries = append(entries, Entry{Path: rel, Sum: sum, Size: size})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("scan: %w", err)
	}
	return entries, nil
}

// walkSite calls fn for every file under dir (through a symlinked dir,
// as a mirror's DIR/current is) except the manifest and its signature,
// with its slash path relative to dir and its path on disk.
func walkSite(dir string, fn func(rel, name string, d fs.DirEntry) error) error {
	dir, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return err
	}
	err = filepath.WalkDir(dir, func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		rel, err := filepath.Rel(dir, name)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if rel == Name || rel == SigName {
			return nil
		}
		return fn(rel, name, d)
	})
	if err != nil {
		return fmt.Errorf("%s: %w", dir, err)
	}
	return nil
}

// ErrTooLarge is returned by HashFile for a file over its limit.
var ErrTooLarge = errors.New("file is larger than the manifest allows")

// HashFile returns the SHA-256 and size of the file name, reading at most
// limit+1 bytes when limit >= 0 so an oversized file fails early with
// ErrTooLarge.
func HashFile(name string, limit int64) (sum [32]byte, size int64, err error) {
	f, err := os.Open(name)
	if err != nil {
		return sum, 0, err
	}
	defer f.Close()
	h := sha256.New()
	var r io.Reader = f
	if limit >= 0 {
		r = io.LimitReader(f, limit+1)
	}
	size, err = io.Copy(h, r)
	if err != nil {
		return sum, 0, fmt.Errorf("read %s: %w", name, err)
	}
	if limit >= 0 && size > limit {
		return sum, size, ErrTooLarge
	}
	h.Sum(sum[:0])
	return sum, size, nil
}
