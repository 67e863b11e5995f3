package main

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// skeleton is the site `congbo new site DIR` writes: site.yaml with every
// key explained, one section per content type and a sample press release.
// {{NOW}} and {{EXPIRES}} are replaced when it is written.
//
//go:embed all:skeleton
var skeleton embed.FS

// newSite writes a minimal working site into dir, which must not exist or
// be empty. now dates the sample press release and sets security.txt to
// expire six months later.
func newSite(dir string, now time.Time) error {
	entries, err := os.ReadDir(dir)
	switch {
	case err == nil && len(entries) > 0:
		return fmt.Errorf("%s: not empty (choose a new directory; congbo new site never overwrites files)", dir)
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return err
	}
	loc, err := time.LoadLocation("Asia/Ho_Chi_Minh")
	if err != nil {
		loc = time.FixedZone("ICT", 7*3600)
	}
	fill := strings.NewReplacer(
		"{{NOW}}", now.In(loc).Truncate(time.Minute).Format(time.RFC3339),
		"{{EXPIRES}}", now.In(loc).AddDate(0, 6, 0).Format("2006-01-02"),
	)
	return fs.WalkDir(skeleton, "skeleton", func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		dst := filepath.Join(dir, filepath.FromSlash(strings.TrimPrefix(strings.TrimPrefix(name, "skeleton"), "/")))
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		b, err := skeleton.ReadFile(name)
		if err != nil {
			return err
		}
		return os.WriteFile(dst, []byte(fill.Replace(string(b))), 0o644)
	})
}
