package build

import (
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"regexp"
	"strings"

	"github.com/congbo/congbo/internal/config"
	"github.com/congbo/congbo/internal/content"
	"github.com/congbo/congbo/internal/diag"
	"github.com/congbo/congbo/internal/imagesize"
	"github.com/congbo/congbo/internal/markdown"
	"github.com/congbo/congbo/internal/resize"
	"github.com/congbo/congbo/internal/site"
	"github.com/congbo/congbo/internal/slug"
)

// What `congbo check` reads in the text of a page for readers who use a
// screen reader, beyond what a build requires: alt text that says nothing
// is a problem (WCAG 2.1 failure F30); headings out of order and links
// named "tại đây" are warnings, since WCAG lets a sentence around a link
// give its purpose.

// imageFileExt matches a name ending like an image file's.
var imageFileExt = regexp.MustCompile(`(?i)\.(jpe?g|png|gif|webp|avif|svg|bmp|tiff?|heic)$`)

// placeholderAlt matches, folded by slug.Make, alt text that only says
// there is a picture ("Ảnh", "Hình ảnh 2", "image") or is a camera's file
// name ("IMG_1234", "DSC01234").
var placeholderAlt = regexp.MustCompile(`^(anh|hinh|hinh-anh|anh-minh-hoa|minh-hoa|image|img|photo|picture|pic|untitled|placeholder)(-?[0-9]+)?$|^(img|dsc|dscn|dscf|pxl|mvimg|photo|image)-?[0-9_-]+$|^[0-9_-]+$`)

// uselessAlt reports why alt, the alt text of an image, tells a reader who
// cannot see the image nothing, or "".
func uselessAlt(alt string) string {
	alt = strings.TrimSpace(alt)
	switch {
	case alt == "":
		return ""
	case imageFileExt.MatchString(alt):
		return "a file name"
	case placeholderAlt.MatchString(slug.Make(alt)):
		return "a placeholder"
	}
	return ""
}

// checkAltText checks that the alt text of each Markdown image of p
// describes it (F30: a file name or "ảnh" is no alternative).
func checkAltText(p *site.Page, res *markdown.Result, errs *diag.List) {
	src := p.Source
	for _, l := range res.Links {
		if !l.Image {
			continue
		}
		if why := uselessAlt(l.Alt); why != "" {
			errs.Addf(src.File, src.BodyLine+l.Line-1, l.Col, "image %q has the alt text %q, %s, which tells a reader who cannot see the image nothing (WCAG 1.1.1: say what it shows, e.g. ![Toàn cảnh hội nghị](%s))", l.Dest, l.Alt, why, l.Dest)
		}
	}
}

// checkPhotoAlt is checkAltText for a page's photo (a spokesperson's).
func checkPhotoAlt(p *content.Page, errs *diag.List) {
	alt := p.String("photo_alt")
	if why := uselessAlt(alt); why != "" {
		errs.Addf(p.File, p.Line("photo_alt"), 1, "photo_alt %q is %s, which tells a reader who cannot see the photo nothing (WCAG 1.1.1: say who it shows, e.g. photo_alt: Ảnh chân dung ông Nguyễn Văn A)", alt, why)
	}
}

// checkHeadings warns of headings a screen reader's list of headings
// shows out of order: a level-1 heading in the text (the page's title is
// its level-1 heading), or a level skipped (a level 4 under a level 2).
func checkHeadings(p *site.Page, res *markdown.Result, warns *diag.List) {
	src := p.Source
	prev := 1 // the title
	for _, h := range res.Headings {
		if h.Line == 0 {
			continue
		}
		line := src.BodyLine + h.Line - 1
		switch {
		case h.Level == 1:
			warns.Addf(src.File, line, 1, "warning: level-1 heading %q: the page's title is its level-1 heading, so its sections start at level 2 (write ## %s)", h.Text, h.Text)
		case h.Level > prev+1:
			warns.Addf(src.File, line, 1, "warning: heading %q is level %d after level %d: a screen reader's list of headings shows a section missing (write %s %s)", h.Text, h.Level, prev, strings.Repeat("#", prev+1), h.Text)
		}
		prev = max(h.Level, 1)
	}
}

// vagueLinkText lists, folded by slug.Make, link texts that say nothing of
// where a link leads once a screen reader lists the page's links.
var vagueLinkText = map[string]bool{
	"day": true, "tai-day": true, "o-day": true, "vao-day": true, "bam-vao-day": true, "nhan-vao-day": true,
	"click-vao-day": true, "kich-vao-day": true, "bam-day": true, "nhan-day": true, "xem-tai-day": true,
	"xem-o-day": true, "xem-day": true, "xem": true, "xem-them": true, "chi-tiet": true, "xem-chi-tiet": true,
	"link": true, "lien-ket": true, "duong-link": true,
	"here": true, "click-here": true, "click": true, "read-more": true, "more": true, "this": true, "this-link": true,
}

// checkLinkText warns of links whose text is only "tại đây", "xem thêm"
// or the like (WCAG 2.4.4 asks that a link's purpose be clear, from its
// text or the sentence around it).
func checkLinkText(p *site.Page, res *markdown.Result, warns *diag.List) {
	src := p.Source
	for _, l := range res.Links {
		if l.Image || l.Text == "" || !vagueLinkText[slug.Make(l.Text)] {
			continue
		}
		warns.Addf(src.File, src.BodyLine+l.Line-1, l.Col, "warning: link text %q does not say where the link leads: a screen reader's list of links reads it alone (WCAG 2.4.4: link the words that name what it opens, e.g. [Quyết định số 12/QĐ-BKNS](%s))", l.Text, linkExample(l.Dest))
	}
}

// linkExample is dest shortened for a message.
func linkExample(dest string) string {
	if len(dest) > 40 {
		return fmt.Sprintf("…/%s", path.Base(dest))
	}
	return dest
}

// An image of a page's text is shown at most about 640 CSS px wide (the
// text column); a JPEG or PNG image wider than 1280 px is shown as the
// build's copies (package resize), so only narrower ones, and other
// formats, reach the reader as they are. A spokesperson's photo is shown
// 160 px wide.
var (
	textImage = imageUse{limit: 512 << 10, shown: 640}
	photo     = imageUse{limit: 200 << 10, shown: 160}
)

// imageUse is where an image is shown: the weight above which check warns,
// and the width it is shown at, in CSS pixels.
type imageUse struct {
	limit int64
	shown int
}

// heavy says how heavy image file name is for a reader on a phone, as
// the rest of a warning, or "" when it is light enough for use (or
// unreadable: the build reports that). Each file is looked at once.
func (f *siteFiles) heavy(name string, use imageUse) string {
	key := fmt.Sprintf("%s|%d", name, use.limit)
	f.mu.Lock()
	why, seen := f.weights[key]
	f.mu.Unlock()
	if seen {
		return why
	}
	why = f.weigh(name, use)
	f.mu.Lock()
	f.weights[key] = why
	f.mu.Unlock()
	return why
}

func (f *siteFiles) weigh(name string, use imageUse) string {
	st, err := fs.Stat(f.src, name)
	if err != nil || st.Size() <= use.limit {
		return ""
	}
	size, width := "", 0
	if r, err := f.src.Open(name); err == nil {
		sz, err := imagesize.Read(r)
		r.Close()
		if err == nil && use == textImage && len(resize.Needed(sz)) > 0 {
			return "" // pages show the build's smaller copies of it
		}
		if err == nil {
			size, width = fmt.Sprintf(", %d×%d px", sz.Width, sz.Height), sz.Width
		}
	}
	// 1 Mbit/s: a phone on a crowded or rural mobile connection.
	seconds := float64(st.Size()) * 8 / 1e6
	var fix string
	switch ext := strings.ToLower(path.Ext(name)); {
	case ext == ".svg":
		fix = "simplify it, or save it as PNG or JPEG at the size it is shown"
	case width > 2*use.shown:
		fix = fmt.Sprintf("it is shown at most %d px wide: resize it to %d px wide, twice that for sharp screens, and save it as JPEG at quality 80", use.shown, 2*use.shown)
	case ext == ".jpg" || ext == ".jpeg":
		fix = "save it again as JPEG at quality 80"
	default:
		fix = "save a photo as JPEG at quality 80; a chart or a screenshot as PNG with fewer colours"
	}
	return fmt.Sprintf("weighs %s%s: on a phone's slow connection (1 Mbit/s) it takes about %.0f s to arrive (%s)", weight(st.Size()), size, seconds, fix)
}

// checkPhotoWeight warns of a page's photo (a spokesperson's) too heavy
// for the size it is shown at.
func checkPhotoWeight(files *siteFiles, p *site.Page, warns *diag.List) {
	src := p.Source
	v := src.String("photo")
	if v == "" || strings.Contains(v, "://") || strings.HasPrefix(v, "//") {
		return
	}
	if name, _ := files.locate(src, v); name != "" {
		if why := files.heavy(name, photo); why != "" {
			warns.Addf(src.File, src.Line("photo"), 1, "warning: photo %q %s", v, why)
		}
	}
}

// weight writes n bytes as editors read file sizes.
func weight(n int64) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%d KB", n>>10)
}

// checkSiteLinks checks the links of page or list p that name an address
// of the site rather than its Markdown file: "/gioi-thieu/lien-he/",
// "../lien-he/", or the site's own host, "https://bokns.gov.vn/…", as an
// editor copies it from the browser. A page address must be a page, list
// or alias of the site, a document's a file of it; a link written with
// the site's own host is a warning too, since on a mirror it leads back to
// the origin.
func checkSiteLinks(cfg *config.Config, g *site.Graph, files *siteFiles, p *site.Page, res *markdown.Result, errs, warns *diag.List) {
	src := p.Source
	host := siteHost(cfg)
	resolve := g.Resolver(p)
	for _, l := range res.Links {
		if l.Image || l.Dest == "" || strings.HasPrefix(l.Dest, "#") {
			continue
		}
		line := src.BodyLine + l.Line - 1
		u := l.Dest
		switch pu, err := url.Parse(u); {
		case err != nil:
			continue // the build says so
		case pu.Scheme == "http" || pu.Scheme == "https":
			if host == "" || !strings.EqualFold(pu.Hostname(), host) {
				continue // another site
			}
			u = pu.RequestURI() // the path, and the query if any
			write := u
			if pu.Fragment != "" {
				write += "#" + pu.EscapedFragment()
			}
			warns.Addf(src.File, line, l.Col, "warning: link to %q names this site's own address: on a mirror it leads back to the origin (write %s)", l.Dest, write)
		case pu.Scheme != "" || strings.HasPrefix(u, "//") || isMarkdownFile(pu.Path):
			continue // mailto:, another site, a .md link: the build resolves those
		case !strings.HasPrefix(u, "/"):
			if u, err = resolve(u); err != nil {
				continue
			}
		}
		if i := strings.IndexAny(u, "?#"); i >= 0 {
			u = u[:i]
		}
		pathOnly, err := url.PathUnescape(u)
		if err != nil {
			continue
		}
		switch ext := strings.ToLower(path.Ext(pathOnly)); {
		case fileExts[ext]:
			if !strings.Contains(l.Dest, "://") {
				continue // checkFileLinks looks for those, beside the page too
			}
			if ok, looked := files.find(nil, u); !ok {
				errs.Addf(src.File, line, l.Col, "link to %q: no such file (looked for %s; check the address)", l.Dest, looked)
			}
		case ext == "" || ext == ".html" || ext == ".htm":
			if servesPage(g, files, pathOnly) {
				continue
			}
			errs.Addf(src.File, line, l.Col, "link to %q: no page of this site has the address %s%s", l.Dest, pathOnly, menuHint(g, pathOnly))
		}
	}
}

// isMarkdownFile reports whether a link's path names a Markdown file.
func isMarkdownFile(p string) bool {
	return strings.EqualFold(path.Ext(p), ".md")
}
