package server

import (
	"bytes"
	"fmt"
	"html"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"time"
)

// ServeHTTP serves the server's own files under Prefix and the site's
// files from memory.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", csp)
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		h.Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	switch r.URL.Path {
	case Prefix + "events":
		s.events(w, r)
		return
	case Prefix + "livereload.js":
		s.asset(w, r, "assets/livereload.js")
		return
	case Prefix + "overlay.css":
		s.asset(w, r, "assets/overlay.css")
		return
	}
	st := s.state.Load()
	if st.site == nil {
		s.noSite(w, st)
		return
	}
	rel, status := lookup(st.site.Files, r.URL.Path)
	switch status {
	case http.StatusMovedPermanently:
		target := r.URL.Path + "/"
		if r.URL.RawQuery != "" {
			target += "?" + r.URL.RawQuery
		}
		http.Redirect(w, r, target, status)
		return
	case http.StatusNotFound:
		if _, ok := st.site.Files["404.html"]; !ok {
			http.NotFound(w, r)
			return
		}
		rel = "404.html"
	}
	data := st.site.Files[rel]
	h.Set("Content-Type", contentType(rel))
	if isHTML(rel) {
		data = inject(data, st.gen, st.errs)
	}
	if status == http.StatusNotFound {
		w.WriteHeader(status)
		if r.Method != http.MethodHead {
			w.Write(data)
		}
		return
	}
	http.ServeContent(w, r, rel, time.Time{}, bytes.NewReader(data))
}

// lookup maps a URL path to a file of the site: the file itself, or the
// index.html of a directory. A directory asked for without its slash is
// redirected (301), so relative links resolve as on a real server.
func lookup(files map[string][]byte, urlPath string) (rel string, status int) {
	p := path.Clean("/" + urlPath)
	rel = strings.TrimPrefix(p, "/")
	dir := strings.HasSuffix(urlPath, "/") || rel == ""
	if dir {
		rel = path.Join(rel, "index.html")
		if _, ok := files[rel]; ok {
			return rel, http.StatusOK
		}
		return "", http.StatusNotFound
	}
	if _, ok := files[rel]; ok {
		return rel, http.StatusOK
	}
	if _, ok := files[rel+"/index.html"]; ok {
		return "", http.StatusMovedPermanently
	}
	return "", http.StatusNotFound
}

func isHTML(rel string) bool {
	ext := strings.ToLower(path.Ext(rel))
	return ext == ".html" || ext == ".htm"
}

// contentType names the media type of rel by extension: a fixed table for
// what congbo writes (not the host's mime.types), else the mime package.
func contentType(rel string) string {
	switch strings.ToLower(path.Ext(rel)) {
	case ".html", ".htm":
		return "text/html; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	case ".js", ".mjs":
		return "text/javascript; charset=utf-8"
	case ".json":
		return "application/json"
	case ".xml":
		return "application/xml"
	case ".rss":
		return "application/rss+xml"
	case ".atom":
		return "application/atom+xml"
	case ".txt":
		return "text/plain; charset=utf-8"
	case ".ics":
		return "text/calendar; charset=utf-8"
	case ".vcf":
		return "text/vcard; charset=utf-8"
	case ".svg":
		return "image/svg+xml"
	case ".webmanifest":
		return "application/manifest+json"
	case ".minisig", ".sig":
		return "text/plain; charset=utf-8"
	}
	if t := mime.TypeByExtension(path.Ext(rel)); t != "" {
		return t
	}
	return "application/octet-stream"
}

// inject adds the live-reload script (and, while a build is failing, the
// error overlay) to an HTML page as it is served; the stored page is not
// changed. The script sits before </head>, the overlay right after <body>.
func inject(page []byte, gen string, errs []string) []byte {
	head := `<script src="` + Prefix + `livereload.js" data-gen="` + html.EscapeString(gen) + `" defer></script>`
	if len(errs) > 0 {
		head += `<link rel="stylesheet" href="` + Prefix + `overlay.css">`
	}
	out := make([]byte, 0, len(page)+len(head)+200*len(errs)+300)
	rest := page
	if i := indexFold(rest, "</head>"); i >= 0 {
		out = append(out, rest[:i]...)
		out = append(out, head...)
		rest = rest[i:]
	} else {
		out = append(out, head...)
	}
	if len(errs) > 0 {
		if i := indexFold(rest, "<body"); i >= 0 {
			if j := bytes.IndexByte(rest[i:], '>'); j >= 0 {
				out = append(out, rest[:i+j+1]...)
				rest = rest[i+j+1:]
			}
		}
		out = append(out, overlay(errs)...)
	}
	return append(out, rest...)
}

// indexFold is bytes.Index for a lowercase ASCII needle, ignoring the
// case of ASCII letters in s.
func indexFold(s []byte, needle string) int {
	if i := bytes.Index(s, []byte(needle)); i >= 0 {
		return i // the usual case: templates write lowercase tags
	}
	n := len(needle)
outer:
	for i := 0; i+n <= len(s); i++ {
		for j := range n {
			c := s[i+j]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			if c != needle[j] {
				continue outer
			}
		}
		return i
	}
	return -1
}

// overlay is the error list shown on top of every page while the last
// build fails.
func overlay(errs []string) string {
	var b strings.Builder
	b.WriteString(`<section id="congbo-errors" role="alert" aria-labelledby="congbo-errors-title">`)
	fmt.Fprintf(&b, `<h2 id="congbo-errors-title">congbo: the last build failed with %d error(s); this is the last good version of the site</h2><ol>`, len(errs))
	for _, e := range errs {
		b.WriteString("<li><code>")
		b.WriteString(html.EscapeString(e))
		b.WriteString("</code></li>")
	}
	b.WriteString(`</ol><p>Fix the file and save it: this page reloads by itself.</p></section>`)
	return b.String()
}

// noSite answers every page before the first successful build.
func (s *Server) noSite(w http.ResponseWriter, st *state) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusServiceUnavailable)
	page := `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>congbo serve</title></head><body><main><p>The site has not been built yet.</p></main></body></html>`
	w.Write(inject([]byte(page), st.gen, st.errs))
}

// asset serves one of the server's own files.
func (s *Server) asset(w http.ResponseWriter, r *http.Request, name string) {
	data, err := fs.ReadFile(assets, name)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", contentType(name))
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(data))
}

// events is the Server-Sent Events stream: "hello" with the current
// generation on every connection, then "reload" after every build.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	fl, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	c := s.hub.subscribe() // before reading the state: no build is missed
	defer s.hub.unsubscribe(c)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("X-Accel-Buffering", "no")
	fmt.Fprintf(w, "retry: 1000\nevent: hello\ndata: %s\n\n", s.state.Load().gen)
	fl.Flush()
	ping := time.NewTicker(15 * time.Second)
	defer ping.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-s.stop:
			return
		case gen := <-c:
			fmt.Fprintf(w, "event: reload\ndata: %s\n\n", gen)
		case <-ping.C:
			fmt.Fprint(w, ": ping\n\n")
		}
		fl.Flush()
	}
}
