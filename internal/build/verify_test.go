package build_test

import (
	"errors"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/congbo/congbo/internal/build"
	"github.com/congbo/congbo/internal/diag"
	"github.com/congbo/congbo/internal/manifest"
)

// keyPair writes a fresh unencrypted key pair into dir and returns the
// secret key's path and the public key line (site.yaml's publicKey).
func keyPair(t *testing.T, dir string) (secPath, pubLine string) {
	t.Helper()
	pub, sec, err := manifest.KeyGen("")
	if err != nil {
		t.Fatal(err)
	}
	secPath = filepath.Join(dir, "congbo.key")
	if err := os.WriteFile(secPath, sec, 0o600); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(pub)), "\n")
	return secPath, lines[len(lines)-1]
}

const verifySite = `
-- content/gioi-thieu/xac-thuc.md --
---
title: Xác thực nội dung
verify: true
---
Cách kiểm tra.
-- content/gioi-thieu/khac.md --
---
title: Trang khác
---
Không có hướng dẫn.
`

// TestPublishedKey checks that site.yaml's security.publicKey reaches
// security.txt and the page that asks for the verify partial, and no other.
func TestPublishedKey(t *testing.T) {
	keys := t.TempDir()
	_, pub := keyPair(t, keys)
	dir := writeSite(t, siteYAML+"  publicKey: "+pub+"\n"+verifySite)
	if _, err := runBuild(t, dir); err != nil {
		t.Fatal(err)
	}
	sec := read(t, dir, ".well-known/security.txt")
	for _, want := range []string{
		"\n# Site signing key (minisign): " + pub + "\n",
		"\n# Manifest: https://example.gov.vn/.well-known/congbo-manifest.txt\n",
		"Contact: mailto:security@example.gov.vn\n",
	} {
		if !strings.Contains(sec, want) {
			t.Errorf("security.txt lacks %q:\n%s", want, sec)
		}
	}
	page := html.UnescapeString(read(t, dir, "gioi-thieu/xac-thuc/index.html"))
	for _, want := range []string{
		`<code>` + pub + `</code>`,
		"minisign -VHm congbo-manifest.txt -P " + pub,
		"minisign -VHm .well-known/congbo-manifest.txt -P " + pub,
		"sha256sum -c --strict --quiet .well-known/congbo-manifest.txt",
		"congbo verify THU-MUC --pubkey congbo.pub",
		"curl -O https://example.gov.vn/.well-known/congbo-manifest.txt\n",
		`href="/.well-known/congbo-manifest.txt"`,
		"Cách kiểm tra nội dung Cổng",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("verify page lacks %q", want)
		}
	}
	if other := read(t, dir, "gioi-thieu/khac/index.html"); strings.Contains(other, pub) {
		t.Errorf("a page without verify: true shows the key")
	}

	// Without a published key, neither shows anything about it.
	dir = writeSite(t, siteYAML+verifySite)
	if _, err := runBuild(t, dir); err != nil {
		t.Fatal(err)
	}
	if sec := read(t, dir, ".well-known/security.txt"); strings.Contains(sec, "minisign") {
		t.Errorf("security.txt without a key:\n%s", sec)
	}
	if page := read(t, dir, "gioi-thieu/xac-thuc/index.html"); strings.Contains(page, "minisign") {
		t.Errorf("verify page without a key shows instructions")
	}
}

// TestSignWithOtherKey checks that `build --sign` refuses a key whose
// public half is not the one site.yaml publishes, naming site.yaml's line,
// before building anything, and signs with the right one.
func TestSignWithOtherKey(t *testing.T) {
	keys := t.TempDir()
	secPath, pub := keyPair(t, keys)
	otherDir := t.TempDir()
	otherSec, otherPub := keyPair(t, otherDir)
	// siteYAML's security block ends at line 12; publicKey is line 13, after "  publicKey: ".
	dir := writeSite(t, siteYAML+"  publicKey: "+pub+"\n"+verifySite)
	_, err := build.Run(build.Options{Source: dir, Now: now, Sign: otherSec})
	var de *diag.Error
	if !errors.As(err, &de) {
		t.Fatalf("got %v (%T), want a *diag.Error", err, err)
	}
	if de.Path != "site.yaml" || de.Line != 13 || de.Col != 14 {
		t.Errorf("position %s:%d:%d, want site.yaml:13:14", de.Path, de.Line, de.Col)
	}
	for _, want := range []string{"security.publicKey is not the public half of the signing key", pub, otherPub} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "public")); !os.IsNotExist(err) {
		t.Errorf("a refused build wrote public/ (%v)", err)
	}

	if _, err := build.Run(build.Options{Source: dir, Now: now, Sign: secPath}); err != nil {
		t.Fatalf("signing with the published key: %v", err)
	}
	pk, err := manifest.ReadPublicKey(writeFile(t, keys, "congbo.pub", pub+"\n"))
	if err != nil {
		t.Fatal(err)
	}
	if _, problems, err := manifest.VerifyDir(filepath.Join(dir, "public"), pk, now); err != nil || len(problems) > 0 {
		t.Errorf("verify: %v %v", err, problems)
	}
}

func writeFile(t *testing.T, dir, name, data string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// urlAttr matches href, src, srcset, action and poster attributes, quoted
// or not (the minifier drops quotes where it can).
var urlAttr = regexp.MustCompile(`\s(href|src|srcset|action|poster)=("[^"]*"|'[^']*'|[^\s>]+)`)

// TestOutputRootRelative checks that every link and resource in every
// HTML file is root-relative or absolute, so the signed bytes are valid
// on any mirror host, and that every page names its original.
func TestOutputRootRelative(t *testing.T) {
	archive, err := os.ReadFile("testdata/portal.txtar")
	if err != nil {
		t.Fatal(err)
	}
	dir := writeSite(t, string(archive)+`
-- content/thong-cao-bao-chi/hoi-nghi/tai-lieu.pdf --
%PDF-1.4
-- content/gioi-thieu/tuong-doi.md --
---
title: Liên kết tương đối
---
[Tài liệu](../../thong-cao-bao-chi/hoi-nghi/tai-lieu.pdf), [mục trên](../), ![Logo](../../thong-cao-bao-chi/hoi-nghi/anh.svg)
`)
	if _, err := runBuild(t, dir); err != nil {
		t.Fatal(err)
	}
	files := tree(t, filepath.Join(dir, "public"))
	pages := 0
	for name, data := range files {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		for _, m := range urlAttr.FindAllStringSubmatch(data, -1) {
			v := strings.Trim(m[2], `"'`)
			if !(strings.HasPrefix(v, "/") && !strings.HasPrefix(v, "//") || strings.HasPrefix(v, "#") ||
				strings.HasPrefix(v, "https://") || strings.HasPrefix(v, "http://") || strings.HasPrefix(v, "mailto:") || strings.HasPrefix(v, "tel:")) {
				t.Errorf("%s: %s=%s is not root-relative", name, m[1], m[2])
			}
		}
		if name == "404.html" {
			continue // served at any URL: it has no canonical or original
		}
		if !strings.Contains(data, `rel=canonical`) && !strings.Contains(data, `rel="canonical"`) {
			t.Errorf("%s has no rel=canonical", name)
		}
		if strings.Contains(data, `http-equiv=refresh`) || strings.Contains(data, `http-equiv="refresh"`) {
			continue // an alias only redirects
		}
		pages++
		if !strings.Contains(data, "Bản gốc tại") {
			t.Errorf("%s has no visible \"original at\" line", name)
		}
	}
	if pages < 10 {
		t.Errorf("checked only %d pages", pages)
	}
	page := files["gioi-thieu/tuong-doi/index.html"]
	for _, want := range []string{`href="/thong-cao-bao-chi/hoi-nghi/tai-lieu.pdf"`, `href="/gioi-thieu/"`, `src="/thong-cao-bao-chi/hoi-nghi/anh.svg"`} {
		if !strings.Contains(page, want) {
			t.Errorf("gioi-thieu/tuong-doi/ lacks %s", want)
		}
	}
}
