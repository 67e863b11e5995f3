//go:build linux

package hugeheap

import (
	"cmp"
	"os"
	"runtime"
	"runtime/debug"
	"slices"
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
	// The memory is taken in blocks of chunk bytes, each a span of its
	// own. The runtime zeroes a span when any of it was used before, and
	// then all of it: one block of n bytes starting in the heap's freed
	// part was all written, faulting in n bytes of fresh memory (a
	// 100,000-page build's Extend of 1.4 GiB took 4.6 s and its peak RSS
	// went to 2 GB, in about one build of eight). Blocks in memory the
	// runtime has just mapped are left untouched; only those that fall
	// in freed memory are zeroed.
	var blocks [][]byte
	var spans []span
	for left := n; left > 0; left -= chunk {
		b := make([]byte, min(left, chunk))
		blocks = append(blocks, b)
		spans = append(spans, span{unsafe.Pointer(unsafe.SliceData(b)), uintptr(len(b))})
	}
	marked := false
	first := uintptr(0)
	for _, sp := range merge(spans) {
		// The whole huge pages inside the span. The mark is on the
		// mapping, so it outlives the blocks: the runtime never unmaps
		// heap memory, it only returns pages.
		base := uintptr(sp.ptr)
		skip := (hugePageSize - base%hugePageSize) % hugePageSize
		length := (sp.len - min(skip, sp.len)) &^ (hugePageSize - 1)
		if length == 0 {
			continue
		}
		// By address, not as a Go slice: a merged span crosses the
		// blocks' allocations, which checkptr (-race) rejects in a slice.
		// blocks keeps the memory alive until after the call.
		if _, _, errno := unix.Syscall(unix.SYS_MADVISE, base+skip, length, unix.MADV_HUGEPAGE); errno == 0 {
			if !marked {
				first = base + skip // spans are in address order
			}
			marked = true
		}
	}
	runtime.KeepAlive(blocks)
	blocks = nil
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

// chunk is the size of the blocks reserve takes memory in.
const chunk = 64 << 20

// span is a range of the blocks' memory (ptr keeps it alive).
type span struct {
	ptr unsafe.Pointer
	len uintptr
}

// merge returns spans sorted by address with the adjacent ones joined, so
// that a huge page across two blocks is marked too.
func merge(spans []span) []span {
	slices.SortFunc(spans, func(a, b span) int { return cmp.Compare(uintptr(a.ptr), uintptr(b.ptr)) })
	var out []span
	for _, sp := range spans {
		if k := len(out) - 1; k >= 0 && uintptr(out[k].ptr)+out[k].len == uintptr(sp.ptr) {
			out[k].len += sp.len
			continue
		}
		out = append(out, sp)
	}
	return out
}
