package texec_test

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/congbo/congbo/internal/texec"
)

type item struct {
	Name  string
	Count int
	Tags  []string
	Next  *item
	Any   any
	Attrs map[string]any
	when  time.Time
}

func (i item) Upper() string                        { return strings.ToUpper(i.Name) }
func (i *item) Label(prefix string) string          { return prefix + i.Name }
func (i item) Add(a, b int) int                     { return a + b + i.Count }
func (i item) Fail() (string, error)                { return "", errors.New("failed") }
func (i item) Join(sep string, xs ...string) string { return strings.Join(xs, sep) }
func (i item) When() time.Time                      { return i.when }

type stringer struct{ s string }

func (s stringer) String() string { return "<" + s.s + ">" }

type named string

var funcs = template.FuncMap{
	"blk": func(dot any) (template.HTML, error) {
		return template.HTML(fmt.Sprintf("<b>%v</b>", dot)), nil
	},
	"T": func(key string, args ...any) (string, error) {
		if key == "missing" {
			return "", errors.New("no translation")
		}
		return key + fmt.Sprint(args...), nil
	},
	"day":   func(t time.Time) string { return t.Format("02/01/2006") },
	"boom":  func() bool { panic("boom") },
	"twice": func(n int) int { return 2 * n },
	"named": func(s named) string { return "named:" + string(s) },
	"pair":  func(a string, b ...any) string { return a + fmt.Sprint(b...) },
	"raw":   func(s string) template.HTML { return template.HTML(s) },
	"url":   func(s string) template.URL { return template.URL(s) },
	"nilf":  func() *item { return nil },
	"err":   func() (string, error) { return "", errors.New("func error") },
	"key": func(v any) (string, error) {
		if v == nil {
			return "", errors.New("no value")
		}
		return fmt.Sprintf("key(%v)", v), nil
	},
	"part": func(name string, data any, keys ...any) (template.HTML, error) {
		if name == "missing" {
			return "", errors.New("no partial")
		}
		return template.HTML(fmt.Sprintf("<i>%s %v %v</i>", name, data, keys)), nil
	},
}

func data() map[string]any {
	when := time.Date(2025, 7, 1, 8, 30, 0, 0, time.UTC)
	leaf := &item{Name: "lá", Count: 2}
	return map[string]any{
		"Title":  `Thông cáo "báo chí" <số 5> & 'tin' +1`,
		"URL":    "javascript:alert(1)",
		"Safe":   "/tin-tuc/bai viết?q=a&b=ç#x",
		"Item":   &item{Name: "gốc", Count: 3, Tags: []string{"a", "b", "c"}, Next: leaf, Any: leaf, Attrs: map[string]any{"k": "v", "n": 7, "nil": nil}, when: when},
		"Items":  []item{{Name: "một", Count: 1}, {Name: "hai", Count: 2}},
		"Ptrs":   []*item{leaf, nil},
		"Map":    map[string]int{"b": 2, "a": 1, "c": 3},
		"IntMap": map[int]string{3: "ba", 1: "một", 2: "hai"},
		"Empty":  []string{},
		"Nil":    nil,
		"Zero":   0,
		"Uint":   uint(3),
		"Float":  2.5,
		"True":   true,
		"HTML":   template.HTML(`<em>đậm</em> & "x"`),
		"Plain":  template.HTML(`chữ & "x"`),
		"Str":    stringer{"s"},
		"When":   when,
		"Named":  named("tên"),
		"JSON":   map[string]any{"a": []int{1, 2}, "b": "</script>\u2028"},
		"Num":    12,
		"Neg":    -1,
		"Slice":  []any{"x", 2, nil, map[string]any{"k": 1}},
	}
}

// run executes text with html/template (twice: the first run escapes
// it) and with texec, and reports both outputs and whether texec ran.
func run(t *testing.T, text string) (want, got string, wantErr error, ran bool) {
	t.Helper()
	set, err := template.New("page").Funcs(funcs).Option("missingkey=error").Parse(text)
	if err != nil {
		t.Fatalf("parse %q: %v", text, err)
	}
	ex := texec.ForHTML(set, funcs)
	if ex == nil {
		t.Fatal("ForHTML: this Go's html/template has no text field")
	}
	var buf bytes.Buffer
	wantErr = set.Execute(&buf, data())
	want = buf.String()
	// Escaped even after an error (the caller does not): texec must then
	// fall back all the same.
	ex.Escaped("page")
	buf.Reset()
	buf.WriteString("kept|")
	err = ex.Execute(&buf, "page", data())
	if err != nil {
		if !errors.Is(err, texec.ErrFallback) {
			t.Fatalf("Execute: %v, want nil or ErrFallback", err)
		}
		return want, "", wantErr, false
	}
	got, ok := strings.CutPrefix(buf.String(), "kept|")
	if !ok {
		t.Fatalf("Execute overwrote what buf held: %q", buf.String())
	}
	return want, got, wantErr, true
}

// TestExecuteMatchesHTMLTemplate runs templates covering what text/template
// evaluates (fields, methods, maps, variables, control structures,
// builtins, constants, function signatures) in every escaping context
// html/template has escapers for here, and checks that texec prints what
// html/template prints, or falls back where it must.
func TestExecuteMatchesHTMLTemplate(t *testing.T) {
	for _, tc := range []struct {
		text string
		fast bool // texec runs it (else it falls back: an error, or unsupported)
	}{
		{`<h1>{{.Title}}</h1><p title="{{.Title}}">{{.Safe}}</p>`, true},
		{`<a href="{{.URL}}">x</a><a href="{{.Safe}}">y</a><a href="/q?x={{.Title}}&y={{.Safe}}">z</a>`, true},
		{`<a href="{{url .URL}}">{{raw "<i>i</i>"}}</a>`, true},
		{`{{.HTML}}<p title="{{.Plain}}">{{.Plain}}</p>`, true},
		{`<p title="{{.HTML}}">x</p>`, false}, // tags to strip: html/template's stripper
		{`<textarea>{{.Title}}{{.HTML}}</textarea><title>{{.Title}}</title>`, true},
		{`<script type="application/ld+json">{{.JSON}}</script><script>var n = {{.Num}}, s = {{.Title}};</script>`, true},
		{`<style>p { color: {{.Title}} }</style>`, false}, // CSS escapers are not copied
		{`{{.Item.Name}} {{.Item.Upper}} {{.Item.Label "nhãn: "}} {{.Item.Add 1 2}} {{.Item.Next.Name}} {{.Item.Any.Name}}`, true},
		{`{{.Item.Join ", " "a" "b" "c"}} {{.Item.Join "-"}} {{"x" | .Item.Join "+" "y"}}`, true},
		{`{{range .Items}}{{.Upper}} {{.Label "·"}} {{end}}`, true},
		{`{{range $i, $e := .Items}}{{$i}}={{$e.Name}}/{{$.Num}};{{end}}`, true},
		{`{{range $k, $v := .Map}}{{$k}}:{{$v}} {{end}}{{range .IntMap}}{{.}} {{end}}{{range $k, $v := .IntMap}}{{$k}}{{end}}`, true},
		{`{{range .Empty}}x{{else}}rỗng{{end}}{{range .Nil}}x{{else}}nil{{end}}`, true},
		{`{{range $x := .Item.Tags}}{{$x}}{{end}}{{range $i, $x := .Slice}}[{{$i}} {{$x}}]{{end}}`, true},
		{`{{range .Num}}{{.}}{{end}}`, false}, // range over an integer
		{`{{range .Items}}{{if eq .Count 1}}{{continue}}{{end}}{{.Name}}{{end}}`, false},
		{`{{if .True}}có{{else}}không{{end}}{{if .Zero}}x{{else if .Empty}}y{{else}}z{{end}}`, true},
		{`{{with .Item}}{{.Name}}{{end}}{{with .Nil}}x{{else with .Item.Next}}{{.Name}}{{end}}`, true},
		{`{{if $x := .Item.Name}}{{$x}}{{end}}{{$y := 1}}{{if true}}{{$y = 2}}{{$z := 3}}{{$z}}{{end}}{{$y}}`, true},
		{`{{and .True .Num}} {{and .Zero (boom)}} {{or .Zero .Empty .Title}} {{or .Num (boom)}} {{or .Zero}} {{and 1 0 2}}`, true},
		{`{{not .True}} {{not .Empty}} {{not .Nil}} {{.Num | not}}`, true},
		{`{{eq .Num 12}} {{eq .Title "x" "y"}} {{eq .Uint 3}} {{eq 3 .Uint}} {{eq .Float 2.5}} {{eq .Nil .Nil}} {{ne .Num 1}}`, true},
		{`{{lt .Num 13}} {{le .Num 12}} {{gt .Title "A"}} {{ge .Float 3.0}} {{lt .Neg .Uint}} {{gt .Uint .Neg}}`, true},
		{`{{eq .Num "12"}}`, false},   // incomparable: an error
		{`{{lt .True .True}}`, false}, // bools do not order
		{`{{index .Map "b"}} {{index .Map "none"}} {{index .Item.Tags 1}} {{index .Item.Attrs "n"}} {{index .Slice 3 "k"}} {{index .Title 0}}`, true},
		{`{{index .Item.Tags 5}}`, false},
		{`{{slice .Item.Tags 1}} {{slice .Item.Tags 1 2}} {{slice .Title 0 3}} {{len .Item.Tags}} {{len .Map}} {{len .Title}}`, true},
		{`{{printf "%T %d %s %v" .Map .Num .Title .Nil}} {{print 1 2 "a" "b"}} {{println .Num}} {{html .Title}} {{urlquery .Safe}} {{js .Title}}`, true},
		{`{{1}} {{1.5}} {{0x10}} {{'a'}} {{1e3}} {{-2}} {{true}} {{"chuỗi"}} {{.Str}} {{.When}} {{.Named}}`, true},
		{`{{block "b" .Item}}[{{.Name}}]{{end}}{{template "b" .Item.Next}}{{define "c"}}{{.}}{{end}}{{template "c"}}{{template "c" .Num}}`, true},
		{`{{define "r"}}{{if .}}{{.Name}}>{{template "r" .Next}}{{end}}{{end}}{{template "r" .Item}}`, true},
		{`{{blk .Item.Name}} {{blk .Num}} {{T "key" 1 "a"}} {{T "key"}} {{day .When}} {{.When | day}} {{.Item.When | day}} {{twice 21}} {{named "x"}} {{pair "a" 1 .Num}} {{.Num | pair "b"}}`, true},
		{`{{blk .HTML}}{{T "k" .Title}}`, true},
		{`{{key .Num}} {{key .Title}} {{.Item.Name | key}} <p title="{{key .Map}}">x</p>`, true},
		{`{{key .Nil}}`, false},
		{`{{part "p" .Num}} {{part "p" .Title .Num "k"}} {{part "p" .Item.Name .Map .Nil 1 2}} <p title="{{part "q" 1}}">x</p>`, false}, // tags in an attribute: html/template's stripper
		{`{{part "p" .Num}} {{part "p" .Title .Num "k"}} {{part "p" .Item.Name .Map .Nil 1 2}} {{with part "w" .Num}}{{.}}{{end}}`, true},
		{`{{.Num | part "p" .Title}} {{part .Title .Num}}`, true},
		{`{{part "missing" .Num}}`, false},
		// Arguments of direct calls evaluated with direct calls inside
		// (texec stacks them in one array).
		{`{{T "k" (T "a" (T "b" .Num) .Title) (pair "x" (T "c")) .Num}} <p title="{{T "t" (T "u" .Title)}}">{{html (T "h" .Title) (print .Num)}}</p>`, true},
		{`{{part "p" (T "a" .Num) (T "b" (part "q" 1 (T "c"))) (T "d" 2)}}`, true},
		{`{{define "n"}}{{T "in" . (T "x")}}{{end}}{{T "out" (T "y" .Num) .Title}}{{template "n" .Num}}{{T "after" 1 2}}`, true},
		{`{{T "missing"}}`, false},
		{`{{err}}`, false},
		{`{{boom}}`, false},
		{`{{.Item.Fail}}`, false},
		{`{{.Missing}}`, false},
		{`{{.Item.Attrs.missing}}`, false},
		{`{{.Item.Attrs.nil}}|{{.Item.Attrs.k}}`, true},
		{`{{(nilf).Name}}`, false},
		{`{{with index .Ptrs 1}}{{.Name}}{{else}}nil{{end}}{{with index .Ptrs 0}}{{.Name}}{{end}}`, true},
		{`{{(index .Ptrs 0).Name}}`, false}, // a chain: not supported
		{`{{(index .Ptrs 1).Name}}`, false},
		{`{{.Item.Next.Next.Name}}`, false},
		{`{{/* a comment */}}{{- .Num -}} {{ .Num }}`, true},
		{`<a onclick="f({{.Title}})">x</a>`, true},
		{`<a onclick="f('{{.Title}}')">x</a>`, false}, // a JS string: escaper not copied
	} {
		t.Run(tc.text, func(t *testing.T) {
			want, got, wantErr, ran := run(t, tc.text)
			if ran != tc.fast {
				t.Fatalf("texec ran: %v, want %v (html/template: %q, %v)", ran, tc.fast, want, wantErr)
			}
			if ran && wantErr != nil {
				t.Fatalf("texec ran a template html/template fails: %v", wantErr)
			}
			if ran && got != want {
				t.Errorf("texec printed\n%s\nhtml/template printed\n%s", got, want)
			}
		})
	}
}

// TestExecuteReflectValueData checks that data passed as a reflect.Value
// is the value it holds, as text/template takes it.
func TestExecuteReflectValueData(t *testing.T) {
	for _, tc := range []struct {
		text string
		data reflect.Value
	}{
		{`{{if .}}có{{else}}không{{end}}`, reflect.ValueOf("")},
		{`[{{.}}]`, reflect.Value{}},
		{`{{.Name}} {{.Upper}}`, reflect.ValueOf(item{Name: "x"})},
	} {
		set := template.Must(template.New("page").Parse(tc.text))
		var want, got bytes.Buffer
		if err := set.Execute(&want, tc.data); err != nil {
			t.Fatal(err)
		}
		ex := texec.ForHTML(set, nil)
		ex.Escaped("page")
		if err := ex.Execute(&got, "page", tc.data); err != nil || got.String() != want.String() {
			t.Errorf("%s: texec printed %q, %v; html/template %q", tc.text, got.String(), err, want.String())
		}
	}
}

// TestExecuteBeforeEscaped checks that a template html/template has not
// run yet (and so not escaped) falls back, and runs once Escaped.
func TestExecuteBeforeEscaped(t *testing.T) {
	set := template.Must(template.New("page").Parse(`<a href="{{.}}">{{.}}</a>`))
	ex := texec.ForHTML(set, nil)
	var buf bytes.Buffer
	if err := ex.Execute(&buf, "page", "javascript:x"); !errors.Is(err, texec.ErrFallback) {
		t.Fatalf("before Escaped: %v, want ErrFallback", err)
	}
	if err := set.Execute(&buf, "javascript:x"); err != nil {
		t.Fatal(err)
	}
	ex.Escaped("page")
	want := buf.String()
	buf.Reset()
	if err := ex.Execute(&buf, "page", "javascript:x"); err != nil || buf.String() != want {
		t.Fatalf("after Escaped: %q, %v; want %q", buf.String(), err, want)
	}
	if n := ex.Fallbacks(); n != 0 {
		t.Errorf("Fallbacks() = %d, want 0", n)
	}
}

// FuzzEscapers runs any text, as a string and as template.HTML, through
// every context whose escaper texec copies, and compares with
// html/template.
func FuzzEscapers(f *testing.F) {
	for _, s := range []string{"", "a", `"'<>&+`, "javascript:alert(1)", "/a b?c=d&e#f", "%zz%41", "\x00\u2028\ufdd0", "\xff\xc3 \uffff\ufffd\xef\xbf", "<b>x</b>", "mailto:x@y", "HTTP://x"} {
		f.Add(s)
	}
	text := `<p title="{{.S}}">{{.S}}</p><a href="{{.S}}">x</a><a href="/q?x={{.S}}">y</a><textarea>{{.S}}</textarea><script>var s = {{.S}};</script>` +
		`{{.H}}<a href="{{.H}}">h</a><textarea>{{.H}}</textarea>`
	attr := `<p title="{{.H}}">x</p>`
	f.Fuzz(func(t *testing.T, s string) {
		for _, text := range []string{text, attr} {
			set := template.Must(template.New("page").Parse(text))
			ex := texec.ForHTML(set, nil)
			d := map[string]any{"S": s, "H": template.HTML(s)}
			var want bytes.Buffer
			if err := set.Execute(&want, d); err != nil {
				t.Fatal(err)
			}
			ex.Escaped("page")
			var got bytes.Buffer
			if err := ex.Execute(&got, "page", d); err != nil {
				if text == attr && strings.Contains(s, "<") {
					continue // html/template strips tags here; texec falls back
				}
				t.Fatalf("Execute(%q): %v", s, err)
			}
			if got.String() != want.String() {
				t.Fatalf("texec printed\n%q\nhtml/template printed\n%q", got.String(), want.String())
			}
		}
	})
}

// TestAppender: where a template prints a function's template.HTML into
// HTML text, Execute calls the function's Appender instead and prints
// what html/template prints; everywhere else the function runs as before;
// an Appender's error makes Execute fall back.
func TestAppender(t *testing.T) {
	blk := funcs["blk"].(func(any) (template.HTML, error))
	fs := template.FuncMap{"blk": blk, "bad": func(any) (template.HTML, error) { return "", errors.New("no") }}
	for _, tc := range []struct {
		text    string
		appends int  // Appender calls expected
		ran     bool // texec ran to the end
	}{
		{`<p>{{blk .Title}}</p>{{blk .Num}}`, 2, true},
		{`{{range .Items}}{{blk .Name}}{{end}}`, 2, true},
		{`{{$x := blk .Title}}{{$x}}`, 0, true},       // a variable: the function
		{`<a title="{{blk .Title}}">x</a>`, 0, false}, // an attribute: another escaper, which falls back for HTML with tags
		{`<script>{{blk .Title}}</script>`, 0, true},  // JS context
		{`{{blk .Title | printf "%s"}}`, 0, true},     // a longer pipeline
		{`{{blk .Nil}}{{blk}}`, 1, false},             // {{blk}} has no argument: html/template's error
		{`{{bad .Title}}`, 1, false},                  // the Appender's error
	} {
		set := template.Must(template.New("page").Funcs(fs).Parse(tc.text))
		ex := texec.ForHTML(set, fs)
		appends := 0
		ex.SetAppender("blk", func(buf *bytes.Buffer, arg any) error {
			appends++
			h, err := blk(arg)
			buf.WriteString(string(h))
			return err
		})
		ex.SetAppender("bad", func(buf *bytes.Buffer, arg any) error { appends++; return errors.New("no") })
		var want bytes.Buffer
		wantErr := set.Execute(&want, data())
		ex.Escaped("page")
		var got bytes.Buffer
		err := ex.Execute(&got, "page", data())
		if appends != tc.appends {
			t.Errorf("%s: %d Appender calls, want %d", tc.text, appends, tc.appends)
		}
		if ran := err == nil; ran != tc.ran {
			t.Errorf("%s: Execute = %v (html/template: %v)", tc.text, err, wantErr)
			continue
		}
		if tc.ran && got.String() != want.String() {
			t.Errorf("%s:\ntexec         %q\nhtml/template %q", tc.text, got.String(), want.String())
		}
	}
}

// TestSetAppenderChecksTheFunction: an Appender stands only for a
// function of one argument returning template.HTML and an error.
func TestSetAppenderChecksTheFunction(t *testing.T) {
	set := template.Must(template.New("page").Funcs(funcs).Parse(`x`))
	ex := texec.ForHTML(set, funcs)
	for _, name := range []string{"T", "raw", "twice", "missing", "and"} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("SetAppender(%q) did not panic", name)
				}
			}()
			ex.SetAppender(name, func(*bytes.Buffer, any) error { return nil })
		}()
	}
}

// TestExecuteAfterFallback runs a template that falls back in the middle
// of a call's arguments, then one that runs, on one Executor, many times:
// what the first left of its state must not show in the second.
func TestExecuteAfterFallback(t *testing.T) {
	set := template.Must(template.New("page").Funcs(funcs).Parse(
		`{{define "bad"}}{{T "k" (T "a" .Num) (T "missing")}}{{end}}{{define "good"}}{{T "k" .Num (T "b")}}|{{html .Title (T "c")}}{{end}}`))
	ex := texec.ForHTML(set, funcs)
	var want bytes.Buffer
	if err := set.ExecuteTemplate(&want, "good", data()); err != nil {
		t.Fatal(err)
	}
	if err := set.ExecuteTemplate(io.Discard, "bad", data()); err == nil {
		t.Fatal("bad: no error")
	}
	ex.Escaped("good")
	ex.Escaped("bad")
	for range 50 {
		var got bytes.Buffer
		if err := ex.Execute(&got, "bad", data()); !errors.Is(err, texec.ErrFallback) {
			t.Fatalf("bad: %v, want ErrFallback", err)
		}
		got.Reset()
		if err := ex.Execute(&got, "good", data()); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Fatalf("after a fallback: %q, want %q", got.String(), want.String())
		}
	}
}
