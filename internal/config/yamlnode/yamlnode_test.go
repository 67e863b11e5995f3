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
