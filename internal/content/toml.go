package content

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/pelletier/go-toml/v2/unstable"
	"gopkg.in/yaml.v3"

	"github.com/congbo/congbo/internal/diag"
)

// tomlFront reads TOML front matter, as Hugo writes it between lines "+++"
// (its default for new pages), into the tree of yaml.Node that the same
// front matter in YAML gives: mappings, sequences and scalars with YAML's
// tags, at the lines and columns of the file. So the rest of congbo reads
// both alike, and an error in a TOML page names its line too. src is the
// block without its fences; its first line is line lineOffset+1 of the
// file.
func tomlFront(file string, src []byte, lineOffset int) (*yaml.Node, error) {
	t := &tomlReader{src: src, lineOffset: lineOffset}
	t.p.Reset(src)
	root := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: lineOffset + 1, Column: 1}
	table := root
	for t.p.NextExpression() {
		e := t.p.Expression()
		var err error
		switch e.Kind {
		case unstable.KeyValue:
			err = t.keyValue(table, e)
		case unstable.Table:
			table, err = t.table(root, e, false)
		case unstable.ArrayTable:
			table, err = t.table(root, e, true)
		}
		if err != nil {
			line, col := t.position(err.(*tomlError).at)
			return nil, diag.Errorf(file, line, col, "invalid TOML: %s", err.(*tomlError).msg)
		}
	}
	if err := t.p.Error(); err != nil {
		line, col := lineOffset+1, 1
		var pe *unstable.ParserError
		if errors.As(err, &pe) && len(pe.Highlight) > 0 {
			if r, ok := t.rangeOf(pe.Highlight); ok {
				line, col = t.position(r)
			}
		}
		return nil, diag.Errorf(file, line, col, "invalid TOML: %s (see TOML's rules at toml.io; or write the front matter in YAML between lines of ---)", err.Error())
	}
	return root, nil
}

type tomlReader struct {
	p          unstable.Parser
	src        []byte
	lineOffset int
}

// tomlError is a TOML document that parses but cannot be one mapping (a
// key given twice), at a range of the source.
type tomlError struct {
	at  unstable.Range
	msg string
}

func (e *tomlError) Error() string { return e.msg }

// rangeOf is where b is in the source, when the parser made it from the
// source (Parser.Range panics otherwise).
func (t *tomlReader) rangeOf(b []byte) (r unstable.Range, ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	return t.p.Range(b), true
}

// position is the file line and rune column where r starts.
func (t *tomlReader) position(r unstable.Range) (line, col int) {
	off := min(int(r.Offset), len(t.src))
	line, start := 1, 0
	for i := 0; i < off; i++ {
		if t.src[i] == '\n' {
			line, start = line+1, i+1
		}
	}
	return t.lineOffset + line, 1 + utf8.RuneCount(t.src[start:off])
}

// node makes a yaml.Node of kind at r.
func (t *tomlReader) node(kind yaml.Kind, tag, value string, r unstable.Range) *yaml.Node {
	line, col := t.position(r)
	return &yaml.Node{Kind: kind, Tag: tag, Value: value, Line: line, Column: col}
}

// keys returns the parts of the (dotted) key of e.
func keys(e *unstable.Node) []*unstable.Node {
	var out []*unstable.Node
	for it := e.Key(); it.Next(); {
		out = append(out, it.Node())
	}
	return out
}

// lookup returns the value of key in mapping m, or nil.
func lookup(m *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

// descend returns the mapping at the dotted key parts under m, made where
// missing; the last element of a list of tables ([[a]]) is walked into.
func (t *tomlReader) descend(m *yaml.Node, parts []*unstable.Node) (*yaml.Node, error) {
	for _, k := range parts {
		v := lookup(m, string(k.Data))
		switch {
		case v == nil:
			v = t.node(yaml.MappingNode, "!!map", "", k.Raw)
			m.Content = append(m.Content, t.node(yaml.ScalarNode, "!!str", string(k.Data), k.Raw), v)
		case v.Kind == yaml.SequenceNode && len(v.Content) > 0 && v.Content[len(v.Content)-1].Kind == yaml.MappingNode:
			v = v.Content[len(v.Content)-1]
		case v.Kind != yaml.MappingNode:
			return nil, &tomlError{k.Raw, fmt.Sprintf("%s is given a value already, so it cannot also be a table", k.Data)}
		}
		m = v
	}
	return m, nil
}

// table returns the mapping a [table] header names, or a new element of
// the list of tables an [[array]] header names.
func (t *tomlReader) table(root *yaml.Node, e *unstable.Node, array bool) (*yaml.Node, error) {
	parts := keys(e)
	parent, err := t.descend(root, parts[:len(parts)-1])
	if err != nil {
		return nil, err
	}
	last := parts[len(parts)-1]
	name := string(last.Data)
	v := lookup(parent, name)
	if !array {
		if v == nil {
			v = t.node(yaml.MappingNode, "!!map", "", last.Raw)
			parent.Content = append(parent.Content, t.node(yaml.ScalarNode, "!!str", name, last.Raw), v)
		} else if v.Kind != yaml.MappingNode {
			return nil, &tomlError{last.Raw, fmt.Sprintf("[%s] names a key given a value already", name)}
		}
		return v, nil
	}
	if v == nil {
		v = t.node(yaml.SequenceNode, "!!seq", "", last.Raw)
		parent.Content = append(parent.Content, t.node(yaml.ScalarNode, "!!str", name, last.Raw), v)
	} else if v.Kind != yaml.SequenceNode {
		return nil, &tomlError{last.Raw, fmt.Sprintf("[[%s]] names a key given a value already", name)}
	}
	item := t.node(yaml.MappingNode, "!!map", "", last.Raw)
	v.Content = append(v.Content, item)
	return item, nil
}

// keyValue adds the key = value expression e to mapping m.
func (t *tomlReader) keyValue(m *yaml.Node, e *unstable.Node) error {
	parts := keys(e)
	m, err := t.descend(m, parts[:len(parts)-1])
	if err != nil {
		return err
	}
	last := parts[len(parts)-1]
	if lookup(m, string(last.Data)) != nil {
		return &tomlError{last.Raw, fmt.Sprintf("%s is given twice", last.Data)}
	}
	v, err := t.value(e.Value(), last.Raw)
	if err != nil {
		return err
	}
	m.Content = append(m.Content, t.node(yaml.ScalarNode, "!!str", string(last.Data), last.Raw), v)
	return nil
}

// value converts a TOML value; at is where it is when it has no range of
// its own (an array).
func (t *tomlReader) value(n *unstable.Node, at unstable.Range) (*yaml.Node, error) {
	r := n.Raw
	if r.Length == 0 {
		r = at
	}
	switch n.Kind {
	case unstable.String:
		v := t.node(yaml.ScalarNode, "!!str", string(n.Data), r)
		v.Style = yaml.DoubleQuotedStyle
		return v, nil
	case unstable.Bool:
		return t.node(yaml.ScalarNode, "!!bool", string(n.Data), r), nil
	case unstable.Integer:
		i, err := strconv.ParseInt(string(n.Data), 0, 64)
		if err != nil {
			return nil, &tomlError{r, fmt.Sprintf("%s is not a number congbo can hold", n.Data)}
		}
		return t.node(yaml.ScalarNode, "!!int", strconv.FormatInt(i, 10), r), nil
	case unstable.Float:
		s := strings.ReplaceAll(string(n.Data), "_", "")
		switch strings.TrimPrefix(s, "+") {
		case "inf":
			s = ".inf"
		case "-inf":
			s = "-.inf"
		case "nan", "-nan":
			s = ".nan"
		}
		return t.node(yaml.ScalarNode, "!!float", s, r), nil
	case unstable.LocalDate, unstable.LocalDateTime, unstable.DateTime:
		return t.node(yaml.ScalarNode, "!!timestamp", string(n.Data), r), nil
	case unstable.LocalTime:
		return t.node(yaml.ScalarNode, "!!str", string(n.Data), r), nil
	case unstable.Array:
		seq := t.node(yaml.SequenceNode, "!!seq", "", r)
		seq.Style = yaml.FlowStyle
		for it := n.Children(); it.Next(); {
			c := it.Node()
			if c.Kind == unstable.Comment {
				continue
			}
			v, err := t.value(c, r)
			if err != nil {
				return nil, err
			}
			seq.Content = append(seq.Content, v)
		}
		return seq, nil
	case unstable.InlineTable:
		m := t.node(yaml.MappingNode, "!!map", "", r)
		m.Style = yaml.FlowStyle
		for it := n.Children(); it.Next(); {
			c := it.Node()
			if c.Kind != unstable.KeyValue {
				continue
			}
			if err := t.keyValue(m, c); err != nil {
				return nil, err
			}
		}
		return m, nil
	}
	return nil, &tomlError{r, fmt.Sprintf("a value of kind %s is not read", n.Kind)}
}
