// Package slug folds Vietnamese (and other Latin) text to ASCII URL segments
// and heading ids: tone marks stripped after NFD, đ/Đ mapped to d explicitly
// (Unicode gives U+0111 no decomposition), lower case, runs of anything else
// turned into one hyphen.
package slug

import (
	"strings"
	"sync"
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
	table := latinBase()
	for _, r := range s {
		foldRune(unicode.ToLower(r), table, emit)
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
	forEachFolded(s, func(r rune) { b.WriteRune(r) })
	return b.String()
}

// forEachFolded calls emit with each rune of s after folding: combining
// marks dropped, Latin letters with diacritics mapped to their base letter
// (through a table for Latin-1, Latin Extended and the Vietnamese block,
// else by decomposing that one rune), and the letters that do not
// decompose (đ, ß, æ, ø, ł) mapped by hand.
func forEachFolded(s string, emit func(rune)) {
	table := latinBase()
	for _, r := range s {
		foldRune(r, table, emit)
	}
}

// foldRune emits the folded form of one rune.
func foldRune(r rune, table []rune, emit func(rune)) {
	if r < utf8.RuneSelf {
		emit(r)
		return
	}
	if r < rune(len(table)) && table[r] != 0 {
		emit(table[r])
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
				foldRune(d, table, emit) // "Ǣ" → 'Æ' → "AE"
			}
		}
	}
}

// latinBase maps each precomposed letter below U+1F00 whose canonical
// decomposition is an ASCII letter plus combining marks to that letter
// ("ế" → 'e'); other entries are 0. Built once, read-only afterwards.
// Such letters are only in Latin-1 Supplement, Latin Extended-A and -B
// and Latin Extended Additional (TestLatinBaseRanges checks every rune
// below U+1F00), so only those blocks are decomposed: a build starts
// faster.
var latinBase = sync.OnceValue(func() []rune {
	return latinBaseOf(latinRanges)
})

// latinRanges are the blocks below U+1F00 holding letters that decompose
// to an ASCII letter and marks.
var latinRanges = [][2]rune{{0xC0, 0x250}, {0x1E00, 0x1F00}}

func latinBaseOf(ranges [][2]rune) []rune {
	table := make([]rune, 0x1F00)
	for _, rg := range ranges {
		for r := rg[0]; r < rg[1]; r++ {
			if base := asciiBase(r); base != 0 {
				table[r] = base
			}
		}
	}
	return table
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
