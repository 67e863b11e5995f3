package minhtml

import (
	"bytes"
	"math/rand/v2"
	"testing"

	mhtml "github.com/tdewolff/minify/v2/html"
	"github.com/tdewolff/parse/v2"
)

// TestPlainValue checks that a value plainValue accepts is one the
// minifier's rewriting of attribute values leaves as it is, and that it
// accepts the plain ones, on random values.
func TestPlainValue(t *testing.T) {
	pieces := []string{"a", "từ", "ngữ", " ", " ", "  ", "\n", "\t", "\r", "\f", "\x01", "&amp;", "&", "&#39;", "dài-hơn-tám-byte", "x=y"}
	r := rand.New(rand.NewPCG(5, 6))
	accepted := 0
	for range 200_000 {
		var v []byte
		for range r.IntN(12) {
			v = append(v, pieces[r.IntN(len(pieces))]...)
		}
		want := parse.TrimWhitespace(parse.ReplaceMultipleWhitespaceAndEntities(bytes.Clone(v), mhtml.EntitiesMap, nil))
		if plainValue(v) {
			accepted++
			if !bytes.Equal(want, v) {
				t.Fatalf("plainValue(%q) but the minifier makes it %q", v, want)
			}
		}
		plain := len(v) == 0 || v[0] > ' ' && v[len(v)-1] > ' ' && !bytes.ContainsAny(v, "&\x00\x01\x02\x03\x04\x05\x06\x07\x08\t\n\v\f\r\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f") && !bytes.Contains(v, []byte("  "))
		if plain != plainValue(v) {
			t.Fatalf("plainValue(%q) = %v, want %v", v, plainValue(v), plain)
		}
	}
	if accepted < 10_000 {
		t.Errorf("only %d values plain: the test makes too few", accepted)
	}
}
