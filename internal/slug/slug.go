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
var latinBase = sync.OnceValue(func() []rune {
	table := make([]rune, 0x1F00)
	for r := rune(0x80); r < rune(len(table)); r++ {
		d := []rune(norm.NFD.String(string(r)))
		if len(d) < 2 || d[0] >= utf8.RuneSelf {
			continue
		}
		marks := true
		for _, m := range d[1:] {
			marks = marks && unicode.Is(unicode.Mn, m)
		}
		if marks {
			table[r] = d[0]
		}
	}
	return table
})

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
