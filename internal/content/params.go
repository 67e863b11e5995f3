package content

import "time"

// Change is one entry of a page's `changes:` list: when and what was corrected.
type Change struct {
	Date time.Time
	Note string
}

// Changes returns the page's `changes:` entries in file order.
func (p *Page) Changes() []Change {
	list, _ := p.Params["changes"].([]map[string]any)
	out := make([]Change, 0, len(list))
	for _, m := range list {
		d, _ := m["date"].(time.Time)
		n, _ := m["note"].(string)
		out = append(out, Change{Date: d, Note: n})
	}
	return out
}

// String returns Params[key] if it is text, else "".
func (p *Page) String(key string) string {
	s, _ := p.Params[key].(string)
	return s
}

// Time returns Params[key] if it is a date (type date fields), else the zero time.
func (p *Page) Time(key string) time.Time {
	t, _ := p.Params[key].(time.Time)
	return t
}

// Int returns Params[key] if it is a whole number, else 0.
func (p *Page) Int(key string) int {
	n, _ := p.Params[key].(int)
	return n
}

// Strings returns the texts of Params[key]: a list field such as
// attachments or agenda (mappings in the list are skipped), or one text.
func (p *Page) Strings(key string) []string {
	switch v := p.Params[key].(type) {
	case string:
		return []string{v}
	case []any:
		return asStrings(v)
	}
	return nil
}
