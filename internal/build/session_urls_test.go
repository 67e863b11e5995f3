package build_test

import (
	"strings"
	"testing"

	"github.com/congbo/congbo/internal/build"
	"github.com/congbo/congbo/internal/publish"
)

// An alias at a term's URL or at /404.html is an error in the Session as
// in a build (its job does not replace the list's).
func TestSessionAliasAtListURL(t *testing.T) {
	for _, alias := range []string{"/tags/hue/", "/404.html"} {
		t.Run(alias, func(t *testing.T) {
			e, sess := portalWithLayouts(t, nil)
			e.groups = append(e.groups, nil)
			_, paths := e.write("add", "content/gioi-thieu/x.md", []byte("---\ntitle: X\naliases: [\""+alias+"\"]\n---\nNội dung.\n"))
			out, _, _, sessErr := sess.Build(t.Context(), paths, false)
			w := &memOut{min: publish.NewMinifier(), files: map[string][]byte{}}
			_, buildErr := build.RenderTo(build.Options{Source: e.dir, Now: e.now}, w)
			if (sessErr == nil) != (buildErr == nil) {
				rel := "tags/hue/index.html"
				if alias == "/404.html" {
					rel = "404.html"
				}
				t.Errorf("session error %v, build error %v; session serves %s: %.200s", sessErr, buildErr, rel, out[rel])
			}
		})
	}
}

// congbo check finds the URL clashes a build finds, with a file and line:
// a page or alias at the URL of the search page, the not-found page, a
// term, or a section at the accessibility statement's.
func TestCheckFindsURLClashes(t *testing.T) {
	page := func(rel, extra string) string {
		return "-- content/" + rel + " --\n---\ntitle: A\ndate: 2026-01-02\n" + extra + "---\nNội dung.\n"
	}
	tagged := page("tin/t.md", "tags: [Chuyển đổi số]\n")
	for name, files := range map[string]string{
		"page url /tim-kiem/":       page("tin/a.md", "url: /tim-kiem/\n"),
		"section tim-kiem":          "-- content/tim-kiem/_index.md --\n---\ntitle: S\n---\n" + page("tim-kiem/a.md", ""),
		"section kha-nang-tiep-can": "-- content/kha-nang-tiep-can/_index.md --\n---\ntitle: S\n---\n" + page("kha-nang-tiep-can/a.md", ""),
		"page at a term's URL":      tagged + page("tin/b.md", "url: /tags/chuyen-doi-so/\n"),
		"alias at a term's URL":     tagged + page("tin/b.md", "aliases: [/tags/chuyen-doi-so/]\n"),
		"alias at /404.html":        page("tin/b.md", "aliases: [/404.html]\n"),
	} {
		t.Run(name, func(t *testing.T) {
			dir := writeSite(t, siteYAML+files)
			_, buildErr := build.Run(build.Options{Source: dir, Now: now})
			_, checkErr := build.Check(build.Options{Source: dir, Now: now})
			if buildErr == nil || checkErr == nil || !strings.Contains(checkErr.Error(), "is also used by") || !strings.HasPrefix(checkErr.Error(), "content/") {
				t.Errorf("build error: %v\ncheck error: %v", buildErr, checkErr)
			}
		})
	}
}
