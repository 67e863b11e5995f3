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
	for n := 1; n <= total; n++ {
		if n != 1 && n != total && (n < cur-2 || n > cur+2) {
			continue
		}
		if last != 0 && n != last+1 {
			links = append(links, PageLink{})
		}
		links = append(links, PageLink{Number: n, URL: url(n), Current: n == cur})
		last = n
	}
	return links
}
