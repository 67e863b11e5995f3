package watch

import (
	"io/fs"
	"path/filepath"
	"sort"
	"time"

	"github.com/congbo/congbo/internal/editortemp"
)

// stamp is what polling compares to notice a change.
type stamp struct {
	size  int64
	mtime int64 // nanoseconds
	mode  fs.FileMode
}

// poller scans a tree every interval and sends the paths that were
// created, changed or removed since the previous scan. It is the fallback
// when inotify watches run out; a scan of 10,000 files costs a few
// milliseconds of stat calls.
type poller struct {
	C    chan []string // changed paths, slash, relative to root
	quit chan struct{}
	done chan struct{}
}

// startPoller takes a first snapshot (so changes from now on are seen) and
// starts scanning in its own goroutine.
func startPoller(root string, interval time.Duration, skip func(string) bool) *poller {
	p := &poller{C: make(chan []string), quit: make(chan struct{}), done: make(chan struct{})}
	prev := scan(root, skip)
	go func() {
		defer close(p.done)
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			select {
			case <-p.quit:
				return
			case <-t.C:
			}
			next := scan(root, skip)
			changed := diff(prev, next)
			prev = next
			if len(changed) == 0 {
				continue
			}
			select {
			case p.C <- changed:
			case <-p.quit:
				return
			}
		}
	}()
	return p
}

func (p *poller) stop() {
	close(p.quit)
	<-p.done
}

// scan stamps every file and directory under root that is not skipped.
func scan(root string, skip func(string) bool) map[string]stamp {
	out := map[string]stamp{}
	filepath.WalkDir(root, func(name string, d fs.DirEntry, err error) error {
		if err != nil || name == root {
			return nil
		}
		rel, err := filepath.Rel(root, name)
		if err != nil {
			return nil
		}
		rel = filepath.ToSlash(rel)
		if skip(rel) || editortemp.Is(rel) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return nil // removed while we walked
		}
		// A directory's own stamp changes with every entry added or
		// removed; the entries themselves are reported, so only its mode counts.
		st := stamp{mode: info.Mode()}
		if !d.IsDir() {
			st.size, st.mtime = info.Size(), info.ModTime().UnixNano()
		}
		out[rel] = st
		return nil
	})
	return out
}

// diff lists the paths whose stamps differ between two scans, sorted.
func diff(prev, next map[string]stamp) []string {
	var out []string
	for p, st := range next {
		if old, ok := prev[p]; !ok || old != st {
			out = append(out, p)
		}
	}
	for p := range prev {
		if _, ok := next[p]; !ok {
			out = append(out, p)
		}
	}
	sort.Strings(out)
	return out
}
