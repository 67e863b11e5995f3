package content

import (
	"bytes"
	"net/url"
	"path"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/congbo/congbo/internal/config"
	"github.com/congbo/congbo/internal/config/yamlnode"
	"github.com/congbo/congbo/internal/diag"
)

// Parse parses one content file. path is the slash path relative to
// content/ (e.g. "thong-bao/tb-1.md"); it decides the page's kind, section
// and name. Parse does no IO. On failure it returns a nil page and a
// *diag.List with every problem of the file, each at content/path:line:col.
//
// Parse is safe for concurrent use.
func Parse(path string, data []byte, cfg *config.Config) (*Page, error) {
	return newParser(cfg).parse(path, data)
}

// parser holds what parsing needs beyond one file; it is read-only once
// built, so Load shares one among its workers.
type parser struct {
	cfg        *config.Config
	schemas    map[string]typeSchema
	common     map[string]string // lower-case key → canonical spelling
	taxonomies map[string]bool   // plural names
	// front parses front matter: parseFront, or yamlnode.Parse in tests
	// that compare the two.
	front func(file string, src []byte, lineOffset int, nodes *[]yaml.Node) (*yaml.Node, error)
}

func newParser(cfg *config.Config) *parser {
	ps := &parser{cfg: cfg, schemas: schemas(), common: map[string]string{}, taxonomies: map[string]bool{}, front: parseFront}
	for _, k := range commonKeys() {
		ps.common[strings.ToLower(k)] = k
	}
	for typ, s := range ps.schemas {
		for _, name := range sortedKeys(s.fields) {
			if s.fields[name].required {
				s.required = append(s.required, name)
			}
		}
		ps.schemas[typ] = s
	}
	for _, t := range cfg.Taxonomies {
		ps.taxonomies[t.Plural] = true
	}
	return ps
}

// langTag is a BCP 47 language tag as pages write it: en, vi, zh-Hans.
var langTag = regexp.MustCompile(`^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$`)

// fileState carries one file's page and error list through parsing.
type fileState struct {
	*parser
	p      *Page
	errs   diag.List
	offset int // file line of the front matter's first line, minus one
}

func (f *fileState) errorf(n *yaml.Node, format string, args ...any) {
	f.errs.Addf(f.p.File, n.Line+f.offset, n.Column, format, args...)
}

func (ps *parser) parse(rel string, data []byte) (*Page, error) {
	return ps.parseReusing(rel, data, nil)
}

// parseReusing is parse with a slice of YAML nodes to reuse (see
// parseFront), nil for none: no node outlives the parse of one file.
func (ps *parser) parseReusing(rel string, data []byte, nodes *[]yaml.Node) (*Page, error) {
	f := &fileState{parser: ps, p: &Page{
		Path: rel, File: "content/" + rel, Status: "published",
		Params: map[string]any{},
	}}
	p := f.p
	fail := func(err error) (*Page, error) {
		if e, ok := err.(*diag.Error); ok && e.Path == "" {
			e.Path = p.File
		}
		f.errs.Add(err)
		return nil, &f.errs
	}
	if len(data) > MaxFileSize {
		return fail(sizeError(p.File, int64(len(data))))
	}
	size := len(data)
	data, unchanged, err := normalize(data)
	if err != nil {
		return fail(err)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return fail(diag.Errorf(p.File, 1, 1, "file is empty (add front matter: a line ---, then `title: …` and `date: …`, then ---)"))
	}
	if err := classify(p); err != nil {
		return fail(err)
	}
	front, frontLine, body, bodyLine, err := SplitFrontMatter(data)
	if err != nil {
		return fail(err)
	}
	p.Body, p.BodyLine = body, bodyLine
	if unchanged {
		// The file on disk is already normal: ReadBody can slice it.
		p.bodyAt, p.fileSize = len(data)-len(body), size
	}
	if frontLine == 0 && p.Kind != KindHome {
		return fail(diag.Errorf(p.File, 1, 1, "missing front matter (start the file with a line ---, then `title: …` and `date: …`, then ---)"))
	}
	f.offset = frontLine - 1
	root, err := ps.front(p.File, front, f.offset, nodes)
	if err != nil {
		return fail(err)
	}
	if root != nil && root.Kind != yaml.MappingNode {
		f.errorf(root, "front matter must be `key: value` lines, got %s", yamlnode.Describe(root))
		return nil, &f.errs
	}
	if root == nil {
		root = &yaml.Node{Kind: yaml.MappingNode}
	}
	f.decode(root)
	if f.errs.Len() > 0 {
		return nil, &f.errs
	}
	return p, nil
}

// sizeError says a file is over MaxFileSize.
func sizeError(file string, size int64) error {
	return diag.Errorf(file, 0, 0, "file is %.1f MiB, more than the %d MiB limit (split the page, or put large data in static/ and link to it)",
		float64(size)/(1<<20), MaxFileSize>>20)
}

// classify sets Kind, Section, Name and Bundle from the page's path.
func classify(p *Page) error {
	segs := strings.Split(p.Path, "/")
	base := segs[len(segs)-1]
	if len(segs) > 1 {
		p.Section = segs[0]
	}
	switch {
	case base == "_index.md" && len(segs) == 1:
		p.Kind = KindHome
	case base == "_index.md" && len(segs) == 2:
		p.Kind, p.Name = KindSection, segs[0]
	case base == "_index.md":
		return diag.Errorf(p.File, 0, 0, "_index.md is only allowed at the top of content/ or of a section directory (rename it index.md to make a page bundle)")
	case base == "index.md" && len(segs) > 1:
		p.Kind, p.Name, p.Bundle = KindPage, segs[len(segs)-2], true
		if len(segs) == 2 { // a bundle at the root is a root page, not a section
			p.Section = ""
		}
	default:
		p.Kind, p.Name = KindPage, strings.TrimSuffix(base, ".md")
	}
	return nil
}

// decode reads the front matter mapping into the page and validates it
// against the page's type.
func (f *fileState) decode(root *yaml.Node) {
	p := f.p
	pairs := root.Content
	// The type decides which keys are allowed, so read it first.
	p.Type = config.TypePage
	if s := f.cfg.Section(p.Section); s != nil && p.Section != "" {
		p.Type = s.Type
	}
	for i := 0; i+1 < len(pairs); i += 2 {
		if k, v := pairs[i], pairs[i+1]; strings.EqualFold(k.Value, "type") {
			if t := f.text(k.Value, v); t != "" {
				if !slices.Contains(config.Types, t) {
					f.errorf(v, "unknown type %q%s (use one of %s)", t, diag.Hint(t, config.Types), strings.Join(config.Types, ", "))
				} else {
					p.Type = t
				}
			}
			break
		}
	}
	var schema *typeSchema
	if s, ok := f.schemas[p.Type]; ok && p.Kind == KindPage {
		schema = &s
	}

	// The lines are kept for the whole build: sized once.
	p.FieldLines = make([]FieldLine, 0, len(pairs)/2)
	var bad map[string]bool // keys already reported, so "missing" is not said twice
	for i := 0; i+1 < len(pairs); i += 2 {
		before := f.errs.Len()
		if key := f.field(pairs[i], pairs[i+1], schema); f.errs.Len() > before {
			if bad == nil {
				bad = map[string]bool{}
			}
			bad[key] = true
		}
	}

	f.checkOrder(pairs, commonOrder)
	if _, seen := p.fieldLine("title"); !seen && p.Kind != KindHome {
		f.errs.Addf(p.File, 1, 1, "missing title (add `title: …` to the front matter)")
	}
	if schema == nil {
		return
	}
	if schema.dated && p.Date.IsZero() && !bad["date"] {
		f.errs.Addf(p.File, 1, 1, "missing date: a %s needs one (add `date: 2023-11-25 08:55` to the front matter)", p.Type)
	}
	for _, name := range schema.required {
		if empty(p.Params[name]) && !bad[name] {
			if line, seen := p.fieldLine(name); seen {
				// Written with no value, as congbo new leaves it.
				f.errs.Addf(p.File, line, len(name)+2, "%s is empty: a %s needs it (write it after `%s:`)", name, p.Type, name)
				continue
			}
			f.errs.Addf(p.File, 1, 1, "missing field %q for type %s (add `%s: …` to the front matter)", name, p.Type, name)
		}
	}
	f.checkOrder(pairs, schema.ordered)
	if len(schema.oneOf) > 0 {
		found := false
		for _, name := range schema.oneOf {
			found = found || !empty(p.Params[name]) || bad[name]
		}
		if !found {
			f.errs.Addf(p.File, 1, 1, "a %s needs `%s:` (set one of them in the front matter)", p.Type, strings.Join(schema.oneOf, ":` or `"))
		}
	}
}

// dateOrder is two dates of a page where the second, when both are set,
// may not come before the first; why says what that would mean.
type dateOrder struct{ first, second, why string }

// commonOrder is the order of the dates every page may have.
var commonOrder = []dateOrder{{"date", "expiryDate", "the page would be expired when published"}}

// checkOrder reports each order of orders the page's dates break, at the
// later date's value in pairs (the front matter's keys and values).
func (f *fileState) checkOrder(pairs []*yaml.Node, orders []dateOrder) {
	for _, o := range orders {
		first, second := f.p.date(o.first), f.p.date(o.second)
		if first.IsZero() || second.IsZero() || !second.Before(first) {
			continue
		}
		why := ""
		if o.why != "" {
			why = ": " + o.why
		}
		for i := 0; i+1 < len(pairs); i += 2 { // the error path only: find the value
			if strings.EqualFold(pairs[i].Value, o.second) {
				f.errorf(pairs[i+1], "%s (%s) is before %s (%s)%s (check both dates)", o.second, second.Format("02/01/2006 15:04"), o.first, first.Format("02/01/2006 15:04"), why)
				break
			}
		}
	}
}

// date is the page's date of front matter key: date or expiryDate, or
// a type's date field; zero when not set.
func (p *Page) date(key string) time.Time {
	switch key {
	case "date":
		return p.Date
	case "expiryDate":
		return p.ExpiryDate
	}
	t, _ := p.Params[key].(time.Time)
	return t
}

// field reads one front matter key k with value v and returns the key in
// its canonical spelling. A type field wins over a common key of the same
// name (press-conference status is the event's status).
func (f *fileState) field(k, v *yaml.Node, schema *typeSchema) string {
	p := f.p
	key := k.Value
	if k.Kind != yaml.ScalarNode {
		f.errorf(k, "front matter keys must be plain words, got %s", yamlnode.Describe(k))
		return key
	}
	_, typed := schemaField(schema, key)
	common, isCommon := f.common[strings.ToLower(key)]
	if isCommon && !typed {
		key = common
	}
	if _, seen := p.fieldLine(key); seen {
		f.errorf(k, "%s is set twice (remove one)", key)
		return key
	}
	p.FieldLines = append(p.FieldLines, FieldLine{key, k.Line + f.offset})
	switch {
	case typed:
		if val, ok := f.value(key, v, schema.fields[key]); ok && val != nil {
			p.Params[key] = val
		}
	case key == "title":
		if p.Title = f.text(key, v); p.Title == "" && v.Kind == yaml.ScalarNode {
			f.errorf(k, "title is empty (write the page's title after `title:`)")
		}
	case isCommon:
		f.commonField(key, v)
	case f.taxonomies[key]:
		f.terms(key, v)
	case schema != nil:
		f.errorf(k, "unknown field %q for type %s%s", key, p.Type, diag.Hint(key, f.allowed(schema)))
	default:
		p.Params[key] = yamlnode.Value(v)
	}
	return key
}

// schemaField returns the type field key, if schema has one.
func schemaField(schema *typeSchema, key string) (field, bool) {
	if schema == nil {
		return field{}, false
	}
	fd, ok := schema.fields[key]
	return fd, ok
}

// allowed lists every key a strict type accepts, for "did you mean" hints.
func (f *fileState) allowed(schema *typeSchema) []string {
	out := sortedKeys(schema.fields)
	out = append(out, commonKeys()...)
	for _, t := range f.cfg.Taxonomies {
		out = append(out, t.Plural)
	}
	return out
}

// commonField sets one of the Hugo keys (other than title) on the page.
func (f *fileState) commonField(key string, v *yaml.Node) {
	p := f.p
	switch key {
	case "date", "lastmod", "publishDate", "expiryDate":
		val, ok := f.value(key, v, field{kind: kindDate})
		if !ok || val == nil {
			return
		}
		t := val.(time.Time)
		switch key {
		case "date":
			p.Date = t
		case "lastmod":
			p.Lastmod = t
		case "publishDate":
			p.PublishDate = t
		case "expiryDate":
			p.ExpiryDate = t
		}
	case "draft":
		if val, ok := f.value(key, v, field{kind: kindBool}); ok && val != nil {
			p.Draft = val.(bool)
		}
	case "weight":
		if val, ok := f.value(key, v, field{kind: kindInt}); ok && val != nil {
			p.Weight = val.(int)
		}
	case "slug":
		p.Slug = f.text(key, v)
	case "url":
		p.URL = f.text(key, v)
		if p.URL != "" && !strings.HasPrefix(p.URL, "/") && !strings.Contains(p.URL, "://") {
			p.URL = "/" + p.URL // as Hugo reads it: from the site's root
		}
	case "description":
		p.Description = f.text(key, v)
	case "lang":
		if p.Lang = f.text(key, v); p.Lang != "" && !langTag.MatchString(p.Lang) {
			f.errorf(v, "lang must be a language code such as en or vi, got %q (the language the page is written in)", p.Lang)
			p.Lang = ""
		}
	case "aliases":
		val, _ := f.value(key, v, field{kind: kindStrings})
		for _, a := range asStrings(val) {
			if strings.Contains(a, "://") || strings.HasPrefix(a, "//") || a == "" {
				f.errorf(v, "aliases must be addresses on this site, like /tin-cu/trang/, got %q", a)
				continue
			}
			p.Aliases = append(p.Aliases, a) // one without "/" is beside the page: site.Graph places it
		}
	case "type":
		// read before the other keys
	case "status":
		if val, ok := f.value(key, v, field{kind: kindString, enum: []string{"published", "withdrawn"}}); ok && val != nil {
			p.Status = val.(string)
		}
	case "layout", "summary":
		if s := f.text(key, v); s != "" {
			p.Params[key] = s
		}
	case "changes":
		f.changes(v)
	}
}

// changes reads `changes:`, a list of {date, note}, into
// Params["changes"] as []map[string]any with time.Time dates.
func (f *fileState) changes(v *yaml.Node) {
	if isNull(v) {
		return
	}
	if v.Kind != yaml.SequenceNode {
		f.errorf(v, "changes must be a list of `- {date: …, note: …}` entries, got %s", yamlnode.Describe(v))
		return
	}
	var out []map[string]any
	for _, item := range v.Content {
		if item.Kind != yaml.MappingNode {
			f.errorf(item, "each change must be a mapping `{date: …, note: …}`, got %s", yamlnode.Describe(item))
			continue
		}
		ch := map[string]any{}
		for i := 0; i+1 < len(item.Content); i += 2 {
			k, cv := item.Content[i], item.Content[i+1]
			switch k.Value {
			case "date":
				if t, ok := f.value("changes date", cv, field{kind: kindDate}); ok && t != nil {
					ch["date"] = t
				}
			case "note":
				ch["note"] = f.text("changes note", cv)
			default:
				f.errorf(k, "unknown field %q in a change%s (a change has date and note)", k.Value, diag.Hint(k.Value, []string{"date", "note"}))
			}
		}
		if _, ok := ch["date"]; !ok {
			f.errorf(item, "change has no date (add `date: …`)")
			continue
		}
		out = append(out, ch)
	}
	if out != nil {
		f.p.Params["changes"] = out
	}
}

// terms reads a taxonomy key: one text or a list of texts, trimmed, with
// empty entries and duplicates dropped, order kept.
func (f *fileState) terms(key string, v *yaml.Node) {
	val, ok := f.value(key, v, field{kind: kindStrings})
	if !ok {
		return
	}
	vals := asStrings(val) // a fresh slice: out keeps its array
	out := vals[:0]
	var seen map[string]bool // for a long list; a short one is searched
	if len(vals) > 16 {
		seen = make(map[string]bool, len(vals))
	}
	for _, s := range vals {
		switch {
		case s == "":
		case seen != nil:
			if !seen[s] {
				seen[s] = true
				out = append(out, s)
			}
		case !slices.Contains(out, s):
			out = append(out, s)
		}
	}
	if len(out) > 0 {
		f.p.Terms = append(f.p.Terms, Terms{key, out})
	}
}

// text returns a scalar's trimmed text, "" for null; other nodes are an error.
func (f *fileState) text(key string, v *yaml.Node) string {
	if isNull(v) {
		return ""
	}
	if v.Kind != yaml.ScalarNode {
		f.errorf(v, "%s must be text, got %s", key, yamlnode.Describe(v))
		return ""
	}
	return strings.TrimSpace(v.Value)
}

// value checks v against fd and returns it as a Go value: string, bool,
// int, time.Time, []any or map[string]any. It returns (nil, true) for an
// empty value, (nil, false) after reporting an error.
func (f *fileState) value(key string, v *yaml.Node, fd field) (any, bool) {
	if isNull(v) {
		return nil, true
	}
	bad := func() (any, bool) {
		f.errorf(v, "%s must be %s, got %s", key, fd.kind, yamlnode.Describe(v))
		return nil, false
	}
	switch fd.kind {
	case kindString, kindText:
		if v.Kind != yaml.ScalarNode {
			return bad()
		}
		s := strings.TrimSpace(v.Value)
		if fd.enum != nil && !slices.Contains(fd.enum, s) {
			f.errorf(v, "%s must be one of %s, got %q%s", key, strings.Join(fd.enum, ", "), s, diag.Hint(s, fd.enum))
			return nil, false
		}
		if s == "" {
			return nil, true
		}
		return s, true
	case kindDate:
		if v.Kind != yaml.ScalarNode {
			return bad()
		}
		t, ok := ParseDate(strings.TrimSpace(v.Value), f.cfg.Location)
		if !ok {
			f.errorf(v, "%s: %q is not a date (%s)", key, v.Value, dateForms)
			return nil, false
		}
		return t, true
	case kindBool:
		var b bool
		if v.Kind != yaml.ScalarNode || v.Tag != "!!bool" || v.Decode(&b) != nil {
			return bad()
		}
		return b, true
	case kindInt:
		n, err := strconv.Atoi(strings.ReplaceAll(v.Value, "_", ""))
		if v.Kind != yaml.ScalarNode || v.Tag != "!!int" || err != nil {
			return bad()
		}
		return n, true
	case kindStrings:
		items := []*yaml.Node{v}
		if v.Kind == yaml.SequenceNode {
			items = v.Content
		}
		out := make([]any, 0, len(items))
		ok := true
		for _, it := range items {
			if it.Kind != yaml.ScalarNode || isNull(it) {
				f.errorf(it, "%s must be a text or a list of texts, got %s", key, yamlnode.Describe(it))
				ok = false
				continue
			}
			out = append(out, strings.TrimSpace(it.Value))
		}
		return out, ok
	case kindList:
		if v.Kind == yaml.ScalarNode {
			return []any{strings.TrimSpace(v.Value)}, true
		}
		if v.Kind != yaml.SequenceNode {
			return bad()
		}
		return yamlnode.Value(v), true
	case kindMaps:
		if v.Kind != yaml.SequenceNode {
			return bad()
		}
		for _, it := range v.Content {
			if it.Kind != yaml.MappingNode {
				f.errorf(it, "each entry of %s must be a mapping of `key: value`, got %s", key, yamlnode.Describe(it))
				return nil, false
			}
		}
		return yamlnode.Value(v), true
	case kindURL:
		if v.Kind != yaml.ScalarNode {
			return bad()
		}
		s := strings.TrimSpace(v.Value)
		if u, err := url.Parse(s); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			f.errorf(v, "%s must be an absolute http(s) address such as https://example.gov.vn/x, got %q", key, s)
			return nil, false
		}
		return s, true
	case kindPath:
		if v.Kind != yaml.ScalarNode {
			return bad()
		}
		s := strings.TrimPrefix(strings.TrimPrefix(strings.TrimSpace(v.Value), "/"), "content/")
		if !strings.HasSuffix(s, ".md") || path.Clean(s) != s || strings.HasPrefix(s, "../") {
			f.errorf(v, "%s must be the path of a content file such as thong-bao/tb-1.md, got %q", key, v.Value)
			return nil, false
		}
		return s, true
	}
	return yamlnode.Value(v), true
}

func isNull(n *yaml.Node) bool { return n.Kind == yaml.ScalarNode && n.Tag == "!!null" }

// empty reports whether a decoded value counts as not set.
func empty(v any) bool {
	switch v := v.(type) {
	case nil:
		return true
	case string:
		return v == ""
	case []any:
		return len(v) == 0
	}
	return false
}

func asStrings(v any) []string {
	list, _ := v.([]any)
	out := make([]string, 0, len(list))
	for _, x := range list {
		if s, ok := x.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

func sortedKeys(m map[string]field) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
