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

// TestIsPlainNFCEveryRune checks every rune, and every truncated
// encoding of one, inside ASCII and at the end of the text: the fast
// paths for common sequences must answer as the decoding rule does.
func TestIsPlainNFCEveryRune(t *testing.T) {
	rule := plainNFCRule
	var buf [utf8.UTFMax]byte
	for r := rune(0); r <= utf8.MaxRune; r++ {
		n := utf8.EncodeRune(buf[:], r)
		for cut := 1; cut <= n; cut++ {
			enc := buf[:cut]
			for _, data := range [][]byte{append([]byte("a"), enc...), append(append([]byte("a"), enc...), 'b')} {
				if got, want := isPlainNFC(data), rule(data); got != want {
					t.Fatalf("isPlainNFC(%q) = %v, want %v", data, got, want)
				}
			}
		}
	}
}

// plainNFCRule is isPlainNFC's rule, decoding every rune.
func plainNFCRule(data []byte) bool {
	for len(data) > 0 {
		r, size := utf8.DecodeRune(data)
		switch {
		case r == utf8.RuneError && size <= 1:
			return false
		case r < 0x300, 0x1EA0 <= r && r <= 0x1EF9, 0x2002 <= r && r <= 0x206F:
		default:
			return false
		}
		data = data[size:]
	}
	return true
}

// TestIsPlainNFCLong checks texts longer than isPlainNFC's chunk, with a
// character that fails it, or is cut, at or near a chunk boundary.
func TestIsPlainNFCLong(t *testing.T) {
	base := strings.Repeat("Thừa Thiên Huế – “đúng” ", 1000)
	for _, bad := range []string{"", "e\u0301", "\xff", "ự"[:2], "日"} {
		for _, at := range []int{0, 1, 4095, 4096, 4097, 8191, 8192, len(base)} {
			data := []byte(base[:at] + bad + base[at:])
			if got, want := isPlainNFC(data), plainNFCRule(data); got != want {
				t.Errorf("isPlainNFC with %q at %d = %v, want %v", bad, at, got, want)
			}
		}
	}
}

func FuzzIsPlainNFC(f *testing.F) {
	f.Add([]byte("Thừa Thiên Huế"))
	f.Add([]byte("a\u0300"))
	f.Fuzz(func(t *testing.T, b []byte) {
		got := isPlainNFC(b)
		if got && (!utf8.Valid(b) || !norm.NFC.IsNormal(b)) {
			t.Errorf("isPlainNFC(%q) = true, but it is not valid NFC", b)
		}
		if want := plainNFCRule(b); got != want {
			t.Errorf("isPlainNFC(%q) = %v, want %v", b, got, want)
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
