package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/congbo/congbo/internal/config"
	"github.com/congbo/congbo/internal/content"
)

const newCheckSite = `title: Cổng thử nghiệm
baseURL: https://example.gov.vn/
organization: {name: Bộ Thử nghiệm}
sections:
  thong-cao: {type: press-release}
  nguoi-phat-ngon: {type: spokesperson}
security:
  contact: mailto:security@example.gov.vn
  expires: %EXPIRES%
`

func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func siteYAML() string {
	return strings.Replace(newCheckSite, "%EXPIRES%", time.Now().AddDate(0, 6, 0).Format("2006-01-02"), 1)
}

func TestNew(t *testing.T) {
	dir := writeFiles(t, map[string]string{"site.yaml": siteYAML()})
	var out, errb bytes.Buffer
	if code := run([]string{"new", "--source", dir, "spokesperson", "Người phát ngôn: Đỗ Thị Hà"}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	rel := strings.TrimSpace(out.String())
	if rel != "content/nguoi-phat-ngon/nguoi-phat-ngon-do-thi-ha.md" {
		t.Fatalf("file: got %q", rel)
	}
	b, err := os.ReadFile(filepath.Join(dir, rel))
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	for _, want := range []string{"title: \"Người phát ngôn: Đỗ Thị Hà\"\n", "+07:00\n", "\nname:  # ", "\nphone:  # ", "\nemail:  # ", "\nposition:  # ", "# photo_alt:"} {
		if !strings.Contains(text, want) {
			t.Errorf("new file lacks %q:\n%s", want, text)
		}
	}
	// The required fields are empty: check names each one.
	errb.Reset()
	if code := run([]string{"check", "--source", dir}, &out, &errb); code != 1 {
		t.Fatalf("check: exit %d, want 1", code)
	}
	for _, f := range []string{"name", "phone", "email", "position"} {
		if !strings.Contains(errb.String(), rel+":") || !strings.Contains(errb.String(), ": "+f+" is empty: a spokesperson needs it") {
			t.Errorf("check does not report the empty %s:\n%s", f, errb.String())
		}
	}
	// A second file with the same title is refused.
	if code := run([]string{"new", "--source", dir, "spokesperson", "Người phát ngôn: Đỗ Thị Hà"}, &out, &errb); code != 1 {
		t.Errorf("duplicate: exit %d, want 1", code)
	}
	if code := run([]string{"new", "--source", dir, "khong-co", "X"}, &out, &errb); code != 2 {
		t.Errorf("unknown type: exit %d, want 2", code)
	}
}

// TestFieldHints: every field of every content type has a Vietnamese hint
// for `congbo new` to write beside it (an editor would otherwise read
// "text" or "a list"); a field added to the schema needs one too.
func TestFieldHints(t *testing.T) {
	for _, typ := range config.Types {
		for _, f := range content.Fields(typ) {
			if len(f.Enum) == 0 && fieldHints[f.Key] == "" {
				t.Errorf("type %s: field %s has no hint in fieldHints", typ, f.Key)
			}
		}
	}
}

func TestCheck(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"site.yaml": siteYAML(),
		"content/nguoi-phat-ngon/a.md": `---
title: Người phát ngôn
name: Đỗ Thị Hà
position: Chánh Văn phòng
phone: gọi tổng đài
email: ha-at-example.gov.vn
photo: ha.jpg
---
`,
		"content/thong-cao/b.md": "---\ntitle: Thông cáo\ndate: 2026-01-02\n---\nXem [trang](khong-co.md).\n",
	})
	var out, errb bytes.Buffer
	if code := run([]string{"check", "--source", dir}, &out, &errb); code != 1 {
		t.Fatalf("exit %d, want 1:\n%s", code, errb.String())
	}
	for _, want := range []string{
		"content/thong-cao/b.md:5:",
		"content/nguoi-phat-ngon/a.md:5:1: phone",
		"content/nguoi-phat-ngon/a.md:6:1: email",
		"content/nguoi-phat-ngon/a.md:7:1: photo has no alt text",
		"content/nguoi-phat-ngon/a.md:7:1: photo \"ha.jpg\" not found",
	} {
		if !strings.Contains(errb.String(), want) {
			t.Errorf("check output lacks %q:\n%s", want, errb.String())
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "public")); err == nil {
		t.Error("check wrote output")
	}
}

func TestNewSite(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "cong")
	var out, errb bytes.Buffer
	if code := run([]string{"new", "site", dir}, &out, &errb); code != 0 {
		t.Fatalf("new site: exit %d: %s", code, errb.String())
	}
	yaml, err := os.ReadFile(filepath.Join(dir, "site.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	// Every key of site.yaml is there, set or commented out, to be found.
	for _, key := range []string{"title", "description", "baseURL", "language", "timeZone", "organization", "nameEn",
		"sections", "permalink", "taxonomies", "menus", "markup", "security", "expires", "publicKey", "policy",
		"accessibility", "lastReview", "pageSize", "homeItems", "feedItems", "params"} {
		if !strings.Contains(string(yaml), key+":") {
			t.Errorf("site.yaml lacks %s", key)
		}
	}
	for _, typ := range []string{"press-release", "announcement", "spokesperson", "press-conference", "correction", "unit", "page"} {
		if !strings.Contains(string(yaml), "{type: "+typ) {
			t.Errorf("site.yaml has no section of type %s", typ)
		}
	}
	errb.Reset()
	if code := run([]string{"build", "--source", dir, "--quiet"}, &out, &errb); code != 0 {
		t.Fatalf("build of the new site: exit %d:\n%s", code, errb.String())
	}
	for _, f := range []string{"index.html", "thong-cao-bao-chi/ra-mat-cong-thong-tin-dien-tu/index.html", "hop-bao/index.html",
		"nguoi-phat-ngon/index.html", "don-vi/index.html", "cai-chinh/index.html", ".well-known/security.txt"} {
		if _, err := os.Stat(filepath.Join(dir, "public", f)); err != nil {
			t.Errorf("the new site's build lacks %s", f)
		}
	}
	if code := run([]string{"check", "--source", dir}, &out, &errb); code != 0 {
		t.Errorf("check of the new site: exit %d:\n%s", code, errb.String())
	}
	out.Reset()
	if code := run([]string{"new", "--source", dir, "spokesperson", "Nguyễn Văn A"}, &out, &errb); code != 0 {
		t.Errorf("new spokesperson in the new site: exit %d:\n%s", code, errb.String())
	}
	// A directory with files in it is refused, and left as it was.
	errb.Reset()
	if code := run([]string{"new", "site", dir}, &out, &errb); code != 1 || !strings.Contains(errb.String(), "not empty") {
		t.Errorf("new site over a site: exit %d, %q; want 1 and \"not empty\"", code, errb.String())
	}
	// An empty directory is fine.
	empty := t.TempDir()
	if code := run([]string{"new", "site", empty}, &out, &errb); code != 0 {
		t.Errorf("new site in an empty directory: exit %d", code)
	}
}
