package mirror

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/congbo/congbo/internal/manifest"
)

// origin serves a site directory over HTTP; hook, when set, may answer a
// request itself (to misbehave) by returning true.
type origin struct {
	dir  string
	mu   sync.Mutex
	hook func(w http.ResponseWriter, r *http.Request) bool
}

func (o *origin) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	o.mu.Lock()
	hook := o.hook
	o.mu.Unlock()
	if hook != nil && hook(w, r) {
		return
	}
	data, err := os.ReadFile(filepath.Join(o.dir, filepath.FromSlash(path.Clean(r.URL.Path))))
	if err != nil {
		http.NotFound(w, r)
		return
	}
	w.Write(data)
}

func (o *origin) setHook(h func(w http.ResponseWriter, r *http.Request) bool) {
	o.mu.Lock()
	o.hook = h
	o.mu.Unlock()
}

type fixture struct {
	t      *testing.T
	pub    manifest.PublicKey
	sec    manifest.SecretKey
	origin *origin
	url    string
	mirror string
}

func newFixture(t *testing.T) *fixture {
	pubText, secText, err := manifest.KeyGen("")
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{t: t, origin: &origin{dir: t.TempDir()}, mirror: filepath.Join(t.TempDir(), "mirror")}
	if err := f.pub.UnmarshalText(bytes.TrimSpace(pubText)); err != nil {
		t.Fatal(err)
	}
	if f.sec, err = manifest.ParseSecretKey("k", secText, ""); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(f.origin)
	t.Cleanup(srv.Close)
	f.url = srv.URL + "/"
	return f
}

// publish replaces the origin's site with files, signed with serial.
func (f *fixture) publish(serial int64, files map[string]string) {
	f.t.Helper()
	os.RemoveAll(f.origin.dir)
	for name, data := range files {
		p := filepath.Join(f.origin.dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			f.t.Fatal(err)
		}
	}
	f.sign(manifest.Params{BaseURL: "https://x.gov.vn/", Serial: serial, Built: time.Now()})
}

func (f *fixture) sign(p manifest.Params) {
	f.t.Helper()
	_, text, sig, err := manifest.Make(f.origin.dir, p, f.sec)
	if err != nil {
		f.t.Fatal(err)
	}
	if err := manifest.WriteSigned(f.origin.dir, text, sig); err != nil {
		f.t.Fatal(err)
	}
}

func (f *fixture) pull() (*Result, error) {
	return Pull(context.Background(), Options{From: f.url, To: f.mirror, Pub: f.pub, Site: "x.gov.vn", Client: NewClient(2 * time.Second)})
}

// serving checks that the mirror serves exactly the signed release serial.
func (f *fixture) serving(serial int64) {
	f.t.Helper()
	target, err := os.Readlink(filepath.Join(f.mirror, "current"))
	if want := filepath.Join("releases", strconv.FormatInt(serial, 10)); err != nil || target != want {
		f.t.Fatalf("current → %q (%v), want %q", target, err, want)
	}
	m, problems, err := manifest.VerifyDir(filepath.Join(f.mirror, "current"), f.pub, time.Now())
	if err != nil || len(problems) > 0 || m.Serial != serial {
		f.t.Fatalf("served release: %v %v serial %v", err, problems, m)
	}
	st, err := readState(f.mirror)
	if err != nil || st.Serial != serial {
		f.t.Fatalf("state %+v (%v), want serial %d", st, err, serial)
	}
}

var siteV1 = map[string]string{
	"index.html":             "<h1>Trang chủ</h1>",
	"tin/a/index.html":       "A",
	"tin tức/b.html":         "B with a space",
	"css/style.0123abcd.css": "body{}",
}

// siteV2 is siteV1 with a new home page.
func siteV2() map[string]string {
	v2 := map[string]string{"index.html": "<h1>Trang chủ mới</h1>"}
	for k, v := range siteV1 {
		if _, ok := v2[k]; !ok {
			v2[k] = v
		}
	}
	return v2
}

func TestPullUpdates(t *testing.T) {
	f := newFixture(t)
	f.publish(1, siteV1)
	res, err := f.pull()
	if err != nil {
		t.Fatal(err)
	}
	if res.Fetched != 4 || res.Reused != 0 {
		t.Errorf("first pull fetched %d, reused %d; want 4, 0", res.Fetched, res.Reused)
	}
	f.serving(1)

	if res, err := f.pull(); err != nil || !res.Unchanged {
		t.Errorf("pull of the same serial: %+v, %v; want unchanged", res, err)
	}

	v2 := map[string]string{"tin/a/index.html": "A, corrected"}
	for k, v := range siteV1 {
		if _, ok := v2[k]; !ok {
			v2[k] = v
		}
	}
	f.publish(2, v2)
	res, err = f.pull()
	if err != nil {
		t.Fatal(err)
	}
	if res.Fetched != 1 || res.Reused != 3 {
		t.Errorf("update fetched %d, reused %d; want 1, 3", res.Fetched, res.Reused)
	}
	f.serving(2)
	if _, err := os.Stat(filepath.Join(f.mirror, "releases", "1", "index.html")); err != nil {
		t.Errorf("previous release not kept: %v", err)
	}
}

// TestPullRefusesAttacks: after each attack the mirror still serves
// serial 5 exactly.
func TestPullRefusesAttacks(t *testing.T) {
	tests := []struct {
		name   string
		attack func(f *fixture)
		want   string
	}{
		{"changed byte", func(f *fixture) {
			f.publish(6, siteV2())
			os.WriteFile(filepath.Join(f.origin.dir, "index.html"), []byte("<h1>Trang chủ mớI</h1>"), 0o644)
		}, "index.html: content differs from the signed manifest"},
		{"swapped signature", func(f *fixture) {
			old, _ := os.ReadFile(filepath.Join(f.origin.dir, manifest.SigName))
			f.publish(6, map[string]string{"index.html": "defaced"})
			os.WriteFile(filepath.Join(f.origin.dir, manifest.SigName), old, 0o644)
		}, "signature does not verify"},
		{"older serial", func(f *fixture) { f.publish(4, siteV1) }, "serial 4 is lower than the 5 already served (rollback refused)"},
		{"expired manifest", func(f *fixture) {
			f.publish(6, siteV1)
			f.sign(manifest.Params{BaseURL: "https://x.gov.vn/", Serial: 6, Built: time.Now().Add(-48 * time.Hour), Expires: time.Now().Add(-time.Hour)})
		}, "expired at"},
		{"same serial, other files", func(f *fixture) { f.publish(5, map[string]string{"index.html": "other"}) }, "equivocation refused"},
		{"another site, same key", func(f *fixture) {
			f.publish(6, siteV1)
			f.sign(manifest.Params{BaseURL: "https://other.gov.vn/", Serial: 6, Built: time.Now()})
		}, `for site "other.gov.vn", not "x.gov.vn"`},
		{"path escaping the mirror", func(f *fixture) {
			f.publish(6, siteV1)
			h := manifest.Header{Version: 1, Site: "x.gov.vn", BaseURL: "https://x.gov.vn/", Serial: 6, Built: time.Now().Truncate(time.Second),
				Expires: time.Now().Add(time.Hour).Truncate(time.Second), Files: 1, Bytes: 1, Largest: 1}
			m := &manifest.Manifest{Header: h, Entries: []manifest.Entry{{Path: "../x"}}}
			text := m.Marshal()
			manifest.WriteSigned(f.origin.dir, text, manifest.Sign(text, h, f.sec))
		}, `"../x": unsafe path`},
		{"oversize file", func(f *fixture) {
			f.publish(6, siteV2())
			f.origin.setHook(func(w http.ResponseWriter, r *http.Request) bool {
				if r.URL.Path != "/index.html" {
					return false
				}
				w.Write(bytes.Repeat([]byte("x"), 1<<20))
				return true
			})
		}, "larger than the signed manifest allows"},
		{"server stops mid-transfer", func(f *fixture) {
			f.publish(6, map[string]string{"index.html": strings.Repeat("x", 100000)})
			f.origin.setHook(func(w http.ResponseWriter, r *http.Request) bool {
				if r.URL.Path != "/index.html" {
					return false
				}
				w.Header().Set("Content-Length", "100000")
				w.Write([]byte(strings.Repeat("x", 50000)))
				conn, _, _ := w.(http.Hijacker).Hijack()
				conn.Close()
				return true
			})
		}, "transfer interrupted"},
		{"timeout", func(f *fixture) {
			f.publish(6, map[string]string{"index.html": "slow"})
			f.origin.setHook(func(w http.ResponseWriter, r *http.Request) bool {
				if r.URL.Path != "/index.html" {
					return false
				}
				select {
				case <-r.Context().Done():
				case <-time.After(5 * time.Second):
				}
				return true
			})
		}, "Timeout"},
		{"missing file", func(f *fixture) {
			f.publish(6, siteV2())
			os.Remove(filepath.Join(f.origin.dir, "index.html"))
		}, "404 Not Found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			f.publish(5, siteV1)
			if _, err := f.pull(); err != nil {
				t.Fatal(err)
			}
			tt.attack(f)
			_, err := f.pull()
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("pull error %v, want it to contain %q", err, tt.want)
			}
			f.serving(5)
			entries, _ := os.ReadDir(f.mirror)
			for _, e := range entries {
				if strings.HasPrefix(e.Name(), ".staging-") {
					t.Errorf("staging directory %s left behind", e.Name())
				}
			}
		})
	}
}

// TestPullAfterKill: a pull killed mid-way leaves a staging directory and
// perhaps a complete release that was never swapped in; the next pull
// serves the old release until it has a verified new one.
func TestPullAfterKill(t *testing.T) {
	f := newFixture(t)
	f.publish(5, siteV1)
	if _, err := f.pull(); err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Join(f.mirror, ".staging-123", "tin"), 0o755)
	os.WriteFile(filepath.Join(f.mirror, ".staging-123", "tin", "half"), []byte("x"), 0o644)
	os.MkdirAll(filepath.Join(f.mirror, "releases", "6"), 0o755)
	os.WriteFile(filepath.Join(f.mirror, "releases", "6", "junk"), []byte("x"), 0o644)
	f.serving(5)
	f.publish(6, siteV1)
	if _, err := f.pull(); err != nil {
		t.Fatal(err)
	}
	f.serving(6)
	if _, err := os.Stat(filepath.Join(f.mirror, ".staging-123")); !os.IsNotExist(err) {
		t.Errorf("stale staging directory kept: %v", err)
	}
}
