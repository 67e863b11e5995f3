// Package shortcode reads the Hugo shortcodes in a page's Markdown, so that
// content moved from a Hugo site is never published with "{{< figure … >}}"
// printed as text. congbo has no shortcodes of its own: Expand rewrites the
// few of Hugo's built-in ones that have a Markdown equivalent into that
// Markdown, and names every other one as a problem with what to write
// instead.
//
//   - {{< ref "p" >}} and {{< relref "p" >}} as a link's address become
//     the Markdown file they name ("p.md", "/tin/a.md#muc"), which congbo's
//     link resolution turns into the page's root-relative URL (both, as a
//     mirror needs);
//   - {{< figure src="a.jpg" alt="…" caption="…" >}} becomes
//     ![…](a.jpg "…"), which congbo renders as a figure;
//   - {{< comment >}}…{{< /comment >}} is dropped;
//   - {{</* x */>}} is the text {{< x >}}, as in Hugo;
//   - embeds from other sites (youtube, vimeo, x, instagram, gist) are
//     problems that give the link to write instead: a portal makes no
//     third-party requests;
//   - any other shortcode is a problem.
//
// As in Hugo, shortcodes are read everywhere in the Markdown, code blocks
// included. Every rewrite keeps the line breaks of the text it replaces, so
// line numbers stay those of the file; Original maps an offset in the
// expanded Markdown back to the file's for columns.
package shortcode

import (
	"bytes"
	"fmt"
	"path"
	"slices"
	"strings"
)

// Edit says that src[Start:End] became out[NewStart:NewEnd].
type Edit struct {
	Start, End, NewStart, NewEnd int
}

// Problem is a shortcode that could not be rewritten, at byte offset Off
// of the source given to Expand.
type Problem struct {
	Off int
	Msg string
}

// Expand returns src with its shortcodes rewritten, the edits made, in
// order, and the problems found. Without shortcodes it returns src itself
// and no edits, having looked for "{{" only.
func Expand(src []byte) (out []byte, edits []Edit, problems []Problem) {
	if !mayHold(src) {
		return src, nil, nil
	}
	x := expander{src: src}
	x.run()
	if x.edits == nil {
		return src, nil, x.problems
	}
	return x.out, x.edits, x.problems
}

// mayHold reports whether src has a shortcode opening, "{{<" or "{{%".
func mayHold(src []byte) bool {
	for i := 0; ; {
		j := bytes.Index(src[i:], []byte("{{"))
		if j < 0 {
			return false
		}
		i += j + 2
		if i < len(src) && (src[i] == '<' || src[i] == '%') {
			return true
		}
	}
}

// Original maps offset off of Expand's output back to its source: an
// offset inside rewritten text maps to the start of the shortcode.
func Original(edits []Edit, off int) int {
	i, _ := slices.BinarySearchFunc(edits, off, func(e Edit, off int) int {
		if e.NewEnd <= off {
			return -1
		}
		return 1
	})
	// edits[i-1] ends at or before off; edits[i], if any, ends after it.
	if i < len(edits) && edits[i].NewStart <= off {
		return edits[i].Start
	}
	if i == 0 {
		return off
	}
	e := edits[i-1]
	return off - e.NewEnd + e.End
}

type expander struct {
	src      []byte
	out      []byte
	copied   int // src[:copied] is in out
	edits    []Edit
	problems []Problem
	reported map[string]bool // names of unsupported shortcodes reported, so their closing tags are not
	unclosed bool            // a comment was found with no closing tag after it
}

// tag is one shortcode as written: src[start:end].
type tag struct {
	start, end int
	percent    bool // {{% … %}} rather than {{< … >}}
	closing    bool // {{< /name >}}
	selfClosed bool // {{< name />}}
	// escOpen and escClose are where "/*" and "*/" are in an escaped one.
	escOpen, escClose int
	name              string // "" for an escaped one
	pos               []string
	named             map[string]string
}

func (x *expander) run() {
	for i := 0; i < len(x.src); {
		j := bytes.Index(x.src[i:], []byte("{{"))
		if j < 0 {
			break
		}
		start := i + j
		t, err := x.parse(start)
		switch {
		case err != "":
			x.problem(start, "%s", err)
			i = start + 3
		case t == nil: // "{{" not followed by "<" and a name: text
			i = start + 2
		default:
			i = x.handle(t)
		}
	}
	if x.edits != nil {
		x.out = append(x.out, x.src[x.copied:]...)
	}
}

// replace puts text, on one line, in the place of src[start:end], with as
// many line breaks after it as the replaced text held.
func (x *expander) replace(start, end int, text string) {
	if x.out == nil {
		x.out = make([]byte, 0, len(x.src)+64)
	}
	x.out = append(x.out, x.src[x.copied:start]...)
	e := Edit{Start: start, End: end, NewStart: len(x.out)}
	text = strings.ReplaceAll(text, "\n", " ")
	x.out = append(x.out, text...)
	for range bytes.Count(x.src[start:end], []byte{'\n'}) {
		x.out = append(x.out, '\n')
	}
	e.NewEnd = len(x.out)
	x.edits = append(x.edits, e)
	x.copied = end
}

func (x *expander) problem(off int, format string, args ...any) {
	x.problems = append(x.problems, Problem{Off: off, Msg: fmt.Sprintf(format, args...)})
}

// handle rewrites or reports the shortcode t and returns where to look
// for the next one.
func (x *expander) handle(t *tag) int {
	written := string(x.src[t.start:t.end])
	if t.name == "" { // {{</* x */>}}: the text {{< x >}}
		s := x.src
		x.replace(t.start, t.end, string(s[t.start:t.escOpen])+string(s[t.escOpen+2:t.escClose])+string(s[t.escClose+2:t.end]))
		return t.end
	}
	if t.closing {
		if !x.reported[t.name] {
			x.problem(t.start, "%s closes a Hugo shortcode that was not opened (remove it)", oneLine(written))
		}
		return t.end
	}
	switch t.name {
	case "ref", "relref":
		p := t.arg(0, "path")
		if p == "" {
			x.problem(t.start, "%s names no page (write the page's file, {{< %s \"/thong-bao/a.md\" >}}, or a Markdown link [text](/thong-bao/a.md))", oneLine(written), t.name)
			return t.end
		}
		ok, angled := inDestination(x.src[:t.start])
		if !ok {
			x.problem(t.start, "%s is outside a link's address, where congbo cannot put a page's URL (write a Markdown link: [text](%s))", oneLine(written), markdownPath(p))
			return t.end
		}
		dest := markdownPath(p)
		if !angled {
			dest = destination(dest) // "<tin/Đà Nẵng.md>": a path with a space
		}
		x.replace(t.start, t.end, dest)
	case "figure":
		src := t.named["src"]
		if src == "" {
			x.problem(t.start, "%s has no src (name the image: src=\"anh.jpg\")", oneLine(written))
			return t.end
		}
		x.replace(t.start, t.end, figure(src, t.named))
	case "comment":
		if t.selfClosed {
			x.replace(t.start, t.end, "")
			return t.end
		}
		end, ok := 0, false
		if !x.unclosed {
			end, ok = x.closingOf(t)
			x.unclosed = !ok // no later comment has a closing tag either: look once
		}
		if !ok {
			x.problem(t.start, "%s is never closed (end the comment with {{< /comment >}})", oneLine(written))
			return t.end
		}
		x.replace(t.start, end, "")
		return end
	default:
		x.unsupported(t, written)
	}
	return t.end
}

// unsupported reports a shortcode congbo does not rewrite, with what to
// write instead.
func (x *expander) unsupported(t *tag, written string) {
	if x.reported == nil {
		x.reported = map[string]bool{}
	}
	x.reported[t.name] = true
	if link := embedLink(t); link != "" {
		x.problem(t.start, "%s would show a player or post from another site, and the portal makes no requests to third parties (link to it instead: [%s](%s))", oneLine(written), embedText(t.name), link)
		return
	}
	open, close := "{{<", ">}}"
	if t.percent {
		open, close = "{{%", "%}}"
	}
	x.problem(t.start, "%s is a Hugo shortcode, which congbo does not run (write it as Markdown; to show the text itself, write %s/* %s */%s)", oneLine(written), open, t.name, close)
}

// closingOf finds the closing tag of t and returns where it ends.
func (x *expander) closingOf(t *tag) (int, bool) {
	for i := t.end; ; {
		j := bytes.Index(x.src[i:], []byte("{{"))
		if j < 0 {
			return 0, false
		}
		c, err := x.parse(i + j)
		if err == "" && c != nil && c.closing && c.name == t.name {
			return c.end, true
		}
		i += j + 2
	}
}

// parse reads the shortcode that starts at src[start] ("{{<" or "{{%").
// It returns nil when that is not one (no name follows, or "{{" is another
// text), and a message for a shortcode it cannot read.
func (x *expander) parse(start int) (*tag, string) {
	s := x.src
	if start+2 >= len(s) || s[start+2] != '<' && s[start+2] != '%' {
		return nil, ""
	}
	t := &tag{start: start, percent: s[start+2] == '%'}
	closer := ">}}"
	if t.percent {
		closer = "%}}"
	}
	i := skipSpace(s, start+3)
	if bytes.HasPrefix(s[i:], []byte("/*")) { // escaped: {{</* … */>}}
		region := s[i+2:]
		if next := bytes.Index(region, []byte("{{")); next >= 0 {
			region = region[:next] // the "*/" of this one, not of the next
		}
		end := bytes.Index(region, []byte("*/"))
		if end < 0 {
			return nil, ""
		}
		t.escOpen, t.escClose = i, i+2+end
		k := skipSpace(s, t.escClose+2)
		if !bytes.HasPrefix(s[k:], []byte(closer)) {
			return nil, ""
		}
		t.end = k + len(closer)
		return t, ""
	}
	if i < len(s) && s[i] == '/' {
		t.closing = true
		i = skipSpace(s, i+1)
	}
	n := i
	for n < len(s) && isNameByte(s[n]) {
		n++
	}
	for n > i && s[n-1] == '/' { // "figure/>}}": the slash closes the tag
		n--
	}
	if n == i {
		return nil, ""
	}
	t.name = string(s[i:n])
	for i = n; ; {
		i = skipSpace(s, i)
		switch {
		case i >= len(s):
			return nil, fmt.Sprintf("{{%c %s is not closed (end it with %s)", s[start+2], t.name, closer)
		case bytes.HasPrefix(s[i:], []byte(closer)):
			t.end = i + len(closer)
			return t, ""
		case s[i] == '/' && bytes.HasPrefix(s[i+1:], []byte(closer)): // self-closing
			t.end, t.selfClosed = i+1+len(closer), true
			return t, ""
		case bytes.HasPrefix(s[i:], []byte("{{")):
			return nil, fmt.Sprintf("{{%c %s is not closed (end it with %s)", s[start+2], t.name, closer)
		}
		key, val, next, ok := readArg(s, i, []byte(closer))
		if !ok {
			return nil, fmt.Sprintf("{{%c %s has an argument that is not closed (end its quoted value with the same quote)", s[start+2], t.name)
		}
		if key == "" {
			t.pos = append(t.pos, val)
		} else {
			if t.named == nil {
				t.named = map[string]string{}
			}
			t.named[key] = val
		}
		i = next
	}
}

// readArg reads one argument at s[i]: a value ("quoted", `raw` or a bare
// word, which ends at white space or the tag's closer), or key=value.
func readArg(s []byte, i int, closer []byte) (key, val string, next int, ok bool) {
	k := i
	for k < len(s) && isNameByte(s[k]) {
		k++
	}
	if k > i && k < len(s) && s[k] == '=' {
		key, i = string(s[i:k]), k+1
	}
	if i >= len(s) {
		return "", "", i, false
	}
	switch q := s[i]; q {
	case '"', '`':
		var b strings.Builder
		for j := i + 1; j < len(s); j++ {
			switch {
			case s[j] == q:
				return key, b.String(), j + 1, true
			case q == '"' && s[j] == '\\' && j+1 < len(s):
				j++
			}
			b.WriteByte(s[j])
		}
		return "", "", i, false
	}
	j := i + 1 // a word is at least one byte: parse always moves on
	for j < len(s) && !isSpace(s[j]) && !bytes.HasPrefix(s[j:], closer) && !(s[j] == '/' && bytes.HasPrefix(s[j+1:], closer)) {
		j++
	}
	return key, string(s[i:j]), j, true
}

func (t *tag) arg(i int, name string) string {
	if v, ok := t.named[name]; ok {
		return v
	}
	if i < len(t.pos) {
		return t.pos[i]
	}
	return ""
}

// inDestination reports whether what comes before a ref, before, ends
// where a Markdown link's address starts: "[text](" or a link reference
// definition's "[name]: ", maybe with the "<" of an address in brackets.
func inDestination(before []byte) (ok, angled bool) {
	before = bytes.TrimRight(before, " \t")
	if b, found := bytes.CutSuffix(before, []byte("<")); found {
		before, angled = bytes.TrimRight(b, " \t"), true
	}
	return bytes.HasSuffix(before, []byte("](")) || bytes.HasSuffix(before, []byte("]:")), angled
}

// markdownPath is the Markdown file a ref names, as Hugo reads it: a path
// without an extension names the page's .md file ("about" → "about.md",
// "/tin/a#muc" → "/tin/a.md#muc"); congbo's link resolution also finds a
// bundle's index.md and a section's _index.md.
func markdownPath(p string) string {
	file, frag, hasFrag := strings.Cut(p, "#")
	if file != "" && path.Ext(file) == "" {
		file = strings.TrimSuffix(file, "/") + ".md"
	}
	if hasFrag {
		return file + "#" + frag
	}
	return file
}

// figure writes Hugo's figure as a Markdown image whose title is the
// caption, alone on its line so that congbo makes it a figure; a link
// wraps it.
func figure(src string, named map[string]string) string {
	caption := named["caption"]
	if title := named["title"]; title != "" {
		if caption != "" {
			caption = title + " — " + caption
		} else {
			caption = title
		}
	}
	img := "![" + escapeText(named["alt"]) + "](" + destination(src)
	if caption != "" {
		img += ` "` + strings.ReplaceAll(escapeText(caption), `"`, `\"`) + `"`
	}
	img += ")"
	if link := named["link"]; link != "" {
		return "[" + img + "](" + destination(link) + ")"
	}
	return img
}

// escapeText escapes what would end or change a link's text or title, and
// puts the text on one line.
func escapeText(s string) string {
	var b strings.Builder
	for _, r := range strings.Join(strings.Fields(s), " ") {
		if strings.ContainsRune("\\[]*_`<>&", r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// destination writes a link destination, in angle brackets when it holds
// what would end a bare one.
func destination(s string) string {
	if strings.ContainsAny(s, " ()<>\n") {
		return "<" + strings.NewReplacer("<", "%3C", ">", "%3E", "\n", "").Replace(s) + ">"
	}
	return s
}

// embedLink is the address of what an embed shortcode shows, or "".
func embedLink(t *tag) string {
	switch t.name {
	case "youtube":
		if id := t.arg(0, "id"); id != "" {
			return "https://www.youtube.com/watch?v=" + id
		}
		return "https://www.youtube.com/"
	case "vimeo":
		return "https://vimeo.com/" + t.arg(0, "id")
	case "x", "twitter", "tweet":
		if user, id := t.named["user"], t.named["id"]; user != "" && id != "" {
			return "https://x.com/" + user + "/status/" + id
		}
		return "https://x.com/"
	case "instagram":
		return "https://www.instagram.com/p/" + t.arg(0, "id") + "/"
	case "gist":
		return "https://gist.github.com/" + t.arg(0, "user") + "/" + t.arg(1, "id")
	}
	return ""
}

func embedText(name string) string {
	if name == "youtube" || name == "vimeo" {
		return "Xem video"
	}
	return "Xem bài đăng"
}

// oneLine is a shortcode as written, for messages: on one line, at most
// 80 characters.
func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 80 {
		s = string(r[:77]) + "…"
	}
	return s
}

func skipSpace(s []byte, i int) int {
	for i < len(s) && isSpace(s[i]) {
		i++
	}
	return i
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func isNameByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '/' || c == '.'
}
