// Package watch reports changes to a site's source tree in debounced
// batches, for `congbo serve`.
//
// It watches directories, not files (editors save by renaming a new file
// over the old one, which would drop a watch on the file), recursively, and
// adds directories created later, reporting the files already inside them:
// `mkdir -p a/b/c && write` sends a single Create, for a, and the rest
// happens before a watch on a exists. Create, Write, Rename and Remove are
// treated alike (the path changed and must be read again); Chmod-only
// events and editor temporary files (editortemp.Is) are ignored.
//
// Events are gathered until the tree has been quiet for Options.Debounce (a
// trailing-edge debounce), so a save made of several events (a JetBrains
// safe write sends RENAME and CREATE and no WRITE at all) or a `git
// checkout` touching a thousand files ends in one batch, handled after the
// last event of the burst, when files hold their final bytes. The handler
// runs one batch at a time; events arriving meanwhile form the next batch.
// When events were lost (the kernel queue overflowed) or a batch holds more
// than Options.MaxPaths paths, the batch is marked Full.
//
// On Linux every watched directory costs one inotify watch. When the
// per-user limit (fs.inotify.max_user_watches) or the instance limit is
// reached, the watcher says so through Options.Logf, names the sysctl to
// raise, and polls the tree instead: it never goes silently unwatched.
package watch

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/congbo/congbo/internal/editortemp"
	"github.com/fsnotify/fsnotify"
)

// Defaults for Options.
const (
	DefaultDebounce     = 25 * time.Millisecond
	DefaultMaxWait      = 2 * time.Second
	DefaultMaxPaths     = 10000
	DefaultPollInterval = 500 * time.Millisecond
)

// Batch is one debounced set of changes.
type Batch struct {
	// Paths are the files and directories that were created, written,
	// renamed (both names) or removed: slash paths relative to the root,
	// sorted, each once. A directory created with files already inside is
	// listed along with those files.
	Paths []string
	// Full means changes may have been lost (event queue overflow, a
	// switch to polling) or are too many to list: rebuild everything.
	// Paths is then nil.
	Full bool
}

// Options configure a Watcher.
type Options struct {
	Root string // directory to watch, recursively
	// Skip reports whether a path (slash, relative to Root) is not part of
	// the input: a skipped directory is not watched or walked, and events
	// for a skipped path are dropped. Nil skips nothing.
	Skip func(rel string) bool
	// Debounce is the quiet time after the last event before a batch is
	// handed over. Default DefaultDebounce.
	Debounce time.Duration
	// MaxWait caps how long an event waits under a stream of events that
	// never goes quiet. Default DefaultMaxWait.
	MaxWait time.Duration
	// MaxPaths: a batch with more paths is reported as Full. Default
	// DefaultMaxPaths.
	MaxPaths int
	// PollInterval is how often the tree is scanned when inotify cannot be
	// used. Default DefaultPollInterval.
	PollInterval time.Duration
	// Logf receives warnings: the watch limit, the switch to polling, lost
	// events. Nil discards them.
	Logf func(format string, args ...any)

	// addWatch adds one directory watch; tests replace it to hit the
	// inotify watch limit on demand.
	addWatch func(fsw *fsnotify.Watcher, dir string) error
}

// Watcher watches one tree. Create it with New, then call Run once.
type Watcher struct {
	opts Options
	root string              // absolute, cleaned
	fsw  *fsnotify.Watcher   // nil when polling
	dirs map[string]struct{} // directories with a watch, absolute
	poll *poller             // nil unless polling
	// lost is set when a switch to polling may have missed changes; the
	// next batch is then Full.
	lost    bool
	polling atomic.Bool // for Polling, which may be called during Run
}

// New sets up watches on every directory under opts.Root, or the polling
// fallback when the system's inotify limits are reached. Events that happen
// between New and Run are kept by the kernel and reported by Run.
func New(opts Options) (*Watcher, error) {
	if opts.Debounce <= 0 {
		opts.Debounce = DefaultDebounce
	}
	if opts.MaxWait <= 0 {
		opts.MaxWait = DefaultMaxWait
	}
	if opts.MaxPaths <= 0 {
		opts.MaxPaths = DefaultMaxPaths
	}
	if opts.PollInterval <= 0 {
		opts.PollInterval = DefaultPollInterval
	}
	if opts.Logf == nil {
		opts.Logf = func(string, ...any) {}
	}
	if opts.Skip == nil {
		opts.Skip = func(string) bool { return false }
	}
	if opts.addWatch == nil {
		opts.addWatch = func(fsw *fsnotify.Watcher, dir string) error { return fsw.Add(dir) }
	}
	root, err := filepath.Abs(opts.Root)
	if err != nil {
		return nil, fmt.Errorf("watch: %w", err)
	}
	// A root that is a symlink (`congbo serve --source LINK`) is watched
	// where it points: a walk does not enter a symlink, so through the
	// link nothing under it would be watched, and events name the real
	// directories.
	if real, err := filepath.EvalSymlinks(root); err == nil {
		root = real
	}
	st, err := os.Stat(root)
	if err != nil {
		return nil, fmt.Errorf("watch: %w", err)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("watch: %s is not a directory", root)
	}
	w := &Watcher{opts: opts, root: root, dirs: map[string]struct{}{}}

	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		if errors.Is(err, syscall.EMFILE) || errors.Is(err, syscall.ENFILE) {
			w.fallBack("congbo: cannot create an inotify instance: the limit of inotify instances is reached "+
				"(raise it with `sudo sysctl fs.inotify.max_user_instances=512`): %s", err.Error())
			w.lost = false
			return w, nil
		}
		return nil, fmt.Errorf("watch: %w", err)
	}
	w.fsw = fsw
	if err := w.addTree(root, nil); err != nil {
		fsw.Close()
		return nil, err
	}
	w.lost = false // a fallback before Run has missed nothing
	return w, nil
}

// Polling reports whether the watcher polls instead of using inotify. It
// is safe to call while Run runs.
func (w *Watcher) Polling() bool { return w.polling.Load() }

// Run reports batches to handle until ctx is done, then releases the
// watches. handle runs in its own goroutine, one batch at a time, so events
// keep being read (and the kernel queue drained) while a build runs. Run
// waits for a handle call under way before it returns.
func (w *Watcher) Run(ctx context.Context, handle func(Batch)) error {
	defer w.Close()
	var (
		pending = map[string]struct{}{}
		full    bool
		first   time.Time // when the oldest pending event arrived
		due     bool      // the debounce timer fired since the last event
		busy    bool      // handle is running
		done    = make(chan struct{})
		timer   = time.NewTimer(time.Hour)
	)
	timer.Stop()
	// arm restarts the debounce: quiet time after this event, but no more
	// than MaxWait after the oldest pending one.
	arm := func() {
		now := time.Now()
		if first.IsZero() {
			first = now
		}
		d := min(w.opts.Debounce, max(first.Add(w.opts.MaxWait).Sub(now), 0))
		timer.Reset(d)
		due = false
	}
	for {
		var (
			events <-chan fsnotify.Event
			errs   <-chan error
			polled <-chan []string
		)
		if w.fsw != nil {
			events, errs = w.fsw.Events, w.fsw.Errors
		}
		if w.poll != nil {
			polled = w.poll.C
		}
		select {
		case <-ctx.Done():
			timer.Stop()
			if busy {
				<-done
			}
			return nil
		case ev, ok := <-events:
			if !ok {
				return errors.New("watch: fsnotify closed its event channel")
			}
			if w.event(ev, pending) {
				arm()
			}
		case err, ok := <-errs:
			if !ok {
				return errors.New("watch: fsnotify closed its error channel")
			}
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				w.opts.Logf("congbo: too many file events at once, some were lost (fs.inotify.max_queued_events); rebuilding everything")
				full = true
				arm()
			} else {
				w.opts.Logf("congbo: watch: %s", err.Error())
			}
		case paths := <-polled:
			for _, p := range paths {
				pending[p] = struct{}{}
			}
			arm()
		case <-timer.C:
			due = true
		case <-done:
			busy = false
		}
		if w.lost {
			w.lost, full = false, true
			arm()
		}
		if due && !busy && (full || len(pending) > 0) {
			b := batch(pending, full, w.opts.MaxPaths)
			pending, full, first, due = map[string]struct{}{}, false, time.Time{}, false
			busy = true
			go func() {
				handle(b)
				done <- struct{}{}
			}()
		}
	}
}

// batch turns the pending set into a sorted Batch.
func batch(pending map[string]struct{}, full bool, maxPaths int) Batch {
	if full || len(pending) > maxPaths {
		return Batch{Full: true}
	}
	paths := make([]string, 0, len(pending))
	for p := range pending {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	return Batch{Paths: paths}
}

// Close releases the watches (or stops polling). Run calls it on return;
// call it only for a Watcher whose Run is never called.
func (w *Watcher) Close() error {
	var err error
	if w.fsw != nil {
		err = w.fsw.Close()
		w.fsw = nil
	}
	if w.poll != nil {
		w.poll.stop()
		w.poll = nil
	}
	return err
}

// event records one fsnotify event in pending and reports whether it
// counts as a change.
func (w *Watcher) event(ev fsnotify.Event, pending map[string]struct{}) bool {
	if ev.Op&^fsnotify.Chmod == 0 {
		return false // Chmod only: touch -m, chmod, a backup tool
	}
	rel, ok := w.rel(ev.Name)
	if !ok {
		return false
	}
	if rel == "." { // the root itself went away or moved
		w.lost = true
		return true
	}
	if editortemp.Is(rel) || w.opts.Skip(rel) {
		return false
	}
	if ev.Has(fsnotify.Rename) || ev.Has(fsnotify.Remove) {
		w.unwatch(ev.Name)
	}
	if ev.Has(fsnotify.Create) {
		if st, err := os.Lstat(ev.Name); err == nil && st.IsDir() {
			// Files may already be inside: mkdir -p a/b/c && write, or a
			// directory moved in from elsewhere.
			if err := w.addTree(ev.Name, func(rel string) { pending[rel] = struct{}{} }); err != nil {
				w.opts.Logf("congbo: watch: %s", err.Error())
			}
		}
	}
	pending[rel] = struct{}{}
	return true
}

// rel returns name relative to the root as a slash path.
func (w *Watcher) rel(name string) (string, bool) {
	rel, err := filepath.Rel(w.root, name)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", false
	}
	return filepath.ToSlash(rel), true
}

// addTree watches dir and every directory under it that is not skipped,
// and calls found (when not nil) with each file and directory below dir.
// It returns an error only when watching must stop; when the inotify
// watch limit is reached it switches to polling first.
func (w *Watcher) addTree(dir string, found func(rel string)) error {
	return filepath.WalkDir(dir, func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			if name != dir && errors.Is(err, fs.ErrNotExist) {
				return nil // removed while we walked; its event follows
			}
			if name == dir {
				return nil // dir itself is gone again
			}
			w.opts.Logf("congbo: watch: %s", err.Error())
			return nil
		}
		rel, ok := w.rel(name)
		if !ok {
			return nil
		}
		if name != w.root && (w.opts.Skip(rel) || editortemp.Is(rel)) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if name != dir && found != nil {
			found(rel)
		}
		if !d.IsDir() || w.fsw == nil {
			return nil
		}
		if err := w.opts.addWatch(w.fsw, name); err != nil {
			if errors.Is(err, syscall.ENOSPC) {
				w.fallBack("congbo: the inotify watch limit is reached after %d directories "+
					"(raise fs.inotify.max_user_watches: `sudo sysctl fs.inotify.max_user_watches=524288`, "+
					"and add that setting to /etc/sysctl.conf to keep it)", len(w.dirs))
				return filepath.SkipAll
			}
			if errors.Is(err, fs.ErrNotExist) {
				return filepath.SkipDir
			}
			return fmt.Errorf("watch %s: %w", name, err)
		}
		w.dirs[name] = struct{}{}
		return nil
	})
}

// unwatch drops the watches of name and every directory under it, after
// name was removed or renamed: inotify keeps a watch on a moved directory,
// and fsnotify would go on reporting its events under the old name.
func (w *Watcher) unwatch(name string) {
	if w.fsw == nil {
		return
	}
	if _, ok := w.dirs[name]; !ok {
		return // a file, or a directory never watched: nothing below it is
	}
	prefix := name + string(filepath.Separator)
	for d := range w.dirs {
		if d == name || strings.HasPrefix(d, prefix) {
			delete(w.dirs, d)
			_ = w.fsw.Remove(d) // already gone with the directory: fine
		}
	}
}

// fallBack logs why and switches from inotify to polling. Changes made
// while switching may have been missed, so the next batch is Full.
func (w *Watcher) fallBack(format string, args ...any) {
	w.opts.Logf(format, args...)
	w.opts.Logf("congbo: watching %s by polling every %s instead (slower, but no change is missed)", w.root, w.opts.PollInterval)
	if w.fsw != nil {
		w.fsw.Close()
		w.fsw = nil
		w.dirs = map[string]struct{}{}
	}
	w.poll = startPoller(w.root, w.opts.PollInterval, w.opts.Skip)
	w.polling.Store(true)
	w.lost = true
}
