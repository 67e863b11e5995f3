package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestAnnotations: --annotate github prints each problem and warning as a
// workflow command on stdout, --codequality writes GitLab's report, and
// the text on stderr stays as it was.
func TestAnnotations(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"site.yaml":              siteYAML(),
		"content/thong-cao/a.md": "---\ntitle: Thông cáo\ndate: 2026-01-02\n---\n#### Mục\n\n[x](khong-co.md), 100% [tại đây](#muc)\n",
	})
	report := filepath.Join(t.TempDir(), "gl-code-quality-report.json")
	var out, errb bytes.Buffer
	if code := run([]string{"check", "--source", dir, "--annotate", "github", "--codequality", report}, &out, &errb); code != 1 {
		t.Fatalf("exit %d, want 1:\n%s", code, errb.String())
	}
	want := `::error file=content/thong-cao/a.md,line=7,col=1,title=congbo::link to "khong-co.md": no such page content/thong-cao/khong-co.md (check the file name)
::warning file=content/thong-cao/a.md,line=5,col=1,title=congbo::heading "Mục" is level 4 after level 1: a screen reader's list of headings shows a section missing (write ## Mục)
::warning file=content/thong-cao/a.md,line=7,col=24,title=congbo::link text "tại đây" does not say where the link leads: a screen reader's list of links reads it alone (WCAG 2.4.4: link the words that name what it opens, e.g. [Quyết định số 12/QĐ-BKNS](#muc))
`
	if out.String() != want {
		t.Errorf("stdout:\n%s\nwant:\n%s", out.String(), want)
	}
	if !strings.Contains(errb.String(), "content/thong-cao/a.md:7:1: link to \"khong-co.md\"") || !strings.Contains(errb.String(), "1 problem(s), 2 warning(s)") {
		t.Errorf("stderr changed:\n%s", errb.String())
	}
	data, err := os.ReadFile(report)
	if err != nil {
		t.Fatal(err)
	}
	var issues []struct {
		Description, CheckName, Fingerprint, Severity string
		Location                                      struct {
			Path  string
			Lines struct{ Begin int }
		}
	}
	if err := json.Unmarshal(data, &issues); err != nil {
		t.Fatalf("report is not JSON: %v\n%s", err, data)
	}
	if len(issues) != 3 || issues[0].Severity != "major" || issues[1].Severity != "minor" ||
		issues[0].Location.Path != "content/thong-cao/a.md" || issues[0].Location.Lines.Begin != 7 || len(issues[0].Fingerprint) != 32 {
		t.Errorf("report:\n%s", data)
	}

	// A build gives its errors alike; an unknown CI is a usage error.
	out.Reset()
	errb.Reset()
	if code := run([]string{"build", "--source", dir, "--annotate", "github", "--quiet"}, &out, &errb); code != 1 ||
		!strings.HasPrefix(out.String(), "::error file=content/thong-cao/a.md,line=7,col=1,title=congbo::link to") {
		t.Errorf("build: exit %d, stdout:\n%s", code, out.String())
	}
	if code := run([]string{"check", "--source", dir, "--annotate", "gitlab"}, &out, &errb); code != 2 {
		t.Errorf("--annotate gitlab: exit %d, want 2", code)
	}
}

func TestGithubEscapes(t *testing.T) {
	got := githubCommand(finding{path: "content/a,b:c.md", line: 3, msg: "100% done\nnext"})
	want := "::error file=content/a%2Cb%3Ac.md,line=3,title=congbo::100%25 done%0Anext"
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if got := githubCommand(finding{msg: "site.yaml: bad", warning: true}); got != "::warning title=congbo::site.yaml: bad" {
		t.Errorf("no file: %s", got)
	}
}
