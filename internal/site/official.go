package site

import (
	"slices"

	"github.com/congbo/congbo/internal/config"
	"github.com/congbo/congbo/internal/diag"
	"github.com/congbo/congbo/internal/slug"
)

// linkCorrections joins each published correction to the page its
// `corrects:` names: the target gains the correction in CorrectedBy and
// its Lastmod moves to the correction's date, so its dateModified, feed
// entry and sitemap entry say it changed. A target that does not exist or
// is not published is an error on the correction's `corrects:` line.
func (g *Graph) linkCorrections(errs *diag.List) {
	for _, p := range g.Pages {
		if p.Type != config.TypeCorrection {
			continue
		}
		src := p.Source
		target := src.String("corrects")
		if target == "" {
			continue
		}
		line := src.Line("corrects")
		tp, ok := g.byPath[target]
		switch {
		case !ok && g.hidden[target] != "":
			errs.Addf(src.File, line, 1, "corrects: content/%s is a %s and is not published (a correction must name a published page)", target, g.hidden[target])
			continue
		case !ok:
			errs.Addf(src.File, line, 1, "corrects: no such page content/%s (write the corrected file's path under content/, e.g. thong-cao-bao-chi/ten-tep.md)", target)
			continue
		case tp.Kind != KindPage:
			errs.Addf(src.File, line, 1, "corrects: content/%s is a list, not a page (name the page that was wrong)", target)
			continue
		case tp == p:
			errs.Addf(src.File, line, 1, "corrects: a correction cannot correct itself (name the page that was wrong)")
			continue
		}
		p.Corrects = tp
		tp.CorrectedBy = append(tp.CorrectedBy, p)
		tp.Lastmod = latest(tp.Lastmod, p.Date)
	}
	for _, p := range g.Pages {
		if len(p.CorrectedBy) > 1 {
			slices.SortStableFunc(p.CorrectedBy, func(a, b *Page) int { return a.Date.Compare(b.Date) })
		}
	}
}

// linkUnitProfiles sets Term.Profile on the terms of the "units" taxonomy
// to the unit page whose title names the same unit (compared as slugs, so
// case and tone-mark variants match).
func (g *Graph) linkUnitProfiles() {
	profiles := map[string]*Page{}
	for _, p := range g.Pages {
		if p.Type == config.TypeUnit && !p.Withdrawn {
			if s := slug.Make(p.Title); s != "" && profiles[s] == nil {
				profiles[s] = p
			}
		}
	}
	if len(profiles) == 0 {
		return
	}
	for _, tx := range g.Taxonomies {
		if tx.Plural != "units" {
			continue
		}
		for _, t := range tx.Terms {
			t.Profile = profiles[t.Slug]
		}
	}
}
