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
package markdown

import (
	"bytes"
	"fmt"
	"sync"
	"time"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
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

// Heading is one heading of a page, for tables of contents.
type Heading struct {
	Level int    // 1 to 6
	ID    string // the id attribute written in the HTML
	Text  string // plain text, entities decoded
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
}

// Result is a rendered page.
type Result struct {
	HTML     []byte
	Summary  string    // plain text of the first paragraphs, at most SummaryLength runes
	Headings []Heading // in document order
	Problems []Problem // in document order; the page rendered anyway
	// Links lists links and images in document order, except links
	// dropped with a Problem and those with a blocked scheme.
	Links []Link
}

// Renderer converts Markdown to HTML. It is safe for concurrent use by many
// goroutines: per-page state lives in the goldmark parser context.
type Renderer struct {
	md         goldmark.Markdown
	maxNesting int
	timeout    time.Duration
	bufs       sync.Pool // *bytes.Buffer reused across pages
}

// New returns a Renderer configured by opts.
func New(opts Options) *Renderer {
	if opts.MaxNesting <= 0 {
		opts.MaxNesting = DefaultMaxNesting
	}
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	var htmlOpts []renderer.Option
	if opts.Unsafe {
		htmlOpts = append(htmlOpts, html.WithUnsafe())
	}
	md := goldmark.New(
		goldmark.WithParserOptions(parser.WithHeadingAttribute()),
		goldmark.WithRendererOptions(htmlOpts...),
		goldmark.WithExtensions(
			extension.Table,
			extension.Strikethrough,
			extension.Linkify,
			&HeadingIDs{},
			&Figures{},
			&SafeLinks{},
			&Tables{},
			&RawHTML{Unsafe: opts.Unsafe},
		),
	)
	return &Renderer{
		md:         md,
		maxNesting: opts.MaxNesting,
		timeout:    opts.Timeout,
		bufs:       sync.Pool{New: func() any { return new(bytes.Buffer) }},
	}
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
	return r.run(src, resolve, true)
}

// Check is Render without writing HTML: the same parse, link resolution,
// limits and Problems, and Result.HTML and Summary left empty. `congbo
// check` uses it to find what a build would, faster.
func (r *Renderer) Check(src []byte, resolve Resolve) (*Result, error) {
	return r.run(src, resolve, false)
}

func (r *Renderer) run(src []byte, resolve Resolve, html bool) (*Result, error) {
	if p := checkNesting(src, r.maxNesting); p != nil {
		return nil, p
	}
	if p := checkLoad(src); p != nil {
		return nil, p
	}
	type outcome struct {
		res *Result
		err error
	}
	done := make(chan outcome, 1) // buffered: an abandoned goroutine never blocks
	go func() {
		res, err := r.convert(src, resolve, html)
		done <- outcome{res, err}
	}()
	timer := time.NewTimer(r.timeout)
	defer timer.Stop()
	select {
	case o := <-done:
		return o.res, o.err
	case <-timer.C:
		return nil, &Problem{Msg: fmt.Sprintf("page took longer than %s to render (simplify its Markdown)", r.timeout)}
	}
}

// convert does the work of Render without the guards.
func (r *Renderer) convert(src []byte, resolve Resolve, html bool) (*Result, error) {
	st := &pageState{src: src, resolve: resolve}
	pc := parser.NewContext()
	pc.Set(stateKey, st)
	doc := r.md.Parser().Parse(text.NewReader(src), parser.WithContext(pc))
	if !html {
		return &Result{Headings: st.headings, Problems: st.problems, Links: st.links}, nil
	}

	buf := r.bufs.Get().(*bytes.Buffer)
	buf.Reset()
	defer r.bufs.Put(buf)
	if err := r.md.Renderer().Render(buf, src, doc); err != nil {
		return nil, fmt.Errorf("render markdown: %w", err)
	}
	return &Result{
		HTML:     bytes.Clone(buf.Bytes()),
		Summary:  summary(doc, src),
		Headings: st.headings,
		Problems: st.problems,
		Links:    st.links,
	}, nil
}

// stateKey finds a page's pageState in the goldmark parser context. It is
// assigned once when the package loads and never changes.
var stateKey = parser.NewContextKey()

// pageState is what congbo's AST transformers read and record for one page.
type pageState struct {
	src      []byte
	resolve  Resolve
	headings []Heading
	problems []Problem
	links    []Link
	lines    []int // byte offsets of line starts, computed on first use
}

// stateOf returns the page state in pc, or a fresh one when the parser is used
// without Render (as goldmark's own tests of extensions would).
func stateOf(pc parser.Context, src []byte) *pageState {
	if st, ok := pc.Get(stateKey).(*pageState); ok {
		return st
	}
	st := &pageState{src: src}
	pc.Set(stateKey, st)
	return st
}

// problemAt records a problem at byte offset off of the source.
func (st *pageState) problemAt(off int, format string, args ...any) {
	line, col := st.position(off)
	st.problems = append(st.problems, Problem{Line: line, Col: col, Msg: fmt.Sprintf(format, args...)})
}

// linkAt records a link or image at byte offset off of the source.
func (st *pageState) linkAt(off int, dest []byte, image bool, alt string) {
	line, col := st.position(off)
	st.links = append(st.links, Link{Line: line, Col: col, Dest: string(dest), Image: image, Alt: alt})
}

// position converts a byte offset in src to a 1-based line and rune column.
func (st *pageState) position(off int) (line, col int) {
	if st.lines == nil {
		st.lines = append(st.lines, 0)
		for i, c := range st.src {
			if c == '\n' {
				st.lines = append(st.lines, i+1)
			}
		}
	}
	off = max(0, min(off, len(st.src)))
	// binary search for the last line start <= off
	lo, hi := 0, len(st.lines)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if st.lines[mid] <= off {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return lo + 1, 1 + runeCount(st.src[st.lines[lo]:off])
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
