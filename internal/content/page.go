// Package content discovers Markdown files under content/, splits and parses
// their YAML front matter, validates them against their content type and
// returns Page values. It knows nothing of URLs, templates or output.
package content

import (
	"time"
)

// Kind tells what a content file stands for.
type Kind string

const (
	KindPage    Kind = "page"    // a regular page: name.md or name/index.md
	KindSection Kind = "section" // dir/_index.md: title and text of a section list
	KindHome    Kind = "home"    // _index.md at the root of content/
)

// Page is one parsed content file. All strings are NFC.
type Page struct {
	Path    string // slash path relative to content/, e.g. "thong-bao/tb-1.md"
	File    string // path for messages, e.g. "content/thong-bao/tb-1.md"
	Kind    Kind
	Section string // first directory of Path ("" for files at the root)
	// Name is the file name without extension, or the bundle directory name
	// for name/index.md; :filename in permalinks.
	Name string
	// Bundle is true for name/index.md; Resources then lists the other files
	// of the bundle directory (slash paths relative to content/), sorted.
	Bundle    bool
	Resources []string

	Type        string // content type (config.Type*), from front matter or section
	Title       string
	Description string
	Slug        string
	Lang        string // front matter lang: the language of the page's text when not the site's ("en")
	URL         string // front matter url, as written
	Aliases     []string
	Date        time.Time
	Lastmod     time.Time // zero if not set
	PublishDate time.Time // zero if not set
	ExpiryDate  time.Time // zero if not set
	Draft       bool
	Weight      int
	Status      string // "published" (default) or "withdrawn"
	// Terms holds taxonomy terms by taxonomy plural name (tags, categories,
	// units, …) in front matter order, each list as written (NFC, trimmed,
	// duplicates removed, order kept). TermsOf looks one up.
	Terms []Terms
	// Params holds type fields (number, unit, signer, …) under their
	// front matter key, and for generic pages every unknown key, as Hugo
	// does. Values are string, bool, int, float64, time.Time, []any or
	// map[string]any; "changes" is []map[string]any (see Page.Changes).
	// Typed accessors: String, Strings, Time, Int.
	Params map[string]any

	// Body is the Markdown after the front matter, NFC, LF line ends. Load
	// keeps it for home and section files only; use ReadBody for pages.
	Body     []byte
	BodyLine int // 1-based line of the file where Body starts
	// FieldLines gives the 1-based file line of each front matter key, in
	// front matter order, so later stages (links, duplicate URLs) can point
	// at the right line (Line).
	FieldLines []FieldLine

	readPath string // where Load read the file in its fs.FS (symlinks resolved)
	// fileSize and bodyAt, when fileSize > 0, say that the file needed no
	// normalisation and its body starts at byte bodyAt.
	fileSize, bodyAt int
}

// Terms are a page's terms of one taxonomy. Terms and FieldLines are
// slices searched in order, not maps: a page has a few, and two maps per
// page were a sixth of a 100,000-page build's live heap.
type Terms struct {
	Taxonomy string // plural name, e.g. "tags"
	Names    []string
}

// FieldLine is the file line of one front matter key.
type FieldLine struct {
	Key  string
	Line int
}

// TermsOf returns p's terms of the taxonomy named plural, nil for none.
func (p *Page) TermsOf(plural string) []string {
	for _, t := range p.Terms {
		if t.Taxonomy == plural {
			return t.Names
		}
	}
	return nil
}

// Line returns the file line of front matter key, or 1 if unknown.
func (p *Page) Line(key string) int {
	if l, ok := p.fieldLine(key); ok {
		return l
	}
	return 1
}

func (p *Page) fieldLine(key string) (int, bool) {
	for _, f := range p.FieldLines {
		if f.Key == key {
			return f.Line, true
		}
	}
	return 0, false
}
