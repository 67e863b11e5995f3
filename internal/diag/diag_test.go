package diag

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
)

const partialMsg = `executing "partials/breadcrumb.html" at <breadcrumb .Page>: error calling breadcrumb`

func TestListCollapsesIdenticalErrors(t *testing.T) {
	tests := []struct {
		name    string
		add     func(l *List)
		want    []string
		wantLen int
	}{
		{
			name: "identical from many goroutines",
			add: func(l *List) {
				var wg sync.WaitGroup
				for range 141 {
					wg.Go(func() { l.Addf("layouts/partials/breadcrumb.html", 4, 2, partialMsg) })
				}
				wg.Wait()
			},
			want: []string{
				"layouts/partials/breadcrumb.html:4:2: " + partialMsg + " (same error 140 more times)",
			},
			wantLen: 141,
		},
		{
			name: "twice",
			add: func(l *List) {
				l.Addf("a.md", 1, 1, "bad")
				l.Addf("a.md", 1, 1, "bad")
			},
			want:    []string{"a.md:1:1: bad (same error 1 more time)"},
			wantLen: 2,
		},
		{
			name: "different line, col, message or path stay separate",
			add: func(l *List) {
				l.Addf("a.md", 2, 1, "bad")
				l.Addf("a.md", 1, 2, "bad")
				l.Addf("a.md", 1, 1, "bad")
				l.Addf("a.md", 1, 1, "Bad")
				l.Addf("b.md", 1, 1, "bad")
				l.Addf("a.md", 1, 1, "bad")
			},
			want: []string{
				"a.md:1:1: Bad",
				"a.md:1:1: bad (same error 1 more time)",
				"a.md:1:2: bad",
				"a.md:2:1: bad",
				"b.md:1:1: bad",
			},
			wantLen: 6,
		},
		{
			name: "same text from a plain and a positioned error",
			add: func(l *List) {
				l.Add(errors.New("a.md:1:1: bad"))
				l.Addf("a.md", 1, 1, "bad")
			},
			want:    []string{"a.md:1:1: bad (same error 1 more time)"},
			wantLen: 2,
		},
		{
			name: "nested list and joined errors are counted",
			add: func(l *List) {
				var sub List
				sub.Addf("a.md", 1, 1, "bad")
				sub.Addf("a.md", 1, 1, "bad")
				l.Add(&sub)
				l.Add(errors.Join(Errorf("a.md", 1, 1, "bad"), Errorf("a.md", 3, 0, "worse")))
			},
			want: []string{
				"a.md:1:1: bad (same error 2 more times)",
				"a.md:3: worse",
			},
			wantLen: 4,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var l List
			tt.add(&l)
			if got, want := l.Error(), strings.Join(tt.want, "\n"); got != want {
				t.Errorf("Error() =\n%s\nwant\n%s", got, want)
			}
			if got := l.Len(); got != tt.wantLen {
				t.Errorf("Len() = %d, want %d", got, tt.wantLen)
			}
			if got := len(l.Errors()); got != tt.wantLen {
				t.Errorf("len(Errors()) = %d, want %d", got, tt.wantLen)
			}
		})
	}
}

func TestListCapCountsDistinctErrors(t *testing.T) {
	tests := []struct {
		name     string
		distinct int // errors that differ, file-NN.md:1:1
		repeat   int // occurrences of each
		wantLast string
		wantN    int // printed lines
	}{
		{"under the cap, repeated", MaxErrors, 3, "file-49.md:1:1: bad (same error 2 more times)", MaxErrors},
		{"over the cap, single", MaxErrors + 2, 1, "… and 2 more errors", MaxErrors + 1},
		{"over the cap, repeated", MaxErrors + 2, 3, "… and 6 more errors (2 distinct)", MaxErrors + 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var l List
			for i := range tt.distinct {
				for range tt.repeat {
					l.Addf(fmt.Sprintf("file-%02d.md", i), 1, 1, "bad")
				}
			}
			lines := l.Lines()
			if len(lines) != tt.wantN {
				t.Fatalf("got %d lines, want %d:\n%s", len(lines), tt.wantN, l.Error())
			}
			if got := lines[len(lines)-1]; got != tt.wantLast {
				t.Errorf("last line = %q, want %q", got, tt.wantLast)
			}
			if got, want := l.Len(), tt.distinct*tt.repeat; got != want {
				t.Errorf("Len() = %d, want %d", got, want)
			}
		})
	}
}

// TestListDeterministic adds the same mix of errors from racing goroutines
// many times and expects the same printed text each time.
func TestListDeterministic(t *testing.T) {
	build := func() string {
		var l List
		var wg sync.WaitGroup
		for i := range 200 {
			wg.Go(func() {
				switch i % 4 {
				case 0:
					l.Addf("layouts/partials/x.html", 1, 2, "broken")
				case 1:
					l.Addf(fmt.Sprintf("content/p%03d.md", i), 3, 1, "bad date")
				case 2:
					l.Add(errors.New("plain failure"))
				default:
					l.Addf("layouts/partials/x.html", 1, 2, "broken %d", i%3)
				}
			})
		}
		wg.Wait()
		return l.Error()
	}
	first := build()
	for range 20 {
		if got := build(); got != first {
			t.Fatalf("output changed between runs:\n%s\n---\n%s", first, got)
		}
	}
}
