package markdown

import (
	"bytes"
	"html"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/util"
)

// SummaryLength is the most runes Result.Summary holds, "…" included: what
// search engines show, and the DOMAIN limit for descriptions.
const SummaryLength = 160

// plainText returns the text of n's inline content as a reader sees it:
// no markup, escapes and entities decoded, raw HTML dropped, line breaks as
// spaces, images as their alt text.
func plainText(n ast.Node, src []byte) string {
	var b strings.Builder
	appendText(&b, n, src, true)
	return b.String()
}

// appendText appends the plain text of n's children to b; images count as
// their alt text only when images is true.
func appendText(b *strings.Builder, n ast.Node, src []byte, images bool) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			v := c.Segment.Value(src)
			if c.IsRaw() || n.Kind() == ast.KindCodeSpan {
				b.Write(v)
			} else {
				decodeText(b, v)
			}
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			if c.IsCode() {
				b.WriteString(html.UnescapeString(string(c.Value))) // written as HTML
			} else {
				decodeText(b, c.Value)
			}
		case *ast.AutoLink:
			b.Write(c.Label(src))
		case *ast.RawHTML:
		case *ast.Image:
			if images {
				appendText(b, c, src, images)
			}
		default:
			appendText(b, c, src, images)
		}
	}
}

// decodeText appends Markdown text v to b with backslash escapes and entity
// references decoded, as goldmark's HTML writer reads them.
func decodeText(b *strings.Builder, v []byte) {
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case c == '\\' && i+1 < len(v) && util.IsPunct(v[i+1]):
			i++
			b.WriteByte(v[i])
		case c == 0:
			b.WriteRune(utf8.RuneError)
		case c == '&':
			r, s, n := entity(v[i:])
			switch {
			case n == 0:
				b.WriteByte(c)
				continue
			case s != "":
				b.WriteString(s)
			default:
				b.WriteRune(r)
			}
			i += n - 1
		default:
			b.WriteByte(c)
		}
	}
}

// entity decodes the character reference at the start of v ("&amp;",
// "&#7843;", "&#x1EA3;"), returning a rune or a string and the bytes read, or
// n == 0 when v does not start with one.
func entity(v []byte) (r rune, s string, n int) {
	semi := -1
	for i := 1; i < len(v) && i < 34; i++ {
		if v[i] == ';' {
			semi = i
			break
		}
	}
	if semi < 2 {
		return 0, "", 0
	}
	body := string(v[1:semi])
	if body[0] == '#' {
		digits, base := body[1:], 10
		if len(digits) > 0 && (digits[0] == 'x' || digits[0] == 'X') {
			digits, base = digits[1:], 16
		}
		if len(digits) == 0 || len(digits) > 7 {
			return 0, "", 0
		}
		u, err := strconv.ParseUint(digits, base, 32)
		if err != nil {
			return 0, "", 0
		}
		return util.ToValidRune(rune(u)), "", semi + 1
	}
	if e, ok := util.LookUpHTML5EntityByName(body); ok {
		return 0, string(e.Characters), semi + 1
	}
	return 0, "", 0
}

// summary returns the plain text of the document's first top-level
// paragraphs, spaces collapsed, cut to SummaryLength runes. As in Hugo, a
// line <!--more--> ends the summary where the editor wants it to end.
func summary(doc ast.Node, src []byte) string {
	var b strings.Builder
	for c := doc.FirstChild(); c != nil; c = c.NextSibling() {
		if isMoreDivider(c, src) {
			break
		}
		if c.Kind() != ast.KindParagraph {
			continue
		}
		appendText(&b, c, src, false)
		b.WriteByte(' ')
		if b.Len() > SummaryLength && utf8.RuneCountInString(b.String()) > SummaryLength {
			break
		}
	}
	return truncate(fields(b.String(), SummaryLength), SummaryLength)
}

// isMoreDivider reports whether block n is Hugo's summary divider, an HTML
// block of the comment <!--more--> alone.
func isMoreDivider(n ast.Node, src []byte) bool {
	if n.Kind() != ast.KindHTMLBlock {
		return false
	}
	var text []byte
	lines := n.Lines()
	for i := range lines.Len() {
		seg := lines.At(i)
		text = append(text, seg.Value(src)...)
	}
	return bytes.EqualFold(bytes.TrimSpace(text), []byte("<!--more-->"))
}

// fields returns the words of s (as strings.Fields splits it) joined by
// single spaces, or, once that has more than limit runes, as much of it as
// made it so: truncate(s, limit) reads no further.
func fields(s string, limit int) string {
	var b strings.Builder
	runes := 0
	start, wordRunes := -1, 0 // the word being read
	for i, r := range s {
		if !unicode.IsSpace(r) {
			if start < 0 {
				start, wordRunes = i, 0
			}
			wordRunes++
			continue
		}
		if start < 0 {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
			runes++
		}
		b.WriteString(s[start:i])
		runes += wordRunes
		start = -1
		if runes > limit {
			return b.String()
		}
	}
	if start >= 0 {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(s[start:])
	}
	return b.String()
}

// truncate cuts s to at most n runes at a word boundary, ending with "…".
// A single word longer than half of n is cut inside the word.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	cut, runes := 0, 0
	for i := range s {
		if runes == n-1 {
			cut = i
			break
		}
		runes++
	}
	head := s[:cut]
	if s[cut] != ' ' { // the cut falls inside a word: drop the partial word
		if i := strings.LastIndexByte(head, ' '); i > 0 && utf8.RuneCountInString(head[:i]) >= n/2 {
			head = head[:i]
		}
	}
	head = strings.TrimRight(head, " ,;:-–—")
	return head + "…"
}
