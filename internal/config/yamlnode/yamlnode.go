// Package yamlnode parses YAML into position-carrying nodes for site.yaml and
// front matter: errors name the file's line, aliases are refused (so an alias
// bomb costs no more than its bytes), and nodes convert to plain Go values.
package yamlnode

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/congbo/congbo/internal/diag"
)

// Parse parses src into a document node. Errors are *diag.Error at
// file:line, where line is shifted by lineOffset (the file line of src's
// first line minus one), so YAML embedded in a larger file (front matter)
// reports the file's lines. Aliases (*name) are rejected outright: an alias
// bomb then costs no more than its own bytes, and site.yaml and front matter
// never need them. A panic inside the YAML library is turned into an error.
func Parse(file string, src []byte, lineOffset int) (doc *yaml.Node, err error) {
	defer func() {
		if r := recover(); r != nil {
			doc, err = nil, diag.Errorf(file, lineOffset+1, 0, "cannot read YAML: %v (check the syntax)", r)
		}
	}()
	var n yaml.Node
	if err := yaml.Unmarshal(src, &n); err != nil {
		return nil, yamlError(file, src, err, lineOffset)
	}
	if n.Kind == 0 || len(n.Content) == 0 {
		return nil, nil // empty document
	}
	var list diag.List
	rejectAliases(file, n.Content[0], lineOffset, &list)
	if err := list.Err(); err != nil {
		return nil, err
	}
	return n.Content[0], nil
}

// rejectAliases reports every alias node under n. It walks the tree as
// parsed, never through an alias, so it is linear in the input.
func rejectAliases(file string, n *yaml.Node, lineOffset int, list *diag.List) {
	if n.Kind == yaml.AliasNode {
		list.Addf(file, n.Line+lineOffset, n.Column, "YAML alias *%s is not supported (write the value out in full)", n.Value)
		return
	}
	for _, c := range n.Content {
		rejectAliases(file, c, lineOffset, list)
	}
}

// yamlError turns a yaml.v3 error ("yaml: line 3: did not find expected key")
// into a *diag.Error at the file's line. yaml.v3 reports a quote left open
// where the text ends ("found unexpected end of stream") or at the next
// key; the error then points at the line where the quote opened.
func yamlError(file string, src []byte, err error, lineOffset int) error {
	msg := err.Error()
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		msg = te.Errors[0]
	}
	msg = strings.TrimPrefix(msg, "yaml: ")
	line := 0
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if i := strings.IndexByte(rest, ':'); i > 0 {
			if n, err := strconv.Atoi(rest[:i]); err == nil {
				line = n
				msg = strings.TrimSpace(rest[i+1:])
			}
		}
	}
	if line == 0 {
		line = 1
	}
	if strings.Contains(msg, "unexpected end of stream") || strings.Contains(msg, "did not find expected key") {
		if l, col, q, ok := unclosedQuote(src, line); ok {
			return diag.Errorf(file, l+lineOffset, col, "invalid YAML: the text quoted with %c here is not closed on this line (end it with %c, or remove the quote)", q, q)
		}
	}
	if strings.Contains(msg, "mapping values are not allowed") {
		if col, key, value, ok := colonInValue(src, line); ok {
			return diag.Errorf(file, line+lineOffset, col, "invalid YAML: the value of %s has a colon and a space in it, which YAML reads as the start of another key (put the value in quotes: %s: %s)", key, key, quoted(value))
		}
	}
	if strings.Contains(msg, "tab character") || strings.Contains(msg, "cannot start any token") {
		if l, col, ok := tabIndent(src, line); ok {
			return diag.Errorf(file, l+lineOffset, col, "invalid YAML: this line is indented with a tab, which YAML does not allow (indent with spaces)")
		}
	}
	return diag.Errorf(file, line+lineOffset, 0, "invalid YAML: %s (check indentation, colons and quotes)", msg)
}

// tabIndent finds a tab in the indentation of line (1-based) of src or
// of the next line, where yaml.v3's "found a tab character that violates
// indentation" and "found character that cannot start any token" point
// (an editor's Tab key in front matter). It returns that line and the
// tab's column (1-based).
func tabIndent(src []byte, line int) (int, int, bool) {
	lines := strings.Split(string(src), "\n")
	for l := line; l <= line+1 && l <= len(lines); l++ {
		if l < 1 {
			continue
		}
		text := lines[l-1]
		indent := len(text) - len(strings.TrimLeft(text, " \t"))
		if i := strings.IndexByte(text[:indent], '\t'); i >= 0 {
			return l, i + 1, true
		}
	}
	return 0, 0, false
}

// colonInValue reports whether line (1-based) of src is `key: value` with
// a plain (unquoted) value that holds ": " or ends with ":", such as
// `title: Họp báo: kết quả`, the mistake behind most "mapping values are
// not allowed" errors in front matter. It returns the column (1-based, in
// bytes) of the value's colon, the key and the value.
func colonInValue(src []byte, line int) (col int, key, value string, ok bool) {
	lines := strings.Split(string(src), "\n")
	if line < 1 || line > len(lines) {
		return 0, "", "", false
	}
	text := strings.TrimRight(lines[line-1], " \t\r")
	i := strings.Index(text, ": ")
	if i < 0 {
		return 0, "", "", false
	}
	key = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(text[:i]), "- "))
	start := i + 2
	for start < len(text) && (text[start] == ' ' || text[start] == '\t') {
		start++
	}
	value = text[start:]
	if key == "" || value == "" || strings.ContainsAny(value[:1], "\"'[{|>&*!#") {
		return 0, "", "", false
	}
	j := strings.Index(value, ": ")
	if j < 0 && strings.HasSuffix(value, ":") {
		j = len(value) - 1
	}
	if j < 0 {
		return 0, "", "", false
	}
	return start + j + 1, key, value, true
}

// quoted is value in YAML double quotes, or single ones when it holds a
// double quote (a single quote inside is then doubled).
func quoted(value string) string {
	if !strings.Contains(value, `"`) && !strings.Contains(value, `\`) {
		return `"` + value + `"`
	}
	return "'" + strings.ReplaceAll(value, "'", "''") + "'"
}

// unclosedQuote finds the first of src's lines up to line (1-based) where a
// quoted text starts a value (after "key: ", "- ", "[" or a comma in
// brackets) and the line ends before its closing quote. It returns that
// line, the quote's column (1-based, in bytes) and the quote.
func unclosedQuote(src []byte, line int) (int, int, byte, bool) {
	for n, text := range strings.Split(string(src), "\n") {
		if n+1 > line {
			break
		}
		text = strings.TrimSuffix(text, "\r")
		start, flow := true, 0 // at the start of a value; inside how many brackets
		for i := 0; i < len(text); i++ {
			c := text[i]
			spaceAfter := i+1 == len(text) || text[i+1] == ' ' || text[i+1] == '\t'
			switch {
			case c == ' ' || c == '\t':
			case c == '#' && (i == 0 || text[i-1] == ' ' || text[i-1] == '\t'):
				i = len(text) // a comment
			case (c == '"' || c == '\'') && start:
				end := closingQuote(text, i)
				if end < 0 {
					return n + 1, i + 1, c, true
				}
				i, start = end, false
			case c == ':' && spaceAfter, c == '-' && start && spaceAfter:
				start = true
			case (c == '[' || c == '{') && start:
				flow++
			case (c == ']' || c == '}') && flow > 0:
				flow--
			case c == ',' && flow > 0:
				start = true
			default:
				start = false
			}
		}
	}
	return 0, 0, 0, false
}

// closingQuote returns the index of the quote that closes the quoted text
// starting at text[start], or -1 when the line ends first: "…" takes
// backslash escapes, '…' a doubled quote.
func closingQuote(text string, start int) int {
	q := text[start]
	for i := start + 1; i < len(text); i++ {
		switch {
		case q == '"' && text[i] == '\\':
			i++
		case text[i] == q && q == '\'' && i+1 < len(text) && text[i+1] == '\'':
			i++
		case text[i] == q:
			return i
		}
	}
	return -1
}

// Value converts a parsed YAML node into plain Go values: string, bool, int,
// float64, time.Time (YAML timestamps), nil, []any and map[string]any.
// Mapping keys are their scalar text. Aliases must already be rejected.
func Value(n *yaml.Node) any {
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil
		}
		return Value(n.Content[0])
	case yaml.SequenceNode:
		out := make([]any, len(n.Content))
		for i, c := range n.Content {
			out[i] = Value(c)
		}
		return out
	case yaml.MappingNode:
		out := make(map[string]any, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			out[n.Content[i].Value] = Value(n.Content[i+1])
		}
		return out
	case yaml.ScalarNode:
		var v any
		if err := n.Decode(&v); err != nil {
			return n.Value
		}
		if i, ok := v.(int64); ok { // large ints decode as int64 only when needed
			return int(i)
		}
		if u, ok := v.(uint64); ok {
			return fmt.Sprint(u)
		}
		return v
	}
	return nil
}

// Describe names a node for "must be …, got …" messages: its quoted text for
// a scalar, else "a list", "a mapping" or "nothing".
func Describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return "nothing"
		}
		return strconv.Quote(n.Value)
	}
	return "something else"
}
