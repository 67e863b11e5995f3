package content

import (
	"testing"
	"testing/fstest"
)

// A Store holds the bodies of home and sections but not of regular pages,
// which ReadBody reads again, normalised as Parse gives them, as Load
// does: a layout showing .Page.Source.Body sees the same in both.
func TestStoreReadsBodiesAgain(t *testing.T) {
	files := map[string]string{
		"content/_index.md":         "---\ntitle: Trang chủ\n---\nLời chào.\n",
		"content/tin/_index.md":     "---\ntitle: Tin\n---\nGiới thiệu.\n",
		"content/tin/plain.md":      "---\ntitle: Tin\n---\nNội dung **đậm**.\n",
		"content/tin/crlf.md":       "---\r\ntitle: CRLF\r\n---\r\nDòng một.\r\n",
		"content/tin/nfd.md":        "---\ntitle: NFD\n---\nHoa\u0300 bi\u0300nh.\n",
		"content/tin/goi/index.md":  "---\ntitle: Gói\n---\nCó tệp.\n",
		"content/tin/goi/phu-luc.a": "a",
	}
	fsys := mapFS(files)
	cfg := testConfig()
	s := NewStore(fsys, cfg)
	s.Update(nil)
	pages, _, err := s.Pages()
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) != 6 {
		t.Fatalf("got %d pages, want 6", len(pages))
	}
	checkBodies := func(pages []*Page) {
		t.Helper()
		for _, p := range pages {
			if held := p.Body != nil; held != (p.Kind != KindPage) {
				t.Errorf("%s (%s): body held = %t", p.Path, p.Kind, held)
			}
			got, err := ReadBody(fsys, p)
			if err != nil {
				t.Fatalf("%s: %v", p.Path, err)
			}
			want, err := Parse(p.Path, fsys["content/"+p.Path].Data, cfg)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != string(want.Body) {
				t.Errorf("%s: ReadBody = %q, want %q", p.Path, got, want.Body)
			}
		}
	}
	checkBodies(pages)

	// A body edit (to CRLF line ends): the page that replaces the old one
	// does not hold its body either, and ReadBody normalises the new file.
	fsys["content/tin/plain.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Tin\n---\nNội dung\r\nmới.\n")}
	replaced, bodyOnly := s.Update([]string{"tin/plain.md"})
	if !bodyOnly || len(replaced) != 1 {
		t.Fatalf("Update: %d replaced, bodyOnly %t; want 1, true", len(replaced), bodyOnly)
	}
	if replaced[0].Body != nil {
		t.Error("edited page: body held")
	}
	if got, err := ReadBody(fsys, replaced[0]); err != nil || string(got) != "Nội dung\nmới.\n" {
		t.Errorf("edited page: ReadBody = %q, %v", got, err)
	}
}
