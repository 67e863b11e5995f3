package render

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"maps"
	"math"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	texttemplate "text/template"
	"text/template/parse"
	"time"

	"github.com/congbo/congbo/internal/config"
	"github.com/congbo/congbo/internal/diag"
	"github.com/congbo/congbo/internal/site"
	"github.com/congbo/congbo/internal/slug"
	"github.com/congbo/congbo/internal/texec"
	"github.com/congbo/congbo/internal/vcard"
)

// Layouts is the set of layout files a site renders with: its own
// layouts/ directory over the embedded default theme, file by file.
type Layouts struct {
	site  fs.FS // the site's layouts/ (nil if it has none)
	theme fs.FS // the default theme
}

// NewLayouts overlays site (may be nil) on theme.
func NewLayouts(site, theme fs.FS) Layouts { return Layouts{site: site, theme: theme} }

// ReadFile reads name from the site's layouts, else from the theme.
func (l Layouts) ReadFile(name string) ([]byte, error) {
	if l.site != nil {
		b, err := fs.ReadFile(l.site, name)
		if err == nil {
			return b, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
	}
	return fs.ReadFile(l.theme, name)
}

// fromSite reports whether the site's own layouts have name.
func (l Layouts) fromSite(name string) bool {
	if l.site == nil {
		return false
	}
	_, err := fs.Stat(l.site, name)
	return err == nil
}

// Glob lists the names matching pattern in either layer, sorted, without duplicates.
func (l Layouts) Glob(pattern string) []string {
	var names []string
	for _, f := range []fs.FS{l.site, l.theme} {
		if f == nil {
			continue
		}
		m, _ := fs.Glob(f, pattern)
		names = append(names, m...)
	}
	slices.Sort(names)
	return slices.Compact(names)
}

// Templates holds the parsed layouts. Base.html, the partials and every
// layout share one html/template namespace, so each partial is parsed and
// escaped once, not once per layout: a layout's own templates ("main",
// "title", …) are renamed "<layout>/<name>" and base.html is copied per
// layout that wraps itself in it. A layout that redefines a partial gets a
// namespace of its own instead (see LoadTemplates).
type Templates struct {
	layouts map[string]layoutRef // layout file name → where to execute it
	t       translations
	lang    string // the language of t, for errors
	// partials is where partialCached and the Go blocks run partials: the
	// shared namespace, even for a layout with a namespace of its own.
	partials     *template.Template
	fastPartials *texec.Executor
	cached       partialCache
	// sitePartials holds the partials that Go blocks print themselves
	// (value.html, unit-link.html) and that the site overrides: the
	// blocks run the site's partial instead.
	sitePartials map[string]bool

	readsOnce sync.Once
	reads     map[string]reads // layoutsRead

	spans pageSpans // parts of pages minified once (spans.go)
}

// layoutsRead returns what each layout reads beyond its page
// (layoutReads), worked out once for the build or the watch cache.
func (ts *Templates) layoutsRead() map[string]reads {
	ts.readsOnce.Do(func() {
		ts.reads = make(map[string]reads, len(ts.layouts))
		for name, ref := range ts.layouts {
			ts.reads[name] = ts.layoutReads(ref)
		}
	})
	return ts.reads
}

// partialCache holds partialCached results: partial name → keys → HTML.
// Keys are one string in the common case (an item's URL) and used as is;
// others are printed with fmt.Sprint. A lookup allocates nothing.
type partialCache struct {
	mu     sync.RWMutex
	byName map[string]map[string]template.HTML
	// items holds itemList's list items by page: a page's pointer is
	// found with fewer cache misses than its URL's text (at 100,000 pages
	// the URL lookups were a seventh of the list pages' time).
	itemsMu sync.RWMutex
	items   map[*site.Page]part // minified as spans when they are on (spans.go)
}

func (c *partialCache) item(p *site.Page) (part, bool) {
	c.itemsMu.RLock()
	it, ok := c.items[p]
	c.itemsMu.RUnlock()
	return it, ok
}

func (c *partialCache) storeItem(p *site.Page, it part) {
	c.itemsMu.Lock()
	if c.items == nil {
		c.items = map[*site.Page]part{}
	}
	c.items[p] = it
	c.itemsMu.Unlock()
}

func (c *partialCache) load(name, key string) (template.HTML, bool) {
	c.mu.RLock()
	html, ok := c.byName[name][key]
	c.mu.RUnlock()
	return html, ok
}

func (c *partialCache) store(name, key string, html template.HTML) {
	c.mu.Lock()
	if c.byName == nil {
		c.byName = map[string]map[string]template.HTML{}
	}
	m := c.byName[name]
	if m == nil {
		m = map[string]template.HTML{}
		c.byName[name] = m
	}
	m[strings.Clone(key)] = html // a copy: the cache outlives the page whose data made the key
	c.mu.Unlock()
}

// Clear forgets every result (a rebuild of the site).
func (c *partialCache) Clear() {
	c.mu.Lock()
	c.byName = nil
	c.mu.Unlock()
	c.itemsMu.Lock()
	c.items = nil
	c.itemsMu.Unlock()
}

// layoutRef is where a layout file runs: its namespace and entry template.
type layoutRef struct {
	set   *template.Template
	entry string // "<layout>/base.html" for a layout defining "main", else the layout's name
	// fast runs the namespace's escaped templates (nil when
	// CONGBO_TEXEC=off).
	fast *texec.Executor
}

// newExecutors returns a function giving the texec.Executor of a
// namespace, one per namespace; it gives nil when the environment turns
// them off (CONGBO_TEXEC=off: every template runs with html/template, to
// compare output and speed).
func newExecutors(funcs template.FuncMap, appenders map[string]texec.Appender, print func(*bytes.Buffer, string) bool) func(set *template.Template) *texec.Executor {
	if os.Getenv("CONGBO_TEXEC") == "off" {
		return func(*template.Template) *texec.Executor { return nil }
	}
	execs := map[*template.Template]*texec.Executor{}
	return func(set *template.Template) *texec.Executor {
		if ex, ok := execs[set]; ok {
			return ex
		}
		ex := texec.ForHTML(set, funcs)
		if ex != nil {
			for name, app := range appenders {
				ex.SetAppender(name, app)
			}
			ex.SetPrintHook(print)
		}
		execs[set] = ex
		return ex
	}
}

// execute runs template name of set into buf: with texec once
// html/template has run it, else (and when texec falls back) with
// html/template. The output is the same; texec is faster.
func execute(ex *texec.Executor, set *template.Template, buf *bytes.Buffer, name string, data any) (fast bool, err error) {
	if ex != nil {
		start := buf.Len()
		if ex.Execute(buf, name, data) == nil {
			return true, nil
		}
		buf.Truncate(start)
	}
	if err := set.ExecuteTemplate(buf, name, data); err != nil {
		return false, err
	}
	if ex != nil {
		ex.Escaped(name)
	}
	return false, nil
}

// layoutNames are the layouts every site can render with; single pages
// look for "<type>.html" first, then "single.html".
var requiredLayouts = []string{"base.html", "home.html", "section.html", "single.html", "taxonomy.html", "term.html", "404.html", "alias.html"}

// LoadTemplates parses every layout. The error is a *diag.List naming the
// layout file and line of each problem, including missing required layouts.
func LoadTemplates(l Layouts, cfg *config.Config) (*Templates, error) {
	var errs diag.List
	tr, err := loadTranslations(l, cfg.Language)
	if err != nil {
		errs.Add(err)
	}
	ts := &Templates{layouts: map[string]layoutRef{}, t: tr, lang: cfg.Language, sitePartials: map[string]bool{}}
	for _, name := range []string{valuePartial, unitLinkPartial} {
		if l.fromSite(name) {
			ts.sitePartials[name] = true
		}
	}
	funcs, appenders := ts.funcs(cfg)
	fast := newExecutors(funcs, appenders, ts.spans.print)

	read := func(name string) string {
		b, err := l.ReadFile(name)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				errs.Addf("layouts/"+name, 0, 0, "layout is missing (add layouts/%s, or remove your empty override)", name)
			} else {
				errs.Addf("layouts/"+name, 0, 0, "read layout: %s", err)
			}
			return ""
		}
		return string(b)
	}
	// Each file is parsed on its own first (text/template only parses), to
	// see which templates it defines.
	parseFile := func(name, text string) map[string]*parse.Tree {
		t, err := texttemplate.New(name).Funcs(texttemplate.FuncMap(funcs)).Parse(text)
		if err != nil {
			errs.Add(templateError(err))
			return nil
		}
		trees := map[string]*parse.Tree{}
		for _, d := range t.Templates() {
			if d.Tree != nil {
				trees[d.Name()] = d.Tree
			}
		}
		return trees
	}
	baseText := read("base.html")
	base := parseFile("base.html", baseText)
	partialNames := l.Glob("partials/*.html")
	partialTexts := map[string]string{}
	common := map[string]*parse.Tree{} // base's blocks and every partial's templates
	for name, tree := range base {
		if name != "base.html" {
			common[name] = tree
		}
	}
	for _, name := range partialNames {
		partialTexts[name] = read(name)
		for n, tree := range parseFile(name, partialTexts[name]) {
			common[n] = tree
		}
	}
	if errs.Len() > 0 {
		return nil, errs.Err()
	}
	names := l.Glob("*.html")
	for _, req := range requiredLayouts {
		if !slices.Contains(names, req) {
			read(req) // reports it missing
		}
	}

	shared := template.New("base.html").Funcs(funcs).Option("missingkey=error")
	add := func(set *template.Template, name string, tree *parse.Tree) {
		if _, err := set.AddParseTree(name, tree); err != nil {
			errs.Add(templateError(err))
		}
	}
	for _, name := range slices.Sorted(maps.Keys(common)) {
		add(shared, name, common[name])
	}
	for _, name := range names {
		if name == "base.html" {
			continue
		}
		text := read(name)
		own := parseFile(name, text)
		if own == nil {
			continue
		}
		// A layout redefining a partial (or a template a partial defines)
		// changes what the partials print: it gets a namespace of its own,
		// parsed from the files as one set, as html/template requires.
		if slices.ContainsFunc(slices.Collect(maps.Keys(own)), func(n string) bool { return n != name && common[n] != nil && base[n] == nil }) {
			set := template.New("base.html").Funcs(funcs).Option("missingkey=error")
			_, err := set.Parse(baseText)
			for _, pn := range partialNames {
				if err == nil {
					_, err = set.New(pn).Parse(partialTexts[pn])
				}
			}
			if err == nil {
				_, err = set.New(name).Parse(text)
			}
			if err != nil {
				errs.Add(templateError(err))
				continue
			}
			entry := name
			if own["main"] != nil {
				entry = "base.html"
			}
			ts.layouts[name] = layoutRef{set: set, entry: entry, fast: fast(set)}
			continue
		}
		rename := func(n string) string {
			if n != name && own[n] != nil {
				return name + "/" + n
			}
			return n
		}
		// The layout's own trees are its alone: renamed in place.
		for _, n := range slices.Sorted(maps.Keys(own)) {
			renameCalls(own[n].Root, rename)
			add(shared, rename(n), own[n])
		}
		entry := name
		if own["main"] != nil {
			entry = name + "/base.html"
			tree := base["base.html"].Copy()
			renameCalls(tree.Root, rename)
			add(shared, entry, tree)
		}
		ts.layouts[name] = layoutRef{set: shared, entry: entry, fast: fast(shared)}
	}
	ts.partials = shared
	ts.fastPartials = fast(shared)
	return ts, errs.Err()
}

// renameCalls renames the templates that {{template}} calls under n.
func renameCalls(n parse.Node, rename func(string) string) {
	eachNode(n, func(n parse.Node) {
		if t, ok := n.(*parse.TemplateNode); ok {
			t.Name = rename(t.Name)
		}
	})
}

// eachNode calls fn with n and every node under it, parents first.
func eachNode(n parse.Node, fn func(parse.Node)) {
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return
		}
		fn(n)
		for _, c := range n.Nodes {
			eachNode(c, fn)
		}
		return
	case *parse.PipeNode:
		if n == nil {
			return
		}
		fn(n)
		for _, c := range n.Cmds {
			eachNode(c, fn)
		}
		return
	case nil:
		return
	}
	fn(n)
	branch := func(b *parse.BranchNode) {
		eachNode(b.Pipe, fn)
		eachNode(b.List, fn)
		eachNode(b.ElseList, fn)
	}
	switch n := n.(type) {
	case *parse.ActionNode:
		eachNode(n.Pipe, fn)
	case *parse.TemplateNode:
		eachNode(n.Pipe, fn)
	case *parse.CommandNode:
		for _, a := range n.Args {
			eachNode(a, fn)
		}
	case *parse.ChainNode:
		eachNode(n.Node, fn)
	case *parse.IfNode:
		branch(&n.BranchNode)
	case *parse.WithNode:
		branch(&n.BranchNode)
	case *parse.RangeNode:
		branch(&n.BranchNode)
	}
}

// goPartials are the partials template functions run from Go: itemList
// prints each page with list-item.html; pageMeta prints front matter values
// and unit links with value.html and unit-link.html when the site has its
// own.
var goPartials = map[string][]string{
	"itemList": {listItemPartial},
	"pageMeta": {valuePartial, unitLinkPartial},
}

// partialsCalled returns the partials that args[i] runs from Go: the one a
// partialCached call names with a string constant, or a function's
// goPartials. Escaping ahead of time and the watch cache's analysis of what
// a layout reads (readsSite) both follow these calls into the partials.
func partialsCalled(args []parse.Node, i int) []string {
	id, ok := args[i].(*parse.IdentifierNode)
	if !ok {
		return nil
	}
	if id.Ident == "partialCached" {
		if i+1 < len(args) {
			if s, ok := args[i+1].(*parse.StringNode); ok {
				return []string{s.Text}
			}
		}
		return nil
	}
	return goPartials[id.Ident]
}

// LoadEscapedTemplates is LoadTemplates followed by the escaping that
// html/template otherwise does on the first Execute of each layout, until
// enough is closed. That escaping analyses every template the layout
// reaches and holds the namespace's lock meanwhile, so on a small site the
// first pages of every worker wait for it; a build calls this in the
// background while it reads content/, and closes enough when it needs the
// layouts: what is not escaped by then is escaped on Execute, as without
// this. If a layout does not escape, the layouts are loaded again and left
// to escape on Execute, which reports the error as before (and only if
// that layout runs).
func LoadEscapedTemplates(l Layouts, cfg *config.Config, enough <-chan struct{}) (*Templates, error) {
	ts, err := LoadTemplates(l, cfg)
	if err != nil || ts.escape(enough) == nil {
		return ts, err
	}
	return LoadTemplates(l, cfg)
}

// escapeAllName names the template escape may add to a namespace.
const escapeAllName = "congbo:escape-all"

// escape escapes what Execute and partialCached run, as their first call
// would, until enough is closed: every layout's entry and every partial
// that a partialCached call names, each as a top-level template starting
// in HTML text. A template that starts with text is executed into a
// writer that refuses the first byte: html/template escapes a template on
// its first execution, and the refused write stops it before any action
// runs. The others are escaped by executing a template that calls them
// all under {{if false}}: html/template escapes all a template reaches
// before it runs it. After an error ts must not be used.
func (ts *Templates) escape(enough <-chan struct{}) error {
	roots := map[*template.Template][]string{}
	for _, ref := range ts.layouts {
		roots[ref.set] = append(roots[ref.set], ref.entry)
	}
	for set := range roots {
		for _, t := range set.Templates() {
			if t.Tree == nil {
				continue
			}
			calledPartials(t.Tree.Root, func(name string) {
				if p := ts.partials.Lookup(name); p != nil && p.Tree != nil {
					roots[ts.partials] = append(roots[ts.partials], name)
				}
			})
		}
	}
	// Every template to add is parsed before any runs, as html/template
	// requires; then the escapes, one top-level template at a time.
	var first []func() error
	var last []*template.Template
	for set, names := range roots {
		slices.Sort(names)
		var rest []string
		for _, name := range slices.Compact(names) {
			if t := set.Lookup(name); t == nil || t.Tree == nil || !startsWithText(t.Tree.Root) {
				rest = append(rest, name)
				continue
			}
			first = append(first, func() error {
				if err := set.ExecuteTemplate(refuseWrites{}, name, nil); !errors.Is(err, errRefused) {
					return cmp.Or(err, errors.New("executed"))
				}
				return nil
			})
		}
		if len(rest) == 0 {
			continue
		}
		var text strings.Builder
		text.WriteString("{{if false}}")
		for _, name := range rest {
			fmt.Fprintf(&text, "{{template %q .}}", name)
		}
		text.WriteString("{{end}}")
		all, err := set.New(escapeAllName).Parse(text.String())
		if err != nil {
			return err
		}
		last = append(last, all)
	}
	for _, all := range last {
		first = append(first, func() error { return all.Execute(io.Discard, nil) })
	}
	for _, escape := range first {
		select {
		case <-enough:
			return nil
		default:
		}
		if err := escape(); err != nil {
			return err
		}
	}
	return nil
}

// startsWithText reports whether a template's first node is text, which
// it writes before it evaluates anything.
func startsWithText(root *parse.ListNode) bool {
	if root == nil || len(root.Nodes) == 0 {
		return false
	}
	_, ok := root.Nodes[0].(*parse.TextNode)
	return ok
}

// errRefused is refuseWrites' error.
var errRefused = errors.New("write refused")

// refuseWrites is an io.Writer that fails every write.
type refuseWrites struct{}

func (refuseWrites) Write([]byte) (int, error) { return 0, errRefused }

// calledPartials calls add with the name of each partial that a call
// under n runs from Go (partialsCalled).
func calledPartials(n parse.Node, add func(string)) {
	eachNode(n, func(n parse.Node) {
		if c, ok := n.(*parse.CommandNode); ok {
			for i := range c.Args {
				for _, name := range partialsCalled(c.Args, i) {
					add(name)
				}
			}
		}
	})
}

// executePartial appends partial name executed with data to buf, as
// {{template name data}} does in HTML text: with texec when it can.
func (ts *Templates) executePartial(buf *bytes.Buffer, name string, data any) error {
	if err := ts.executeTracked(ts.fastPartials, ts.partials, buf, name, data); err != nil {
		return templateError(err)
	}
	return nil
}

// partialCached executes partial name with data once per distinct keys and
// reuses the HTML afterwards, as Hugo's partialCached does: a list item
// shown on a section page, three term pages and a feed is rendered once.
// The partial's output must depend only on the keys (and the site).
func (ts *Templates) partialCached(name string, data any, keys ...any) (template.HTML, error) {
	var key string
	if len(keys) == 1 {
		if s, ok := keys[0].(string); ok {
			key = s
		}
	}
	if key == "" {
		key = fmt.Sprint(keys...)
	}
	if html, ok := ts.cached.load(name, key); ok {
		return html, nil
	}
	var buf bytes.Buffer
	if err := ts.executePartial(&buf, name, data); err != nil {
		return "", err
	}
	html := template.HTML(buf.String())
	ts.cached.store(name, key, html)
	ts.spans.storePart(string(html))
	return html, nil
}

// Has reports whether a layout file exists.
func (ts *Templates) Has(name string) bool { _, ok := ts.layouts[name]; return ok }

// Execute runs layout name with data into buf. A layout that defines
// "main" is wrapped in base.html; any other layout stands alone.
func (ts *Templates) Execute(buf *bytes.Buffer, name string, data any) error {
	ref, ok := ts.layouts[name]
	if !ok {
		return diag.Errorf("layouts/"+name, 0, 0, "layout is missing (add layouts/%s)", name)
	}
	if err := ts.executeTracked(ref.fast, ref.set, buf, ref.entry, data); err != nil {
		return templateError(err)
	}
	return nil
}

// executeTracked is execute, dropping the spans (spans.go) texec noted in
// buf before it fell back to html/template: what it wrote is gone.
func (ts *Templates) executeTracked(ex *texec.Executor, set *template.Template, buf *bytes.Buffer, name string, data any) error {
	page := ts.spans.of(buf)
	n := 0
	if page != nil {
		n = len(page.spans)
	}
	fast, err := execute(ex, set, buf, name, data)
	if !fast && page != nil {
		page.spans = page.spans[:n]
	}
	return err
}

// templateErrRE matches the position html/template and text/template put
// in their errors: `template: single.html:12:3: executing "main" at <…>: …`.
var templateErrRE = regexp.MustCompile(`^(?:html/)?template: ([^:]+):(\d+)(?::(\d+))?: (.*)$`)

// templateError turns a template error into a positioned diag.Error on the
// layout file, so an editor sees layouts/single.html:12:3.
func templateError(err error) error {
	msg := err.Error()
	m := templateErrRE.FindStringSubmatch(strings.SplitN(msg, "\n", 2)[0])
	if m == nil {
		return fmt.Errorf("template: %w", err)
	}
	line, _ := strconv.Atoi(m[2])
	col, _ := strconv.Atoi(m[3])
	text := m[4]
	// A layout's own templates run as "<layout>/main" in the shared
	// namespace (LoadTemplates); the editor wrote "main".
	text = strings.ReplaceAll(text, `"`+m[1]+"/", `"`)
	if strings.Contains(text, "map has no entry for key") {
		text += " (use `index .Page.Params \"key\"` for optional fields)"
	}
	return &diag.Error{Path: "layouts/" + m[1], Line: line, Col: col, Msg: text}
}

// location is the site's time zone, UTC for a configuration made without
// config.Parse (which always sets one).
func location(cfg *config.Config) *time.Location {
	if cfg.Location == nil {
		return time.UTC
	}
	return cfg.Location
}

// funcs returns the functions layouts call, and the texec.Appenders of
// the blocks among them.
func (ts *Templates) funcs(cfg *config.Config) (template.FuncMap, map[string]texec.Appender) {
	loc := location(cfg)
	format := func(layout string) func(time.Time) string {
		return func(t time.Time) string {
			if t.IsZero() {
				return ""
			}
			return t.In(loc).Format(layout)
		}
	}
	funcs := template.FuncMap{
		"partialCached": ts.partialCached,
		"T":             ts.translate,
		"date":          format(layoutDate),
		"day":           format(layoutDay),
		"iso":           format(time.RFC3339),
		"abs":           func(u string) string { return absURL(cfg, u) },
		"size":          humanSize,
		"slug":          slug.Make,
		// Official content types (official.go, jsonld.go).
		"jsonld":    jsonLD,
		"schemaorg": schemaOrg,
		"menuKey":   menuKey(cfg),
		// tel returns a template.URL: html/template would otherwise
		// replace a tel: href with #ZgotmplZ. TelURI builds it from digits.
		"tel": func(phone string) template.URL {
			u, _ := vcard.TelURI(phone)
			return template.URL(u)
		},
		"beside":   besideURL,
		"byWeight": byWeight,
		"clock":    format("15:04"),
		"lines":    lines,
	}
	// Blocks of the default theme written in Go (blocks.go, metatags.go).
	appenders := map[string]texec.Appender{}
	addBlock(ts, cfg, funcs, appenders, "metaTags", metaTags(cfg))
	addBlock(ts, cfg, funcs, appenders, "headLinks", ts.headLinks(cfg))
	addBlock(ts, cfg, funcs, appenders, "breadcrumb", ts.breadcrumb)
	addBlock(ts, cfg, funcs, appenders, "originalAt", ts.originalAt(cfg))
	addBlock(ts, cfg, funcs, appenders, "pageMeta", ts.pageMeta)
	addBlock(ts, cfg, funcs, appenders, "termLists", ts.termLists)
	addBlock(ts, cfg, funcs, appenders, "pager", ts.pager)
	addBlock(ts, cfg, funcs, appenders, "itemList", ts.itemList)
	addBlock(ts, cfg, funcs, appenders, "listItem", ts.listItem)
	return funcs, appenders
}

// addBlock adds the block body prints as FuncMap function name and as its
// texec.Appender.
func addBlock[T any](ts *Templates, cfg *config.Config, funcs template.FuncMap, appenders map[string]texec.Appender, name string, body blockBody[T]) {
	funcs[name], appenders[name] = block(ts, cfg, body)
}

// lines splits a multi-line front matter text into its non-empty lines,
// without a leading list marker ("- ", "* "), so a template can print an
// evidence or agenda text written as a YAML block as a list.
func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		l = strings.TrimSpace(l)
		l = strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(l, "- "), "* "))
		if l != "" {
			out = append(out, l)
		}
	}
	return out
}

// byWeight returns pages ordered by weight, then title (a copy): the order
// an editor sets for spokespeople and units. Pages without a weight (0)
// come last, as in Hugo.
func byWeight(pages []*site.Page) []*site.Page {
	out := slices.Clone(pages)
	w := func(p *site.Page) int {
		if p.Weight == 0 {
			return math.MaxInt
		}
		return p.Weight
	}
	slices.SortStableFunc(out, func(a, b *site.Page) int {
		return cmp.Or(cmp.Compare(w(a), w(b)), strings.Compare(a.Title, b.Title))
	})
	return out
}

// humanSize prints a byte count the Vietnamese way: "1,2 MB", "340 KB".
func humanSize(n int64) string {
	switch {
	case n < 1000:
		return strconv.FormatInt(n, 10) + " B"
	case n < 1000*1000:
		return decimalComma(float64(n)/1000) + " KB"
	default:
		return decimalComma(float64(n)/1e6) + " MB"
	}
}

func decimalComma(f float64) string {
	s := strconv.FormatFloat(f, 'f', 1, 64)
	s = strings.TrimSuffix(s, ".0")
	return strings.Replace(s, ".", ",", 1)
}
