package site

import "strconv"

// Paginate splits pages into pagers of size items: the first at base
// ("/thong-bao/"), the next at base + "page/2/", and so on. An empty list
// still gives one (empty) pager, so every list URL exists.
func Paginate(pages []*Page, size int, base string) []*Pager {
	if size < 1 {
		size = len(pages) + 1
	}
	total := max(1, (len(pages)+size-1)/size)
	url := func(n int) string {
		if n == 1 {
			return base
		}
		return base + "page/" + strconv.Itoa(n) + "/"
	}
	pagers := make([]*Pager, total)
	for i := range pagers {
		n := i + 1
		lo, hi := i*size, min(len(pages), (i+1)*size)
		p := &Pager{Items: pages[lo:hi], Number: n, Total: total, URL: url(n)}
		if n > 1 {
			p.PrevURL = url(n - 1)
		}
		if n < total {
			p.NextURL = url(n + 1)
		}
		p.Links = pageLinks(n, total, url)
		pagers[i] = p
	}
	return pagers
}

// pageLinks lists the first, the last and the pages near the current one,
// with 0 standing for a gap ("…"), so a list of 500 pages stays short.
func pageLinks(cur, total int, url func(int) string) []PageLink {
	var links []PageLink
	last := 0
	// 1, cur-2 … cur+2, total: visited in order, each once, so a list of
	// thousands of pager pages costs a few steps per page, not thousands.
	nums := []int{1}
	for n := max(2, cur-2); n <= min(total-1, cur+2); n++ {
		nums = append(nums, n)
	}
	if total > 1 {
		nums = append(nums, total)
	}
	for _, n := range nums {
		if last != 0 && n != last+1 {
			links = append(links, PageLink{})
		}
		links = append(links, PageLink{Number: n, URL: url(n), Current: n == cur})
		last = n
	}
	return links
}
