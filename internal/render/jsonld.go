package render

import (
	"html/template"
	"strings"
	"time"

	"github.com/congbo/congbo/internal/config"
	"github.com/congbo/congbo/internal/site"
	"github.com/congbo/congbo/internal/vcard"
)

// jsonLD marshals v for a <script type="application/ld+json"> data block,
// byte for byte as encoding/json does (appendJSON): <, > and & (and
// U+2028/2029) become \u sequences, so the text cannot close the script
// element; the result is valid JSON.
func jsonLD(v any) (template.JS, error) {
	b, err := appendJSON(make([]byte, 0, 1024), v)
	if err != nil {
		return "", err
	}
	return template.JS(b), nil
}

// schemaOrg returns the schema.org description of the page in d, or nil
// for pages that have none (lists): NewsArticle (with `correction` once a
// correction names the page), Person with a press ContactPoint, Event,
// ClaimReview, GovernmentOrganization. Themes print it with
// {{with schemaorg .}}…{{jsonld .}}…{{end}}. Dot may be *Data or a
// type that embeds it (the search page's SearchData).
func schemaOrg(dot any) map[string]any {
	return schemaOrgOf(dot, nil)
}

// schemaOrgOf is schemaOrg with the publisher, when publisher is not nil,
// as that JSON encoded once (metaTags prints it on every page) instead of
// a map.
func schemaOrgOf(dot any, publisher encodedJSON) map[string]any {
	h, ok := dot.(interface{ data() *Data })
	if !ok {
		return nil
	}
	d := h.data()
	if d == nil || d.Page == nil {
		return nil
	}
	p := d.Page
	cfg := d.Site.Config
	s := schemaBuilder{cfg: cfg, loc: cfg.Location, publisher: publisher, lang: d.textLang()} // the site (WebSite) keeps cfg.Language
	switch p.Kind {
	case site.KindHome:
		return s.ctx(map[string]any{
			"@type": "WebSite", "name": cfg.Title, "url": p.Permalink, "inLanguage": cfg.Language,
			"description": nonEmpty(cfg.Description), "publisher": s.org(),
		})
	case site.KindTerm:
		if p.Term != nil && p.Term.Profile != nil {
			return s.ctx(s.unit(p.Term.Profile))
		}
		return nil
	case site.KindPage:
	default:
		return nil
	}
	switch p.Type {
	case config.TypeSpokesperson:
		return s.ctx(s.person(p))
	case config.TypePressConference:
		return s.ctx(s.event(p))
	case config.TypeUnit:
		return s.ctx(s.unit(p))
	case config.TypeCorrection:
		if p.Corrects == nil && p.Source.String("claim") != "" {
			return s.ctx(s.claimReview(p))
		}
		return s.ctx(s.article(p))
	case config.TypePage:
		return s.ctx(map[string]any{
			"@type": "WebPage", "name": p.Title, "url": p.Permalink, "description": nonEmpty(p.Description),
			"dateModified": s.time(p.Lastmod), "inLanguage": s.lang, "publisher": s.org(),
		})
	}
	return s.ctx(s.article(p))
}

// data lets schemaOrg accept *Data and the types that embed it.
func (d *Data) data() *Data { return d }

type schemaBuilder struct {
	cfg       *config.Config
	loc       *time.Location
	publisher encodedJSON // the agency (org) encoded, or nil
	lang      string      // the page's language (inLanguage)
}

// encodedJSON is JSON that appendJSON writes as it is.
type encodedJSON []byte

// publisherJSON is the agency that publishes the portal (schemaBuilder.org)
// encoded as schemaOrg's value would be.
func publisherJSON(cfg *config.Config) (encodedJSON, error) {
	return appendJSON(nil, prune(schemaBuilder{cfg: cfg, loc: cfg.Location}.orgMap()))
}

func (s schemaBuilder) ctx(m map[string]any) map[string]any {
	m["@context"] = "https://schema.org"
	return prune(m)
}

func (s schemaBuilder) time(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	if s.loc != nil {
		t = t.In(s.loc)
	}
	return t.Format(time.RFC3339)
}

// org is the agency that publishes the portal: its map (orgMap), or the
// map encoded once.
func (s schemaBuilder) org() any {
	if s.publisher != nil {
		return s.publisher
	}
	return s.orgMap()
}

func (s schemaBuilder) orgMap() map[string]any {
	o := s.cfg.Organization
	if o.Name == "" {
		return map[string]any{"@type": "GovernmentOrganization", "name": s.cfg.Title, "url": s.cfg.BaseURL}
	}
	m := map[string]any{
		"@type": "GovernmentOrganization", "name": o.Name, "alternateName": nonEmpty(o.NameEn),
		"url": s.cfg.BaseURL, "email": nonEmpty(o.Email), "telephone": tel(o.Phone), "faxNumber": tel(o.Fax),
	}
	if o.Address != "" {
		m["address"] = map[string]any{"@type": "PostalAddress", "streetAddress": o.Address, "addressCountry": "VN"}
	}
	return m
}

// unitOf is the GovernmentOrganization a page speaks for: its first unit
// term (with the unit's profile page when there is one), else the portal's agency.
func (s schemaBuilder) unitOf(p *site.Page) any {
	if m := s.unitMap(p); m != nil {
		return m
	}
	return s.org()
}

// unitMap is unitOf's first unit term, or nil.
func (s schemaBuilder) unitMap(p *site.Page) map[string]any {
	for _, tl := range p.Terms {
		if tl.Taxonomy.Plural == "units" && len(tl.Terms) > 0 {
			t := tl.Terms[0]
			m := map[string]any{"@type": "GovernmentOrganization", "name": t.Name}
			if t.Profile != nil {
				m["url"] = t.Profile.Permalink
			}
			return m
		}
	}
	return nil
}

func (s schemaBuilder) article(p *site.Page) map[string]any {
	m := map[string]any{
		"@type": "NewsArticle", "headline": p.Title, "description": nonEmpty(p.Description),
		"url": p.Permalink, "mainEntityOfPage": p.Permalink, "inLanguage": s.lang,
		"datePublished": s.time(p.Date), "dateModified": s.time(p.Lastmod),
		"author": s.unitOf(p), "publisher": s.org(),
		"identifier": nonEmpty(p.Source.String("number")),
	}
	if p.Type == config.TypeCorrection && p.Corrects != nil {
		m["about"] = map[string]any{"@type": "NewsArticle", "headline": p.Corrects.Title, "url": p.Corrects.Permalink}
	}
	var corr []any
	for _, c := range p.CorrectedBy {
		corr = append(corr, map[string]any{
			"@type": "CorrectionComment", "url": c.Permalink, "datePublished": s.time(c.Date),
			"text": nonEmpty(firstOf(c.Source.String("correct_content"), c.Description, c.Title)),
		})
	}
	if corr != nil {
		m["correction"] = corr
	}
	return m
}

func (s schemaBuilder) person(p *site.Page) map[string]any {
	src := p.Source
	cp := map[string]any{
		"@type": "ContactPoint", "contactType": "press", "telephone": tel(src.String("phone")),
		"email": nonEmpty(src.String("email")), "availableLanguage": []string{"vi", "en"},
	}
	org := s.unitMap(p)
	if org == nil {
		org = s.orgMap()
	}
	if en := src.String("unit_en"); en != "" {
		org["alternateName"] = en
	}
	m := map[string]any{
		"@type": "Person", "name": src.String("name"), "jobTitle": src.String("position"),
		"url": p.Permalink, "email": nonEmpty(src.String("email")), "telephone": tel(src.String("phone")),
		"worksFor": org, "contactPoint": cp,
	}
	if photo := src.String("photo"); photo != "" {
		m["image"] = absolute(s.cfg.BaseURL, p.URL, photo)
	}
	return m
}

// eventStatus maps a press conference's status to schema.org EventStatusType.
var eventStatus = map[string]string{
	"scheduled": "https://schema.org/EventScheduled",
	"held":      "https://schema.org/EventScheduled",
	"postponed": "https://schema.org/EventPostponed",
	"cancelled": "https://schema.org/EventCancelled",
}

func (s schemaBuilder) event(p *site.Page) map[string]any {
	src := p.Source
	status := firstOf(src.String("status"), "scheduled")
	var locs []any
	if l := src.String("location"); l != "" {
		locs = append(locs, map[string]any{"@type": "Place", "name": l, "address": map[string]any{"@type": "PostalAddress", "streetAddress": l, "addressCountry": "VN"}})
	}
	if u := firstOf(src.String("online"), src.String("livestream")); u != "" {
		locs = append(locs, map[string]any{"@type": "VirtualLocation", "url": u})
	}
	mode := "https://schema.org/OfflineEventAttendanceMode"
	switch {
	case len(locs) == 2:
		mode = "https://schema.org/MixedEventAttendanceMode"
	case len(locs) == 1 && src.String("location") == "":
		mode = "https://schema.org/OnlineEventAttendanceMode"
	}
	m := map[string]any{
		"@type": "Event", "name": p.Title, "description": nonEmpty(p.Description), "url": p.Permalink,
		"startDate": s.time(src.Time("start")), "endDate": s.time(src.Time("end")),
		"eventStatus": eventStatus[status], "eventAttendanceMode": mode, "organizer": s.unitOf(p),
		"inLanguage": s.lang,
	}
	if len(locs) == 1 {
		m["location"] = locs[0]
	} else if len(locs) > 1 {
		m["location"] = locs
	}
	var performers []any
	for _, name := range src.Strings("spokespeople") {
		performers = append(performers, map[string]any{"@type": "Person", "name": name})
	}
	if performers != nil {
		m["performer"] = performers
	}
	return m
}

func (s schemaBuilder) claimReview(p *site.Page) map[string]any {
	src := p.Source
	item := map[string]any{"@type": "Claim", "datePublished": s.time(src.Time("claim_date"))}
	if u := src.String("claim_url"); u != "" || src.String("claim_source") != "" {
		item["appearance"] = map[string]any{"@type": "CreativeWork", "url": nonEmpty(u), "name": nonEmpty(src.String("claim_source"))}
	}
	return map[string]any{
		"@type": "ClaimReview", "url": p.Permalink, "name": p.Title,
		"claimReviewed": src.String("claim"), "datePublished": s.time(p.Date),
		"author": s.org(), "itemReviewed": item, "inLanguage": s.lang,
		"reviewRating": map[string]any{
			"@type": "Rating", "alternateName": firstOf(src.String("verdict"), "Sai sự thật"),
			"ratingValue": 1, "worstRating": 1, "bestRating": 5,
		},
	}
}

func (s schemaBuilder) unit(p *site.Page) map[string]any {
	src := p.Source
	m := map[string]any{
		"@type": "GovernmentOrganization", "name": p.Title, "alternateName": nonEmpty(src.String("name_en")),
		"identifier": nonEmpty(src.String("code")), "description": nonEmpty(firstOf(src.String("functions"), p.Description)),
		"url": p.Permalink, "sameAs": nonEmpty(src.String("website")), "email": nonEmpty(src.String("email")),
		"telephone": tel(src.String("phone")), "faxNumber": tel(src.String("fax")),
	}
	if a := src.String("address"); a != "" {
		m["address"] = map[string]any{"@type": "PostalAddress", "streetAddress": a, "addressCountry": "VN"}
	}
	if parent := src.String("parent"); parent != "" {
		m["parentOrganization"] = map[string]any{"@type": "GovernmentOrganization", "name": parent}
	}
	if leaders, _ := src.Params["leaders"].([]any); len(leaders) > 0 {
		var emp []any
		for _, l := range leaders {
			switch l := l.(type) {
			case map[string]any:
				name, _ := l["name"].(string)
				pos, _ := l["position"].(string)
				emp = append(emp, prune(map[string]any{"@type": "Person", "name": name, "jobTitle": nonEmpty(pos)}))
			case string:
				emp = append(emp, map[string]any{"@type": "Person", "name": l})
			}
		}
		m["employee"] = emp
	}
	if sp := src.String("spokesperson"); sp != "" {
		m["contactPoint"] = map[string]any{"@type": "ContactPoint", "contactType": "press", "name": sp}
	}
	return m
}

// tel is a phone as a tel: URI's number (+84…) for schema.org, or the text as written.
func tel(phone string) any {
	if phone == "" {
		return nil
	}
	if u, ok := vcard.TelURI(phone); ok {
		return strings.TrimPrefix(u, "tel:")
	}
	return phone
}

// absolute makes a photo or file reference absolute: a URL stays, a
// root-relative path goes on baseURL, a bare name is beside the page.
func absolute(base, pageURL, ref string) string {
	switch {
	case strings.Contains(ref, "://"):
		return ref
	case strings.HasPrefix(ref, "/"):
		return strings.TrimSuffix(base, "/") + ref
	}
	dir := pageURL
	if !strings.HasSuffix(dir, "/") {
		dir = dir[:strings.LastIndex(dir, "/")+1]
	}
	return strings.TrimSuffix(base, "/") + dir + ref
}

func firstOf(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// nonEmpty is s, or nil so that prune drops the key.
func nonEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// prune drops nil values from m and from the maps nested in it.
func prune(m map[string]any) map[string]any {
	for k, v := range m {
		switch v := v.(type) {
		case nil:
			delete(m, k)
		case map[string]any:
			prune(v)
		case []any:
			for _, e := range v {
				if em, ok := e.(map[string]any); ok {
					prune(em)
				}
			}
		}
	}
	return m
}
