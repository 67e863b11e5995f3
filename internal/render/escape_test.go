package render

import (
	"bytes"
	"html/template"
	"strings"
	"testing"
)

var attrTemplate = template.Must(template.New("").Parse(`<p title="{{.}}">`))

// attrEscapedByTemplate is what html/template prints for s in a quoted
// attribute value: the reference writeAttrEscaped must match.
func attrEscapedByTemplate(t *testing.T, s string) string {
	t.Helper()
	var b strings.Builder
	if err := attrTemplate.Execute(&b, s); err != nil {
		t.Fatal(err)
	}
	return strings.TrimSuffix(strings.TrimPrefix(b.String(), `<p title="`), `">`)
}

func TestWriteAttrEscaped(t *testing.T) {
	for _, s := range []string{
		"",
		"Họp báo Chính phủ thường kỳ tháng 11/2026",
		`"Tin giả" & <tin đồn> về 'giá xăng' +5%`,
		"nul\x00byte",
		"\xff\xfe invalid UTF-8 \xc3",
		"\ufdd0 \uffff noncharacters",
		"<<>>&&''\"\"++",
	} {
		var b bytes.Buffer
		writeAttrEscaped(&b, s)
		if got, want := b.String(), attrEscapedByTemplate(t, s); got != want {
			t.Errorf("writeAttrEscaped(%q) = %q, html/template prints %q", s, got, want)
		}
	}
}

func FuzzWriteAttrEscaped(f *testing.F) {
	f.Add(`Bộ "Y tế" & <Sở> 'a'+b`)
	f.Add("\x00\xff\ufdd0")
	f.Fuzz(func(t *testing.T, s string) {
		var b bytes.Buffer
		writeAttrEscaped(&b, s)
		if got, want := b.String(), attrEscapedByTemplate(t, s); got != want {
			t.Errorf("writeAttrEscaped(%q) = %q, html/template prints %q", s, got, want)
		}
	})
}
