package slug

import (
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

func TestMake(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Đà Nẵng", "da-nang"},
		{"Thừa Thiên Huế", "thua-thien-hue"},
		{"Thông báo số 12/TB-GI về quản lý", "thong-bao-so-12-tb-gi-ve-quan-ly"},
		{"  ĐỒNG THÁP  ", "dong-thap"},
		{"tháng 3/2024: kết quả!", "thang-3-2024-ket-qua"},
		{"Bộ Văn hóa, Thể thao và Du lịch", "bo-van-hoa-the-thao-va-du-lich"},
		{"Người phát ngôn", "nguoi-phat-ngon"},
		{"ưu tiên ơn", "uu-tien-on"},
		{"---", ""},
		{"", ""},
		{"a_b.c", "a-b-c"},
		{"Straße", "strasse"},
		{"Москва", "москва"},
		// decomposed input (NFD) folds the same as composed
		{"Đa\u0300 Na\u0306\u0303ng", "da-nang"},
	}
	for _, tt := range tests {
		if got := Make(tt.in); got != tt.want {
			t.Errorf("Make(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Đà Nẵng", "Da Nang"},
		{"truyền thông", "truyen thong"},
		{"TRUYỀN THÔNG", "TRUYEN THONG"},
		{"plain", "plain"},
	}
	for _, tt := range tests {
		if got := Fold(tt.in); got != tt.want {
			t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzMake(f *testing.F) {
	for _, s := range []string{"Đà Nẵng", "a/b", "\xff\xfe", "ǅ", "Ꭰ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Make(s)
		if got != Make(got) {
			t.Errorf("Make not idempotent: %q → %q → %q", s, got, Make(got))
		}
		if len(got) > 0 && (got[0] == '-' || got[len(got)-1] == '-') {
			t.Errorf("Make(%q) = %q has edge hyphen", s, got)
		}
		for i := 0; i+1 < len(got); i++ {
			if got[i] == '-' && got[i+1] == '-' {
				t.Errorf("Make(%q) = %q has double hyphen", s, got)
			}
		}
	})
}

func BenchmarkMake(b *testing.B) {
	for b.Loop() {
		Make("Thông báo lịch tiếp công dân tháng 12/2026 của Sở Kết nối số tỉnh Lâm Đồng")
	}
}

// TestLatinBase checks latinBase against the canonical decomposition of
// every rune below U+1F00.
func TestLatinBase(t *testing.T) {
	for r := rune(0x80); r < 0x1F00; r++ {
		if got, want := latinBase(r), asciiBase(r); got != want {
			t.Errorf("U+%04X %q: latinBase gives %q, decomposing %q", r, r, got, want)
		}
	}
	if latinBase('ế') != 'e' || latinBase('Đ') != 0 {
		t.Errorf("ế → %q, Đ → %q", latinBase('ế'), latinBase('Đ'))
	}
}

// asciiBase is the ASCII letter r decomposes to with combining marks, or 0.
func asciiBase(r rune) rune {
	d := []rune(norm.NFD.String(string(r)))
	if len(d) < 2 || d[0] >= utf8.RuneSelf {
		return 0
	}
	for _, m := range d[1:] {
		if !unicode.Is(unicode.Mn, m) {
			return 0
		}
	}
	return d[0]
}
