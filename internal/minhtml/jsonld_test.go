package minhtml_test

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/congbo/congbo/internal/minhtml"
)

// randomJSON writes a random JSON value: objects, arrays, strings with
// escapes and non-ASCII text, literals and, now and then, numbers.
func randomJSON(r *rand.Rand, b *strings.Builder, depth int) {
	switch k := r.IntN(8); {
	case depth < 4 && k < 2:
		b.WriteByte('{')
		for i := range r.IntN(4) {
			if i > 0 {
				b.WriteByte(',')
			}
			randomString(r, b)
			b.WriteByte(':')
			randomJSON(r, b, depth+1)
		}
		b.WriteByte('}')
	case depth < 4 && k < 4:
		b.WriteByte('[')
		for i := range r.IntN(4) {
			if i > 0 {
				b.WriteByte(',')
			}
			randomJSON(r, b, depth+1)
		}
		b.WriteByte(']')
	case k < 6:
		randomString(r, b)
	case k < 7:
		b.WriteString([]string{"true", "false", "null"}[r.IntN(3)])
	default:
		b.WriteString([]string{"0", "-1", "1000", "1.50", "2e3", "0.5"}[r.IntN(6)])
	}
}

func randomString(r *rand.Rand, b *strings.Builder) {
	pieces := []string{"a", "Bộ Y tế", " ", `\"`, `\\`, `\/`, `\n`, `\u00e9`, `\u2028`, "<", "&", "@type", "https://x.gov.vn/"}
	b.WriteByte('"')
	for range r.IntN(4) {
		b.WriteString(pieces[r.IntN(len(pieces))])
	}
	b.WriteByte('"')
}

// TestJSONLDAsTheMinifier: JSON-LD that needs no minifying is copied as it
// is; it must be what the JSON minifier writes, and what is not compact
// JSON (white space, numbers, mistakes) still goes to the minifier, which
// also refuses what is not JSON.
func TestJSONLDAsTheMinifier(t *testing.T) {
	m := reference()
	z := minhtml.New(m)
	r := rand.New(rand.NewPCG(9, 10))
	mutations := []string{" ", "\n", "\t", ",", ":", "}", "]", "\"", "\\", "\x01", "1", "tru", "{}", "é"}
	compact, accepted := 0, 0
	for range 20_000 {
		var b strings.Builder
		randomJSON(r, &b, 0)
		js := b.String()
		if r.IntN(3) == 0 { // break it somewhere
			at := r.IntN(len(js) + 1)
			js = js[:at] + mutations[r.IntN(len(mutations))] + js[at:]
		}
		if minhtml.CompactJSON([]byte(js)) {
			compact++
		}
		src := `<!doctype html><html lang="vi"><head><title>T</title><script type="application/ld+json">` + js + `</script></head><body><p>x</p></body></html>`
		if compare(t, m, z, []byte(src)) {
			accepted++
		}
	}
	if compact < 5000 || accepted < 10000 {
		t.Errorf("%d compact, %d accepted of 20,000: the test makes too few", compact, accepted)
	}
}

func TestCompactJSON(t *testing.T) {
	for _, c := range []struct {
		js   string
		want bool
	}{
		{`{"@context":"https://schema.org","@type":"NewsArticle","author":{"name":"Bộ"},"x":[true,false,null,"a\"b\\c\u00e9"]}`, true},
		{`{}`, true}, {`[]`, true}, {`""`, true}, {`null`, true},
		{`{"a": 1}`, false},          // white space
		{`{"a":1}`, false},           // a number
		{`{"a":"b"} `, false},        // white space after
		{`{"a":"b"}{}`, false},       // two values
		{`{"a":"b",}`, false},        // a trailing comma
		{`{"a"}`, false},             // no value
		{`{a:"b"}`, false},           // a bare key
		{"{\"a\":\"b\x01\"}", false}, // a control character
		{`{"a":"\x"}`, false},        // an escape JSON lacks
		{`{"a":"\u12"}`, false},      // a short \u
		{`"abc`, false},              // unclosed
		{`[true,nul]`, false},        // a broken literal
		{``, false},
	} {
		if got := minhtml.CompactJSON([]byte(c.js)); got != c.want {
			t.Errorf("compactJSON(%q) = %v, want %v", c.js, got, c.want)
		}
	}
}
