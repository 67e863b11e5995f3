package site

import (
	"slices"
	"strconv"
	"testing"
)

// TestPageLinksWindow checks the links of every pager page of lists of 1
// to 40 pages against the plain rule: the first, the last and the two
// either side of the current one, in order, with one gap marker between
// numbers that do not follow each other.
func TestPageLinksWindow(t *testing.T) {
	url := func(n int) string { return "/p/" + strconv.Itoa(n) + "/" }
	for total := 1; total <= 40; total++ {
		for cur := 1; cur <= total; cur++ {
			var want []PageLink
			last := 0
			for n := 1; n <= total; n++ {
				if n != 1 && n != total && (n < cur-2 || n > cur+2) {
					continue
				}
				if last != 0 && n != last+1 {
					want = append(want, PageLink{})
				}
				want = append(want, PageLink{Number: n, URL: url(n), Current: n == cur})
				last = n
			}
			if got := pageLinks(cur, total, url); !slices.Equal(got, want) {
				t.Errorf("pageLinks(%d, %d) = %v, want %v", cur, total, got, want)
			}
		}
	}
}
