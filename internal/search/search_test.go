package search

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/congbo/congbo/internal/slug"
)

func TestTokens(t *testing.T) {
	tests := []struct{ in, want string }{
		{"truyền thông", "truyen thong"},
		{"TRUYỀN THÔNG", "truyen thong"},
		{"truyen thong", "truyen thong"},
		{"Đà Nẵng, đồng", "da nang dong"},
		{"hoà hòa", "hoa hoa"}, // old and new tone placement
		{"Số 12/TCBC-BKNS", "so 12 tcbc bkns"},
		{"  Wi-Fi  ", "wi fi"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := strings.Join(Tokens(tt.in), " "); got != tt.want {
			t.Errorf("Tokens(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestShardMatchesScript(t *testing.T) {
	// Values computed by layouts/assets/search.js's hash; both sides must agree.
	tests := []struct {
		tok  string
		n    int
		want int
	}{
		{"thong", 1, 0},
		{"a", 1 << 12, int(0xe40c292c & 0xfff)},
		{"", 16, int(2166136261 & 15)},
	}
	for _, tt := range tests {
		if got := Shard(tt.tok, tt.n); got != tt.want {
			t.Errorf("Shard(%q, %d) = %d, want %d", tt.tok, tt.n, got, tt.want)
		}
	}
}

// reader queries a built index the way search.js does, counting the bytes
// it fetches.
type reader struct {
	idx     *Index
	meta    Meta
	fetched int // bytes as stored
	gzipped int // bytes as sent by a server that compresses JSON
	seen    map[string]bool
}

func newReader(t *testing.T, idx *Index) *reader {
	r := &reader{idx: idx, seen: map[string]bool{}}

	r.get(t, "meta.json", &r.meta)
	return r
}

func (r *reader) get(t *testing.T, name string, v any) bool {
	t.Helper()
	b, ok := r.idx.Files[name]
	if !ok {
		return false
	}
	if !r.seen[name] {
		r.seen[name] = true
		r.fetched += len(b)
		var z bytes.Buffer
		w, _ := gzip.NewWriterLevel(&z, gzip.BestCompression)
		w.Write(b)
		w.Close()
		r.gzipped += z.Len()
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return true
}

func undelta(d []int) []int {
	var out []int
	prev := 0
	for _, x := range d {
		if x < 0 {
			for range -x {
				prev++
				out = append(out, prev)
			}
			continue
		}
		prev += x
		out = append(out, prev)
	}
	return out
}

func TestDelta(t *testing.T) {
	tests := []struct{ ids, want []int }{
		{[]int{}, []int{}},
		{[]int{0}, []int{0}},
		{[]int{3, 4, 8}, []int{3, 1, 4}},
		{[]int{0, 1, 2, 3, 9}, []int{0, -3, 6}},
		{[]int{1, 2, 3}, []int{-3}},
		{[]int{5, 6, 7, 8, 12, 13}, []int{5, -3, 4, 1}},
	}
	for _, tt := range tests {
		got := delta(tt.ids)
		if !slices.Equal(got, tt.want) {
			t.Errorf("delta(%v) = %v, want %v", tt.ids, got, tt.want)
		}
		if back := undelta(got); !slices.Equal(back, tt.ids) && len(tt.ids) > 0 {
			t.Errorf("undelta(%v) = %v, want %v", got, back, tt.ids)
		}
	}
}

type filter struct{ section, unit, year string }

// query returns the URLs of the first n results: documents holding every
// syllable, those with all syllables in title or number first, then newest.
func (r *reader) query(t *testing.T, q string, f filter, n int) []string {
	t.Helper()
	score := map[int]int{}
	toks := Tokens(q)
	slices.Sort(toks)
	toks = slices.Compact(toks)
	var ids []int
	for i, tok := range toks {
		var shard map[string][2][]int
		r.get(t, fmt.Sprintf("t/%d.json", Shard(tok, r.meta.Shards)), &shard)
		e := shard[tok]
		title, other := undelta(e[0]), undelta(e[1])
		all := append(slices.Clone(title), other...)
		slices.Sort(all)
		for _, id := range title {
			score[id]++
		}
		if i == 0 {
			ids = all
		} else {
			ids = slices.DeleteFunc(ids, func(id int) bool { _, ok := slices.BinarySearch(all, id); return !ok })
		}
	}
	for _, k := range []string{"s-" + f.section, "u-" + f.unit, "y-" + f.year} {
		if len(k) == 2 {
			continue
		}
		var d []int
		r.get(t, "f/"+k+".json", &d)
		set := undelta(d)
		if len(toks) == 0 && ids == nil {
			ids = set
			continue
		}
		ids = slices.DeleteFunc(ids, func(id int) bool { _, ok := slices.BinarySearch(set, id); return !ok })
	}
	slices.SortStableFunc(ids, func(a, b int) int {
		if sa, sb := score[a] == len(toks), score[b] == len(toks); sa != sb {
			if sa {
				return -1
			}
			return 1
		}
		return a - b
	})
	var urls []string
	for _, id := range ids[:min(n, len(ids))] {
		var recs []Record
		r.get(t, fmt.Sprintf("d/%d.json", id/r.meta.Chunk), &recs)
		urls = append(urls, recs[id%r.meta.Chunk].URL)
	}
	return urls
}

func day(s string) time.Time {
	d, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return d
}

func TestQuery(t *testing.T) {
	docs := []Doc{
		{Title: "Hội nghị truyền thông chính sách", URL: "/a/", Date: day("2026-01-05"), SectionKey: "thong-cao", Units: []string{"Văn phòng Bộ"}},
		{Title: "Thông báo nghỉ Tết", URL: "/b/", Date: day("2026-02-01"), Summary: "Công tác truyền thông dịp Tết", SectionKey: "thong-bao", Number: "12/TB-BKNS"},
		{Title: "Đường truyền số liệu chuyên dùng", URL: "/c/", Date: day("2025-12-01"), SectionKey: "thong-cao", Units: []string{"Sở Kết nối số Lâm Đồng"}, Keywords: []string{"Lâm Đồng"}},
		{Title: "Truyền thông về chuyển đổi số", URL: "/d/", Date: day("2025-06-01"), SectionKey: "thong-cao", Units: []string{"Văn phòng Bộ"}},
	}
	idx := Build(docs, Options{ChunkDocs: 2})
	r := newReader(t, idx)
	tests := []struct {
		q    string
		f    filter
		want string
	}{
		// title matches first, newest first among them; then the summary match
		{"truyen thong", filter{}, "/a/ /d/ /b/"},
		{"truyền thông", filter{}, "/a/ /d/ /b/"},
		{"TRUYỀN THÔNG", filter{}, "/a/ /d/ /b/"},
		{"duong", filter{}, "/c/"},
		{"đường", filter{}, "/c/"},
		{"lam dong", filter{}, "/c/"},
		{"12/TB-BKNS", filter{}, "/b/"},
		{"truyen thong", filter{section: "thong-bao"}, "/b/"},
		{"truyen thong", filter{unit: "van-phong-bo"}, "/a/ /d/"},
		{"truyen thong", filter{year: "2025"}, "/d/"},
		{"", filter{section: "thong-cao"}, "/a/ /c/ /d/"},
		{"khong co", filter{}, ""},
	}
	for _, tt := range tests {
		if got := strings.Join(r.query(t, tt.q, tt.f, 10), " "); got != tt.want {
			t.Errorf("query(%q, %+v) = %q, want %q", tt.q, tt.f, got, tt.want)
		}
	}
}

func TestBuildDeterministic(t *testing.T) {
	docs := []Doc{
		{Title: "Một", URL: "/1/", Date: day("2026-01-01"), Units: []string{"A", "B"}},
		{Title: "Hai", URL: "/2/", Date: day("2026-01-01"), Keywords: []string{"x"}},
	}
	rev := slices.Clone(docs)
	slices.Reverse(rev)
	a, b := Build(docs, Options{}), Build(rev, Options{})
	if len(a.Files) != len(b.Files) {
		t.Fatalf("file counts differ: %d, %d", len(a.Files), len(b.Files))
	}
	for name, data := range a.Files {
		if string(b.Files[name]) != string(data) {
			t.Errorf("%s differs between builds of the same docs", name)
		}
	}
}

func TestSummaryCut(t *testing.T) {
	idx := Build([]Doc{{Title: "T", URL: "/t/", Summary: strings.Repeat("chữ ", 100)}}, Options{SummaryRunes: 20})
	var recs []Record
	if err := json.Unmarshal(idx.Files["d/0.json"], &recs); err != nil {
		t.Fatal(err)
	}
	if got, want := recs[0].Summary, "chữ chữ chữ chữ chữ…"; got != want {
		t.Errorf("summary = %q, want %q", got, want)
	}
}

// TestLargeSiteDownload builds an index of 50,000 pages and checks that a
// query of common syllables, filtered and not, fetches well under 500 KB.
func TestLargeSiteDownload(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 50,000-page index")
	}
	syllables := strings.Fields("thông tin truyền số kết nối hội nghị báo chí công bố chính phủ tỉnh thành phố " +
		"quản lý nhà nước dịch vụ hạ tầng an toàn dữ liệu chuyển đổi phát triển kinh tế xã hội người dân " +
		"doanh nghiệp đào tạo năm quý kế hoạch triển khai văn bản quy định hướng dẫn thực hiện đơn vị sở bộ " +
		"trung tâm mạng viễn di động cáp quang bưu điện sách trắng khoa học kỹ thuật đổi mới sáng tạo cải cách hành")
	units := []string{"Văn phòng Bộ", "Sở Kết nối số Huế", "Sở Kết nối số Lâm Đồng", "Cục Báo chí", "Vụ Pháp chế"}
	sections := []string{"thong-cao-bao-chi", "thong-bao", "hop-bao", "cai-chinh"}
	rng := rand.New(rand.NewPCG(1, 2))
	words := func(n int) string {
		w := make([]string, n)
		for i := range w {
			// Zipf-like: low indexes are much more common.
			w[i] = syllables[int(float64(len(syllables))*rng.Float64()*rng.Float64())]
		}
		return strings.Join(w, " ")
	}
	docs := make([]Doc, 50000)
	start := day("2010-01-01")
	for i := range docs {
		docs[i] = Doc{
			Title:      words(8 + rng.IntN(10)),
			URL:        fmt.Sprintf("/%s/trang-%d/", sections[i%4], i),
			Date:       start.Add(time.Duration(i) * 2 * time.Hour),
			Section:    "Mục",
			SectionKey: sections[i%4],
			Units:      []string{units[rng.IntN(len(units))]},
			Number:     fmt.Sprintf("%d/TCBC-BKNS", i),
			Summary:    words(30 + rng.IntN(10)),
			Keywords:   []string{words(2), words(2)},
		}
	}
	idx := Build(docs, Options{})
	for _, tt := range []struct {
		q string
		f filter
	}{
		{"thông tin", filter{}},
		{"truyen thong so", filter{}},
		{"ket noi so", filter{section: "thong-bao", unit: "van-phong-bo", year: "2015"}},
		{"12345/TCBC-BKNS", filter{}},
	} {
		r := newReader(t, idx)
		got := r.query(t, tt.q, tt.f, 10)
		t.Logf("%q %+v: %d results shown, %d KB fetched, %d KB gzipped (%d shards)", tt.q, tt.f, len(got), r.fetched/1000, r.gzipped/1000, idx.Shards)
		// The syllables here are few, so every list is long: a worst case.
		if r.fetched > 500*1000 || r.gzipped > 150*1000 {
			t.Errorf("query %q fetched %d bytes (%d gzipped), want under 500 KB (150 KB)", tt.q, r.fetched, r.gzipped)
		}
		if len(got) == 0 {
			t.Errorf("query %q found nothing", tt.q)
		}
	}
}

// TestUnitFacetOncePerDoc checks that a document naming one unit twice
// (two spellings with the same slug) is listed once in the unit's facet.
func TestUnitFacetOncePerDoc(t *testing.T) {
	idx := Build([]Doc{
		{Title: "Một", URL: "/1/", Date: day("2026-01-02"), Units: []string{"Sở Y tế", "SỞ Y TẾ", "Sở Xây dựng"}},
		{Title: "Hai", URL: "/2/", Date: day("2026-01-01"), Units: []string{"Sở Y tế"}},
	}, Options{})
	for name, want := range map[string]string{"f/u-so-y-te.json": "[0,1]", "f/u-so-xay-dung.json": "[0]"} {
		if got := string(idx.Files[name]); got != want {
			t.Errorf("%s = %s, want %s", name, got, want)
		}
	}
}

// tokensOf collects what tokenizer.each gives for texts.
func tokensOf(texts ...string) []string {
	var tk tokenizer
	var out []string
	tk.each(texts, func(tok []byte) { out = append(out, string(tok)) })
	return out
}

// splitRule is the splitting rule written plainly, as search.js applies
// it: fold, lower-case, split at every rune that is no letter or digit.
func splitRule(s string) []string {
	return strings.FieldsFunc(strings.ToLower(slug.Fold(s)), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// TestTokenizerMatchesTokens: the tokenizer, which Tokens and the index
// use, splits as the plain rule does, texts joined by spaces.
func TestTokenizerMatchesTokens(t *testing.T) {
	for _, texts := range [][]string{
		{""}, {"Truyền THÔNG 12/TCBC", "số 05/TB-BKNS"}, {"Đà Nẵng", "", "ĐĂNG KÝ"},
		{"e\u0301 tách dấu", "\u0301đầu"}, {"bad \xff\xfe utf-8", "Ωμέγα ΣΟΦΊΑ", "İstanbul ǅemal"},
		{"a—b…c", "x_y-z", "１２３ fullwidth"},
	} {
		got, want := tokensOf(texts...), splitRule(strings.Join(texts, " "))
		if !slices.Equal(got, want) && !(len(got) == 0 && len(want) == 0) {
			t.Errorf("%q:\n got %q\nwant %q", texts, got, want)
		}
	}
}

func FuzzTokenizer(f *testing.F) {
	f.Add("Truyền THÔNG", "12/TCBC")
	f.Add("e\u0301", "\xff")
	f.Fuzz(func(t *testing.T, a, b string) {
		got, want := tokensOf(a, b), splitRule(a+" "+b)
		if !slices.Equal(got, want) && !(len(got) == 0 && len(want) == 0) {
			t.Errorf("%q %q:\n got %q\nwant %q", a, b, got, want)
		}
	})
}

// TestCache checks that builds with a Cache, one after another
// as `congbo serve` makes them, give what a build without one gives, and
// that the cache keeps only the last build's texts.
func TestCache(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	words := []string{"Đồng", "bộ", "TRUYỀN", "thông", "12/TCBC", "Hà Nội", "điều hành", "", "ngày 01/02", "x-y"}
	text := func(n int) string {
		var b strings.Builder
		for range n {
			b.WriteString(words[rng.IntN(len(words))])
			b.WriteByte(' ')
		}
		return b.String()
	}
	docs := make([]Doc, 60)
	for i := range docs {
		docs[i] = Doc{Title: text(4), URL: fmt.Sprintf("/p/%d/", i), Date: time.Date(2020, 1, 1+i%28, 0, 0, 0, 0, time.UTC),
			Summary: text(12), Units: []string{text(2)}, Keywords: []string{text(1), text(2)}, Number: text(1)}
	}
	var cache Cache
	full := 0
	for step := range 50 {
		// An edit of each field a record or the postings show, a new
		// document, a deleted one, a page renamed to another's URL; most
		// keep the documents' order, so the kept index is updated.
		d := &docs[rng.IntN(len(docs))]
		switch step % 10 {
		case 0:
			d.Title = text(5)
		case 1: // dated or not: added among the others, or last
			nd := Doc{Title: text(3), URL: fmt.Sprintf("/new/%d/", step), Summary: text(8), Units: []string{text(1)}}
			if step%20 == 1 {
				nd.Date = time.Date(2020, 1, 1+rng.IntN(28), 12, 0, 0, 0, time.UTC)
			}
			docs = append(docs, nd)
		case 2:
			docs = slices.Delete(docs, 3, 4)
		case 3:
			d.Summary, d.Number = text(9), text(1)
		case 4:
			d.Date = d.Date.AddDate(0, 0, 1)
		case 5:
			d.Units = append(slices.Clip(d.Units), text(1))
		case 6:
			d.Section, d.SectionKey = text(1), fmt.Sprint("s", step)
		case 7:
			d.URL = docs[0].URL
		case 8:
			d.Keywords = []string{text(1)}
		case 9: // a syllable moves between the title and the other texts
			d.Title, d.Summary = d.Summary, d.Title
		}
		updates := cache.updates
		want := Build(docs, Options{})
		got := Build(docs, Options{Cache: &cache})
		if len(got.Files) != len(want.Files) {
			t.Fatalf("step %d: %d files with the cache, %d without", step, len(got.Files), len(want.Files))
		}
		for name, b := range want.Files {
			if !bytes.Equal(got.Files[name], b) {
				t.Fatalf("step %d: %s differs with the cache", step, name)
			}
		}
		texts := map[string]bool{}
		for _, d := range docs {
			for _, s := range append(append([]string{d.Title, d.Number, d.Summary}, d.Units...), d.Keywords...) {
				texts[s] = true
			}
		}
		// A build that indexed anew keeps exactly its texts; an update
		// splits no text.
		if cache.updates == updates {
			full++
			if len(cache.cur) != len(texts) {
				t.Fatalf("step %d: cache holds %d texts, the build had %d", step, len(cache.cur), len(texts))
			}
		}
		if urls := map[string]bool{}; len(cache.records.cur) > len(docs) {
			for _, d := range docs {
				urls[d.URL] = true
			}
			t.Fatalf("step %d: cache holds %d records, the build had %d URLs", step, len(cache.records.cur), len(urls))
		}
	}
	if full < 5 || cache.updates < 20 {
		t.Errorf("%d builds indexed anew and %d updated the kept index: the test does not cover both", full, cache.updates)
	}
}

// TestWriteOrder checks that Write emits the files Build keeps, byte for
// byte, in name order as Meta.Hash takes them ("d/10.json" before
// "d/2.json", "f/s-a-b.json" before "f/s-a.json"), meta.json last, and
// that the hash is over name, 0, data, 0 of every other file.
func TestWriteOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	words := strings.Fields("thông tin truyền số kết nối hội nghị báo chí Đà Nẵng 12/TCBC năm quý")
	text := func(n int) string {
		w := make([]string, n)
		for i := range w {
			w[i] = words[rng.IntN(len(words))]
		}
		return strings.Join(w, " ")
	}
	sections := []string{"a", "a-b", "b"}
	docs := make([]Doc, 300)
	for i := range docs {
		docs[i] = Doc{Title: text(5), URL: fmt.Sprintf("/p/%d/", i), Date: day("2020-01-01").AddDate(0, 0, rng.IntN(2000)),
			SectionKey: sections[i%3], Units: []string{text(2)}, Summary: text(20) + fmt.Sprint(" ", i), Keywords: []string{text(1)}}
	}
	opts := Options{ShardBytes: 2 << 10, ChunkDocs: 7}
	var names []string
	var out bytes.Buffer
	meta, err := Write(docs, opts, func(name string, data []byte) error {
		names = append(names, name)
		out.Write(data)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(names); n == 0 || names[n-1] != "meta.json" {
		t.Fatalf("meta.json is not last: %q", names)
	}
	files := names[:len(names)-1]
	if !slices.IsSorted(files) || slices.Contains(files, "meta.json") {
		t.Errorf("files not in name order: %q", files)
	}
	if meta.Docs/opts.ChunkDocs <= 10 || meta.Shards < 4 {
		t.Errorf("%d docs in chunks of %d, %d shards: too few to test the order", meta.Docs, opts.ChunkDocs, meta.Shards)
	}
	idx := Build(docs, opts)
	var want bytes.Buffer
	h := sha256.New()
	for _, n := range files {
		want.Write(idx.Files[n])
		h.Write([]byte(n))
		h.Write([]byte{0})
		h.Write(idx.Files[n])
		h.Write([]byte{0})
	}
	want.Write(idx.Files["meta.json"])
	if len(names) != len(idx.Files) || !bytes.Equal(out.Bytes(), want.Bytes()) {
		t.Errorf("Write emitted %d files, %d bytes; Build has %d files, %d bytes", len(names), out.Len(), len(idx.Files), want.Len())
	}
	if got := hex.EncodeToString(h.Sum(nil)[:4]); meta.Hash != got {
		t.Errorf("hash = %s, want %s", meta.Hash, got)
	}

	stop := errors.New("disk full")
	calls := 0
	if _, err := Write(docs, opts, func(string, []byte) error { calls++; return stop }); err != stop || calls != 1 {
		t.Errorf("Write after a failing emit: %v, %d calls; want %v, 1 call", err, calls, stop)
	}
}

// cutFieldsJoin is cut as it was first written: the reference the
// single-pass cut must match.
func cutFieldsJoin(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)[:n]
	if i := strings.LastIndexByte(string(r), ' '); i > len(string(r))/2 {
		return string(r)[:i] + "…"
	}
	return string(r) + "…"
}

func TestCut(t *testing.T) {
	for _, tc := range []struct {
		s    string
		n    int
		want string
	}{
		{"", 5, ""},
		{"   ", 5, ""},
		{"một hai", 7, "một hai"},
		{"  một \t\n hai  ", 7, "một hai"},
		{"một hai ba", 7, "một…"},
		{"một hai ba", 8, "một hai…"},
		{"mộthaiba bốn", 8, "mộthaiba…"},
		{"a bcdefghij", 6, "a bcde…"},
		{"abcdef ghij", 6, "abcdef…"},
		{"abc def", 3, "abc…"},
		{"abc\u00a0def\u2028ghi", 20, "abc def ghi"},
		{"bad \xff byte here", 6, "bad \ufffd…"},
	} {
		if got := cut(tc.s, tc.n); got != tc.want {
			t.Errorf("cut(%q, %d) = %q, want %q", tc.s, tc.n, got, tc.want)
		}
		if got := cutFieldsJoin(tc.s, tc.n); got != tc.want {
			t.Errorf("reference cut(%q, %d) = %q, want %q", tc.s, tc.n, got, tc.want)
		}
	}
}

func FuzzCut(f *testing.F) {
	for _, s := range []string{"", "một hai ba bốn năm", " \t a  b\u00a0c\u3000d ", "x\xffy z", "Thị trường đô thị khẩn cấp đầu tư gần tăng cường"} {
		f.Add(s, 5)
	}
	f.Fuzz(func(t *testing.T, s string, n int) {
		if n < 1 || n > 1000 {
			return
		}
		if got, want := cut(s, n), cutFieldsJoin(s, n); got != want {
			t.Errorf("cut(%q, %d) = %q, want %q", s, n, got, want)
		}
	})
}

// TestAppendRecord compares appendRecord and appendInts with encoding/json.
func TestAppendRecord(t *testing.T) {
	for _, rec := range []Record{
		{},
		{Title: "Thông cáo <số 1> & \"trích\"", URL: "/thong-cao/1/"},
		{Title: "t", URL: "/u/", Date: "2026-12-06", Section: "Thông báo", Number: "12/TCBC-BKNS", Units: []string{"Vụ A", "Sở\u2028B"}, Summary: "tab\there \\ bad \xff"},
		{Title: "t", URL: "/u/", Units: []string{}},
	} {
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(rec); err != nil {
			t.Fatal(err)
		}
		if got := appendRecord(nil, &rec); string(got)+"\n" != want.String() {
			t.Errorf("appendRecord(%+v)\n got %s\nwant %s", rec, got, want.String())
		}
	}
	for _, ids := range [][]int{{}, {0}, {3, -2, 17, 1}} {
		want, _ := json.Marshal(ids)
		if got := appendInts(nil, ids); string(got) != string(want) {
			t.Errorf("appendInts(%v) = %s, want %s", ids, got, want)
		}
	}
}

// TestIDListEdits checks insert, remove and shift against plain slices.
func TestIDListEdits(t *testing.T) {
	list := func(ids ...int) *idList {
		l := &idList{}
		for _, id := range ids {
			l.add(id)
		}
		return l
	}
	ids := func(l *idList) string { return fmt.Sprint(l.appendTo(nil), l.next) }
	for _, tc := range []struct {
		name string
		edit func(l *idList)
		in   []int
		want string
	}{
		{"insert first", func(l *idList) { l.insert(0) }, []int{2, 5}, "[0 2 5] 6"},
		{"insert middle", func(l *idList) { l.insert(3) }, []int{2, 5}, "[2 3 5] 6"},
		{"insert last", func(l *idList) { l.insert(300) }, []int{2, 5}, "[2 5 300] 301"},
		{"insert present", func(l *idList) { l.insert(5) }, []int{2, 5}, "[2 5] 6"},
		{"remove last", func(l *idList) { l.remove(5) }, []int{2, 5}, "[2] 3"},
		{"remove absent", func(l *idList) { l.remove(4) }, []int{2, 5}, "[2 5] 6"},
		{"remove only", func(l *idList) { l.remove(2) }, []int{2}, "[] 0"},
		{"shift up", func(l *idList) { l.shift(3, 1) }, []int{0, 2, 3, 200}, "[0 2 4 201] 202"},
		{"shift down", func(l *idList) { l.shift(3, -1) }, []int{0, 1, 3, 200}, "[0 1 2 199] 200"},
		{"shift none", func(l *idList) { l.shift(9, 1) }, []int{0, 1, 3}, "[0 1 3] 4"},
		{"shift all", func(l *idList) { l.shift(0, 1) }, []int{0, 127, 128}, "[1 128 129] 130"},
	} {
		l := list(tc.in...)
		tc.edit(l)
		if got := ids(l); got != tc.want {
			t.Errorf("%s: %v → %s, want %s", tc.name, tc.in, got, tc.want)
		}
	}
}
