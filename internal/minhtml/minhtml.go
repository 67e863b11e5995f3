// Package minhtml minifies the HTML congbo renders byte for byte as
// github.com/tdewolff/minify/v2's HTML minifier does with congbo's options
// (document tags, end tags and attribute quotes kept), in less than half
// its time.
//
// It knows the HTML that html/template and goldmark write: lowercase tags
// the minifier has traits for, double-quoted attributes, text, <pre>,
// <title> and <script src> or with JSON-LD. On anything else (comments,
// <style>, <svg>, <select>, uppercase or unknown tags, unquoted attributes,
// style or on… attributes, data: URLs…) it declines, and the caller runs the
// minifier itself. The minifier's own rules are followed step for step
// (whitespace around block and inline tags, the lookahead of 100 tokens,
// entities, attribute values, default values); its exported helpers do the
// text and attribute rewriting, and script contents go to the same
// sub-minifiers. minhtml_test.go compares the two on every page of the
// sample portal, on cases made for each rule, and under fuzzing.
//
// Parts that many pages share (list items, a site's header) can be
// minified once (Part) and copied into each page (AppendSpans, Span):
// span_test.go checks, also under fuzzing, that the bytes are those of
// the page minified whole.
package minhtml

import (
	"bytes"
	"math"

	"github.com/tdewolff/minify/v2"
	mhtml "github.com/tdewolff/minify/v2/html"
	"github.com/tdewolff/parse/v2"
	"github.com/tdewolff/parse/v2/buffer"
	"github.com/tdewolff/parse/v2/html"
)

// traits are the minifier's tag and attribute traits (tables.go).
type traits uint16

const (
	normalTag traits = 1 << iota
	rawTag           // raw tags need special processing for their content
	blockTag         // remove spaces around these tags
	objectTag        // keep spaces after these open/close tags
	omitPTag         // omit p end tag if it is followed by this start tag
	keepPTag         // keep p end tag if it is followed by this end tag
)

const (
	booleanAttr traits = 1 << iota
	urlAttr
	trimAttr
)

type tokenKind uint8

const (
	textToken tokenKind = iota
	startToken
	endToken
	doctypeToken
	spanToken // a Span of Append's caller: attr is its index
)

// token is one text, tag or doctype of the source. Its attributes are
// attrs[attr : attr+nattrs] of the Minifier.
// Offsets are 32 bits (tokenize declines a larger page), so that a
// token is 24 bytes: a page has thousands.
type token struct {
	start, end   int32 // text: the text; a tag: its name
	attr, nattrs int32
	hash         mhtml.Hash
	traits       traits
	kind         tokenKind
}

// attribute is one name="value" or bare name of a start tag.
type attribute struct {
	name    []byte
	val     []byte // a copy without the quotes, which the rules may rewrite; nil without =
	hash    mhtml.Hash
	traits  traits
	quote   byte // '"' when the attribute had a value
	removed bool // dropped by a tag's rule (a name equal to the id, a charset with src…)
}

// Minifier minifies HTML documents one after another, reusing its buffers.
// It is not safe for concurrent use.
type Minifier struct {
	m     *minify.M // minifies <script> contents, as the HTML minifier does
	toks  []token
	attrs []attribute
	arena []byte // attribute value copies
	text  []byte // the text being rewritten
	code  []byte // a copy of the script being minified
	esc   []byte // EscapeAttrVal's buffer

	// Whether the last emit ended inside <pre> (when it succeeded), or
	// declined a span inside <pre>.
	endInPre, spanInPre bool
}

// New returns a Minifier whose <script> contents are minified by m, which
// must be the minify.M the HTML minifier would use (with no URL set).
func New(m *minify.M) *Minifier {
	return &Minifier{m: m}
}

// Append appends src minified to dst and returns it with true, or returns
// dst and false when src holds HTML outside the subset it knows: the caller
// then minifies src with the HTML minifier. src is never changed.
func (z *Minifier) Append(dst, src []byte) ([]byte, bool) {
	return z.AppendSpans(dst, src, nil)
}

// A Span is a part of a document whose minified bytes are known: src[Start:End]
// of AppendSpans's src, minified alone by Part into Min. Parts repeated
// across pages (list items, a site's header and footer) are minified once
// and copied into each page.
type Span struct {
	Start, End int
	Min        []byte
}

// AppendSpans is Append where each span of src is copied minified from
// its Min instead of being minified again: the same bytes. Spans are in
// order and do not overlap. When a span does not start and end where
// tokens do, or starts inside <pre> (where white space is kept), src is
// minified without spans.
func (z *Minifier) AppendSpans(dst, src []byte, spans []Span) ([]byte, bool) {
	if z.m.URL != nil {
		return dst, false
	}
	tokenized, spansFit := z.tokenize(src, spans)
	if !tokenized {
		return dst, false
	}
	if !spansFit {
		return z.AppendSpans(dst, src, nil)
	}
	n := len(dst)
	out, ok := z.emit(dst, src, spans)
	if !ok {
		if z.spanInPre {
			return z.AppendSpans(out[:n], src, nil)
		}
		return out[:n], false
	}
	return out, true
}

// Part appends part minified alone to dst and reports whether it can be a
// Span of a page: whether its minified bytes are what they are inside any
// page that has part where a tag may start outside <pre> and raw text.
// That holds when part starts with a block start tag and ends with a
// block end tag and leaves no <pre> open: the minifier's state after such
// a start tag is the same whatever came before (space before the next
// text is dropped, no raw text, no <pre>), after such an end tag the
// same whatever part held, and its lookahead for the white space before a
// tag stops at a block tag, so no decision inside part looks beyond it and
// none outside looks into it. Otherwise it returns dst and false.
func (z *Minifier) Part(dst, part []byte) ([]byte, bool) {
	if z.m.URL != nil {
		return dst, false
	}
	if ok, _ := z.tokenize(part, nil); !ok || len(z.toks) == 0 {
		return dst, false
	}
	first, last := &z.toks[0], &z.toks[len(z.toks)-1]
	if first.kind != startToken || !blockNotObject(first.traits) || first.traits&rawTag != 0 ||
		last.kind != endToken || !blockNotObject(last.traits) {
		return dst, false
	}
	n := len(dst)
	out, ok := z.emit(dst, part, nil)
	if !ok || z.endInPre {
		return out[:n], false
	}
	return out, true
}

// blockNotObject reports whether a tag with traits tr sets emit's
// omitSpace: a block tag that is not also an object tag.
func blockNotObject(tr traits) bool {
	return tr&blockTag != 0 && tr&objectTag == 0
}

var doctype = []byte("<!doctype html>")

// tokenize splits src into tokens as the minifier's lexer would, and
// reports false for anything outside the subset. Each span becomes one
// spanToken; fit is false when a span does not start where a token
// starts or ends outside src.
func (z *Minifier) tokenize(src []byte, spans []Span) (ok, fit bool) {
	z.toks, z.attrs, z.arena = z.toks[:0], z.attrs[:0], z.arena[:0]
	if len(src) > math.MaxInt32 {
		return false, false // beyond token's offsets
	}
	if bytes.IndexByte(src, 0) >= 0 {
		return false, false // the lexer reads NUL as the end of its input
	}
	next := 0 // the next span
	for i := 0; i < len(src); {
		if next < len(spans) {
			sp := &spans[next]
			if i > sp.Start || sp.End > len(src) || sp.End <= sp.Start {
				return true, false
			}
			if i == sp.Start {
				z.toks = append(z.toks, token{kind: spanToken, attr: int32(next), traits: blockTag})
				i = sp.End
				next++
				continue
			}
		}
		if src[i] != '<' {
			j := bytes.IndexByte(src[i:], '<')
			if j < 0 {
				j = len(src) - i
			}
			z.toks = append(z.toks, token{kind: textToken, start: int32(i), end: int32(i + j)})
			i += j
			continue
		}
		if i+1 >= len(src) {
			return false, false
		}
		switch c := src[i+1]; {
		case c == '/':
			j := i + 2
			for j < len(src) && isNameByte(src[j]) {
				j++
			}
			if j == i+2 || j >= len(src) || src[j] != '>' {
				return false, false
			}
			h, tr, ok := tagOf(src[i+2 : j])
			if !ok {
				return false, false
			}
			z.toks = append(z.toks, token{kind: endToken, start: int32(i + 2), end: int32(j), hash: h, traits: tr})
			i = j + 1
		case 'a' <= c && c <= 'z':
			j, ok := z.startTag(src, i)
			if !ok {
				return false, false
			}
			i = j
		case c == '!' && len(src)-i >= len(doctype) && parse.EqualFold(src[i:i+len(doctype)], doctype):
			z.toks = append(z.toks, token{kind: doctypeToken})
			i += len(doctype)
		default:
			return false, false // a comment, a stray "<", an uppercase tag…
		}
	}
	return true, next == len(spans)
}

// startTag reads the start tag at src[i] (a "<" and a lowercase letter)
// and, for <script> and <title>, the text up to their end tag. It returns
// where the next token starts.
func (z *Minifier) startTag(src []byte, i int) (int, bool) {
	j := i + 1
	for j < len(src) && isNameByte(src[j]) {
		j++
	}
	name := src[i+1 : j]
	h, tr, ok := tagOf(name)
	if !ok {
		return 0, false
	}
	t := token{kind: startToken, start: int32(i + 1), end: int32(j), hash: h, traits: tr, attr: int32(len(z.attrs))}
	for {
		k := j
		for k < len(src) && parse.IsWhitespace(src[k]) {
			k++
		}
		if k >= len(src) {
			return 0, false
		}
		if src[k] == '>' {
			j = k + 1
			break
		}
		if k == j || src[k] < 'a' || 'z' < src[k] {
			return 0, false // attributes run together, "/>", an uppercase name…
		}
		e := k
		for e < len(src) && isAttrNameByte(src[e]) {
			e++
		}
		a := attribute{name: src[k:e]}
		a.hash = mhtml.ToHash(a.name)
		if a.traits, ok = attrOf(a.hash); !ok {
			return 0, false
		}
		if a.hash == mhtml.Style || len(a.name) > 2 && a.name[0] == 'o' && a.name[1] == 'n' {
			return 0, false // the minifier runs its CSS or JS minifier on these
		}
		j = e
		if e < len(src) && src[e] == '=' {
			if e+1 >= len(src) || src[e+1] != '"' {
				return 0, false
			}
			q := bytes.IndexByte(src[e+2:], '"')
			if q < 0 {
				return 0, false
			}
			start := len(z.arena)
			z.arena = append(z.arena, src[e+2:e+2+q]...)
			a.val = z.arena[start:len(z.arena):len(z.arena)]
			a.quote = '"'
			j = e + 2 + q + 1
		}
		z.attrs = append(z.attrs, a)
		t.nattrs++
	}
	z.toks = append(z.toks, t)
	if h != mhtml.Script && h != mhtml.Title {
		return j, true
	}
	if h == mhtml.Script && t.nattrs == 0 {
		return 0, false // an inline script, or an empty one the minifier drops
	}
	// The lexer reads their content as raw text up to the end tag: accept
	// it only when that is also where the next "<" is.
	k := bytes.IndexByte(src[j:], '<')
	if k < 0 {
		return 0, false
	}
	end := src[j+k:]
	if len(end) < 3+len(name) || end[1] != '/' || !bytes.Equal(end[2:2+len(name)], name) || end[2+len(name)] != '>' {
		return 0, false
	}
	if k > 0 {
		z.toks = append(z.toks, token{kind: textToken, start: int32(j), end: int32(j + k)})
	}
	return j + k, true
}

// tagOf returns the hash and traits of a lowercase tag name, and false
// for names the minifier has no traits for or that this package leaves
// to it: raw-text and XML tags, <template>, and the form controls whose
// text the minifier drops.
func tagOf(name []byte) (mhtml.Hash, traits, bool) {
	h := mhtml.ToHash(name)
	i, ok := slot(h)
	if !ok {
		return 0, 0, false
	}
	tr := traits(tagTable[i])
	if tr == 0 || tr&leftToMinifierBit != 0 {
		return 0, 0, false
	}
	return h, tr, true
}

// attrOf returns the traits of an attribute's hash, and false for a hash
// without a slot in attrTable (none has one in the version followed).
func attrOf(h mhtml.Hash) (traits, bool) {
	i, ok := slot(h)
	return traits(attrTable[i]), ok
}

// leftToMinifierBit marks in tagTable the tags tagOf refuses; the
// minifier's traits use the bits below it.
const leftToMinifierBit traits = 1 << 7

func leftToMinifier(h mhtml.Hash) traits {
	switch h {
	case mhtml.Style, mhtml.Iframe, mhtml.Math, mhtml.Svg, mhtml.Textarea, mhtml.Xmp, mhtml.Plaintext,
		mhtml.Template, mhtml.Select, mhtml.Optgroup, mhtml.Option, mhtml.Colgroup,
		mhtml.Noscript, mhtml.Noembed, mhtml.Noframes:
		return leftToMinifierBit
	}
	return 0
}

// tagTable and attrTable are tagTraits and attrTraits indexed by slot,
// which is quicker than a map. The minifier's traits fit a byte.
var tagTable, attrTable [1 << 16]uint8

// slot returns where hash h is in tagTable and attrTable. A hash is the
// offset of its name in the minifier's table of names, shifted by 8, and
// the name's length: offsets below 2048 and lengths below 32 have a slot.
func slot(h mhtml.Hash) (int, bool) {
	off, n := int(h>>8), int(h&0xff)
	if off >= 1<<11 || n >= 1<<5 {
		return 0, false
	}
	return off<<5 | n, true
}

func init() {
	for h, tr := range tagTraits {
		if i, ok := slot(h); ok {
			tagTable[i] = uint8(tr | leftToMinifier(h))
		}
	}
	for h, tr := range attrTraits {
		if i, ok := slot(h); ok {
			attrTable[i] = uint8(tr)
		}
	}
}

// isNameByte reports the bytes accepted in a tag name.
func isNameByte(c byte) bool {
	return 'a' <= c && c <= 'z' || '0' <= c && c <= '9'
}

// isAttrNameByte reports the bytes accepted in an attribute name.
func isAttrNameByte(c byte) bool {
	return 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '_' || c == ':' || c == '.'
}

var (
	httpBytes       = []byte("http")
	dataSchemeBytes = []byte("data:")
	radioBytes      = []byte("radio")
	onBytes         = []byte("on")
	keywordsBytes   = []byte("keywords")
	viewportBytes   = []byte("viewport")
	jsMimeBytes     = []byte("application/javascript")
	textJSBytes     = []byte("text/javascript")
	cssMimeBytes    = []byte("text/css")
	textBytes       = []byte("text")
	submitBytes     = []byte("submit")
	getBytes        = []byte("get")
	formMimeBytes   = []byte("application/x-www-form-urlencoded")
	oneBytes        = []byte("one") // sic: the minifier compares colspan, rowspan and span with "one"
	rectBytes       = []byte("rect")
	allBytes        = []byte("all")
)

// emit writes the tokens minified, following the minifier's Minify loop.
// It reports false, with what it wrote so far, for a script the
// sub-minifier refuses, so that the minifier itself reports the error,
// and for a span inside <pre> (z.spanInPre).
func (z *Minifier) emit(w, src []byte, spans []Span) ([]byte, bool) {
	omitSpace := true // the next leading space is omitted
	inPre := false
	z.spanInPre = false
	var rawTagHash mhtml.Hash
	var rawTagMediatype []byte
	for k := 0; k < len(z.toks); k++ {
		t := &z.toks[k]
		switch t.kind {
		case spanToken:
			// As its own tokens would: a block start tag first (the
			// state it leaves does not depend on what came before,
			// outside <pre>), a block end tag last (Part).
			if inPre {
				z.spanInPre = true
				return w, false
			}
			w = append(w, spans[t.attr].Min...)
			rawTagHash = 0
			omitSpace = true
		case doctypeToken:
			w = append(w, doctype...)
		case textToken:
			data := src[t.start:t.end]
			if rawTagHash != 0 { // <script>: the only raw tag tokenize lets through
				var ok bool
				if w, ok = z.script(w, data, rawTagMediatype); !ok {
					return w, false
				}
				continue
			}
			if inPre {
				w = append(w, data...)
				continue
			}
			// Text without "&" is collapsed straight into w; the leading run
			// of white space, which the minifier would make one space and
			// then drop, is skipped first.
			at := len(w)
			if bytes.IndexByte(data, '&') < 0 {
				if omitSpace {
					data = trimLeftSpace(data)
				}
				w = collapseSpace(w, data)
			} else {
				z.text = append(z.text[:0], data...)
				text := parse.ReplaceMultipleWhitespaceAndEntities(z.text, mhtml.EntitiesMap, mhtml.TextRevEntitiesMap)
				if omitSpace && parse.IsWhitespace(text[0]) {
					text = text[1:]
				}
				w = append(w, text...)
			}
			omitSpace = false
			if len(w) == at {
				omitSpace = true
			} else if parse.IsWhitespace(w[len(w)-1]) {
				var trim bool
				trim, omitSpace = z.trimBeforeBlock(src, k)
				if trim {
					w = w[:len(w)-1]
				}
			}
		case endToken:
			rawTagHash = 0
			if t.hash == mhtml.Pre {
				inPre = false
			}
			if t.traits&objectTag != 0 {
				omitSpace = false
			} else if t.traits&blockTag != 0 {
				omitSpace = true
			}
			w = append(w, '<', '/')
			w = append(w, src[t.start:t.end]...)
			w = append(w, '>')
		case startToken:
			rawTagHash = 0
			if t.traits&rawTag != 0 {
				rawTagHash = t.hash
				rawTagMediatype = nil
			}
			if t.hash == mhtml.Pre {
				inPre = true
			}
			if t.traits&objectTag != 0 {
				omitSpace = false
			} else if t.traits&blockTag != 0 {
				omitSpace = true
			}
			w = append(w, '<')
			w = append(w, src[t.start:t.end]...)
			if t.nattrs > 0 {
				var ok bool
				if w, rawTagMediatype, ok = z.attributes(w, t, rawTagHash); !ok {
					return w, false
				}
			}
			w = append(w, '>')
			// keep the space after phrasing tags that are empty (<i></i> icons…)
			if t.traits == normalTag && k+1 < len(z.toks) {
				if next := &z.toks[k+1]; next.kind == endToken && next.hash == t.hash {
					omitSpace = false
				}
			}
		}
	}
	z.endInPre = inPre
	return w, true
}

// collapseSpace appends s to dst with each run of white space made one
// character: a newline when the run holds one, else a space. This is what
// parse.ReplaceMultipleWhitespaceAndEntities does to text without "&", in
// one pass, copying the runs that need no change whole.
func collapseSpace(dst, s []byte) []byte {
	from := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c > ' ' {
			continue
		}
		if c == ' ' && i+1 < len(s) && s[i+1] > ' ' {
			i++ // one space between words, the common case: kept
			continue
		}
		if !parse.IsWhitespace(c) {
			continue
		}
		j := i + 1
		newline := parse.IsNewline(c)
		for ; j < len(s) && parse.IsWhitespace(s[j]); j++ {
			newline = newline || parse.IsNewline(s[j])
		}
		if j == i+1 && (c == ' ' || c == '\n') {
			continue // one space or newline: already what the run becomes
		}
		dst = append(dst, s[from:i]...)
		if newline {
			dst = append(dst, '\n')
		} else {
			dst = append(dst, ' ')
		}
		from = j
		i = j - 1
	}
	return append(dst, s[from:]...)
}

// plainValue reports whether an attribute value is words between single
// spaces, without entities: what parse.ReplaceMultipleWhitespaceAndEntities
// and parse.TrimWhitespace return unchanged (a title, a description, a
// class list), so the minifier's rewriting can be skipped.
func plainValue(v []byte) bool {
	n := len(v)
	if n == 0 {
		return true
	}
	if v[0] <= ' ' || v[n-1] <= ' ' {
		return false
	}
	for i, c := range v {
		// The last byte is above the space (checked first), so a space
		// has a next byte.
		if c < ' ' || c == '&' || c == ' ' && v[i+1] <= ' ' {
			return false
		}
	}
	return true
}

// trimLeftSpace returns s without its leading white space.
func trimLeftSpace(s []byte) []byte {
	i := 0
	for i < len(s) && parse.IsWhitespace(s[i]) {
		i++
	}
	return s[i:]
}

// trimBeforeBlock reports whether the trailing space of the text token k
// goes: when the next token that is not white space or an inline end tag
// is a block tag or the end, looking at most 100 of the minifier's tokens
// ahead (a start tag, each attribute and the ">" are one each; a start tag
// ends the search anyway). It also returns the new omitSpace.
func (z *Minifier) trimBeforeBlock(src []byte, k int) (trim, omitSpace bool) {
	i := 0
	for j := k + 1; ; j++ {
		if 100 < i {
			return false, false
		}
		if j == len(z.toks) {
			return true, false
		}
		next := &z.toks[j]
		switch next.kind {
		case textToken:
			if !parse.IsAllWhitespace(src[next.start:next.end]) {
				return false, true
			}
		case startToken, spanToken: // a span starts with a block start tag
			if next.traits&blockTag != 0 {
				return true, false
			}
			return false, true
		case endToken:
			if next.traits&blockTag != 0 {
				return true, false
			}
		}
		i++
	}
}

// script writes the content of a <script> through the minifier for its
// type, as the HTML minifier does, or unchanged when there is none.
func (z *Minifier) script(w, data, mediatype []byte) ([]byte, bool) {
	mimetype := jsMimeBytes
	var params map[string]string
	if len(mediatype) > 0 {
		mimetype, params = parse.Mediatype(mediatype)
	}
	if params == nil {
		params = map[string]string{}
	}
	params["escape-html"] = "1"
	if isJSON(mimetype) && compactJSON(data) {
		// What the JSON minifier writes for it: the same tokens, no space
		// between them, and no number for it to shorten (the JSON-LD
		// congbo writes, encoded as encoding/json does).
		return append(w, data...), true
	}
	z.code = append(z.code[:0], data...) // the sub-minifier may write into its input
	out := buffer.NewWriter(w)
	if err := z.m.MinifyMimetype(mimetype, out, buffer.NewReader(z.code), params); err != nil {
		if err != minify.ErrNotExist {
			return w, false
		}
		return append(w, data...), true
	}
	return out.Bytes(), true
}

// isJSON reports whether mimetype is one the minifier gives to its JSON
// minifier ("[/+]json$", as publish registers it).
func isJSON(mimetype []byte) bool {
	return bytes.HasSuffix(mimetype, []byte("/json")) || bytes.HasSuffix(mimetype, []byte("+json"))
}

// compactJSON reports whether data is one JSON value (RFC 8259) with no
// white space outside its strings and no numbers: the JSON minifier, which
// writes each token again with "," and ":" between them and shortens
// numbers, gives it back unchanged. Anything else is left to it, which
// also reports what is not JSON. Not json.Valid and a scan: on a press
// release's 874 bytes of JSON-LD that takes 4 µs, more than minifying it,
// this 0.55 µs.
func compactJSON(data []byte) bool {
	i, ok := compactValue(data, 0, 0)
	return ok && i == len(data)
}

// compactValue reads the value at data[i], no deeper than 1,000 levels,
// and returns where it ends.
func compactValue(data []byte, i, depth int) (int, bool) {
	if i >= len(data) || depth > 1000 {
		return i, false
	}
	switch c := data[i]; c {
	case '"':
		return compactString(data, i)
	case '{', '[':
		end := byte('}')
		if c == '[' {
			end = ']'
		}
		i++
		if i < len(data) && data[i] == end {
			return i + 1, true
		}
		for {
			var ok bool
			if c == '{' {
				if i, ok = compactString(data, i); !ok || i >= len(data) || data[i] != ':' {
					return i, false
				}
				i++
			}
			if i, ok = compactValue(data, i, depth+1); !ok || i >= len(data) {
				return i, false
			}
			switch data[i] {
			case ',':
				i++
			case end:
				return i + 1, true
			default:
				return i, false
			}
		}
	}
	for _, lit := range []string{"true", "false", "null"} {
		if bytes.HasPrefix(data[i:], []byte(lit)) {
			return i + len(lit), true
		}
	}
	return i, false // a number, white space, or not JSON
}

// compactString reads the string at data[i]: no control characters, only
// JSON's escapes.
func compactString(data []byte, i int) (int, bool) {
	if i >= len(data) || data[i] != '"' {
		return i, false
	}
	for i++; i < len(data); i++ {
		switch c := data[i]; {
		case c == '"':
			return i + 1, true
		case c < 0x20:
			return i, false
		case c == '\\':
			i++
			if i >= len(data) {
				return i, false
			}
			switch data[i] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			case 'u':
				if i+4 >= len(data) {
					return i, false
				}
				for _, h := range data[i+1 : i+5] {
					if !('0' <= h && h <= '9' || 'a' <= h && h <= 'f' || 'A' <= h && h <= 'F') {
						return i, false
					}
				}
				i += 4
			default:
				return i, false
			}
		}
	}
	return i, false
}

// attributes writes the attributes of start tag t as the minifier's
// attribute loop does, after its rules for <meta>, <script>, <input> and
// <a>. It returns the script type the minifier would remember, and false
// for a data: URL, which it leaves to the minifier.
func (z *Minifier) attributes(w []byte, t *token, rawTagHash mhtml.Hash) ([]byte, []byte, bool) {
	attrs := z.attrs[t.attr : t.attr+t.nattrs]
	var rawTagMediatype []byte
	switch t.hash {
	case mhtml.Meta:
		content, httpEquiv, name := lastAttr(attrs, mhtml.Content), lastAttr(attrs, mhtml.Http_Equiv), lastAttr(attrs, mhtml.Name)
		if content != nil {
			if httpEquiv != nil {
				return w, nil, false // rewritten with the charset rules: left to the minifier
			}
			if name != nil {
				name.val = parse.TrimWhitespace(name.val)
				if parse.EqualFold(name.val, keywordsBytes) {
					content.val = bytes.ReplaceAll(content.val, []byte(", "), []byte(","))
				} else if parse.EqualFold(name.val, viewportBytes) {
					content.val = viewport(content.val)
				}
			}
		}
	case mhtml.Script:
		if src, charset := lastAttr(attrs, mhtml.Src), lastAttr(attrs, mhtml.Charset); src != nil && charset != nil {
			charset.removed = true
		}
	case mhtml.Input:
		if typ, value := lastAttr(attrs, mhtml.Type), lastAttr(attrs, mhtml.Value); typ != nil && value != nil {
			isRadio := parse.EqualFold(typ.val, radioBytes)
			if !isRadio && len(value.val) == 0 || isRadio && parse.EqualFold(value.val, onBytes) {
				value.removed = true
			}
		}
	case mhtml.A:
		if id, name := lastAttr(attrs, mhtml.Id), lastAttr(attrs, mhtml.Name); id != nil && name != nil && bytes.Equal(id.val, name.val) {
			name.removed = true
		}
	}
	for i := range attrs {
		attr := &attrs[i]
		if attr.removed {
			continue
		}
		val := attr.val
		if attr.traits&trimAttr != 0 {
			if !plainValue(val) {
				val = parse.ReplaceMultipleWhitespaceAndEntities(val, mhtml.EntitiesMap, nil)
				val = parse.TrimWhitespace(val)
			}
		} else if bytes.IndexByte(val, '&') >= 0 {
			val = parse.ReplaceEntities(val, mhtml.EntitiesMap, nil)
		}
		if t.traits != 0 {
			if len(val) == 0 && (attr.hash == mhtml.Class || attr.hash == mhtml.Dir || attr.hash == mhtml.Id ||
				attr.hash == mhtml.Name || attr.hash == mhtml.Action && t.hash == mhtml.Form) {
				continue // empty values that mean nothing
			}
			if rawTagHash != 0 && attr.hash == mhtml.Type {
				rawTagMediatype = parse.Copy(val)
			}
			if attr.hash == mhtml.Enctype || attr.hash == mhtml.Formenctype || attr.hash == mhtml.Accept ||
				attr.hash == mhtml.Type && (t.hash == mhtml.A || t.hash == mhtml.Link || t.hash == mhtml.Embed ||
					t.hash == mhtml.Object || t.hash == mhtml.Source || t.hash == mhtml.Script) {
				val = minify.Mediatype(val)
			}
			if defaultValue(t.hash, attr.hash, val) {
				continue
			}
			if attr.traits&urlAttr != 0 {
				val = parse.TrimWhitespace(val)
				if 5 < len(val) {
					if parse.EqualFold(val[:4], httpBytes) {
						if val[4] == ':' {
							parse.ToLower(val[:4])
						} else if (val[4] == 's' || val[4] == 'S') && val[5] == ':' {
							parse.ToLower(val[:5])
						}
					} else if parse.EqualFold(val[:5], dataSchemeBytes) {
						return w, nil, false // the minifier minifies the data itself
					}
				}
			}
		}
		w = append(w, ' ')
		w = append(w, attr.name...)
		if 0 < len(val) && attr.traits&booleanAttr == 0 {
			w = append(w, '=')
			if attr.quote == '"' && bytes.IndexByte(val, '"') < 0 {
				// What EscapeAttrVal returns for a value without a double
				// quote that had double quotes, found without its scan.
				w = append(w, '"')
				w = append(w, val...)
				w = append(w, '"')
				continue
			}
			w = append(w, html.EscapeAttrVal(&z.esc, val, attr.quote, true)...)
		}
	}
	return w, rawTagMediatype, true
}

// lastAttr returns the last attribute with hash h, as the minifier's
// TokenBuffer.Attributes does, or nil.
func lastAttr(attrs []attribute, h mhtml.Hash) *attribute {
	var found *attribute
	for i := range attrs {
		if attrs[i].hash == h {
			found = &attrs[i]
		}
	}
	return found
}

// defaultValue reports the attribute values the minifier omits because
// they are the default (KeepDefaultAttrVals is off).
func defaultValue(tag, attr mhtml.Hash, val []byte) bool {
	switch attr {
	case mhtml.Type:
		switch tag {
		case mhtml.Script:
			return parse.EqualFold(val, textJSBytes) || parse.EqualFold(val, jsMimeBytes)
		case mhtml.Style, mhtml.Link:
			return parse.EqualFold(val, cssMimeBytes)
		case mhtml.Input:
			return parse.EqualFold(val, textBytes)
		case mhtml.Button:
			return parse.EqualFold(val, submitBytes)
		}
	case mhtml.Method:
		return parse.EqualFold(val, getBytes)
	case mhtml.Enctype:
		return parse.EqualFold(val, formMimeBytes)
	case mhtml.Colspan, mhtml.Rowspan, mhtml.Span:
		return bytes.Equal(val, oneBytes)
	case mhtml.Shape:
		return parse.EqualFold(val, rectBytes)
	case mhtml.Media:
		return tag == mhtml.Style && parse.EqualFold(val, allBytes)
	}
	return false
}

// viewport removes the spaces of a viewport <meta>'s content and shortens
// its numbers, as the minifier does.
func viewport(val []byte) []byte {
	val = bytes.ReplaceAll(val, []byte(" "), []byte(""))
	for i := 0; i < len(val); i++ {
		if val[i] == '=' && i+2 < len(val) {
			i++
			if n := parse.Number(val[i:]); 0 < n {
				minNum := minify.Number(val[i:i+n], -1)
				if len(minNum) < n {
					copy(val[i:i+len(minNum)], minNum)
					copy(val[i+len(minNum):], val[i+n:])
					val = val[:len(val)+len(minNum)-n]
				}
				i += len(minNum)
			}
			i-- // mitigate for-loop increase
		}
	}
	return val
}
