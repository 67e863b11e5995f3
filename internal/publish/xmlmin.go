package publish

import (
	"bytes"
	"fmt"
	"io"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/parse/v2"
	"github.com/tdewolff/parse/v2/xml"
)

// minifyXML removes comments and the whitespace-only text between tags
// (the indentation of feeds and sitemaps) and copies everything else byte
// for byte. It replaces minify's XML minifier, which collapses runs of
// whitespace inside text and so would break the <pre> blocks of the
// escaped HTML that feeds carry.
func minifyXML(_ *minify.M, w io.Writer, r io.Reader, _ map[string]string) error {
	z := parse.NewInput(r)
	defer z.Restore()
	l := xml.NewLexer(z)
	for {
		tt, data := l.Next()
		var err error
		switch tt {
		case xml.ErrorToken:
			if l.Err() == io.EOF {
				return nil
			}
			return fmt.Errorf("xml: %w", l.Err())
		case xml.CommentToken:
			continue
		case xml.TextToken:
			if len(bytes.TrimLeft(data, " \t\r\n")) == 0 {
				continue
			}
			_, err = w.Write(data)
		case xml.AttributeToken: // data starts with the whitespace before it
			if _, err = w.Write([]byte{' '}); err == nil {
				_, err = w.Write(bytes.TrimLeft(data, " \t\r\n"))
			}
		case xml.EndTagToken: // drop whitespace in "</name >"
			_, err = fmt.Fprintf(w, "</%s>", l.Text())
		default:
			_, err = w.Write(data)
		}
		if err != nil {
			return err
		}
	}
}
