package content

import (
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

func TestIsPlainNFCAgreesWithNorm(t *testing.T) {
	for _, s := range []string{
		"", "ascii", "Thừa Thiên Huế – “đúng”", "Hoa\u0300", "\xff", "日本", "Ω", "e\u0301", "ǅ", "\u0340", "ự\u0323", "\u2000", "\u2001",
	} {
		if isPlainNFC([]byte(s)) && (!utf8.ValidString(s) || !norm.NFC.IsNormalString(s)) {
			t.Errorf("isPlainNFC(%q) = true, but it is not valid NFC", s)
		}
	}
}

func FuzzIsPlainNFC(f *testing.F) {
	f.Add([]byte("Thừa Thiên Huế"))
	f.Add([]byte("a\u0300"))
	f.Fuzz(func(t *testing.T, b []byte) {
		if isPlainNFC(b) && (!utf8.Valid(b) || !norm.NFC.IsNormal(b)) {
			t.Errorf("isPlainNFC(%q) = true, but it is not valid NFC", b)
		}
	})
}

func BenchmarkNormalize(b *testing.B) {
	page := []byte(strings.Repeat("Thông cáo báo chí của Bộ Kết nối số về chuyển đổi số tại Thừa Thiên Huế – “đúng hạn”.\n", 100))
	b.SetBytes(int64(len(page)))
	for b.Loop() {
		if _, err := Normalize(page); err != nil {
			b.Fatal(err)
		}
	}
}
