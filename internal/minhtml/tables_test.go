package minhtml

import (
	"testing"

	mhtml "github.com/tdewolff/minify/v2/html"
)

// TestTraitsFitTables checks that every copied trait fits tagTable and
// attrTable below leftToMinifierBit, and every hash has a slot there.
func TestTraitsFitTables(t *testing.T) {
	for name, traitsOf := range map[string]map[uint32]traits{"tag": hashes(tagTraits), "attribute": hashes(attrTraits)} {
		for h, tr := range traitsOf {
			if tr >= leftToMinifierBit {
				t.Errorf("%s hash %#x: traits %#x do not fit below leftToMinifierBit", name, h, tr)
			}
			if _, ok := slot(mhtml.Hash(h)); !ok {
				t.Errorf("%s hash %#x has no slot in the tables (minhtml would decline every page that has it)", name, h)
			}
		}
	}
}

func hashes[K ~uint32](m map[K]traits) map[uint32]traits {
	out := make(map[uint32]traits, len(m))
	for k, v := range m {
		out[uint32(k)] = v
	}
	return out
}
