package content

import (
	"bytes"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/congbo/congbo/internal/diag"
)

// MaxFileSize is the largest content file congbo reads. A page bigger than
// this is almost surely a mistake (a pasted data dump) and would slow every build.
const MaxFileSize = 4 << 20

// Normalize prepares a content file for parsing: it strips a UTF-8 BOM,
// rejects invalid UTF-8 at the line and column of the first bad byte, turns
// CRLF into LF and converts the text to NFC. Columns count characters, as
// editors do. The returned error is a *diag.Error without a path.
func Normalize(data []byte) ([]byte, error) {
	out, _, err := normalize(data)
	return out, err
}

// normalize is Normalize that also reports whether data was already
// normal, so a later reader of the same file can skip the work.
func normalize(data []byte) (out []byte, unchanged bool, err error) {
	bom := bytes.HasPrefix(data, []byte("\xef\xbb\xbf"))
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if isPlainNFC(data) {
		if bytes.IndexByte(data, '\r') >= 0 {
			return bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n")), false, nil
		}
		return data, !bom, nil
	}
	if !utf8.Valid(data) {
		line, col := badByte(data)
		return nil, false, &diag.Error{Line: line, Col: col, Msg: "invalid UTF-8 (save the file as UTF-8)"}
	}
	if bytes.IndexByte(data, '\r') >= 0 {
		data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	}
	if norm.NFC.QuickSpan(data) != len(data) {
		data = norm.NFC.Bytes(data)
	}
	return data, false, nil
}

// isPlainNFC reports, in one cheap pass, that data is valid UTF-8 made
// only of characters that are NFC whatever surrounds them: everything
// below U+0300 (ASCII, Latin-1, ă â đ ê ô ơ ư), the precomposed Vietnamese
// letters U+1EA0–U+1EF9 and general punctuation from U+2002 (U+2000 and
// U+2001 decompose to other spaces). Almost every Vietnamese
// file qualifies; anything else (combining marks, other scripts, invalid
// bytes) takes the full check. On Vietnamese text it runs at about 1 GB/s,
// eight times utf8.Valid plus norm.QuickSpan (BenchmarkNormalize).
func isPlainNFC(data []byte) bool {
	for i := 0; i < len(data); {
		c := data[i]
		if c < utf8.RuneSelf {
			i++
			continue
		}
		// The common sequences first, without decoding: two bytes below
		// U+0300 (lead C2–CB), Vietnamese letters U+1EA0–U+1EF9 (E1 BA A0 …
		// E1 BB B9) and punctuation U+2002–U+206F (E2 80 82 … E2 81 AF).
		if i+1 < len(data) && 0xC2 <= c && c <= 0xCB && data[i+1]&0xC0 == 0x80 {
			i += 2
			continue
		}
		if i+2 < len(data) && data[i+2]&0xC0 == 0x80 {
			b1, b2 := data[i+1], data[i+2]
			if c == 0xE1 && (b1 == 0xBA && b2 >= 0xA0 || b1 == 0xBB && b2 <= 0xB9) ||
				c == 0xE2 && (b1 == 0x80 && b2 >= 0x82 || b1 == 0x81 && b2 <= 0xAF) {
				i += 3
				continue
			}
		}
		r, size := utf8.DecodeRune(data[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			return false
		case r < 0x300, 0x1EA0 <= r && r <= 0x1EF9, 0x2002 <= r && r <= 0x206F:
		default:
			return false
		}
		i += size
	}
	return true
}

// badByte returns the 1-based line and character column of the first byte
// of data that is not valid UTF-8.
func badByte(data []byte) (line, col int) {
	line, col = 1, 1
	for len(data) > 0 {
		r, size := utf8.DecodeRune(data)
		if r == utf8.RuneError && size <= 1 {
			return line, col
		}
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
		data = data[size:]
	}
	return line, col
}

// SplitFrontMatter splits normalised file text (LF line ends) into its YAML
// front matter and Markdown body. Front matter opens with a line "---" on
// line 1 and closes with the next line "---" (trailing blanks allowed on
// both). frontLine and bodyLine are the 1-based file lines where front and
// body start. Text without an opening "---" is all body (front is nil).
// TOML (+++) front matter and an unclosed block are errors: a *diag.Error
// without a path, at line 1.
func SplitFrontMatter(data []byte) (front []byte, frontLine int, body []byte, bodyLine int, err error) {
	first, rest, _ := bytes.Cut(data, []byte("\n"))
	switch {
	case isFence(first, "+++"):
		return nil, 0, nil, 0, &diag.Error{Line: 1, Col: 1, Msg: "TOML front matter (+++) is not supported (write it in YAML between lines of ---)"}
	case !isFence(first, "---"):
		return nil, 0, data, 1, nil
	}
	line := 2
	for off := 0; off <= len(rest); {
		end := bytes.IndexByte(rest[off:], '\n')
		next := off + end + 1
		if end < 0 {
			end, next = len(rest)-off, len(rest)+1
		}
		if isFence(rest[off:off+end], "---") {
			body = rest[min(next, len(rest)):]
			return rest[:off], 2, body, line + 1, nil
		}
		off = next
		line++
	}
	return nil, 0, nil, 0, &diag.Error{Line: 1, Col: 1, Msg: "front matter is not closed (add a line --- after the last front matter line)"}
}

// isFence reports whether line is fence followed only by blanks.
func isFence(line []byte, fence string) bool {
	rest, ok := bytes.CutPrefix(line, []byte(fence))
	return ok && len(bytes.TrimRight(rest, " \t")) == 0
}
