// Package vcard writes vCard 4.0 files (RFC 6350) for spokespeople, so a
// journalist can save a press contact to an address book in one click.
// Encode is a pure function of its Card: the same card gives the same
// bytes (CRLF line ends, lines folded at 75 octets).
package vcard

import (
	"strings"
	"time"
)

// Card is one person's contact. Empty fields are left out of the file.
type Card struct {
	Name  string // full name as written, e.g. "Phạm Quốc Thái" (FN; required)
	Org   string // the unit the person speaks for (ORG)
	Title string // position (TITLE), in the site's language
	// TitleEn and OrgEn are English versions (Decree 42/2022 asks for
	// English contacts); they are written as LANGUAGE=en alternatives.
	TitleEn string
	OrgEn   string
	Role    string    // e.g. "Người phát ngôn" (ROLE)
	Tel     string    // a tel: URI such as "tel:+842435550110" (see TelURI)
	Email   string    // work address (EMAIL)
	URL     string    // the person's page (URL)
	Photo   string    // absolute URL of a photo (PHOTO), optional
	UID     string    // a stable identifier, e.g. the page's permalink
	Rev     time.Time // last change of the card (REV), written in UTC
	Lang    string    // language of the texts, e.g. "vi" (LANGUAGE parameter of the alternatives)
}

// Encode returns the vCard 4.0 text of c.
func Encode(c Card) []byte {
	var w writer
	w.line("BEGIN:VCARD")
	w.line("VERSION:4.0")
	w.line("PRODID:-//congbo//vCard 4.0//VI")
	w.line("KIND:individual")
	w.prop("FN", "", text(c.Name))
	family, given, middle := SplitName(c.Name)
	w.prop("N", "", text(family)+";"+text(given)+";"+text(middle)+";;")
	w.alt("ORG", 1, c.Lang, c.Org, c.OrgEn)
	w.alt("TITLE", 2, c.Lang, c.Title, c.TitleEn)
	if c.Role != "" {
		w.prop("ROLE", "", text(c.Role))
	}
	if c.Tel != "" {
		w.prop("TEL", ";VALUE=uri;TYPE=work,voice", c.Tel)
	}
	if c.Email != "" {
		w.prop("EMAIL", ";TYPE=work", text(c.Email))
	}
	if c.URL != "" {
		w.prop("URL", "", c.URL)
	}
	if c.Photo != "" {
		w.prop("PHOTO", "", c.Photo)
	}
	if c.UID != "" {
		w.prop("UID", "", c.UID)
	}
	if !c.Rev.IsZero() {
		w.prop("REV", "", c.Rev.UTC().Format("20060102T150405Z"))
	}
	w.line("END:VCARD")
	return []byte(w.b.String())
}

// SplitName splits a Vietnamese full name into family name (the first
// word), given name (the last word) and middle names, the order vCard's N
// property wants. A one-word name is a given name.
func SplitName(full string) (family, given, middle string) {
	words := strings.Fields(full)
	switch len(words) {
	case 0:
		return "", "", ""
	case 1:
		return "", words[0], ""
	}
	return words[0], words[len(words)-1], strings.Join(words[1:len(words)-1], " ")
}

type writer struct{ b strings.Builder }

// alt writes a property in the site's language and, when set and
// different, its English version, tied together by ALTID (RFC 6350 §5.4).
func (w *writer) alt(name string, id int, lang, v, en string) {
	switch {
	case v == "" && en == "":
	case en == "" || en == v:
		w.prop(name, "", text(v))
	case v == "":
		w.prop(name, ";LANGUAGE=en", text(en))
	default:
		if lang == "" {
			lang = "vi"
		}
		n := string(rune('0' + id))
		w.prop(name, ";ALTID="+n+";LANGUAGE="+lang, text(v))
		w.prop(name, ";ALTID="+n+";LANGUAGE=en", text(en))
	}
}

func (w *writer) prop(name, params, value string) { w.line(name + params + ":" + value) }

// line writes one content line, folded (RFC 6350 §3.2): at most 75 octets
// per physical line, continuations start with a space, and a UTF-8
// sequence is never split.
func (w *writer) line(s string) {
	w.b.WriteString(Fold(s))
}

// Fold returns the content line s folded at 75 octets and ended with CRLF,
// as both vCard (RFC 6350 §3.2) and iCalendar (RFC 5545 §3.1) require.
func Fold(s string) string {
	var b strings.Builder
	limit := 75
	for len(s) > limit {
		cut := limit
		for cut > 0 && s[cut]&0xC0 == 0x80 { // do not split a UTF-8 sequence
			cut--
		}
		b.WriteString(s[:cut])
		b.WriteString("\r\n ")
		s = s[cut:]
		limit = 74 // the leading space counts
	}
	b.WriteString(s)
	b.WriteString("\r\n")
	return b.String()
}

// text escapes a TEXT value (RFC 6350 §3.4): backslash, comma and
// semicolon get a backslash, a line break becomes \n.
func text(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\', ',', ';':
			b.WriteByte('\\')
			b.WriteByte(c)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}
