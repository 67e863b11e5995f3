package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func site(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const cfg = "title: T\nbaseURL: https://example.gov.vn/\norganization: {name: Bộ}\n"

func TestExitCodes(t *testing.T) {
	good := site(t, map[string]string{"site.yaml": cfg, "content/tin/a.md": "---\ntitle: A\n---\nA\n"})
	bad := site(t, map[string]string{"site.yaml": cfg, "content/tin/a.md": "---\ntitle: A\ndate: hôm nay\n---\n"})
	unpublished := site(t, map[string]string{"site.yaml": cfg, "content/tin/a.md": "---\ntitle: A\n---\nA\n",
		"content/tin/draft.md": "---\ntitle: B\ndraft: true\n---\n", "content/tin/later.md": "---\ntitle: C\ndate: 2999-01-01\n---\n"})
	tests := []struct {
		name       string
		args       []string
		code       int
		wantStderr *regexp.Regexp
		wantStdout string
	}{
		{"no command", nil, 2, regexp.MustCompile(`Usage:`), ""},
		{"unknown command", []string{"bulid"}, 2, regexp.MustCompile(`unknown command "bulid" \(did you mean "build"\?\)`), ""},
		{"unknown flag", []string{"build", "--nope"}, 2, regexp.MustCompile(`flag provided but not defined: -nope\n(?s:.*)[^?]\n$`), ""},
		{"misspelt flag", []string{"build", "--destinaton", "x"}, 2, regexp.MustCompile(`flag provided but not defined: -destinaton\n(?s:.*)congbo build: did you mean --destination\?\n$`), ""},
		{"misspelt flag, verify", []string{"verify", "x", "--pubky", "k"}, 2, regexp.MustCompile(`congbo verify: did you mean --pubkey\?\n$`), ""},
		{"stray argument", []string{"build", "extra"}, 2, regexp.MustCompile(`unexpected argument "extra"`), ""},
		{"version", []string{"version"}, 0, regexp.MustCompile(`^$`), "congbo v"},
		{"build", []string{"build", "--source", good}, 0, regexp.MustCompile(`^congbo: built 1 pages, \d+ files \(.*\) in \d+\.\d\d s → .+/public/\n$`), ""},
		{"quiet build", []string{"build", "--source", good, "--quiet"}, 0, regexp.MustCompile(`^$`), ""},
		{"drafts and future pages", []string{"build", "--source", unpublished}, 0, regexp.MustCompile(`^congbo: built 1 pages, .*\ncongbo: not built: 1 draft and 1 page dated in the future \(--drafts and --future to include them\)\n$`), ""},
		{"with --drafts", []string{"build", "--source", unpublished, "--drafts"}, 0, regexp.MustCompile(`^congbo: built 2 pages, .*\ncongbo: not built: 1 page dated in the future \(--future to include them\)\n$`), ""},
		{"quiet build with drafts", []string{"build", "--source", unpublished, "--quiet"}, 0, regexp.MustCompile(`^$`), ""},
		{"broken content", []string{"build", "--source", bad}, 1, regexp.MustCompile(`(?s)content/tin/a\.md:3:7: .*nothing was published`), ""},
		{"no site.yaml", []string{"build", "--source", t.TempDir()}, 1, regexp.MustCompile(`site.yaml: no site.yaml here`), ""},
		{"baseURL not absolute", []string{"build", "--source", good, "--baseURL", "example.gov.vn"}, 2, regexp.MustCompile(`^congbo build: --baseURL must be an absolute http\(s\) address`), ""},
		{"baseURL with a path", []string{"build", "--source", good, "--baseURL", "https://tinh.example.gov.vn/bo-kns/"}, 2, regexp.MustCompile(`^congbo build: --baseURL "https://tinh.example.gov.vn/bo-kns/" has a path \(/bo-kns/\).*https://bo-kns.tinh.example.gov.vn/`), ""},
		{"sign baseURL with a path", []string{"sign", good, "--key", "x.key", "--baseURL", "https://a.vn/x/"}, 2, regexp.MustCompile(`congbo sign: --baseURL "https://a.vn/x/" has a path`), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(tt.args, &stdout, &stderr)
			if code != tt.code {
				t.Errorf("exit code %d, want %d; stderr:\n%s", code, tt.code, stderr.String())
			}
			if !tt.wantStderr.MatchString(stderr.String()) {
				t.Errorf("stderr %q does not match %s", stderr.String(), tt.wantStderr)
			}
			if !strings.HasPrefix(stdout.String(), tt.wantStdout) {
				t.Errorf("stdout %q, want prefix %q", stdout.String(), tt.wantStdout)
			}
		})
	}
}

func TestBaseURLAndDestinationFlags(t *testing.T) {
	src := site(t, map[string]string{"site.yaml": cfg, "content/tin/a.md": "---\ntitle: A\n---\n"})
	dest := filepath.Join(t.TempDir(), "out")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"build", "--source", src, "--destination", dest, "--baseURL", "https://mirror.example.vn", "--quiet"}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	b, err := os.ReadFile(filepath.Join(dest, "tin/a/index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `href="https://mirror.example.vn/tin/a/"`) {
		t.Errorf("canonical link does not use --baseURL")
	}
}
