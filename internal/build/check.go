package build

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"net/mail"
	"net/url"
	"path"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/congbo/congbo/internal/config"
	"github.com/congbo/congbo/internal/content"
	"github.com/congbo/congbo/internal/diag"
	"github.com/congbo/congbo/internal/markdown"
	"github.com/congbo/congbo/internal/render"
	"github.com/congbo/congbo/internal/site"
	"github.com/congbo/congbo/internal/vcard"
	"github.com/congbo/congbo/layouts"
)

// Check is `congbo check`. It makes every check a build makes on the
// site's files (site.yaml, front matter and the required fields of each
// type, URLs, `corrects:` targets, templates that parse, `layout:` names,
// Markdown, links and #anchors) through the same code, but executes no
// template and writes nothing, so it is fast enough for a pre-commit hook.
// It adds the checks a build lets pass: phone, fax and email formats;
// images and photos that exist and have alt text; a security.txt expiry
// in the coming year.
//
// Result.Pages counts the pages checked; Files and Bytes stay zero.
// Result.Warnings holds what a page may be published with but should not
// (headings out of order, links named "tại đây"); it is set also when the
// error, a *diag.List about the site's files, is not nil, unless the
// configuration could not be read.
func Check(opts Options) (*Result, error) {
	opts = withDefaults(opts)
	now, err := buildTime(opts.Now)
	if err != nil {
		return nil, err
	}
	src := content.DirFS(opts.Source)
	cfg, err := readConfig(src)
	if err != nil {
		return nil, err
	}
	var errs diag.List
	warns := diag.List{Noun: "warnings"}
	checkSecurityTxt(src, cfg, now, &errs)

	lay := render.NewLayouts(siteLayouts(opts.Source), layouts.FS)
	templates := loadTemplates(lay, cfg)
	// Each body is parsed as its file is read, by the goroutines reading
	// files, and dropped; its links are resolved once the graph is made.
	md := markdown.New(markdown.Options{Unsafe: cfg.Markup.Unsafe})
	var mu sync.Mutex
	scans := map[*content.Page]scan{}
	start := time.Now()
	pages, _, loadErr := content.LoadEach(src, cfg, func(p *content.Page, body []byte) bool {
		s, err := md.Scan(body)
		mu.Lock()
		scans[p] = scan{s, err}
		mu.Unlock()
		// A parse past its time limit still reads body: keep it from reuse.
		return markdown.StillReading(err)
	})
	errs.Add(loadErr)
	tmpl, tmplErr := templates()
	opts.timing("content and Markdown", start)
	// The graph a build would make, so links to drafts are errors in
	// both; every file's front matter and contacts are checked anyway.
	start = time.Now()
	g, graphErr := site.New(cfg, pages, site.Options{Drafts: opts.Drafts, Future: opts.Future, Now: now})
	errs.Add(graphErr)
	opts.timing("site graph", start)
	start = time.Now()
	for _, p := range pages {
		checkContacts(cfg, p, &errs)
	}
	opts.timing("contacts", start)
	// As a build does, stop before Markdown when pages are missing from
	// the graph: links to them would be reported as broken.
	if loadErr == nil && graphErr == nil && tmplErr != nil {
		errs.Add(tmplErr)
	}
	if loadErr == nil && graphErr == nil && tmplErr == nil {
		ropts := render.Options{Source: src, Layouts: lay, Templates: tmpl, Markdown: md}
		files := newSiteFiles(src, g)
		scanned := func(p *content.Page) (*markdown.Scanned, error) {
			s := scans[p] // read-only once LoadEach has returned
			return s.scanned, s.err
		}
		start = time.Now()
		errs.Add(render.CheckScanned(g, ropts, scanned, func(p *site.Page, res *markdown.Result) {
			checkImages(files, p, res, &errs, &warns)
			checkLinks(cfg, g, files, p, res, &errs, &warns)
			checkAttachments(files, p, &errs)
			checkPhoto(files, p, &errs, &warns)
			checkHeadings(p, res, &warns)
			checkLinkText(p, res, &warns)
		}))
		checkMenus(cfg, g, files, &errs)
		checkNumbers(g, &errs)
		opts.timing("links, anchors and images", start)
	}
	res := &Result{BaseURL: cfg.BaseURL, Warnings: &warns}
	if errs.Len() > 0 {
		return res, errs.Err()
	}
	res.Pages = len(g.Pages)
	return res, nil
}

// scan is a page's Markdown parsed by markdown.Renderer.Scan.
type scan struct {
	scanned *markdown.Scanned
	err     error
}

// checkSecurityTxt checks RFC 9116's Expires: in the future, and less than
// a year ahead.
func checkSecurityTxt(src fs.FS, cfg *config.Config, now time.Time, errs *diag.List) {
	exp := cfg.Security.Expires
	if exp.IsZero() {
		return
	}
	line, col := yamlKeyLine(src, "site.yaml", "expires")
	switch {
	case !exp.After(now):
		errs.Addf(cfg.File, line, col, "security.expires %s has passed, so security.txt tells readers it is out of date (set a date less than a year ahead)", exp.Format("2006-01-02"))
	case exp.After(now.AddDate(1, 0, 0)):
		errs.Addf(cfg.File, line, col, "security.expires %s is more than a year ahead (RFC 9116 asks for less than a year; set an earlier date and renew it)", exp.Format("2006-01-02"))
	}
}

// yamlKeyLine returns the line and column of the first line of file that
// starts with key and a colon, or 1, 1.
func yamlKeyLine(src fs.FS, file, key string) (line, col int) {
	b, err := fs.ReadFile(src, file)
	if err != nil {
		return 1, 1
	}
	for i, l := range bytes.Split(b, []byte("\n")) {
		t := bytes.TrimLeft(l, " ")
		if bytes.HasPrefix(t, []byte(key+":")) {
			return i + 1, len(l) - len(t) + 1
		}
	}
	return 1, 1
}

// checkContacts checks a page's phone, fax and email fields, and that its
// photo has alt text and is a file of the site (checkPhoto finds it).
func checkContacts(cfg *config.Config, p *content.Page, errs *diag.List) {
	for _, key := range []string{"phone", "fax"} {
		if v := p.String(key); v != "" {
			if _, ok := vcard.TelURI(v); !ok {
				errs.Addf(p.File, p.Line(key), 1, "%s %q is not a phone number (write it with the area code, e.g. (024) 3555 0110 or 0912 345 678)", key, v)
			}
		}
	}
	if v := p.String("email"); v != "" && !isEmail(v) {
		errs.Addf(p.File, p.Line("email"), 1, "email %q is not an email address (write it like ten@donvi.gov.vn)", v)
	} else if v != "" && p.Type == config.TypeSpokesperson && !officialDomain(cfg, emailDomain(v)) {
		errs.Addf(p.File, p.Line("email"), 1, "email %q is not at an official domain: Decree 09/2017/NĐ-CP publishes a spokesperson's official email (use an address at .gov.vn or at the portal's own domain, e.g. ten@%s)", v, siteHost(cfg))
	}
	photo := p.String("photo")
	if photo == "" {
		return
	}
	alt := p.String("photo_alt")
	if strings.TrimSpace(alt) == "" {
		errs.Addf(p.File, p.Line("photo"), 1, "photo has no alt text (add `photo_alt:` describing the photo for readers who cannot see it)")
	} else if why := uselessAlt(alt); why != "" {
		errs.Addf(p.File, p.Line("photo_alt"), 1, "photo_alt %q is %s, which tells a reader who cannot see the photo nothing (WCAG 1.1.1: say who it shows, e.g. photo_alt: Ảnh chân dung ông Nguyễn Văn A)", alt, why)
	}
	if onOtherSite(photo) {
		errs.Addf(p.File, p.Line("photo"), 1, "photo %q is on another site, which the site's Content-Security-Policy blocks (put the file beside the page or in static/)", photo)
	}
}

// onOtherSite reports whether an address names another site.
func onOtherSite(dest string) bool {
	return strings.HasPrefix(dest, "//") || strings.Contains(dest, "://")
}

// checkPhoto checks that a page's photo (a spokesperson's) is a file of
// the site, and warns when it is too heavy for the size it is shown at.
func checkPhoto(files *siteFiles, p *site.Page, errs, warns *diag.List) {
	src := p.Source
	v := src.String("photo")
	if v == "" || onOtherSite(v) {
		return // checkContacts says so
	}
	name, looked := files.locate(src, v)
	switch {
	case name == "":
		errs.Addf(src.File, src.Line("photo"), 1, "photo %q not found (looked for %s)", v, looked)
	default:
		if why := files.heavy(name, photo); why != "" {
			warns.Addf(src.File, src.Line("photo"), 1, "warning: photo %q %s", v, why)
		}
	}
}

// officialDomain reports whether an email's domain is a state agency's:
// under gov.vn, or the portal's own domain (its baseURL's host or a domain
// above it, or that of the organization's email).
func officialDomain(cfg *config.Config, domain string) bool {
	domain = strings.ToLower(domain)
	under := func(host string) bool {
		host = strings.ToLower(host)
		return host != "" && (domain == host || strings.HasSuffix(host, "."+domain) || strings.HasSuffix(domain, "."+host))
	}
	return under("gov.vn") || under(siteHost(cfg)) || under(emailDomain(cfg.Organization.Email))
}

// emailDomain is what follows the last @ of an address ("" for "").
func emailDomain(addr string) string { return addr[strings.LastIndex(addr, "@")+1:] }

// siteHost is the host of the site's baseURL.
func siteHost(cfg *config.Config) string {
	u, err := url.Parse(cfg.BaseURL)
	if err != nil {
		return ""
	}
	return u.Hostname()
}

func isEmail(v string) bool {
	a, err := mail.ParseAddress(v)
	return err == nil && a.Address == v && strings.Contains(emailDomain(v), ".")
}

// siteFiles answers whether an image address names a file the site
// publishes. Safe for concurrent use.
type siteFiles struct {
	src fs.FS
	// bundled maps the published paths ("thong-cao/a/anh.jpg") of bundle
	// resources, which are written beside their page, not at their path
	// under content/, to their file ("content/thong-cao/a/index/anh.jpg").
	bundled map[string]string

	mu      sync.Mutex
	dirs    map[string]*dirList // listings of the directories looked in
	weights map[string]string   // image file → heavy's answer
}

// dirList is what a directory listing tells of the names in it: that the
// directory is missing (so is every name in it), or the type of each entry.
// A nil entries with missing unset means the listing failed otherwise.
type dirList struct {
	once    sync.Once // the listing is made once, outside siteFiles.mu
	missing bool
	entries map[string]fs.FileMode
}

func newSiteFiles(src fs.FS, g *site.Graph) *siteFiles {
	f := &siteFiles{src: src, bundled: g.BundleFiles(), dirs: map[string]*dirList{}, weights: map[string]string{}}
	for out, res := range f.bundled {
		f.bundled[out] = "content/" + res
	}
	return f
}

// stat reports whether fs.Stat(f.src, name) succeeds and, if so, whether
// name is a directory. It answers from a listing of name's directory,
// made once, when that is certain: the directory does not exist, or it
// lists name as a file or a directory. Otherwise (a name not listed, which
// a case-insensitive file system may still find; a symlink; a failed
// listing) it asks fs.Stat. So a site's images cost one listing per
// directory, not a stat each, and every answer is fs.Stat's.
func (f *siteFiles) stat(name string) (ok, dir bool) {
	if fs.ValidPath(name) && name != "." {
		d, base := path.Split(name)
		l := f.list(strings.TrimSuffix(d, "/"))
		if l.missing {
			return false, false
		}
		mode, listed := l.entries[base]
		if listed && (mode.IsRegular() || mode.IsDir()) {
			return true, mode.IsDir()
		}
		if !listed && l.entries != nil {
			// Not in the listing: on a disk that ignores case, Stat would
			// find the file of another case, which the server would not.
			return false, false
		}
	}
	st, err := fs.Stat(f.src, name)
	return err == nil, err == nil && st.IsDir()
}

// list returns the listing of directory d ("" for the root). Directories
// are listed in parallel; each once.
func (f *siteFiles) list(d string) *dirList {
	if d == "" {
		d = "."
	}
	f.mu.Lock()
	l, ok := f.dirs[d]
	if !ok {
		l = &dirList{}
		f.dirs[d] = l
	}
	f.mu.Unlock()
	l.once.Do(func() {
		entries, err := fs.ReadDir(f.src, d)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			l.missing = true
		case err == nil:
			l.entries = make(map[string]fs.FileMode, len(entries))
			for _, e := range entries {
				l.entries[e.Name()] = e.Type()
			}
		}
	})
	return l
}

// find reports whether image address dest, written in page p, names a
// file: relative to the page's Markdown file under content/ (a bundle
// resource or a file beside it), or root-relative to static/, to content/
// (loose files are published at their path) or to a bundle resource's
// published URL. It returns where it looked, for the message.
func (f *siteFiles) find(p *content.Page, dest string) (bool, string) {
	name, looked := f.locate(p, dest)
	return name != "", looked
}

// locate is find returning the file found ("static/anh/a.jpg"), or "" and
// where it looked.
func (f *siteFiles) locate(p *content.Page, dest string) (name, looked string) {
	if i := strings.IndexAny(dest, "?#"); i >= 0 {
		dest = dest[:i]
	}
	if u, err := url.PathUnescape(dest); err == nil {
		dest = u
	}
	if !strings.HasPrefix(dest, "/") {
		name := path.Join("content", path.Dir(p.Path), dest)
		if ok, _ := f.stat(name); ok {
			return name, ""
		}
		return "", name + f.otherCase(name)
	}
	rel := strings.TrimPrefix(path.Clean(dest), "/")
	if name := f.bundled[rel]; name != "" {
		return name, ""
	}
	for _, name := range []string{"static/" + rel, "content/" + rel} {
		if ok, dir := f.stat(name); ok && !dir {
			return name, ""
		}
	}
	return "", "static/" + rel + ", content/" + rel + " and page bundles" + f.otherCase("static/"+rel) + f.otherCase("content/"+rel)
}

// otherCase names the file of name's directory whose name is name's but
// for upper and lower case, as a clause for find's message, or "": the
// file a Windows or macOS editor opens by that name, which a Linux web
// server does not serve.
func (f *siteFiles) otherCase(name string) string {
	if !fs.ValidPath(name) {
		return ""
	}
	d, base := path.Split(name)
	l := f.list(strings.TrimSuffix(d, "/"))
	for _, e := range slices.Sorted(maps.Keys(l.entries)) {
		if e != base && strings.EqualFold(e, base) {
			return " — there is " + d + e + ", but web servers tell upper and lower case apart"
		}
	}
	return ""
}

// fileExts are the extensions of the files pages link to as documents
// and media (an attached decision, a spreadsheet, a photo): a link to one
// must name a file of the site. Links to what a build writes itself
// (pages, feeds, .ics, .vcf and .txt files) are not among them.
var fileExts = map[string]bool{
	".pdf": true, ".doc": true, ".docx": true, ".xls": true, ".xlsx": true, ".ppt": true,
	".pptx": true, ".odt": true, ".ods": true, ".odp": true, ".rtf": true,
	".csv": true, ".zip": true, ".rar": true, ".7z": true, ".png": true, ".jpg": true,
	".jpeg": true, ".gif": true, ".svg": true, ".webp": true, ".avif": true, ".mp3": true,
	".mp4": true, ".webm": true, ".ogg": true, ".wav": true,
}

// checkNumbers checks that no two published documents carry the same
// number (số ký hiệu, front matter number): an official document's
// number is its own, so a second one is a copy-paste slip. A withdrawn
// page may share its replacement's.
func checkNumbers(g *site.Graph, errs *diag.List) {
	first := map[string]*site.Page{}
	for i := len(g.Pages) - 1; i >= 0; i-- { // oldest first: the older page keeps the number
		p := g.Pages[i]
		if p.Withdrawn || p.Source == nil {
			continue
		}
		num, _ := p.Params["number"].(string)
		key := strings.ToUpper(strings.Join(strings.Fields(num), ""))
		if key == "" {
			continue
		}
		if prev, ok := first[key]; ok {
			errs.Addf(p.Source.File, p.Source.Line("number"), 1, "number %q is also the number of %s (each document has its own number; check this one)", num, prev.Source.File)
			continue
		}
		first[key] = p
	}
}

// checkMenus checks that each menu item of site.yaml that links into the
// site names a page, list or term of it, or a file: a menu is on every
// page, so a broken item is a broken link everywhere. Addresses of what
// a build writes beside the pages (feeds, the sitemap) are not looked for.
func checkMenus(cfg *config.Config, g *site.Graph, files *siteFiles, errs *diag.List) {
	for _, name := range slices.Sorted(maps.Keys(cfg.Menus)) {
		for _, it := range cfg.Menus[name] {
			u := it.URL
			if !strings.HasPrefix(u, "/") || strings.HasPrefix(u, "//") {
				continue // another site, or mailto: and the like
			}
			if i := strings.IndexAny(u, "?#"); i >= 0 {
				u = u[:i]
			}
			ext := strings.ToLower(path.Ext(u))
			switch {
			case fileExts[ext]:
				if ok, looked := files.find(nil, u); !ok {
					errs.Addf(cfg.File, it.Line, it.Col, "menu item %q links to %s: no such file (looked for %s; check the address)", it.Name, it.URL, looked)
				}
			case ext == "" || ext == ".html" || ext == ".htm":
				if servesPage(g, files, u) {
					continue
				}
				errs.Addf(cfg.File, it.Line, it.Col, "menu item %q links to %s, which is no page of this site%s", it.Name, it.URL, menuHint(g, u))
			}
		}
	}
}

// servesPage reports whether the site answers page address u (a path
// without an extension, or of an .html file): a page, list or alias, the
// same without its last "/", or an .html file of static/ or content/.
func servesPage(g *site.Graph, files *siteFiles, u string) bool {
	if g.Serves(u) || path.Ext(u) == "" && !strings.HasSuffix(u, "/") && g.Serves(u+"/") {
		return true
	}
	ok, _ := files.find(nil, u)
	return ok && path.Ext(u) != ""
}

// menuHint suggests the page or list beside u whose last segment is
// nearest to u's, or says what to write.
func menuHint(g *site.Graph, u string) string {
	dir, name := path.Split(strings.TrimSuffix(u, "/"))
	byName := map[string]string{}
	add := func(url string) {
		if d, n := path.Split(strings.TrimSuffix(url, "/")); d == dir && n != "" {
			byName[n] = url
		}
	}
	for _, p := range g.Pages {
		add(p.URL)
	}
	for _, s := range g.Sections {
		add(s.URL)
	}
	if best := diag.Suggest(name, slices.Sorted(maps.Keys(byName))); best != "" {
		return fmt.Sprintf(" (did you mean %s?)", byName[best])
	}
	return " (write the address of a page, e.g. /gioi-thieu/, or of a file in static/)"
}

// checkAttachments checks the files a page lists in `attachments` (and a
// press conference in `materials`): a name must be a file of the page's
// bundle (the theme links any other name relative to the page's URL,
// where nothing is), a root-relative address a file of the site.
func checkAttachments(files *siteFiles, p *site.Page, errs *diag.List) {
	src := p.Source
	if src == nil {
		return
	}
	dir := path.Dir(src.Path)
	outDir := path.Dir(site.OutputPath(p.URL)) // where the bundle's files are published
	for _, key := range []string{"attachments", "materials"} {
		list, _ := src.Params[key].([]any)
		for _, v := range list {
			ref, _ := v.(string)
			if m, ok := v.(map[string]any); ok {
				ref, _ = m["file"].(string)
				if ref == "" {
					ref, _ = m["url"].(string)
				}
			}
			switch {
			case ref == "" || strings.Contains(ref, "://") || strings.HasPrefix(ref, "//") || strings.HasPrefix(ref, "mailto:"):
			case strings.HasPrefix(ref, "/"):
				if ok, looked := files.find(src, ref); !ok {
					errs.Addf(src.File, src.Line(key), 1, "%s: %q: no such file (looked for %s; check the file name)", key, ref, looked)
				}
			case !src.Bundle:
				addr := "/tai-lieu/" + path.Base(ref) // a file to put in static/
				if ok, _ := files.find(src, ref); ok {
					addr = "/" + path.Join(dir, ref) // the file beside the page is published there
				}
				errs.Addf(src.File, src.Line(key), 1, "%s: %q is a file name, but the page is not a bundle, so the link would point below the page's address (give the file's address, %s; or make the page a bundle: move %s to %s/index.md with the file beside it)", key, ref, addr, src.File, strings.TrimSuffix(src.File, ".md"))
			case files.bundled[path.Join(outDir, ref)] == "":
				errs.Addf(src.File, src.Line(key), 1, "%s: %q is not a file of the page's bundle (put it in %s/, or check the file name)", key, ref, path.Dir(src.File))
			}
		}
	}
}

// checkImages checks the Markdown images of page or list p: each has alt
// text that describes it (a file name or "Ảnh" is no alternative: WCAG
// failure F30), and names a file of the site, not too heavy for a phone.
func checkImages(files *siteFiles, p *site.Page, res *markdown.Result, errs, warns *diag.List) {
	src := p.Source
	for _, l := range res.Links {
		if !l.Image {
			continue
		}
		line := src.BodyLine + l.Line - 1
		if l.Alt == "" {
			errs.Addf(src.File, line, l.Col, "image %q has no alt text (describe it between the brackets, ![Toàn cảnh hội nghị](%s), for readers who cannot see it)", l.Dest, l.Dest)
		} else if why := uselessAlt(l.Alt); why != "" {
			errs.Addf(src.File, line, l.Col, "image %q has the alt text %q, %s, which tells a reader who cannot see the image nothing (WCAG 1.1.1: say what it shows, e.g. ![Toàn cảnh hội nghị](%s))", l.Dest, l.Alt, why, l.Dest)
		}
		switch {
		case l.Dest == "":
			errs.Addf(src.File, line, l.Col, "image has no address (put the file's name between the parentheses)")
		case onOtherSite(l.Dest):
			errs.Addf(src.File, line, l.Col, "image %q is on another site, which the site's Content-Security-Policy (img-src 'self') blocks (put the file beside the page or in static/)", l.Dest)
		default:
			name, looked := files.locate(src, l.Dest)
			if name == "" {
				errs.Addf(src.File, line, l.Col, "image %q not found (looked for %s; check the file name)", l.Dest, looked)
				continue
			}
			if why := files.heavy(name, textImage); why != "" {
				warns.Addf(src.File, line, l.Col, "warning: image %q %s", l.Dest, why)
			}
		}
	}
}
