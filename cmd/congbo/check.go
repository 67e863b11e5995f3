package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net/mail"
	"os"
	"path"
	"strings"
	"time"

	"github.com/congbo/congbo/internal/build"
	"github.com/congbo/congbo/internal/config"
	"github.com/congbo/congbo/internal/content"
	"github.com/congbo/congbo/internal/diag"
	"github.com/congbo/congbo/internal/vcard"
)

// runCheck is `congbo check`: everything a build validates (front matter,
// required fields, links, `corrects:` targets, templates), with the output
// thrown away, plus what a build lets pass: phone and email formats,
// photos that exist and have alt text, and a security.txt that has not
// expired. Exit 1 on any problem, each printed as path:line:col.
func runCheck(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("check", flag.ContinueOnError)
	fl.SetOutput(stderr)
	source := fl.String("source", ".", "site directory (holds site.yaml and content/)")
	if err := fl.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fl.NArg() != 0 {
		fmt.Fprintln(stderr, "usage: congbo check [--source DIR]")
		return 2
	}
	start := time.Now()
	var errs diag.List
	res, err := build.RenderTo(build.Options{Source: *source, NoMinify: true}, discard{})
	errs.Add(err)
	if err == nil || isDiag(err) {
		errs.Add(checkSite(os.DirFS(*source), time.Now()))
	}
	if errs.Len() > 0 {
		for _, e := range errs.Errors() {
			fmt.Fprintln(stderr, e)
		}
		fmt.Fprintf(stderr, "congbo check: %d problem(s)\n", errs.Len())
		return 1
	}
	fmt.Fprintf(stderr, "congbo check: %d pages OK in %.2f s\n", res.Pages, time.Since(start).Seconds())
	return 0
}

func isDiag(err error) bool {
	var l *diag.List
	var e *diag.Error
	return errors.As(err, &l) || errors.As(err, &e)
}

// checkSite runs the checks a build does not: contact formats, photos,
// security.txt expiry. The error is a *diag.List.
func checkSite(src fs.FS, now time.Time) error {
	b, err := fs.ReadFile(src, "site.yaml")
	if err != nil {
		return nil // the build already said so
	}
	cfg, err := config.Parse("site.yaml", b)
	if err != nil {
		return nil
	}
	var errs diag.List
	if exp := cfg.Security.Expires; !exp.IsZero() {
		switch {
		case !exp.After(now):
			errs.Addf(cfg.File, 1, 1, "security.expires %s has passed (set a date less than a year ahead)", exp.Format("2006-01-02"))
		case exp.After(now.AddDate(1, 0, 0)):
			errs.Addf(cfg.File, 1, 1, "security.expires %s is more than a year ahead (RFC 9116 asks for less)", exp.Format("2006-01-02"))
		}
	}
	pages, _, _ := content.Load(src, cfg)
	for _, p := range pages {
		checkPage(src, p, &errs)
	}
	return errs.Err()
}

// checkPage checks one page's phone, fax and email fields and its photo.
func checkPage(src fs.FS, p *content.Page, errs *diag.List) {
	for _, key := range []string{"phone", "fax"} {
		if v := p.String(key); v != "" {
			if _, ok := vcard.TelURI(v); !ok {
				errs.Addf(p.File, p.Line(key), 1, "%s %q is not a phone number (write it with the area code, e.g. (024) 3555 0110 or 0912 345 678)", key, v)
			}
		}
	}
	if v := p.String("email"); v != "" {
		if a, err := mail.ParseAddress(v); err != nil || a.Address != v || !strings.Contains(v[strings.LastIndex(v, "@")+1:], ".") {
			errs.Addf(p.File, p.Line("email"), 1, "email %q is not an email address (write it like ten@donvi.gov.vn)", v)
		}
	}
	photo := p.String("photo")
	if photo == "" {
		return
	}
	if p.String("photo_alt") == "" {
		errs.Addf(p.File, p.Line("photo"), 1, "photo has no alt text (add `photo_alt:` describing the photo for readers who cannot see it)")
	}
	if strings.Contains(photo, "://") {
		return
	}
	name := path.Join("content", path.Dir(p.Path), photo)
	if strings.HasPrefix(photo, "/") {
		name = path.Join("static", photo)
	}
	if _, err := fs.Stat(src, name); err != nil {
		errs.Addf(p.File, p.Line("photo"), 1, "photo %q not found (looked for %s)", photo, name)
	}
}

// discard is a render.Writer that keeps nothing: check renders every
// page to find template and link errors, and writes no output.
type discard struct{}

func (discard) Write(string, []byte) error       { return nil }
func (discard) WriteRaw(string, []byte) error    { return nil }
func (discard) Copy(string, fs.FS, string) error { return nil }
