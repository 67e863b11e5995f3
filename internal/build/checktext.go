package build

import (
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"regexp"
	"strings"

	"github.com/congbo/congbo/internal/config"
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

// weight writes n bytes as editors read file sizes.
func weight(n int64) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%d KB", n>>10)
}

// checkLinks checks the links of page or list p that name a file or an
// address of the site rather than a Markdown file (the build resolves
// those): "/gioi-thieu/lien-he/", "../lien-he/", "quyet-dinh.pdf", or the
// site's own host, "https://bokns.gov.vn/…", as an editor copies it from
// the browser. A document or medium (fileExts) must be a file of the site,
// beside the page or at its address; a page address a page, list or alias.
// A link written with the site's own host is a warning too, since on a
// mirror it leads back to the origin.
func checkLinks(cfg *config.Config, g *site.Graph, files *siteFiles, p *site.Page, res *markdown.Result, errs, warns *diag.List) {
	src := p.Source
	host := siteHost(cfg)
	resolve := g.Resolver(p)
	for _, l := range res.Links {
		if l.Image || l.Dest == "" || strings.HasPrefix(l.Dest, "#") || markdown.IsMarkdownLink(l.Dest) {
			continue // images: checkImages
		}
		line := src.BodyLine + l.Line - 1
		dest := l.Dest
		pu, err := url.Parse(dest)
		switch {
		case err != nil:
			continue // the build says so
		case (pu.Scheme == "http" || pu.Scheme == "https") && host != "" && strings.EqualFold(pu.Hostname(), host):
			dest = pu.RequestURI() // the path, and the query if any
			write := dest
			if pu.Fragment != "" {
				write += "#" + pu.EscapedFragment()
			}
			warns.Addf(src.File, line, l.Col, "warning: link to %q names this site's own address: on a mirror it leads back to the origin (write %s)", l.Dest, write)
		case pu.Scheme != "" || strings.HasPrefix(dest, "//"):
			continue // another site, mailto:, tel:
		}
		file := dest
		if i := strings.IndexAny(file, "?#"); i >= 0 {
			file = file[:i]
		}
		file, err = url.PathUnescape(file)
		if err != nil {
			continue // a bad address is a problem of its own
		}
		switch ext := strings.ToLower(path.Ext(file)); {
		case fileExts[ext]:
			if ok, looked := files.find(src, dest); !ok {
				errs.Addf(src.File, line, l.Col, "link to %q: no such file (looked for %s; check the file name, or put the file beside the page or in static/)", l.Dest, looked)
			}
		case ext == "" || ext == ".html" || ext == ".htm":
			u, err := resolve(dest) // root-relative, as a browser reads it
			if err != nil {
				continue
			}
			if i := strings.IndexAny(u, "?#"); i >= 0 {
				u = u[:i]
			}
			if u, err = url.PathUnescape(u); err != nil || servesPage(g, files, u) {
				continue
			}
			errs.Addf(src.File, line, l.Col, "link to %q: no page of this site has the address %s%s", l.Dest, u, menuHint(g, u))
		}
	}
}
