// Package site turns parsed content into the site graph: URLs, sections,
// taxonomies, pagination, link resolution and the data templates see.
package site

import (
	"html/template"
	"time"

	"github.com/congbo/congbo/internal/config"
	"github.com/congbo/congbo/internal/content"
)

// Node kinds, as templates see them in .Page.Kind.
const (
	KindHome     = "home"
	KindSection  = "section"
	KindPage     = "page"
	KindTaxonomy = "taxonomy" // the list of all terms of one taxonomy
	KindTerm     = "term"     // the pages of one term
	Kind404      = "404"
)

// Site is the whole graph. Templates reach it as .Site.
type Site struct {
	Config     *config.Config
	Home       *Page
	Sections   []*Section  // sorted by weight of their _index.md, then title
	Taxonomies []*Taxonomy // in config order
	Pages      []*Page     // every regular page that is rendered, newest first
	Listed     []*Page     // pages shown in lists and feeds (not expired, not withdrawn), newest first
	BuildDate  time.Time   // newest date or lastmod of any listed page (never the wall clock)
	// Now is the build's notion of now (Options.Now), as expiry is judged:
	// templates use it to tell current spokespeople from past ones and
	// upcoming press conferences from past ones. Never printed.
	Now time.Time
}

// Page is a node of the graph: a regular page, or the page behind a list
// (home, section, taxonomy, term, 404). Templates reach it as .Page.
type Page struct {
	Kind        string
	Type        string // content type for regular pages: press-release, announcement, …
	Title       string
	Description string
	// Lang is the language of the page's text when front matter's lang
	// names one other than the site's, else "": themes mark the title,
	// lead and body with it (WCAG 3.1.2) and its metadata says it.
	Lang        string
	URL         string // root-relative, e.g. "/thong-bao/tb-1/" or "/a/b.html"
	Permalink   string // absolute, on the site's baseURL
	Date        time.Time
	Lastmod     time.Time // Date when not set
	PublishDate time.Time
	ExpiryDate  time.Time
	Expired     bool // expiryDate passed: kept, but out of lists, with a notice
	Withdrawn   bool // status: withdrawn: kept, but out of lists, with a banner
	Draft       bool
	Weight      int
	Params      map[string]any // type fields and unknown keys; use `index .Page.Params "key"`
	Content     template.HTML  // rendered Markdown body
	Summary     string         // plain text: description, else the start of the body
	Section     *Section       // nil for home, taxonomies and 404
	Terms       []TermList     // the page's terms per taxonomy, in config order; empty lists left out
	Resources   []Resource     // bundle files beside index.md
	Source      *content.Page  // nil for generated nodes (taxonomy, term, 404, home without _index.md)

	// Term is set on term pages; Taxonomy on taxonomy and term pages.
	Term     *Term
	Taxonomy *Taxonomy

	// CorrectedBy lists the published corrections whose `corrects:` names
	// this page, oldest first; Lastmod is then at least the newest one's
	// date. Corrects is the page a correction corrects (nil otherwise).
	CorrectedBy []*Page
	Corrects    *Page

	// Successor is set on a unit page with `merged_into:` or `renamed_to:`:
	// the unit it became. Predecessors lists, on a unit page, the units it
	// was merged or renamed from (its `merged_from:` and `renamed_from:`,
	// and unit pages naming it as their successor). official.go.
	Successor    *UnitChange
	Predecessors []UnitChange
}

// UnitChange is one step of a unit's history: a merger or a new name.
type UnitChange struct {
	Kind string    // "merged" or "renamed"
	Name string    // the other unit's name, as written
	Page *Page     // the other unit's profile page; nil when the site has none
	Date time.Time // when the older unit ended (its `until:`); zero when not given
}

// Section is a directory of content/ with its own list pages and feeds.
type Section struct {
	Dir    string
	Type   string
	Title  string
	URL    string
	Page   *Page   // the list node (from _index.md, or generated)
	Pages  []*Page // listed pages, newest first
	Latest []*Page // the first Config.HomeItems of Pages, for the home page
	Weight int
}

// Taxonomy is one way of grouping pages, with all its terms.
type Taxonomy struct {
	Singular string
	Plural   string
	URL      string  // e.g. "/units/"
	Terms    []*Term // sorted by name (Vietnamese-aware: folded, then exact)
	page     *Page
}

// Term is one value of a taxonomy, e.g. the unit "Sở Y tế Hà Nội".
type Term struct {
	Name     string
	Slug     string
	URL      string // e.g. "/units/so-y-te-ha-noi/"
	Taxonomy *Taxonomy
	Pages    []*Page // listed pages, newest first
	// Profile is the unit page (type unit) whose title names this term,
	// for terms of the "units" taxonomy; nil when there is none.
	Profile *Page
	page    *Page
}

// TermList is the terms one page has in one taxonomy.
type TermList struct {
	Taxonomy *Taxonomy
	Terms    []*Term
}

// Resource is a file of a page bundle, copied beside the page.
type Resource struct {
	Name   string // file name, e.g. "anh-1.jpg"
	URL    string // root-relative
	Size   int64
	SHA256 string // hex
}

// Pager is one page of a paginated list. Templates reach it as .Pager.
type Pager struct {
	Items   []*Page
	Number  int // 1-based
	Total   int // number of pager pages, at least 1
	URL     string
	PrevURL string // "" on the first page
	NextURL string // "" on the last page
	Links   []PageLink
}

// PageLink is one entry of a pager's page list. Number 0 (and URL "")
// marks a gap between distant page numbers, shown as "…".
type PageLink struct {
	Number  int
	URL     string
	Current bool
}
