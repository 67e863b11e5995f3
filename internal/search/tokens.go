// Package search builds a static, split full-text index of a site at build
// time, for the search page's script to query with no server: syllables
// folded to ASCII lower case ("Đồng" → "dong"), posting lists sharded by a
// hash of the syllable so a query fetches only the shards of its own
// syllables, and document records in small chunks fetched for the results
// shown. layouts/assets/search.js is the reader and must fold, split and
// hash exactly as Tokens and Shard do.
package search

import (
	"strings"
	"unicode"

	"github.com/congbo/congbo/internal/slug"
)

// Tokens splits s into Vietnamese syllables (runs of letters and digits),
// folded to lower-case ASCII with tone marks stripped and đ mapped to d:
// "Truyền THÔNG 12/TCBC" → ["truyen" "thong" "12" "tcbc"]. Queries and
// documents go through the same function, so "truyen thong", "truyền
// thông" and "TRUYỀN THÔNG" match the same pages.
func Tokens(s string) []string {
	return strings.FieldsFunc(strings.ToLower(slug.Fold(s)), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// Shard returns which of n shards (a power of two) holds token: FNV-1a
// (32 bit) of its UTF-8 bytes, masked. Hashing rather than splitting by
// first letters keeps shards even: Vietnamese has few initial consonants
// ("th", "ng", "tr" start a third of all syllables).
func Shard(token string, n int) int {
	h := uint32(2166136261)
	for i := 0; i < len(token); i++ {
		h ^= uint32(token[i])
		h *= 16777619
	}
	return int(h & uint32(n-1))
}
