package render

import (
	"slices"
	"strings"
	"testing"

	"github.com/congbo/congbo/internal/markdown"
)

// TestIDList: a page's heading ids kept as one string give back exactly
// the ids, whatever bytes they hold (an id written in the Markdown may
// hold a NUL; a long one needs a length of several bytes).
func TestIDList(t *testing.T) {
	long := strings.Repeat("dài-", 70)
	for _, ids := range [][]string{
		nil,
		{"gioi-thieu"},
		{"muc-1", "muc-hai", "muc-1-1"},
		{"a\x00b", "a", "b"},
		{"", "x", ""},
		{long, "ngắn", long + "2"},
	} {
		hs := make([]markdown.Heading, len(ids))
		for i, id := range ids {
			hs[i].ID = id
		}
		l := joinIDs(hs)
		if got := l.list(); !slices.Equal(got, ids) {
			t.Errorf("list() = %q, want %q", got, ids)
		}
		for _, id := range ids {
			if !l.has(id) {
				t.Errorf("%q: has(%q) = false", ids, id)
			}
		}
		for _, id := range []string{"a\x00", "muc", long[:len(long)-1], "zzz"} {
			if l.has(id) != slices.Contains(ids, id) {
				t.Errorf("%q: has(%q) = %v", ids, id, l.has(id))
			}
		}
	}
	res, err := markdown.New(markdown.Options{}).Render([]byte("## Mục {#a\x00b}\n"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if l := joinIDs(res.Headings); !l.has("a\x00b") || l.has("a") || l.has("b") {
		t.Errorf("the id a\\x00b written in the Markdown: list() = %q", l.list())
	}
}
