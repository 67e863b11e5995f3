package publish

import (
	"bytes"
	"testing"

	"github.com/tdewolff/parse/v2/buffer"
)

func TestMinifierBytes(t *testing.T) {
	m := NewMinifier()
	tests := []struct {
		name, ext, in, want string
	}{
		{
			name: "html keeps document and end tags and quotes",
			ext:  ".html",
			in:   "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n  <title>Thông cáo</title>\n</head>\n<body>\n  <p class=\"lead\">Xin   chào</p>\n  <pre>a\n    b</pre>\n</body>\n</html>\n",
			want: "<!doctype html><html lang=\"vi\"><head><title>Thông cáo</title></head><body><p class=\"lead\">Xin chào</p><pre>a\n    b</pre></body></html>",
		},
		{
			name: "json-ld inside html",
			ext:  ".html",
			in:   "<script type=\"application/ld+json\">\n{\n  \"@type\": \"NewsArticle\"\n}\n</script>",
			want: "<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\"}</script>",
		},
		{
			name: "css",
			ext:  ".CSS",
			in:   "body {\n  color: #ff0000;\n}\n",
			want: "body{color:red}",
		},
		{
			name: "json",
			ext:  ".json",
			in:   "{\n  \"a\": [1, 2]\n}\n",
			want: "{\"a\":[1,2]}",
		},
		{
			name: "xml keeps whitespace inside text",
			ext:  ".xml",
			in:   "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss>\n  <item>\n    <description>&lt;pre&gt;a\n    b&lt;/pre&gt;</description>\n  </item>\n</rss>\n",
			want: "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss><item><description>&lt;pre&gt;a\n    b&lt;/pre&gt;</description></item></rss>",
		},
		{
			name: "unknown extension passes unchanged",
			ext:  ".ics",
			in:   "BEGIN:VCALENDAR\r\n  X\r\n",
			want: "BEGIN:VCALENDAR\r\n  X\r\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := m.Bytes(tt.ext, []byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("got\n%q\nwant\n%q", got, tt.want)
			}
		})
	}
}

func TestMinifierBytesError(t *testing.T) {
	_, err := NewMinifier().Bytes(".js", []byte("function ("))
	if err == nil {
		t.Fatal("got nil error for broken JavaScript, want one")
	}
}

func TestMinifyXMLTags(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"attributes and void tags", "<a  b=\"c\"\n d='e' /><f g=\"1\" >x</f >", "<a b=\"c\" d='e'/><f g=\"1\">x</f>"},
		{"comments dropped", "<a><!-- note -->x</a>", "<a>x</a>"},
		{"cdata kept", "<a><![CDATA[ <b>  c ]]></a>", "<a><![CDATA[ <b>  c ]]></a>"},
		{"text kept byte for byte", "<a>  x  &amp;  y  </a>", "<a>  x  &amp;  y  </a>"},
	}
	m := NewMinifier()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := m.Bytes(".xml", []byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestMinifierHTMLPaths checks that HTML gives the minifier's bytes (and
// errors) whether package minhtml minifies it or leaves it to the minifier.
func TestMinifierHTMLPaths(t *testing.T) {
	m := NewMinifier()
	for _, in := range []string{
		"<p>Xin   <b>chào</b> </p>\n<ul>\n<li>a</li>\n</ul>",             // minhtml
		"<p>a<!-- ghi chú --> b</p>",                                     // a comment: the minifier
		"<p style=\"color: red\">a</p>",                                  // a style attribute: the minifier
		"<svg viewBox=\"0 0 1 1\"><path d=\"M0 0\"/></svg><p> x </p>",    // inline SVG: the minifier
		"<script type=\"application/ld+json\">{\"a\": [1, 2]}</script>",  // minhtml and the JSON minifier
		"<script type=\"application/ld+json\">{\"a\": </script><p>x</p>", // broken JSON
		"<script type=\"text/javascript\">function (</script>",           // broken script, no src: the minifier
	} {
		var want []byte
		out := buffer.NewWriter(nil)
		wantErr := m.m.Minify("text/html", out, buffer.NewReader([]byte(in)))
		want = out.Bytes()

		got, err := m.Bytes(".html", []byte(in))
		if (err != nil) != (wantErr != nil) || err == nil && !bytes.Equal(got, want) {
			t.Errorf("Bytes(%q) = %q, %v; want %q, %v", in, got, err, want, wantErr)
		}
		err = m.withBytes(".html", []byte(in), func(b []byte) error {
			if !bytes.Equal(b, want) {
				t.Errorf("withBytes(%q) = %q, want %q", in, b, want)
			}
			return nil
		})
		if (err != nil) != (wantErr != nil) {
			t.Errorf("withBytes(%q) error %v, want %v", in, err, wantErr)
		}
	}
}
