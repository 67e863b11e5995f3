// Package headers writes ready server configs for a built site: an nginx
// include, an Apache .htaccess, a Caddyfile snippet, and _headers and
// _redirects files (Netlify, Cloudflare Pages). A static generator cannot
// set HTTP headers itself, so each config carries the same security
// headers, caching, alias redirects (real 301s) and 404 page.
//
// Every header must appear exactly once on every response (200, 301,
// 404). Each format has its own trap, handled where it is written: nginx
// drops inherited add_header lines in a location that has its own, and
// sends none on error pages without "always"; _headers joins the values
// of every matching rule with commas, so each header lives in one rule.
package headers

import (
	"fmt"
	"github.com/congbo/congbo/internal/minhtml"
	"io/fs"
	"maps"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/congbo/congbo/internal/manifest"
	"github.com/congbo/congbo/internal/site"
)

// Where the configs are written, relative to the site's root. .htaccess,
// _headers and _redirects must sit at the root to take effect.
const (
	NginxFile     = "_server/nginx.conf"
	CaddyFile     = "_server/Caddyfile"
	HtaccessFile  = ".htaccess"
	HeadersFile   = "_headers"
	RedirectsFile = "_redirects"
)

// Names are the paths of every config Files returns.
var Names = []string{NginxFile, CaddyFile, HtaccessFile, HeadersFile, RedirectsFile}

// Cache-Control values by kind of file.
const (
	CacheShort     = "public, max-age=300"                 // HTML, feeds, everything not fingerprinted
	CacheImmutable = "public, max-age=31536000, immutable" // fingerprinted assets: a change makes a new name
	CacheNone      = "no-cache"                            // the signed manifest: mirrors must see a new serial at once
)

// CSP allows only the site's own resources, no inline script or style,
// no framing, no <base> and forms posting to the site only: what the
// Mozilla HTTP Observatory scores A+.
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; " +
	"connect-src 'self'; media-src 'self'; manifest-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"

// Header is one response header.
type Header struct{ Name, Value string }

// Security returns the headers every response carries, Cache-Control aside.
// HSTS has no includeSubDomains: an agency's other hosts may not all
// speak HTTPS yet, and the Observatory does not require it.
func Security() []Header {
	return []Header{
		{"Content-Security-Policy", CSP},
		{"Strict-Transport-Security", "max-age=63072000"},
		{"X-Content-Type-Options", "nosniff"},
		{"X-Frame-Options", "DENY"},
		{"Referrer-Policy", "strict-origin-when-cross-origin"},
		{"Permissions-Policy", "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()"},
		{"Cross-Origin-Opener-Policy", "same-origin"},
		{"Cross-Origin-Resource-Policy", "same-origin"},
	}
}

// fingerprinted matches the names of fingerprinted assets, like
// css/style.fc808b0b.css: eight or more hex digits before the extension.
// The same pattern is written into the server configs.
const fingerprinted = `\.[0-9a-f]{8,64}\.[A-Za-z0-9]+$`

// noCache lists the URLs served with CacheNone: the signed manifest.
func noCache() []string { return []string{"/" + manifest.Name, "/" + manifest.SigName} }

// Redirect is an alias: a 301 from one root-relative URL to another.
type Redirect struct{ From, To string }

// Site is what the configs depend on.
type Site struct {
	Redirects []Redirect // sorted by From
	Immutable []string   // root-relative URLs of fingerprinted files, sorted
}

// FromGraph collects the redirects of g's aliases and the fingerprinted
// files among written (slash paths relative to the output root).
func FromGraph(g *site.Graph, written []string) Site {
	var s Site
	for _, a := range g.Aliases {
		s.Redirects = append(s.Redirects, Redirect{From: a.URL, To: a.Target.URL})
	}
	slices.SortFunc(s.Redirects, func(a, b Redirect) int { return strings.Compare(a.From, b.From) })
	re := regexp.MustCompile(fingerprinted)
	for _, p := range written {
		if re.MatchString(p) {
			s.Immutable = append(s.Immutable, "/"+p)
		}
	}
	slices.Sort(s.Immutable)
	return s
}

// Writer is where the configs go (a publish.Stager).
type Writer interface {
	WriteRaw(rel string, data []byte) error
}

// Write writes every config for s to w.
func Write(w Writer, s Site) error {
	files, err := Files(s)
	if err != nil {
		return err
	}
	for _, name := range slices.Sorted(maps.Keys(files)) {
		if err := w.WriteRaw(name, files[name]); err != nil {
			return err
		}
	}
	return nil
}

// Files returns every config for s by its path in the output.
func Files(s Site) (map[string][]byte, error) {
	for _, r := range s.Redirects {
		for _, u := range []string{r.From, r.To} {
			if err := checkURL(u); err != nil {
				return nil, fmt.Errorf("alias %s → %s: %w", r.From, r.To, err)
			}
		}
	}
	for _, u := range s.Immutable {
		if err := checkURL(u); err != nil {
			return nil, err
		}
	}
	return map[string][]byte{
		NginxFile:     nginx(s),
		CaddyFile:     caddy(s),
		HtaccessFile:  htaccess(s),
		HeadersFile:   netlifyHeaders(s),
		RedirectsFile: netlifyRedirects(s),
	}, nil
}

// checkURL keeps URLs written into configs to characters that need no
// quoting in any of them. Site URLs are slugs, so this only fails on a
// bug elsewhere or a hand-made URL.
func checkURL(u string) error {
	if !strings.HasPrefix(u, "/") {
		return fmt.Errorf("URL %q is not root-relative", u)
	}
	for _, r := range u {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("/-._~", r)) {
			return fmt.Errorf("URL %q has %q, which server configs cannot carry unquoted (use ASCII letters, digits and - . _ ~)", u, r)
		}
	}
	return nil
}

// redirectSources lists the request paths that should redirect for an
// alias From: "/a/" is also reached as "/a" and "/a/index.html".
func redirectSources(from string) []string {
	if strings.HasSuffix(from, "/") && from != "/" {
		return []string{strings.TrimSuffix(from, "/"), from, from + "index.html"}
	}
	return []string{from}
}

// Recorder is a render.Writer that passes writes on and remembers the
// paths written, so the configs can name the fingerprinted files. It is
// safe for concurrent use.
type Recorder struct {
	W interface {
		Write(rel string, data []byte) error
		WriteRaw(rel string, data []byte) error
		Copy(rel string, src fs.FS, name string) error
	}
	mu    sync.Mutex
	paths []string
}

func (r *Recorder) note(rel string) {
	r.mu.Lock()
	r.paths = append(r.paths, rel)
	r.mu.Unlock()
}

// Write passes on to W.Write.
func (r *Recorder) Write(rel string, data []byte) error {
	r.note(rel)
	return r.W.Write(rel, data)
}

// WriteSpans passes on to W.WriteSpans, or to W.Write when W has no
// WriteSpans (the spans change no byte written).
func (r *Recorder) WriteSpans(rel string, data []byte, spans []minhtml.Span) error {
	r.note(rel)
	if w, ok := r.W.(interface {
		WriteSpans(rel string, data []byte, spans []minhtml.Span) error
	}); ok {
		return w.WriteSpans(rel, data, spans)
	}
	return r.W.Write(rel, data)
}

// WriteRaw passes on to W.WriteRaw.
func (r *Recorder) WriteRaw(rel string, data []byte) error {
	r.note(rel)
	return r.W.WriteRaw(rel, data)
}

// Copy passes on to W.Copy.
func (r *Recorder) Copy(rel string, src fs.FS, name string) error {
	r.note(rel)
	return r.W.Copy(rel, src, name)
}

// Paths returns the paths written so far.
func (r *Recorder) Paths() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.paths)
}
