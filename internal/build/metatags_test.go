package build_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/congbo/congbo/internal/build"
)

// TestMetaTagsMatchTemplate builds the sample portal and the golden test
// portal twice: with the default theme, whose partials/meta.html calls the
// built-in metaTags, and with that partial overridden by the same block
// written as template actions (testdata/meta-template.html). Every output
// file must be the same byte for byte: the Go code is a faster copy of the
// template, not a different design.
func TestMetaTagsMatchTemplate(t *testing.T) {
	tmpl, err := os.ReadFile("testdata/meta-template.html")
	if err != nil {
		t.Fatal(err)
	}
	archive, err := os.ReadFile("testdata/portal.txtar")
	if err != nil {
		t.Fatal(err)
	}
	sample := t.TempDir()
	for _, dir := range []string{"content", "static"} {
		if err := os.CopyFS(filepath.Join(sample, dir), os.DirFS(filepath.Join("../..", dir))); err != nil {
			t.Fatal(err)
		}
	}
	cfg, err := os.ReadFile("../../site.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(sample, "site.yaml"), cfg, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		dir  string
		now  time.Time
	}{
		// The sample portal dates its news to the real calendar.
		{"sample portal", sample, time.Now()},
		{"golden portal", writeSite(t, string(archive)), now},
	} {
		t.Run(tc.name, func(t *testing.T) {
			builtIn := filepath.Join(t.TempDir(), "public")
			if _, err := build.Run(build.Options{Source: tc.dir, Destination: builtIn, Now: tc.now}); err != nil {
				t.Fatal(err)
			}
			override := filepath.Join(tc.dir, "layouts", "partials", "meta.html")
			if err := os.MkdirAll(filepath.Dir(override), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(override, tmpl, 0o644); err != nil {
				t.Fatal(err)
			}
			defer os.RemoveAll(filepath.Join(tc.dir, "layouts"))
			templated := filepath.Join(t.TempDir(), "public")
			if _, err := build.Run(build.Options{Source: tc.dir, Destination: templated, Now: tc.now}); err != nil {
				t.Fatal(err)
			}
			got, want := tree(t, builtIn), tree(t, templated)
			if len(got) != len(want) {
				t.Errorf("%d files with metaTags, %d with the template", len(got), len(want))
			}
			diffs := 0
			for name, w := range want {
				if g := got[name]; g != w {
					diffs++
					if diffs <= 3 {
						t.Errorf("%s differs:\nmetaTags: %.600s\ntemplate: %.600s", name, g, w)
					}
				}
			}
			if diffs > 0 {
				t.Errorf("%d of %d files differ", diffs, len(want))
			}
			// The comparison must have seen the tags.
			if home := got["index.html"]; !strings.Contains(home, `og:site_name`) || !strings.Contains(home, `application/ld+json`) {
				t.Errorf("home page has no meta tags:\n%.800s", home)
			}
		})
	}
}
