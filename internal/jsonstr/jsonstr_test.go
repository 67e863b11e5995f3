package jsonstr

import (
	"bytes"
	"encoding/json"
	"testing"
)

// encoded is s as encoding/json writes it, with or without HTML escaping.
func encoded(t *testing.T, s string, html bool) string {
	t.Helper()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(html)
	if err := enc.Encode(s); err != nil {
		t.Fatal(err)
	}
	return string(bytes.TrimSuffix(b.Bytes(), []byte("\n")))
}

func TestAppend(t *testing.T) {
	for _, s := range []string{
		"", "plain", `quote " and \ back`, "<script>&</script>", "tab\tnew\nline\r\b\f\x00\x1f\x7f",
		"Việt Nam – “ngoặc” \u2028 \u2029", "bad \xff utf-8 \xe2\x82",
	} {
		for _, html := range []bool{true, false} {
			if got, want := string(Append([]byte("x"), s, html)), "x"+encoded(t, s, html); got != want {
				t.Errorf("Append(%q, html=%v) = %s, want %s", s, html, got, want)
			}
		}
	}
}

func FuzzAppend(f *testing.F) {
	for _, s := range []string{"", "a<b>&c", "\"\\\b\f\n\r\t\x00\x7f", "\u2028\u2029", "\xff\xfe", "Đà Nẵng"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, html := range []bool{true, false} {
			if got, want := string(Append(nil, s, html)), encoded(t, s, html); got != want {
				t.Errorf("Append(%q, html=%v) = %s, want %s", s, html, got, want)
			}
		}
	})
}
