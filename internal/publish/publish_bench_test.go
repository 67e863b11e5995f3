package publish_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/congbo/congbo/internal/publish"
)

// benchHTML returns a press release of the shared corpus as congbo builds
// it, not minified (bench/testdata/tcbc-000424.html, 16 KB).
func benchHTML(b *testing.B) []byte {
	b.Helper()
	data, err := os.ReadFile("../../bench/testdata/tcbc-000424.html")
	if err != nil {
		b.Fatal(err)
	}
	return data
}

// BenchmarkMinifyHTML minifies a typical page, as Stager.Write does for
// every HTML file of a build.
func BenchmarkMinifyHTML(b *testing.B) {
	page := benchHTML(b)
	m := publish.NewMinifier()
	b.SetBytes(int64(len(page)))
	b.ReportAllocs()
	for b.Loop() {
		out, err := m.Bytes(".html", page)
		if err != nil {
			b.Fatal(err)
		}
		if len(out) == 0 || len(out) > len(page) {
			b.Fatalf("minified to %d bytes from %d", len(out), len(page))
		}
	}
}

// BenchmarkStage writes a build of N pages, each in its own directory
// (section/page/index.html, as the default /:section/:filename/ URLs),
// into a staging directory and commits it over the previous build: one op
// is Stage, N writes and Commit (the swap, and the removal of the tree of
// the build before). Writes are serial and not minified, so this is the
// file system's share; a build writes from GOMAXPROCS workers. The output
// goes to tmpfs, as bench/run's does (see benchTempDir).
func BenchmarkStage(b *testing.B) {
	page := benchHTML(b)
	for _, n := range []int{1000} {
		b.Run(fmt.Sprintf("files=%d", n), func(b *testing.B) {
			dest := filepath.Join(benchTempDir(b), "public")
			sections := []string{"thong-cao-bao-chi", "thong-bao", "hop-bao", "cai-chinh"}
			rels := make([]string, n)
			for i := range rels {
				rels[i] = fmt.Sprintf("%s/p-%06d/index.html", sections[i%len(sections)], i)
			}
			build := func() {
				st, err := publish.Stage(dest, publish.Options{})
				if err != nil {
					b.Fatal(err)
				}
				for _, rel := range rels {
					if err := st.Write(rel, page); err != nil {
						b.Fatal(err)
					}
				}
				if err := st.Commit(); err != nil {
					b.Fatal(err)
				}
			}
			build() // every op then replaces a previous build, as a rebuild does
			b.SetBytes(int64(n * len(page)))
			b.ReportAllocs()
			for b.Loop() {
				build()
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/file")
		})
	}
}

// benchTempDir returns a temporary directory, removed after the benchmark:
// in $TMPDIR when it is set, else on tmpfs (/dev/shm) when there is one,
// else in /tmp. On a disk, Commit's directory sync waits for the pages
// just written, and the benchmark measures the disk (1.4 s an op for 1,000
// pages on the ext4 /tmp of the shared VM, against 60–90 ms on tmpfs).
func benchTempDir(b *testing.B) string {
	b.Helper()
	parent := os.Getenv("TMPDIR")
	if parent == "" {
		if st, err := os.Stat("/dev/shm"); err == nil && st.IsDir() {
			parent = "/dev/shm"
		}
	}
	dir, err := os.MkdirTemp(parent, "congbo-publish-bench-")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}
