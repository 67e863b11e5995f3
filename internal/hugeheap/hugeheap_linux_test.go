//go:build linux

package hugeheap

import (
	"bufio"
	"fmt"
	"os"
	"strings"
	"testing"
	"unsafe"
)

// TestReserveMarksTheNextAllocations checks what Reserve is for: memory
// the heap hands out after it lies in a mapping marked for huge pages.
func TestReserveMarksTheNextAllocations(t *testing.T) {
	setting, err := os.ReadFile("/sys/kernel/mm/transparent_hugepage/enabled")
	if err != nil || mode(string(setting)) != "madvise" {
		t.Skipf("transparent huge pages are not in madvise mode here (%q, %v): Reserve does nothing by design", setting, err)
	}
	t.Setenv("GODEBUG", "")
	t.Setenv("CONGBO_HUGEPAGES", "")
	if !Reserve(64 << 20) {
		t.Fatal("Reserve(64 MiB) marked nothing")
	}
	after := make([]byte, 8<<20)
	for i := range after {
		after[i] = 1
	}
	// The block Reserve marked need not start on a huge page, so look at
	// the first huge page boundary inside the new allocation.
	addr := uintptr(unsafe.Pointer(unsafe.SliceData(after)))
	addr = (addr + hugePageSize - 1) &^ (hugePageSize - 1)
	flags, err := vmFlags(addr)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(" "+flags+" ", " hg ") {
		t.Errorf("an 8 MiB block allocated after Reserve lies in a mapping with VmFlags %q, want hg (MADV_HUGEPAGE)", flags)
	}
}

// TestExtendKeepsItsMark checks that the mark outlives the block Extend
// frees without returning it to the kernel: the runtime keeps the pages,
// and the heap's later allocations there get huge pages.
func TestExtendKeepsItsMark(t *testing.T) {
	setting, err := os.ReadFile("/sys/kernel/mm/transparent_hugepage/enabled")
	if err != nil || mode(string(setting)) != "madvise" {
		t.Skipf("transparent huge pages are not in madvise mode here (%q, %v): Extend does nothing by design", setting, err)
	}
	first, marked := reserve(16<<20, false)
	if !marked || first%hugePageSize != 0 {
		t.Fatalf("reserve(16 MiB) = %#x, %v; want a marked huge page", first, marked)
	}
	flags, err := vmFlags(first)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(" "+flags+" ", " hg ") {
		t.Errorf("the first huge page Extend marked (%#x) lies in a mapping with VmFlags %q, want hg", first, flags)
	}
}

// vmFlags returns the VmFlags line of the mapping holding addr, from
// /proc/self/smaps.
func vmFlags(addr uintptr) (string, error) {
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		return "", err
	}
	defer f.Close()
	in := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		var lo, hi uintptr
		if n, _ := fmt.Sscanf(line, "%x-%x ", &lo, &hi); n == 2 {
			in = lo <= addr && addr < hi
			continue
		}
		if in {
			if v, ok := strings.CutPrefix(line, "VmFlags:"); ok {
				return strings.TrimSpace(v), nil
			}
		}
	}
	if err := sc.Err(); err != nil {
		return "", err
	}
	return "", fmt.Errorf("no mapping in /proc/self/smaps holds %#x", addr)
}
