package config

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // time zones load on machines without a zoneinfo database

	"gopkg.in/yaml.v3"

	"github.com/congbo/congbo/internal/config/yamlnode"
	"github.com/congbo/congbo/internal/diag"
)

// Defaults of site.yaml settings.
const (
	DefaultLanguage = "vi"
	DefaultTimeZone = "Asia/Ho_Chi_Minh"
	// DefaultPermalink is a page's URL in a section without a permalink
	// pattern, when its front matter has no slug; with one, the slug takes
	// :filename's place (Section.Permalink is then "").
	DefaultPermalink = "/:section/:filename/"
	DefaultPageSize  = 20
	DefaultHomeItems = 5
	DefaultFeedItems = 50
)

// Default returns a Config with every default set and no sections: the
// starting point of Parse, and a ready value for tests of later stages.
func Default() *Config {
	loc, err := time.LoadLocation(DefaultTimeZone)
	if err != nil { // cannot happen: time/tzdata is embedded
		loc = time.FixedZone("ICT", 7*3600)
	}
	return &Config{
		File:      "site.yaml",
		BaseURL:   "/",
		Language:  DefaultLanguage,
		TimeZone:  DefaultTimeZone,
		Location:  loc,
		PageSize:  DefaultPageSize,
		HomeItems: DefaultHomeItems,
		FeedItems: DefaultFeedItems,
		Taxonomies: []Taxonomy{
			{Singular: "tag", Plural: "tags"},
			{Singular: "category", Plural: "categories"},
			{Singular: "unit", Plural: "units"},
		},
		Menus:         map[string][]MenuItem{},
		Params:        map[string]any{},
		Accessibility: Accessibility{Standard: DefaultAccessibilityStandard},
	}
}

// Parse reads site.yaml from data; file is the path used in messages.
// It returns a validated Config with defaults filled in, or a *diag.List
// holding every problem found, each at file:line:col. A UTF-8 BOM and CRLF
// line ends are accepted; YAML aliases are not.
func Parse(file string, data []byte) (*Config, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if bytes.IndexByte(data, '\r') >= 0 {
		data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	}
	var errs diag.List
	root, err := yamlnode.Parse(file, data, 0)
	if err != nil {
		errs.Add(err)
		return nil, &errs
	}
	if root == nil {
		errs.Addf(file, 1, 1, "%s is empty (add at least `title:` and `baseURL:`)", file)
		return nil, &errs
	}
	d := &decoder{file: file, errs: &errs}
	cfg := Default()
	cfg.File = file
	cfg.BaseURL = ""
	d.site(root, cfg)
	if errs.Len() > 0 {
		return nil, &errs
	}
	return cfg, nil
}

// decoder walks the site.yaml node tree, reporting problems as it goes.
type decoder struct {
	file string
	errs *diag.List
}

func (d *decoder) errorf(n *yaml.Node, format string, args ...any) {
	d.errs.Addf(d.file, n.Line, n.Column, format, args...)
}

// fields walks mapping n, calling set for each known key and reporting
// unknown and repeated keys. where names the mapping in messages ("" for the top level).
func (d *decoder) fields(n *yaml.Node, where string, keys []string, set func(key string, k, v *yaml.Node)) bool {
	if n.Kind != yaml.MappingNode {
		if where == "" {
			d.errorf(n, "%s must be a mapping of `key: value` lines, got %s", d.file, yamlnode.Describe(n))
		} else {
			d.errorf(n, "%s must be a mapping of `key: value` lines, got %s", where, yamlnode.Describe(n))
		}
		return false
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		name := k.Value
		switch {
		case seen[name]:
			d.errorf(k, "%s is set twice (remove one)", qualify(where, name))
			continue
		case !slices.Contains(keys, name):
			d.errorf(k, "unknown key %q%s%s", name, in(where), diag.Hint(name, keys))
			continue
		}
		seen[name] = true
		set(name, k, v)
	}
	return true
}

func (d *decoder) site(root *yaml.Node, cfg *Config) {
	keys := []string{"title", "description", "baseURL", "language", "timeZone", "organization", "sections",
		"taxonomies", "menus", "markup", "security", "accessibility", "pageSize", "homeItems", "feedItems", "params"}
	var orgSeen bool
	ok := d.fields(root, "", keys, func(key string, k, v *yaml.Node) {
		switch key {
		case "title":
			if cfg.Title = d.text(v, key); cfg.Title == "" && v.Kind == yaml.ScalarNode {
				d.errorf(k, "title is empty (write the portal's name)")
			}
		case "description":
			cfg.Description = d.text(v, key)
		case "baseURL":
			cfg.BaseURL = d.baseURL(v)
		case "language":
			cfg.Language = d.enum(v, key, []string{"vi", "en"}, DefaultLanguage)
		case "timeZone":
			d.timeZone(v, cfg)
		case "organization":
			orgSeen = true
			d.organization(k, v, &cfg.Organization)
		case "sections":
			cfg.Sections = d.sections(v)
		case "taxonomies":
			cfg.Taxonomies = d.taxonomies(v)
		case "menus":
			cfg.Menus = d.menus(v)
		case "markup":
			d.fields(v, key, []string{"unsafe"}, func(_ string, _, v *yaml.Node) {
				cfg.Markup.Unsafe = d.boolean(v, "markup.unsafe")
			})
		case "security":
			d.security(v, &cfg.Security)
		case "accessibility":
			d.accessibility(v, &cfg.Accessibility)
		case "pageSize":
			cfg.PageSize = d.integer(v, key, 1, 1000, DefaultPageSize)
		case "homeItems":
			cfg.HomeItems = d.integer(v, key, 0, 1000, DefaultHomeItems)
		case "feedItems":
			cfg.FeedItems = d.integer(v, key, 1, 1000, DefaultFeedItems)
		case "params":
			if v.Kind != yaml.MappingNode && !isNull(v) {
				d.errorf(v, "params must be a mapping of `key: value` lines, got %s", yamlnode.Describe(v))
				return
			}
			if p, ok := yamlnode.Value(v).(map[string]any); ok {
				cfg.Params = p
			}
		}
	})
	if !ok {
		return
	}
	if cfg.Title == "" && !hasKey(root, "title") {
		d.errs.Addf(d.file, 1, 1, "missing title (add `title: <portal name>`)")
	}
	if cfg.BaseURL == "" && !hasKey(root, "baseURL") {
		d.errs.Addf(d.file, 1, 1, "missing baseURL (add `baseURL: https://<your domain>/`)")
	}
	if !orgSeen {
		d.errs.Addf(d.file, 1, 1, "missing organization (add `organization: {name: <agency name>}`)")
	}
	// Pages of sections without their own pageSize use the site's.
	for i := range cfg.Sections {
		if cfg.Sections[i].PageSize == 0 {
			cfg.Sections[i].PageSize = cfg.PageSize
		}
	}
}

// text returns a scalar's text; lists and mappings are an error.
func (d *decoder) text(v *yaml.Node, key string) string {
	if isNull(v) {
		return ""
	}
	if v.Kind != yaml.ScalarNode {
		d.errorf(v, "%s must be text, got %s", key, yamlnode.Describe(v))
		return ""
	}
	return strings.TrimSpace(v.Value)
}

func (d *decoder) boolean(v *yaml.Node, key string) bool {
	var b bool
	if v.Kind != yaml.ScalarNode || v.Tag != "!!bool" || v.Decode(&b) != nil {
		d.errorf(v, "%s must be true or false, got %s", key, yamlnode.Describe(v))
	}
	return b
}

// integer returns a whole number in [lo, hi]; def when v is null.
func (d *decoder) integer(v *yaml.Node, key string, lo, hi, def int) int {
	if isNull(v) {
		return def
	}
	n, err := strconv.Atoi(strings.ReplaceAll(v.Value, "_", ""))
	if v.Kind != yaml.ScalarNode || v.Tag != "!!int" || err != nil {
		d.errorf(v, "%s must be a whole number, got %s", key, yamlnode.Describe(v))
		return def
	}
	if n < lo || n > hi {
		d.errorf(v, "%s must be between %d and %d, got %d", key, lo, hi, n)
		return def
	}
	return n
}

// enum returns one of allowed; def when v is null.
func (d *decoder) enum(v *yaml.Node, key string, allowed []string, def string) string {
	s := d.text(v, key)
	if s == "" {
		return def
	}
	if !slices.Contains(allowed, s) {
		d.errorf(v, "%s must be one of %s, got %q%s", key, strings.Join(allowed, ", "), s, diag.Hint(s, allowed))
		return def
	}
	return s
}

func (d *decoder) baseURL(v *yaml.Node) string {
	s, err := CheckBaseURL(d.text(v, "baseURL"))
	if err != nil {
		d.errorf(v, "%s", err.Error())
		return ""
	}
	return s
}

// CheckBaseURL returns s as a site's base URL (ending in /), or says why
// it cannot be one: an absolute http(s) address of a host's root, without
// query, fragment or user name. A path (https://tinh.example.gov.vn/bo-kns/)
// is refused: congbo writes links from the root of the host (/thong-bao/…),
// which would break on a site served below it.
func CheckBaseURL(s string) (string, error) {
	u, err := url.Parse(s)
	switch {
	case s == "":
		return "", errors.New("baseURL is empty (write the portal's address, e.g. https://example.gov.vn/)")
	case err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "":
		return "", fmt.Errorf("baseURL must be an absolute http(s) address such as https://example.gov.vn/, got %q", s)
	case u.RawQuery != "" || u.Fragment != "" || u.User != nil || u.ForceQuery:
		return "", fmt.Errorf("baseURL must not have a query, fragment or user name, got %q", s)
	case u.Path != "" && u.Path != "/":
		name, _, _ := strings.Cut(strings.Trim(u.Path, "/"), "/")
		if name == "" || strings.Trim(strings.ToLower(name), "abcdefghijklmnopqrstuvwxyz0123456789-") != "" {
			name = "cong"
		}
		return "", fmt.Errorf("baseURL %q has a path (%s): congbo links pages from the root of the host, so a site must be served at the root of its own host name (give it one, e.g. %s://%s.%s/)", s, u.Path, u.Scheme, strings.ToLower(name), u.Host)
	}
	if !strings.HasSuffix(s, "/") {
		s += "/"
	}
	return s, nil
}

func (d *decoder) timeZone(v *yaml.Node, cfg *Config) {
	s := d.text(v, "timeZone")
	if s == "" {
		return
	}
	loc, err := time.LoadLocation(s)
	if err != nil || s == "Local" {
		d.errorf(v, "unknown timeZone %q (use an IANA name such as Asia/Ho_Chi_Minh)", s)
		return
	}
	cfg.TimeZone, cfg.Location = s, loc
}

func (d *decoder) organization(k, v *yaml.Node, o *Organization) {
	keys := []string{"name", "nameEn", "shortName", "address", "phone", "fax", "email", "license"}
	dst := map[string]*string{"name": &o.Name, "nameEn": &o.NameEn, "shortName": &o.ShortName, "address": &o.Address,
		"phone": &o.Phone, "fax": &o.Fax, "email": &o.Email, "license": &o.License}
	if !d.fields(v, "organization", keys, func(key string, _, v *yaml.Node) {
		*dst[key] = d.text(v, "organization."+key)
	}) {
		return
	}
	if o.Name == "" {
		d.errorf(k, "missing organization name (add `name: <agency name>` under organization)")
	}
}

func (d *decoder) sections(v *yaml.Node) []Section {
	if isNull(v) {
		return nil
	}
	if v.Kind != yaml.MappingNode {
		d.errorf(v, "sections must map a directory of content/ to its settings, got %s", yamlnode.Describe(v))
		return nil
	}
	var out []Section
	seen := map[string]bool{}
	for i := 0; i+1 < len(v.Content); i += 2 {
		k, sv := v.Content[i], v.Content[i+1]
		s := Section{Dir: k.Value, Type: TypePage}
		switch {
		case seen[s.Dir]:
			d.errorf(k, "section %q is set twice (remove one)", s.Dir)
			continue
		case !validDir(s.Dir):
			d.errorf(k, "section %q must be one directory name under content/, without slashes or dots", s.Dir)
			continue
		}
		seen[s.Dir] = true
		where := "sections." + s.Dir
		if sv.Kind == yaml.ScalarNode && slices.Contains(Types, sv.Value) {
			// "thong-bao: announcement": the type alone, as a mapping wants it.
			d.errorf(sv, "%s must be a mapping of `key: value` lines, got %q (write %s: {type: %s})", where, sv.Value, s.Dir, sv.Value)
			continue
		}
		if !isNull(sv) {
			d.fields(sv, where, []string{"type", "permalink", "pageSize"}, func(key string, _, v *yaml.Node) {
				switch key {
				case "type":
					s.Type = d.enum(v, where+".type", Types, TypePage)
				case "permalink":
					if p := d.text(v, where+".permalink"); p != "" {
						if msg := CheckPermalink(p); msg != "" {
							d.errorf(v, "%s: %s", where+".permalink", msg)
						} else {
							s.Permalink = p
						}
					}
				case "pageSize":
					s.PageSize = d.integer(v, where+".pageSize", 1, 1000, 0)
				}
			})
		}
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Dir < out[j].Dir })
	return out
}

func (d *decoder) taxonomies(v *yaml.Node) []Taxonomy {
	if isNull(v) {
		return Default().Taxonomies
	}
	if v.Kind != yaml.MappingNode {
		d.errorf(v, "taxonomies must map singular to plural names, e.g. `tag: tags`, got %s", yamlnode.Describe(v))
		return nil
	}
	out := []Taxonomy{}
	plurals := map[string]bool{}
	singulars := map[string]bool{}
	for i := 0; i+1 < len(v.Content); i += 2 {
		k, pv := v.Content[i], v.Content[i+1]
		t := Taxonomy{Singular: k.Value, Plural: d.text(pv, "taxonomies."+k.Value)}
		switch {
		case singulars[t.Singular]:
			d.errorf(k, "taxonomy %q is set twice (remove one)", t.Singular)
		case !validName(t.Singular):
			d.errorf(k, "taxonomy name %q must be lowercase ASCII letters, digits and hyphens", t.Singular)
		case pv.Kind != yaml.ScalarNode:
			// text reported it
		case !validName(t.Plural):
			d.errorf(pv, "taxonomy plural %q must be lowercase ASCII letters, digits and hyphens (it is the front matter key and URL segment)", t.Plural)
		case plurals[t.Plural]:
			d.errorf(pv, "taxonomy plural %q is used twice (give each taxonomy its own)", t.Plural)
		default:
			out = append(out, t)
		}
		singulars[t.Singular], plurals[t.Plural] = true, true
	}
	return out
}

func (d *decoder) menus(v *yaml.Node) map[string][]MenuItem {
	out := map[string][]MenuItem{}
	if isNull(v) {
		return out
	}
	if v.Kind != yaml.MappingNode {
		d.errorf(v, "menus must map a menu name to a list of items, got %s", yamlnode.Describe(v))
		return out
	}
	for i := 0; i+1 < len(v.Content); i += 2 {
		k, lv := v.Content[i], v.Content[i+1]
		name := k.Value
		if _, dup := out[name]; dup {
			d.errorf(k, "menu %q is set twice (remove one)", name)
			continue
		}
		if lv.Kind != yaml.SequenceNode {
			if !isNull(lv) {
				d.errorf(lv, "menus.%s must be a list of items (`- name: …`), got %s", name, yamlnode.Describe(lv))
			}
			out[name] = nil
			continue
		}
		items := make([]MenuItem, 0, len(lv.Content))
		for j, iv := range lv.Content {
			where := fmt.Sprintf("menus.%s[%d]", name, j)
			var it MenuItem
			if !d.fields(iv, where, []string{"name", "nameEn", "url", "weight"}, func(key string, _, v *yaml.Node) {
				switch key {
				case "name":
					it.Name = d.text(v, where+".name")
				case "nameEn":
					it.NameEn = d.text(v, where+".nameEn")
				case "url":
					it.URL = d.text(v, where+".url")
					it.Line, it.Col = v.Line, v.Column
				case "weight":
					it.Weight = d.integer(v, where+".weight", -1000000, 1000000, 0)
				}
			}) {
				continue
			}
			if it.Name == "" {
				d.errorf(iv, "menu item has no name (add `name: …`)")
			}
			if it.URL == "" {
				d.errorf(iv, "menu item %q has no url (add `url: /…/`)", it.Name)
			}
			items = append(items, it)
		}
		sort.SliceStable(items, func(a, b int) bool {
			if items[a].Weight != items[b].Weight {
				return items[a].Weight < items[b].Weight
			}
			return items[a].Name < items[b].Name
		})
		out[name] = items
	}
	return out
}

func (d *decoder) security(v *yaml.Node, s *Security) {
	keys := []string{"contact", "expires", "preferredLanguages", "policy", "publicKey"}
	d.fields(v, "security", keys, func(key string, _, v *yaml.Node) {
		switch key {
		case "contact":
			var nodes []*yaml.Node
			if v.Kind == yaml.SequenceNode {
				nodes = v.Content
			} else {
				nodes = []*yaml.Node{v}
			}
			for _, c := range nodes {
				u := d.text(c, "security.contact")
				if u == "" {
					continue
				}
				if !strings.HasPrefix(u, "mailto:") && !strings.HasPrefix(u, "https://") && !strings.HasPrefix(u, "tel:") {
					d.errorf(c, "security.contact must be a mailto:, https: or tel: URI, got %q", u)
					continue
				}
				s.Contact = append(s.Contact, u)
			}
		case "expires":
			t := d.text(v, "security.expires")
			if t == "" {
				return
			}
			exp, err := time.Parse("2006-01-02", t)
			if err != nil {
				exp, err = time.Parse(time.RFC3339, t)
			}
			if err != nil {
				d.errorf(v, "security.expires must be a date such as 2027-06-01, got %q", t)
				return
			}
			s.Expires = exp
		case "preferredLanguages":
			s.PreferredLanguages = d.text(v, "security.preferredLanguages")
		case "policy":
			s.Policy = d.text(v, "security.policy")
			if u, err := url.Parse(s.Policy); s.Policy != "" && (err != nil || u.Scheme != "https" || u.Host == "") {
				d.errorf(v, "security.policy must be an https:// address, got %q", s.Policy)
			}
		case "publicKey":
			s.PublicKey = d.text(v, "security.publicKey")
			s.PublicKeyLine, s.PublicKeyCol = v.Line, v.Column
			if msg := CheckPublicKey(s.PublicKey); s.PublicKey != "" && msg != "" {
				d.errorf(v, "security.publicKey %s", msg)
				s.PublicKey = ""
			}
		}
	})
}

// CheckPublicKey returns why key is not a minisign public key, or "".
// A minisign public key is the base64 of 42 bytes: "Ed", an 8-byte key
// id and a 32-byte Ed25519 key — the second line of congbo.pub.
func CheckPublicKey(key string) string {
	b, err := base64.StdEncoding.Strict().DecodeString(key)
	switch {
	case strings.HasPrefix(key, "untrusted comment:"):
		return "must be only the key line of congbo.pub (the line after \"untrusted comment: …\")"
	case err != nil:
		return fmt.Sprintf("must be a minisign public key (the base64 line of congbo.pub), got %q, which is not base64", key)
	case len(b) != 42 || string(b[:2]) != "Ed":
		return fmt.Sprintf("must be a minisign public key (the base64 line of congbo.pub), got %q (%d bytes, want 42 starting with \"Ed\")", key, len(b))
	}
	return ""
}

func (d *decoder) accessibility(v *yaml.Node, a *Accessibility) {
	keys := []string{"email", "phone", "lastReview", "standard"}
	d.fields(v, "accessibility", keys, func(key string, _, v *yaml.Node) {
		switch key {
		case "email":
			a.Email = strings.TrimPrefix(d.text(v, "accessibility.email"), "mailto:")
			if a.Email != "" && !strings.Contains(a.Email, "@") {
				d.errorf(v, "accessibility.email must be an email address such as tiepcan@example.gov.vn, got %q", a.Email)
			}
		case "phone":
			a.Phone = d.text(v, "accessibility.phone")
		case "lastReview":
			t := d.text(v, "accessibility.lastReview")
			if t == "" {
				return
			}
			day, err := time.Parse("2006-01-02", t)
			if err != nil {
				d.errorf(v, "accessibility.lastReview must be a date such as 2026-06-30, got %q", t)
				return
			}
			a.LastReview = day
		case "standard":
			if s := d.text(v, "accessibility.standard"); s != "" {
				a.Standard = s
			}
		}
	})
}

// CheckPermalink returns why pattern is not a usable permalink, or "".
// A pattern starts with "/", ends with "/" or ".html", uses only the tokens
// :section :year :month :day :filename :slug, and has :filename or :slug so
// that two pages never share a URL.
func CheckPermalink(pattern string) string {
	tokens := []string{":section", ":year", ":month", ":day", ":filename", ":slug"}
	if !strings.HasPrefix(pattern, "/") {
		return fmt.Sprintf("permalink %q must start with \"/\"", pattern)
	}
	if !strings.HasSuffix(pattern, "/") && !strings.HasSuffix(pattern, ".html") {
		return fmt.Sprintf("permalink %q must end with \"/\" or \".html\"", pattern)
	}
	unique := false
	for i := 0; i < len(pattern); i++ {
		if pattern[i] != ':' {
			continue
		}
		j := i + 1
		for j < len(pattern) && pattern[j] >= 'a' && pattern[j] <= 'z' {
			j++
		}
		tok := pattern[i:j]
		if tok == ":title" { // Hugo's token; ours is :slug
			return "unknown token \":title\" in permalink (use :slug: the front matter slug, else the title)"
		}
		if !slices.Contains(tokens, tok) {
			return fmt.Sprintf("unknown token %q in permalink%s (use %s)", tok, diag.Hint(tok, tokens), strings.Join(tokens, " "))
		}
		if tok == ":filename" || tok == ":slug" {
			unique = true
		}
		i = j - 1
	}
	if !unique {
		return fmt.Sprintf("permalink %q needs :filename or :slug, or every page of the section gets the same URL", pattern)
	}
	return ""
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Tag == "!!null"
}

func hasKey(n *yaml.Node, key string) bool {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return true
		}
	}
	return false
}

func in(where string) string {
	if where == "" {
		return ""
	}
	return " in " + where
}

func qualify(where, key string) string {
	if where == "" {
		return key
	}
	return where + "." + key
}

// validDir reports whether s is one directory name: no slashes, not . or ..
func validDir(s string) bool {
	return s != "" && s != "." && s != ".." && !strings.ContainsAny(s, "/\\") && !strings.HasPrefix(s, ".")
}

// validName reports whether s is lowercase ASCII letters, digits and hyphens.
func validName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}
