package content

import (
	"io/fs"

	"github.com/congbo/congbo/internal/config"
)

// LoadEach is Load that also hands every page it parses, with its Markdown
// body, to fn as soon as the file is parsed. fn is called from the
// goroutines that parse files, so it must be safe for concurrent use, and
// not for a file that fails to parse. body is valid only during the call,
// its bytes reused for the next file, unless fn returns true: then they
// are left to fn. Like Load, LoadEach keeps no body of a regular page: a
// one-shot pass over every body (congbo check parses each as it is read)
// neither holds them all nor reads each file twice, as Load and ReadBody
// do.
func LoadEach(fsys fs.FS, cfg *config.Config, fn func(p *Page, body []byte) (keep bool)) ([]*Page, []string, error) {
	return load(fsys, cfg, fn)
}
