package publish

import (
	"cmp"
	"os"
	"path/filepath"
	"runtime"
	"sync"
)

// removeTreePortable removes dir like os.RemoveAll, its top-level entries
// on all cores: the old tree of a large site has tens of thousands of
// files, and unlinking them is a noticeable part of a build. It is
// removeTree where there is no faster one (remove_linux.go), and the
// baseline of BenchmarkRemove*.
func removeTreePortable(dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return os.RemoveAll(dir)
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	var first error
	next := make(chan string)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for name := range next {
				if err := os.RemoveAll(filepath.Join(dir, name)); err != nil {
					mu.Lock()
					first = cmp.Or(first, err)
					mu.Unlock()
				}
			}
		})
	}
	for _, e := range entries {
		next <- e.Name()
	}
	close(next)
	wg.Wait()
	if first != nil {
		return first
	}
	return os.RemoveAll(dir)
}
