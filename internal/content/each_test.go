package content

import (
	"fmt"
	"reflect"
	"sync"
	"testing"
)

// TestLoadEach checks that LoadEach returns what Load does, and hands fn
// once every page that parses with the body ReadBody gives.
func TestLoadEach(t *testing.T) {
	fsys := mapFS(map[string]string{
		"content/_index.md":               "---\ntitle: Trang chủ\n---\nChào mừng.\n",
		"content/thong-bao/_index.md":     "---\ntitle: Thông báo\n---\n",
		"content/thong-bao/tb-1.md":       "---\ntitle: A\ndate: 2024-01-01\n---\n\nNội dung **A**.\n",
		"content/thong-bao/tb-2.md":       "\ufeff---\r\ntitle: B\r\ndate: 2024-01-02\r\n---\r\nNội dung B.\r\n",
		"content/thong-bao/tb-3/index.md": "---\ntitle: C\ndate: 2024-01-03\n---\nẢnh: ![a](anh.jpg)\n",
		"content/thong-bao/tb-3/anh.jpg":  "jpg",
		"content/thong-bao/hong.md":       "---\ntitle: [\n---\nkhông đọc được\n",
		"content/lien-he.md":              "",
	})
	var mu sync.Mutex
	bodies := map[string]string{}
	pages, files, err := LoadEach(fsys, testConfig(), func(p *Page, body []byte) bool {
		mu.Lock()
		defer mu.Unlock()
		if _, dup := bodies[p.Path]; dup {
			t.Errorf("%s handed twice", p.Path)
		}
		bodies[p.Path] = string(body)
		return false
	})
	wantPages, wantFiles, wantErr := Load(fsys, testConfig())
	// Errors compare as printed (sorted): a List keeps them in the order
	// the reading goroutines found them.
	if !reflect.DeepEqual(pages, wantPages) || !reflect.DeepEqual(files, wantFiles) || fmt.Sprint(err) != fmt.Sprint(wantErr) {
		t.Errorf("LoadEach = %v, %v, %v\nLoad     = %v, %v, %v", pages, files, err, wantPages, wantFiles, wantErr)
	}
	if err == nil {
		t.Error("no error for the broken page")
	}
	want := map[string]string{}
	for _, p := range wantPages {
		body, err := ReadBody(fsys, p)
		if err != nil {
			t.Fatal(err)
		}
		want[p.Path] = string(body)
	}
	if !reflect.DeepEqual(bodies, want) {
		t.Errorf("bodies handed:\n%q\nwant\n%q", bodies, want)
	}
	for _, p := range pages {
		if p.Kind == KindPage && p.Body != nil {
			t.Errorf("%s: body kept", p.Path)
		}
	}
}
