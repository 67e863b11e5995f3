package build_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/congbo/congbo/internal/build"
	"github.com/congbo/congbo/internal/publish"
)

// A static/_headers added while serving: the Session should report what a
// build reports ("congbo writes _headers itself … (remove this file)"),
// and once it is removed serve the same site as a build.
func TestSessionStaticConfigAddedWhileServing(t *testing.T) {
	dir := writeSite(t, siteYAML+`-- content/thong-bao/a.md --
---
title: Thông báo A
date: 2026-03-01T08:00:00+07:00
---
Nội dung A.
`)
	now := time.Date(2027, 1, 15, 9, 0, 0, 0, time.UTC)
	sess := build.NewSession(build.Options{Source: dir, Now: now})
	if _, _, _, err := sess.Build(t.Context(), nil, true); err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Join(dir, "static"), 0o755)
	os.WriteFile(filepath.Join(dir, "static/_headers"), []byte("/*\n  X-Frame-Options: SAMEORIGIN\n"), 0o644)
	_, _, _, sessErr := sess.Build(t.Context(), []string{"static/_headers"}, false)
	_, buildErr := build.RenderTo(build.Options{Source: dir, Now: now}, &memOut{min: publish.NewMinifier(), files: map[string][]byte{}})
	if sessErr == nil || buildErr == nil || !strings.Contains(sessErr.Error(), "remove this file") {
		t.Errorf("session error %v\nbuild error %v", sessErr, buildErr)
	}
	os.Remove(filepath.Join(dir, "static/_headers"))
	out, _, _, err := sess.Build(t.Context(), []string{"static/_headers"}, false)
	if err != nil {
		t.Fatal(err)
	}
	w := &memOut{min: publish.NewMinifier(), files: map[string][]byte{}}
	if _, err := build.RenderTo(build.Options{Source: dir, Now: now}, w); err != nil {
		t.Fatal(err)
	}
	for p, b := range w.files {
		if string(out[p]) != string(b) {
			t.Errorf("%s differs after removing static/_headers (session %d bytes)", p, len(out[p]))
		}
	}
	for p := range out {
		if _, ok := w.files[p]; !ok {
			t.Errorf("%s only in the session", p)
		}
	}
}

// Pages whose layout shows another page's .Content (readsOthers) render
// after all the others and one at a time: each sets its own .Content
// while it renders, which another would see or not by timing (a data
// race); with any number of workers the output is the same.
func TestBuildReadsOthersOneAtATime(t *testing.T) {
	archive := siteYAML + "-- layouts/announcement.html --\n" +
		`{{define "main"}}{{range .Page.Section.Pages}}[{{.Content}}]{{end}}{{end}}` + "\n"
	for i := range 30 {
		archive += fmt.Sprintf("-- content/thong-bao/a%02d.md --\n---\ntitle: Thông báo %d\ndate: 2026-03-01T08:%02d:00+07:00\n---\nNội dung %d.\n", i, i, i, i)
	}
	dir := writeSite(t, archive)
	now := time.Date(2027, 1, 15, 9, 0, 0, 0, time.UTC)
	one := &memOut{min: publish.NewMinifier(), files: map[string][]byte{}}
	if _, err := build.RenderTo(build.Options{Source: dir, Now: now, Workers: 1}, one); err != nil {
		t.Fatal(err)
	}
	for run := range 5 {
		all := &memOut{min: publish.NewMinifier(), files: map[string][]byte{}}
		if _, err := build.RenderTo(build.Options{Source: dir, Now: now}, all); err != nil {
			t.Fatal(err)
		}
		n := 0
		for p, b := range one.files {
			if !bytes.Equal(all.files[p], b) {
				n++
			}
		}
		if n > 0 {
			t.Fatalf("run %d: %d files differ between Workers 1 and GOMAXPROCS", run, n)
		}
	}
}
