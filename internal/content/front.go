package content

import (
	"bytes"
	"strings"
	"time"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/congbo/congbo/internal/config/yamlnode"
)

// parseFront parses front matter as yamlnode.Parse does, with the same
// nodes and errors, or TOML front matter (src starting "+++", see
// SplitFrontMatter) with tomlFront. Front matter made only of simple lines (see
// simpleFront) is read without yaml.v3, whose decoder costs about 10 KB of
// allocation per page; anything else goes to yamlnode.Parse. nodes, if not
// nil, holds nodes simpleFront may reuse: the nodes returned are valid
// until the next call with the same nodes.
func parseFront(file string, src []byte, lineOffset int, nodes *[]yaml.Node) (*yaml.Node, error) {
	if rest, ok := bytes.CutPrefix(src, []byte("+++")); ok { // TOML: SplitFrontMatter keeps its fence
		_, toml, _ := bytes.Cut(rest, []byte("\n"))
		return tomlFront(file, toml, lineOffset+1)
	}
	if n, ok := simpleFront(src, nodes); ok {
		return n, nil
	}
	return yamlnode.Parse(file, src, lineOffset)
}

// simpleFront parses src when every line is blank or one `key: value`
// at the start of the line, and returns the mapping node yaml.v3 would
// return for it (same kinds, tags, styles, values, lines and columns), or
// false for anything else, which yaml.v3 must then read.
//
//   - key: ASCII letters, digits, "_" and "-", starting with a letter,
//     then ":" and at least one space;
//   - value: a quoted text on one line ("…" without backslashes, '…'
//     without inner quotes); a list of such texts or of plain words
//     (letters, digits, spaces, "-_./") in brackets; or a plain value (no "#", no ": ") that starts with a
//     letter, a digit or a non-ASCII letter, and whose tag is plainly a
//     text, a boolean, null, a decimal integer or a timestamp.
//
// Tabs, comments, control characters, YAML line breaks other than LF,
// multi-line values, nesting, anchors, tags and empty values all take the
// slow path. FuzzSimpleFront checks every node against yaml.v3's.
//
// The nodes are made in *nodes when it is big enough, else in a new
// slice left in *nodes for the next call (nodes may be nil).
func simpleFront(src []byte, nodes *[]yaml.Node) (*yaml.Node, bool) {
	if len(src) == 0 {
		return nil, false
	}
	// One string for every key and value: substrings share it.
	text := string(src)
	// At most a key and a value a line, and an item per comma and
	// bracket: one slab holds every node.
	lines := strings.Count(text, "\n") + 1
	b := frontBuilder{text: text}
	if need := 1 + 2*lines + strings.Count(text, ",") + strings.Count(text, "["); nodes != nil && cap(*nodes) >= need {
		b.slab = (*nodes)[:0]
	} else {
		b.slab = make([]yaml.Node, 0, need)
		if nodes != nil {
			*nodes = b.slab
		}
	}
	root := b.node(yaml.MappingNode, "!!map", "", 0, 0, 1)
	root.Content = make([]*yaml.Node, 0, 2*lines)
	line := 0
	for off := 0; off < len(text); {
		line++
		end := len(text)
		if i := strings.IndexByte(text[off:], '\n'); i >= 0 {
			end = off + i
		}
		start := off
		off = end + 1
		if start == end {
			continue // blank line
		}
		k, v, ok := b.line(start, end, line)
		if !ok {
			return nil, false
		}
		root.Content = append(root.Content, k, v)
	}
	if len(root.Content) == 0 {
		return nil, false
	}
	root.Line = root.Content[0].Line
	return root, true
}

// frontBuilder makes simpleFront's nodes, from a slab.
type frontBuilder struct {
	text string
	slab []yaml.Node
}

func (b *frontBuilder) node(kind yaml.Kind, tag, value string, style yaml.Style, line, col int) *yaml.Node {
	if len(b.slab) == cap(b.slab) {
		b.slab = make([]yaml.Node, 0, 8) // not reached: simpleFront sizes the slab
	}
	b.slab = append(b.slab, yaml.Node{Kind: kind, Style: style, Tag: tag, Value: value, Line: line, Column: col})
	return &b.slab[len(b.slab)-1]
}

// line parses the line text[start:end], number n, into its key and value.
func (b *frontBuilder) line(start, end, n int) (k, v *yaml.Node, ok bool) {
	s := b.text
	i := start
	if !isASCIILetter(s[i]) {
		return nil, nil, false
	}
	for i < end && (isASCIILetter(s[i]) || '0' <= s[i] && s[i] <= '9' || s[i] == '_' || s[i] == '-') {
		i++
	}
	// yaml.v3 allows a key of at most 1024 characters; stay well below.
	if i-start > 64 || i+1 >= end || s[i] != ':' || s[i+1] != ' ' {
		return nil, nil, false
	}
	key := s[start:i]
	keyTag, ok := plainTag(key)
	if !ok {
		return nil, nil, false
	}
	k = b.node(yaml.ScalarNode, keyTag, key, 0, n, 1)
	i++
	for i < end && s[i] == ' ' {
		i++
	}
	if i == end {
		return nil, nil, false // empty value: null, or a nested block
	}
	col := i - start + 1 // the key and the spaces are ASCII
	switch s[i] {
	case '"', '\'':
		v, i, ok = b.quoted(i, end, n, col)
		if !ok || !blankTo(s, i, end) {
			return nil, nil, false
		}
	case '[':
		v, ok = b.flowSeq(start, i, end, n, col)
		if !ok {
			return nil, nil, false
		}
	default:
		v, ok = b.plain(i, end, n, col)
		if !ok {
			return nil, nil, false
		}
	}
	return k, v, true
}

// quoted reads the quoted text at text[i], which ends before end, and
// returns its node and the index after its closing quote.
func (b *frontBuilder) quoted(i, end, n, col int) (*yaml.Node, int, bool) {
	s := b.text
	q := s[i]
	j := i + 1
	for j < end && s[j] != q {
		if q == '"' && s[j] == '\\' {
			return nil, 0, false
		}
		j++
	}
	if j == end || !safeText(s[i+1:j]) {
		return nil, 0, false
	}
	style := yaml.DoubleQuotedStyle
	if q == '\'' {
		style = yaml.SingleQuotedStyle
	}
	return b.node(yaml.ScalarNode, "!!str", s[i+1:j], style, n, col), j + 1, true
}

// flowSeq reads the list in brackets at text[i] on the line that starts
// at lineStart: quoted texts or plain words, separated by commas.
func (b *frontBuilder) flowSeq(lineStart, i, end, n, col int) (*yaml.Node, bool) {
	s := b.text
	seq := b.node(yaml.SequenceNode, "!!seq", "", yaml.FlowStyle, n, col)
	i++
	for {
		for i < end && s[i] == ' ' {
			i++
		}
		if i == end {
			return nil, false
		}
		if s[i] == ']' && len(seq.Content) == 0 {
			break
		}
		itemCol := col + utf8.RuneCountInString(s[lineStart+col-1:i])
		var item *yaml.Node
		ok := false
		if s[i] == '"' || s[i] == '\'' {
			item, i, ok = b.quoted(i, end, n, itemCol)
		} else {
			j := i
			for j < end && s[j] != ',' && s[j] != ']' {
				j++
			}
			item, ok = b.flowPlain(i, j, n, itemCol)
			i = j
		}
		if !ok {
			return nil, false
		}
		seq.Content = append(seq.Content, item)
		for i < end && s[i] == ' ' {
			i++
		}
		if i < end && s[i] == ']' {
			break
		}
		if i == end || s[i] != ',' {
			return nil, false
		}
		i++
	}
	return seq, blankTo(s, i+1, end)
}

// plain reads the plain value text[i:end] of a block mapping.
func (b *frontBuilder) plain(i, end, n, col int) (*yaml.Node, bool) {
	return b.scalar(i, end, n, col, func(v string, j int) bool {
		switch v[j] {
		case '#':
			return false
		case ':':
			return j+1 < len(v) && v[j+1] != ' '
		}
		return true
	})
}

// flowPlain reads a plain word text[i:end] in a list in brackets: letters,
// digits, spaces and a few marks, as flow context gives most other
// punctuation a meaning.
func (b *frontBuilder) flowPlain(i, end, n, col int) (*yaml.Node, bool) {
	return b.scalar(i, end, n, col, func(v string, j int) bool {
		c := v[j]
		return c >= utf8.RuneSelf || isASCIILetter(c) || '0' <= c && c <= '9' || strings.IndexByte(" -_./", c) >= 0
	})
}

// scalar reads text[i:end], less trailing spaces, as a plain scalar when
// it starts as one may, is safe text, every byte j passes ok, and its
// tag is plain.
func (b *frontBuilder) scalar(i, end, n, col int, ok func(v string, j int) bool) (*yaml.Node, bool) {
	s := b.text
	for end > i && s[end-1] == ' ' {
		end--
	}
	v := s[i:end]
	if !plainStart(v) || !safeText(v) {
		return nil, false
	}
	for j := 0; j < len(v); j++ {
		if !ok(v, j) {
			return nil, false
		}
	}
	tag, tagged := plainTag(v)
	if !tagged {
		return nil, false
	}
	return b.node(yaml.ScalarNode, tag, v, 0, n, col), true
}

// blankTo reports whether text[i:end] is only spaces.
func blankTo(s string, i, end int) bool {
	for ; i < end; i++ {
		if s[i] != ' ' {
			return false
		}
	}
	return true
}

func isASCIILetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// plainStart reports whether v starts as simpleFront allows a plain value
// to: an ASCII letter or digit, or a non-ASCII character (none is a YAML
// indicator).
func plainStart(v string) bool {
	return v != "" && (isASCIILetter(v[0]) || '0' <= v[0] && v[0] <= '9' || v[0] >= utf8.RuneSelf)
}

// safeText reports whether s is made of printable ASCII and of non-ASCII
// characters that yaml.v3 reads as plain printable text: not C1 controls,
// not NEL, LINE or PARAGRAPH SEPARATOR (YAML line breaks), not the BOM,
// surrogates or U+FFFE/U+FFFF.
func safeText(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == 0x7f {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			return false
		case r < 0xA0, r == 0x2028, r == 0x2029, r == 0xFEFF, r >= 0xD800 && r <= 0xDFFF, r == 0xFFFE, r == 0xFFFF:
			return false
		}
		i += size
	}
	return true
}

// plainTag returns the tag yaml.v3 resolves an untagged plain scalar v to,
// for the values simpleFront takes: booleans, null, a text that starts
// with a letter, a decimal integer, a timestamp. It returns false when the
// answer takes more of yaml.v3's rules (other numbers, signs, dots).
func plainTag(v string) (string, bool) {
	switch v {
	case "true", "True", "TRUE", "false", "False", "FALSE":
		return "!!bool", true
	case "null", "Null", "NULL":
		return "!!null", true
	}
	c := v[0]
	switch {
	case '0' <= c && c <= '9':
		if isYAMLTimestamp(v) {
			return "!!timestamp", true
		}
		if isDecimal(v) {
			return "!!int", true
		}
		if !numberLike(v) {
			return "!!str", true
		}
		return "", false
	case c == '+' || c == '-' || c == '.' || c == '~' || c == '<':
		return "", false
	}
	// Any other start is a text to yaml.v3 (resolveTable has no hint for
	// it, or the value is not in its map).
	return "!!str", true
}

// isDecimal reports whether v is a decimal integer that fits an int64
// without a leading zero (yaml.v3 reads 0… as octal).
func isDecimal(v string) bool {
	if v == "0" {
		return true
	}
	if len(v) > 18 || v[0] == '0' {
		return false
	}
	for i := 0; i < len(v); i++ {
		if v[i] < '0' || v[i] > '9' {
			return false
		}
	}
	return true
}

// numberLike reports whether v is made only of the characters yaml.v3's
// other number forms use (strconv's ints with base prefixes and
// underscores, its float pattern). A value that starts with a digit,
// is not a timestamp and has any other character (a space, a colon, a
// slash) is a text to yaml.v3.
func numberLike(v string) bool {
	for i := 0; i < len(v); i++ {
		c := v[i]
		if !(isASCIILetter(c) || '0' <= c && c <= '9' || c == '_' || c == '.' || c == '+' || c == '-') {
			return false
		}
	}
	return true
}

// yamlTimestampFormats are yaml.v3's timestamp forms (resolve.go).
var yamlTimestampFormats = [...]string{
	"2006-1-2T15:4:5.999999999Z07:00",
	"2006-1-2t15:4:5.999999999Z07:00",
	"2006-1-2 15:4:5.999999999",
	"2006-1-2",
}

// isYAMLTimestamp is yaml.v3's parseTimestamp: whether a plain scalar
// resolves to !!timestamp.
func isYAMLTimestamp(s string) bool {
	i := 0
	for ; i < len(s); i++ {
		if c := s[i]; c < '0' || c > '9' {
			break
		}
	}
	if i != 4 || i == len(s) || s[i] != '-' {
		return false
	}
	for _, format := range yamlTimestampFormats {
		if _, err := time.Parse(format, s); err == nil {
			return true
		}
	}
	return false
}
