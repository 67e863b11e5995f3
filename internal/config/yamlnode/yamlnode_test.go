package yamlnode

import (
	"fmt"
	"strings"
	"testing"
)

func TestParseErrorLines(t *testing.T) {
	tests := []struct {
		src       string
		offset    int
		want      string // error text, "" for none
		wantValue string
	}{
		{"a: 1\nb: [x, {c: true}]\n", 0, "", "map[a:1 b:[x map[c:true]]]"},
		{"", 0, "", "<nil>"},
		{"a: 1\n  b: 2\n", 0, "f.yaml:2: invalid YAML", ""},
		{"a: 1\n  b: 2\n", 4, "f.yaml:6: invalid YAML", ""},
		{"a: &x 1\nb: *x\n", 10, "f.yaml:12:4: YAML alias *x is not supported", ""},
		// A quote left open: the error points where it opened, not where
		// yaml.v3 noticed.
		{"title: \"Thông báo\ndate: 2024-01-01\ndescription: x\n", 1, "f.yaml:2:8: invalid YAML: the text quoted with \" here is not closed on this line", ""},
		{"title: a\ntags: [\"a\", \"b]\ndate: 2024-01-01\n", 0, "f.yaml:2:13: invalid YAML: the text quoted with \" here is not closed", ""},
		{"title: 'it''s\nb: 1\n", 0, "f.yaml:1:8: invalid YAML: the text quoted with ' here", ""},
		{"- \"a\n- b\n", 0, "f.yaml:1:3: invalid YAML: the text quoted with \"", ""},
		// Quotes inside a plain text or a comment, or closed, are not the
		// problem: yaml.v3's own message stays.
		{"title: Thông báo \"trích\nsub: \"x\" # \"open\na: 1\n  b: 2\n", 0, "f.yaml:4: invalid YAML: mapping values are not allowed", ""},
		{"title: \"a\\\"b\"\nx: 1\n  y: 2\n", 0, "f.yaml:3: invalid YAML", ""},
		{"title: \"a\"\n", 0, "", "map[title:a]"},
		// A colon and a space in a plain value: the most common front
		// matter mistake, pointed at with the fix.
		{"date: 2026-12-07\ntitle: Họp báo: kết quả quý IV\n", 1, "f.yaml:3:18: invalid YAML: the value of title has a colon and a space in it, which YAML reads as the start of another key (put the value in quotes: title: \"Họp báo: kết quả quý IV\")", ""},
		{"description: Thông báo số 12: \"khẩn\"\n", 0, "f.yaml:1:33: invalid YAML: the value of description has a colon and a space in it, which YAML reads as the start of another key (put the value in quotes: description: 'Thông báo số 12: \"khẩn\"')", ""},
		// A tab in the indentation (the editor's Tab key): the line and the
		// tab, whichever of yaml.v3's two messages it gives and whether it
		// names that line or the one before.
		{"title: a\ntags:\n\t- a\n", 1, "f.yaml:4:1: invalid YAML: this line is indented with a tab, which YAML does not allow (indent with spaces)", ""},
		{"title: a\n\tdate: b\n", 0, "f.yaml:2:1: invalid YAML: this line is indented with a tab", ""},
		{"tags:\n  - a\n\t- b\n", 0, "f.yaml:3:1: invalid YAML: this line is indented with a tab", ""},
		{"a:\n  b: 1\n \tc: 2\n", 0, "f.yaml:3:2: invalid YAML: this line is indented with a tab", ""},
		{"a: \tb\n", 0, "", "map[a:b]"},
		{"title: Ghi chú:\n  b: 2\n", 0, "f.yaml:1:16: invalid YAML: the value of title has a colon and a space in it, which YAML reads as the start of another key (put the value in quotes: title: \"Ghi chú:\")", ""},
	}
	for _, tt := range tests {
		n, err := Parse("f.yaml", []byte(tt.src), tt.offset)
		got := ""
		if err != nil {
			got = err.Error()
		}
		if tt.want == "" && err != nil || tt.want != "" && !strings.HasPrefix(got, tt.want) {
			t.Errorf("Parse(%q, %d): got error %q, want %q", tt.src, tt.offset, got, tt.want)
			continue
		}
		if err == nil {
			var v any
			if n != nil {
				v = Value(n)
			}
			if g := fmt.Sprint(v); g != tt.wantValue {
				t.Errorf("Value(%q) = %s, want %s", tt.src, g, tt.wantValue)
			}
		}
	}
}

// FuzzUnclosedQuote checks that the search for an open quote never panics
// (Parse would hide a panic as "cannot read YAML") and that the column it
// gives holds the quote.
func FuzzUnclosedQuote(f *testing.F) {
	f.Add("title: \"a\ntags: ['b', \"c]\n# \"d\n- 'e''\n")
	f.Fuzz(func(t *testing.T, src string) {
		line, col, q, ok := unclosedQuote([]byte(src), 1<<30)
		if !ok {
			return
		}
		lines := strings.Split(src, "\n")
		if line < 1 || line > len(lines) || col < 1 || col > len(lines[line-1]) || lines[line-1][col-1] != q {
			t.Fatalf("unclosedQuote(%q) = line %d, column %d, %q", src, line, col, q)
		}
	})
}

// FuzzColonInValue checks that the search for a colon in a plain value
// never panics and that the column it gives holds the colon.
func FuzzColonInValue(f *testing.F) {
	f.Add("title: Họp báo: kết quả\n", 1)
	f.Add("- a: b: c\n", 1)
	f.Fuzz(func(t *testing.T, src string, line int) {
		col, _, _, ok := colonInValue([]byte(src), line)
		if !ok {
			return
		}
		text := strings.Split(src, "\n")[line-1]
		if col < 1 || col > len(text) || text[col-1] != ':' {
			t.Fatalf("colonInValue(%q, %d) = column %d", src, line, col)
		}
	})
}
