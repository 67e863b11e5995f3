package shortcode_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/congbo/congbo/internal/shortcode"
)

func TestExpand(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"no shortcode", "Văn bản {{ .Title }} và {x}.\n", "Văn bản {{ .Title }} và {x}.\n"},
		{"ref", `[Thông báo]({{< ref "thong-bao/a.md" >}})`, `[Thông báo](thong-bao/a.md)`},
		{"ref in a reference definition", "[a][r]\n\n[r]: {{< ref \"a\" >}}", "[a][r]\n\n[r]: a.md"},
		{"relref without extension", `[a]({{< relref "/thong-bao/a" >}})`, `[a](/thong-bao/a.md)`},
		{"ref with anchor", `[a]({{< ref "a#muc-2" >}})`, `[a](a.md#muc-2)`},
		{"ref anchor only", `[a]({{< ref "#muc-2" >}})`, `[a](#muc-2)`},
		{"ref named path, percent form", `[a]({{% ref path="gioi-thieu/" %}})`, `[a](gioi-thieu.md)`},
		{"ref unquoted", `[a]({{<ref a.md>}})`, `[a](a.md)`},
		{"figure", `{{< figure src="anh.jpg" alt="Toàn cảnh" caption="Ảnh: Thu Hà" >}}`, `![Toàn cảnh](anh.jpg "Ảnh: Thu Hà")`},
		{"figure escapes", "{{< figure src=\"anh 1.jpg\" alt=\"[a] *b*\" title=\"Hội nghị\" caption=\"Ảnh: \\\"TTXVN\\\"\" >}}", `![\[a\] \*b\*](<anh 1.jpg> "Hội nghị — Ảnh: \"TTXVN\"")`},
		{"figure with link, self-closing", `{{< figure src="/anh/a.jpg" alt="a" link="/tin/" />}}`, `[![a](/anh/a.jpg)](/tin/)`},
		{"multi-line figure keeps lines", "{{< figure\n  src=\"a.jpg\"\n  alt=\"a\" >}}\nSau.", "![a](a.jpg)\n\n\nSau."},
		{"comment dropped, lines kept", "A\n{{< comment >}}\nnháp\n{{< /comment >}}\nB", "A\n\n\n\nB"},
		{"self-closed comment", "A{{< comment />}} B {{< comment >}}x{{< /comment >}}", "A B "},
		{"ref in angle brackets", `[a](<{{< ref "tin/Đà Nẵng" >}}>)`, `[a](<tin/Đà Nẵng.md>)`},
		{"ref with a space", `[a]({{< ref "tin/Đà Nẵng" >}})`, `[a](<tin/Đà Nẵng.md>)`},
		{"escaped", "Viết `{{</* figure src=\"a.jpg\" */>}}` để", "Viết `{{< figure src=\"a.jpg\" >}}` để"},
		{"escaped percent", "{{%/* notice */%}}", "{{% notice %}}"},
		{"escaped, overlapping marks", "{{</*/>}} {{</**/>}}", "{{</*/>}} {{<>}}"},
		{"not a shortcode", "a {{< >}} b {{<", "a {{< >}} b {{<"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, edits, problems := shortcode.Expand([]byte(tt.src))
			if len(problems) > 0 {
				t.Fatalf("problems: %v", problems)
			}
			if string(out) != tt.want {
				t.Errorf("got  %q\nwant %q", out, tt.want)
			}
			if tt.src == tt.want && edits != nil {
				t.Errorf("edits %v for a source with nothing to rewrite", edits)
			}
		})
	}
}

func TestExpandProblems(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string // in the message, in order
	}{
		{"custom shortcode", "Chú ý:\n{{% notice warning %}}Nội dung{{% /notice %}}",
			[]string{`{{% notice warning %}} is a Hugo shortcode, which congbo does not run`, `write {{%/* notice */%}}`}},
		{"youtube", "Xem: {{< youtube dQw4w9WgXcQ >}}",
			[]string{"no requests to third parties", "[Xem video](https://www.youtube.com/watch?v=dQw4w9WgXcQ)"}},
		{"x post", `{{< x user="SanDiegoZoo" id="1453110110599868418" >}}`,
			[]string{"[Xem bài đăng](https://x.com/SanDiegoZoo/status/1453110110599868418)"}},
		{"vimeo", `{{< vimeo 55073825 >}}`, []string{"(https://vimeo.com/55073825)"}},
		{"figure without src", `{{< figure alt="a" >}}`, []string{"has no src"}},
		{"ref without path", `[a]({{< ref >}})`, []string{"names no page"}},
		{"ref outside a link", `Xem {{< ref "a" >}}.`, []string{"outside a link's address", "[text](a.md)"}},
		{"relref in raw HTML", `<a href="{{< relref "a" >}}">`, []string{"outside a link's address"}},
		{"not closed", "{{< figure src=\"a.jpg\"\n\nSau.", []string{"{{< figure is not closed (end it with >}})"}},
		{"unterminated quote", `{{< figure src="a.jpg >}}`, []string{"argument that is not closed"}},
		{"comment not closed", "{{< comment >}}\nnháp", []string{"never closed"}},
		{"stray closing", "a {{< /details >}}", []string{"closes a Hugo shortcode that was not opened"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, problems := shortcode.Expand([]byte(tt.src))
			if len(problems) != 1 {
				t.Fatalf("got %d problems %v, want 1", len(problems), problems)
			}
			p := problems[0]
			if want := strings.Index(tt.src, "{{"); p.Off != want { // the first shortcode
				t.Errorf("offset %d, want %d", p.Off, want)
			}
			rest := p.Msg
			for _, w := range tt.want {
				i := strings.Index(rest, w)
				if i < 0 {
					t.Fatalf("message %q lacks %q", p.Msg, w)
				}
				rest = rest[i+len(w):]
			}
		})
	}
}

// A paired shortcode congbo does not run is named once, not again at its
// closing tag.
func TestExpandPairReportedOnce(t *testing.T) {
	_, _, problems := shortcode.Expand([]byte("{{< details summary=\"Xem\" >}}\nA\n{{< /details >}}\n{{< details >}}B{{< /details >}}"))
	if len(problems) != 2 {
		t.Fatalf("got %v, want the two openings", problems)
	}
}

func TestOriginal(t *testing.T) {
	src := "ab]({{< ref \"x\" >}} cd]({{< ref \"/long/path/y\" >}} ef"
	out, edits, _ := shortcode.Expand([]byte(src))
	if string(out) != "ab](x.md cd](/long/path/y.md ef" {
		t.Fatalf("out %q", out)
	}
	for _, tt := range []struct{ in, want string }{
		{"ab", "ab"}, {" cd", " cd"}, {" ef", " ef"}, {"](/", "]({{"},
		{"x.md", "{{< ref \"x\""}, {"/long/path/y.md", "{{< ref \"/long"}, {"md ef", "{{< ref \"/long"},
	} {
		off := strings.Index(string(out), tt.in)
		got := shortcode.Original(edits, off)
		if !strings.HasPrefix(src[got:], tt.want) {
			t.Errorf("Original(%d) for %q = %d (%q), want the offset of %q", off, tt.in, got, src[got:], tt.want)
		}
	}
	if got := shortcode.Original(edits, len(out)); got != len(src) {
		t.Errorf("Original(end) = %d, want %d", got, len(src))
	}
}

// FuzzExpand checks what the Markdown renderer relies on: the line breaks
// of the source are kept, Original maps the output onto the source in
// order, and problems point at a shortcode's "{{".
func FuzzExpand(f *testing.F) {
	for _, s := range []string{
		`[a]({{< ref "a" >}})`, "{{< figure\n src=\"a b.jpg\" caption=\"x\" >}}", "{{< comment >}}\n\n{{< /comment >}}",
		"{{</* x */>}}", "{{% notice %}}a{{% /notice %}}", "{{< youtube id=\"x\" >}}", "{{<", "{{< a \"", "{{< a `x` b=c />}}",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		out, edits, problems := shortcode.Expand(src)
		if bytes.Count(out, []byte{'\n'}) != bytes.Count(src, []byte{'\n'}) {
			t.Fatalf("line breaks %d → %d", bytes.Count(src, []byte{'\n'}), bytes.Count(out, []byte{'\n'}))
		}
		if edits == nil && !bytes.Equal(out, src) {
			t.Fatal("output changed without edits")
		}
		last := 0
		for off := 0; off <= len(out); off++ {
			o := shortcode.Original(edits, off)
			if o < last || o > len(src) {
				t.Fatalf("Original(%d) = %d after %d (source %d bytes)", off, o, last, len(src))
			}
			last = o
		}
		if len(out) > 0 && shortcode.Original(edits, len(out)) != len(src) {
			t.Fatalf("end maps to %d, want %d", shortcode.Original(edits, len(out)), len(src))
		}
		for _, p := range problems {
			if p.Off < 0 || !bytes.HasPrefix(src[p.Off:], []byte("{{")) {
				t.Fatalf("problem at %d does not point at a shortcode: %q", p.Off, p.Msg)
			}
		}
	})
}
