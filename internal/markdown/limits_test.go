package markdown

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestCheckNesting(t *testing.T) {
	nestedList := func(levels, indent int) string {
		var b strings.Builder
		for i := range levels {
			b.WriteString(strings.Repeat(" ", i*indent) + "- mục\n")
		}
		return b.String()
	}
	tests := []struct {
		name      string
		src       string
		limit     int
		line, col int // 0 when accepted
	}{
		{"quotes at limit", strings.Repeat(">", 4) + " a", 4, 0, 0},
		{"quotes over", "đầu\n" + strings.Repeat("> ", 5) + "a", 4, 2, 9},
		{"quotes and lists", "> - > - > x", 4, 1, 9},
		{"list by indentation, 2 spaces", nestedList(5, 2), 4, 5, 9},
		{"list by indentation, 4 spaces", nestedList(5, 4), 4, 5, 17},
		{"list by indentation at limit", nestedList(4, 4), 4, 0, 0},
		{"siblings do not nest", strings.Repeat("- a\n", 100), 4, 0, 0},
		{"dedent closes items", nestedList(3, 2) + "- b\n" + nestedList(3, 2), 4, 0, 0},
		{"numbered", "1. 2) 3. 4. 5. x", 4, 1, 13},
		{"fenced code skipped", "```\n" + strings.Repeat(">", 100) + "\n```\n", 4, 0, 0},
		{"after the fence", "~~~\n>>>>>\n~~~\n>>>>>", 4, 4, 5},
		{"not markers", "-a >b 1.x 1234567890. y", 4, 0, 0},
		{"thematic break", "* * * * * * * *", 4, 1, 9},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := checkNesting([]byte(tt.src), tt.limit)
			switch {
			case p == nil && tt.line == 0:
			case p == nil:
				t.Fatalf("accepted, want a problem at %d:%d", tt.line, tt.col)
			case tt.line == 0:
				t.Fatalf("refused at %v, want accepted", p)
			case p.Line != tt.line || p.Col != tt.col:
				t.Errorf("problem at %d:%d, want %d:%d", p.Line, p.Col, tt.line, tt.col)
			}
			if p != nil && !strings.Contains(p.Msg, "nested deeper than 4 levels") {
				t.Errorf("message %q does not name the limit", p.Msg)
			}
		})
	}
}

func TestCheckLoad(t *testing.T) {
	tests := []struct {
		name      string
		src       string
		line, col int // 0 when accepted
		words     string
	}{
		{"brackets", "một " + strings.Repeat("[", maxBrackets+1), 1, 5 + maxBrackets, `more than 5000 "[" and "]"`},
		{"brackets over lines", strings.Repeat("[a](b\n", maxBrackets/2+1), maxBrackets/2 + 1, 1, "split it into shorter paragraphs"},
		{"brackets in separate paragraphs", strings.Repeat("[a](b)\n\n", maxBrackets), 0, 0, ""},
		{"brackets in list items", strings.Repeat("- [a](b)\n", maxBrackets), 0, 0, ""},
		{"lazy lines keep counting", "x\n" + strings.Repeat("2. [a](b)\n", maxBrackets/2+1), maxBrackets/2 + 2, 4, ""},
		{"emphasis runs", strings.Repeat("*a_", maxDelimiters/2+1), 1, maxDelimiters + 1 + maxDelimiters/2, `runs of "*", "_" or "~"`},
		{"one long run", strings.Repeat("*", 50000), 0, 0, ""},
		{"table rows each count alone", "| a | b |\n|---|---|\n" + strings.Repeat("| **a** [b](c) | *d* |\n", 3000), 0, 0, ""},
		{"table ends at a line without pipe", "| a |\n|---|\n" + strings.Repeat("*a_\n", maxDelimiters), 2 + maxDelimiters/2 + 1, 1, ""},
		{"table cells", "|" + strings.Repeat("a|", 1000) + "\n|" + strings.Repeat("-|", 1000) + "\n" + strings.Repeat("|a\n", 99), 101, 1, "table has more than 100000 cells"},
		{"heading resets", strings.Repeat("# [a](b)\n", maxBrackets), 0, 0, ""},
		{"hashtag does not reset", strings.Repeat("#[a](b)\n", maxBrackets), maxBrackets/2 + 1, 2, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := checkLoad([]byte(tt.src))
			switch {
			case p == nil && tt.line == 0:
				return
			case p == nil:
				t.Fatalf("accepted, want a problem at %d:%d", tt.line, tt.col)
			case tt.line == 0:
				t.Fatalf("refused at %v, want accepted", p)
			case p.Line != tt.line || p.Col != tt.col:
				t.Errorf("problem at %d:%d, want %d:%d (%s)", p.Line, p.Col, tt.line, tt.col, p.Msg)
			}
			if !strings.Contains(p.Msg, tt.words) {
				t.Errorf("message %q does not contain %q", p.Msg, tt.words)
			}
		})
	}
}

func TestDelimiterRowColumns(t *testing.T) {
	tests := []struct {
		line string
		want int
	}{
		{"|---|---|", 2},
		{"| :-- | --: | :-: |", 3},
		{"--- | ---", 2},
		{"---", 0},
		{"| a |", 0},
		{"|   |", 0},
	}
	for _, tt := range tests {
		if got := delimiterRowColumns([]byte(tt.line)); got != tt.want {
			t.Errorf("delimiterRowColumns(%q) = %d, want %d", tt.line, got, tt.want)
		}
	}
}

// TestPathological renders inputs known to make Markdown parsers slow and
// requires each to finish or be refused well within the bound, so a hostile
// or broken page cannot stall a build. A refused page must be refused by a
// pre-scan (a positioned *Problem), never by the timeout.
func TestPathological(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	const n = 50000
	nestedList := func(levels int) string {
		var b strings.Builder
		for i := range levels {
			b.WriteString(strings.Repeat("  ", i) + "- a\n")
		}
		return b.String()
	}
	tests := []struct {
		name    string
		src     string
		refused bool
	}{
		{"nested quotes", strings.Repeat(">", n), true},
		{"nested quotes with spaces", strings.Repeat("> ", n), true},
		{"nested list markers", strings.Repeat("- ", n), true},
		{"nested lists by indentation", nestedList(3000), true},
		{"unclosed links", strings.Repeat("[a](b", n), true},
		{"unclosed links on lines", strings.Repeat("[a](b\n", n), true},
		{"unclosed angle destinations", strings.Repeat("[a](<", n), true},
		{"open brackets 10k", strings.Repeat("[", 10000), true},
		{"open brackets 4k", strings.Repeat("[", 4000), false},
		{"brackets then closers", strings.Repeat("[", n) + strings.Repeat("]", n), true},
		{"stars", strings.Repeat("*", n), false},
		{"underscores", strings.Repeat("_", n), false},
		{"mixed emphasis", strings.Repeat("*a_", n), true},
		{"strikethrough runs", strings.Repeat("~~a", n), true},
		{"reference definitions", strings.Repeat("[a]: b\n", n), true},
		{"reference definitions apart", strings.Repeat("[a]: b\n\n", n), false},
		{"wide table", "|" + strings.Repeat("a|", n) + "\n|" + strings.Repeat("-|", n) + "\n" + strings.Repeat("|a\n", 1000), true},
		{"backticks", strings.Repeat("`", n) + strings.Repeat("a`", n), false},
		{"html openers", strings.Repeat("<a", n), false},
		{"entities", strings.Repeat("&#", n), false},
		{"linkify", strings.Repeat("www.a.com/", n), false},
		{"headings", strings.Repeat("# a\n", n), false},
	}
	r := New(Options{})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			_, err := r.Render([]byte(tt.src), testResolve)
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("took %v", d)
			}
			var p *Problem
			switch {
			case tt.refused && !errors.As(err, &p):
				t.Errorf("err = %v, want a *Problem", err)
			case tt.refused && p.Line == 0:
				t.Errorf("refused by the timeout, want a pre-scan: %v", err)
			case !tt.refused && err != nil:
				t.Errorf("err = %v, want accepted", err)
			}
		})
	}
}
