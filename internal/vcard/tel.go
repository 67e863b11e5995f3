package vcard

import "strings"

// TelURI turns a phone number as editors write it, e.g. "(024) 3555 0110",
// "0912.345.678" or "+84 24 3555 0110", into a tel: URI with the global
// number (RFC 3966): "tel:+842435550110". A leading 0 is the Vietnamese
// trunk prefix and becomes +84. ok is false when the text is not a phone
// number (letters, too few or too many digits).
func TelURI(phone string) (uri string, ok bool) {
	s := strings.TrimSpace(phone)
	intl := strings.HasPrefix(s, "+")
	if intl {
		s = s[1:]
	}
	var digits []byte
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits = append(digits, c)
		case c == ' ' || c == '.' || c == '-' || c == '(' || c == ')':
		default:
			return "", false
		}
	}
	d := string(digits)
	switch {
	case intl:
	case strings.HasPrefix(d, "84") && len(d) >= 11:
	case strings.HasPrefix(d, "0") && !strings.HasPrefix(d, "00"):
		d = "84" + d[1:]
	default:
		return "", false
	}
	// E.164 allows at most 15 digits; a Vietnamese number has 9 or 10 after 84.
	if len(d) < 8 || len(d) > 15 {
		return "", false
	}
	return "tel:+" + d, true
}
