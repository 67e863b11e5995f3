package markdown

import (
	"strings"

	"github.com/yuin/goldmark/util"
)

// blockedSchemes are URL schemes that run code or reach outside the site when
// a reader clicks: they never become an href or src, whatever Options say.
// data: is blocked for images too; congbo serves images as files.
var blockedSchemes = [...]string{"javascript", "vbscript", "data", "file"}

// dangerousScheme returns the blocked scheme of u ("javascript") or "". u is
// the destination as a browser would see it (entities and escapes decoded).
// Like a browser's URL parser, it ignores ASCII whitespace and control
// characters anywhere in the scheme ("java\tscript:") and compares without
// case ("JaVaScRiPt:").
func dangerousScheme[T string | []byte](u T) string {
	var buf [16]byte
	n := 0
	for i := 0; i < len(u); i++ {
		c := u[i]
		switch {
		case c <= ' ' || c == 0x7f:
			continue
		case c == ':':
			for _, s := range blockedSchemes {
				if string(buf[:n]) == s {
					return s
				}
			}
			return ""
		case c == '/' || c == '?' || c == '#' || n == len(buf):
			return "" // a path, query or fragment comes first, or too long for a blocked scheme
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[n] = c
		n++
	}
	return ""
}

// decodeDest applies Markdown's backslash escapes and entity references to a
// link destination, as goldmark does before writing it, so checks see what
// the browser will see.
func decodeDest(dest []byte) []byte {
	return util.ResolveEntityNames(util.ResolveNumericReferences(util.UnescapePunctuations(dest)))
}

// encodeDest makes url survive decodeDest unchanged: the resolver's URL is
// stored as a Markdown destination and decoded again when written.
func encodeDest(url string) []byte {
	if !strings.ContainsAny(url, `\&`) {
		return []byte(url)
	}
	var b strings.Builder
	for i := 0; i < len(url); i++ {
		switch url[i] {
		case '&':
			b.WriteString("&amp;")
		case '\\':
			b.WriteString("&#92;")
		default:
			b.WriteByte(url[i])
		}
	}
	return []byte(b.String())
}

// IsMarkdownLink reports whether dest (decoded) points at a Markdown file of
// this site: no scheme, not protocol-relative, path ending in ".md".
func IsMarkdownLink(dest string) bool {
	path := dest
	if i := strings.IndexAny(path, "?#"); i >= 0 {
		path = path[:i]
	}
	if strings.HasPrefix(path, "//") || hasScheme(path) {
		return false
	}
	return len(path) > 3 && strings.EqualFold(path[len(path)-3:], ".md")
}

// isRelativeRef reports whether dest (decoded) is a relative reference
// that is not a Markdown file: a bundle's "anh.svg", "../tai-lieu/". Such
// a destination means something different on every page URL, so it is
// resolved to a root-relative one (see Resolve). URLs, "//host/…",
// root-relative paths and bare "#fragment" or "?query" are not.
func isRelativeRef(dest string) bool {
	if dest == "" || strings.HasPrefix(dest, "/") || strings.HasPrefix(dest, "#") || strings.HasPrefix(dest, "?") {
		return false
	}
	path := dest
	if i := strings.IndexAny(path, "?#"); i >= 0 {
		path = path[:i]
	}
	return !hasScheme(path) && !IsMarkdownLink(dest)
}

// hasScheme reports whether s starts with an RFC 3986 scheme and a colon.
func hasScheme(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z':
		case i > 0 && ('0' <= c && c <= '9' || c == '+' || c == '-' || c == '.'):
		case i > 0 && c == ':':
			return true
		default:
			return false
		}
	}
	return false
}
