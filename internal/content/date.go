package content

import (
	"time"
)

// dateForms lists the accepted date forms, for error messages.
const dateForms = "use 2023-11-25, 2023-11-25 08:55, 25/11/2023 08:55 or 2023-11-25T08:55:00+07:00"

// ParseDate reads a front matter date. Accepted forms:
//
//	2023-11-25T08:55:00+07:00   RFC 3339 (also with Z, fractions, or no seconds)
//	2023-11-25 08:55[:00]        optionally followed by +0700, +07:00 or Z
//	2023-11-25T08:55[:00]        no offset
//	2023-11-25
//	25/11/2023 08:55[:00]        Vietnamese order, day first; also 25-11-2023
//	25/11/2023                   and 25.11.2023
//
// The hour may have one digit (8:55), and be written 8h55 as Vietnamese
// write it (no seconds then).
//
// A date without an offset is in loc; every result is returned in loc
// (same instant), so pages show the site's offset. It reports false for anything else,
// including out-of-range parts such as 2023-02-30 or 24:00.
func ParseDate(s string, loc *time.Location) (time.Time, bool) {
	p := dateParser{s: s}
	var year, month, day int
	switch {
	case len(s) >= 10 && s[4] == '-': // 2023-11-25
		year, _ = p.digits(4, 4)
		if !p.skip('-') {
			return time.Time{}, false
		}
		month, _ = p.digits(2, 2)
		if !p.skip('-') {
			return time.Time{}, false
		}
		day, _ = p.digits(2, 2)
	default: // 25/11/2023, 25-11-2023, 25.11.2023
		day, _ = p.digits(1, 2)
		sep := byte('/')
		if !p.done() && (p.s[p.i] == '-' || p.s[p.i] == '.') {
			sep = p.s[p.i]
		}
		if !p.skip(sep) {
			return time.Time{}, false
		}
		month, _ = p.digits(1, 2)
		if !p.skip(sep) {
			return time.Time{}, false
		}
		year, _ = p.digits(4, 4)
	}
	if p.bad {
		return time.Time{}, false
	}
	var hour, minute, sec, nsec int
	zone := loc
	if !p.done() {
		if !p.skip('T') && !p.skip('t') && !p.skip(' ') {
			return time.Time{}, false
		}
		hour, _ = p.digits(1, 2)
		viet := p.skip('h') || p.skip('H') // 8h55, as Vietnamese write the time
		if !viet && !p.skip(':') {
			return time.Time{}, false
		}
		minute, _ = p.digits(2, 2)
		if !viet && p.skip(':') {
			sec, _ = p.digits(2, 2)
			if p.skip('.') || p.skip(',') {
				var n int
				nsec, n = p.digits(1, 9)
				for ; n < 9; n++ {
					nsec *= 10
				}
			}
		}
		for p.skip(' ') {
		}
		if !p.done() {
			z, ok := p.zone()
			if !ok {
				return time.Time{}, false
			}
			zone = z
		}
	}
	if p.bad || !p.done() || month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || sec > 59 ||
		day > time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day() {
		return time.Time{}, false
	}
	// Every date is returned in the site's zone, so pages show one offset.
	return time.Date(year, time.Month(month), day, hour, minute, sec, nsec, zone).In(loc), true
}

// dateParser reads s left to right; bad records the first failure.
type dateParser struct {
	s   string
	i   int
	bad bool
}

func (p *dateParser) done() bool { return p.i >= len(p.s) }

func (p *dateParser) skip(c byte) bool {
	if p.i < len(p.s) && p.s[p.i] == c {
		p.i++
		return true
	}
	return false
}

// digits reads between lo and hi decimal digits and returns their value and count.
func (p *dateParser) digits(lo, hi int) (int, int) {
	v, n := 0, 0
	for n < hi && p.i < len(p.s) && p.s[p.i] >= '0' && p.s[p.i] <= '9' {
		v = v*10 + int(p.s[p.i]-'0')
		p.i++
		n++
	}
	if n < lo {
		p.bad = true
	}
	return v, n
}

// zone reads Z, ±HH, ±HHMM or ±HH:MM.
func (p *dateParser) zone() (*time.Location, bool) {
	if p.skip('Z') || p.skip('z') {
		return time.UTC, true
	}
	sign := 1
	switch {
	case p.skip('+'):
	case p.skip('-'):
		sign = -1
	default:
		return nil, false
	}
	h, _ := p.digits(2, 2)
	p.skip(':')
	m := 0
	if !p.done() {
		m, _ = p.digits(2, 2)
	}
	if p.bad || h > 14 || m > 59 {
		return nil, false
	}
	return time.FixedZone("", sign*(h*3600+m*60)), true
}
