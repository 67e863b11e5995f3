package texec_test

import (
	"bytes"
	"fmt"
	"html/template"
	"maps"
	"math/rand"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/congbo/congbo/internal/texec"
)

// TestVariablesAcrossTemplateCalls: a called template's variables go
// after its caller's in one array, taken from a pool per execution, and
// blocks have Appenders. Random templates (a fixed seed) declare, assign
// and print variables in every template, range and with over variables
// around template calls nested three deep, and print blocks in text and
// attributes; each runs four times three times at once and must print
// what html/template prints (from the tenth review, session 9).
func TestVariablesAcrossTemplateCalls(t *testing.T) {
	blk := func(a any) (template.HTML, error) { return template.HTML(fmt.Sprintf("<i>%v</i>", a)), nil }
	fm := template.FuncMap{"blk": blk}
	type D struct {
		S string
		L []any
		M map[string]any
		N int
	}
	d := &D{S: "s", L: []any{1, "two", 3}, M: map[string]any{"a": 1, "b": "x"}, N: 7}
	r := rand.New(rand.NewSource(7))
	vars := []string{"$a", "$b", "$c"}
	atom := func(int) string {
		as := []string{".", ".S", "$", "1", `"q"`, "$.S"}
		return as[r.Intn(len(as))]
	}
	var body func(level, depth int, declared map[string]bool) string
	body = func(level, depth int, declared map[string]bool) string {
		var b strings.Builder
		n := 1 + r.Intn(4)
		for i := 0; i < n; i++ {
			k := r.Intn(9)
			if depth > 2 {
				k = r.Intn(3)
			}
			switch k {
			case 0: // declare
				v := vars[r.Intn(len(vars))]
				if declared[v] {
					fmt.Fprintf(&b, "{{%s = %s}}", v, atom(depth))
				} else {
					fmt.Fprintf(&b, "{{%s := %s}}", v, atom(depth))
					declared[v] = true
				}
			case 1: // print a variable
				if vs := sortedVars(declared); len(vs) > 0 {
					v := vs[r.Intn(len(vs))]
					fmt.Fprintf(&b, "(%s={{%s}})", v, v)
				}
			case 2:
				if level < 3 {
					fmt.Fprintf(&b, "{{template \"t%d\" %s}}", level+1, atom(depth))
				}
			case 3, 4:
				inner := map[string]bool{}
				for k, v := range declared {
					inner[k] = v
				}
				inner["$i"], inner["$x"] = true, true
				fmt.Fprintf(&b, "{{range $i, $x := %s}}[{{$i}}:{{$x}}%s{{$i}}:{{$x}}]{{end}}", []string{".L", ".M", "$.L"}[r.Intn(3)], body(level, depth+1, inner))
			case 5:
				inner := map[string]bool{}
				for k, v := range declared {
					inner[k] = v
				}
				inner["$w"] = true
				fmt.Fprintf(&b, "{{with $w := %s}}<{{$w}}%s{{$w}}>{{end}}", atom(depth), body(level, depth+1, inner))
			case 6:
				fmt.Fprintf(&b, "{{blk %s}}", atom(depth))
			case 7:
				fmt.Fprintf(&b, "<p title=\"{{blk %s}}\">", atom(depth))
			case 8:
				if vs := sortedVars(declared); len(vs) > 0 {
					fmt.Fprintf(&b, "{{blk %s}}", vs[r.Intn(len(vs))])
				}
			}
		}
		for _, v := range sortedVars(declared) {
			fmt.Fprintf(&b, "{{%s}}", v)
		}
		return b.String()
	}
	ran := 0
	for it := 0; it < 3000; it++ {
		var text strings.Builder
		for l := 3; l >= 1; l-- {
			fmt.Fprintf(&text, "{{define \"t%d\"}}%s{{end}}", l, body(l, 0, map[string]bool{}))
		}
		text.WriteString(body(0, 0, map[string]bool{}))
		set, err := template.New("page").Funcs(fm).Parse(text.String())
		if err != nil {
			continue
		}
		var want bytes.Buffer
		if err := set.Execute(&want, d); err != nil {
			continue
		}
		ex := texec.ForHTML(set, fm)
		ex.SetAppender("blk", func(buf *bytes.Buffer, a any) error {
			h, err := blk(a)
			buf.WriteString(string(h))
			return err
		})
		ex.Escaped("page")
		var wg sync.WaitGroup
		var mu sync.Mutex
		for g := 0; g < 4; g++ {
			wg.Go(func() {
				for rep := 0; rep < 3; rep++ {
					var got bytes.Buffer
					if err := ex.Execute(&got, "page", d); err != nil {
						return
					}
					mu.Lock()
					ran++
					if got.String() != want.String() {
						t.Errorf("template %s\nwant %q\ngot  %q", text.String(), want.String(), got.String())
					}
					mu.Unlock()
				}
			})
		}
		wg.Wait()
		if t.Failed() {
			return
		}
	}
	if ran < 1000 {
		t.Errorf("texec ran only %d", ran)
	}
}

func sortedVars(declared map[string]bool) []string {
	return slices.Sorted(maps.Keys(declared))
}
