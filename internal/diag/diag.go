// Package diag carries user-facing build errors with file positions, printed
// as path:line:col: message, and collects them so a build reports every broken
// file in one pass.
package diag

import (
	"cmp"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
)

// MaxErrors caps how many errors one build reports, as Hugo caps at 50.
const MaxErrors = 50

// Error is one problem in one file. Line and Col are 1-based; zero means unknown.
type Error struct {
	Path string // path as the user knows it, e.g. content/thong-bao/a.md
	Line int
	Col  int
	Msg  string // plain words: what is wrong (what to do)
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Path)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
		if e.Col > 0 {
			fmt.Fprintf(&b, ":%d", e.Col)
		}
	}
	if b.Len() > 0 {
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Errorf returns an *Error at path:line:col.
func Errorf(path string, line, col int, format string, args ...any) *Error {
	return &Error{Path: path, Line: line, Col: col, Msg: fmt.Sprintf(format, args...)}
}

// List collects errors from many goroutines. The zero value is ready to use.
type List struct {
	// Noun is what Lines calls the entries it leaves out ("… and 3 more
	// warnings"): "errors" when empty.
	Noun string
	mu   sync.Mutex
	errs []error
}

// Add records err (nil is ignored). A List or joined error is flattened.
func (l *List) Add(err error) {
	if err == nil {
		return
	}
	var sub *List
	if errors.As(err, &sub) && sub != l {
		for _, e := range sub.Errors() {
			l.Add(e)
		}
		return
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		for _, e := range j.Unwrap() {
			l.Add(e)
		}
		return
	}
	l.mu.Lock()
	l.errs = append(l.errs, err)
	l.mu.Unlock()
}

// Addf records a new *Error.
func (l *List) Addf(path string, line, col int, format string, args ...any) {
	l.Add(Errorf(path, line, col, format, args...))
}

// Len reports how many errors were added.
func (l *List) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.errs)
}

// Errors returns the errors sorted by path, line and column, so output is
// deterministic however goroutines interleave.
func (l *List) Errors() []error {
	l.mu.Lock()
	out := append([]error(nil), l.errs...)
	l.mu.Unlock()
	sort.SliceStable(out, func(i, j int) bool {
		a, b := position(out[i]), position(out[j])
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Col != b.Col {
			return a.Col < b.Col
		}
		return out[i].Error() < out[j].Error()
	})
	return out
}

func position(err error) Error {
	var e *Error
	if errors.As(err, &e) {
		return *e
	}
	return Error{}
}

// Err returns the list as an error, or nil when it is empty.
func (l *List) Err() error {
	if l.Len() == 0 {
		return nil
	}
	return l
}

// Error prints Lines, one per line.
func (l *List) Error() string {
	return strings.Join(l.Lines(), "\n")
}

// Lines returns the errors as printed, sorted as by Errors. Identical errors
// (same Error text) print once with how many more times they occurred, so a
// broken layout shared by every page is reported once, not once per page. At
// most MaxErrors distinct errors are listed, then a line counting the rest.
// Len and Errors still count every occurrence.
func (l *List) Lines() []string {
	type group struct {
		text string
		n    int
	}
	var groups []group
	seen := make(map[string]int) // error text → index in groups
	for _, e := range l.Errors() {
		text := e.Error()
		if i, ok := seen[text]; ok {
			groups[i].n++
			continue
		}
		seen[text] = len(groups)
		groups = append(groups, group{text, 1})
	}
	shown, rest := groups, groups[:0]
	if len(groups) > MaxErrors {
		shown, rest = groups[:MaxErrors], groups[MaxErrors:]
	}
	var out []string
	for _, g := range shown {
		switch g.n {
		case 1:
			out = append(out, g.text)
		case 2:
			out = append(out, g.text+" (same error 1 more time)")
		default:
			out = append(out, fmt.Sprintf("%s (same error %d more times)", g.text, g.n-1))
		}
	}
	if len(rest) > 0 {
		n := 0
		for _, g := range rest {
			n += g.n
		}
		noun := cmp.Or(l.Noun, "errors")
		if n == len(rest) {
			out = append(out, fmt.Sprintf("… and %d more %s", n, noun))
		} else {
			out = append(out, fmt.Sprintf("… and %d more %s (%d distinct)", n, noun, len(rest)))
		}
	}
	return out
}

// Suggest returns the candidate closest to s by edit distance, or "" when none
// is close enough to be a likely typo. Used for "did you mean" hints.
func Suggest(s string, candidates []string) string {
	best, bestDist := "", len(s)/2+2
	for _, c := range candidates {
		if d := distance(strings.ToLower(s), strings.ToLower(c)); d < bestDist {
			best, bestDist = c, d
		}
	}
	return best
}

// Hint returns ` (did you mean "x"?)` when s looks like a typo of one of
// candidates, else "": the tail of an "unknown key" message.
func Hint(s string, candidates []string) string {
	if best := Suggest(s, candidates); best != "" {
		return fmt.Sprintf(" (did you mean %q?)", best)
	}
	return ""
}

// distance is the Levenshtein distance between a and b (by runes).
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
