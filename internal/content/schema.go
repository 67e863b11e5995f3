package content

import (
	"slices"

	"github.com/congbo/congbo/internal/config"
)

// fieldKind is the shape a type field's value must have.
type fieldKind int

const (
	kindString  fieldKind = iota // one line of text
	kindText                     // text, possibly several lines
	kindDate                     // a date in one of the ParseDate forms; stored as time.Time
	kindBool                     // true or false
	kindInt                      // a whole number; stored as int
	kindStrings                  // a list of texts (a single text is accepted); stored as []any of string
	kindList                     // a list of texts or mappings; stored as []any
	kindMaps                     // a list of mappings; stored as []any of map[string]any
	kindURL                      // an absolute http(s) address; stored as string
	kindPath                     // a content path such as thong-bao/tb-1.md; stored without a leading "/"
)

func (k fieldKind) String() string {
	return [...]string{"text", "text", "a date", "true or false", "a whole number", "a list of texts",
		"a list", "a list of mappings", "an http(s) address", "a content path"}[k]
}

// field describes one front matter key of a content type.
type field struct {
	kind     fieldKind
	required bool
	enum     []string // allowed values, when the field is an enumeration
}

// typeSchema lists the fields a strict content type allows beyond the
// common ones, and how its required fields combine.
type typeSchema struct {
	fields map[string]field
	// dated types need a date: official documents are dated.
	dated bool
	// oneOf: at least one of these fields must be set (correction: corrects or claim).
	oneOf []string
	// ordered: the type's date fields that come in an order (a press
	// conference's start and end).
	ordered []dateOrder
	// required lists the required fields, sorted (set by newParser).
	required []string
}

// schemas returns the strict content types. Types not listed here (page)
// accept any extra key and keep it in Params, as Hugo does. To add a field,
// add a line here; to add a type, add it to config.Types and here.
func schemas() map[string]typeSchema {
	str, text, date, list := field{kind: kindString}, field{kind: kindText}, field{kind: kindDate}, field{kind: kindStrings}
	url := field{kind: kindURL}
	req := func(f field) field { f.required = true; return f }
	enum := func(values ...string) field { return field{kind: kindString, enum: values} }
	return map[string]typeSchema{
		config.TypePressRelease: {dated: true, fields: map[string]field{
			"number": str, "place": str, "signer": str, "source": str, "source_url": url, "contact": str,
			"attachments": list, "quotes": {kind: kindList}, "notes": text,
		}},
		config.TypeAnnouncement: {dated: true, fields: map[string]field{
			"number": str, "signer": str, "signer_title": str, "recipients": text, "effective": date,
			"deadline": date, "attachments": list,
		}},
		config.TypeSpokesperson: {ordered: []dateOrder{{"valid_from", "valid_to", ""}}, fields: map[string]field{
			"name": req(str), "position": req(str), "position_en": str, "unit_en": str, "phone": req(str),
			"email": req(str), "photo": str, "photo_alt": str, "decision": str, "appointed": date,
			"valid_from": date, "valid_to": date, "role": str,
		}},
		config.TypePressConference: {dated: true, ordered: []dateOrder{{"start", "end", ""}}, fields: map[string]field{
			"start": req(date), "end": date, "location": str, "online": url, "livestream": url, "chair": str,
			"spokespeople": list, "agenda": list, "status": enum("scheduled", "postponed", "cancelled", "held"),
			"kind": enum("periodic", "extraordinary"), "accreditation": text, "materials": {kind: kindList},
			"sequence": {kind: kindInt},
		}},
		config.TypeCorrection: {dated: true, oneOf: []string{"corrects", "claim"}, fields: map[string]field{
			"kind": enum("correction", "rebuttal"), "corrects": {kind: kindPath}, "claim": text, "claim_url": url,
			"claim_date": date, "claim_source": str, "false_content": text, "correct_content": text,
			"evidence": text, "verdict": text,
		}},
		config.TypeUnit: {fields: map[string]field{
			"code": str, "name_en": str, "parent": str, "functions": text, "address": str, "phone": str,
			"fax": str, "email": str, "website": url, "leaders": {kind: kindList}, "spokesperson": str,
			"merged_from": list, "renamed_from": str,
			// A unit that merged or was renamed keeps its page, with a notice
			// naming its successor; until is the day it ended.
			"merged_into": str, "renamed_to": str, "until": date,
		}},
	}
}

// commonKeys returns the Hugo front matter keys every type accepts, in
// their canonical spelling. They match case-insensitively, as in Hugo.
func commonKeys() []string {
	return []string{"title", "date", "lastmod", "publishDate", "expiryDate", "draft", "slug", "url",
		"aliases", "description", "weight", "type", "status", "layout", "summary", "changes", "lang"}
}

// Field describes one front matter field of a strict content type, for
// tools that write or check files (`congbo new` writes every field).
type Field struct {
	Key      string
	Kind     string // in words: "text", "a date", "a list of texts", …
	Required bool
	Enum     []string // allowed values, when the field is an enumeration
}

// Fields returns the type fields of a strict content type, required ones
// first, then by key; nil for a type without a schema (page).
func Fields(typ string) []Field {
	s, ok := schemas()[typ]
	if !ok {
		return nil
	}
	var out []Field
	for _, k := range sortedKeys(s.fields) {
		f := s.fields[k]
		out = append(out, Field{Key: k, Kind: f.kind.String(), Required: f.required || slices.Contains(s.oneOf, k), Enum: f.enum})
	}
	slices.SortStableFunc(out, func(a, b Field) int {
		switch {
		case a.Required == b.Required:
			return 0
		case a.Required:
			return -1
		}
		return 1
	})
	return out
}
