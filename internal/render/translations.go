package render

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/congbo/congbo/internal/diag"
)

// translations maps UI keys to text in the site's language.
type translations map[string]string

// loadTranslations reads i18n/<lang>.yaml of the theme, then of the site.
func loadTranslations(l Layouts, lang string) (translations, error) {
	name := "i18n/" + lang + ".yaml"
	tr := translations{}
	var prev []byte
	// The theme's file first, the site's keys over it.
	for _, f := range []fs.FS{l.theme, l.site} {
		if f == nil {
			continue
		}
		b, err := fs.ReadFile(f, name)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("read layouts/%s: %w", name, err)
		}
		if prev != nil && bytes.Equal(b, prev) {
			continue // a site's copy of the theme's file adds nothing
		}
		prev = b
		m, ok := flatStrings(b)
		if !ok {
			if err := yaml.Unmarshal(b, &m); err != nil {
				return nil, diag.Errorf("layouts/"+name, 0, 0, "translation file is not a flat map of key: text (%s)", err.Error())
			}
		}
		for k, v := range m {
			tr[k] = v
		}
	}
	if len(tr) == 0 {
		return nil, diag.Errorf("layouts/"+name, 0, 0, "no translations for language %q (add layouts/%s)", lang, name)
	}
	return tr, nil
}

// flatStrings reads a translation file written the common way, one
// `key: "text"` a line with comments and blank lines between, without a
// YAML decoder (which took a tenth of loading the layouts). It reports
// false for anything else — an escape or other quoting, indentation, a
// tab or carriage return, a key YAML would not read as a string, a
// repeated key, a character YAML refuses or reads as a line break — and
// yaml.v3 reads the file instead. FuzzFlatStrings checks that every file
// it reads gives what yaml.v3 gives.
func flatStrings(b []byte) (map[string]string, bool) {
	if !utf8.Valid(b) {
		return nil, false
	}
	for _, r := range string(b) {
		// What yaml.v3 reads as printable, less tab, CR and line breaks
		// other than LF (NEL, LS, PS) and the byte order mark.
		ok := r == '\n' || r >= 0x20 && r <= 0x7E || r >= 0xA0 && r <= 0xD7FF && r != 0x2028 && r != 0x2029 ||
			r >= 0xE000 && r <= 0xFFFD && r != 0xFEFF || r >= 0x10000
		if !ok {
			return nil, false
		}
	}
	m := map[string]string{}
	for line := range strings.Lines(string(b)) {
		line = strings.TrimSuffix(line, "\n")
		if line == "" || line[0] == '#' {
			continue
		}
		k := 0
		for k < len(line) && (k > 0 && (line[k] == '-' || '0' <= line[k] && line[k] <= '9') ||
			line[k] == '_' || 'a' <= line[k] && line[k] <= 'z' || 'A' <= line[k] && line[k] <= 'Z') {
			k++
		}
		key := line[:k]
		rest, ok := strings.CutPrefix(line[k:], `: "`)
		if k == 0 || !ok {
			return nil, false
		}
		text, after, ok := strings.Cut(rest, `"`)
		if !ok || strings.Contains(text, `\`) {
			return nil, false
		}
		// Only a comment may follow, after a space.
		if after != "" && (after[0] != ' ' || !strings.HasPrefix(strings.TrimLeft(after, " "), "#")) {
			return nil, false
		}
		if _, dup := m[key]; dup || strings.EqualFold(key, "true") || strings.EqualFold(key, "false") || strings.EqualFold(key, "null") {
			return nil, false
		}
		m[key] = text
	}
	return m, len(m) > 0
}

// translate is T: the text of key in the site's language, printf-style
// with args; a missing key is an error.
func (ts *Templates) translate(key string, args ...any) (string, error) {
	s, ok := ts.t[key]
	if !ok {
		return "", fmt.Errorf("no translation for %q in layouts/i18n/%s.yaml (add it)", key, ts.lang)
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...), nil
	}
	return s, nil
}
