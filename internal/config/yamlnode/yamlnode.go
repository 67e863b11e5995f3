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
		return nil, yamlError(file, err, lineOffset)
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
// into a *diag.Error at the file's line.
func yamlError(file string, err error, lineOffset int) error {
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
	return diag.Errorf(file, line+lineOffset, 0, "invalid YAML: %s (check indentation, colons and quotes)", msg)
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
