package content

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/congbo/congbo/internal/config"
	"github.com/congbo/congbo/internal/diag"
)

// testConfig maps the sections of the shared benchmark corpus.
func testConfig() *config.Config {
	cfg := config.Default()
	for _, s := range []struct{ dir, typ string }{
		{"cai-chinh", config.TypeCorrection},
		{"don-vi", config.TypeUnit},
		{"hop-bao", config.TypePage},
		{"hop-bao-moi", config.TypePressConference},
		{"nguoi-phat-ngon", config.TypeSpokesperson},
		{"thong-bao", config.TypeAnnouncement},
		{"thong-cao-bao-chi", config.TypePressRelease},
	} {
		cfg.Sections = append(cfg.Sections, config.Section{Dir: s.dir, Type: s.typ, Permalink: config.DefaultPermalink, PageSize: 20})
	}
	return cfg
}

func TestParsePressRelease(t *testing.T) {
	src := "\ufeff---\r\n" +
		"title: \"  Thông cáo báo chí về chuyển đổi số  \"\r\n" +
		"Date: 25/11/2023 08:55\r\n" +
		"lastmod: 2023-11-26\r\n" +
		"publishdate: 2023-11-25T09:00:00Z\r\n" +
		"draft: true\r\n" +
		"slug: tcbc-cds\r\n" +
		"aliases: [/tin/cu/]\r\n" +
		"weight: 3\r\n" +
		"status: withdrawn\r\n" +
		"layout: special\r\n" +
		"number: 12/TCBC-BKNS\r\n" +
		"source_url: https://a.gov.vn/x\r\n" +
		"attachments: tcbc.pdf\r\n" +
		"tags: [\" chuyển đổi số \", chuyển đổi số, dữ liệu]\r\n" +
		"units: Bộ Kết nối số\r\n" +
		"changes:\r\n" +
		"  - {date: 2023-11-26 10:00, note: Sửa số liệu}\r\n" +
		"---\r\n" +
		"Nội dung.\r\n"
	p, err := Parse("thong-cao-bao-chi/tcbc-1.md", []byte(src), testConfig())
	if err != nil {
		t.Fatal(err)
	}
	loc := testConfig().Location
	checks := []struct {
		name      string
		got, want any
	}{
		{"File", p.File, "content/thong-cao-bao-chi/tcbc-1.md"},
		{"Kind", p.Kind, KindPage},
		{"Section", p.Section, "thong-cao-bao-chi"},
		{"Name", p.Name, "tcbc-1"},
		{"Type", p.Type, config.TypePressRelease},
		{"Title", p.Title, "Thông cáo báo chí về chuyển đổi số"},
		{"Date", p.Date.String(), time.Date(2023, 11, 25, 8, 55, 0, 0, loc).String()},
		{"Lastmod", p.Lastmod.String(), time.Date(2023, 11, 26, 0, 0, 0, 0, loc).String()},
		{"PublishDate", p.PublishDate.String(), time.Date(2023, 11, 25, 16, 0, 0, 0, loc).String()},
		{"Draft", p.Draft, true},
		{"Slug", p.Slug, "tcbc-cds"},
		{"Aliases", fmt.Sprint(p.Aliases), "[/tin/cu/]"},
		{"Weight", p.Weight, 3},
		{"Status", p.Status, "withdrawn"},
		{"Terms", fmt.Sprint(p.Terms), "[{tags [chuyển đổi số dữ liệu]} {units [Bộ Kết nối số]}]"},
		{"number", p.Params["number"], "12/TCBC-BKNS"},
		{"attachments", fmt.Sprint(p.Params["attachments"]), "[tcbc.pdf]"},
		{"layout", p.Params["layout"], "special"},
		{"changes", fmt.Sprint(p.Changes()), "[{2023-11-26 10:00:00 +0700 +07 Sửa số liệu}]"},
		{"Body", string(p.Body), "Nội dung.\n"},
		{"BodyLine", p.BodyLine, 20},
		{"Line(date)", p.Line("date"), 3},
		{"Line(number)", p.Line("number"), 12},
		{"Line(missing)", p.Line("nope"), 1},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: got %v, want %v", c.name, c.got, c.want)
		}
	}
}

func TestParseKinds(t *testing.T) {
	tests := []struct {
		path, src string
		kind      Kind
		section   string
		name      string
		bundle    bool
		typ       string
	}{
		{"_index.md", "---\n---\n", KindHome, "", "", false, "page"},
		{"_index.md", "---\ndescription: x\n---\n", KindHome, "", "", false, "page"},
		{"thong-bao/_index.md", "---\ntitle: Thông báo\n---\n", KindSection, "thong-bao", "thong-bao", false, "announcement"},
		{"thong-bao/tb-1.md", "---\ntitle: A\ndate: 2024-01-02\n---\n", KindPage, "thong-bao", "tb-1", false, "announcement"},
		{"thong-bao/2024/tb-1/index.md", "---\ntitle: A\ndate: 2024-01-02\n---\n", KindPage, "thong-bao", "tb-1", true, "announcement"},
		{"gioi-thieu/index.md", "---\ntitle: A\n---\n", KindPage, "", "gioi-thieu", true, "page"},
		{"lien-he.md", "---\ntitle: A\n---\n", KindPage, "", "lien-he", false, "page"},
		{"khac/a.md", "---\ntitle: A\ntype: unit\n---\n", KindPage, "khac", "a", false, "unit"},
		{"nguoi-phat-ngon/_index.md", "---\ntitle: NPN\nweight: 5\nextra: 1\n---\n", KindSection, "nguoi-phat-ngon", "nguoi-phat-ngon", false, "spokesperson"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			p, err := Parse(tt.path, []byte(tt.src), testConfig())
			if err != nil {
				t.Fatal(err)
			}
			got := fmt.Sprint(p.Kind, p.Section, p.Name, p.Bundle, p.Type)
			want := fmt.Sprint(tt.kind, tt.section, tt.name, tt.bundle, tt.typ)
			if got != want {
				t.Errorf("got %q, want %q", got, want)
			}
		})
	}
}

func TestParseTypeFields(t *testing.T) {
	src := "---\ntitle: Họp báo quý\ndate: 2024-03-01\nstart: 2024-03-29 15:00\nend: 2024-03-29T16:30\n" +
		"online: https://a.gov.vn/live\nspokespeople: [Nguyễn Văn An]\nagenda:\n  - Khai mạc\nstatus: held\nkind: periodic\n" +
		"sequence: 2\nmaterials:\n  - {file: a.pdf, title: Tài liệu}\n---\n"
	p, err := Parse("hop-bao-moi/hb-1.md", []byte(src), testConfig())
	if err != nil {
		t.Fatal(err)
	}
	if got := p.Time("start").Format(time.RFC3339); got != "2024-03-29T15:00:00+07:00" {
		t.Errorf("start: got %s", got)
	}
	if got := p.Strings("spokespeople"); fmt.Sprint(got) != "[Nguyễn Văn An]" {
		t.Errorf("spokespeople: got %q", got)
	}
	if p.Status != "published" || p.String("status") != "held" || p.Int("sequence") != 2 {
		t.Errorf("got Status %q, status %q, sequence %d", p.Status, p.String("status"), p.Int("sequence"))
	}
	if got := fmt.Sprint(p.Params["materials"]); got != "[map[file:a.pdf title:Tài liệu]]" {
		t.Errorf("materials: got %s", got)
	}

	p, err = Parse("cai-chinh/cc-1.md", []byte("---\ntitle: C\ndate: 2024-01-01\ncorrects: /thong-bao/tb-1.md\n---\n"), testConfig())
	if err != nil {
		t.Fatal(err)
	}
	if got := p.String("corrects"); got != "thong-bao/tb-1.md" {
		t.Errorf("corrects: got %q, want it relative to content/", got)
	}

	// A generic page keeps unknown keys as YAML decodes them.
	p, err = Parse("a.md", []byte("---\ntitle: A\nlogo: /x.png\nn: 3\nlist: [a, {b: 1}]\n---\n"), testConfig())
	if err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(p.Params); got != "map[list:[a map[b:1]] logo:/x.png n:3]" {
		t.Errorf("params: got %s", got)
	}
}

func TestParseNFC(t *testing.T) {
	// "Thông báo" in NFD: o + combining circumflex, a + combining grave.
	nfd := "---\ntitle: \"Tho\u0302ng ba\u0301o\"\ntags: [\"Ha\u0300 No\u0302\u0323i\", \"Hà Nội\"]\n---\nThe\u0302m\n"
	p, err := Parse("a.md", []byte(nfd), testConfig())
	if err != nil {
		t.Fatal(err)
	}
	if p.Title != "Thông báo" || string(p.Body) != "Thêm\n" || len(p.TermsOf("tags")) != 1 {
		t.Errorf("got title %q body %q tags %q, want NFC and one tag", p.Title, p.Body, p.TermsOf("tags"))
	}
}

// TestRelativeURL: url: without "/" is from the site's root, as Hugo
// reads it.
func TestRelativeURL(t *testing.T) {
	p, err := Parse("a.md", []byte("---\ntitle: A\nurl: gioi-thieu/lien-he/\naliases: [cu/, /tin/cu/]\n---\n"), testConfig())
	if err != nil {
		t.Fatal(err)
	}
	if p.URL != "/gioi-thieu/lien-he/" || strings.Join(p.Aliases, " ") != "cu/ /tin/cu/" {
		t.Errorf("url %q, aliases %q", p.URL, p.Aliases)
	}
}

func TestParseErrors(t *testing.T) {
	const ok = "---\ntitle: A\ndate: 2024-01-02\n"
	tests := []struct {
		name, path, src string
		line, col       int
		words           []string
	}{
		{"empty", "a.md", "", 1, 1, []string{"file is empty", "title", "date"}},
		{"blank", "a.md", "\n \n", 1, 1, []string{"file is empty"}},
		{"invalid utf8", "a.md", "---\ntitle: Thông b\xe1o\n---\n", 2, 15, []string{"invalid UTF-8 (save the file as UTF-8)"}},
		{"toml syntax", "a.md", "+++\ntitle = 'a'\ndate: 2026-11-01\n+++\n", 3, 5, []string{"invalid TOML", "or write the front matter in YAML"}},
		{"toml date", "a.md", "+++\ntitle = 'a'\ndate = 2026-13-01\n+++\n", 3, 8, []string{`date: "2026-13-01" is not a date`}},
		{"toml key twice", "a.md", "+++\ntitle = 'a'\n\ntitle = 'b'\n+++\n", 4, 1, []string{"invalid TOML: title is given twice"}},
		{"toml table over a value", "a.md", "+++\ntitle = 'a'\nparams = 1\n[params]\nx = 1\n+++\n", 4, 2, []string{"[params] names a key given a value already"}},
		{"toml field type", "thong-bao/a.md", "+++\ntitle = 'A'\ndate = 2026-01-02\nexpiryDate = true\n+++\n", 4, 14, []string{`expiryDate: "true" is not a date`}},
		{"toml not closed", "a.md", "+++\ntitle = 'a'\n", 1, 1, []string{"front matter is not closed (add a line +++"}},
		{"unclosed", "a.md", "---\ntitle: a\n", 1, 1, []string{"front matter is not closed", "---"}},
		{"no front matter", "a.md", "# Hello\n", 1, 1, []string{"missing front matter"}},
		{"yaml syntax", "a.md", "---\ntitle: a\n  b: c\n---\n", 3, 0, []string{"invalid YAML"}},
		{"yaml syntax crlf", "a.md", "---\r\ntitle: a\r\ndate: [\r\n---\r\n", 3, 0, []string{"invalid YAML"}},
		{"not mapping", "a.md", "---\n- a\n---\n", 2, 1, []string{"front matter must be `key: value` lines"}},
		{"alias", "a.md", "---\ntitle: &t A\ndescription: *t\n---\n", 3, 14, []string{"YAML alias *t is not supported"}},
		{"missing title", "a.md", "---\ndescription: x\n---\n", 1, 1, []string{"missing title (add `title: …` to the front matter)"}},
		{"empty title", "a.md", "---\ntitle: \"\"\n---\n", 2, 1, []string{"title is empty"}},
		{"title list", "a.md", "---\ntitle: [a]\n---\n", 2, 8, []string{"title must be text, got a list"}},
		{"missing section title", "thong-bao/_index.md", "---\nweight: 1\n---\n", 1, 1, []string{"missing title"}},
		{"missing date", "thong-bao/a.md", "---\ntitle: A\n---\n", 1, 1, []string{"missing date", "announcement", "date: "}},
		{"bad date", "a.md", "---\ntitle: A\ndate: 2023-13-01\n---\n", 3, 7, []string{`date: "2023-13-01" is not a date`, "25/11/2023 08:55"}},
		{"bad date text", "a.md", "---\ntitle: A\nlastmod: hôm qua\n---\n", 3, 10, []string{`lastmod: "hôm qua" is not a date`}},
		{"date list", "a.md", "---\ntitle: A\ndate: [1]\n---\n", 3, 7, []string{"date must be a date, got a list"}},
		{"draft", "a.md", "---\ntitle: A\ndraft: có\n---\n", 3, 8, []string{`draft must be true or false, got "có"`}},
		{"expiry before date", "a.md", "---\ntitle: A\ndate: 2026-03-01\nexpiryDate: 2025-03-01\n---\n", 4, 13, []string{"expiryDate (01/03/2025 00:00) is before date (01/03/2026 00:00): the page would be expired when published (check both dates)"}},
		{"lang", "a.md", "---\ntitle: A\nlang: tiếng Anh\n---\n", 3, 7, []string{`lang must be a language code such as en or vi, got "tiếng Anh"`}},
		{"weight", "a.md", "---\ntitle: A\nweight: 1.5\n---\n", 3, 9, []string{`weight must be a whole number, got "1.5"`}},
		{"status", "a.md", "---\ntitle: A\nstatus: withdrawm\n---\n", 3, 9, []string{"status must be one of published, withdrawn", `did you mean "withdrawn"?`}},
		{"alias on another site", "a.md", "---\ntitle: A\naliases: [https://example.com/a/]\n---\n", 3, 10, []string{`aliases must be addresses on this site, like /tin-cu/trang/, got "https://example.com/a/"`}},
		{"aliases", "a.md", "---\ntitle: A\naliases: [/a/, {b: 1}]\n---\n", 3, 16, []string{"aliases must be a text or a list of texts, got a mapping"}},
		{"twice", "a.md", "---\ntitle: A\nTitle: B\n---\n", 3, 1, []string{"title is set twice"}},
		{"unknown type", "a.md", "---\ntitle: A\ntype: anouncement\n---\n", 3, 7, []string{`unknown type "anouncement"`, `did you mean "announcement"?`}},
		{"unknown field", "thong-bao/a.md", ok + "numbr: 1\n---\n", 4, 1, []string{`unknown field "numbr" for type announcement (did you mean "number"?)`}},
		{"unknown common typo", "thong-bao/a.md", ok + "descripton: x\n---\n", 4, 1, []string{`did you mean "description"?`}},
		{"unknown taxonomy typo", "thong-bao/a.md", ok + "tag: x\n---\n", 4, 1, []string{`unknown field "tag"`, `did you mean "tags"?`}},
		{"type field kind", "thong-bao/a.md", ok + "effective: soon\n---\n", 4, 12, []string{`effective: "soon" is not a date`}},
		{"type field string", "thong-bao/a.md", ok + "number: [1, 2]\n---\n", 4, 9, []string{"number must be text, got a list"}},
		{"type field url", "thong-cao-bao-chi/a.md", ok + "source_url: www.a.vn\n---\n", 4, 13, []string{"source_url must be an absolute http(s) address"}},
		{"type field int", "hop-bao-moi/a.md", ok + "start: 2024-01-02 08:00\nsequence: hai\n---\n", 5, 11, []string{`sequence must be a whole number, got "hai"`}},
		{"type field enum", "hop-bao-moi/a.md", ok + "start: 2024-01-02 08:00\nstatus: postponned\n---\n", 5, 9, []string{"status must be one of scheduled", `did you mean "postponed"?`}},
		{"required start", "hop-bao-moi/a.md", ok + "---\n", 1, 1, []string{`missing field "start" for type press-conference`}},
		{"end before start", "hop-bao-moi/a.md", ok + "start: 2024-01-02 08:00\nend:   2024-01-01 10:30\n---\n", 5, 8, []string{"end (01/01/2024 10:30) is before start (02/01/2024 08:00) (check both dates)"}},
		{"valid_to before valid_from", "nguoi-phat-ngon/a.md", "---\ntitle: A\nname: A\nposition: B\nphone: \"1\"\nemail: a@b.vn\nvalid_to: 2025-01-01\nvalid_from: 2026-01-01\n---\n", 7, 11, []string{"valid_to (01/01/2025 00:00) is before valid_from (01/01/2026 00:00)"}},
		{"required empty", "nguoi-phat-ngon/a.md", "---\ntitle: A\nname: A\nposition: B\nphone: \"1\"\nemail:\n---\n", 6, 7, []string{"email is empty: a spokesperson needs it (write it after `email:`)"}},
		{"required spokesperson", "nguoi-phat-ngon/a.md", "---\ntitle: A\nname: A\nposition: B\nphone: \"1\"\n---\n", 1, 1, []string{`missing field "email" for type spokesperson (add ` + "`email: …`"}},
		{"correction needs", "cai-chinh/a.md", ok + "---\n", 1, 1, []string{"correction needs `corrects:` or `claim:`"}},
		{"corrects path", "cai-chinh/a.md", ok + "corrects: ../x.md\n---\n", 4, 11, []string{"corrects must be the path of a content file"}},
		{"correction kind", "cai-chinh/a.md", ok + "claim: x\nkind: rebutal\n---\n", 5, 7, []string{`did you mean "rebuttal"?`}},
		{"changes", "a.md", "---\ntitle: A\nchanges:\n  - {date: 2024-01-02, not: x}\n---\n", 4, 24, []string{`unknown field "not" in a change`, `did you mean "note"?`}},
		{"changes date", "a.md", "---\ntitle: A\nchanges:\n  - {note: x}\n---\n", 4, 5, []string{"change has no date"}},
		{"changes not list", "a.md", "---\ntitle: A\nchanges: x\n---\n", 3, 10, []string{"changes must be a list"}},
		{"nested _index", "a/b/_index.md", "---\ntitle: A\n---\n", 0, 0, []string{"_index.md is only allowed", "index.md"}},
		{"too big", "a.md", "---\n" + strings.Repeat("x", MaxFileSize), 0, 0, []string{"4.0 MiB", "limit"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(tt.path, []byte(tt.src), testConfig())
			e := firstError(t, err)
			if want := "content/" + tt.path; e.Path != want || e.Line != tt.line || e.Col != tt.col {
				t.Errorf("position: got %s:%d:%d, want %s:%d:%d\n%s", e.Path, e.Line, e.Col, want, tt.line, tt.col, err)
			}
			for _, w := range tt.words {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("got %q, want it to contain %q", err, w)
				}
			}
		})
	}
}

// TestParseReportsAll checks one file's problems come together.
func TestParseReportsAll(t *testing.T) {
	_, err := Parse("thong-bao/a.md", []byte("---\nnumbr: 1\ndate: x\ndraft: 2\n---\n"), testConfig())
	var list *diag.List
	if !errors.As(err, &list) || list.Len() != 4 { // numbr, date, draft, missing title
		t.Errorf("got %v, want 4 errors", err)
	}
}

func TestAliasBomb(t *testing.T) {
	var b strings.Builder
	b.WriteString("---\ntitle: A\na: &a [x, x, x, x, x, x, x, x, x, x]\n")
	for i := 'b'; i <= 'z'; i++ {
		p := string(i - 1)
		fmt.Fprintf(&b, "%c: &%c [*%s, *%s, *%s, *%s, *%s, *%s, *%s, *%s]\n", i, i, p, p, p, p, p, p, p, p)
	}
	b.WriteString("---\n")
	start := time.Now()
	_, err := Parse("a.md", []byte(b.String()), testConfig())
	if err == nil || !strings.Contains(err.Error(), "alias") {
		t.Fatalf("got %v, want an alias error", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("took %v", d)
	}
}

func TestParseDate(t *testing.T) {
	loc := testConfig().Location
	ict := func(y, mo, d, h, mi, s int) string {
		return time.Date(y, time.Month(mo), d, h, mi, s, 0, loc).Format(time.RFC3339Nano)
	}
	tests := []struct{ in, want string }{
		{"2023-11-25T08:55:00+07:00", ict(2023, 11, 25, 8, 55, 0)},
		{"2023-11-25T01:55:00Z", ict(2023, 11, 25, 8, 55, 0)},
		{"2023-11-25T08:55:00.5+07:00", "2023-11-25T08:55:00.5+07:00"},
		{"2023-11-25T08:55:00-05:00", ict(2023, 11, 25, 20, 55, 0)},
		{"2023-11-25", ict(2023, 11, 25, 0, 0, 0)},
		{"2023-11-25 08:55", ict(2023, 11, 25, 8, 55, 0)},
		{"2023-11-25 08:55:07", ict(2023, 11, 25, 8, 55, 7)},
		{"2023-11-25 08:55 +0700", ict(2023, 11, 25, 8, 55, 0)},
		{"2023-11-25 08:55:00 +07:00", ict(2023, 11, 25, 8, 55, 0)},
		{"2023-11-25 08:55+0900", ict(2023, 11, 25, 6, 55, 0)},
		{"2023-11-25T08:55", ict(2023, 11, 25, 8, 55, 0)},
		{"2023-11-25T08:55:30", ict(2023, 11, 25, 8, 55, 30)},
		{"25/11/2023 08:55", ict(2023, 11, 25, 8, 55, 0)},
		{"25/11/2023 08:55:10", ict(2023, 11, 25, 8, 55, 10)},
		{"25/11/2023", ict(2023, 11, 25, 0, 0, 0)},
		{"5/1/2024", ict(2024, 1, 5, 0, 0, 0)},
		{"29/02/2024", ict(2024, 2, 29, 0, 0, 0)},
		{"", ""},
		{"2023-11-25 ", ""},
		{"29/02/2023", ""},
		{"2023-02-30", ""},
		{"2023-11-25 24:00", ""},
		{"2023-11-25 08:60", ""},
		{"2023-11-25 8:55", ict(2023, 11, 25, 8, 55, 0)},
		{"25/11/2023 8h55", ict(2023, 11, 25, 8, 55, 0)},
		{"25.11.2023 14H05", ict(2023, 11, 25, 14, 5, 0)},
		{"2023-11-25T08h55", ict(2023, 11, 25, 8, 55, 0)},
		{"25/11/2023 8h55:10", ""},
		{"25/11/2023 8h5", ""},
		{"25-11/2023", ""},
		{"25.11.2023", ict(2023, 11, 25, 0, 0, 0)},
		{"2023/11/25", ""},
		{"11/25/2023", ""},
		{"2023-11-25T08:55:00+25:00", ""},
		{"2023-11-25 08:55 ICT", ""},
		{"25-11-2023", ict(2023, 11, 25, 0, 0, 0)},
		{"hôm nay", ""},
	}
	for _, tt := range tests {
		got := ""
		if d, ok := ParseDate(tt.in, loc); ok {
			got = d.Format(time.RFC3339Nano)
		}
		if got != tt.want {
			t.Errorf("ParseDate(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSplitFrontMatter(t *testing.T) {
	tests := []struct {
		in                  string
		front, body         string
		frontLine, bodyLine int
		err                 string
	}{
		{"---\ntitle: a\n---\nbody\n", "title: a\n", "body\n", 2, 4, ""},
		{"--- \ntitle: a\n---\t\n\nbody", "title: a\n", "\nbody", 2, 4, ""},
		{"---\n---\n", "", "", 2, 3, ""},
		{"---\n---", "", "", 2, 3, ""},
		{"---\na: 1\nb: 2\n---\nx\n---\ny", "a: 1\nb: 2\n", "x\n---\ny", 2, 5, ""},
		{"# no front\n", "", "# no front\n", 0, 1, ""},
		{"----\n", "", "----\n", 0, 1, ""},
		{"---\ntitle: a\n", "", "", 0, 0, "not closed"},
		{"---", "", "", 0, 0, "not closed"},
		{"+++\ntitle = 1\n+++\n", "+++\ntitle = 1\n", "", 1, 4, ""},
		{"+++ \n+++\nx", "+++ \n", "x", 1, 3, ""},
		{"{\n  \"title\": \"a\"\n}\n", "", "", 0, 0, "JSON front matter ({) is not supported (write it in YAML between lines of ---; in a Hugo site, `hugo convert toYAML --unsafe`"},
		{"{a}\n", "", "{a}\n", 0, 1, ""},
	}
	for _, tt := range tests {
		front, fl, body, bl, err := SplitFrontMatter([]byte(tt.in))
		gotErr := ""
		if err != nil {
			gotErr = err.Error()
		}
		if string(front) != tt.front || string(body) != tt.body || fl != tt.frontLine || bl != tt.bodyLine ||
			!strings.Contains(gotErr, tt.err) || (tt.err == "") != (err == nil) {
			t.Errorf("SplitFrontMatter(%q) = %q, %d, %q, %d, %v; want %q, %d, %q, %d, %q",
				tt.in, front, fl, body, bl, err, tt.front, tt.frontLine, tt.body, tt.bodyLine, tt.err)
		}
	}
}

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want, err string }{
		{"\ufeffa\r\nb\r\n", "a\nb\n", ""},
		{"Tho\u0302ng", "Thông", ""},
		{"a\nb\xffc", "", ":2:2: invalid UTF-8"},
		{"ạ\nđđ\xe1", "", ":2:3: invalid UTF-8"},
	}
	for _, tt := range tests {
		got, err := Normalize([]byte(tt.in))
		gotErr := ""
		if err != nil {
			gotErr = err.Error()
		}
		if string(got) != tt.want || !strings.Contains(gotErr, tt.err) || (tt.err == "") != (err == nil) {
			t.Errorf("Normalize(%q) = %q, %v; want %q, %q", tt.in, got, err, tt.want, tt.err)
		}
	}
}

func FuzzSplitFrontMatter(f *testing.F) {
	for _, s := range []string{"---\ntitle: a\n---\nbody", "---\n---", "+++\n", "---", "", "---\n\n---\n---\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		front, fl, body, bl, err := SplitFrontMatter(data)
		if err != nil {
			return
		}
		if fl == 0 && string(body) != string(data) {
			t.Fatalf("no front matter but body %q != input", body)
		}
		if fl != 0 && (len(front)+len(body) > len(data) || bl < fl+1) {
			t.Fatalf("front %q (line %d) body %q (line %d) from %q", front, fl, body, bl, data)
		}
	})
}

func FuzzParse(f *testing.F) {
	f.Add("thong-bao/a.md", []byte("---\ntitle: A\ndate: 25/11/2023 08:55\nnumber: 1\ntags: [a, b]\n---\nx"))
	f.Add("hop-bao-moi/a/index.md", []byte("---\ntitle: A\ndate: 2023-11-25\nstart: 2023-11-25T08:55\nchanges: [{date: x}]\n---\n"))
	f.Add("_index.md", []byte("\ufeff---\r\na: &x 1\r\nb: *x\r\n---\r\n"))
	f.Add("a.md", []byte("---\n[\n---\n"))
	f.Add("a.md", []byte("+++\ntitle = 'A'\ndate = 2026-11-25T08:55:00\na.b = 1\n[params]\nx = [1, {a = 2}]\n[[p.q]]\nr = \"\\u00e1\"\n+++\nx"))
	f.Add("thong-bao/a.md", []byte("+++\ntitle = \"\"\"\nA\"\"\"\n[x]\n[x]\n+++\n"))
	f.Fuzz(func(t *testing.T, path string, data []byte) {
		if path == "" || strings.HasPrefix(path, "/") || !strings.HasSuffix(path, ".md") {
			return
		}
		p, err := Parse(path, data, testConfig())
		if (p == nil) == (err == nil) {
			t.Fatalf("got page %v and error %v: want exactly one", p, err)
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

// TestParseTermsDuplicates checks that terms are trimmed, empty ones and
// repeats dropped and order kept, in short lists (searched) and long ones
// (a set).
func TestParseTermsDuplicates(t *testing.T) {
	for _, n := range []int{3, 16, 17, 40} {
		var in, want []string
		for i := range n {
			name := fmt.Sprintf("thẻ %d", i%(n/2+1))
			in = append(in, fmt.Sprintf("%q", " "+name+" "), `""`)
			if !slices.Contains(want, name) {
				want = append(want, name)
			}
		}
		src := "---\ntitle: A\ntags: [" + strings.Join(in, ", ") + "]\n---\n"
		p, err := Parse("a.md", []byte(src), testConfig())
		if err != nil {
			t.Fatal(err)
		}
		if got := p.TermsOf("tags"); !slices.Equal(got, want) {
			t.Errorf("%d tags: got %q, want %q", n, got, want)
		}
	}
}

// FuzzParseDate: ParseDate never panics, and a date it reads is read
// again, the same instant, from its wall time in the site's zone (RFC 3339
// cannot write the seconds of a zone's old local mean time, +07:06:30).
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2023-11-25T08:55:00+07:00", "25/11/2023 8h55", "25.11.2023", "2023-11-25 8:55:07,5 +0700", "5-1-2024 23H59"} {
		f.Add(s)
	}
	loc := testConfig().Location
	f.Fuzz(func(t *testing.T, s string) {
		d, ok := ParseDate(s, loc)
		if !ok {
			return
		}
		again, ok := ParseDate(d.Format("2006-01-02T15:04:05.999999999"), loc)
		if !ok || !again.Equal(d) {
			t.Errorf("ParseDate(%q) = %v, which reads back as %v, %v", s, d, again, ok)
		}
	})
}

// TestTOMLFrontMatter: a page written by Hugo in TOML (its default for new
// pages) is read as the same page written in YAML: every key, nested
// tables, lists of tables, dates, numbers and booleans.
func TestTOMLFrontMatter(t *testing.T) {
	tests := []struct{ name, path, toml, yaml string }{
		{"hugo's default", "a.md",
			"title = 'Lễ ký kết'\ndate = 2026-11-30T09:00:00+07:00\ndraft = false\n",
			"title: Lễ ký kết\ndate: 2026-11-30T09:00:00+07:00\ndraft: false\n"},
		{"everything a page has", "hop-bao/b.md", `title = "Thông báo \"lịch\" tiếp dân"
date = 2026-11-25
lastmod = 2026-11-26 08:55:00
publishDate = 2026-11-25T08:00:00
expiryDate = 2027-11-25
description = """
Lịch tiếp công dân \
tháng 12."""
tags = ["tiếp công dân", 'lịch']
categories = []
aliases = ["/tin-cu/lich.html", "cu"]
slug = "lich-tiep-dan"
weight = 1_0
number = "203/TB-BTN"
units = ["Văn phòng Bộ"]

[params]
ratio = 1.5
hex = 0x1F
big = +inf
on = true
at = 07:30:00
author.name = "Thu Hà"

[[params.links]]
name = "A"
[[params.links]]
name = "B"
place = { city = "Huế", ward = "Phú Hội" }
`, `title: 'Thông báo "lịch" tiếp dân'
date: 2026-11-25
lastmod: 2026-11-26 08:55:00
publishDate: 2026-11-25T08:00:00
expiryDate: 2027-11-25
description: Lịch tiếp công dân tháng 12.
tags: [tiếp công dân, lịch]
categories: []
aliases: [/tin-cu/lich.html, cu]
slug: lich-tiep-dan
weight: 10
number: 203/TB-BTN
units: [Văn phòng Bộ]
params:
  ratio: 1.5
  hex: 31
  big: .inf
  on: true
  at: "07:30:00"
  author: {name: Thu Hà}
  links:
    - name: A
    - {name: B, place: {city: Huế, ward: Phú Hội}}
`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fromTOML, err := Parse(tt.path, []byte("+++\n"+tt.toml+"+++\nNội dung.\n"), testConfig())
			if err != nil {
				t.Fatal(err)
			}
			fromYAML, err := Parse(tt.path, []byte("---\n"+tt.yaml+"---\nNội dung.\n"), testConfig())
			if err != nil {
				t.Fatal(err)
			}
			got, want := fmt.Sprintf("%+v", *fromTOML), fmt.Sprintf("%+v", *fromYAML)
			// The lines differ (the TOML's description takes three), and so
			// do the nodes' positions: compare what the page says.
			if fromTOML.Title != fromYAML.Title || !fromTOML.Date.Equal(fromYAML.Date) || !fromTOML.Lastmod.Equal(fromYAML.Lastmod) ||
				!fromTOML.PublishDate.Equal(fromYAML.PublishDate) || !fromTOML.ExpiryDate.Equal(fromYAML.ExpiryDate) ||
				fromTOML.Description != fromYAML.Description || fromTOML.Slug != fromYAML.Slug || fromTOML.Weight != fromYAML.Weight ||
				fmt.Sprint(fromTOML.Aliases) != fmt.Sprint(fromYAML.Aliases) || fmt.Sprint(fromTOML.Terms) != fmt.Sprint(fromYAML.Terms) ||
				fmt.Sprint(fromTOML.Params) != fmt.Sprint(fromYAML.Params) || string(fromTOML.Body) != string(fromYAML.Body) || fromTOML.Draft != fromYAML.Draft {
				t.Errorf("TOML page\n%s\nYAML page\n%s", got, want)
			}
		})
	}
}
