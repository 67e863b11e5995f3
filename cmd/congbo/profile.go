package main

import (
	"fmt"
	"io"
	"os"
	"runtime/pprof"
	"time"
)

// startCPUProfile writes a CPU profile to file (--cpuprofile) until stop
// is called; with file "" it does nothing.
func startCPUProfile(file string) (stop func(), err error) {
	if file == "" {
		return func() {}, nil
	}
	f, err := os.Create(file)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}, nil
}

// printTimings prints each stage's wall time (--timings) as
// "PREFIX: stage  0.123 s".
func printTimings(w io.Writer, prefix string) func(stage string, d time.Duration) {
	return func(stage string, d time.Duration) {
		fmt.Fprintf(w, "%s: %-28s %7.3f s\n", prefix, stage, d.Seconds())
	}
}
