package parallel

import (
	"sync/atomic"
	"testing"
)

func TestForCallsEachIndexOnce(t *testing.T) {
	for _, tt := range []struct{ n, workers int }{{0, 4}, {1, 4}, {5, 0}, {1000, 1}, {1000, 3}} {
		calls := make([]atomic.Int32, tt.n)
		For(tt.n, tt.workers, nil, func(i int) { calls[i].Add(1) })
		for i := range calls {
			if c := calls[i].Load(); c != 1 {
				t.Fatalf("n %d, %d workers: index %d called %d times", tt.n, tt.workers, i, c)
			}
		}
	}
}

func TestForStops(t *testing.T) {
	var done atomic.Int32
	For(1000, 2, func() bool { return done.Load() >= 10 }, func(int) { done.Add(1) })
	if d := done.Load(); d < 10 || d > 11 {
		t.Errorf("%d calls after stop said true at 10, want 10–11 (one per worker in flight)", d)
	}
}
