package vcard

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// prop is one parsed content line: NAME;PARAMS:VALUE.
type prop struct {
	name   string
	params map[string]string
	value  string
}

// parse is a strict RFC 6350 reader for tests: every physical line ends
// in CRLF, is at most 75 octets and valid UTF-8 on its own; continuation
// lines start with one space.
func parse(t *testing.T, data []byte) []prop {
	t.Helper()
	s := string(data)
	if !strings.HasSuffix(s, "\r\n") {
		t.Fatalf("file does not end with CRLF")
	}
	var logical []string
	for i, l := range strings.Split(strings.TrimSuffix(s, "\r\n"), "\r\n") {
		if strings.Contains(l, "\n") || strings.Contains(l, "\r") {
			t.Fatalf("line %d: bare LF or CR", i+1)
		}
		if len(l) > 75 {
			t.Errorf("line %d is %d octets (max 75): %q", i+1, len(l), l)
		}
		if !utf8.ValidString(l) {
			t.Errorf("line %d splits a UTF-8 sequence: %q", i+1, l)
		}
		if strings.HasPrefix(l, " ") {
			if len(logical) == 0 {
				t.Fatalf("line %d: continuation without a line", i+1)
			}
			logical[len(logical)-1] += l[1:]
			continue
		}
		logical = append(logical, l)
	}
	var out []prop
	for _, l := range logical {
		head, value, ok := strings.Cut(l, ":")
		if !ok {
			t.Fatalf("no colon in %q", l)
		}
		parts := strings.Split(head, ";")
		p := prop{name: parts[0], params: map[string]string{}, value: value}
		for _, kv := range parts[1:] {
			k, v, ok := strings.Cut(kv, "=")
			if !ok {
				t.Fatalf("bad parameter %q in %q", kv, l)
			}
			p.params[k] = v
		}
		out = append(out, p)
	}
	return out
}

// unescape reverses RFC 6350 §3.4 escaping of one TEXT component.
func unescape(s string) string {
	return strings.NewReplacer(`\\`, `\`, `\,`, ",", `\;`, ";", `\n`, "\n", `\N`, "\n").Replace(s)
}

func find(props []prop, name string) []prop {
	var out []prop
	for _, p := range props {
		if p.name == name {
			out = append(out, p)
		}
	}
	return out
}

func TestEncode(t *testing.T) {
	card := Card{
		Name:    "Tôn Nữ Thảo Vy",
		Org:     "Sở Kết nối số thành phố Huế",
		OrgEn:   "Hue City Department of Digital Connectivity",
		Title:   "Phó Giám đốc; người phát ngôn, Sở Kết nối số thành phố Huế (kiêm nhiệm)",
		TitleEn: "Deputy Director",
		Role:    "Người phát ngôn",
		Tel:     "tel:+842343555210",
		Email:   "vytnt@hue.example.gov.vn",
		URL:     "https://example.gov.vn/nguoi-phat-ngon/vy/",
		UID:     "https://example.gov.vn/nguoi-phat-ngon/vy/",
		Rev:     time.Date(2025, 7, 21, 8, 0, 0, 0, time.FixedZone("ICT", 7*3600)),
		Lang:    "vi",
	}
	props := parse(t, Encode(card))
	if props[0].name != "BEGIN" || props[0].value != "VCARD" || props[len(props)-1].name != "END" {
		t.Fatalf("not wrapped in BEGIN/END:VCARD")
	}
	if props[1].name != "VERSION" || props[1].value != "4.0" {
		t.Errorf("VERSION must follow BEGIN and be 4.0, got %s:%s", props[1].name, props[1].value)
	}
	one := func(name string) prop {
		t.Helper()
		ps := find(props, name)
		if len(ps) != 1 {
			t.Fatalf("%s: got %d properties, want 1", name, len(ps))
		}
		return ps[0]
	}
	tests := []struct{ name, got, want string }{
		{"FN", unescape(one("FN").value), "Tôn Nữ Thảo Vy"},
		{"N", one("N").value, "Tôn;Vy;Nữ Thảo;;"},
		{"TEL", one("TEL").value, "tel:+842343555210"},
		{"TEL VALUE", one("TEL").params["VALUE"], "uri"},
		{"EMAIL", one("EMAIL").value, "vytnt@hue.example.gov.vn"},
		{"REV", one("REV").value, "20250721T010000Z"},
		{"ROLE", unescape(one("ROLE").value), "Người phát ngôn"},
		{"UID", one("UID").value, card.UID},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, tt.got, tt.want)
		}
	}
	titles := find(props, "TITLE")
	if len(titles) != 2 {
		t.Fatalf("TITLE: got %d, want vi and en", len(titles))
	}
	if got := unescape(titles[0].value); got != card.Title || titles[0].params["LANGUAGE"] != "vi" {
		t.Errorf("TITLE vi: got %q %v", got, titles[0].params)
	}
	if titles[1].params["LANGUAGE"] != "en" || titles[1].params["ALTID"] != titles[0].params["ALTID"] {
		t.Errorf("TITLE en must share ALTID with vi: %v %v", titles[0].params, titles[1].params)
	}
	if orgs := find(props, "ORG"); len(orgs) != 2 || unescape(orgs[0].value) != card.Org {
		t.Errorf("ORG: got %v", orgs)
	}
}

func TestEncodeMinimal(t *testing.T) {
	props := parse(t, Encode(Card{Name: "An"}))
	var names []string
	for _, p := range props {
		names = append(names, p.name)
	}
	if got, want := strings.Join(names, " "), "BEGIN VERSION PRODID KIND FN N END"; got != want {
		t.Errorf("properties: got %s, want %s", got, want)
	}
}

func TestFold(t *testing.T) {
	long := "NOTE:" + strings.Repeat("Đường dây nóng ", 20)
	folded := Fold(long)
	for _, l := range strings.Split(strings.TrimSuffix(folded, "\r\n"), "\r\n") {
		if len(l) > 75 || !utf8.ValidString(l) {
			t.Errorf("bad physical line %q (%d octets)", l, len(l))
		}
	}
	if got := strings.ReplaceAll(strings.TrimSuffix(folded, "\r\n"), "\r\n ", ""); got != long {
		t.Errorf("unfolded text differs:\n got %q\nwant %q", got, long)
	}
	if got := Fold("SHORT:x"); got != "SHORT:x\r\n" {
		t.Errorf("short line: got %q", got)
	}
}

func TestText(t *testing.T) {
	if got, want := text("a,b;c\\d\ne"), `a\,b\;c\\d\ne`; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestSplitName(t *testing.T) {
	tests := []struct{ in, family, given, middle string }{
		{"Phạm Quốc Thái", "Phạm", "Thái", "Quốc"},
		{"Tôn Nữ Thảo Vy", "Tôn", "Vy", "Nữ Thảo"},
		{"Lan", "", "Lan", ""},
		{"Lê Na", "Lê", "Na", ""},
		{"", "", "", ""},
	}
	for _, tt := range tests {
		f, g, m := SplitName(tt.in)
		if f != tt.family || g != tt.given || m != tt.middle {
			t.Errorf("SplitName(%q) = %q, %q, %q; want %q, %q, %q", tt.in, f, g, m, tt.family, tt.given, tt.middle)
		}
	}
}

func TestTelURI(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"(024) 3555 0110", "tel:+842435550110", true},
		{"(0234) 3555 210", "tel:+842343555210", true},
		{"0912.345.678", "tel:+84912345678", true},
		{"0912-345-678", "tel:+84912345678", true},
		{"+84 24 3555 0110", "tel:+842435550110", true},
		{"84 24 3555 0110", "tel:+842435550110", true},
		{"+1 202 555 0100", "tel:+12025550100", true},
		{"3555 0110", "", false},
		{"gọi tổng đài", "", false},
		{"0", "", false},
		{"", "", false},
		{"0012 345 678", "", false},
	}
	for _, tt := range tests {
		got, ok := TelURI(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("TelURI(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}
