package build_test

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

// officialSite has one page of each official type: spokespeople (current
// and past), press conferences (scheduled, cancelled), a press release, its
// correction, a rebuttal and a unit profile.
const officialSite = `-- site.yaml --
title: Cổng thử nghiệm
baseURL: https://example.gov.vn/
organization:
  name: Bộ Thử nghiệm
  nameEn: Ministry of Testing
sections:
  thong-cao: {type: press-release}
  nguoi-phat-ngon: {type: spokesperson}
  hop-bao: {type: press-conference}
  cai-chinh: {type: correction}
  don-vi: {type: unit}
params:
  antiFakeNewsURL: https://tingia.example.gov.vn/
  antiFakeNewsName: Trung tâm Xử lý tin giả
security:
  contact: mailto:security@example.gov.vn
  expires: 2027-06-01
-- content/nguoi-phat-ngon/_index.md --
---
title: Người phát ngôn
---
-- content/nguoi-phat-ngon/bo.md --
---
title: Người phát ngôn Bộ Thử nghiệm
date: 2026-04-01T08:00:00+07:00
lastmod: 2026-04-02T09:30:00+07:00
weight: 1
name: Phạm Quốc Thái
position: Chánh Văn phòng Bộ
position_en: Chief of the Ministry Office
unit_en: Ministry of Testing
phone: (024) 3555 0110
email: thaipq@example.gov.vn
valid_from: 2026-04-01
units: [Văn phòng Bộ]
---
Liên hệ.
-- content/nguoi-phat-ngon/cu.md --
---
title: Người phát ngôn Bộ (đến 31/3/2026)
date: 2025-03-10T08:00:00+07:00
weight: 9
name: Hoàng Văn Lâm
position: Nguyên Chánh Văn phòng Bộ
phone: "0912.345.678"
email: lamhv@example.gov.vn
valid_from: 2025-03-10
valid_to: 2026-03-31
units: [Văn phòng Bộ]
---
Lưu trữ.
-- content/hop-bao/quy-iv.md --
---
title: Họp báo định kỳ quý IV năm 2026
date: 2026-11-20T15:00:00+07:00
lastmod: 2026-11-25T10:00:00+07:00
status: scheduled
start: 2026-12-15T15:00:00+07:00
end: 2026-12-15T16:30:00+07:00
location: Hội trường tầng 3, số 36 phố Trần Hữu Dực, Hà Nội
online: https://truyentruc.example.gov.vn/quy-iv
chair: Bộ trưởng Lê Hoàng Phúc
spokespeople: [Phạm Quốc Thái]
agenda: [Kết quả công tác năm 2026, Trả lời câu hỏi của phóng viên]
sequence: 3
units: [Văn phòng Bộ]
---
Họp báo.
-- content/hop-bao/huy.md --
---
title: Họp báo chuyên đề (hủy)
date: 2026-11-02T09:00:00+07:00
lastmod: 2026-11-06T16:30:00+07:00
status: cancelled
start: 2026-11-10T14:00:00+07:00
location: Hội trường Sở
changes:
  - {date: 2026-11-04, note: Đổi giờ}
  - {date: 2026-11-06T16:30:00+07:00, note: Hủy họp báo}
---
Đã hủy.
-- content/thong-cao/phu-song.md --
---
title: Phủ sóng di động đến các xã vùng khó khăn
date: 2026-05-14T14:30:00+07:00
number: 19/TCBC-BTN
units: [Văn phòng Bộ]
---
Đưa sóng 4G đến 813 thôn, bản.
-- content/cai-chinh/cai-chinh-phu-song.md --
---
title: Cải chính số liệu Thông cáo số 19/TCBC-BTN
date: 2026-05-16T10:00:00+07:00
kind: correction
corrects: thong-cao/phu-song.md
false_content: 813 thôn, bản.
correct_content: 318 thôn, bản.
---
Xin lỗi bạn đọc.
-- content/cai-chinh/phan-bac.md --
---
title: Thông tin khóa SIM là sai sự thật
date: 2026-11-19T17:00:00+07:00
kind: rebuttal
claim: Toàn bộ SIM chưa xác thực sẽ bị khóa từ ngày 01/12/2026.
claim_url: https://social.example.com/posts/1
claim_date: 2026-11-17
claim_source: Một trang mạng xã hội
verdict: Sai sự thật
evidence: |
  - Không có văn bản nào như vậy.
  - Tên miền giả mạo.
---
Bộ khẳng định.
-- content/don-vi/van-phong-bo.md --
---
title: Văn phòng Bộ
date: 2025-03-01T08:00:00+07:00
code: BTN-VP
name_en: Ministry Office
parent: Bộ Thử nghiệm
address: Số 36 phố Trần Hữu Dực, Hà Nội
phone: (024) 3555 0100
email: vanphong@example.gov.vn
leaders:
  - {name: Phạm Quốc Thái, position: Chánh Văn phòng}
spokesperson: Phạm Quốc Thái
units: [Văn phòng Bộ]
---
Văn phòng.
`

// contentLine is one unfolded line of a vCard or iCalendar file.
type contentLine struct {
	name   string
	params map[string]string
	value  string
}

// parseContentLines reads RFC 6350 / RFC 5545 text strictly: CRLF line
// ends, physical lines of at most 75 octets and valid UTF-8 each,
// continuation lines starting with one space.
func parseContentLines(t *testing.T, file, s string) []contentLine {
	t.Helper()
	if !strings.HasSuffix(s, "\r\n") {
		t.Fatalf("%s: does not end with CRLF", file)
	}
	var logical []string
	for i, l := range strings.Split(strings.TrimSuffix(s, "\r\n"), "\r\n") {
		if strings.ContainsAny(l, "\r\n") {
			t.Fatalf("%s:%d: bare CR or LF", file, i+1)
		}
		if len(l) > 75 || !utf8.ValidString(l) {
			t.Errorf("%s:%d: bad fold (%d octets, valid UTF-8 %v)", file, i+1, len(l), utf8.ValidString(l))
		}
		if strings.HasPrefix(l, " ") {
			logical[len(logical)-1] += l[1:]
			continue
		}
		logical = append(logical, l)
	}
	var out []contentLine
	for _, l := range logical {
		head, value, ok := strings.Cut(l, ":")
		if !ok {
			t.Fatalf("%s: no colon in %q", file, l)
		}
		parts := strings.Split(head, ";")
		cl := contentLine{name: parts[0], params: map[string]string{}, value: value}
		for _, kv := range parts[1:] {
			k, v, _ := strings.Cut(kv, "=")
			cl.params[k] = v
		}
		out = append(out, cl)
	}
	return out
}

// props collects the values of each property name (first occurrence
// wins in the map; all in the order of the file for lists).
func props(lines []contentLine) map[string]contentLine {
	m := map[string]contentLine{}
	for _, l := range lines {
		if _, ok := m[l.name]; !ok {
			m[l.name] = l
		}
	}
	return m
}

func unescapeText(s string) string {
	return strings.NewReplacer(`\\`, `\`, `\,`, ",", `\;`, ";", `\n`, "\n", `\N`, "\n").Replace(s)
}

// vevents splits a calendar into its VEVENT blocks.
func vevents(lines []contentLine) []map[string]contentLine {
	var out []map[string]contentLine
	var cur []contentLine
	in := false
	for _, l := range lines {
		switch {
		case l.name == "BEGIN" && l.value == "VEVENT":
			in, cur = true, nil
		case l.name == "END" && l.value == "VEVENT":
			in = false
			out = append(out, props(cur))
		case in:
			cur = append(cur, l)
		}
	}
	return out
}

var jsonLDRE = regexp.MustCompile(`(?s)<script type="?application/ld\+json"?>(.*?)</script>`)

// jsonLD returns the JSON-LD objects of an HTML page, parsed with encoding/json.
func jsonLD(t *testing.T, name, html string) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, m := range jsonLDRE.FindAllStringSubmatch(html, -1) {
		var v map[string]any
		if err := json.Unmarshal([]byte(m[1]), &v); err != nil {
			t.Fatalf("%s: JSON-LD does not parse: %v\n%s", name, err, m[1])
		}
		out = append(out, v)
	}
	if len(out) == 0 {
		t.Fatalf("%s: no JSON-LD block", name)
	}
	return out
}

// path walks nested JSON-LD maps and lists: path(v, "contactPoint", "contactType").
func path(v any, keys ...any) any {
	for _, k := range keys {
		switch k := k.(type) {
		case string:
			m, _ := v.(map[string]any)
			v = m[k]
		case int:
			l, _ := v.([]any)
			if k >= len(l) {
				return nil
			}
			v = l[k]
		}
	}
	return v
}

func TestOfficialVCard(t *testing.T) {
	dir := writeSite(t, officialSite)
	if _, err := runBuild(t, dir); err != nil {
		t.Fatal(err)
	}
	html := read(t, dir, "nguoi-phat-ngon/bo/index.html")
	if !strings.Contains(html, `href=/nguoi-phat-ngon/bo/bo.vcf`) && !strings.Contains(html, `href="/nguoi-phat-ngon/bo/bo.vcf"`) {
		t.Error("spokesperson page does not link its vCard")
	}
	lines := parseContentLines(t, "bo.vcf", read(t, dir, "nguoi-phat-ngon/bo/bo.vcf"))
	if lines[0].name != "BEGIN" || lines[0].value != "VCARD" || lines[1].name != "VERSION" || lines[1].value != "4.0" {
		t.Fatalf("must start BEGIN:VCARD, VERSION:4.0; got %v %v", lines[0], lines[1])
	}
	if last := lines[len(lines)-1]; last.name != "END" || last.value != "VCARD" {
		t.Errorf("must end with END:VCARD, got %v", last)
	}
	p := props(lines)
	tests := []struct{ name, got, want string }{
		{"FN", unescapeText(p["FN"].value), "Phạm Quốc Thái"},
		{"N", p["N"].value, "Phạm;Thái;Quốc;;"},
		{"ORG", unescapeText(p["ORG"].value), "Văn phòng Bộ"},
		{"TITLE", unescapeText(p["TITLE"].value), "Chánh Văn phòng Bộ"},
		{"TEL", p["TEL"].value, "tel:+842435550110"},
		{"TEL VALUE", p["TEL"].params["VALUE"], "uri"},
		{"EMAIL", p["EMAIL"].value, "thaipq@example.gov.vn"},
		{"REV", p["REV"].value, "20260402T023000Z"}, // lastmod, in UTC
		{"UID", p["UID"].value, "https://example.gov.vn/nguoi-phat-ngon/bo/"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, tt.got, tt.want)
		}
	}
	var titleEn bool
	for _, l := range lines {
		if l.name == "TITLE" && l.params["LANGUAGE"] == "en" && l.value == "Chief of the Ministry Office" {
			titleEn = true
		}
	}
	if !titleEn {
		t.Error("no English TITLE")
	}
	if got := props(parseContentLines(t, "cu.vcf", read(t, dir, "nguoi-phat-ngon/cu/cu.vcf")))["TEL"].value; got != "tel:+84912345678" {
		t.Errorf("mobile TEL: got %q", got)
	}

	ld := jsonLD(t, "bo", html)[0]
	for _, c := range []struct {
		keys []any
		want any
	}{
		{[]any{"@context"}, "https://schema.org"},
		{[]any{"@type"}, "Person"},
		{[]any{"name"}, "Phạm Quốc Thái"},
		{[]any{"jobTitle"}, "Chánh Văn phòng Bộ"},
		{[]any{"contactPoint", "@type"}, "ContactPoint"},
		{[]any{"contactPoint", "contactType"}, "press"},
		{[]any{"contactPoint", "telephone"}, "+842435550110"},
		{[]any{"contactPoint", "email"}, "thaipq@example.gov.vn"},
		{[]any{"worksFor", "@type"}, "GovernmentOrganization"},
		{[]any{"worksFor", "name"}, "Văn phòng Bộ"},
	} {
		if got := path(ld, c.keys...); got != c.want {
			t.Errorf("Person %v: got %v, want %v", c.keys, got, c.want)
		}
	}
}

func TestOfficialSpokespersonList(t *testing.T) {
	dir := writeSite(t, officialSite)
	if _, err := runBuild(t, dir); err != nil {
		t.Fatal(err)
	}
	html := read(t, dir, "nguoi-phat-ngon/index.html")
	cur, past := strings.Index(html, "Người phát ngôn hiện nay"), strings.Index(html, "Người phát ngôn trước đây")
	if cur < 0 || past < cur {
		t.Fatalf("list needs a current section, then a history section")
	}
	if i := strings.Index(html, "Phạm Quốc Thái"); i < cur || i > past {
		t.Error("the current spokesperson is not in the current section")
	}
	if i := strings.Index(html, "Hoàng Văn Lâm"); i < past {
		t.Error("the former spokesperson is not (only) in the history section")
	}
	if !strings.Contains(read(t, dir, "nguoi-phat-ngon/cu/index.html"), "không còn là người phát ngôn") {
		t.Error("the former spokesperson's page has no archive notice")
	}
	if !strings.Contains(read(t, dir, "index.html"), `/nguoi-phat-ngon/`) {
		t.Error("the footer does not link the spokesperson list")
	}
}

func TestOfficialCalendar(t *testing.T) {
	dir := writeSite(t, officialSite)
	if _, err := runBuild(t, dir); err != nil {
		t.Fatal(err)
	}
	feed := parseContentLines(t, "calendar.ics", read(t, dir, "hop-bao/calendar.ics"))
	top := props(feed)
	for name, want := range map[string]string{"VERSION": "2.0", "METHOD": "PUBLISH", "BEGIN": "VCALENDAR"} {
		if got := top[name].value; got != want {
			t.Errorf("%s: got %q, want %q", name, got, want)
		}
	}
	if top["PRODID"].value == "" {
		t.Error("no PRODID")
	}
	var tzid bool
	for _, l := range feed {
		if l.name == "TZID" && l.value == "Asia/Ho_Chi_Minh" {
			tzid = true
		}
	}
	if !tzid {
		t.Error("no VTIMEZONE for Asia/Ho_Chi_Minh")
	}
	events := vevents(feed)
	if len(events) != 2 {
		t.Fatalf("calendar feed: got %d events, want 2", len(events))
	}
	// Ordered by start: the cancelled one (10/11) first.
	huy, q4 := events[0], events[1]
	tests := []struct{ name, got, want string }{
		{"UID", q4["UID"].value, "https://example.gov.vn/hop-bao/quy-iv/"},
		{"DTSTAMP", q4["DTSTAMP"].value, "20261125T030000Z"}, // lastmod, not the clock
		{"DTSTART", q4["DTSTART"].value, "20261215T150000"},
		{"DTSTART TZID", q4["DTSTART"].params["TZID"], "Asia/Ho_Chi_Minh"},
		{"DTEND", q4["DTEND"].value, "20261215T163000"},
		{"SEQUENCE from front matter", q4["SEQUENCE"].value, "3"},
		{"STATUS", q4["STATUS"].value, "CONFIRMED"},
		{"SUMMARY", unescapeText(q4["SUMMARY"].value), "Họp báo định kỳ quý IV năm 2026"},
		{"LOCATION", unescapeText(q4["LOCATION"].value), "Hội trường tầng 3, số 36 phố Trần Hữu Dực, Hà Nội"},
		{"cancelled STATUS", huy["STATUS"].value, "CANCELLED"},
		{"SEQUENCE from changes", huy["SEQUENCE"].value, "2"},
		{"cancelled DTSTAMP", huy["DTSTAMP"].value, "20261106T093000Z"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, tt.got, tt.want)
		}
	}
	one := vevents(parseContentLines(t, "quy-iv.ics", read(t, dir, "hop-bao/quy-iv/quy-iv.ics")))
	if len(one) != 1 || one[0]["UID"].value != q4["UID"].value || one[0]["SEQUENCE"].value != "3" {
		t.Errorf("per-event .ics: got %v", one)
	}

	ld := jsonLD(t, "quy-iv", read(t, dir, "hop-bao/quy-iv/index.html"))[0]
	for _, c := range []struct {
		keys []any
		want any
	}{
		{[]any{"@type"}, "Event"},
		{[]any{"startDate"}, "2026-12-15T15:00:00+07:00"},
		{[]any{"endDate"}, "2026-12-15T16:30:00+07:00"},
		{[]any{"eventStatus"}, "https://schema.org/EventScheduled"},
		{[]any{"eventAttendanceMode"}, "https://schema.org/MixedEventAttendanceMode"},
		{[]any{"location", 0, "@type"}, "Place"},
		{[]any{"location", 1, "url"}, "https://truyentruc.example.gov.vn/quy-iv"},
	} {
		if got := path(ld, c.keys...); got != c.want {
			t.Errorf("Event %v: got %v, want %v", c.keys, got, c.want)
		}
	}
	if got := path(jsonLD(t, "huy", read(t, dir, "hop-bao/huy/index.html"))[0], "eventStatus"); got != "https://schema.org/EventCancelled" {
		t.Errorf("cancelled eventStatus: got %v", got)
	}
}

func TestOfficialCorrection(t *testing.T) {
	dir := writeSite(t, officialSite)
	if _, err := runBuild(t, dir); err != nil {
		t.Fatal(err)
	}
	html := read(t, dir, "thong-cao/phu-song/index.html")
	if !strings.Contains(html, "Bài viết này đã được cải chính") || !strings.Contains(html, "/cai-chinh/cai-chinh-phu-song/") {
		t.Error("corrected page has no notice linking to the correction")
	}
	ld := jsonLD(t, "phu-song", html)[0]
	for _, c := range []struct {
		keys []any
		want any
	}{
		{[]any{"@type"}, "NewsArticle"},
		{[]any{"identifier"}, "19/TCBC-BTN"},
		{[]any{"datePublished"}, "2026-05-14T14:30:00+07:00"},
		{[]any{"dateModified"}, "2026-05-16T10:00:00+07:00"},
		{[]any{"correction", 0, "@type"}, "CorrectionComment"},
		{[]any{"correction", 0, "url"}, "https://example.gov.vn/cai-chinh/cai-chinh-phu-song/"},
		{[]any{"correction", 0, "text"}, "318 thôn, bản."},
	} {
		if got := path(ld, c.keys...); got != c.want {
			t.Errorf("NewsArticle %v: got %v, want %v", c.keys, got, c.want)
		}
	}
	atom := read(t, dir, "thong-cao/atom.xml")
	if !strings.Contains(atom, "<updated>2026-05-16T10:00:00+07:00</updated>") && !strings.Contains(atom, "<updated>2026-05-16T03:00:00Z</updated>") {
		t.Errorf("feed entry's updated time did not move to the correction's date:\n%s", atom)
	}
	if c := read(t, dir, "cai-chinh/cai-chinh-phu-song/index.html"); !strings.Contains(c, "/thong-cao/phu-song/") {
		t.Error("correction does not link the corrected page")
	}

	reb := read(t, dir, "cai-chinh/phan-bac/index.html")
	if !strings.Contains(reb, "https://tingia.example.gov.vn/") {
		t.Error("rebuttal does not link the anti-fake-news channel from site.yaml params")
	}
	cr := jsonLD(t, "phan-bac", reb)[0]
	for _, c := range []struct {
		keys []any
		want any
	}{
		{[]any{"@type"}, "ClaimReview"},
		{[]any{"claimReviewed"}, "Toàn bộ SIM chưa xác thực sẽ bị khóa từ ngày 01/12/2026."},
		{[]any{"reviewRating", "alternateName"}, "Sai sự thật"},
		{[]any{"itemReviewed", "@type"}, "Claim"},
		{[]any{"itemReviewed", "appearance", "url"}, "https://social.example.com/posts/1"},
		{[]any{"author", "name"}, "Bộ Thử nghiệm"},
	} {
		if got := path(cr, c.keys...); got != c.want {
			t.Errorf("ClaimReview %v: got %v, want %v", c.keys, got, c.want)
		}
	}
}

func TestOfficialUnit(t *testing.T) {
	dir := writeSite(t, officialSite)
	if _, err := runBuild(t, dir); err != nil {
		t.Fatal(err)
	}
	ld := jsonLD(t, "van-phong-bo", read(t, dir, "don-vi/van-phong-bo/index.html"))[0]
	for _, c := range []struct {
		keys []any
		want any
	}{
		{[]any{"@type"}, "GovernmentOrganization"},
		{[]any{"alternateName"}, "Ministry Office"},
		{[]any{"telephone"}, "+842435550100"},
		{[]any{"parentOrganization", "name"}, "Bộ Thử nghiệm"},
		{[]any{"employee", 0, "name"}, "Phạm Quốc Thái"},
	} {
		if got := path(ld, c.keys...); got != c.want {
			t.Errorf("GovernmentOrganization %v: got %v, want %v", c.keys, got, c.want)
		}
	}
	// The press release's unit links to the profile; the unit's term page shows it.
	if pr := read(t, dir, "thong-cao/phu-song/index.html"); !regexp.MustCompile(`href="?/don-vi/van-phong-bo/"?>Văn phòng Bộ`).MatchString(pr) {
		t.Error("press release does not link its unit's profile")
	}
	if term := read(t, dir, "units/van-phong-bo/index.html"); !strings.Contains(term, "BTN-VP") {
		t.Error("unit term page does not show the profile")
	}
}

func TestOfficialHeadMeta(t *testing.T) {
	dir := writeSite(t, officialSite)
	if _, err := runBuild(t, dir); err != nil {
		t.Fatal(err)
	}
	html := read(t, dir, "thong-cao/phu-song/index.html")
	for _, want := range []string{`property=og:title`, `property=og:url`, `name=DC.title`, `name=DC.identifier content=19/TCBC-BTN`, `name=DCTERMS.modified content=2026-05-16T10:00:00+07:00`} {
		if !strings.Contains(strings.ReplaceAll(html, `"`, ""), want) {
			t.Errorf("head lacks %s", want)
		}
	}
}

func TestCorrectsErrors(t *testing.T) {
	tests := []struct{ name, file, corrects, want string }{
		{"missing", "content/cai-chinh/sai.md", "thong-cao/khong-co.md", "content/cai-chinh/sai.md:5:1: corrects: no such page content/thong-cao/khong-co.md"},
		{"draft", "content/cai-chinh/sai.md", "thong-cao/nhap.md", "content/cai-chinh/sai.md:5:1: corrects: content/thong-cao/nhap.md is a draft and is not published"},
		{"future", "content/cai-chinh/sai.md", "thong-cao/sap-toi.md", "content/cai-chinh/sai.md:5:1: corrects: content/thong-cao/sap-toi.md is dated in the future and is not published"},
		{"section", "content/cai-chinh/sai.md", "thong-cao/_index.md", "content/cai-chinh/sai.md:5:1: corrects: content/thong-cao/_index.md is a list, not a page"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeSite(t, `-- site.yaml --
title: T
baseURL: https://example.gov.vn/
organization: {name: Bộ Thử nghiệm}
sections:
  thong-cao: {type: press-release}
  cai-chinh: {type: correction}
security:
  contact: mailto:security@example.gov.vn
  expires: 2027-06-01
-- content/thong-cao/_index.md --
---
title: Thông cáo
---
-- content/thong-cao/nhap.md --
---
title: Nháp
date: 2026-05-01
draft: true
---
-- content/thong-cao/sap-toi.md --
---
title: Sắp tới
date: 2099-05-01
---
-- `+tt.file+` --
---
title: Cải chính
date: 2026-05-16
kind: correction
corrects: `+tt.corrects+`
---
Nội dung.
`)
			_, err := runBuild(t, dir)
			if err == nil {
				t.Fatal("build succeeded, want an error")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v\nwant it to contain %q", err, tt.want)
			}
		})
	}
}
