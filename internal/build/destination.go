package build

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"

	"github.com/congbo/congbo/internal/config"
)

// checkDestination refuses an output directory the build would destroy
// or read back: the source itself or a directory holding it (the swap
// replaces the destination whole), or one of the source's input
// directories or a directory inside one (`--destination static` replaced
// the site's static files with the built site; inside content/ each build
// read the previous one back as content and grew).
func checkDestination(source, dest string) error {
	src, err := realPath(source)
	if err != nil {
		return err
	}
	dst, err := realPath(dest)
	if err != nil {
		return err
	}
	public := filepath.Join(source, "public")
	if within(src, dst) {
		what := "the site's source"
		if src != dst {
			what = "a directory holding the site's source"
		}
		return fmt.Errorf("destination %s is %s %s: a build replaces its destination whole (build into %s, or a directory outside the source)", dest, what, source, public)
	}
	for _, dir := range config.InputDirs {
		if within(dst, filepath.Join(src, dir)) {
			return fmt.Errorf("destination %s is in the site's %s/ directory: a build would replace or fill it with the site and read that back as input (build into %s, or a directory outside %s/)", dest, dir, public, dir)
		}
	}
	return nil
}

// within reports whether path is dir or inside it (both clean, absolute).
// A root (/, C:\) holds everything.
func within(path, dir string) bool {
	return path == dir || filepath.Dir(dir) == dir || strings.HasPrefix(path, dir+string(filepath.Separator))
}

// realPath returns name absolute, with the symlinks of its existing part
// resolved: what it will name once the rest is created.
func realPath(name string) (string, error) {
	abs, err := filepath.Abs(name)
	if err != nil {
		return "", err
	}
	var rest []string
	for dir := abs; ; dir = filepath.Dir(dir) {
		real, err := filepath.EvalSymlinks(dir)
		if err == nil {
			return filepath.Join(append([]string{real}, rest...)...), nil
		}
		if !errors.Is(err, fs.ErrNotExist) || filepath.Dir(dir) == dir {
			return "", err
		}
		rest = append([]string{filepath.Base(dir)}, rest...)
	}
}
