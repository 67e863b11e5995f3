// Package render executes templates (the embedded default theme, overridden
// file by file by the site's layouts/) and writes every output of a build.
package render

import "github.com/congbo/congbo/internal/site"

// Data is what every HTML template receives as dot.
type Data struct {
	Site  *site.Site
	Page  *site.Page
	Pager *site.Pager // set on paginated lists (home, section, term), else nil
	CSS   Asset       // the fingerprinted stylesheet
	Lang  string      // "vi" or "en": the <html lang>
	// Target is set on alias pages: the URL the alias redirects to.
	Target string
	// Search is set on the search page only (search.go).
	Search *SearchPage
}

// textLang is the language of the page's text: its front matter lang when
// the page has one other than the site's (site.Page.Lang), else the site's.
// Its metadata (og:locale, DC.language, JSON-LD inLanguage) says it.
func (d *Data) textLang() string {
	if d.Page != nil && d.Page.Lang != "" {
		return d.Page.Lang
	}
	return d.Lang
}

// Asset is a fingerprinted file with its Subresource Integrity hash.
type Asset struct {
	URL       string // root-relative, e.g. "/css/style.3f2a9c1d.css"
	Integrity string // "sha384-…"
}
