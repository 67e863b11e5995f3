package main

import (
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync/atomic"
	"time"

	"github.com/congbo/congbo/internal/build"
	"github.com/congbo/congbo/internal/diag"
)

// runCheck is `congbo check`: build.Check's warnings and problems, each
// printed as path:line:col: message, and exit 1 on any problem (warnings
// alone exit 0). It writes no output files.
func runCheck(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("check", flag.ContinueOnError)
	fl.SetOutput(stderr)
	var opts build.Options
	fl.StringVar(&opts.Source, "source", ".", "site directory (holds site.yaml and content/)")
	fl.BoolVar(&opts.Drafts, "drafts", false, "check as a build with --drafts would (links to drafts allowed)")
	fl.BoolVar(&opts.Future, "future", false, "check as a build with --future would")
	timings := fl.Bool("timings", false, "print the wall time of each stage of the check")
	cpuprofile := fl.String("cpuprofile", "", "write a CPU profile to `file`")
	annotate := addAnnotationFlags(fl)
	if code, ok := parseArgs(fl, args); !ok {
		return code
	}
	if fl.NArg() != 0 {
		fmt.Fprintln(stderr, "usage: congbo check [--source DIR] [--drafts] [--future] [--annotate github] [--codequality FILE] [--timings] [--cpuprofile FILE]")
		return 2
	}
	if err := annotate.check(); err != nil {
		fmt.Fprintf(stderr, "congbo check: %s\n", err)
		return 2
	}
	stopProfile, err := startCPUProfile(*cpuprofile)
	if err != nil {
		fmt.Fprintf(stderr, "congbo check: %s\n", err)
		return 2
	}
	defer stopProfile()
	if *timings {
		opts.Timings = printTimings(stderr, "congbo check")
	}
	defer checkGC(checkHeap)()
	start := time.Now()
	res, err := build.Check(opts)
	var warns *diag.List
	if res != nil {
		warns = res.Warnings
	}
	if err := annotate.write(stdout, err, warns); err != nil {
		fmt.Fprintf(stderr, "congbo check: %s\n", err)
	}
	warnings := ""
	if res != nil && res.Warnings.Len() > 0 {
		fmt.Fprintln(stderr, res.Warnings.Error())
		warnings = fmt.Sprintf(", %d warning(s)", res.Warnings.Len())
	}
	if err != nil {
		reportErrors(stderr, err, "congbo check", "%d problem(s)"+warnings)
		return 1
	}
	fmt.Fprintf(stderr, "congbo check: %d pages OK%s in %.2f s\n", res.Pages, warnings, time.Since(start).Seconds())
	return 0
}

// checkHeap is the heap size at which a check collects garbage, unless
// its live heap (front matter and the headings and links of every page)
// outgrows half of it.
const checkHeap = 128 << 20

// checkGC makes the collector run when the heap reaches limit bytes,
// rather than when it has grown by GOGC percent since the last
// collection, and returns a function that undoes that. A check allocates
// much (each page's Markdown tree) and keeps little, so at first the live
// heap is a few megabytes and GOGC=200 would collect every few
// megabytes allocated: at 10,000 pages this saves about a tenth of the
// CPU, for less peak memory than GOGC=200 (124 MB instead of 138 MB).
// Once a collection finds more than limit/2 bytes live (a much bigger
// site), the collector goes back to GOGC=200 and no limit, so it never
// runs over and over near the limit. It does nothing when GOGC or
// GOMEMLIMIT is set.
func checkGC(limit int64) (undo func()) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	percent := debug.SetGCPercent(-1)
	debug.SetMemoryLimit(limit)
	var done atomic.Bool
	undo = func() {
		if !done.Swap(true) {
			debug.SetMemoryLimit(math.MaxInt64)
			debug.SetGCPercent(percent)
		}
	}
	watchHeap(uint64(limit/2), &done, undo)
	return undo
}

// watchHeap calls over once a collection leaves more than max bytes of
// live heap, unless done is set first. It looks after every collection,
// with a finalizer.
func watchHeap(max uint64, done *atomic.Bool, over func()) {
	type tick struct{ _ *int } // holds a pointer, so not a tiny allocation
	runtime.SetFinalizer(&tick{}, func(*tick) {
		if done.Load() {
			return
		}
		sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		metrics.Read(sample)
		if sample[0].Value.Kind() == metrics.KindUint64 && sample[0].Value.Uint64() > max {
			over()
			return
		}
		watchHeap(max, done, over)
	})
}
