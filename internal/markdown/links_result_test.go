package markdown

import (
	"reflect"
	"testing"
)

func TestResultLinks(t *testing.T) {
	src := "# Đầu\n\nXem [a](a.md#muc-2), [đây](#dau) và [x](missing.md).\n\n" +
		"![Toàn cảnh](anh.png \"Ảnh: A\")\n\nCó ![](trong.png) và [![Logo](/logo.png)](https://example.gov.vn/) [j](javascript:alert(1))\n"
	res, err := New(Options{}).Render([]byte(src), testResolve)
	if err != nil {
		t.Fatal(err)
	}
	want := []Link{
		{Line: 3, Col: 5, Dest: "a.md#muc-2", Text: "a"},
		{Line: 3, Col: 22, Dest: "#dau", Text: "đây"},
		// [x](missing.md) was dropped with a Problem.
		{Line: 5, Col: 1, Dest: "anh.png", Image: true, Alt: "Toàn cảnh"},
		{Line: 7, Col: 4, Dest: "trong.png", Image: true},
		{Line: 7, Col: 22, Dest: "https://example.gov.vn/"}, // not plain text: no Text
		{Line: 7, Col: 23, Dest: "/logo.png", Image: true, Alt: "Logo"},
		// the javascript: link is refused, with a Problem.
	}
	if !reflect.DeepEqual(res.Links, want) {
		t.Errorf("Links:\ngot  %+v\nwant %+v", res.Links, want)
	}
}
