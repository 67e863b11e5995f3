package render

import (
	"slices"
	"strings"

	"github.com/congbo/congbo/internal/config"
	"github.com/congbo/congbo/internal/ical"
	"github.com/congbo/congbo/internal/site"
	"github.com/congbo/congbo/internal/vcard"
)

// CalendarFile is the name of a press-conference section's calendar feed,
// written at the section's URL (e.g. /hop-bao/calendar.ics).
const CalendarFile = "calendar.ics"

// besideURL is the root-relative URL of a file of extension ext beside
// the page at pageURL, named after it: "/a/b/" → "/a/b/b.vcf",
// "/a/b.html" → "/a/b.vcf".
func besideURL(pageURL, ext string) string {
	if strings.HasSuffix(pageURL, "/") {
		dir := strings.TrimSuffix(pageURL, "/")
		return pageURL + dir[strings.LastIndex(dir, "/")+1:] + "." + ext
	}
	return strings.TrimSuffix(pageURL, ".html") + "." + ext
}

// writePageFiles writes the files a page of an official type has beside
// its HTML: a vCard for a spokesperson, an iCalendar file for a press
// conference.
func (r *Renderer) writePageFiles(out Writer, p *site.Page) {
	var name string
	var data []byte
	switch p.Type {
	case config.TypeSpokesperson:
		name, data = besideURL(p.URL, "vcf"), vcard.Encode(r.card(p))
	case config.TypePressConference:
		cal := ical.Calendar{Location: r.cfg.Location, Events: []ical.Event{r.event(p)}}
		name, data = besideURL(p.URL, "ics"), ical.Encode(cal)
	default:
		return
	}
	if err := out.WriteRaw(strings.TrimPrefix(name, "/"), data); err != nil {
		r.errs.Addf(p.Source.File, 0, 0, "write %s: %s", name, err.Error())
	}
}

// card is the vCard of a spokesperson page.
func (r *Renderer) card(p *site.Page) vcard.Card {
	src := p.Source
	c := vcard.Card{
		Name: src.String("name"), Title: src.String("position"), TitleEn: src.String("position_en"),
		Org: unitName(p), OrgEn: src.String("unit_en"), Email: src.String("email"),
		URL: p.Permalink, UID: p.Permalink, Rev: p.Lastmod, Lang: r.cfg.Language, Role: r.tmpl.t["type_spokesperson"],
	}
	if c.Org == "" {
		c.Org = r.cfg.Organization.Name
	}
	if u, ok := vcard.TelURI(src.String("phone")); ok {
		c.Tel = u
	}
	if photo := src.String("photo"); photo != "" {
		c.Photo = absolute(r.cfg.BaseURL, p.URL, photo)
	}
	return c
}

// unitName is the first unit term of a page, else its `unit` field.
func unitName(p *site.Page) string {
	for _, tl := range p.Terms {
		if tl.Taxonomy.Plural == "units" && len(tl.Terms) > 0 {
			return tl.Terms[0].Name
		}
	}
	return p.Source.String("unit")
}

// icalStatus maps a press conference's status to a VEVENT STATUS.
var icalStatus = map[string]string{
	"scheduled": ical.StatusConfirmed,
	"held":      ical.StatusConfirmed,
	"postponed": ical.StatusTentative,
	"cancelled": ical.StatusCancelled,
}

// event is the VEVENT of a press conference page. DTSTAMP is the page's
// lastmod, never the clock; SEQUENCE is front matter `sequence`, else the
// number of `changes` entries, so it rises each time an editor records a
// change.
func (r *Renderer) event(p *site.Page) ical.Event {
	src := p.Source
	seq := src.Int("sequence")
	if _, set := src.Params["sequence"]; !set {
		seq = len(src.Changes())
	}
	e := ical.Event{
		UID: p.Permalink, Stamp: p.Lastmod, Start: src.Time("start"), End: src.Time("end"),
		Summary: p.Title, Location: src.String("location"), URL: p.Permalink, Sequence: seq,
		Status: icalStatus[firstOf(src.String("status"), "scheduled")],
	}
	if e.Location == "" {
		e.Location = firstOf(src.String("online"), src.String("livestream"))
	}
	var desc []string
	if p.Description != "" {
		desc = append(desc, p.Description)
	}
	if chair := src.String("chair"); chair != "" {
		desc = append(desc, r.tmpl.t["chair"]+": "+chair)
	}
	if agenda := src.Strings("agenda"); len(agenda) > 0 {
		desc = append(desc, r.tmpl.t["agenda"]+":\n- "+strings.Join(agenda, "\n- "))
	}
	if u := firstOf(src.String("online"), src.String("livestream")); u != "" {
		desc = append(desc, r.tmpl.t["online"]+": "+u)
	}
	desc = append(desc, p.Permalink)
	e.Description = strings.Join(desc, "\n\n")
	return e
}

// renderCalendars writes the calendar feed of each press-conference
// section: every press conference of the section that is not withdrawn,
// cancelled ones included (with STATUS:CANCELLED, so subscribed calendars
// drop them), ordered by start.
func (r *Renderer) renderCalendars() {
	for _, s := range r.g.Sections {
		if s.Type != config.TypePressConference {
			continue
		}
		var pages []*site.Page
		for _, p := range r.g.Pages {
			if p.Section == s && p.Type == config.TypePressConference && !p.Withdrawn {
				pages = append(pages, p)
			}
		}
		slices.SortStableFunc(pages, func(a, b *site.Page) int {
			if c := a.Source.Time("start").Compare(b.Source.Time("start")); c != 0 {
				return c
			}
			return strings.Compare(a.URL, b.URL)
		})
		cal := ical.Calendar{Name: s.Title + " – " + r.cfg.Title, Location: r.cfg.Location}
		for _, p := range pages {
			cal.Events = append(cal.Events, r.event(p))
		}
		if err := r.out.WriteRaw(strings.TrimPrefix(s.URL, "/")+CalendarFile, ical.Encode(cal)); err != nil {
			r.errs.Add(err)
		}
	}
}
