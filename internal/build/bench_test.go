package build_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/congbo/congbo/internal/build"
)

// BenchmarkBuild builds the shared synthetic corpus (bench/gencorpus, seed 1)
// with bench/corpus-site.yaml. CONGBO_BENCH_PAGES sets its size (default
// 1000); CONGBO_BENCH_DIR reuses a corpus site directory instead of
// generating one.
//
//	go test -run=NONE -bench=Build -benchtime=5x ./internal/build/
func BenchmarkBuild(b *testing.B) {
	n := 1000
	if s := os.Getenv("CONGBO_BENCH_PAGES"); s != "" {
		var err error
		if n, err = strconv.Atoi(s); err != nil {
			b.Fatalf("CONGBO_BENCH_PAGES=%q: %v", s, err)
		}
	}
	dir := os.Getenv("CONGBO_BENCH_DIR")
	if dir == "" {
		dir = b.TempDir()
		gen := exec.Command("go", "run", "../../bench/gencorpus", "-n", strconv.Itoa(n), "-out", filepath.Join(dir, "content"))
		if out, err := gen.CombinedOutput(); err != nil {
			b.Fatalf("gencorpus: %v\n%s", err, out)
		}
		cfg, err := os.ReadFile("../../bench/corpus-site.yaml")
		if err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "site.yaml"), cfg, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	dest := filepath.Join(b.TempDir(), "public")
	var pages int
	for b.Loop() {
		res, err := build.Run(build.Options{Source: dir, Destination: dest, Now: now})
		if err != nil {
			b.Fatal(err)
		}
		pages = res.Pages
	}
	b.ReportMetric(float64(pages)*float64(b.N)/b.Elapsed().Seconds(), "pages/s")
}

// BenchmarkBuildSample builds the sample portal at the repository root: the
// whole pipeline from parsing the embedded theme to the swap, as a cold
// `congbo build` does it, without the process start.
//
//	go test -run=NONE -bench=BuildSample ./internal/build/
func BenchmarkBuildSample(b *testing.B) {
	dest := filepath.Join(b.TempDir(), "public")
	for b.Loop() {
		if _, err := build.Run(build.Options{Source: "../..", Destination: dest, Now: time.Now()}); err != nil {
			b.Fatal(err)
		}
	}
}
