package render

import (
	"bytes"
	"encoding/json"
	"html/template"
	"regexp"
	"testing"
)

// TestJSONLDInScript checks that text able to end a script element or
// confuse an HTML parser stays inside the data block, and that the block
// is valid JSON with the same values.
func TestJSONLDInScript(t *testing.T) {
	tricky := "</script><script>alert(1)</script> <!-- & \u2028 'x' \"y\""
	tmpl := template.Must(template.New("t").Funcs(template.FuncMap{"jsonld": jsonLD}).Parse(
		`<script type="application/ld+json">{{jsonld .}}</script>`))
	var buf bytes.Buffer
	if err := tmpl.Execute(&buf, map[string]any{"@type": "NewsArticle", "headline": tricky, "n": 1}); err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`^<script type="application/ld\+json">(.*)</script>$`).FindSubmatch(buf.Bytes())
	if m == nil {
		t.Fatalf("the value escaped its script element: %s", buf.String())
	}
	if bytes.Contains(m[1], []byte("<")) {
		t.Errorf("a raw < is in the data block: %s", m[1])
	}
	var got map[string]any
	if err := json.Unmarshal(m[1], &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, m[1])
	}
	if got["headline"] != tricky || got["@type"] != "NewsArticle" || got["n"] != float64(1) {
		t.Errorf("round trip: got %v", got)
	}
}

func TestBesideURL(t *testing.T) {
	tests := []struct{ url, ext, want string }{
		{"/nguoi-phat-ngon/bo/", "vcf", "/nguoi-phat-ngon/bo/bo.vcf"},
		{"/hop-bao/2026/quy-iv.html", "ics", "/hop-bao/2026/quy-iv.ics"},
		{"/a/", "ics", "/a/a.ics"},
	}
	for _, tt := range tests {
		if got := besideURL(tt.url, tt.ext); got != tt.want {
			t.Errorf("besideURL(%q, %q) = %q, want %q", tt.url, tt.ext, got, tt.want)
		}
	}
}

func TestLines(t *testing.T) {
	got := lines("- một\n\n* hai\n  ba  \n")
	want := []string{"một", "hai", "ba"}
	if len(got) != len(want) {
		t.Fatalf("got %q", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("line %d: got %q, want %q", i, got[i], want[i])
		}
	}
}
