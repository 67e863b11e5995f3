//go:build linux

package hugeheap

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strconv"
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

// TestExtendLeavesFreshMemoryUntouched checks that Extend does not write
// the memory it marks when the heap has used and freed memory just before
// it: the runtime zeroes a block that starts in freed memory, all of it,
// and one block of the whole size was then all faulted in (peak RSS up by
// the size, seconds on a VM). Blocks of chunk bytes limit that to the
// freed part. Where the runtime puts the block depends on how the heap's
// address space was reserved, so each try runs in a new process; a single
// block was zeroed in about one try in three.
func TestExtendLeavesFreshMemoryUntouched(t *testing.T) {
	setting, err := os.ReadFile("/sys/kernel/mm/transparent_hugepage/enabled")
	if err != nil || mode(string(setting)) != "madvise" {
		t.Skipf("transparent huge pages are not in madvise mode here (%q, %v): Extend does nothing by design", setting, err)
	}
	if os.Getenv("HUGEHEAP_EXTEND_CHILD") == "1" {
		used := make([]byte, 96<<20)
		for i := 0; i < len(used); i += 4096 {
			used[i] = 1
		}
		runtime.KeepAlive(used)
		used = nil
		runtime.GC()
		before := residentBytes(t)
		if _, marked := reserve(1<<30, false); !marked {
			t.Fatal("reserve(1 GiB) marked nothing")
		}
		fmt.Printf("grew %d\n", residentBytes(t)-before)
		return
	}
	for try := range 5 {
		cmd := exec.Command(os.Args[0], "-test.run=^TestExtendLeavesFreshMemoryUntouched$", "-test.count=1")
		cmd.Env = append(os.Environ(), "HUGEHEAP_EXTEND_CHILD=1", "GODEBUG=", "CONGBO_HUGEPAGES=")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("try %d: %v\n%s", try, err, out)
		}
		var grew int
		if i := strings.Index(string(out), "grew "); i < 0 {
			t.Fatalf("try %d: no size in\n%s", try, out)
		} else if _, err := fmt.Sscan(string(out[i+len("grew "):]), &grew); err != nil {
			t.Fatal(err)
		}
		if grew > 256<<20 {
			t.Errorf("try %d: Extend of 1 GiB after 96 MiB used and freed made the process %d MiB bigger, want at most 256", try, grew>>20)
		}
	}
}

// residentBytes returns the process's resident memory, from /proc/self/statm.
func residentBytes(t *testing.T) int {
	b, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		t.Fatal(err)
	}
	f := strings.Fields(string(b))
	pages, err := strconv.Atoi(f[1])
	if err != nil {
		t.Fatal(err)
	}
	return pages * os.Getpagesize()
}
