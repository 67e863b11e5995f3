package main

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
	"time"
)

// TestCheckFlags checks `congbo check --timings` and `--cpuprofile`.
func TestCheckFlags(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"site.yaml":              siteYAML(),
		"content/thong-cao/a.md": "---\ntitle: Thông cáo\ndate: 2026-01-02\n---\n## Mục\n\nXem [mục](#muc).\n",
	})
	prof := filepath.Join(t.TempDir(), "cpu.prof")
	tests := []struct {
		name string
		args []string
		code int
		want []string // in stderr
	}{
		{"ok", nil, 0, []string{"congbo check: 1 pages OK in"}},
		{"timings", []string{"--timings"}, 0, []string{"congbo check: content and Markdown", "congbo check: site graph", "congbo check: links, anchors and images"}},
		{"cpuprofile", []string{"--cpuprofile", prof}, 0, []string{"pages OK"}},
		{"cpuprofile unwritable", []string{"--cpuprofile", filepath.Join(dir, "khong-co", "cpu.prof")}, 2, []string{"congbo check:"}},
		{"argument", []string{"thua"}, 2, []string{"usage: congbo check"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			if code := run(append([]string{"check", "--source", dir}, tt.args...), &out, &errb); code != tt.code {
				t.Fatalf("exit %d, want %d:\n%s", code, tt.code, errb.String())
			}
			for _, w := range tt.want {
				if !strings.Contains(errb.String(), w) {
					t.Errorf("stderr lacks %q:\n%s", w, errb.String())
				}
			}
		})
	}
	if st, err := os.Stat(prof); err != nil || st.Size() == 0 {
		t.Errorf("no CPU profile written: %v", err)
	}
}

// TestCheckWarnings: warnings are printed with the problems, counted in
// the last line, and alone let the check pass.
func TestCheckWarnings(t *testing.T) {
	page := "---\ntitle: Thông cáo\ndate: 2026-01-02\n---\n#### Mục\n\nXem [tại đây](#muc).\n"
	tests := []struct {
		name  string
		extra string // more of the page
		code  int
		want  []string
	}{
		{"warnings alone", "", 0, []string{
			"content/thong-cao/a.md:5:1: warning: heading \"Mục\" is level 4 after level 1",
			"content/thong-cao/a.md:7:5: warning: link text \"tại đây\"",
			"congbo check: 1 pages OK, 2 warning(s) in"}},
		{"with a problem", "\n[x](khong-co.md)\n", 1, []string{
			"warning: heading", "content/thong-cao/a.md:9:1: link to \"khong-co.md\"", "congbo check: 1 problem(s), 2 warning(s)\n"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeFiles(t, map[string]string{"site.yaml": siteYAML(), "content/thong-cao/a.md": page + tt.extra})
			var out, errb bytes.Buffer
			if code := run([]string{"check", "--source", dir}, &out, &errb); code != tt.code {
				t.Fatalf("exit %d, want %d:\n%s", code, tt.code, errb.String())
			}
			for _, w := range tt.want {
				if !strings.Contains(errb.String(), w) {
					t.Errorf("stderr lacks %q:\n%s", w, errb.String())
				}
			}
		})
	}
}

// gcPercent returns the current GOGC percentage.
func gcPercent() int {
	p := debug.SetGCPercent(100)
	debug.SetGCPercent(p)
	return p
}

// TestCheckGC checks that a check collects by heap size until its live
// heap grows past half the limit, and then as GOGC says again.
func TestCheckGC(t *testing.T) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		t.Skip("GOGC or GOMEMLIMIT set")
	}
	defer debug.SetGCPercent(debug.SetGCPercent(150))
	undo := checkGC(8 << 20)
	defer undo()
	if p := gcPercent(); p != -1 {
		t.Fatalf("GOGC %d during a check, want off", p)
	}
	if l := debug.SetMemoryLimit(-1); l != 8<<20 {
		t.Fatalf("memory limit %d, want %d", l, 8<<20)
	}
	var live [][]byte
	for range 16 {
		live = append(live, bytes.Repeat([]byte{1}, 1<<20))
	}
	for deadline := time.Now().Add(10 * time.Second); gcPercent() == -1 && time.Now().Before(deadline); {
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
	runtime.KeepAlive(live)
	if p := gcPercent(); p != 150 {
		t.Errorf("GOGC %d after the live heap outgrew the limit, want 150 back", p)
	}
	if l := debug.SetMemoryLimit(-1); l != math.MaxInt64 {
		t.Errorf("memory limit %d after the live heap outgrew the limit, want none", l)
	}
}

func TestCheckGCLeavesSettings(t *testing.T) {
	t.Setenv("GOGC", "100")
	defer debug.SetGCPercent(debug.SetGCPercent(150))
	checkGC(8 << 20)()
	if p := gcPercent(); p != 150 {
		t.Errorf("GOGC %d, want 150 untouched", p)
	}
}
