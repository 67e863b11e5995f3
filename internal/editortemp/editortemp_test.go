package editortemp

import "testing"

func TestIs(t *testing.T) {
	tests := []struct {
		name string
		want bool
	}{
		{"a.md", false},
		{"content/thong-bao/a.md", false},
		{"static/.htaccess", false},
		{"sed.md", false},
		{"2024", false},
		{"a.md~", true},
		{"content/.a.md.swp", true},
		{".a.md.swo", true},
		{".a.md.swx", true}, // vim's swap probe
		{"4913", true},
		{".#a.md", true},
		{"#a.md#", true},
		{"a.md___jb_tmp___", true},
		{"a.md___jb_old___", true},
		{"sedAb12Cd", true},
		{".goutputstream-ABC123", true},
		{"a.md.kate-swp", true},
		{".DS_Store", true},
	}
	for _, tt := range tests {
		if got := Is(tt.name); got != tt.want {
			t.Errorf("Is(%q) = %v, want %v", tt.name, got, tt.want)
		}
	}
}
