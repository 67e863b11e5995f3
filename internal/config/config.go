// Package config reads site.yaml into a validated Config with defaults.
// Unknown keys and wrong types are errors with the file's line and column.
package config

import (
	"time"
)

// Content types known to congbo. Sections map their directory to one of these.
const (
	TypePressRelease    = "press-release"
	TypeAnnouncement    = "announcement"
	TypeSpokesperson    = "spokesperson"
	TypePressConference = "press-conference"
	TypeCorrection      = "correction"
	TypeUnit            = "unit"
	TypePage            = "page"
)

// InputDirs are the directories of a site's source a build reads (besides
// site.yaml and data files at the top): watch mode watches them, and a
// build never writes into them.
var InputDirs = []string{"content", "layouts", "static", "data", "assets", "i18n"}

// Types lists every content type, in a fixed order.
var Types = []string{TypePressRelease, TypeAnnouncement, TypeSpokesperson, TypePressConference, TypeCorrection, TypeUnit, TypePage}

// Config is the validated site.yaml.
type Config struct {
	File          string // path of site.yaml as given, for error messages
	Title         string
	Description   string
	BaseURL       string         // absolute, always ends in "/"
	Language      string         // "vi" (default) or "en": UI language of the theme
	TimeZone      string         // IANA name, default Asia/Ho_Chi_Minh
	Location      *time.Location // loaded TimeZone
	Organization  Organization
	Sections      []Section  // sorted by Dir
	Taxonomies    []Taxonomy // in file order; default tags, categories, units
	Menus         map[string][]MenuItem
	Markup        Markup
	Security      Security
	Accessibility Accessibility
	PageSize      int // default list page size, default 20
	HomeItems     int // latest items per section on the home page, default 5
	FeedItems     int // items per feed, default 50
	Params        map[string]any
}

// Organization is the agency that publishes the portal.
type Organization struct {
	Name      string
	NameEn    string
	ShortName string
	Address   string
	Phone     string
	Fax       string
	Email     string
	License   string // e.g. "Giấy phép số 00/GP-TTĐT …", shown in the footer
}

// Section maps a directory of content/ to a content type and URL pattern.
type Section struct {
	Dir       string // directory under content/, e.g. "thong-cao-bao-chi"
	Type      string // one of Types; default "page"
	Permalink string // e.g. "/:section/:year/:slug.html"; "" for the default, DefaultPermalink or the slug
	PageSize  int    // default Config.PageSize
}

// Taxonomy is a way of grouping pages, e.g. {Singular: "tag", Plural: "tags"}.
// Plural is both the front matter key and the URL segment.
type Taxonomy struct {
	Singular string
	Plural   string
}

// MenuItem is one entry of a named menu.
type MenuItem struct {
	Name   string
	NameEn string
	URL    string
	Weight int
	// Line and Col are where the url is written in site.yaml, for
	// congbo check's message when it names no page of the site.
	Line, Col int
}

// Markup holds Markdown settings.
type Markup struct {
	Unsafe bool // render raw HTML from Markdown; default false
}

// Security feeds /.well-known/security.txt (RFC 9116).
type Security struct {
	Contact            []string  // mailto: or https: URIs
	Expires            time.Time // must be set and less than a year after the build
	PreferredLanguages string    // e.g. "vi, en"
	Policy             string
	// PublicKey is the site's minisign public key (the base64 line of
	// congbo.pub), published so readers and mirrors can check a signed
	// build. PublicKeyLine and PublicKeyCol place it in site.yaml, for messages.
	PublicKey                   string
	PublicKeyLine, PublicKeyCol int
}

// Accessibility feeds the accessibility statement (/kha-nang-tiep-can/),
// linked from every footer: where readers report barriers, and when the
// site was last checked against which standard.
type Accessibility struct {
	Email      string    // feedback address; default Organization.Email
	Phone      string    // default Organization.Phone
	LastReview time.Time // date of the last review; zero when never reviewed
	Standard   string    // default "WCAG 2.1 AA"
}

// DefaultAccessibilityStandard is the standard congbo's theme targets.
const DefaultAccessibilityStandard = "WCAG 2.1 AA"

// Section returns the section for dir, or nil.
func (c *Config) Section(dir string) *Section {
	for i := range c.Sections {
		if c.Sections[i].Dir == dir {
			return &c.Sections[i]
		}
	}
	return nil
}
