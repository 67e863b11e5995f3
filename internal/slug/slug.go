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
	// Lower case first: a capital can fold differently from its small
	// letter (ẞ → ß → "ss").
	for _, r := range s {
		foldRune(unicode.ToLower(r), emit)
	}
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
	EachFolded(s, func(r rune) { b.WriteRune(r) })
	return b.String()
}

// EachFolded calls emit with each rune of s after folding, as Fold does
// without making the folded string: combining
// marks dropped, Latin letters with diacritics mapped to their base letter
// (through a table for Latin-1, Latin Extended and the Vietnamese block,
// else by decomposing that one rune), and the letters that do not
// decompose (đ, ß, æ, ø, ł) mapped by hand.
func EachFolded(s string, emit func(rune)) {
	for _, r := range s {
		foldRune(r, emit)
	}
}

// foldRune emits the folded form of one rune.
func foldRune(r rune, emit func(rune)) {
	if r < utf8.RuneSelf {
		emit(r)
		return
	}
	if b := latinBase(r); b != 0 {
		emit(b)
		return
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
	case utf8.RuneError:
		emit(' ')
	default:
		if unicode.Is(unicode.Mn, r) {
			return
		}
		for _, d := range norm.NFD.String(string(r)) {
			switch {
			case d == r:
				emit(d)
			case !unicode.Is(unicode.Mn, d):
				foldRune(d, emit) // "Ǣ" → 'Æ' → "AE"
			}
		}
	}
}

// latinBase returns the ASCII letter that r, a precomposed letter below
// U+1F00, decomposes to with combining marks ("ế" → 'e'), or 0. Such
// letters are only in Latin-1 Supplement, Latin Extended-A and -B and
// Latin Extended Additional, so the tables below cover those blocks;
// TestLatinBase checks them against the canonical decomposition of every
// rune below U+1F00. They are constants rather than built by decomposing
// at first use, which cost every build about 1.5 ms.
func latinBase(r rune) rune {
	var b byte
	switch {
	case 0xC0 <= r && r < 0x250:
		b = latinBaseC0[r-0xC0]
	case 0x1E00 <= r && r < 0x1F00:
		b = latinBase1E00[r-0x1E00]
	}
	if b == '.' {
		return 0
	}
	return rune(b)
}

// latinBaseC0 holds latinBase of U+00C0–U+024F, one byte a rune, "." for
// none.
const latinBaseC0 = "" +
	"AAAAAA.CEEEEIIII" + // U+00C0
	".NOOOOO..UUUUY.." + // U+00D0
	"aaaaaa.ceeeeiiii" + // U+00E0
	".nooooo..uuuuy.y" + // U+00F0
	"AaAaAaCcCcCcCcDd" + // U+0100
	"..EeEeEeEeEeGgGg" + // U+0110
	"GgGgHh..IiIiIiIi" + // U+0120
	"I...JjKk.LlLlLl." + // U+0130
	"...NnNnNn...OoOo" + // U+0140
	"Oo..RrRrRrSsSsSs" + // U+0150
	"SsTtTt..UuUuUuUu" + // U+0160
	"UuUuWwYyYZzZzZz." + // U+0170
	"................" + // U+0180
	"................" + // U+0190
	"Oo.............U" + // U+01A0
	"u..............." + // U+01B0
	".............AaI" + // U+01C0
	"iOoUuUuUuUuUu.Aa" + // U+01D0
	"Aa....GgKkOoOo.." + // U+01E0
	"j...Gg..NnAa...." + // U+01F0
	"AaAaEeEeIiIiOoOo" + // U+0200
	"RrRrUuUuSsTt..Hh" + // U+0210
	"......AaEeOoOoOo" + // U+0220
	"OoYy............" + // U+0230
	"................" // U+0240

// latinBase1E00 holds latinBase of U+1E00–U+1EFF (Latin Extended
// Additional, where Vietnamese letters with two marks are).
const latinBase1E00 = "" +
	"AaBbBbBbCcDdDdDd" + // U+1E00
	"DdDdEeEeEeEeEeFf" + // U+1E10
	"GgHhHhHhHhHhIiIi" + // U+1E20
	"KkKkKkLlLlLlLlMm" + // U+1E30
	"MmMmNnNnNnNnOoOo" + // U+1E40
	"OoOoPpPpRrRrRrRr" + // U+1E50
	"SsSsSsSsSsTtTtTt" + // U+1E60
	"TtUuUuUuUuUuVvVv" + // U+1E70
	"WwWwWwWwWwXxXxYy" + // U+1E80
	"ZzZzZzhtwy......" + // U+1E90
	"AaAaAaAaAaAaAaAa" + // U+1EA0
	"AaAaAaAaEeEeEeEe" + // U+1EB0
	"EeEeEeEeIiIiOoOo" + // U+1EC0
	"OoOoOoOoOoOoOoOo" + // U+1ED0
	"OoOoUuUuUuUuUuUu" + // U+1EE0
	"UuYyYyYyYy......" // U+1EF0

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
