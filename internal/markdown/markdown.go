// Package markdown turns a page's Markdown body into HTML for congbo: goldmark
// with GFM tables, strikethrough and autolinks, plus congbo's own extensions,
// each a goldmark extension registered by priority:
//
//   - heading ids folded to ASCII with slug.Make and made unique per page;
//   - figures: an image with a title alone in its paragraph becomes
//     <figure> with a <figcaption>; every image gets loading="lazy";
//   - safe links: links to other .md files are resolved to page URLs,
//     javascript:, vbscript:, data: and file: URLs never reach an href or src;
//   - tables whose cell alignment is a class, not a style attribute, so a
//     strict Content-Security-Policy holds, wrapped for scrolling on phones;
//   - raw HTML omitted entirely unless the site opts in.
//
// Render also refuses input that would make a build hang: block nesting is
// capped by a linear pre-scan and each page has a render time limit.
//
// Check and Scan give what `congbo check` needs of a page (headings, links,
// problems) without HTML and with less parsing; Scan needs no Resolve, so
// a page can be parsed as soon as it is read.
package markdown

import (
	"bufio"
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/congbo/congbo/internal/shortcode"
)

// Defaults for Options fields left zero.
const (
	DefaultMaxNesting = 64
	DefaultTimeout    = 2 * time.Second
)

// Options configure a Renderer. The zero value is safe: raw HTML omitted,
// nesting capped at DefaultMaxNesting, DefaultTimeout per page.
type Options struct {
	// Unsafe renders raw HTML from the Markdown (site.yaml markup.unsafe).
	// Dangerous link schemes are refused even then.
	Unsafe bool
	// MaxNesting caps block nesting (blockquote markers and list levels);
	// a deeper page is refused with its position. Zero means DefaultMaxNesting.
	MaxNesting int
	// Timeout limits how long one page may take to render. Zero means
	// DefaultTimeout.
	Timeout time.Duration
}

// Resolve maps a link destination that points at another Markdown file
// ("tb-000050.md", "../thong-bao/tb-000050.md#muc-2", "/thong-bao/a.md") to
// the target page's URL ("/thong-bao/tb-000050/#muc-2"), or returns an error
// whose message says in plain words what is wrong ("no page content/a.md").
// It is also given every other relative destination of a link or image
// ("anh.svg", "../tai-lieu/#muc"), and returns it root-relative, resolved
// against the page's URL as a browser would ("/gioi-thieu/trang/anh.svg").
//
// The destination is passed with Markdown backslash escapes and entities
// decoded, percent-escapes kept. Resolve may be called from a goroutine other
// than Render's caller, and after a timed-out Render has returned, so it must
// be safe for concurrent use.
type Resolve func(dest string) (url string, err error)

// Images tells what the site knows of one of its images by its
// root-relative URL ("/thong-bao/a/anh.jpg", as Resolve makes a relative
// one), or ok false when nothing (no such file, not an image it reads).
// It must be safe for concurrent use.
type Images func(url string) (img Image, ok bool)

// Image is what Images knows of an image, written on its <img>: its size,
// so that the page does not jump as the image arrives, and the smaller
// copies a phone loads instead of a camera's original.
type Image struct {
	Width, Height int    // the size it shows at, in CSS pixels
	Src           string // the URL of the copy to show instead of the one written; "" for none
	Srcset, Sizes string // the srcset and sizes attributes; "" for none
}

// ImageUse is one answer of Images while a page rendered, kept in
// Result.Images so that a cached result can be checked against the files.
type ImageUse struct {
	URL string
	Image
}

// Heading is one heading of a page, for tables of contents.
type Heading struct {
	Level int    // 1 to 6
	ID    string // the id attribute written in the HTML
	Text  string // plain text, entities decoded
	Line  int    // where its text starts in the source, as Problem's Line; 0 when it has none
}

// Problem is a position in the Markdown source and a message in plain words.
// Line and Col are 1-based and relative to the src given to Render; Col
// counts characters (runes), not bytes. Line 0 means the whole page.
//
// Result.Problems lists problems that still let the page render (a broken
// link); Render returns a *Problem as its error when it refuses a page.
type Problem struct {
	Line, Col int
	Msg       string
	// TimedOut is set when the page took too long: its parse was left
	// running, and may still read the source it was given.
	TimedOut bool
}

// StillReading reports whether err, from Render, Check or Scan, says the
// page took too long: its parse was left running and may still read the
// source, so the caller must not reuse that buffer.
func StillReading(err error) bool {
	var p *Problem
	return errors.As(err, &p) && p.TimedOut
}

// Error returns "line:col: msg", or msg alone when the position is unknown.
func (p *Problem) Error() string {
	if p.Line == 0 {
		return p.Msg
	}
	return fmt.Sprintf("%d:%d: %s", p.Line, p.Col, p.Msg)
}

// Link is a link or image of a page as written, for checks that need every
// page rendered first (anchors) or that a build does not make (images
// exist and have alt text). Line and Col are as in Problem.
type Link struct {
	Line, Col int
	Dest      string // destination as written, escapes and entities decoded
	Image     bool
	Alt       string // an image's alt text, plain; "" when it has none
	Text      string // a link's text when it is plain text of at most 32 bytes ("tại đây"), else ""
}

// Result is a rendered page.
type Result struct {
	// HTML is the page's own copy (or the caller's, given to RenderInto),
	// never written after Render returns: callers may view it as a string
	// without copying (render.htmlOf).
	HTML     []byte
	Summary  string    // plain text of the first paragraphs, at most SummaryLength runes
	Headings []Heading // in document order
	Problems []Problem // in document order; the page rendered anyway
	// Links lists links and images in document order, except links
	// dropped with a Problem and those with a blocked scheme.
	Links []Link
	// Images lists what RenderPage's Images answered, in document order
	// (a zero Image when it knew nothing).
	Images []ImageUse
}

// Renderer converts Markdown to HTML. It is safe for concurrent use by many
// goroutines: per-page state lives in the goldmark parser context.
type Renderer struct {
	md goldmark.Markdown // for Render
	// check is md for Check and Scan: the same parse, except that the
	// inlines of a paragraph that can hold no link are not parsed
	// (skipPlain.whole), as nothing Check reports can come from them.
	check      goldmark.Markdown
	maxNesting int
	timeout    time.Duration
	bufs       sync.Pool // *htmlBuf reused across pages
}

// New returns a Renderer configured by opts.
func New(opts Options) *Renderer {
	if opts.MaxNesting <= 0 {
		opts.MaxNesting = DefaultMaxNesting
	}
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	return &Renderer{
		md:         newGoldmark(opts.Unsafe, false, parser.WithInlineParsers(util.Prioritized(skipPlain{}, 0))),
		check:      newGoldmark(opts.Unsafe, false, parser.WithInlineParsers(util.Prioritized(skipPlain{whole: true}, 0))),
		maxNesting: opts.MaxNesting,
		timeout:    opts.Timeout,
		bufs:       sync.Pool{New: func() any { return newHTMLBuf() }},
	}
}

// newGoldmark returns goldmark with congbo's extensions and parser options
// extra. With reference set it is goldmark as congbo first used it, with
// which tests compare the results: goldmark's own linkify, parser and text
// writer instead of the shortcuts linkify, linkRefs, atxHeadings and textWriter (and,
// given no extra options, no skipPlain), which must not change a byte of
// the output.
func newGoldmark(unsafe, reference bool, extra ...parser.Option) goldmark.Markdown {
	htmlOpts := []renderer.Option{html.WithWriter(textWriter{html.DefaultWriter})}
	if reference {
		htmlOpts[0] = html.WithWriter(html.DefaultWriter)
	}
	if unsafe {
		htmlOpts = append(htmlOpts, html.WithUnsafe())
	}
	var autolinks goldmark.Extender = linkify{}
	blocks := parser.DefaultBlockParsers()
	for i, b := range blocks {
		if bp, ok := b.Value.(parser.BlockParser); ok && string(bp.Trigger()) == "#" {
			blocks[i].Value = newATXHeadings()
		}
	}
	p := parser.NewParser( // goldmark.DefaultParser, with linkRefs and atxHeadings
		parser.WithBlockParsers(blocks...),
		parser.WithInlineParsers(parser.DefaultInlineParsers()...),
		parser.WithParagraphTransformers(util.Prioritized(linkRefs{}, 100)),
	)
	if reference {
		autolinks, p = extension.Linkify, goldmark.DefaultParser()
	}
	return goldmark.New(
		goldmark.WithParser(p),
		goldmark.WithParserOptions(append([]parser.Option{parser.WithHeadingAttribute()}, extra...)...),
		goldmark.WithRendererOptions(htmlOpts...),
		goldmark.WithExtensions(
			extension.Table,
			extension.Strikethrough,
			autolinks,
			&HeadingIDs{},
			&Figures{},
			&SafeLinks{},
			&Tables{},
			&RawHTML{Unsafe: unsafe},
		),
	)
}

// Render converts src, a page body without front matter, to HTML. resolve
// may be nil, in which case every link to a .md file is a Problem.
//
// Render refuses, with a *Problem error, a page nested deeper than
// Options.MaxNesting, a paragraph or table too big to parse in reasonable
// time (see checkLoad), and a page whose rendering takes longer than
// Options.Timeout. In the latter case the goroutine doing the work cannot be
// stopped (goldmark has no cancellation): it is abandoned, finishes in the
// background and its result is dropped.
func (r *Renderer) Render(src []byte, resolve Resolve) (*Result, error) {
	return r.RenderInto(nil, src, resolve)
}

// RenderInto is Render with the HTML appended to dst[:0], so that
// Result.HTML shares dst's array when it is large enough: a caller done
// with one page's HTML passes it for the next, and a build does not
// allocate every page's HTML anew. When the page timed out
// (StillReading), its abandoned work may still write dst, which must then
// not be used again.
func (r *Renderer) RenderInto(dst, src []byte, resolve Resolve) (*Result, error) {
	return r.RenderPage(dst, src, resolve, nil)
}

// RenderPage is RenderInto that also asks images, when not nil, about each
// image whose URL is root-relative, and writes what it knows on the <img>.
func (r *Renderer) RenderPage(dst, src []byte, resolve Resolve, images Images) (*Result, error) {
	return guard(r, src, func() (*Result, error) { return r.render(dst, src, resolve, images) })
}

// Check is Render without writing HTML: the same parse, link resolution,
// limits and Problems, and Result.HTML and Summary left empty. `congbo
// check` uses it to find what a build would, faster. It is Scan and then
// Scanned.Resolve.
func (r *Renderer) Check(src []byte, resolve Resolve) (*Result, error) {
	s, err := r.Scan(src)
	if err != nil {
		return nil, err
	}
	return s.Resolve(resolve), nil
}

// Scanned is a page parsed by Scan, its links not resolved yet.
type Scanned struct {
	headings []Heading
	ops      []linkOp // the page's links, images and link problems, in document order
	sort     bool     // problems must be sorted by position (pageState.sortProblems)
}

// Scan is the first half of Check, which needs no Resolve: it parses src,
// under the limits of Render, and keeps what Check reports. So a page can
// be parsed before the pages its links name are known (`congbo check`
// parses each page as it is read), and its links resolved later with
// Scanned.Resolve. A Scanned holds no reference to src.
func (r *Renderer) Scan(src []byte) (*Scanned, error) {
	return guard(r, src, func() (*Scanned, error) {
		st := newPageState(src, nil)
		st.scan = true
		st.expandShortcodes()
		r.check.Parser().Parse(text.NewReader(st.src), parser.WithContext(st.context()))
		return &Scanned{headings: st.headings, ops: st.ops, sort: st.sortProblems}, nil
	})
}

// Resolve resolves the links of the scanned page with resolve, which may
// be nil as in Render, and returns what Check(src, resolve) returns: the
// headings, the problems and the links; HTML and Summary are empty. It may
// be called more than once, and from any goroutine.
func (s *Scanned) Resolve(resolve Resolve) *Result {
	st := &pageState{resolve: resolve}
	links := 0
	for _, op := range s.ops {
		if op.kind != opProblem {
			links++
		}
	}
	if links > 0 {
		st.links = make([]Link, 0, links)
	}
	for _, op := range s.ops {
		st.apply(op)
	}
	if len(st.links) == 0 {
		st.links = nil // as Render leaves it
	}
	if s.sort {
		sortProblems(st.problems)
	}
	return &Result{Headings: s.headings, Problems: st.problems, Links: st.links}
}

// guard runs work, the parse of src, unless src breaks a limit, and gives
// up on it after r.timeout.
func guard[T any](r *Renderer, src []byte, work func() (T, error)) (T, error) {
	var zero T
	if p := checkNesting(src, r.maxNesting); p != nil {
		return zero, p
	}
	if p := checkLoad(src); p != nil {
		return zero, p
	}
	var res T
	var err error
	w := getWorker()
	w.jobs <- func() { res, err = work() }
	w.timer.Reset(r.timeout)
	select {
	case <-w.done:
		w.timer.Stop()
		putWorker(w)
		return res, err
	case <-w.timer.C:
		close(w.jobs) // the worker ends when the abandoned work does
		return zero, &Problem{Msg: fmt.Sprintf("page took longer than %s to render (simplify its Markdown)", r.timeout), TimedOut: true}
	}
}

// worker is a goroutine that runs guard's work. Idle workers are kept
// for the next page, which then costs no new goroutine, no new stack grown
// to goldmark's depth and no new timer.
type worker struct {
	jobs  chan func()
	done  chan struct{} // buffered: an abandoned worker never blocks
	timer *time.Timer   // stopped while the worker is idle
}

// idleWorkers holds workers waiting for work, for every Renderer. A
// worker whose work timed out is dropped, and ends with that work.
var idleWorkers = make(chan *worker, 64)

func getWorker() *worker {
	select {
	case w := <-idleWorkers:
		return w
	default:
	}
	w := &worker{jobs: make(chan func()), done: make(chan struct{}, 1), timer: time.NewTimer(time.Hour)}
	w.timer.Stop()
	go func() {
		for job := range w.jobs {
			job()
			w.done <- struct{}{}
		}
	}()
	return w
}

// putWorker keeps w for the next page, or ends it when enough are kept.
func putWorker(w *worker) {
	select {
	case idleWorkers <- w:
	default:
		close(w.jobs)
	}
}

// render does the work of RenderInto without the guards.
func (r *Renderer) render(dst, src []byte, resolve Resolve, images Images) (*Result, error) {
	st := newPageState(src, resolve)
	st.images = images
	st.expandShortcodes()
	src = st.src
	doc := r.md.Parser().Parse(text.NewReader(src), parser.WithContext(st.context()))
	buf := r.bufs.Get().(*htmlBuf)
	buf.html.Reset()
	buf.w.Reset(&buf.html) // drops what a failed page left unflushed
	defer r.bufs.Put(buf)
	if err := r.md.Renderer().Render(buf.w, src, doc); err != nil {
		return nil, fmt.Errorf("render markdown: %w", err)
	}
	var html []byte
	if dst != nil {
		html = append(dst[:0], buf.html.Bytes()...)
	} else {
		html = bytes.Clone(buf.html.Bytes())
	}
	if st.sortProblems {
		sortProblems(st.problems)
	}
	return &Result{
		HTML:     html,
		Summary:  summary(doc, src),
		Headings: st.headings,
		Problems: st.problems,
		Links:    st.links,
		Images:   st.used,
	}, nil
}

// htmlBuf is where a page's HTML is written. goldmark writes through a
// bufio.Writer, and makes one per page unless it is given one: w is that
// writer, kept with its buffer, on html.
type htmlBuf struct {
	html bytes.Buffer
	w    *bufio.Writer
}

func newHTMLBuf() *htmlBuf {
	b := new(htmlBuf)
	b.w = bufio.NewWriter(&b.html)
	return b
}

// stateKey finds a page's pageState in the goldmark parser context. It is
// assigned once when the package loads and never changes.
var stateKey = parser.NewContextKey()

// pageState is what congbo's AST transformers read and record for one page.
type pageState struct {
	src []byte // the Markdown parsed: the page's, its shortcodes rewritten
	// images tells what the site knows of its images (RenderPage); used records its answers.
	images Images
	used   []ImageUse
	// orig is the page's Markdown when shortcodes were rewritten, and edits
	// what was, to give positions in it (position); nil otherwise.
	orig     []byte
	edits    []shortcode.Edit
	resolve  Resolve
	headings []Heading
	problems []Problem
	links    []Link
	// posOff, posLines and posLineStart are the last offset position
	// converted, the line breaks before it and the start of its line.
	posOff, posLines, posLineStart int
	// linkify is false when src holds nothing extension.Linkify turns into
	// a link, so the linkify parser can skip its work (see linkify).
	linkify bool
	// scan is set under Scan: links and their problems are recorded in
	// ops, for Scanned.Resolve, not resolved, and the tree is not made
	// ready for writing HTML (heading ids, resolved destinations).
	scan bool
	ops  []linkOp
	// sortProblems is set when problems were recorded out of document
	// order: a shortcode's before the parse.
	sortProblems bool
}

func newPageState(src []byte, resolve Resolve) *pageState {
	return &pageState{src: src, resolve: resolve, linkify: mayLinkify(src)}
}

// context returns a goldmark parser context holding st.
func (st *pageState) context() parser.Context {
	pc := parser.NewContext()
	pc.Set(stateKey, st)
	return pc
}

// stateOf returns the page state in pc, or a fresh one when the parser is used
// without Render (as goldmark's own tests of extensions would).
func stateOf(pc parser.Context, src []byte) *pageState {
	if st, ok := pc.Get(stateKey).(*pageState); ok {
		return st
	}
	st := newPageState(src, nil)
	pc.Set(stateKey, st)
	return st
}

// problemAt records a problem at byte offset off of the source.
func (st *pageState) problemAt(off int, format string, args ...any) {
	line, col := st.position(off)
	st.do(linkOp{kind: opProblem, line: line, col: col, text: fmt.Sprintf(format, args...)})
}

// expandShortcodes rewrites the Hugo shortcodes of the page (package
// shortcode) before it is parsed, and records the problems of those it
// cannot, at their place in the page as written.
func (st *pageState) expandShortcodes() {
	out, edits, problems := shortcode.Expand(st.src)
	if edits != nil {
		st.orig, st.edits, st.src = st.src, edits, out
		st.linkify = mayLinkify(out)
	}
	for _, p := range problems {
		line, col := st.origPosition(p.Off)
		st.do(linkOp{kind: opProblem, line: line, col: col, text: p.Msg})
	}
	st.sortProblems = len(problems) > 0
}

// sortProblems puts problems in document order.
func sortProblems(ps []Problem) {
	slices.SortStableFunc(ps, func(a, b Problem) int {
		return cmp.Or(cmp.Compare(a.Line, b.Line), cmp.Compare(a.Col, b.Col))
	})
}

// position converts a byte offset in src to a 1-based line and rune column
// of the page as written.
func (st *pageState) position(off int) (line, col int) {
	if st.edits != nil {
		off = shortcode.Original(st.edits, max(0, min(off, len(st.src))))
	}
	return st.origPosition(off)
}

// origPosition converts a byte offset in the page as written to a 1-based
// line and rune column. Offsets come mostly in increasing order, so it
// counts lines on from the last offset asked, or from the start when an
// earlier one is asked.
func (st *pageState) origPosition(off int) (line, col int) {
	text := st.src
	if st.orig != nil {
		text = st.orig
	}
	off = max(0, min(off, len(text)))
	if off < st.posOff {
		st.posOff, st.posLines, st.posLineStart = 0, 0, 0
	}
	if v := text[st.posOff:off]; len(v) > 0 {
		if n := bytes.Count(v, []byte{'\n'}); n > 0 {
			st.posLines += n
			st.posLineStart = st.posOff + bytes.LastIndexByte(v, '\n') + 1
		}
	}
	st.posOff = off
	return st.posLines + 1, 1 + runeCount(text[st.posLineStart:off])
}

func runeCount(b []byte) int {
	n := 0
	for _, c := range b {
		if c&0xC0 != 0x80 { // count every byte that is not a UTF-8 continuation
			n++
		}
	}
	return n
}

// firstLineStart returns the source offset where block n's first line starts,
// or false when n is inline or has no lines.
func firstLineStart(n ast.Node) (int, bool) {
	if n.Type() != ast.TypeBlock {
		return 0, false
	}
	if l := n.Lines(); l != nil && l.Len() > 0 {
		return l.At(0).Start, true
	}
	return 0, false
}
