package build_test

import (
	"strings"
	"testing"

	"github.com/congbo/congbo/internal/build"
)

// TestCheckReportsWhatBuildDoes checks that `congbo check`, which parses
// each page's Markdown as it reads the file and resolves its links once
// the site graph is made, reports the Markdown problems a build reports,
// at the same positions, for each kind of problem.
func TestCheckReportsWhatBuildDoes(t *testing.T) {
	tests := []struct {
		name, page string
		want       string // a problem both report
	}{
		{"missing page", "Xem [trang](khong-co.md).\n", `content/tin/b.md:5:5: link to "khong-co.md": no such page content/tin/khong-co.md`},
		{"draft", "Xem [nháp](nhap.md).\n", `content/tin/b.md:5:5: link to "nhap.md": that page is a draft`},
		{"outside content", "Một.\n\nHai [x](../../x.md)\n", `content/tin/b.md:7:5: link to "../../x.md": points outside content/`},
		{"dangerous link", "Đoạn văn.\n\n- [x](javascript:alert(1))\n", `content/tin/b.md:7:3: link to a "javascript:" URL removed`},
		{"dangerous autolink", "Đoạn <vbscript:x> văn.\n", `content/tin/b.md:5:6: link to a "vbscript:" URL removed`},
		{"dangerous image", "> ![x](data:image/png;base64,AAAA)\n", `content/tin/b.md:5:3: image with a "data:" URL removed`},
		{"bad relative address", "Tải [tệp](tai%zz.pdf).\n", `content/tin/b.md:5:5: link to "tai%zz.pdf": not a valid address`},
		{"anchor", "## Mục\n\n[a](a.md#khong) [b](#muc) [c](#khac)\n", `content/tin/b.md:7:27: link to "#khac": no heading with id "khac" on this page`},
		{"anchor elsewhere", "Xem [mục 3](a.md#muc-3).\n", `content/tin/b.md:5:5: link to "a.md#muc-3": no heading with id "muc-3" on content/tin/a.md`},
		{"nesting", strings.Repeat("> ", 70) + "sâu\n", `content/tin/b.md:5:129: blocks nested deeper than 64 levels`},
		{"brackets", strings.Repeat("[", 5001) + "\n", `content/tin/b.md:5:5001: paragraph has more than 5000 "[" and "]"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeSite(t, checkSite+"-- content/tin/nhap.md --\n---\ntitle: Nháp\ndate: 2026-01-02\ndraft: true\n---\n"+
				"-- content/tin/b.md --\n---\ntitle: B\ndate: 2026-01-02\n---\n"+tt.page)
			_, buildErr := build.Run(build.Options{Source: dir, Now: now})
			_, checkErr := build.Check(build.Options{Source: dir, Now: now})
			built, checked := problems(t, buildErr), problems(t, checkErr)
			if built != checked {
				t.Errorf("check reports\n%s\nbuild reports\n%s", checked, built)
			}
			if !strings.Contains(checked, tt.want) {
				t.Errorf("check reports\n%s\nwant it to report\n%s", checked, tt.want)
			}
		})
	}
}
