package markdown

import (
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// textWriter is goldmark's html.DefaultWriter, which writes text and
// attribute values byte by byte to escape, decode and unescape them,
// with a shortcut: text holding none of the bytes it changes is written
// as it is, in one call. The output is the same (TestTextWriter).
type textWriter struct {
	html.Writer
}

// Write implements html.Writer: backslash escapes, character references
// and NUL are resolved, then the text is escaped as by RawWrite.
func (w textWriter) Write(out util.BufWriter, source []byte) {
	if plain(source, &writeBytes) {
		_, _ = out.Write(source)
		return
	}
	w.Writer.Write(out, source)
}

// RawWrite implements html.Writer: ", &, <, > and NUL are escaped.
func (w textWriter) RawWrite(out util.BufWriter, source []byte) {
	if plain(source, &rawWriteBytes) {
		_, _ = out.Write(source)
		return
	}
	w.Writer.RawWrite(out, source)
}

// rawWriteBytes marks the bytes RawWrite escapes (util.EscapeHTMLByte),
// writeBytes those Write also treats: a backslash escape, a character
// reference.
var rawWriteBytes, writeBytes = func() (raw, write [256]bool) {
	for c := range 256 {
		raw[c] = util.EscapeHTMLByte(byte(c)) != nil
	}
	write = raw
	write['\\'], write['&'] = true, true
	return raw, write
}()

// plain reports whether no byte of b is marked in special.
func plain(b []byte, special *[256]bool) bool {
	for _, c := range b {
		if special[c] {
			return false
		}
	}
	return true
}
