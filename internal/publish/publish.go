// Package publish writes a build's output: every file goes into a staging
// directory next to the destination, and Commit swaps the staging directory
// in whole. A failed or killed build leaves the previous output untouched,
// and files of pages that were removed never linger.
//
// Durability: files are not fsynced one by one (a site has thousands and a
// build is reproducible); Commit syncs the parent directory after the swap
// so the rename itself survives a crash. After a power loss the new tree
// may hold incomplete files; rebuild, or check it with the signed manifest.
//
// One build may write to a destination at a time: Stage removes every
// staging directory of the destination it finds, including one that
// another running build is still filling.
package publish

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"github.com/congbo/congbo/internal/filelock"
	"github.com/congbo/congbo/internal/minhtml"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
)

// Options configure a Stager.
type Options struct {
	// Minify minifies files written with Write by extension:
	// .html .css .js .json .xml (.rss .atom) .svg.
	Minify bool
}

// Stager collects the files of one build in a staging directory. Its
// methods are safe for concurrent use. A Stager is finished by exactly one
// call to Commit or Abort, which waits for writes under way; later writes
// fail.
type Stager struct {
	dest    string // absolute, cleaned destination directory
	staging string // sibling of dest: .<base>.staging-<random>
	min     *Minifier
	// exchange swaps two directories atomically; a field so tests can
	// exercise the fallback for file systems that refuse it.
	exchange func(a, b string) error
	// lock is the destination's, released once Commit or Abort is done
	// with the trees.
	lock *filelock.Lock

	// out creates the files and directories of the staging tree: by raw
	// system calls relative to a directory descriptor on Linux (outdir_linux.go),
	// through package os elsewhere (osDir).
	out outDir

	inflight sync.WaitGroup // writes between claim and finish
	mu       sync.Mutex
	written  map[string]bool // rel paths claimed so far
	// dirs holds the slash paths of the staging directories created so
	// far: a map under a lock, not a sync.Map, which costs the collector
	// an object more per directory.
	dirsMu sync.RWMutex
	dirs   map[string]bool
	files  int
	bytes  int64
	done   bool // Commit or Abort was called
}

// outDir is the staging tree as the Stager writes it. Paths are checked,
// clean slash paths relative to the tree; errors are *fs.PathError values
// naming the full path, as package os reports them.
type outDir interface {
	// mkdir creates the directory rel, whose parent exists, with mode
	// 0755 (less the umask); an existing directory is no error.
	mkdir(rel string) error
	// writeFile creates rel, which must not exist, with mode 0644 (less
	// the umask) and writes data to it.
	writeFile(rel string, data []byte) error
	// create creates rel, which must not exist, for writing.
	create(rel string) (*os.File, error)
	// close releases what the outDir holds; it is not used afterwards.
	close() error
}

// Stage creates a staging directory for dest in dest's parent (creating
// the parent if missing) so that the final rename stays on one file
// system. It takes the destination's lock (.<base>.lock beside it, a
// flock(2) lock on Unix), so a second Stage of the same destination fails
// until the first Stager's Commit or Abort; then it removes staging and
// old trees left by killed builds.
func Stage(dest string, opts Options) (*Stager, error) {
	if dest == "" {
		return nil, errors.New("stage: empty destination")
	}
	abs, err := filepath.Abs(dest)
	if err != nil {
		return nil, fmt.Errorf("stage: %w", err)
	}
	parent, base := filepath.Split(abs)
	if base == "" {
		return nil, fmt.Errorf("stage: destination %s is a root directory", abs)
	}
	// Refuse what Commit would refuse before a build does its work.
	if fi, err := os.Lstat(abs); err == nil {
		if err := checkReplaceable(abs, fi); err != nil {
			return nil, fmt.Errorf("stage: %w", err)
		}
	}
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("stage: %w", err)
	}
	// One build of dest at a time: a second one would take the first's
	// staging tree for a killed build's and remove it under its writes.
	lock := filepath.Join(parent, lockName(base))
	held, err := filelock.TryLock(lock)
	if errors.Is(err, filelock.ErrBusy) {
		return nil, fmt.Errorf("stage: another congbo build is writing %s (it holds %s); wait for it to finish, or build into another destination", abs, lock)
	}
	if err != nil {
		return nil, fmt.Errorf("stage: lock %s: %w", lock, err)
	}
	if err := removeStale(parent, base); err != nil {
		held.Release()
		return nil, fmt.Errorf("stage: %w", err)
	}
	staging, err := os.MkdirTemp(parent, stagingPrefix(base))
	if err != nil {
		held.Release()
		return nil, fmt.Errorf("stage: %w", err)
	}
	// MkdirTemp creates 0700; the web server must be able to read the site.
	if err := os.Chmod(staging, 0o755); err != nil {
		os.RemoveAll(staging)
		held.Release()
		return nil, fmt.Errorf("stage: %w", err)
	}
	s := &Stager{dest: abs, staging: staging, exchange: exchange, lock: held, written: map[string]bool{}, dirs: map[string]bool{}, out: openOutDir(staging)}
	if opts.Minify {
		s.min = NewMinifier()
	}
	return s, nil
}

func stagingPrefix(base string) string { return "." + base + ".staging-" }
func oldPrefix(base string) string     { return "." + base + ".old-" }
func lockName(base string) string      { return "." + base + ".lock" }

// removeStale removes the staging and old trees of dest (named base) that
// killed builds left in parent.
func removeStale(parent, base string) error {
	entries, err := os.ReadDir(parent)
	if err != nil {
		return err
	}
	for _, e := range entries {
		name := e.Name()
		if strings.HasPrefix(name, stagingPrefix(base)) || strings.HasPrefix(name, oldPrefix(base)) {
			if err := removeTree(filepath.Join(parent, name)); err != nil {
				return fmt.Errorf("remove stale %s: %w", name, err)
			}
		}
	}
	return nil
}

// Dir returns the staging directory, for tools that must read the output
// before it is committed (a link checker, the manifest).
func (s *Stager) Dir() string { return s.staging }

// Write writes data to the file rel (a slash path relative to the output
// root), creating parent directories, and minifies it by extension when
// the Stager was made with Options.Minify.
//
// Writing one rel twice is an error: the renderer reports two pages that
// claim one URL with both file names, and this is the last-line check
// that no output silently overwrites another.
func (s *Stager) Write(rel string, data []byte) error {
	return s.WriteSpans(rel, data, nil)
}

// WriteSpans is Write for an HTML document some of whose parts were
// minified before (Minifier.Part): they are copied, not minified again.
// The bytes written are Write's.
func (s *Stager) WriteSpans(rel string, data []byte, spans []minhtml.Span) error {
	if s.min != nil && s.min.Minifies(path.Ext(rel)) {
		var werr error
		if err := s.min.withSpans(path.Ext(rel), data, spans, func(out []byte) error {
			werr = s.WriteRaw(rel, out)
			return nil
		}); err != nil {
			return fmt.Errorf("write %s: %w", rel, err)
		}
		return werr
	}
	return s.WriteRaw(rel, data)
}

// WriteRaw is Write without minification, for files whose bytes matter
// as they are (.ics, .vcf, .txt, signatures).
func (s *Stager) WriteRaw(rel string, data []byte) error {
	if err := s.claim(rel); err != nil {
		return err
	}
	defer s.inflight.Done()
	if err := s.mkdirs(rel); err != nil {
		return fmt.Errorf("write %s: %w", rel, err)
	}
	if err := s.out.writeFile(rel, data); err != nil {
		return fmt.Errorf("write %s: %w", rel, err)
	}
	s.count(int64(len(data)))
	return nil
}

// Copy streams the file name of src to rel, unminified: static files and
// page bundle resources.
func (s *Stager) Copy(rel string, src fs.FS, name string) error {
	in, err := src.Open(name)
	if err != nil {
		return fmt.Errorf("copy %s: %w", name, err)
	}
	defer in.Close()
	if err := s.claim(rel); err != nil {
		return err
	}
	defer s.inflight.Done()
	if err := s.mkdirs(rel); err != nil {
		return fmt.Errorf("write %s: %w", rel, err)
	}
	f, err := s.out.create(rel)
	if err != nil {
		return fmt.Errorf("write %s: %w", rel, err)
	}
	n, err := io.Copy(f, in)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", rel, err)
	}
	s.count(n)
	return nil
}

// claim checks rel and reserves it for one write. On success the caller
// must call s.inflight.Done when the write is over.
func (s *Stager) claim(rel string) error {
	if err := checkRel(rel); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case s.done:
		return fmt.Errorf("write %s: output already committed or aborted", rel)
	case s.written[rel]:
		return fmt.Errorf("write %s: file written twice", rel)
	}
	s.written[rel] = true
	s.inflight.Add(1)
	return nil
}

// mkdirs creates the missing directories above rel in the staging tree.
// Every directory created is remembered, so each is made once per build
// with one mkdir and no stat.
func (s *Stager) mkdirs(rel string) error {
	dir := path.Dir(rel)
	if dir == "." || s.madeDir(dir) {
		return nil
	}
	var buf [8]string
	missing := buf[:0] // deepest first
	for d := dir; d != "." && !s.madeDir(d); d = path.Dir(d) {
		missing = append(missing, d)
	}
	for i := len(missing) - 1; i >= 0; i-- {
		if err := s.out.mkdir(missing[i]); err != nil {
			return err
		}
		s.dirsMu.Lock()
		s.dirs[missing[i]] = true
		s.dirsMu.Unlock()
	}
	return nil
}

// madeDir reports whether dir (a slash path) is known to exist in the
// staging tree.
func (s *Stager) madeDir(dir string) bool {
	s.dirsMu.RLock()
	ok := s.dirs[dir]
	s.dirsMu.RUnlock()
	return ok
}

// count adds a written file of n bytes.
func (s *Stager) count(n int64) {
	s.mu.Lock()
	s.files++
	s.bytes += n
	s.mu.Unlock()
}

// osDir is an outDir through package os, for every platform: the one
// used outside Linux, and the model the Linux one is tested against.
type osDir struct{ root string }

func (d osDir) name(rel string) string { return filepath.Join(d.root, filepath.FromSlash(rel)) }

func (d osDir) mkdir(rel string) error {
	name := d.name(rel)
	err := os.Mkdir(name, 0o755)
	if err == nil {
		return nil
	}
	// As os.MkdirAll: an existing directory is fine, anything else there
	// is "not a directory".
	fi, serr := os.Stat(name)
	switch {
	case serr == nil && fi.IsDir():
		return nil
	case serr == nil && errors.Is(err, fs.ErrExist):
		return &fs.PathError{Op: "mkdir", Path: name, Err: syscall.ENOTDIR}
	}
	return err
}

func (d osDir) writeFile(rel string, data []byte) error {
	f, err := d.create(rel)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

func (d osDir) create(rel string) (*os.File, error) {
	return os.OpenFile(d.name(rel), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
}

func (d osDir) close() error { return nil }

// Files returns the number of files written so far.
func (s *Stager) Files() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.files
}

// Bytes returns the number of bytes written so far, after minification.
func (s *Stager) Bytes() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.bytes
}

// close marks the Stager done, or reports that it already was, and waits
// for writes already under way so none lands in a moved or removed tree.
func (s *Stager) close(op string) error {
	s.mu.Lock()
	if s.done {
		s.mu.Unlock()
		return fmt.Errorf("%s: output already committed or aborted", op)
	}
	s.done = true
	s.mu.Unlock()
	s.inflight.Wait()
	s.out.close() // only releases a descriptor: nothing is lost if it fails
	return nil
}

// Abort removes the staging directory; dest is untouched.
func (s *Stager) Abort() error {
	if err := s.close("abort"); err != nil {
		return err
	}
	defer s.lock.Release()
	if err := removeTree(s.staging); err != nil {
		return fmt.Errorf("abort: %w", err)
	}
	return nil
}

// checkReplaceable reports why the existing dest (fi from Lstat) must not be
// replaced by a new tree: it is a symlink (replacing the link's target
// would remove a directory the site does not name, and replacing the link
// would leave that directory stale), or not a directory.
func checkReplaceable(dest string, fi fs.FileInfo) error {
	switch {
	case fi.Mode()&fs.ModeSymlink != 0:
		if target, err := filepath.EvalSymlinks(dest); err == nil {
			return fmt.Errorf("destination %s is a symlink to %s; refusing to replace it (build into the directory itself: %s)", dest, target, target)
		}
		return fmt.Errorf("destination %s is a symlink; refusing to replace it (remove the link or choose another destination)", dest)
	case !fi.IsDir():
		return fmt.Errorf("destination %s is not a directory; refusing to replace it (remove the file or choose another destination)", dest)
	}
	return nil
}

// Commit swaps the staging directory into dest and removes the previous
// tree. When dest exists it is exchanged atomically with renameat2
// RENAME_EXCHANGE on Linux, so there is never a moment without dest;
// where that is unavailable, dest is renamed aside to .<base>.old-<random>
// first, leaving a short window without dest. Commit refuses to replace a
// dest that is a symlink or not a directory.
//
// If only the removal of the old tree fails, the new output is already in
// place; the error says so, and the next Stage removes the leftover.
func (s *Stager) Commit() error {
	if err := s.close("commit"); err != nil {
		return err
	}
	defer s.lock.Release()
	fi, err := os.Lstat(s.dest)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if err := os.Rename(s.staging, s.dest); err != nil {
			os.RemoveAll(s.staging)
			return fmt.Errorf("commit: %w", err)
		}
		return syncDir(filepath.Dir(s.dest))
	case err != nil:
		os.RemoveAll(s.staging)
		return fmt.Errorf("commit: %w", err)
	}
	if err := checkReplaceable(s.dest, fi); err != nil {
		os.RemoveAll(s.staging)
		return fmt.Errorf("commit: %w", err)
	}

	old, err := s.swap()
	if err != nil {
		os.RemoveAll(s.staging)
		return fmt.Errorf("commit: %w", err)
	}
	// The swap is made durable before the old tree goes: until the
	// directory is synced, a crash may bring the old tree back at dest.
	if err := syncDir(filepath.Dir(s.dest)); err != nil {
		return err
	}
	if err := removeTree(old); err != nil {
		return fmt.Errorf("commit: new output in place, but remove old output: %w", err)
	}
	return nil
}

// swap puts the staging tree at dest and returns where the old tree went.
func (s *Stager) swap() (string, error) {
	err := s.exchange(s.staging, s.dest)
	if err == nil {
		return s.staging, nil
	}
	if !errors.Is(err, errExchangeUnsupported) {
		return "", err
	}
	parent, base := filepath.Split(s.dest)
	old := filepath.Join(parent, oldPrefix(base)+randomSuffix())
	if err := os.Rename(s.dest, old); err != nil {
		return "", err
	}
	if err := os.Rename(s.staging, s.dest); err != nil {
		if rerr := os.Rename(old, s.dest); rerr != nil {
			return "", fmt.Errorf("%w (and restoring the previous output from %s: %w)", err, old, rerr)
		}
		return "", err
	}
	return old, nil
}

// randomSuffix returns 16 random hex digits for a temporary name.
func randomSuffix() string {
	var b [8]byte
	rand.Read(b[:]) // never fails on supported platforms
	return hex.EncodeToString(b[:])
}

// syncDir fsyncs a directory so renames in it are durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, errors.ErrUnsupported) {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	return nil
}
