package build_test

import (
	"regexp"
	"strings"
	"testing"
)

// unitsSite has a unit merged into another (which lists it), a unit
// renamed (its successor does not list it: the graph adds it), and a
// predecessor the site has no page for.
const unitsSite = `-- site.yaml --
title: Cổng thử nghiệm
baseURL: https://example.gov.vn/
organization: {name: Bộ Thử nghiệm}
sections:
  don-vi: {type: unit}
security:
  contact: mailto:security@example.gov.vn
  expires: 2027-06-01
-- content/don-vi/cuc-ha-tang-so.md --
---
title: Cục Hạ tầng số
date: 2025-03-01
merged_from: [Cục Viễn thông, Cục Tần số]
---
-- content/don-vi/cuc-vien-thong.md --
---
title: Cục Viễn thông
date: 2017-08-01
merged_into: Cục Hạ tầng số
until: 2025-03-01
units: [Cục Viễn thông]
---
Hoạt động đến hết ngày 28/02/2025.
-- content/don-vi/so-ks.md --
---
title: Sở Kết nối số
date: 2025-07-01
---
-- content/don-vi/so-tttt.md --
---
title: Sở Thông tin và Truyền thông
date: 2018-01-15
renamed_to: Sở Kết nối số
until: 2025-07-01
---
`

func TestUnitSuccessor(t *testing.T) {
	dir := writeSite(t, unitsSite)
	if _, err := runBuild(t, dir); err != nil {
		t.Fatal(err)
	}
	link := func(url, text string) *regexp.Regexp {
		return regexp.MustCompile(`<a href="?` + regexp.QuoteMeta(url) + `"?>` + regexp.QuoteMeta(text) + `</a>`)
	}
	// The old unit's page is kept, with a notice linking its successor.
	old := read(t, dir, "don-vi/cuc-vien-thong/index.html")
	notice := regexp.MustCompile(`(?s)class="?notice notice-successor"?.*?</div>`).FindString(old)
	if notice == "" {
		t.Fatal("merged unit has no successor notice")
	}
	for _, want := range []string{"Đơn vị này đã được hợp nhất vào", "01/03/2025"} {
		if !strings.Contains(notice, want) {
			t.Errorf("notice lacks %q: %s", want, notice)
		}
	}
	if !link("/don-vi/cuc-ha-tang-so/", "Cục Hạ tầng số").MatchString(notice) {
		t.Errorf("notice does not link the successor's profile: %s", notice)
	}
	// Its term page's profile card says so too.
	if term := read(t, dir, "units/cuc-vien-thong/index.html"); !strings.Contains(term, "Hợp nhất vào") || !link("/don-vi/cuc-ha-tang-so/", "Cục Hạ tầng số").MatchString(term) {
		t.Error("the old unit's term page does not name its successor")
	}
	// The successor lists its history: linked where there is a page.
	succ := read(t, dir, "don-vi/cuc-ha-tang-so/index.html")
	if !strings.Contains(succ, "Hợp nhất từ") || !link("/don-vi/cuc-vien-thong/", "Cục Viễn thông").MatchString(succ) || !strings.Contains(succ, "Cục Tần số") {
		t.Errorf("successor does not list what it merged from")
	}
	if strings.Contains(succ, "notice-successor") {
		t.Error("a current unit shows a successor notice")
	}
	// Renamed: the notice on the old name, the history on the new one,
	// though the new one's front matter does not list it.
	if renamed := read(t, dir, "don-vi/so-tttt/index.html"); !strings.Contains(renamed, "Đơn vị này đã được đổi tên thành") || !link("/don-vi/so-ks/", "Sở Kết nối số").MatchString(renamed) {
		t.Error("renamed unit has no notice linking its new name")
	}
	if cur := read(t, dir, "don-vi/so-ks/index.html"); !strings.Contains(cur, "Tên trước đây") || !link("/don-vi/so-tttt/", "Sở Thông tin và Truyền thông").MatchString(cur) {
		t.Error("unit does not list its former name")
	}
}

func TestUnitSuccessorErrors(t *testing.T) {
	for _, tt := range []struct{ name, fields, want string }{
		{"both", "merged_into: Cục Hạ tầng số\nrenamed_to: Cục Hạ tầng số", "content/don-vi/x.md:4:1: a unit has one successor: remove merged_into or renamed_to"},
		{"itself", "renamed_to: Cục X", "content/don-vi/x.md:3:1: renamed_to names this unit itself"},
		{"type", "until: sớm", "content/don-vi/x.md:3:8: until: \"sớm\" is not a date"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeSite(t, unitsSite+"-- content/don-vi/x.md --\n---\ntitle: Cục X\n"+tt.fields+"\n---\n")
			_, err := runBuild(t, dir)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v\nwant it to contain %q", err, tt.want)
			}
		})
	}
}
