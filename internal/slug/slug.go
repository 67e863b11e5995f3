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
	emit := func(a rune) {
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
	forEachFolded(s, emit)
	return b.String()
}

// Fold returns s with diacritics removed and đ mapped to d, keeping case and
// every other character: "Đà Nẵng" → "Da Nang". Search and sorting use it.
func Fold(s string) string {
	if isASCII(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	forEachFolded(s, func(r rune) { b.WriteRune(r) })
	return b.String()
}

// forEachFolded calls emit with each rune of s after folding: decomposed
// once (NFD) as a whole, combining marks dropped, and the letters that do
// not decompose (đ, ß, æ, ø, ł) mapped by hand.
func forEachFolded(s string, emit func(rune)) {
	if !isASCII(s) {
		if !utf8.ValidString(s) {
			s = strings.ToValidUTF8(s, " ") // the normaliser passes runs after a bad byte through
		}
		s = norm.NFD.String(s)
	}
	for _, r := range s {
		if r < utf8.RuneSelf {
			emit(r)
			continue
		}
		switch r {
		case 'đ':
			emit('d')
		case 'Đ':
			emit('D')
		case 'ß':
			emit('s')
			emit('s')
		case 'æ':
			emit('a')
			emit('e')
		case 'Æ':
			emit('A')
			emit('E')
		case 'ø':
			emit('o')
		case 'Ø':
			emit('O')
		case 'ł':
			emit('l')
		case 'Ł':
			emit('L')
		default:
			if !unicode.Is(unicode.Mn, r) {
				emit(r)
			}
		}
	}
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func isAlnum(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}
