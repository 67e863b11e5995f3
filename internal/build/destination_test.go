package build_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/congbo/congbo/internal/build"
)

// TestDestinationRefused: a destination that is the source, holds it, or
// lies in one of its input directories is refused before anything is
// written, and the source is left as it was (`--destination static` used
// to replace the site's static files with the built site).
func TestDestinationRefused(t *testing.T) {
	dir := writeSite(t, siteYAML+`
-- content/tin/a.md --
---
title: A
---
-- static/css/site.css --
body{}
-- layouts/partials/x.html --
x
`)
	link := filepath.Join(t.TempDir(), "static-link") // outside the site, to static/
	if err := os.Symlink(filepath.Join(dir, "static"), link); err != nil {
		t.Skip("symlinks unsupported:", err)
	}
	before := tree(t, dir)
	for _, tt := range []struct{ dest, want string }{
		{".", "is the site's source"},
		{"..", "is a directory holding the site's source"},
		{string(filepath.Separator), "is a directory holding the site's source"},
		{"static", "is in the site's static/ directory"},
		{"static/out", "is in the site's static/ directory"},
		{filepath.Join(link, "out"), "is in the site's static/ directory"},
		{"content/public", "is in the site's content/ directory"},
		{"layouts", "is in the site's layouts/ directory"},
	} {
		dest := tt.dest
		if !filepath.IsAbs(dest) {
			dest = filepath.Join(dir, dest)
		}
		_, err := build.Run(build.Options{Source: dir, Destination: dest, Now: now})
		if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "(build into "+filepath.Join(dir, "public")) {
			t.Errorf("destination %s: got error %v, want one saying it %s and where to build", tt.dest, err, tt.want)
		}
	}
	if after := tree(t, dir); len(after) != len(before) {
		t.Errorf("the source changed: %d files before, %d after", len(before), len(after))
	}
	for _, dest := range []string{filepath.Join(dir, "public"), filepath.Join(dir, "out"), filepath.Join(t.TempDir(), "site")} {
		if _, err := build.Run(build.Options{Source: dir, Destination: dest, Now: now}); err != nil {
			t.Errorf("destination %s: %v", dest, err)
		}
	}
}
