package markdown

import (
	"errors"
	"strings"
	"testing"
)

// TestRelativeDestinations checks that relative links and images that are
// not Markdown files go through Resolve (the site graph makes them
// root-relative), and that nothing else does.
func TestRelativeDestinations(t *testing.T) {
	tests := []struct {
		name, src, want string
		resolved        bool // Resolve was asked
	}{
		{"bundle image", "![Ảnh](anh.svg)", `<img src="/trang/anh.svg" alt="Ảnh"`, true},
		{"image in a link", "[![Ảnh](anh.png)](anh-lon.png)", `<a href="/trang/anh-lon.png"><img src="/trang/anh.png"`, true},
		{"file link", "[tải](tai-lieu/ke-hoach.pdf#page=2)", `<a href="/trang/tai-lieu/ke-hoach.pdf#page=2">`, true},
		{"up", "[mục](../)", `<a href="/trang/../">`, true},
		{"root-relative", "[a](/thong-bao/)", `<a href="/thong-bao/">`, false},
		{"fragment", "[a](#muc-1)", `<a href="#muc-1">`, false},
		{"query", "[a](?trang=2)", `<a href="?trang=2">`, false},
		{"absolute", "![a](https://example.gov.vn/a.png)", `<img src="https://example.gov.vn/a.png"`, false},
		{"scheme-relative", "![a](//cdn.example.gov.vn/a.png)", `<img src="//cdn.example.gov.vn/a.png"`, false},
		{"mailto", "[a](mailto:a@b.vn)", `<a href="mailto:a@b.vn">`, false},
		{"tel", "[a](tel:+842435550100)", `<a href="tel:+842435550100">`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var asked []string
			res, err := New(Options{}).Render([]byte(tt.src), func(dest string) (string, error) {
				asked = append(asked, dest)
				return testResolve(dest)
			})
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(res.HTML), tt.want) {
				t.Errorf("HTML = %s, want it to contain %s", res.HTML, tt.want)
			}
			if got := len(asked) > 0; got != tt.resolved {
				t.Errorf("Resolve asked %q, want asked: %v", asked, tt.resolved)
			}
			if len(res.Problems) > 0 {
				t.Errorf("problems: %v", res.Problems)
			}
		})
	}
}

func TestRelativeDestinationProblems(t *testing.T) {
	// Without a site (nil Resolve) a relative image is kept as written.
	res, err := New(Options{}).Render([]byte("![a](anh.svg)"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(res.HTML), `src="anh.svg"`) || len(res.Problems) != 0 {
		t.Errorf("nil Resolve: HTML %s, problems %v", res.HTML, res.Problems)
	}
	// A Resolve error is a problem at the image's "!", and the image is kept.
	res, err = New(Options{}).Render([]byte("Xem\n\nảnh: ![a](anh%zz.svg)"), func(string) (string, error) {
		return "", errors.New("not a valid address")
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Problems) != 1 || res.Problems[0].Line != 3 || res.Problems[0].Col != 6 ||
		!strings.Contains(res.Problems[0].Msg, `link to "anh%zz.svg": not a valid address`) {
		t.Errorf("problems %v", res.Problems)
	}
}
