package render

import (
	"encoding/json"
	"testing"
	"time"
)

func TestAppendJSONMatchesMarshal(t *testing.T) {
	for _, v := range []any{
		nil, "", "plain", `quote " and \ back`, "<script>&</script>", "tab\tnew\nline\r\b\f\x00\x1f",
		"Việt Nam – “ngoặc” \u2028 \u2029", "bad \xff utf-8 \xe2\x82", true, false, 0, -42, 3.25, 1e21,
		[]string{"vi", "en"}, []string(nil), []any{}, []any(nil), []any{"a", 1, nil, map[string]any{"b": true}},
		map[string]any{}, map[string]any(nil),
		map[string]any{"@type": "NewsArticle", "z": "last", "a&b": "<x>", "nested": map[string]any{"k": []any{1, "two"}}},
		time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC), // falls back to json.Marshal
	} {
		want, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		got, err := appendJSON(nil, v)
		if err != nil {
			t.Fatalf("%#v: %v", v, err)
		}
		if string(got) != string(want) {
			t.Errorf("%#v:\n got %s\nwant %s", v, got, want)
		}
	}
}

func FuzzAppendJSONString(f *testing.F) {
	for _, s := range []string{"", "a<b>&c", "\"\\\b\f\n\r\t\x00\x7f", "\u2028\u2029", "\xff\xfe", "Đà Nẵng"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		if got := appendJSONString(nil, s); string(got) != string(want) {
			t.Errorf("%q:\n got %s\nwant %s", s, got, want)
		}
		key := map[string]any{s: s}
		want, _ = json.Marshal(key)
		if got, _ := appendJSON(nil, key); string(got) != string(want) {
			t.Errorf("map key %q:\n got %s\nwant %s", s, got, want)
		}
	})
}
