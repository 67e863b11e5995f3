package render

import (
	"testing"

	"github.com/congbo/congbo/internal/config"
	"github.com/congbo/congbo/layouts"
)

// BenchmarkLoadTemplates parses the default theme: one set per layout, as
// every build starts.
func BenchmarkLoadTemplates(b *testing.B) {
	cfg, err := config.Parse("site.yaml", []byte("title: T\nbaseURL: https://example.gov.vn/\norganization: {name: Bộ}\n"))
	if err != nil {
		b.Fatal(err)
	}
	l := NewLayouts(nil, layouts.FS)
	for b.Loop() {
		if _, err := LoadTemplates(l, cfg); err != nil {
			b.Fatal(err)
		}
	}
}
