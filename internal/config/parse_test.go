package config

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/congbo/congbo/internal/diag"
)

// testPublicKey is a minisign public key made by `congbo keygen`;
// testSecretKey has the shape of a secret key line (no real key).
const (
	testPublicKey = "RWQ33tib0CESbbwtF9HBOG09rE37quGaGBV2DTjUk5C78z99Q5Y7ydcI"
	testSecretKey = "RWQAAEIy" + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" +
		"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
)

const minimal = "title: Cổng\nbaseURL: https://a.gov.vn\norganization: {name: Bộ}\n"

func TestParseFull(t *testing.T) {
	src := "\ufefftitle: Cổng Thông tin điện tử Bộ Kết nối số\r\n" +
		"description: Thông tin chính thức\r\n" +
		"baseURL: https://bokns.example.gov.vn\r\n" +
		"language: en\r\n" +
		"timeZone: Asia/Bangkok\r\n" +
		"organization: {name: Bộ Kết nối số, nameEn: Ministry, shortName: BKNS, email: a@b.vn}\r\n" +
		"sections:\r\n" +
		"  thong-cao-bao-chi: {type: press-release, pageSize: 10}\r\n" +
		"  hop-bao: {type: press-conference, permalink: \"/:section/:year/:slug.html\"}\r\n" +
		"  gioi-thieu:\r\n" +
		"taxonomies: {tag: tags, unit: units}\r\n" +
		"menus:\r\n" +
		"  main:\r\n" +
		"    - {name: Liên hệ, url: /lien-he/, weight: 2}\r\n" +
		"    - {name: Tin tức, url: /tin/, weight: 1}\r\n" +
		"    - {name: An, url: /an/, weight: 1}\r\n" +
		"markup: {unsafe: true}\r\n" +
		"security: {contact: [\"mailto:a@b.vn\", \"https://b.vn/c\"], expires: 2027-06-01, preferredLanguages: \"vi, en\",\r\n" +
		"  publicKey: " + testPublicKey + "}\r\n" +
		"pageSize: 30\r\n" +
		"homeItems: 0\r\n" +
		"params: {logo: /logo.svg, n: 3, list: [a, b]}\r\n"
	cfg, err := Parse("site.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct{ name, got, want string }{
		{"title", cfg.Title, "Cổng Thông tin điện tử Bộ Kết nối số"},
		{"baseURL", cfg.BaseURL, "https://bokns.example.gov.vn/"},
		{"language", cfg.Language, "en"},
		{"location", cfg.Location.String(), "Asia/Bangkok"},
		{"org", cfg.Organization.Name + "|" + cfg.Organization.ShortName, "Bộ Kết nối số|BKNS"},
		{"sections", sectionsString(cfg.Sections), "gioi-thieu page  30;hop-bao press-conference /:section/:year/:slug.html 30;thong-cao-bao-chi press-release  10;"},
		{"taxonomies", taxString(cfg.Taxonomies), "tag:tags unit:units "},
		{"menu", menuString(cfg.Menus["main"]), "An Tin tức Liên hệ "},
		{"contact", strings.Join(cfg.Security.Contact, " "), "mailto:a@b.vn https://b.vn/c"},
		{"expires", cfg.Security.Expires.Format(time.DateOnly), "2027-06-01"},
		{"publicKey", fmt.Sprintf("%s line %d", cfg.Security.PublicKey, cfg.Security.PublicKeyLine), testPublicKey + " line 19"},
		{"params", strings.TrimSpace(fmt.Sprint(cfg.Params)), "map[list:[a b] logo:/logo.svg n:3]"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, c.got, c.want)
		}
	}
	if !cfg.Markup.Unsafe || cfg.PageSize != 30 || cfg.HomeItems != 0 || cfg.FeedItems != 50 {
		t.Errorf("got unsafe=%v pageSize=%d homeItems=%d feedItems=%d", cfg.Markup.Unsafe, cfg.PageSize, cfg.HomeItems, cfg.FeedItems)
	}
	if s := cfg.Section("hop-bao"); s == nil || s.Type != TypePressConference {
		t.Errorf("Section(hop-bao) = %+v", s)
	}
}

func TestParseDefaults(t *testing.T) {
	cfg, err := Parse("site.yaml", []byte(minimal))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Language != "vi" || cfg.TimeZone != DefaultTimeZone || cfg.Location.String() != DefaultTimeZone ||
		cfg.PageSize != 20 || cfg.HomeItems != 5 || cfg.FeedItems != 50 || len(cfg.Sections) != 0 {
		t.Errorf("defaults: got %+v", cfg)
	}
	if got, want := taxString(cfg.Taxonomies), "tag:tags category:categories unit:units "; got != want {
		t.Errorf("taxonomies: got %q, want %q", got, want)
	}
	cfg, err = Parse("site.yaml", []byte(minimal+"taxonomies: {}\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.Taxonomies) != 0 {
		t.Errorf("taxonomies: {}: got %v, want none", cfg.Taxonomies)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, src string
		line, col int
		words     []string
	}{
		{"empty", "", 1, 1, []string{"site.yaml is empty"}},
		{"not mapping", "- a\n", 1, 1, []string{"must be a mapping"}},
		{"syntax", "title: a\n  b: c\n", 2, 0, []string{"invalid YAML"}},
		{"missing title", "baseURL: https://a.vn/\norganization: {name: B}\n", 1, 1, []string{"missing title", "title:"}},
		{"missing baseURL", "title: A\norganization: {name: B}\n", 1, 1, []string{"missing baseURL"}},
		{"missing organization", "title: A\nbaseURL: https://a.vn/\n", 1, 1, []string{"missing organization"}},
		{"missing org name", minimal[:len(minimal)-len("organization: {name: Bộ}\n")] + "organization: {nameEn: X}\n", 3, 1, []string{"missing organization name"}},
		{"unknown key", minimal + "pagesize: 3\n", 4, 1, []string{`unknown key "pagesize"`, `did you mean "pageSize"?`}},
		{"unknown nested key", minimal + "markup: {unsaf: true}\n", 4, 10, []string{`unknown key "unsaf" in markup`, `"unsafe"`}},
		{"duplicate key", minimal + "title: B\n", 4, 1, []string{"title is set twice"}},
		{"pageSize type", minimal + "pageSize: abc\n", 4, 11, []string{`pageSize must be a whole number, got "abc"`}},
		{"pageSize range", minimal + "pageSize: 0\n", 4, 11, []string{"pageSize must be between 1 and 1000, got 0"}},
		{"pageSize list", minimal + "pageSize: [1]\n", 4, 11, []string{"pageSize must be a whole number, got a list"}},
		{"title list", "title: [a]\nbaseURL: https://a.vn\norganization: {name: B}\n", 1, 8, []string{"title must be text, got a list"}},
		{"baseURL relative", "title: A\nbaseURL: /x/\norganization: {name: B}\n", 2, 10, []string{"baseURL must be an absolute http(s) address", `"/x/"`}},
		{"baseURL ftp", "title: A\nbaseURL: ftp://a.vn/\norganization: {name: B}\n", 2, 10, []string{"absolute http(s)"}},
		{"baseURL query", "title: A\nbaseURL: https://a.vn/?q\norganization: {name: B}\n", 2, 10, []string{"must not have a query"}},
		{"baseURL path", "title: A\nbaseURL: https://tinh.a.vn/bo-kns/\norganization: {name: B}\n", 2, 10, []string{`has a path (/bo-kns/)`, "root of its own host name", "https://bo-kns.tinh.a.vn/"}},
		{"baseURL odd path", "title: A\nbaseURL: http://a.vn/Cổng_1/x\norganization: {name: B}\n", 2, 10, []string{"has a path", "http://cong.a.vn/"}},
		{"language", minimal + "language: vn\n", 4, 11, []string{`language must be one of vi, en, got "vn"`, `did you mean "vi"?`}},
		{"timeZone", minimal + "timeZone: Asia/Hanoi\n", 4, 11, []string{`unknown timeZone "Asia/Hanoi"`, "IANA"}},
		{"timeZone Local", minimal + "timeZone: Local\n", 4, 11, []string{`unknown timeZone "Local"`}},
		{"section type", minimal + "sections:\n  tb: {type: anouncement}\n", 5, 14, []string{`sections.tb.type must be one of`, `did you mean "announcement"?`}},
		{"section dir", minimal + "sections:\n  a/b: {type: page}\n", 5, 3, []string{`section "a/b" must be one directory name`}},
		{"section dotdot", minimal + "sections:\n  ..: {type: page}\n", 5, 3, []string{`section ".." must be one directory name`}},
		{"section unknown key", minimal + "sections:\n  tb: {typ: page}\n", 5, 8, []string{`unknown key "typ" in sections.tb`, `"type"`}},
		{"section not mapping", minimal + "sections:\n  tb: page\n", 5, 7, []string{`sections.tb must be a mapping of ` + "`key: value`" + ` lines, got "page" (write tb: {type: page})`}},
		{"section of a word", minimal + "sections:\n  tb: trang\n", 5, 7, []string{`sections.tb must be a mapping of ` + "`key: value`" + ` lines, got "trang"`}},
		{"sections list", minimal + "sections: [a]\n", 4, 11, []string{"sections must map a directory"}},
		{"section pageSize", minimal + "sections:\n  tb: {pageSize: x}\n", 5, 18, []string{`sections.tb.pageSize must be a whole number, got "x"`}},
		{"permalink slash", minimal + "sections:\n  tb: {permalink: \":section/:filename/\"}\n", 5, 19, []string{`must start with "/"`}},
		{"permalink end", minimal + "sections:\n  tb: {permalink: /:section/:filename}\n", 5, 19, []string{`must end with "/" or ".html"`}},
		{"permalink token", minimal + "sections:\n  tb: {permalink: /:section/:filenam/}\n", 5, 19, []string{`unknown token ":filenam"`, `did you mean ":filename"?`, ":slug"}},
		{"permalink title", minimal + "sections:\n  tb: {permalink: /:section/:title/}\n", 5, 19, []string{`unknown token ":title"`, "use :slug"}},
		{"title empty", "title:\nbaseURL: https://a.vn\norganization: {name: B}\n", 1, 1, []string{"title is empty"}},
		{"permalink unique", minimal + "sections:\n  tb: {permalink: /:section/:year/}\n", 5, 19, []string{"needs :filename or :slug"}},
		{"taxonomy plural", minimal + "taxonomies: {tag: Thẻ}\n", 4, 19, []string{`taxonomy plural "Thẻ" must be lowercase ASCII`}},
		{"taxonomy twice", minimal + "taxonomies: {tag: tags, label: tags}\n", 4, 32, []string{`taxonomy plural "tags" is used twice`}},
		{"taxonomies list", minimal + "taxonomies: [tags]\n", 4, 13, []string{"taxonomies must map singular to plural"}},
		{"menu not list", minimal + "menus: {main: x}\n", 4, 15, []string{"menus.main must be a list"}},
		{"menu item no url", minimal + "menus:\n  main:\n    - name: A\n", 6, 7, []string{`menu item "A" has no url`}},
		{"menu item key", minimal + "menus:\n  main:\n    - {name: A, url: /, wieght: 1}\n", 6, 25, []string{`unknown key "wieght" in menus.main[0]`, `"weight"`}},
		{"markup bool", minimal + "markup: {unsafe: yes please}\n", 4, 18, []string{`markup.unsafe must be true or false, got "yes please"`}},
		{"security contact", minimal + "security: {contact: a@b.vn}\n", 4, 21, []string{"security.contact must be a mailto:, https: or tel: URI"}},
		{"security expires", minimal + "security: {expires: 01/06/2027}\n", 4, 21, []string{"security.expires must be a date such as 2027-06-01"}},
		{"security policy", minimal + "security: {policy: http://a.vn/p}\n", 4, 20, []string{"security.policy must be an https:// address"}},
		{"publicKey not base64", minimal + "security: {publicKey: \"RWQ!x\"}\n", 4, 23, []string{"security.publicKey must be a minisign public key", `"RWQ!x"`, "not base64"}},
		{"publicKey short", minimal + "security: {publicKey: RWQ=}\n", 4, 23, []string{"security.publicKey must be a minisign public key", "2 bytes, want 42"}},
		{"publicKey secret key", minimal + "security: {publicKey: " + testSecretKey + "}\n", 4, 23, []string{"security.publicKey must be a minisign public key", "want 42"}},
		{"publicKey not Ed", minimal + "security: {publicKey: " + strings.Replace(testPublicKey, "RWQ", "AAA", 1) + "}\n", 4, 23, []string{`want 42 starting with "Ed"`}},
		{"publicKey whole file", minimal + "security:\n  publicKey: \"untrusted comment: minisign public key: 6D1221D09BD8DE37\"\n", 5, 14, []string{"only the key line of congbo.pub"}},
		{"publicKey list", minimal + "security: {publicKey: [a]}\n", 4, 23, []string{"security.publicKey must be text"}},
		{"params list", minimal + "params: [a]\n", 4, 9, []string{"params must be a mapping"}},
		{"alias", minimal + "a: &x [1]\nparams: {b: *x}\n", 5, 13, []string{"YAML alias *x is not supported"}},
		{"organization string", "title: A\nbaseURL: https://a.vn\norganization: Bộ\n", 3, 15, []string{"organization must be a mapping"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("site.yaml", []byte(tt.src))
			e := firstError(t, err)
			if e.Path != "site.yaml" || e.Line != tt.line || e.Col != tt.col {
				t.Errorf("position: got %s:%d:%d, want site.yaml:%d:%d (%s)", e.Path, e.Line, e.Col, tt.line, tt.col, err)
			}
			for _, w := range tt.words {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("got %q, want it to contain %q", err, w)
				}
			}
		})
	}
}

// TestParseAllErrorsTogether checks that every problem is reported at once.
func TestParseAllErrorsTogether(t *testing.T) {
	_, err := Parse("site.yaml", []byte("titl: A\npageSize: x\nlanguage: fr\n"))
	var list *diag.List
	if !errors.As(err, &list) {
		t.Fatalf("got %T, want *diag.List", err)
	}
	// titl, pageSize, language, missing title, baseURL, organization
	if got, want := list.Len(), 6; got != want {
		t.Errorf("got %d errors, want %d:\n%s", got, want, err)
	}
}

func TestAliasBombFailsFast(t *testing.T) {
	var b strings.Builder
	b.WriteString(minimal + "a: &a [x, x, x, x, x, x, x, x, x, x]\n")
	for i := 'b'; i <= 'z'; i++ {
		prev := string(i - 1)
		b.WriteString(string(i) + ": &" + string(i) + " [*" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + "]\n")
	}
	start := time.Now()
	_, err := Parse("site.yaml", []byte(b.String()))
	if err == nil || !strings.Contains(err.Error(), "alias") {
		t.Fatalf("got %v, want an alias error", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("took %v", d)
	}
}

func TestCheckPermalink(t *testing.T) {
	for _, p := range []string{"/:section/:filename/", "/:section/:year/:month/:day/:slug.html", "/tin/:slug/", "/:filename.html"} {
		if msg := CheckPermalink(p); msg != "" {
			t.Errorf("CheckPermalink(%q) = %q, want ok", p, msg)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(minimal))
	f.Add([]byte(minimal + "sections:\n  a: {type: page, permalink: /:x/}\nmenus: {m: [{name: a}]}\n"))
	f.Add([]byte("a: &a [1]\nb: *a\n"))
	f.Add([]byte("\ufeff{title: [}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, err := Parse("site.yaml", data)
		if err == nil && (cfg == nil || !strings.HasSuffix(cfg.BaseURL, "/") || cfg.Location == nil) {
			t.Fatalf("no error but config %+v", cfg)
		}
		if err != nil {
			var list *diag.List
			if !errors.As(err, &list) || list.Len() == 0 {
				t.Fatalf("error %T %v is not a non-empty *diag.List", err, err)
			}
		}
	})
}

func firstError(t *testing.T, err error) *diag.Error {
	t.Helper()
	var list *diag.List
	if !errors.As(err, &list) || list.Len() == 0 {
		t.Fatalf("got error %v (%T), want a *diag.List", err, err)
	}
	var e *diag.Error
	if !errors.As(list.Errors()[0], &e) {
		t.Fatalf("got %T, want *diag.Error", list.Errors()[0])
	}
	return e
}

func sectionsString(ss []Section) string {
	var b strings.Builder
	for _, s := range ss {
		b.WriteString(s.Dir + " " + s.Type + " " + s.Permalink + " " + strconv.Itoa(s.PageSize) + ";")
	}
	return b.String()
}

func taxString(ts []Taxonomy) string {
	var b strings.Builder
	for _, t := range ts {
		b.WriteString(t.Singular + ":" + t.Plural + " ")
	}
	return b.String()
}

func menuString(items []MenuItem) string {
	var b strings.Builder
	for _, it := range items {
		b.WriteString(it.Name + " ")
	}
	return b.String()
}

func TestParseAccessibility(t *testing.T) {
	const minimal = "title: T\nbaseURL: https://a.vn/\norganization: {name: O}\n"
	tests := []struct {
		name, yaml string
		want       Accessibility
	}{
		{"default", minimal, Accessibility{Standard: DefaultAccessibilityStandard}},
		{"full", minimal + "accessibility: {email: mailto:tc@a.vn, phone: 024 1, lastReview: 2026-06-30, standard: WCAG 2.2 AA}\n",
			Accessibility{Email: "tc@a.vn", Phone: "024 1", LastReview: time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC), Standard: "WCAG 2.2 AA"}},
		{"standard left out", minimal + "accessibility: {email: tc@a.vn}\n", Accessibility{Email: "tc@a.vn", Standard: DefaultAccessibilityStandard}},
	}
	for _, tt := range tests {
		cfg, err := Parse("site.yaml", []byte(tt.yaml))
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if got := cfg.Accessibility; got != tt.want {
			t.Errorf("%s: got %+v, want %+v", tt.name, got, tt.want)
		}
	}
}

func TestParseAccessibilityErrors(t *testing.T) {
	const minimal = "title: T\nbaseURL: https://a.vn/\norganization: {name: O}\n"
	tests := []struct {
		name, yaml string
		line, col  int
		want       string
	}{
		{"email", minimal + "accessibility: {email: tc}\n", 4, 24, "accessibility.email must be an email address"},
		{"date", minimal + "accessibility: {lastReview: 30/06/2026}\n", 4, 29, "accessibility.lastReview must be a date such as 2026-06-30"},
		{"unknown key", minimal + "accessibility: {contact: x}\n", 4, 17, `unknown key "contact" in accessibility`},
	}
	for _, tt := range tests {
		_, err := Parse("site.yaml", []byte(tt.yaml))
		if err == nil {
			t.Fatalf("%s: no error", tt.name)
		}
		want := fmt.Sprintf("site.yaml:%d:%d: %s", tt.line, tt.col, tt.want)
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%s: got %q, want it to contain %q", tt.name, err.Error(), want)
		}
	}
}
