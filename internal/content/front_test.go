package content

import (
	"fmt"
	"io/fs"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/congbo/congbo/internal/config/yamlnode"
)

// dumpNode prints every field of a node tree, one node a line, for
// comparing simpleFront's nodes with yaml.v3's.
func dumpNode(n *yaml.Node) string {
	var b strings.Builder
	var walk func(n *yaml.Node, depth int)
	walk = func(n *yaml.Node, depth int) {
		if n == nil {
			b.WriteString("nil\n")
			return
		}
		c := *n
		c.Content = nil
		fmt.Fprintf(&b, "%s%#v content=%d\n", strings.Repeat("  ", depth), c, len(n.Content))
		for _, ch := range n.Content {
			walk(ch, depth+1)
		}
	}
	walk(n, 0)
	return b.String()
}

// sameAsYAML checks that when simpleFront takes src, yaml.v3 (through
// yamlnode.Parse) reads src without error into the same nodes. It
// reports whether simpleFront took it.
func sameAsYAML(t *testing.T, src []byte) bool {
	t.Helper()
	fast, ok := simpleFront(src, nil)
	if !ok {
		return false
	}
	slow, err := yamlnode.Parse("f.md", src, 0)
	if err != nil {
		t.Fatalf("simpleFront took %q, yaml.v3 fails: %v", src, err)
	}
	if !reflect.DeepEqual(fast, slow) {
		t.Fatalf("simpleFront(%q):\n%s\nyaml.v3:\n%s", src, dumpNode(fast), dumpNode(slow))
	}
	return true
}

func TestSimpleFront(t *testing.T) {
	tests := []struct {
		src  string
		fast bool // simpleFront takes it
	}{
		{"title: \"Thông báo số 1\"\ndate: 2022-04-18T17:10:00+07:00\ndraft: false\n", true},
		{"tags: [\"thanh tra\", \"kế hoạch\"]\nunits: []\ncategories: [ 'a' , \"b\" ]\n", true},
		{"tags: [a, b c, Đà Nẵng]\n", true},
		{"title: Thông báo: lịch họp\n", false}, // ": " in a plain value is an error
		{"title: Thông báo:lịch họp\nurl: https://example.gov.vn/a?b=c\n", true},
		{"\n\ntitle: a\n\nweight: 5\n", true},
		{"title: a   \nweight: 0\nx: 123456789012345678\n", true},
		{"title: 'it''s'\n", false},
		{"title: \"a \\\" b\"\n", false},
		{"title: \"a\" b\n", false},
		{"title: a # comment\n", false},
		{"title: \"a # not a comment\"\n", true},
		{"title:\n", false},
		{"title: \n", false},
		{"title:a\n", false},
		{"title : a\n", false},
		{" title: a\n", false},
		{"title: a\n  b\n", false},
		{"tags:\n  - a\n", false},
		{"title: a\ttab\n", false},
		{"title: \"a\tb\"\n", false},
		{"title: a\r\n", false},
		{"date: 2023-11-25 08:55\n", true}, // a text to yaml.v3: no seconds
		{"date: 2023-11-25 08:55:00\n", true},
		{"date: 25/11/2023\n", true},
		{"date: 2023-11-25\n", true},
		{"weight: 012\n", false}, // octal to yaml.v3
		{"weight: 1_000\n", false},
		{"weight: 1.5\n", false},
		{"weight: -1\n", false},
		{"draft: yes\nok: on\nn: No\nt: True\nnu: Null\n", true},
		{"true: a\nnull: b\n", true},
		{"title: a\ntitle: b\n", true},
		{"a: &x 1\n", false},
		{"a: *x\n", false},
		{"a: !!str 1\n", false},
		{"a: |\n  x\n", false},
		{"a: {b: c}\n", false},
		{"a: [b, [c]]\n", false},
		{"a: [b,]\n", false},
		{"a: [b\n", false},
		{"a: [\"b\"] x\n", false},
		{"a: \"\"\nb: ''\n", true},
		{"a: \"\u2028\"\n", false},
		{"a: \"\u00a0x\u00a0\"\n", true},
		{"a: \"\ufeff\"\n", false},
		{"a: \x85\n", false},
		{"- a\n", false},
		{"", false},
		{"\n\n", false},
		{"a: b\n---\nc: d\n", false},
		{"title: It's [a] {b}, c\n", true},
		{"title: a%b@c`d\n", true},
	}
	for _, tt := range tests {
		if got := sameAsYAML(t, []byte(tt.src)); got != tt.fast {
			t.Errorf("simpleFront(%q) took it: %v, want %v", tt.src, got, tt.fast)
		}
	}
}

// TestSimpleFrontCorpus checks that every page of the corpus sample and of
// 200 generated corpus pages takes the fast path, with yaml.v3's nodes.
func TestSimpleFrontCorpus(t *testing.T) {
	files := map[string][]byte{}
	for name, f := range txtarFS(t, "testdata/corpus.txtar") {
		files[name] = f.Data
	}
	gen := corpusFS(t)
	err := fs.WalkDir(gen, ".", func(name string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files[name], err = fs.ReadFile(gen, name)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for name, data := range files {
		data, err := Normalize(data)
		if err != nil {
			t.Fatal(err)
		}
		front, _, _, _, err := SplitFrontMatter(data)
		if err != nil || front == nil {
			continue
		}
		if !sameAsYAML(t, front) {
			t.Errorf("%s: front matter takes the slow path:\n%s", name, front)
		}
		n++
	}
	if n == 0 {
		t.Fatal("no pages")
	}
}

func FuzzSimpleFront(f *testing.F) {
	for _, s := range []string{
		"title: \"Thông báo số 1\"\ndate: 2022-04-18T17:10:00+07:00\ndraft: false\n",
		"tags: [\"thanh tra\", 'kế hoạch', c d]\nunits: []\n",
		"title: It's [a] {b}, c:d\nweight: 12\nx: 2023-11-25 08:55\n",
		"true: a\nn: yes\n\nb: ~\n",
		"a: \"\u00a0x\"\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		sameAsYAML(t, src)
	})
}

// FuzzParseFront checks that Parse gives the same page or errors with
// simpleFront as with yaml.v3 alone.
func FuzzParseFront(f *testing.F) {
	f.Add("thong-cao-bao-chi/a.md", []byte("---\ntitle: \"A\"\ndate: 2022-04-18T17:10:00+07:00\ndraft: false\ntags: [\"a\", \"b\", \"a\"]\nnumber: 12\n---\nx"))
	f.Add("thong-bao/a.md", []byte("---\ntitle: A\ndate: 2023-11-25 08:55\ndraft: yes\nweight: 5\nunits: [Sở Y tế]\n---\nx"))
	f.Add("a.md", []byte("---\ntitle: A\nfoo: 2023-11-25\nbar: [a, 1, true]\nbaz: null\nTitle: B\n---\n"))
	f.Fuzz(func(t *testing.T, path string, data []byte) {
		if path == "" || strings.HasPrefix(path, "/") || !strings.HasSuffix(path, ".md") {
			return
		}
		fast := newParser(testConfig())
		slow := newParser(testConfig())
		slow.front = func(file string, src []byte, lineOffset int, _ *[]yaml.Node) (*yaml.Node, error) {
			return yamlnode.Parse(file, src, lineOffset)
		}
		p1, err1 := fast.parse(path, data)
		p2, err2 := slow.parse(path, data)
		if fmt.Sprint(err1) != fmt.Sprint(err2) {
			t.Fatalf("errors differ:\nfast: %v\nslow: %v", err1, err2)
		}
		if !reflect.DeepEqual(p1, p2) {
			t.Fatalf("pages differ:\nfast: %#v\nslow: %#v", p1, p2)
		}
	})
}

// TestSimpleFrontRandom compares simpleFront with yaml.v3 on front matter
// put together from pieces near the edges of what simpleFront takes,
// which byte-level fuzzing seldom reaches.
func TestSimpleFrontRandom(t *testing.T) {
	keys := []string{"title", "date", "draft", "tags", "a-b", "x_1", "true", "null", "y", "on", "No", "Title"}
	seps := []string{": ", ":  ", ":", " : ", ":\t"}
	atoms := []string{
		"a", "Đà Nẵng", "2023-11-25", "2023-11-25T08:55:00+07:00", "2023-1-5 8:5:3", "2023-11-25 08:55",
		"2023-13-45", "0", "12", "012", "0x1F", "1e3", "1.5", "-1", "+1", ".5", "1_0", "9223372036854775807",
		"99999999999999999999", "true", "False", "null", "NULL", "~", "yes", "off", "<<", "a:b", "a: b", "a #b",
		"a#b", "a,b", "[a]", "{a}", "it's", "x\"y", "a\\b", "\u00a0", "\u2028", "\u0085", "\ufeff", "\t", " ",
		"&a", "*a", "!a", "|", ">", "%", "@", "`", "-", "- a", "?", "? a", ":", "\ufffd", "\U0001F600", "\x7f",
		"\x01", "ơ", "2023", "12:30", "1/2", "1 2", "5/11/2023 08:55", "0b101", "0o17", "1__2", "Inf", ".inf",
	}
	// Most pieces are ones simpleFront takes, so most documents test it.
	plain := []string{"a", "Đà Nẵng", "ơ", " ", "b c", "2023-11-25", "12", "-", ".", "/", "_", "x"}
	r := rand.New(rand.NewPCG(1, 2))
	pick := func(s []string) string { return s[r.IntN(len(s))] }
	value := func() string {
		var b strings.Builder
		for range 1 + r.IntN(3) {
			if r.IntN(4) == 0 {
				b.WriteString(pick(atoms))
			} else {
				b.WriteString(pick(plain))
			}
		}
		return b.String()
	}
	item := func() string {
		switch r.IntN(3) {
		case 0:
			return `"` + value() + `"`
		case 1:
			return "'" + value() + "'"
		}
		return value()
	}
	const n = 50000
	fast := 0
	for range n {
		var b strings.Builder
		for range 1 + r.IntN(4) {
			if r.IntN(8) == 0 {
				b.WriteString("\n")
			}
			if r.IntN(10) == 0 {
				b.WriteString(" ")
			}
			b.WriteString(pick(keys))
			if r.IntN(3) == 0 {
				b.WriteString(pick(seps))
			} else {
				b.WriteString(": ")
			}
			switch r.IntN(4) {
			case 0:
				b.WriteString(value())
			case 1:
				b.WriteString(item())
			case 2:
				b.WriteString("[")
				for i := range r.IntN(4) {
					if i > 0 {
						b.WriteString(pick([]string{",", ", ", " ,", ",,"}))
					}
					b.WriteString(item())
				}
				b.WriteString(pick([]string{"]", " ]", "] ", "]x", ""}))
			default:
				b.WriteString(item() + pick([]string{"", " ", "  x", "\t"}))
			}
			if r.IntN(20) > 0 {
				b.WriteString("\n")
			}
		}
		if sameAsYAML(t, []byte(b.String())) {
			fast++
		}
	}
	t.Logf("%d of %d took the fast path", fast, n)
}

// TestParseReusesNodes parses pages one after another with one slice of
// nodes, as each Load worker does, and compares each page, kept until the
// end, with the page parsed alone: no page may keep a node that the next
// parse overwrites.
func TestParseReusesNodes(t *testing.T) {
	ps := newParser(testConfig())
	var nodes []yaml.Node
	var got []*Page
	var srcs [][]byte
	for i := range 50 {
		src := fmt.Sprintf("---\ntitle: \"Trang %d\"\ndate: 2024-01-%02d\ntags: [\"thẻ %d\", t%d]\nfoo: [a%d, %d]\nbar: x%d\nchanges: [{date: 2024-02-01, note: n%d}]\n---\nx\n", i, 1+i%28, i, i, i, i, i, i)
		if i%2 == 0 {
			src = strings.Replace(src, "title:", "number: \"12/TB\"\ntitle:", 1)
		}
		srcs = append(srcs, []byte(src))
		p, err := ps.parseReusing(fmt.Sprintf("trang-%d.md", i), []byte(src), &nodes)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, p)
	}
	for i, src := range srcs {
		want, err := ps.parse(fmt.Sprintf("trang-%d.md", i), src)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got[i], want) {
			t.Errorf("page %d parsed with reused nodes:\n%#v\nalone:\n%#v", i, got[i], want)
		}
	}
}
