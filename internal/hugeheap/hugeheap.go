// Package hugeheap asks the kernel to back the start of the Go heap with
// transparent huge pages.
//
// Linux gives a process memory in 4 KiB pages and faults on the first write
// to each. On a virtual machine a fault is expensive: on the 2-core VM
// congbo is measured on, touching 128 MiB page by page took 0.4–0.5 s and
// with huge pages 0.02 s, and a 10,000-page build (about 200 MiB) spent
// about a tenth of its CPU faulting. Most distributions set transparent
// huge pages to "madvise", where only memory marked MADV_HUGEPAGE gets
// them, and the Go runtime marks its heap only on request since Go 1.21.1.
// Reserve marks the first part of the heap at start; Extend marks more
// once a process knows it will need it (a big site's build); the rest
// stays as the runtime makes it. See docs/performance.md for the
// measurements.
package hugeheap

import (
	"os"
	"strings"
)

// Reserve makes the runtime map n more bytes of heap, marks them for huge
// pages and hands them back untouched, so the heap's next allocations land
// there and each first write faults in 2 MiB at once. It costs a garbage
// collection of what the heap holds when called, so call it at start. It
// does nothing where huge pages are off or already used for all memory
// (Linux's "never" and "always"), outside Linux, or when CONGBO_HUGEPAGES=off
// or GODEBUG=disablethp=1 is set. It reports whether it marked any memory.
func Reserve(n int) bool {
	if !enabled(n) {
		return false
	}
	_, marked := reserve(n, true)
	return marked
}

// Extend is Reserve for a process that has been running a while and sets
// no memory limit: it frees the block with a collection of what the heap
// holds but leaves its pages with the runtime, which a memory limit would
// count, instead of returning every free page to the kernel (which would
// split the huge pages the heap already uses).
func Extend(n int) bool {
	if !enabled(n) {
		return false
	}
	_, marked := reserve(n, false)
	return marked
}

// enabled reports whether Reserve or Extend of n bytes should do anything.
func enabled(n int) bool {
	return n > 0 && os.Getenv("CONGBO_HUGEPAGES") != "off" && !disabledByGodebug(os.Getenv("GODEBUG"))
}

// disabledByGodebug reports whether GODEBUG turns huge pages off for the
// heap (disablethp=1), the runtime's own switch; the last setting wins.
func disabledByGodebug(godebug string) bool {
	off := false
	for _, kv := range strings.Split(godebug, ",") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(kv), "disablethp="); ok {
			off = v == "1"
		}
	}
	return off
}

// mode returns the selected value of a /sys/kernel/mm/transparent_hugepage/
// setting, printed as "always [madvise] never".
func mode(setting string) string {
	if i := strings.IndexByte(setting, '['); i >= 0 {
		if j := strings.IndexByte(setting[i:], ']'); j > 0 {
			return setting[i+1 : i+j]
		}
	}
	return ""
}
