// Package server is the preview server of `congbo serve`: it serves the
// last good rendering of the site from memory, rebuilds it through a
// pluggable Builder when the watcher reports a change, and tells browsers
// to reload over Server-Sent Events.
//
// Live reload comes from a script file, /_congbo/livereload.js, added to
// HTML responses as <script src defer> when they are served: the stored
// site stays byte for byte what `congbo build` writes, and no inline
// script or style is needed, so the site's Content-Security-Policy holds
// (the server sends a strict one to prove it). When a build fails the
// previous site stays served and every HTML page shows an overlay listing
// each error as path:line:col: message, until a build succeeds again.
package server

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/congbo/congbo/internal/diag"
	"github.com/congbo/congbo/internal/render"
)

//go:embed assets
var assets embed.FS

// Prefix is the URL path under which the server's own files live; a site
// cannot use it.
const Prefix = "/_congbo/"

// csp is sent with every response: what the theme promises (no inline
// script or style, nothing from elsewhere), so preview shows a violation
// the day a layout breaks it.
const csp = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'"

// Options configure a Server.
type Options struct {
	Builder Builder
	// Logf receives a line per build: what was rebuilt and how long it
	// took, or every error. Nil discards them.
	Logf func(format string, args ...any)
}

// Server serves the site from memory. Its methods are safe for concurrent
// use; builds run one at a time.
type Server struct {
	builder Builder
	logf    func(format string, args ...any)

	buildMu sync.Mutex // one build at a time
	state   atomic.Pointer[state]
	hub     hub
	stop    chan struct{} // closed on shutdown: ends event streams
	once    sync.Once
}

// state is what the server shows; replaced whole after every build.
type state struct {
	site *Site    // the last good site; nil until a build succeeds
	errs []string // errors of the last build; nil when it succeeded
	gen  string   // names this state in the reload protocol
}

// New returns a Server with nothing built yet: call Rebuild with a Full
// change before serving, or it answers every request with a notice.
func New(opts Options) *Server {
	if opts.Logf == nil {
		opts.Logf = func(string, ...any) {}
	}
	s := &Server{builder: opts.Builder, logf: opts.Logf, stop: make(chan struct{})}
	s.hub.subs = map[chan string]struct{}{}
	// Generations start from the clock so that a browser left open across
	// a restart of congbo serve notices the new server and reloads.
	s.state.Store(&state{gen: fmt.Sprint(time.Now().UnixNano())})
	return s
}

// Rebuild builds the site after ch and publishes the result: on success
// the new site replaces the old one in one step; on failure the last good
// site stays and the errors are shown on every page. Either way browsers
// are told to reload. It returns the build's error.
func (s *Server) Rebuild(ctx context.Context, ch Change) error {
	s.buildMu.Lock()
	defer s.buildMu.Unlock()
	return s.rebuild(ctx, ch)
}

// rebuild is Rebuild with the build lock held.
func (s *Server) rebuild(ctx context.Context, ch Change) error {
	start := time.Now()
	site, err := s.builder.Build(ctx, ch)
	if err != nil && ctx.Err() != nil {
		return err // stopping: publish nothing
	}
	old := s.state.Load()
	next := &state{site: old.site, gen: nextGen(old.gen)}
	if err != nil {
		next.errs = errorLines(err)
		if len(next.errs) == 0 {
			next.errs = []string{err.Error()}
		}
	} else {
		next.site = site
	}
	s.state.Store(next)
	s.hub.publish(next.gen)

	took := time.Since(start)
	switch {
	case err != nil:
		still := "serving the last good site"
		if next.site == nil {
			still = "nothing to serve until it is fixed"
		}
		s.logf("congbo: build failed with %d error(s) (%s); %s:\n%s",
			len(next.errs), ms(took), still, strings.Join(next.errs, "\n"))
	case len(old.errs) > 0:
		s.logf("congbo: fixed; rebuilt %d pages, %d files in %s", site.Pages, len(site.Files), ms(took))
	case old.site == nil:
		s.logf("congbo: built %d pages, %d files in %s", site.Pages, len(site.Files), ms(took))
	default:
		s.logf("congbo: rebuilt %d pages, %d files in %s%s", site.Pages, len(site.Files), ms(took), describe(ch))
	}
	return err
}

// settle is how long Verify waits before it acts on a difference: many
// times the watcher's debounce (watch.DefaultDebounce).
var settle = 300 * time.Millisecond

// Checker renders the whole site afresh and returns, sorted, the paths
// where it differs from site (NewChecker).
type Checker func(ctx context.Context, site *Site) (differ []string, err error)

// Verify checks the site being served with check: congbo serve's safety
// net for the incremental builder, whose analysis of what a layout reads
// is conservative but not a proof. When they differ (or a full build
// fails where the rebuild did not) it logs the files, has the builder
// start over when it has a Reset method, and rebuilds everything. It
// gives up, returning 0, when nothing good is served, when ctx ends, or
// when a build ran meanwhile (what it checked is gone). It returns how
// many files differed.
func (s *Server) Verify(ctx context.Context, check Checker) int {
	before := s.state.Load()
	if before.site == nil || len(before.errs) > 0 {
		return 0
	}
	start := time.Now()
	differ, err := check(ctx, before.site)
	if ctx.Err() != nil || errors.Is(err, render.ErrStopped) {
		return 0
	}
	if err != nil || len(differ) > 0 {
		// The check may have read a file saved since the last build, whose
		// change the watcher is about to hand over: give it time to, so
		// the change's rebuild (which cancels ctx) is not taken for a bug.
		select {
		case <-ctx.Done():
			return 0
		case <-time.After(settle):
		}
	}
	s.buildMu.Lock()
	defer s.buildMu.Unlock()
	if s.state.Load() != before || (err == nil && len(differ) == 0) {
		return 0
	}
	if err != nil {
		s.logf("congbo: check: a full build fails where the last rebuild did not (%s); please report this, it is a bug in congbo's rebuilds; building everything again:\n%s",
			ms(time.Since(start)), err)
	} else {
		s.logf("congbo: check: %d file(s) differed from a full build (%s); please report this, it is a bug in congbo's rebuilds; building everything again: %s",
			len(differ), ms(time.Since(start)), strings.Join(differ[:min(len(differ), 5)], ", "))
	}
	if r, ok := s.builder.(interface{ Reset() }); ok {
		r.Reset()
	}
	s.rebuild(ctx, Change{Full: true})
	return max(len(differ), 1)
}

// Errors returns the errors of the last build, nil when it succeeded.
func (s *Server) Errors() []string { return s.state.Load().errs }

// nextGen returns the generation after gen.
func nextGen(gen string) string {
	var n uint64
	fmt.Sscan(gen, &n)
	return fmt.Sprint(n + 1)
}

// errorLines lists a build error as path:line:col: message lines, at most
// diag.MaxErrors of them.
func errorLines(err error) []string {
	var list *diag.List
	if errors.As(err, &list) {
		return list.Lines() // identical errors once, with a count, as the CLI prints them
	}
	return strings.Split(err.Error(), "\n")
}

func ms(d time.Duration) string {
	if d < 10*time.Second {
		return fmt.Sprintf("%d ms", d.Milliseconds())
	}
	return fmt.Sprintf("%.1f s", d.Seconds())
}

// describe names what changed, for the log line.
func describe(ch Change) string {
	switch {
	case ch.Full:
		return ""
	case len(ch.Paths) == 1:
		return " (" + ch.Paths[0] + " changed)"
	case len(ch.Paths) > 1:
		return fmt.Sprintf(" (%s and %d more changed)", ch.Paths[0], len(ch.Paths)-1)
	}
	return ""
}

// Listen opens the server's TCP socket on addr (host:port), with an error
// that says what to do when the port is taken.
func Listen(addr string) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if errors.Is(err, syscall.EADDRINUSE) {
		return nil, fmt.Errorf("listen on %s: the port is already in use (another congbo serve or hugo server?); stop it or choose another port with --port: %w", addr, err)
	}
	if err != nil {
		return nil, fmt.Errorf("listen on %s: %w", addr, err)
	}
	return ln, nil
}

// Serve answers HTTP requests on ln until ctx is done, then shuts down:
// event streams end, requests under way get up to three seconds. It
// returns nil after a clean stop.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	hs := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	hs.RegisterOnShutdown(s.Close)
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	err := hs.Shutdown(sctx)
	<-errc // http.ErrServerClosed
	if err != nil {
		return fmt.Errorf("shut down: %w", err)
	}
	return nil
}

// Close ends every open event stream; Serve calls it on shutdown.
func (s *Server) Close() { s.once.Do(func() { close(s.stop) }) }

// hub fans reload notices out to event streams.
type hub struct {
	mu   sync.Mutex
	subs map[chan string]struct{}
}

func (h *hub) subscribe() chan string {
	c := make(chan string, 1)
	h.mu.Lock()
	h.subs[c] = struct{}{}
	h.mu.Unlock()
	return c
}

func (h *hub) unsubscribe(c chan string) {
	h.mu.Lock()
	delete(h.subs, c)
	h.mu.Unlock()
}

// publish sends gen to every stream without waiting: a stream that has a
// notice pending gets the newer one instead.
func (h *hub) publish(gen string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for c := range h.subs {
		select {
		case <-c:
		default:
		}
		select {
		case c <- gen:
		default:
		}
	}
}
