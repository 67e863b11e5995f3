package render

import (
	"encoding/binary"
	"errors"
	"net/url"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/congbo/congbo/internal/content"
	"github.com/congbo/congbo/internal/diag"
	"github.com/congbo/congbo/internal/markdown"
	"github.com/congbo/congbo/internal/site"
)

// Check runs the Markdown stage of a build alone, on all cores: the
// templates are loaded, every page's and list's Markdown is rendered with
// its links resolved, `layout:` names are checked, and #anchors are
// checked once every page is rendered. No template is executed and
// nothing is written. This is `congbo check`: it reports what a build
// would about content, through the same code, in a fraction of the time.
//
// visit, if not nil, is called with each rendered page or list and its
// result, from several goroutines at once, for checks a build does not
// make. The error is a *diag.List.
func Check(g *site.Graph, opts Options, visit func(*site.Page, *markdown.Result)) error {
	return CheckScanned(g, opts, nil, visit)
}

// CheckScanned is Check for pages whose Markdown was parsed already, as
// they were read (content.LoadEach and markdown.Renderer.Scan): scanned
// returns the scan of a page's source, or the error Scan gave, or nil,
// nil when it has neither, in which case the body is read and parsed as
// Check does. The links of each scan are resolved here, and it all ends as in
// Check, with the same problems.
func CheckScanned(g *site.Graph, opts Options, scanned func(*content.Page) (*markdown.Scanned, error), visit func(*site.Page, *markdown.Result)) error {
	if opts.Workers < 1 {
		opts.Workers = runtime.GOMAXPROCS(0)
	}
	r := &Renderer{opts: opts, cfg: g.Config, g: g, checkOnly: true}
	tmpl, err := opts.templates(g.Config)
	if err != nil {
		return err
	}
	r.tmpl = tmpl
	jobs := []*site.Page{g.Home}
	for _, s := range g.Sections {
		jobs = append(jobs, s.Page)
	}
	jobs = append(jobs, g.Pages...)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range opts.Workers {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= len(jobs) {
					return
				}
				p := jobs[i]
				if p.Source == nil {
					continue
				}
				if p.Kind == site.KindPage {
					r.layoutOf(p)
				}
				var res *markdown.Result
				var s *markdown.Scanned
				var err error
				if scanned != nil {
					s, err = scanned(p.Source)
				}
				switch {
				case err != nil:
					res = r.markdownDone(p, nil, err)
				case s != nil:
					res = r.markdownDone(p, s.Resolve(r.g.Resolver(p)), nil)
				default:
					res = r.markdownOf(p)
				}
				if res != nil && visit != nil {
					visit(p, res)
				}
			}
		})
	}
	wg.Wait()
	r.anchors.check(&r.errs)
	return r.errs.Err()
}

// markdownOf renders the Markdown body of page or list p (only parses it,
// under Check), adds its
// problems to the build's errors and records its headings and #anchor
// links for anchors.check. It returns nil when the page was refused.
func (r *Renderer) markdownOf(p *site.Page) *markdown.Result {
	src := p.Source
	if r.cache != nil {
		if res, ok := r.cache.unchangedMarkdown(r, p); ok {
			return r.markdownDone(p, res, nil) // watch mode: the file was not read again
		}
	}
	bp, _ := r.bodies.Get().(*[]byte)
	if bp == nil {
		bp = new([]byte)
	}
	body, read, err := content.ReadBodyInto(r.opts.Source, src, *bp)
	if err != nil {
		r.bodies.Put(bp)
		r.errs.Addf(src.File, 0, 0, "%s", err.Error())
		return nil
	}
	render := r.opts.Markdown.Render
	if r.checkOnly {
		render = r.opts.Markdown.Check // the same parse and problems, no HTML
	}
	var res *markdown.Result
	if r.cache != nil {
		res, err = r.cache.markdown(r, p, body) // cache.go: the last result when nothing it used changed
	} else if r.checkOnly {
		res, err = render(body, r.g.Resolver(p))
	} else {
		var html []byte // a page's HTML released by finishPage, to write over
		if hp, _ := r.htmls.Get().(*[]byte); hp != nil {
			html = *hp
		}
		res, err = r.opts.Markdown.RenderPage(html, body, r.g.Resolver(p), r.markdownImages())
	}
	// The result holds no part of the body (its strings are copies), so the
	// buffer is read into again for the next page, unless the page timed
	// out: its abandoned parse may still be reading the body.
	if !markdown.StillReading(err) {
		if cap(read) > cap(*bp) && cap(read) <= maxPooledBody {
			*bp = read[:0]
		}
		r.bodies.Put(bp)
	}
	return r.markdownDone(p, res, err)
}

// maxPooledBody is the largest body buffer markdownOf keeps for the next
// page; a rare huge page gets its own.
const maxPooledBody = 1 << 20

// markdownDone adds the problems of res, the Markdown of page or list p,
// or the error that refused it, to the build's errors, and records its
// headings and #anchor links for anchors.check. It returns res, or nil
// when the page was refused.
func (r *Renderer) markdownDone(p *site.Page, res *markdown.Result, err error) *markdown.Result {
	src := p.Source
	if err != nil {
		var pr *markdown.Problem
		if errors.As(err, &pr) {
			r.errs.Add(&diag.Error{Path: src.File, Line: src.BodyLine + max(pr.Line, 1) - 1, Col: pr.Col, Msg: pr.Msg})
		} else {
			r.errs.Addf(src.File, src.BodyLine, 0, "render Markdown: %s", err.Error())
		}
		return nil
	}
	for _, pr := range res.Problems {
		r.errs.Add(&diag.Error{Path: src.File, Line: src.BodyLine + pr.Line - 1, Col: pr.Col, Msg: pr.Msg})
	}
	r.anchors.add(r.g, p, res)
	return res
}

// layoutOf returns the layout of regular page p: `layout:` from its
// front matter, else <type>.html, else single.html. A `layout:` that names
// no template is an error, and ok is false.
func (r *Renderer) layoutOf(p *site.Page) (layout string, ok bool) {
	layout, ok = r.pickLayout(p)
	if !ok {
		src := p.Source
		r.errs.Addf(src.File, src.Line("layout"), 1, "layout %q not found (add layouts/%s or remove `layout:`)", strings.TrimSuffix(layout, ".html"), layout)
		return "", false
	}
	return layout, true
}

// pickLayout is layoutOf without reporting a missing layout, which it
// returns with ok false.
func (r *Renderer) pickLayout(p *site.Page) (layout string, ok bool) {
	if l, set := p.Source.Params["layout"].(string); set && l != "" {
		return l + ".html", r.tmpl.Has(l + ".html")
	}
	if layout = p.Type + ".html"; r.tmpl.Has(layout) {
		return layout, true
	}
	return "single.html", true
}

// anchors collects what checking #fragment links needs: the heading ids of
// every rendered page, and the links that name one ("a.md#muc-2" or
// "#muc-2"). They are checked once every page is rendered, by a build and
// by `congbo check` alike. Safe for concurrent use; the zero value is ready.
type anchors struct {
	mu   sync.Mutex
	ids  map[*site.Page]idList // heading ids in document order
	refs []anchorRef
	// lookup, if set, gives the ids of pages ids lacks (render.Cache
	// keeps them between builds).
	lookup func(*site.Page) (idList, bool)
}

// idList is a page's heading ids in document order, each written as its
// length (a uvarint) and its bytes: one string per page instead of one per
// heading and a slice, as anchors holds every page's until the build ends
// (at 100,000 pages half a million objects less for the collector to mark
// again and again). A length, not a separator: an id written in the
// Markdown ({#…}) may hold any byte.
type idList string

func joinIDs(hs []markdown.Heading) idList {
	n := 0
	for _, h := range hs {
		n += len(h.ID) + binary.MaxVarintLen64
	}
	b := make([]byte, 0, n)
	for _, h := range hs {
		b = binary.AppendUvarint(b, uint64(len(h.ID)))
		b = append(b, h.ID...)
	}
	return idList(b)
}

// next returns the first id of l and the rest.
func (l idList) next() (id string, rest idList) {
	var n uint64
	for shift, i := 0, 0; i < len(l); i++ {
		c := l[i]
		n |= uint64(c&0x7f) << shift
		if c < 0x80 {
			return string(l[i+1 : i+1+int(n)]), l[i+1+int(n):]
		}
		shift += 7
	}
	return "", "" // not written by joinIDs
}

// has reports whether id is one of the ids.
func (l idList) has(id string) bool {
	for l != "" {
		var one string
		if one, l = l.next(); one == id {
			return true
		}
	}
	return false
}

// list returns the ids.
func (l idList) list() []string {
	var ids []string
	for l != "" {
		var one string
		one, l = l.next()
		ids = append(ids, one)
	}
	return ids
}

// anchorRef is one link with a fragment, at a position in its file.
type anchorRef struct {
	file      string
	line, col int
	dest      string     // as written
	target    *site.Page // the page the fragment must be on
	frag      string
}

// add records p's heading ids and its links with a fragment.
func (a *anchors) add(g *site.Graph, p *site.Page, res *markdown.Result) {
	var refs []anchorRef
	for _, l := range res.Links {
		file, frag, ok := strings.Cut(l.Dest, "#")
		if l.Image || !ok || frag == "" {
			continue
		}
		target := p
		if file != "" {
			if !isMarkdownPath(file) {
				continue // an address outside the site, or a file: not ours to check
			}
			tp, _, err := g.Target(p, l.Dest)
			if err != nil {
				continue // reported when the link was resolved
			}
			target = tp
		}
		refs = append(refs, anchorRef{file: p.Source.File, line: p.Source.BodyLine + l.Line - 1, col: l.Col, dest: l.Dest, target: target, frag: frag})
	}
	ids := joinIDs(res.Headings)
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.ids == nil {
		a.ids = map[*site.Page]idList{}
	}
	a.ids[p] = ids
	a.refs = append(a.refs, refs...)
}

// check adds an error for every recorded link whose fragment is not a
// heading id of its target page. A page that was never rendered (an empty
// _index.md) has no ids.
func (a *anchors) check(errs *diag.List) {
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, ref := range a.refs {
		ids, ok := a.ids[ref.target]
		if !ok && a.lookup != nil {
			ids, _ = a.lookup(ref.target)
		}
		frag := ref.frag
		if u, err := url.PathUnescape(frag); err == nil {
			frag = u
		}
		if ids.has(frag) || ids.has(ref.frag) {
			continue
		}
		where := "this page"
		if ref.target.Source != nil && ref.target.Source.File != ref.file {
			where = ref.target.Source.File
		}
		hint := "it has no headings; link to the page without #" + ref.frag
		if all := ids.list(); len(all) > 0 {
			shown := all[:min(len(all), 8)]
			hint = "its heading ids are " + strings.Join(shown, ", ")
			if len(all) > len(shown) {
				hint += ", …"
			}
		}
		errs.Addf(ref.file, ref.line, ref.col, "link to %q: no heading with id %q on %s (%s)", ref.dest, ref.frag, where, hint)
	}
}

// isMarkdownPath reports whether the path part of a link (no fragment)
// names a Markdown file of this site, as the markdown package resolves.
func isMarkdownPath(file string) bool {
	file, _, _ = strings.Cut(file, "?")
	return len(file) > 3 && strings.EqualFold(file[len(file)-3:], ".md") && !strings.Contains(file, ":") && !strings.HasPrefix(file, "//")
}
