package publish

import (
	"fmt"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
)

// BenchmarkWriteCommit stages 2,000 pages of 4 KiB, each in its own
// directory as a site's pages are, and commits them over the previous
// output (which is then removed), through each outDir. Run it on tmpfs
// (TMPDIR=/dev/shm) to see the system calls rather than the disk.
func BenchmarkWriteCommit(b *testing.B) {
	data := make([]byte, 4<<10)
	for _, od := range outDirs {
		b.Run(od.name, func(b *testing.B) {
			dest := filepath.Join(b.TempDir(), "public")
			for b.Loop() {
				s, err := Stage(dest, Options{})
				if err != nil {
					b.Fatal(err)
				}
				if od.out != nil {
					s.out.close()
					s.out = od.out(s.staging)
				}
				var wg sync.WaitGroup
				procs := runtime.GOMAXPROCS(0)
				for w := range procs {
					wg.Go(func() {
						for i := w; i < 2000; i += procs {
							if err := s.WriteRaw(fmt.Sprintf("s%d/p%d/index.html", i%5, i), data); err != nil {
								b.Error(err)
								return
							}
						}
					})
				}
				wg.Wait()
				if err := s.Commit(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkRemoveTree removes a tree of 2,000 page directories with
// removeTree and with the os.RemoveAll per top-level entry it replaced.
func BenchmarkRemoveTree(b *testing.B) {
	files := map[string]string{}
	for i := range 2000 {
		files[fmt.Sprintf("s%d/p%d/index.html", i%5, i)] = "page"
	}
	for _, remove := range []struct {
		name string
		fn   func(string) error
	}{{"removeTree", removeTree}, {"portable", removeTreePortable}} {
		b.Run(remove.name, func(b *testing.B) {
			root := b.TempDir()
			for i := 0; b.Loop(); i++ {
				b.StopTimer()
				dir := filepath.Join(root, fmt.Sprint(i))
				writeTree(b, dir, files)
				b.StartTimer()
				if err := remove.fn(dir); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
