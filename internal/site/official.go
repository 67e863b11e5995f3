package site

import (
	"slices"
	"strings"

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
			errs.Addf(src.File, line, 1, "corrects: content/%s is %s and is not published (a correction must name a published page)", target, hiddenPhrase(g.hidden[target]))
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

// linkUnitHistory joins units that merged or were renamed to the unit they
// became, so the old unit's page (kept, as DOMAIN.md asks) points to its
// successor and the successor lists where it came from. Units are matched
// by name as slugs, like unit terms and profiles. A successor the site has
// no page for is shown by name, unlinked (a unit may merge into another
// agency's). Naming two successors, or oneself, is an error.
func (g *Graph) linkUnitHistory(errs *diag.List) {
	units := map[string]*Page{}
	var unitPages []*Page
	for _, p := range g.Pages {
		if p.Type != config.TypeUnit {
			continue
		}
		unitPages = append(unitPages, p)
		if s := slug.Make(p.Title); s != "" && units[s] == nil {
			units[s] = p
		}
	}
	slices.SortFunc(unitPages, func(a, b *Page) int { return strings.Compare(a.URL, b.URL) })
	for _, p := range unitPages {
		src := p.Source
		merged, renamed := src.String("merged_into"), src.String("renamed_to")
		if merged != "" && renamed != "" {
			errs.Addf(src.File, src.Line("renamed_to"), 1, "a unit has one successor: remove merged_into or renamed_to")
			continue
		}
		change := &UnitChange{Kind: "merged", Name: merged, Date: src.Time("until")}
		key := "merged_into"
		if renamed != "" {
			change.Kind, change.Name, key = "renamed", renamed, "renamed_to"
		}
		if change.Name == "" {
			continue
		}
		change.Page = units[slug.Make(change.Name)]
		if change.Page == p {
			errs.Addf(src.File, src.Line(key), 1, "%s names this unit itself (name the unit it became)", key)
			continue
		}
		p.Successor = change
	}
	// Predecessors: as the successor's front matter lists them, then the
	// units naming it as successor that it does not list.
	for _, p := range unitPages {
		src := p.Source
		add := func(kind, name string) {
			c := UnitChange{Kind: kind, Name: name, Page: units[slug.Make(name)]}
			if c.Page == p {
				return
			}
			if c.Page != nil && c.Page.Successor != nil && c.Page.Successor.Page == p {
				c.Date = c.Page.Successor.Date
			}
			p.Predecessors = append(p.Predecessors, c)
		}
		for _, name := range src.Strings("merged_from") {
			add("merged", name)
		}
		if name := src.String("renamed_from"); name != "" {
			add("renamed", name)
		}
	}
	for _, old := range unitPages {
		next := old.Successor
		if next == nil || next.Page == nil {
			continue
		}
		listed := slices.ContainsFunc(next.Page.Predecessors, func(c UnitChange) bool { return c.Page == old })
		if !listed {
			next.Page.Predecessors = append(next.Page.Predecessors, UnitChange{Kind: next.Kind, Name: old.Title, Page: old, Date: next.Date})
		}
	}
}
