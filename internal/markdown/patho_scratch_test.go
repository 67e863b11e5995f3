package markdown

import (
	"strings"
	"testing"
	"time"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"bytes"
)

func TestScratchPatho(t *testing.T) {
	n := 50000
	cases := map[string]string{
		"quotes": strings.Repeat(">", n),
		"quotes-sp": strings.Repeat("> ", n),
		"unclosed": strings.Repeat("[a](b", n),
		"stars": strings.Repeat("*", n),
		"unders": strings.Repeat("_", n),
		"staraword": strings.Repeat("*a", n),
		"underaword": strings.Repeat("_a ", n),
		"brackets": strings.Repeat("[", n),
		"brackets10k": strings.Repeat("[", 10000),
		"bracketsclose": strings.Repeat("[", n)+strings.Repeat("]", n),
		"imgopen": strings.Repeat("![", n),
		"links": strings.Repeat("[a](b)", n),
		"lists": strings.Repeat("- ", n),
		"nestlist": func() string { var b strings.Builder; for i := 0; i < 3000; i++ { b.WriteString(strings.Repeat("  ", i)); b.WriteString("- a\n") }; return b.String() }(),
		"backticks": strings.Repeat("`", n) + strings.Repeat("a`", n),
		"ticks": strings.Repeat("`a", n),
		"lt": strings.Repeat("<", n),
		"ltA": strings.Repeat("<a", n),
		"amp": strings.Repeat("&#", n),
		"www": strings.Repeat("www.", n),
		"wwwa": strings.Repeat("www.a.com/", n),
		"http": strings.Repeat("http://a", n),
		"emails": strings.Repeat("a@", n),
		"emails2": strings.Repeat("a.", n) + "@",
		"pipes": "|" + strings.Repeat("a|", n) + "\n" + "|" + strings.Repeat("-|", n) + "\n" + strings.Repeat("|a\n", 1000),
		"tablerows": "|a|b|\n|-|-|\n" + strings.Repeat("|"+strings.Repeat("x|", 200)+"\n", 2000),
		"strike": strings.Repeat("~~a", n),
		"tilde": strings.Repeat("~", n),
		"refdefs": strings.Repeat("[a]: b\n", n),
		"refuse": "[a]: b\n" + strings.Repeat("[a]", n),
		"linkref": strings.Repeat("[a][", n),
		"nested-links": strings.Repeat("[", n)+"a"+strings.Repeat("](b)", n),
		"emph-links": strings.Repeat("*[", n)+"a",
		"headings": strings.Repeat("# a\n", n),
		"bang": strings.Repeat("!", n),
		"backslash": strings.Repeat("\\", n),
		"quotes-lines": strings.Repeat(">\n", n),
		"dashes": strings.Repeat("-\n", n),
		"setext": strings.Repeat("a\n=\n", n),
		"htmlcomment": strings.Repeat("<!--", n),
		"titles": strings.Repeat("[a](b \"", n),
		"paren": "[a](" + strings.Repeat("(", n),
		"parenclose": "[a](" + strings.Repeat("(", n) + strings.Repeat(")", n),
		"angle": strings.Repeat("[a](<", n),
	}
	md := goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.Linkify))
	r := New(Options{Timeout: 20 * time.Second, MaxNesting: 1 << 30})
	for name, src := range cases {
		start := time.Now()
		var buf bytes.Buffer
		md.Convert([]byte(src), &buf)
		d1 := time.Since(start)
		start = time.Now()
		_, err := r.Render([]byte(src), nil)
		t.Logf("%-14s plain %8v ours %8v %v", name, d1, time.Since(start), err)
	}
}
