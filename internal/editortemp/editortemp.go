// Package editortemp recognises the files editors and tools leave beside
// the files they save: swap, backup, lock and atomic-save files. They are
// never site input: a build neither reads them as pages nor publishes
// them (a backup holds the text before the last save, an auto-save the
// text not saved yet), and their events never trigger a rebuild on their
// own in watch mode; the rename or write that lands on the real file does.
package editortemp

import (
	"path"
	"strings"
)

// Is reports whether the file name (a base name, or a slash path whose
// last element is used) is a temporary file an editor or tool writes
// beside the real one while saving: swap, backup, lock and atomic-save
// files.
func Is(name string) bool {
	base := path.Base(name)
	switch {
	case base == "4913", // vim: probes whether the directory is writable
		base == ".DS_Store",
		strings.HasSuffix(base, "~"),                                 // vim, emacs, gedit backups
		strings.HasPrefix(base, ".#"),                                // emacs lock
		strings.HasPrefix(base, "#") && strings.HasSuffix(base, "#"), // emacs auto-save
		strings.HasPrefix(base, "~$"),                                // office lock
		strings.HasSuffix(base, "___jb_tmp___"),                      // JetBrains safe write
		strings.HasSuffix(base, "___jb_old___"),
		strings.HasSuffix(base, ".kate-swp"),
		strings.HasSuffix(base, ".crswap"),
		strings.HasSuffix(base, ".tmp"),
		strings.HasPrefix(base, ".goutputstream-"): // gedit
		return true
	}
	return isVimSwap(base) || isSedTemp(base)
}

// isVimSwap matches vim's swap files: ".name.swp", then .swo, .swn … .swa,
// and the .swx it creates for a moment to probe the directory.
func isVimSwap(base string) bool {
	if !strings.HasPrefix(base, ".") || len(base) < 5 {
		return false
	}
	ext := base[len(base)-4:]
	return ext[:3] == ".sw" && (ext[3] >= 'a' && ext[3] <= 'p' || ext[3] == 'x')
}

// isSedTemp matches the file GNU sed -i writes before renaming it over the
// original: "sed" and six letters or digits.
func isSedTemp(base string) bool {
	if len(base) != 9 || !strings.HasPrefix(base, "sed") {
		return false
	}
	for _, r := range base[3:] {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}
