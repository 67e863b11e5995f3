package headers

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var testSite = Site{
	Redirects: []Redirect{{"/Pages/TinTuc.aspx/", "/tin/a/"}, {"/cu/tin-a/", "/tin/a/"}, {"/legacy/page.html", "/tin/a/"}},
	Immutable: []string{"/css/style.0123abcd.css"},
}

// TestHeadersFileOneRuleEach checks the _headers trap: rules matching one
// URL are joined with commas, so each header may be in one rule only, and
// Cache-Control only in rules that match disjoint URLs.
func TestHeadersFileOneRuleEach(t *testing.T) {
	files, err := Files(testSite)
	if err != nil {
		t.Fatal(err)
	}
	text := string(files[HeadersFile])
	for _, h := range Security() {
		if n := strings.Count(text, "\n  "+h.Name+": "); n != 1 {
			t.Errorf("%s appears in %d rules of _headers, want 1", h.Name, n)
		}
	}
	star := strings.SplitN(strings.SplitN(text, "\n/*\n", 2)[1], "\n/", 2)[0]
	if strings.Contains(star, "Cache-Control") {
		t.Errorf("the /* rule sets Cache-Control, which would merge with the asset rules:\n%s", star)
	}
	for _, want := range []string{"/css/style.0123abcd.css\n  Cache-Control: " + CacheImmutable, "/.well-known/congbo-manifest.txt\n  Cache-Control: no-cache"} {
		if !strings.Contains(text, want) {
			t.Errorf("_headers lacks %q", want)
		}
	}
	redirects := string(files[RedirectsFile])
	for _, want := range []string{"/cu/tin-a /tin/a/ 301\n", "/cu/tin-a/ /tin/a/ 301\n", "/cu/tin-a/index.html /tin/a/ 301\n", "/legacy/page.html /tin/a/ 301\n"} {
		if !strings.Contains(redirects, want) {
			t.Errorf("_redirects lacks %q", want)
		}
	}
	if !strings.Contains(string(files[HtaccessFile]), `RedirectMatch 301 "^/cu/tin-a(/|/index\.html)?$" "/tin/a/"`) {
		t.Errorf(".htaccess lacks the alias redirect:\n%s", files[HtaccessFile])
	}
}

func TestUnsafeURLRefused(t *testing.T) {
	for _, u := range []string{`/a"b/`, "/a b/", "/$host/", "/a;b", "relative/"} {
		_, err := Files(Site{Redirects: []Redirect{{u, "/x/"}}})
		if err == nil {
			t.Errorf("Files accepted alias %q", u)
		}
	}
}

// TestNginx runs the real nginx on 127.0.0.1 with the generated include
// and checks, over HTTP, that every response class carries every header
// exactly once, with the right caching, redirects and 404 page.
func TestNginx(t *testing.T) {
	bin := requireTool(t, "nginx")
	root := writeTestSite(t)
	port := freePort(t)
	work := t.TempDir()
	user := ""
	if os.Geteuid() == 0 {
		user = "user root;" // workers must read the test's temporary directory
	}
	conf := fmt.Sprintf(`%s
daemon off;
master_process off;
pid %[2]s/nginx.pid;
error_log %[2]s/error.log;
events { worker_connections 64; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path %[2]s/body;
    proxy_temp_path %[2]s/proxy;
    fastcgi_temp_path %[2]s/fastcgi;
    uwsgi_temp_path %[2]s/uwsgi;
    scgi_temp_path %[2]s/scgi;
    server {
        listen 127.0.0.1:%[3]d;
        root %[4]s;
        include %[4]s/%[5]s;
    }
}
`, user, work, port, root, NginxFile)
	confPath := filepath.Join(work, "nginx.conf")
	os.WriteFile(confPath, []byte(conf), 0o644)
	if out, err := exec.Command(bin, "-t", "-e", "stderr", "-p", work, "-c", confPath).CombinedOutput(); err != nil || !strings.Contains(string(out), "test is successful") {
		t.Fatalf("nginx -t: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "-e", "stderr", "-p", work, "-c", confPath)
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	base := fmt.Sprintf("http://127.0.0.1:%d", port)
	waitHTTP(t, base+"/")
	checkResponses(t, base, responseCases(), "nginx")
}

// requireTool returns the path of a server binary, skipping the test when
// it is absent unless CONGBO_REQUIRE_TOOLS is set (as in CI).
func requireTool(t *testing.T, name string) string {
	t.Helper()
	bin, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CONGBO_REQUIRE_TOOLS") != "" {
			t.Fatalf("%s is not installed and CONGBO_REQUIRE_TOOLS is set", name)
		}
		t.Skipf("%s is not installed", name)
	}
	return bin
}

// writeTestSite writes a small built site with every generated config
// into a fresh directory that any user can read (servers drop root).
func writeTestSite(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	os.Chmod(filepath.Dir(root), 0o755)
	os.Chmod(root, 0o755)
	files, err := Files(testSite)
	if err != nil {
		t.Fatal(err)
	}
	site := map[string]string{
		"index.html":                      "<!doctype html><title>Trang chủ</title>",
		"404.html":                        "<!doctype html><title>Không tìm thấy</title>",
		"tin/index.html":                  "<!doctype html><title>Tin</title>",
		"tin/a/index.html":                "<!doctype html><title>A</title>",
		"cu/tin-a/index.html":             "<!doctype html><meta http-equiv=refresh content=\"0; url=/tin/a/\">",
		"Pages/TinTuc.aspx/index.html":    "<!doctype html><meta http-equiv=refresh content=\"0; url=/tin/a/\">",
		"css/style.0123abcd.css":          "body{margin:0}",
		"favicon.svg":                     "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
		"hop-bao/lich.ics":                "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n",
		".well-known/congbo-manifest.txt": "# congbo-manifest: 1\n",
	}
	for name, data := range files {
		site[name] = string(data)
	}
	for name, data := range site {
		p := filepath.Join(root, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// responseCase is one request to a server running a generated config
// over writeTestSite, and what its answer must be besides the headers
// every response carries.
type responseCase struct {
	path, location, cache, body, ctype string
	status                             int
}

// responseCases are the requests every server must answer alike: each
// response class (HTML, CSS, other files, the manifest, 301, 404).
func responseCases() []responseCase {
	return []responseCase{
		{"/", "", CacheShort, "Trang chủ", "text/html; charset=utf-8", 200},
		{"/tin/a/", "", CacheShort, "<title>A", "text/html; charset=utf-8", 200},
		{"/css/style.0123abcd.css", "", CacheImmutable, "margin", "text/css; charset=utf-8", 200},
		{"/favicon.svg", "", CacheShort, "svg", "image/svg+xml; charset=utf-8", 200},
		{"/hop-bao/lich.ics", "", CacheShort, "VCALENDAR", "text/calendar; charset=utf-8", 200},
		{"/.well-known/congbo-manifest.txt", "", CacheNone, "congbo-manifest", "text/plain; charset=utf-8", 200},
		{"/_server/nginx.conf", "", CacheShort, "add_header", "", 200},
		{"/cu/tin-a/", "/tin/a/", CacheShort, "", "", 301},
		{"/cu/tin-a", "/tin/a/", CacheShort, "", "", 301},
		{"/cu/tin-a/index.html", "/tin/a/", CacheShort, "", "", 301},
		{"/legacy/page.html", "/tin/a/", CacheShort, "", "", 301},
		{"/Pages/TinTuc.aspx", "/tin/a/", CacheShort, "", "", 301}, // an old CMS address, as written
		{"/tin", "/tin/", CacheShort, "", "", 301},                 // the server's own directory redirect
		{"/khong-co/", "", CacheShort, "Không tìm thấy", "text/html; charset=utf-8", 404},
		{"/css/style.ffffffff.css", "", CacheShort, "Không tìm thấy", "text/html; charset=utf-8", 404},
		{"/khong-co.svg", "", CacheShort, "Không tìm thấy", "text/html; charset=utf-8", 404},
	}
}

// checkResponses requests each case from the server at base and checks
// status, every security header exactly once, Cache-Control, Location
// (root-relative, or absolute on base), body, Content-Type, and that the
// Server header is server (its name only, no version; "" for none).
func checkResponses(t *testing.T, base string, cases []responseCase, server string) {
	t.Helper()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for _, tt := range cases {
		t.Run(tt.path, func(t *testing.T) {
			resp, err := client.Get(base + tt.path)
			if err != nil {
				t.Fatal(err)
			}
			body := readAll(resp)
			if resp.StatusCode != tt.status {
				t.Errorf("status %d, want %d", resp.StatusCode, tt.status)
			}
			for _, h := range append(Security(), Header{"Cache-Control", tt.cache}) {
				if got := resp.Header.Values(h.Name); len(got) != 1 || got[0] != h.Value {
					t.Errorf("%s: %q, want exactly once %q", h.Name, got, h.Value)
				}
			}
			if got := strings.TrimPrefix(resp.Header.Get("Location"), base); got != tt.location {
				t.Errorf("Location %q, want %q", resp.Header.Get("Location"), tt.location)
			}
			if !strings.Contains(body, tt.body) {
				t.Errorf("body %q lacks %q", body, tt.body)
			}
			if tt.ctype != "" && resp.Header.Get("Content-Type") != tt.ctype {
				t.Errorf("Content-Type %q, want %q", resp.Header.Get("Content-Type"), tt.ctype)
			}
			if s := resp.Header.Get("Server"); s != server {
				t.Errorf("Server %q, want %q", s, server)
			}
		})
	}
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func waitHTTP(t *testing.T, url string) {
	t.Helper()
	for range 100 {
		if resp, err := http.Get(url); err == nil {
			resp.Body.Close()
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("the server did not answer at %s", url)
}

func readAll(resp *http.Response) string {
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}
