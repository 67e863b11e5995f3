package feed

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"flag"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/congbo/congbo/internal/publish"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// hcm is a fixed +07:00 zone named like the tz database's, so the test
// does not depend on the machine's zoneinfo.
var hcm = time.FixedZone("ICT", 7*60*60)

// fixture is a section feed with what trips feeds up: Vietnamese text,
// markup characters, characters XML 1.0 forbids, a corrected item, an item
// with full HTML, and times in two zones.
func fixture() Channel {
	return Channel{
		Title:       "Thông cáo báo chí — Bộ Khoa học & Công nghệ",
		Description: "Thông cáo <mới nhất> của Bộ",
		Language:    "vi",
		Link:        "https://mst.gov.vn/thong-cao/",
		FeedURL:     "https://mst.gov.vn/thong-cao/index.xml",
		Updated:     time.Date(2025, 3, 2, 9, 30, 0, 0, hcm),
		Author:      "Bộ Khoa học và Công nghệ",
		Items: []Item{
			{
				Title:       "Cải chính thông tin về \"giá cước\" \x01\uFFFE",
				Link:        "https://mst.gov.vn/thong-cao/cai-chinh-gia-cuoc/",
				ID:          "https://mst.gov.vn/thong-cao/cai-chinh-gia-cuoc/",
				Published:   time.Date(2025, 3, 1, 8, 55, 0, 0, hcm),
				Updated:     time.Date(2025, 3, 2, 9, 30, 0, 0, hcm),
				Summary:     "Bộ cải chính thông tin sai sự thật A&B.",
				ContentHTML: "<p>Nội dung <strong>đầy đủ</strong>]]></p>\n<pre>a\n    b</pre>",
				Categories:  []string{"Cải chính", "Viễn thông & Internet"},
			},
			{
				Title:     "Họp báo định kỳ quý I/2025",
				Link:      "https://mst.gov.vn/thong-cao/hop-bao-quy-i/?a=1&b=2",
				Published: time.Date(2025, 2, 28, 1, 0, 0, 0, time.UTC),
				Summary:   "Lịch họp báo.",
			},
		},
	}
}

// golden compares got with testdata/name, rewriting it under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from golden file\ngot:\n%s\nwant:\n%s", name, got, want)
	}
}

// wellFormed decodes every token of doc, failing on the first XML error.
func wellFormed(t *testing.T, doc []byte) {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(doc))
	for {
		_, err := d.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v\n%s", err, doc)
		}
	}
}

// xmllint runs xmllint --noout on doc when it is installed.
func xmllint(t *testing.T, name string, doc []byte) {
	t.Helper()
	t.Run("xmllint", func(t *testing.T) {
		bin, err := exec.LookPath("xmllint")
		if err != nil {
			t.Skip("xmllint not on PATH; well-formedness is still checked with encoding/xml")
		}
		path := filepath.Join(t.TempDir(), name)
		if err := os.WriteFile(path, doc, 0o644); err != nil {
			t.Fatal(err)
		}
		if out, err := exec.Command(bin, "--noout", path).CombinedOutput(); err != nil {
			t.Fatalf("xmllint: %v\n%s", err, out)
		}
	})
}

func TestDeterministic(t *testing.T) {
	for name, f := range map[string]func(Channel) []byte{"rss": RSS, "atom": Atom, "json": JSON} {
		if a, b := f(fixture()), f(fixture()); !bytes.Equal(a, b) {
			t.Errorf("%s: two runs differ", name)
		}
	}
}

func TestRSS(t *testing.T) {
	got := RSS(fixture())
	golden(t, "rss.xml", got)
	wellFormed(t, got)
	xmllint(t, "rss.xml", got)

	var doc struct {
		Channel struct {
			Title         string `xml:"title"`
			LastBuildDate string `xml:"lastBuildDate"`
			Self          struct {
				Href string `xml:"href,attr"`
				Rel  string `xml:"rel,attr"`
			} `xml:"http://www.w3.org/2005/Atom link"`
			Items []struct {
				Title string `xml:"title"`
				Link  string `xml:"link"`
				GUID  struct {
					Value       string `xml:",chardata"`
					IsPermaLink string `xml:"isPermaLink,attr"`
				} `xml:"guid"`
				PubDate    string   `xml:"pubDate"`
				Content    string   `xml:"http://purl.org/rss/1.0/modules/content/ encoded"`
				Categories []string `xml:"category"`
			} `xml:"item"`
		} `xml:"channel"`
	}
	if err := xml.Unmarshal(got, &doc); err != nil {
		t.Fatal(err)
	}
	want := fixture()
	ch := doc.Channel
	checks := []struct{ name, got, want string }{
		{"channel title", ch.Title, want.Title},
		{"lastBuildDate", ch.LastBuildDate, "Sun, 02 Mar 2025 09:30:00 +0700"},
		{"self href", ch.Self.Href, want.FeedURL},
		{"self rel", ch.Self.Rel, "self"},
		{"item 0 title (invalid characters dropped)", ch.Items[0].Title, "Cải chính thông tin về \"giá cước\" "},
		{"item 0 guid", ch.Items[0].GUID.Value, want.Items[0].ID},
		{"item 0 isPermaLink", ch.Items[0].GUID.IsPermaLink, "true"},
		{"item 0 pubDate", ch.Items[0].PubDate, "Sat, 01 Mar 2025 08:55:00 +0700"},
		{"item 0 content", ch.Items[0].Content, want.Items[0].ContentHTML},
		{"item 1 link", ch.Items[1].Link, want.Items[1].Link},
		{"item 1 guid falls back to link", ch.Items[1].GUID.Value, want.Items[1].Link},
		{"item 1 pubDate in UTC", ch.Items[1].PubDate, "Fri, 28 Feb 2025 01:00:00 +0000"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, c.got, c.want)
		}
	}
	if got, want := len(ch.Items[0].Categories), 2; got != want {
		t.Errorf("item 0: got %d categories, want %d", got, want)
	}
}

func TestAtom(t *testing.T) {
	got := Atom(fixture())
	golden(t, "atom.xml", got)
	wellFormed(t, got)
	xmllint(t, "atom.xml", got)

	type link struct {
		Rel  string `xml:"rel,attr"`
		Href string `xml:"href,attr"`
	}
	var doc struct {
		XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
		Lang    string   `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
		ID      string   `xml:"id"`
		Updated string   `xml:"updated"`
		Links   []link   `xml:"link"`
		Author  string   `xml:"author>name"`
		Entries []struct {
			ID        string `xml:"id"`
			Published string `xml:"published"`
			Updated   string `xml:"updated"`
			Link      link   `xml:"link"`
			Content   struct {
				Type  string `xml:"type,attr"`
				Value string `xml:",chardata"`
			} `xml:"content"`
			Categories []struct {
				Term string `xml:"term,attr"`
			} `xml:"category"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal(got, &doc); err != nil {
		t.Fatal(err)
	}
	want := fixture()
	checks := []struct{ name, got, want string }{
		{"lang", doc.Lang, "vi"},
		{"feed id", doc.ID, want.Link},
		{"feed updated", doc.Updated, "2025-03-02T09:30:00+07:00"},
		{"alternate", doc.Links[0].Rel + " " + doc.Links[0].Href, "alternate " + want.Link},
		{"self", doc.Links[1].Rel + " " + doc.Links[1].Href, "self " + want.FeedURL},
		{"author", doc.Author, want.Author},
		{"entry 0 id", doc.Entries[0].ID, want.Items[0].ID},
		{"entry 0 published", doc.Entries[0].Published, "2025-03-01T08:55:00+07:00"},
		{"entry 0 updated moves with the correction", doc.Entries[0].Updated, "2025-03-02T09:30:00+07:00"},
		{"entry 0 content type", doc.Entries[0].Content.Type, "html"},
		{"entry 0 content", doc.Entries[0].Content.Value, want.Items[0].ContentHTML},
		{"entry 0 category", doc.Entries[0].Categories[1].Term, "Viễn thông & Internet"},
		{"entry 1 updated falls back to published", doc.Entries[1].Updated, "2025-02-28T01:00:00Z"},
		{"entry 1 link", doc.Entries[1].Link.Href, want.Items[1].Link},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, c.got, c.want)
		}
	}
}

func TestJSON(t *testing.T) {
	got := JSON(fixture())
	golden(t, "feed.json", got)

	var doc struct {
		Version     string `json:"version"`
		HomePageURL string `json:"home_page_url"`
		FeedURL     string `json:"feed_url"`
		Language    string `json:"language"`
		Authors     []struct {
			Name string `json:"name"`
		} `json:"authors"`
		Items []struct {
			ID            string   `json:"id"`
			URL           string   `json:"url"`
			ContentHTML   string   `json:"content_html"`
			ContentText   string   `json:"content_text"`
			DatePublished string   `json:"date_published"`
			DateModified  string   `json:"date_modified"`
			Tags          []string `json:"tags"`
		} `json:"items"`
	}
	if err := json.Unmarshal(got, &doc); err != nil {
		t.Fatalf("invalid JSON: %v", err)
	}
	want := fixture()
	checks := []struct{ name, got, want string }{
		{"version", doc.Version, "https://jsonfeed.org/version/1.1"},
		{"home_page_url", doc.HomePageURL, want.Link},
		{"feed_url", doc.FeedURL, want.FeedURL},
		{"language", doc.Language, "vi"},
		{"author", doc.Authors[0].Name, want.Author},
		{"item 0 id", doc.Items[0].ID, want.Items[0].ID},
		{"item 0 content_html", doc.Items[0].ContentHTML, want.Items[0].ContentHTML},
		{"item 0 date_published", doc.Items[0].DatePublished, "2025-03-01T08:55:00+07:00"},
		{"item 0 date_modified", doc.Items[0].DateModified, "2025-03-02T09:30:00+07:00"},
		{"item 0 tag", doc.Items[0].Tags[0], "Cải chính"},
		{"item 1 id falls back to url", doc.Items[1].ID, want.Items[1].Link},
		{"item 1 content_text from summary", doc.Items[1].ContentText, want.Items[1].Summary},
		{"item 1 no date_modified", doc.Items[1].DateModified, ""},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, c.got, c.want)
		}
	}
}

func TestEmptyChannel(t *testing.T) {
	c := Channel{Title: "Trống", Link: "https://x.gov.vn/", FeedURL: "https://x.gov.vn/index.xml"}
	wellFormed(t, RSS(c))
	wellFormed(t, Atom(c))
	var doc map[string]any
	if err := json.Unmarshal(JSON(c), &doc); err != nil {
		t.Fatal(err)
	}
	if items, ok := doc["items"].([]any); !ok || len(items) != 0 {
		t.Errorf("items: got %v, want []", doc["items"])
	}
}

func TestChannelUpdatedFallback(t *testing.T) {
	c := fixture()
	c.Updated = time.Time{}
	if got, want := c.updated(), c.Items[0].Updated; !got.Equal(want) {
		t.Errorf("got %v, want the newest item time %v", got, want)
	}
}

func TestEscape(t *testing.T) {
	tests := []struct {
		in   string
		attr bool
		want string
	}{
		{"a & b < c > d", false, "a &amp; b &lt; c &gt; d"},
		{`say "hi"`, false, `say "hi"`},
		{`say "hi"`, true, `say &quot;hi&quot;`},
		{"line\nnext\ttab", false, "line\nnext\ttab"},
		{"line\nnext\ttab", true, "line&#xA;next&#x9;tab"},
		{"cr\r\n", false, "cr&#xD;\n"},
		{"nul\x00 bell\x07 fffe\uFFFE ffff\uFFFF", false, "nul bell fffe ffff"},
		{"bad \xff utf8", false, "bad  utf8"},
		{"real \uFFFD kept", false, "real \uFFFD kept"},
		{"Đà Nẵng 😀", false, "Đà Nẵng 😀"},
	}
	for _, tt := range tests {
		if got := escape(tt.in, tt.attr); got != tt.want {
			t.Errorf("escape(%q, %v) = %q, want %q", tt.in, tt.attr, got, tt.want)
		}
	}
}

func TestRSSDateInHoChiMinh(t *testing.T) {
	loc, err := time.LoadLocation("Asia/Ho_Chi_Minh")
	if err != nil {
		t.Skip("no tz database on this machine:", err)
	}
	tm := time.Date(2023, 11, 25, 8, 55, 0, 0, loc)
	tests := []struct{ name, got, want string }{
		{"rss", rfc1123(tm), "Sat, 25 Nov 2023 08:55:00 +0700"},
		{"atom and json", rfc3339(tm), "2023-11-25T08:55:00+07:00"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, tt.got, tt.want)
		}
	}
}

// TestCompactIsMinified: a minifying build writes CompactRSS, CompactAtom
// and CompactJSON as they are instead of minifying the indented feeds;
// the bytes must be the same, also for texts of white space alone,
// entities, line ends and characters XML does not allow.
func TestCompactIsMinified(t *testing.T) {
	m := publish.NewMinifier()
	channels := []Channel{fixture(), {Title: "Trống", Link: "https://x.gov.vn/", FeedURL: "https://x.gov.vn/feed.json"}}
	pieces := []string{"", "a", "Bộ Y tế", " ", "  ", "\t", "\n", "\r", "\r\n", "&", "<b>", ">", "\"", "'", "\x01", "\uFFFE", "]]>", "<!-- c -->", "\U0001F600"}
	r := rand.New(rand.NewPCG(3, 4))
	text := func() string {
		var b strings.Builder
		for range r.IntN(4) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		return b.String()
	}
	at := time.Date(2025, 7, 1, 8, 0, 0, 0, time.FixedZone("ICT", 7*3600))
	for range 300 {
		c := Channel{Title: text(), Description: text(), Language: text(), Link: "https://x.gov.vn/" + text(),
			FeedURL: "https://x.gov.vn/f", Author: text()}
		for range r.IntN(4) {
			it := Item{Title: text(), Link: "https://x.gov.vn/" + text(), ID: text(), Summary: text(), ContentHTML: text()}
			if r.IntN(2) == 0 {
				it.Published = at
				it.Updated = at.Add(time.Hour)
			}
			for range r.IntN(3) {
				it.Categories = append(it.Categories, text())
			}
			c.Items = append(c.Items, it)
		}
		channels = append(channels, c)
	}
	for _, c := range channels {
		for _, f := range []struct {
			ext             string
			indent, compact func(Channel) []byte
		}{{".xml", RSS, CompactRSS}, {".xml", Atom, CompactAtom}, {".json", JSON, CompactJSON}} {
			want, err := m.Bytes(f.ext, f.indent(c))
			if err != nil {
				t.Fatal(err)
			}
			if got := f.compact(c); !bytes.Equal(got, want) {
				t.Fatalf("compact:\n%s\nminified:\n%s", got, want)
			}
		}
	}
}

// TestEscapeUnchanged checks the shortcut of escape and clean (text left
// as it is) against their rune-by-rune rewriting, on random texts of the
// characters each rule is about.
func TestEscapeUnchanged(t *testing.T) {
	pieces := []string{"a", "Bộ", "ngữ", " ", "\t", "\n", "\r", "&", "<", ">", "\"", "\x01", "\x7f", "\u0085", "\uFFFD", "\uFFFE", "\uFFFF", "\U0001F600", "\xff", "\xe1\xbb"}
	r := rand.New(rand.NewPCG(7, 8))
	same := 0
	for range 100_000 {
		var b strings.Builder
		for range r.IntN(8) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		s := b.String()
		for _, attr := range []bool{false, true} {
			var want strings.Builder
			for i, c := range s {
				switch {
				case c == utf8.RuneError && isInvalidAt(s, i), !allowedInXML(c):
				case c == '&', c == '<', c == '>', c == '\r', attr && (c == '"' || c == '\n' || c == '\t'):
					want.WriteString("changed")
				default:
					want.WriteRune(c)
				}
			}
			if unchangedInXML(s, attr) != (want.String() == s) {
				t.Fatalf("unchangedInXML(%q, %v) = %v, escape gives %q", s, attr, unchangedInXML(s, attr), escape(s, attr))
			}
			if unchangedInXML(s, attr) {
				same++
			}
		}
		if got, want := clean(s), strings.Map(func(r rune) rune {
			if !allowedInXML(r) {
				return -1
			}
			return r
		}, s); got != want {
			t.Fatalf("clean(%q) = %q, want %q", s, got, want)
		}
	}
	if same < 5000 {
		t.Errorf("only %d texts unchanged: the test makes too few", same)
	}
}
