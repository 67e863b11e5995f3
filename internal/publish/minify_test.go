package publish

import (
	"testing"
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
