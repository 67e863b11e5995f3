package publish

import (
	"fmt"
	"path"
	"path/filepath"
	"strings"
)

// checkRel reports an error unless rel is a clean, local, slash-separated
// path naming a file inside the output directory: not empty, not absolute,
// no ".." element, no backslash (a separator on Windows, never in a URL
// path), no NUL or other control character.
func checkRel(rel string) error {
	if strings.ContainsFunc(rel, func(r rune) bool { return r < 0x20 || r == 0x7f || r == '\\' }) {
		return fmt.Errorf("output path %q contains a backslash or control character", rel)
	}
	if rel == "" || rel == "." || path.Clean(rel) != rel || !filepath.IsLocal(filepath.FromSlash(rel)) {
		return fmt.Errorf("output path %q escapes the output directory", rel)
	}
	return nil
}
