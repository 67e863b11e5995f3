package texec_test

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"math/rand"
	"strings"
	"testing"
	"time"

	"github.com/congbo/congbo/internal/texec"
)

type fz struct {
	S   string
	I   int
	U   uint8
	F   float64
	B   bool
	P   *fz
	A   any
	L   []any
	Arr [2]int
	M   map[string]any
	MI  map[int]string
	H   template.HTML
	T   time.Time
	St  ptrStringer
	E   error
	N   named
	Emb
}

type Emb struct{ EX int }

// ptrStringer prints itself only through a pointer.
type ptrStringer struct{ s string }

func (p *ptrStringer) String() string { return "PS(" + p.s + ")" }

func (e Emb) EM() string          { return "em" }
func (f *fz) PM(x int) int        { return x + f.I }
func (f fz) VM(s string) string   { return s + f.S }
func (f *fz) Vr(xs ...any) string { return fmt.Sprint(len(xs), xs) }
func (f *fz) Two() (any, error)   { return f.A, nil }

var fzAtoms = []string{".", ".S", ".I", ".U", ".F", ".B", ".P", ".P.S", ".P.P", ".A", ".L", ".Arr", ".M", ".M.k", ".M.n", ".MI", ".H", ".T", ".St", ".E", ".N", ".EX", ".EM", ".Emb", ".Two",
	"$", "$.S", "$x", "nil", "1", "-2", "0x1f", "'a'", "1.5", "1e3", "true", "false", `"s<"`, `""`, "0",
	"(.PM 1)", "(.VM \"v\")", "(.Vr)", "(.Vr 1 nil)", "(index .L 0)", "(index .L 2)", "(index .M \"k\")", "(index .MI 1)", "(len .L)", "(slice .L 1)",
	"(T \"k\" .I)", "(day .T)", "(blk .S)", "(esc . 1)", "(printf \"%v\" .A)", "(print .P nil)", "(named .N)", "(and .I .S)", "(or .A .B)", "(not .L)", "(eq .I 3)", "(eq .A nil)", "(ne .U 3)", "(lt .I .U)", "(html .S)", "(urlquery .S)", "(js .S)"}

func fzAtom(r *rand.Rand) string { return fzAtoms[r.Intn(len(fzAtoms))] }

func fzPipe(r *rand.Rand) string {
	switch r.Intn(6) {
	case 0:
		return fzAtom(r) + " | " + []string{"print", "printf \"%v\"", "eq 1", "and 1", "or 0", "not", "len", "T \"x\"", "day", "blk", "esc", ".PM", ".VM", ".Vr 1", "index .L", "html"}[r.Intn(16)]
	case 1:
		return []string{"print", "printf \"%v-%v\"", "eq", "and", "or", "index", "slice", "len", "T", "esc", "blk", ".Vr", ".PM", ".VM", "day", "println"}[r.Intn(16)] + " " + fzAtom(r) + " " + fzAtom(r)
	default:
		return fzAtom(r)
	}
}

var fzCtx = []string{"%s", `<p title="%s">`, `<a href="%s">`, `<a href="/q?x=%s">`, `<script>var v = %s;</script>`, `<textarea>%s</textarea>`}

func fzBody(r *rand.Rand, depth int) string {
	var b strings.Builder
	n := 1 + r.Intn(3)
	for i := 0; i < n; i++ {
		k := r.Intn(8)
		if depth > 2 {
			k = 0
		}
		switch k {
		case 0, 1, 2:
			fmt.Fprintf(&b, fzCtx[r.Intn(len(fzCtx))], "{{"+fzPipe(r)+"}}")
		case 3:
			fmt.Fprintf(&b, "{{if %s}}[%s]{{else}}(%s){{end}}", fzPipe(r), fzBody(r, depth+1), fzBody(r, depth+1))
		case 4:
			fmt.Fprintf(&b, "{{with %s}}[%s]{{end}}", fzPipe(r), fzBody(r, depth+1))
		case 5:
			v := []string{"", "$x := ", "$i, $x := ", "$x = ", "$y, $x = "}[r.Intn(5)]
			fmt.Fprintf(&b, "{{range %s%s}}[%s]{{else}}E{{end}}", v, []string{".L", ".Arr", ".M", ".MI", ".P", ".A", ".S"}[r.Intn(7)], fzBody(r, depth+1))
		case 6:
			fmt.Fprintf(&b, "{{$x = %s}}", fzPipe(r))
		case 7:
			fmt.Fprintf(&b, "{{template \"t\" %s}}", fzAtom(r))
		}
	}
	return b.String()
}

// TestRandomTemplatesMatch generates templates from atoms of every kind
// (fields, methods, promoted fields, maps, constants, builtins, the
// FuncMap's signatures) in control structures and escaping contexts, and
// checks that whatever texec runs prints what html/template prints. (It
// was a reviewer's differential run; 300,000 templates passed then.)
func TestRandomTemplatesMatch(t *testing.T) {
	fm := template.FuncMap{
		"T":     func(key string, args ...any) (string, error) { return fmt.Sprintf("%s%v", key, args), nil },
		"day":   func(t time.Time) string { return t.Format("2006") },
		"blk":   func(a any) (template.HTML, error) { return template.HTML(fmt.Sprintf("[%v]", a)), nil },
		"esc":   func(a ...any) string { return fmt.Sprint(len(a), a) },
		"named": func(s named) string { return string(s) },
	}
	mk := func() *fz {
		inner := &fz{S: "in", I: 2, M: map[string]any{"k": 1}}
		return &fz{S: "a&b", I: 3, U: 3, F: 2.5, B: true, P: inner, A: inner, L: []any{1, "x", nil, inner},
			Arr: [2]int{4, 5}, M: map[string]any{"k": "v", "n": nil}, MI: map[int]string{2: "b", 1: "a"},
			H: "<i>h</i>", T: time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC), St: ptrStringer{"st"}, E: errors.New("err"), N: "nn", Emb: Emb{7}}
	}
	r := rand.New(rand.NewSource(1))
	d := mk()
	ran, bad := 0, 0
	for it := 0; it < 4000 && bad < 20; it++ {
		text := `{{define "t"}}<b>{{.}}</b>{{end}}{{$x := 0}}{{$i := 0}}{{$y := 0}}` + fzBody(r, 0)
		set, err := template.New("page").Funcs(fm).Option("missingkey=error").Parse(text)
		if err != nil {
			continue
		}
		var want bytes.Buffer
		var wantErr error
		func() {
			defer func() {
				if p := recover(); p != nil {
					wantErr = fmt.Errorf("panic %v", p)
				}
			}()
			wantErr = set.Execute(&want, d)
		}()
		ex := texec.ForHTML(set, fm)
		ex.Escaped("page")
		var got bytes.Buffer
		gerr := ex.Execute(&got, "page", d)
		if gerr != nil {
			continue
		}
		ran++
		if wantErr != nil || got.String() != want.String() {
			bad++
			t.Errorf("template %s\nwant %q (err %v)\ngot  %q", text, want.String(), wantErr, got.String())
		}
	}
	if ran < 1000 {
		t.Errorf("texec ran %d of 4,000 templates; the generator no longer reaches it", ran)
	}
}
