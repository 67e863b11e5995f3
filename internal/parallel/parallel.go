// Package parallel runs a loop's iterations on several goroutines.
package parallel

import (
	"sync"
	"sync/atomic"
)

// For calls fn(0) … fn(n-1) on up to workers goroutines, each taking the
// next index as it finishes one, and waits. Once stop (which may be nil)
// reports true, no more of them are called.
func For(n, workers int, stop func() bool, fn func(i int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(max(workers, 1), n) {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= n || stop != nil && stop() {
					return
				}
				fn(i)
			}
		})
	}
	wg.Wait()
}
