package markdown

import (
	"errors"
	"fmt"
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

// TestImageSizes: RenderPage asks the size of every image by its
// root-relative URL and writes it on the <img>, in a figure too; an image
// on another site is not asked about, and an unknown one gets no size.
func TestImageSizes(t *testing.T) {
	var asked []string
	images := func(url string) (Image, bool) {
		asked = append(asked, url)
		switch url {
		case "/trang/khong-biet.png":
			return Image{}, false
		case "/trang/anh.jpg": // a camera's photo: copies for phones
			return Image{Width: 1280, Height: 720, Src: "/trang/anh.1280w.jpg", Srcset: "/trang/anh.640w.jpg 640w, /trang/anh.1280w.jpg 1280w", Sizes: "(min-width: 46rem) 70ch, 100vw"}, true
		}
		return Image{Width: 640, Height: 360}, true
	}
	src := "![Toàn cảnh](anh.jpg \"Ảnh: Thu Hà\")\n\nTrong bài ![Logo](/anh/logo.svg?v=2), ![Ngoài](https://example.gov.vn/a.png) và ![Lạ](khong-biet.png).\n"
	res, err := New(Options{}).RenderPage(nil, []byte(src), testResolve, images)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`<figure><img src="/trang/anh.1280w.jpg" alt="Toàn cảnh" srcset="/trang/anh.640w.jpg 640w, /trang/anh.1280w.jpg 1280w" sizes="(min-width: 46rem) 70ch, 100vw" width="1280" height="720" loading="lazy" decoding="async">`,
		`<img src="/anh/logo.svg?v=2" alt="Logo" width="640" height="360" loading="lazy"`,
		`<img src="https://example.gov.vn/a.png" alt="Ngoài" loading="lazy"`,
		`<img src="/trang/khong-biet.png" alt="Lạ" loading="lazy"`,
	} {
		if !strings.Contains(string(res.HTML), want) {
			t.Errorf("HTML lacks %s:\n%s", want, res.HTML)
		}
	}
	wantAsked := []string{"/trang/anh.jpg", "/anh/logo.svg?v=2", "/trang/khong-biet.png"}
	if fmt.Sprint(asked) != fmt.Sprint(wantAsked) {
		t.Errorf("asked %v, want %v", asked, wantAsked)
	}
	wantImages := []ImageUse{{"/trang/anh.jpg", Image{1280, 720, "/trang/anh.1280w.jpg", "/trang/anh.640w.jpg 640w, /trang/anh.1280w.jpg 1280w", "(min-width: 46rem) 70ch, 100vw"}}, {"/anh/logo.svg?v=2", Image{Width: 640, Height: 360}}, {"/trang/khong-biet.png", Image{}}}
	if fmt.Sprint(res.Images) != fmt.Sprint(wantImages) {
		t.Errorf("Images = %v, want %v", res.Images, wantImages)
	}
	if res, _ := New(Options{}).Render([]byte(src), testResolve); strings.Contains(string(res.HTML), "width=") || res.Images != nil {
		t.Error("Render without Images wrote sizes")
	}
}
