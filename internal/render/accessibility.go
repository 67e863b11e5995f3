package render

import (
	"strings"

	"github.com/congbo/congbo/internal/site"
)

// AccessibilityURL is the accessibility statement, generated from the
// accessibility block of site.yaml and linked from every footer.
const AccessibilityURL = site.AccessibilityURL

// KindAccessibility is the .Page.Kind of the accessibility statement.
const KindAccessibility = "accessibility"

// renderAccessibility writes the accessibility statement with
// layouts/accessibility.html, unless a content page already has its URL
// (a site may write its own statement).
func (r *Renderer) renderAccessibility() {
	for _, p := range r.g.Pages {
		if p.URL == AccessibilityURL {
			return
		}
	}
	p := &site.Page{Kind: KindAccessibility, Title: r.tmpl.t["a11y_title"], URL: AccessibilityURL,
		Permalink: strings.TrimSuffix(r.cfg.BaseURL, "/") + AccessibilityURL,
		Lastmod:   r.cfg.Accessibility.LastReview}
	if err := r.execute(r.out, "accessibility.html", site.OutputPath(AccessibilityURL), r.data(p, nil)); err != nil {
		r.errs.Add(err)
	}
}
