package render

import (
	"maps"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/congbo/congbo/layouts"
)

// TestFlatStrings checks that flatStrings reads the theme's translation
// files and the forms it accepts as yaml.v3 does, and leaves the others
// to yaml.v3.
func TestFlatStrings(t *testing.T) {
	for _, name := range []string{"i18n/vi.yaml", "i18n/en.yaml"} {
		b, err := layouts.FS.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := flatStrings(b); !ok {
			t.Errorf("%s: not read without yaml.v3", name)
		}
		checkFlatStrings(t, b)
	}
	for _, tc := range []struct {
		in string
		ok bool
	}{
		{"a: \"x\"\n# c\n\nb-c_1: \"Trang chủ # %d\"  # note\n", true},
		{"a: \"\"", true},
		{"a: 'x'\n", false},
		{"a: x\n", false},
		{"a: \"x\\\"y\"\n", false},
		{"a: \"x\"\na: \"y\"\n", false},
		{"a: \"x\"#c\n", false},
		{"a: \"x\" \n", false},
		{"a:\"x\"\n", false},
		{" a: \"x\"\n", false},
		{"a: \"x\"\r\n", false},
		{"true: \"x\"\n", false},
		{"Null: \"x\"\n", false},
		{"1a: \"x\"\n", false},
		{"---\na: \"x\"\n", false},
		{"a: \"x\u0085y\"\n", false},
		{"a: \"x\u2028y\"\n", false},
		{"\ufeffa: \"x\"\n", false},
		{"a: \"x\ty\"\n", false},
		{"a: \"x\n  y\"\n", false},
		{"# only a comment\n", false},
		{"", false},
	} {
		_, ok := flatStrings([]byte(tc.in))
		if ok != tc.ok {
			t.Errorf("flatStrings(%q): ok %v, want %v", tc.in, ok, tc.ok)
		}
		checkFlatStrings(t, []byte(tc.in))
	}
}

// FuzzFlatStrings checks that whatever flatStrings reads, yaml.v3 reads
// the same.
func FuzzFlatStrings(f *testing.F) {
	for _, name := range []string{"i18n/vi.yaml", "i18n/en.yaml"} {
		b, err := layouts.FS.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("a: \"x\"\n# c\n\nb-c_1: \"y # z\"  # note\n"))
	f.Fuzz(func(t *testing.T, b []byte) { checkFlatStrings(t, b) })
}

func checkFlatStrings(t *testing.T, b []byte) {
	t.Helper()
	got, ok := flatStrings(b)
	if !ok {
		return
	}
	var want map[string]string
	if err := yaml.Unmarshal(b, &want); err != nil {
		t.Fatalf("flatStrings(%q) = %v, but yaml.v3: %v", b, got, err)
	}
	if !maps.Equal(got, want) {
		t.Fatalf("flatStrings(%q) = %v, yaml.v3 %v", b, got, want)
	}
}
