// Package mirror pulls a signed site from its origin into a local
// directory that a web server serves, and never serves what it has not
// verified.
//
// Layout of the mirror directory DIR:
//
//	DIR/current          symlink to releases/<serial>: point the web server here
//	DIR/releases/<n>/    complete, verified releases (the newest few are kept)
//	DIR/state.json       the accepted site and serial, outside the served tree
//	DIR/.staging-*       a pull in progress; removed by the next pull
//	DIR/.lock            there while a pull runs (internal/filelock)
//
// A pull fetches the origin's manifest and signature, verifies them,
// refuses a lower serial than the one accepted (rollback), an expired
// manifest (freeze), the same serial with other files (equivocation) and
// a manifest of another site signed by the same key. It then downloads
// only the files whose hash changed, each capped at the manifest's
// largest size and hashed while written, into a staging directory,
// renames it to releases/<serial> and swaps DIR/current by renaming a new
// symlink over it. Any failure, or a kill at any moment, leaves
// DIR/current as it was.
package mirror

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/congbo/congbo/internal/filelock"
	"github.com/congbo/congbo/internal/manifest"
)

// Options configure a Pull.
type Options struct {
	From string             // origin base URL; the manifest is at From + .well-known/congbo-manifest.txt
	To   string             // mirror directory
	Pub  manifest.PublicKey // the origin's key
	// Site is the site id the manifest must name. Empty means the one
	// accepted before, or else manifest.SiteID(From).
	Site   string
	Client *http.Client     // default: NewClient(5 * time.Minute)
	Now    func() time.Time // judges expiry; default time.Now
	Keep   int              // releases to keep, the current one included; default 3
	// Progress, when set, is called after each file with the files and
	// bytes fetched so far and the number of files to fetch.
	Progress func(done, total int, bytes int64)
}

// Result says what a Pull did.
type Result struct {
	Site      string
	Serial    int64
	Unchanged bool  // the origin's serial was the one already served
	Fetched   int   // files downloaded
	Reused    int   // files linked from the previous release
	Bytes     int64 // bytes downloaded
}

// maxManifest and maxSig cap what is read before anything is verified.
const (
	maxManifest = 256 << 20
	maxSig      = 4 << 10
)

// NewClient returns an HTTP client for pulls: each request, body
// included, must finish within timeout, and the origin must start
// answering within 30 seconds.
func NewClient(timeout time.Duration) *http.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.ResponseHeaderTimeout = 30 * time.Second
	return &http.Client{Timeout: timeout, Transport: tr}
}

// state is what the mirror has accepted, kept in DIR/state.json.
type state struct {
	Site   string `json:"site"`
	Serial int64  `json:"serial"`
	Files  string `json:"files"` // SHA-256 of the manifest's entries, to spot equivocation
}

// Pull brings the mirror in opts.To up to date with the origin.
func Pull(ctx context.Context, opts Options) (*Result, error) {
	if opts.Client == nil {
		opts.Client = NewClient(5 * time.Minute)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Keep < 1 {
		opts.Keep = 3
	}
	if !strings.HasSuffix(opts.From, "/") {
		opts.From += "/"
	}
	dir := opts.To
	if err := os.MkdirAll(filepath.Join(dir, "releases"), 0o755); err != nil {
		return nil, err
	}
	unlock, err := lock(dir)
	if err != nil {
		return nil, err
	}
	defer unlock()
	if err := removeStaging(dir); err != nil {
		return nil, err
	}

	st, err := readState(dir)
	if err != nil {
		return nil, err
	}
	cur, _ := manifest.ReadSigned(filepath.Join(dir, "current"), opts.Pub) // nil if none or not verifiable
	if cur != nil && cur.Serial > st.Serial && (st.Site == "" || st.Site == cur.Site) {
		// Killed between the swap and the state update: current is accepted.
		st = state{Site: cur.Site, Serial: cur.Serial, Files: filesDigest(cur)}
	}
	site := opts.Site
	if site == "" {
		site = st.Site
	}
	if site == "" {
		if site, err = manifest.SiteID(opts.From); err != nil {
			return nil, err
		}
	}

	text, err := fetchSmall(ctx, opts.Client, opts.From+manifest.Name, maxManifest)
	if err != nil {
		return nil, err
	}
	sig, err := fetchSmall(ctx, opts.Client, opts.From+manifest.SigName, maxSig)
	if err != nil {
		return nil, err
	}
	m, err := manifest.Verify(text, sig, opts.Pub)
	if err != nil {
		return nil, fmt.Errorf("origin manifest: %w", err)
	}
	switch {
	case m.Site != site:
		return nil, fmt.Errorf("origin manifest is for site %q, not %q (another site signed by the same key?)", m.Site, site)
	case m.Serial < st.Serial:
		return nil, fmt.Errorf("origin manifest serial %d is lower than the %d already served (rollback refused)", m.Serial, st.Serial)
	case st.Files != "" && m.Serial == st.Serial && filesDigest(m) != st.Files:
		return nil, fmt.Errorf("origin manifest serial %d lists other files than the serial %d already served (equivocation refused)", m.Serial, st.Serial)
	}
	if err := m.Fresh(opts.Now()); err != nil {
		return nil, fmt.Errorf("origin %w (freeze refused)", err)
	}
	res := &Result{Site: m.Site, Serial: m.Serial}
	if m.Serial == st.Serial && cur != nil && cur.Serial == m.Serial {
		res.Unchanged = true
		return res, nil
	}

	release, err := stage(ctx, opts, m, text, sig, cur, res)
	if err != nil {
		return nil, err
	}
	if err := swap(dir, release); err != nil {
		return nil, err
	}
	if err := writeState(dir, state{Site: m.Site, Serial: m.Serial, Files: filesDigest(m)}); err != nil {
		return nil, err
	}
	return res, prune(dir, opts.Keep, release)
}

// stage downloads m into a staging directory, reusing unchanged files of
// the current release, and renames it to releases/<serial>. It returns
// the release's name relative to DIR.
func stage(ctx context.Context, opts Options, m *manifest.Manifest, text, sig []byte, cur *manifest.Manifest, res *Result) (string, error) {
	dir := opts.To
	tmp, err := os.MkdirTemp(dir, ".staging-")
	if err != nil {
		return "", err
	}
	ok := false
	defer func() {
		if !ok {
			os.RemoveAll(tmp)
		}
	}()
	if err := os.Chmod(tmp, 0o755); err != nil {
		return "", err
	}
	var todo []manifest.Entry
	for _, e := range m.Entries {
		dst := filepath.Join(tmp, filepath.FromSlash(e.Path))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return "", fmt.Errorf("%s: %w", e.Path, err)
		}
		if old, found := lookup(cur, e.Path); found && old.Sum == e.Sum {
			// Same bytes as the release being served: link, don't fetch,
			// but check them, so a damaged file there is fetched again.
			src := filepath.Join(dir, "current", filepath.FromSlash(e.Path))
			fi, err := os.Lstat(src)
			if err == nil && fi.Mode().IsRegular() {
				if sum, _, err := manifest.HashFile(src, m.Largest); err == nil && sum == e.Sum && os.Link(src, dst) == nil {
					res.Reused++
					continue
				}
			}
		}
		todo = append(todo, e)
	}
	budget := m.Bytes
	for i, e := range todo {
		n, err := fetchFile(ctx, opts.Client, opts.From+escapePath(e.Path), filepath.Join(tmp, filepath.FromSlash(e.Path)), e, min(m.Largest, budget))
		if err != nil {
			return "", err
		}
		budget -= n
		res.Fetched++
		res.Bytes += n
		if opts.Progress != nil {
			opts.Progress(i+1, len(todo), res.Bytes)
		}
	}
	for _, f := range []struct {
		rel  string
		data []byte
	}{{manifest.Name, text}, {manifest.SigName, sig}} {
		name := filepath.Join(tmp, filepath.FromSlash(f.rel))
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			return "", err
		}
		if err := os.WriteFile(name, f.data, 0o644); err != nil {
			return "", err
		}
	}
	rel := filepath.Join("releases", strconv.FormatInt(m.Serial, 10))
	final := filepath.Join(dir, rel)
	if err := os.RemoveAll(final); err != nil { // left by a pull killed before its swap
		return "", err
	}
	if err := os.Rename(tmp, final); err != nil {
		return "", err
	}
	ok = true
	return rel, nil
}

func lookup(m *manifest.Manifest, p string) (manifest.Entry, bool) {
	if m == nil {
		return manifest.Entry{}, false
	}
	return m.Lookup(p)
}

// fetchFile downloads url into name, reading at most limit bytes and
// checking the entry's hash as it writes. It returns the bytes written.
func fetchFile(ctx context.Context, c *http.Client, url, name string, e manifest.Entry, limit int64) (int64, error) {
	body, err := get(ctx, c, url)
	if err != nil {
		return 0, err
	}
	defer body.Close()
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", e.Path, err)
	}
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(f, h), io.LimitReader(body, limit+1))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	switch {
	case err != nil:
		return n, fmt.Errorf("fetch %s: %w (transfer interrupted?)", url, err)
	case n > limit:
		return n, fmt.Errorf("fetch %s: larger than the signed manifest allows (%d bytes)", url, limit)
	case [32]byte(h.Sum(nil)) != e.Sum:
		return n, fmt.Errorf("fetch %s: content differs from the signed manifest (SHA-256 mismatch)", url)
	}
	return n, nil
}

// fetchSmall returns the body of url, at most limit bytes.
func fetchSmall(ctx context.Context, c *http.Client, url string, limit int64) ([]byte, error) {
	body, err := get(ctx, c, url)
	if err != nil {
		return nil, err
	}
	defer body.Close()
	data, err := io.ReadAll(io.LimitReader(body, limit+1))
	if err != nil {
		return nil, fmt.Errorf("fetch %s: %w", url, err)
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("fetch %s: larger than %d bytes", url, limit)
	}
	return data, nil
}

func get(ctx context.Context, c *http.Client, url string) (io.ReadCloser, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	resp, err := c.Do(req)
	if err != nil {
		return nil, fmt.Errorf("fetch: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		resp.Body.Close()
		return nil, fmt.Errorf("fetch %s: %s", url, resp.Status)
	}
	return resp.Body, nil
}

// escapePath escapes each segment of a manifest path for a URL.
func escapePath(p string) string {
	segs := strings.Split(p, "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	return strings.Join(segs, "/")
}

// filesDigest identifies the files a manifest lists, whatever its expiry.
func filesDigest(m *manifest.Manifest) string {
	h := sha256.New()
	for _, e := range m.Entries {
		fmt.Fprintf(h, "%s\x00%x\n", e.Path, e.Sum)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// swap points DIR/current at release by renaming a new symlink over it,
// so the web server sees the old tree or the new one, never neither.
func swap(dir, release string) error {
	var b [8]byte
	rand.Read(b[:])
	tmp := filepath.Join(dir, ".current-"+hex.EncodeToString(b[:]))
	if err := os.Symlink(release, tmp); err != nil {
		return err
	}
	if err := os.Rename(tmp, filepath.Join(dir, "current")); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("swap current: %w", err)
	}
	return syncDir(dir)
}

func readState(dir string) (state, error) {
	var st state
	data, err := os.ReadFile(filepath.Join(dir, "state.json"))
	if errors.Is(err, os.ErrNotExist) {
		return st, nil
	}
	if err != nil {
		return st, err
	}
	if err := json.Unmarshal(data, &st); err != nil {
		return st, fmt.Errorf("%s: %w (fix or remove it; it records the accepted serial)", filepath.Join(dir, "state.json"), err)
	}
	return st, nil
}

func writeState(dir string, st state) error {
	data, _ := json.MarshalIndent(st, "", "  ")
	name := filepath.Join(dir, "state.json")
	f, err := os.Create(name + ".tmp")
	if err != nil {
		return err
	}
	_, err = f.Write(append(data, '\n'))
	if serr := f.Sync(); err == nil {
		err = serr
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(name+".tmp", name)
	}
	if err != nil {
		os.Remove(name + ".tmp")
		return fmt.Errorf("record state: %w", err)
	}
	return syncDir(dir)
}

// prune removes releases beyond the newest keep, never the one being
// served.
func prune(dir string, keep int, serving string) error {
	entries, err := os.ReadDir(filepath.Join(dir, "releases"))
	if err != nil {
		return err
	}
	var serials []int64
	for _, e := range entries {
		if n, err := strconv.ParseInt(e.Name(), 10, 64); err == nil {
			serials = append(serials, n)
		}
	}
	slices.Sort(serials)
	for i, n := range serials {
		rel := filepath.Join("releases", strconv.FormatInt(n, 10))
		if i < len(serials)-keep && rel != serving {
			if err := os.RemoveAll(filepath.Join(dir, rel)); err != nil {
				return err
			}
		}
	}
	return nil
}

// removeStaging removes what killed pulls left behind.
func removeStaging(dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".staging-") || strings.HasPrefix(e.Name(), ".current-") {
			if err := os.RemoveAll(filepath.Join(dir, e.Name())); err != nil {
				return err
			}
		}
	}
	return nil
}

// lock takes DIR/.lock so two pulls (an overlapping timer) never race.
func lock(dir string) (func(), error) {
	l, err := filelock.TryLock(filepath.Join(dir, ".lock"))
	if errors.Is(err, filelock.ErrBusy) {
		return nil, fmt.Errorf("%s: another pull is running", dir)
	}
	if err != nil {
		return nil, err
	}
	return l.Release, nil
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, errors.ErrUnsupported) {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	return nil
}
