package watch

import (
	"path"
	"slices"
	"strings"

	"github.com/congbo/congbo/internal/config"
)

// SiteSkip is the Options.Skip for a site's source directory. At the top
// level only the site's input is watched: the content, layouts, static,
// data, assets and i18n directories and data files (site.yaml and other
// .yaml, .yml, .json, .toml files); never public/, .git or the staging
// directories of `congbo build`. Below that, version-control, editor and
// package directories are skipped; other dot entries (static/.well-known/,
// static/.htaccess) are site input and watched.
func SiteSkip(rel string) bool {
	top, _, nested := strings.Cut(rel, "/")
	if !slices.Contains(config.InputDirs, top) {
		if nested || strings.HasPrefix(top, ".") {
			return true
		}
		switch path.Ext(top) {
		case ".yaml", ".yml", ".json", ".toml":
			return false
		}
		return true
	}
	switch path.Base(rel) {
	case ".git", ".hg", ".svn", ".idea", ".vscode", "node_modules":
		return true
	}
	return false
}
