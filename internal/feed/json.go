package feed

import (
	"bytes"
	"encoding/json"
	"strings"
	"unicode/utf8"
)

// jsonFeed and jsonItem follow JSON Feed 1.1 (https://jsonfeed.org/version/1.1).
type jsonFeed struct {
	Version     string       `json:"version"`
	Title       string       `json:"title"`
	HomePageURL string       `json:"home_page_url,omitempty"`
	FeedURL     string       `json:"feed_url,omitempty"`
	Description string       `json:"description,omitempty"`
	Language    string       `json:"language,omitempty"`
	Authors     []jsonAuthor `json:"authors,omitempty"`
	Items       []jsonItem   `json:"items"`
}

type jsonAuthor struct {
	Name string `json:"name"`
}

type jsonItem struct {
	ID            string   `json:"id"`
	URL           string   `json:"url,omitempty"`
	Title         string   `json:"title,omitempty"`
	Summary       string   `json:"summary,omitempty"`
	ContentHTML   string   `json:"content_html,omitempty"`
	ContentText   string   `json:"content_text,omitempty"`
	DatePublished string   `json:"date_published,omitempty"`
	DateModified  string   `json:"date_modified,omitempty"`
	Tags          []string `json:"tags,omitempty"`
}

// JSON returns c as a JSON Feed 1.1 document. JSON Feed requires content
// in every item, so an item without ContentHTML carries its Summary as
// content_text. date_modified is written only when Updated is set. Text
// loses the characters XML 1.0 forbids, as in RSS and Atom, so the three
// feeds agree.
func JSON(c Channel) []byte { return encodeJSON(c, true) }

// CompactJSON is JSON without the indentation, for a site that minifies
// its output anyway: the minifier then has nothing to remove, and the
// bytes are those it would have left.
func CompactJSON(c Channel) []byte { return encodeJSON(c, false) }

func encodeJSON(c Channel, indent bool) []byte {
	f := jsonFeed{
		Version:     "https://jsonfeed.org/version/1.1",
		Title:       clean(c.Title),
		HomePageURL: c.Link,
		FeedURL:     c.FeedURL,
		Description: clean(c.Description),
		Language:    c.Language,
		Items:       make([]jsonItem, 0, len(c.Items)),
	}
	if c.Author != "" {
		f.Authors = []jsonAuthor{{Name: clean(c.Author)}}
	}
	for _, it := range c.Items {
		ji := jsonItem{
			ID:          it.id(),
			URL:         it.Link,
			Title:       clean(it.Title),
			Summary:     clean(it.Summary),
			ContentHTML: clean(it.ContentHTML),
		}
		for _, cat := range it.Categories {
			ji.Tags = append(ji.Tags, clean(cat))
		}
		if it.ContentHTML == "" {
			ji.ContentText = ji.Summary
		}
		if !it.Published.IsZero() {
			ji.DatePublished = rfc3339(it.Published)
		}
		if !it.Updated.IsZero() {
			ji.DateModified = rfc3339(it.Updated)
		}
		f.Items = append(f.Items, ji)
	}
	var b bytes.Buffer
	b.Grow(jsonSize(c))
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false) // content_html stays readable; JSON needs no < escaping
	if indent {
		enc.SetIndent("", "  ")
	}
	if err := enc.Encode(f); err != nil {
		// Only strings, slices and structs: encoding cannot fail.
		panic("feed: encode json: " + err.Error())
	}
	if !indent {
		return bytes.TrimSuffix(b.Bytes(), []byte("\n")) // Encode's final newline
	}
	return b.Bytes()
}

// jsonSize is about the size of c's JSON Feed, so that its buffer is not
// grown and copied a dozen times.
func jsonSize(c Channel) int {
	n := 512 + len(c.Title) + len(c.Description) + 2*len(c.Link)
	for _, it := range c.Items {
		n += 200 + len(it.Title) + 2*len(it.Link) + len(it.ID) + 2*len(it.Summary) + len(it.ContentHTML)
		for _, cat := range it.Categories {
			n += 8 + len(cat)
		}
	}
	return n
}

// clean drops the characters XML 1.0 does not allow.
func clean(s string) string {
	if cleanInXML(s) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if !allowedInXML(r) {
			return -1
		}
		return r
	}, s)
}

// cleanInXML reports whether clean(s) is s itself: no control character
// but tab, newline and carriage return, valid UTF-8 and neither U+FFFE
// nor U+FFFF (valid UTF-8 holds no surrogates).
func cleanInXML(s string) bool {
	ascii := true
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= 0x80:
			ascii = false
		case c < 0x20 && c != '\t' && c != '\n' && c != '\r':
			return false
		}
	}
	return ascii || utf8.ValidString(s) && !strings.Contains(s, "\uFFFE") && !strings.Contains(s, "\uFFFF")
}
