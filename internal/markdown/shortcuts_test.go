package markdown

import (
	"bufio"
	"bytes"
	"strings"
	"testing"

	"github.com/yuin/goldmark/renderer/html"
)

// writerCases are texts for textWriter: plain ones it writes as they are,
// and every byte that DefaultWriter changes.
var writerCases = []string{
	"", "Thừa Thiên Huế", "a b\tc\n", "x < y > z", `"trích"`, "a & b", "&amp; &#7843; &#x1EA3; &nosuch;",
	`\* \a \\`, "trailing \\", "nul \x00 byte", "\xff\xfe invalid", "javascript:alert(1)", strings.Repeat("dài ", 100),
}

// TestTextWriter checks that textWriter writes what goldmark's
// DefaultWriter writes.
func TestTextWriter(t *testing.T) {
	for _, s := range writerCases {
		checkTextWriter(t, []byte(s))
	}
}

func FuzzTextWriter(f *testing.F) {
	for _, s := range writerCases {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { checkTextWriter(t, []byte(s)) })
}

func checkTextWriter(t *testing.T, src []byte) {
	t.Helper()
	write := func(w html.Writer, raw bool) string {
		var b bytes.Buffer
		out := bufio.NewWriter(&b)
		if raw {
			w.RawWrite(out, src)
		} else {
			w.Write(out, src)
		}
		_ = out.Flush()
		return b.String()
	}
	for _, raw := range []bool{false, true} {
		if got, want := write(textWriter{html.DefaultWriter}, raw), write(html.DefaultWriter, raw); got != want {
			t.Errorf("raw %v, %q: got %q, want %q", raw, src, got, want)
		}
	}
}

// fieldsCases are texts for fields: spaces of every kind, invalid UTF-8.
var fieldsCases = []string{
	"", " ", "một", "  một  hai\tba\nbốn  ", "a\u00a0b\u3000c\u2003d\u0085e", "\xff \xfe\xfd  x",
	strings.Repeat("Bộ Khoa học và Công nghệ thông báo ", 10), strings.Repeat("chữ", 100) + " cuối",
}

// TestFields checks that fields is strings.Fields joined by spaces, as far
// as truncate reads it.
func TestFields(t *testing.T) {
	for _, s := range fieldsCases {
		checkFields(t, s)
	}
}

func FuzzFields(f *testing.F) {
	for _, s := range fieldsCases {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { checkFields(t, s) })
}

func checkFields(t *testing.T, s string) {
	t.Helper()
	joined := strings.Join(strings.Fields(s), " ")
	for _, limit := range []int{0, 1, 2, 5, 10, SummaryLength, 1000} {
		got := fields(s, limit)
		if !strings.HasPrefix(joined, got) || (got != joined && len([]rune(got)) <= limit) {
			t.Errorf("fields(%q, %d) = %q, not all of %q or more than %d runes of it", s, limit, got, joined, limit)
		}
		if limit > 0 {
			if g, w := truncate(got, limit), truncate(joined, limit); g != w {
				t.Errorf("truncate(fields(%q, %d)) = %q, want %q", s, limit, g, w)
			}
		}
	}
}

// TestPosition checks position against counting from the start, for
// offsets in any order.
func TestPosition(t *testing.T) {
	src := []byte("một\nhai ba\n\nĐà Nẵng\n\n\nx")
	st := &pageState{src: src}
	for _, off := range []int{0, 3, 4, 5, 9, 12, 2, 16, 30, 14, 22, 23, 24, 25, -1, 25, 26, 1} {
		c := max(0, min(off, len(src)))
		wantLine := 1 + bytes.Count(src[:c], []byte("\n"))
		wantCol := 1
		for _, b := range src[bytes.LastIndexByte(src[:c], '\n')+1 : c] {
			if b&0xC0 != 0x80 { // a character starts
				wantCol++
			}
		}
		if line, col := st.position(off); line != wantLine || col != wantCol {
			t.Errorf("position(%d) = %d:%d, want %d:%d", off, line, col, wantLine, wantCol)
		}
	}
}
