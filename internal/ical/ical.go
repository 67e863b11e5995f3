// Package ical writes iCalendar files (RFC 5545) for press conferences:
// one VEVENT per file beside each event page, and a calendar feed of all
// of them that journalists subscribe to. Encode is a pure function of its
// Calendar: no clock, no random UIDs, so the same content gives the same
// bytes and a signed manifest stays reproducible.
package ical

import (
	"fmt"
	"strings"
	"time"
)

// Status values of a VEVENT (RFC 5545 §3.8.1.11).
const (
	StatusConfirmed = "CONFIRMED"
	StatusTentative = "TENTATIVE"
	StatusCancelled = "CANCELLED"
)

// Calendar is one iCalendar object with METHOD:PUBLISH.
type Calendar struct {
	Name string // X-WR-CALNAME, shown by calendar apps for a subscribed feed
	// Location is the time zone DTSTART and DTEND are written in, with
	// TZID and a VTIMEZONE. A zone that changes its offset between events
	// (daylight saving) is not described; times are then written in UTC.
	Location *time.Location
	Events   []Event
}

// Event is one VEVENT. Empty fields are left out.
type Event struct {
	UID         string    // globally unique and stable, e.g. the page's permalink
	Stamp       time.Time // DTSTAMP: when the event's information last changed (the page's lastmod)
	Start, End  time.Time // End may be zero
	Summary     string
	Description string
	Location    string
	URL         string
	Status      string // StatusConfirmed, StatusTentative or StatusCancelled
	Sequence    int    // revision number: rises each time the event changes
	Categories  []string
}

// Encode returns the calendar as iCalendar text (CRLF line ends, lines
// folded at 75 octets).
func Encode(c Calendar) []byte {
	var w writer
	w.line("BEGIN:VCALENDAR")
	w.line("VERSION:2.0")
	w.line("PRODID:-//congbo//congbo iCalendar//VI")
	w.line("CALSCALE:GREGORIAN")
	w.line("METHOD:PUBLISH")
	if c.Name != "" {
		w.line("X-WR-CALNAME:" + text(c.Name))
	}
	loc, offset, fixed := zone(c)
	if fixed {
		w.line("X-WR-TIMEZONE:" + loc.String())
		w.line("BEGIN:VTIMEZONE")
		w.line("TZID:" + loc.String())
		w.line("BEGIN:STANDARD")
		w.line("DTSTART:19700101T000000")
		w.line("TZOFFSETFROM:" + utcOffset(offset))
		w.line("TZOFFSETTO:" + utcOffset(offset))
		if name, _ := time.Date(2000, 1, 1, 0, 0, 0, 0, loc).Zone(); name != "" && !strings.ContainsAny(name, "+-") {
			w.line("TZNAME:" + name)
		}
		w.line("END:STANDARD")
		w.line("END:VTIMEZONE")
	}
	dt := func(name string, t time.Time) {
		if fixed {
			w.line(name + ";TZID=" + loc.String() + ":" + t.In(loc).Format("20060102T150405"))
		} else {
			w.line(name + ":" + t.UTC().Format("20060102T150405Z"))
		}
	}
	for _, e := range c.Events {
		w.line("BEGIN:VEVENT")
		w.line("UID:" + text(e.UID))
		w.line("DTSTAMP:" + e.Stamp.UTC().Format("20060102T150405Z"))
		dt("DTSTART", e.Start)
		if !e.End.IsZero() && e.End.After(e.Start) {
			dt("DTEND", e.End)
		}
		w.line(fmt.Sprintf("SEQUENCE:%d", max(e.Sequence, 0)))
		if e.Status != "" {
			w.line("STATUS:" + e.Status)
		}
		w.line("SUMMARY:" + text(e.Summary))
		if e.Description != "" {
			w.line("DESCRIPTION:" + text(e.Description))
		}
		if e.Location != "" {
			w.line("LOCATION:" + text(e.Location))
		}
		if e.URL != "" {
			w.line("URL:" + e.URL)
		}
		if len(e.Categories) > 0 {
			parts := make([]string, len(e.Categories))
			for i, s := range e.Categories {
				parts[i] = text(s)
			}
			w.line("CATEGORIES:" + strings.Join(parts, ","))
		}
		w.line("TRANSP:OPAQUE")
		w.line("END:VEVENT")
	}
	w.line("END:VCALENDAR")
	return []byte(w.b.String())
}

// zone returns the calendar's location and its UTC offset in seconds, and
// whether every event time has that same offset (a zone without daylight
// saving, such as Asia/Ho_Chi_Minh), so one STANDARD block describes it.
func zone(c Calendar) (*time.Location, int, bool) {
	loc := c.Location
	if loc == nil || loc == time.UTC || loc.String() == "UTC" || loc.String() == "Local" {
		return nil, 0, false
	}
	_, offset := time.Date(2000, 1, 1, 0, 0, 0, 0, loc).Zone()
	for _, e := range c.Events {
		for _, t := range []time.Time{e.Start, e.End} {
			if t.IsZero() {
				continue
			}
			if _, o := t.In(loc).Zone(); o != offset {
				return nil, 0, false
			}
		}
	}
	return loc, offset, true
}

// utcOffset formats seconds east of UTC as RFC 5545 §3.3.14 wants: +0700.
func utcOffset(sec int) string {
	sign := '+'
	if sec < 0 {
		sign, sec = '-', -sec
	}
	return fmt.Sprintf("%c%02d%02d", sign, sec/3600, sec%3600/60)
}

type writer struct{ b strings.Builder }

// line writes one content line folded at 75 octets (RFC 5545 §3.1): each
// continuation starts with a space, and a UTF-8 sequence is never split.
func (w *writer) line(s string) {
	limit := 75
	for len(s) > limit {
		cut := limit
		for cut > 0 && s[cut]&0xC0 == 0x80 {
			cut--
		}
		w.b.WriteString(s[:cut])
		w.b.WriteString("\r\n ")
		s = s[cut:]
		limit = 74 // the leading space counts
	}
	w.b.WriteString(s)
	w.b.WriteString("\r\n")
}

// text escapes a TEXT value (RFC 5545 §3.3.11).
func text(s string) string {
	r := strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\r\n", `\n`, "\n", `\n`, "\r", "")
	return r.Replace(s)
}
