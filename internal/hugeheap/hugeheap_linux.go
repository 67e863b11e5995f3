//go:build linux

package hugeheap

import (
	"os"
	"runtime"
	"runtime/debug"
	"unsafe"

	"golang.org/x/sys/unix"
)

const hugePageSize = 2 << 20

// reserve does Reserve's and Extend's work and returns the first huge
// page it marked (0 when none), for tests.
func reserve(n int, release bool) (uintptr, bool) {
	setting, err := os.ReadFile("/sys/kernel/mm/transparent_hugepage/enabled")
	if err != nil || mode(string(setting)) != "madvise" {
		return 0, false
	}
	// A block this large is a span of its own in memory the runtime has
	// just mapped and not yet touched (it knows fresh memory is zero).
	block := make([]byte, n)
	// The whole huge pages inside the block.
	base := uintptr(unsafe.Pointer(unsafe.SliceData(block)))
	skip := (hugePageSize - base%hugePageSize) % hugePageSize
	length := (uintptr(n) - min(skip, uintptr(n))) &^ (hugePageSize - 1)
	marked := false
	first := uintptr(0)
	if length > 0 {
		// The mark is on the mapping, so it outlives the block: the
		// runtime never unmaps heap memory, it only returns pages.
		pages := unsafe.Slice((*byte)(unsafe.Add(unsafe.Pointer(unsafe.SliceData(block)), skip)), length)
		marked = unix.Madvise(pages, unix.MADV_HUGEPAGE) == nil
		if marked {
			first = base + skip
		}
	}
	runtime.KeepAlive(block)
	block = nil
	if release {
		// Free the block and return its pages to the kernel at once, so
		// the runtime counts them as released (a memory limit is not hit
		// by them) and reuses them first: its page allocator takes the
		// lowest free addresses.
		debug.FreeOSMemory()
	} else {
		// Free the block only: returning every free page now would also
		// return the free parts of huge pages already in use, splitting
		// them.
		runtime.GC()
	}
	return first, marked
}
