// Package layouts embeds congbo's default theme. A site's own layouts/
// overrides it file by file.
package layouts

import "embed"

// FS holds the default theme: page templates (*.html), partials/, i18n/ and assets/.
//
//go:embed *.html partials i18n assets
var FS embed.FS
