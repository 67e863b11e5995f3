// Package slug folds Vietnamese (and other Latin) text to ASCII URL segments
// and heading ids: tone marks stripped after NFD, đ/Đ mapped to d explicitly
// (Unicode gives U+0111 no decomposition), lower case, runs of anything else
// turned into one hyphen.
package slug

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Make returns s folded to a lowercase ASCII slug: "Đà Nẵng" → "da-nang".
// It returns "" when s has no letters or digits.
func Make(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	pendingHyphen := false
	for _, r := range s {
		for _, a := range fold(r) {
			if a == 0 {
				continue
			}
			if isAlnum(a) {
				if pendingHyphen && b.Len() > 0 {
					b.WriteByte('-')
				}
				pendingHyphen = false
				b.WriteRune(unicode.ToLower(a))
			} else {
				pendingHyphen = true
			}
		}
	}
	return b.String()
}

// Fold returns s with diacritics removed and đ mapped to d, keeping case and
// every other character: "Đà Nẵng" → "Da Nang". Search and sorting use it.
func Fold(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		for _, a := range fold(r) {
			if a != 0 {
				b.WriteRune(a)
			}
		}
	}
	return b.String()
}

// fold maps one rune to at most two ASCII-ish runes (0 means none). Runes
// that do not decompose to ASCII are returned as they are when they are
// letters or digits of another script, so non-Latin titles still give slugs.
func fold(r rune) [2]rune {
	if r < utf8.RuneSelf {
		return [2]rune{r}
	}
	switch r {
	case 'đ':
		return [2]rune{'d'}
	case 'Đ':
		return [2]rune{'D'}
	case 'ß':
		return [2]rune{'s', 's'}
	case 'æ', 'Æ':
		return [2]rune{'a', 'e'}
	case 'ø', 'Ø':
		return [2]rune{'o'}
	case 'ł', 'Ł':
		return [2]rune{'l'}
	}
	var out [2]rune
	n := 0
	var buf [utf8.UTFMax]byte
	l := utf8.EncodeRune(buf[:], r)
	d := norm.NFD.Bytes(buf[:l])
	for len(d) > 0 {
		c, size := utf8.DecodeRune(d)
		d = d[size:]
		if unicode.Is(unicode.Mn, c) {
			continue
		}
		if n < 2 {
			out[n] = c
			n++
		}
	}
	return out
}

func isAlnum(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}
