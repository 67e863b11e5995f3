package ical

import (
	"bytes"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// component is a parsed BEGIN:X … END:X block.
type component struct {
	name  string
	props []prop
	subs  []*component
}

type prop struct {
	name   string
	params map[string]string
	value  string
}

func (c *component) get(name string) []prop {
	var out []prop
	for _, p := range c.props {
		if p.name == name {
			out = append(out, p)
		}
	}
	return out
}

func (c *component) one(t *testing.T, name string) prop {
	t.Helper()
	ps := c.get(name)
	if len(ps) != 1 {
		t.Fatalf("%s: %s appears %d times, want once", c.name, name, len(ps))
	}
	return ps[0]
}

func (c *component) sub(name string) []*component {
	var out []*component
	for _, s := range c.subs {
		if s.name == name {
			out = append(out, s)
		}
	}
	return out
}

// parse is a strict RFC 5545 reader for tests: CRLF line ends, physical
// lines of at most 75 octets that are valid UTF-8 each, folding by a
// leading space, BEGIN/END nesting that matches.
func parse(t *testing.T, data []byte) *component {
	t.Helper()
	s := string(data)
	if !strings.HasSuffix(s, "\r\n") {
		t.Fatal("does not end with CRLF")
	}
	var lines []string
	for i, l := range strings.Split(strings.TrimSuffix(s, "\r\n"), "\r\n") {
		if strings.ContainsAny(l, "\r\n") {
			t.Fatalf("line %d: bare CR or LF", i+1)
		}
		if len(l) > 75 {
			t.Errorf("line %d: %d octets (max 75)", i+1, len(l))
		}
		if !utf8.ValidString(l) {
			t.Errorf("line %d splits a UTF-8 sequence", i+1)
		}
		if strings.HasPrefix(l, " ") || strings.HasPrefix(l, "\t") {
			lines[len(lines)-1] += l[1:]
			continue
		}
		lines = append(lines, l)
	}
	root := &component{}
	stack := []*component{root}
	for _, l := range lines {
		head, value, ok := strings.Cut(l, ":")
		if !ok {
			t.Fatalf("no colon: %q", l)
		}
		parts := strings.Split(head, ";")
		p := prop{name: parts[0], params: map[string]string{}, value: value}
		for _, kv := range parts[1:] {
			k, v, ok := strings.Cut(kv, "=")
			if !ok {
				t.Fatalf("bad parameter in %q", l)
			}
			p.params[k] = v
		}
		top := stack[len(stack)-1]
		switch p.name {
		case "BEGIN":
			c := &component{name: value}
			top.subs = append(top.subs, c)
			stack = append(stack, c)
		case "END":
			if top.name != value {
				t.Fatalf("END:%s closes BEGIN:%s", value, top.name)
			}
			stack = stack[:len(stack)-1]
		default:
			top.props = append(top.props, p)
		}
	}
	if len(stack) != 1 || len(root.subs) != 1 || root.subs[0].name != "VCALENDAR" {
		t.Fatalf("want exactly one VCALENDAR")
	}
	return root.subs[0]
}

func unescape(s string) string {
	return strings.NewReplacer(`\\`, `\`, `\,`, ",", `\;`, ";", `\n`, "\n", `\N`, "\n").Replace(s)
}

func TestEncode(t *testing.T) {
	hcm, err := time.LoadLocation("Asia/Ho_Chi_Minh")
	if err != nil {
		t.Skip("no tzdata:", err)
	}
	ict := time.FixedZone("", 7*3600)
	cal := Calendar{Name: "Lịch họp báo – Bộ Kết nối số", Location: hcm, Events: []Event{
		{
			UID: "https://example.gov.vn/hop-bao/quy-iv/", Stamp: time.Date(2026, 12, 1, 15, 0, 0, 0, ict),
			Start: time.Date(2026, 12, 15, 15, 0, 0, 0, ict), End: time.Date(2026, 12, 15, 16, 30, 0, 0, ict),
			Summary: "Họp báo định kỳ quý IV năm 2026", Description: "Nội dung:\n- Kết quả năm 2026; câu hỏi, trả lời",
			Location: "Hội trường tầng 3, Tòa nhà Kết nối, số 36 phố Trần Hữu Dực, phường Từ Liêm, thành phố Hà Nội",
			URL:      "https://example.gov.vn/hop-bao/quy-iv/", Status: StatusConfirmed, Sequence: 2,
			Categories: []string{"Họp báo định kỳ"},
		},
		{
			UID: "https://example.gov.vn/hop-bao/huy/", Stamp: time.Date(2026, 11, 18, 11, 0, 0, 0, ict),
			Start: time.Date(2026, 11, 20, 9, 0, 0, 0, ict), Summary: "Họp báo (hủy)", Status: StatusCancelled, Sequence: 1,
		},
	}}
	data := Encode(cal)
	if !bytes.Equal(data, Encode(cal)) {
		t.Fatal("two encodings differ")
	}
	vc := parse(t, data)
	for _, tt := range []struct{ name, want string }{{"VERSION", "2.0"}, {"METHOD", "PUBLISH"}, {"CALSCALE", "GREGORIAN"}} {
		if got := vc.one(t, tt.name).value; got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
	if vc.one(t, "PRODID").value == "" {
		t.Error("PRODID is empty")
	}
	tzs := vc.sub("VTIMEZONE")
	if len(tzs) != 1 || tzs[0].one(t, "TZID").value != "Asia/Ho_Chi_Minh" {
		t.Fatalf("want one VTIMEZONE Asia/Ho_Chi_Minh")
	}
	std := tzs[0].sub("STANDARD")
	if len(std) != 1 || std[0].one(t, "TZOFFSETTO").value != "+0700" || std[0].one(t, "TZOFFSETFROM").value != "+0700" || std[0].one(t, "DTSTART").value == "" {
		t.Errorf("STANDARD block wrong: %+v", std)
	}
	events := vc.sub("VEVENT")
	if len(events) != 2 {
		t.Fatalf("got %d events", len(events))
	}
	e := events[0]
	start := e.one(t, "DTSTART")
	tests := []struct{ name, got, want string }{
		{"UID", e.one(t, "UID").value, "https://example.gov.vn/hop-bao/quy-iv/"},
		{"DTSTAMP", e.one(t, "DTSTAMP").value, "20261201T080000Z"},
		{"DTSTART", start.value, "20261215T150000"},
		{"DTSTART TZID", start.params["TZID"], "Asia/Ho_Chi_Minh"},
		{"DTEND", e.one(t, "DTEND").value, "20261215T163000"},
		{"SEQUENCE", e.one(t, "SEQUENCE").value, "2"},
		{"STATUS", e.one(t, "STATUS").value, "CONFIRMED"},
		{"SUMMARY", unescape(e.one(t, "SUMMARY").value), "Họp báo định kỳ quý IV năm 2026"},
		{"DESCRIPTION", unescape(e.one(t, "DESCRIPTION").value), "Nội dung:\n- Kết quả năm 2026; câu hỏi, trả lời"},
		{"LOCATION", unescape(e.one(t, "LOCATION").value), cal.Events[0].Location},
		{"cancelled STATUS", events[1].one(t, "STATUS").value, "CANCELLED"},
		{"no DTEND", string(rune('0' + len(events[1].get("DTEND")))), "0"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, tt.got, tt.want)
		}
	}
}

func TestEncodeUTCFallback(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Skip("no tzdata:", err)
	}
	cal := Calendar{Location: ny, Events: []Event{
		{UID: "a", Start: time.Date(2026, 1, 10, 9, 0, 0, 0, ny), Summary: "winter"},
		{UID: "b", Start: time.Date(2026, 7, 10, 9, 0, 0, 0, ny), Summary: "summer"},
	}}
	vc := parse(t, Encode(cal))
	if len(vc.sub("VTIMEZONE")) != 0 {
		t.Error("a zone with daylight saving must not get a one-offset VTIMEZONE")
	}
	if got := vc.sub("VEVENT")[1].one(t, "DTSTART").value; got != "20260710T130000Z" {
		t.Errorf("DTSTART: got %q, want UTC", got)
	}
}

func TestText(t *testing.T) {
	if got, want := text("a,b;c\\d\r\ne"), `a\,b\;c\\d\ne`; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
