// Package build wires the pipeline: config → content → site graph →
// render → publish. It is the one place that knows every stage.
package build

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/congbo/congbo/internal/config"
	"github.com/congbo/congbo/internal/content"
	"github.com/congbo/congbo/internal/diag"
	"github.com/congbo/congbo/internal/headers"
	"github.com/congbo/congbo/internal/manifest"
	"github.com/congbo/congbo/internal/markdown"
	"github.com/congbo/congbo/internal/publish"
	"github.com/congbo/congbo/internal/render"
	"github.com/congbo/congbo/internal/resize"
	"github.com/congbo/congbo/internal/site"
	"github.com/congbo/congbo/layouts"
)

// GCPercent is the collector's GOGC for a build when the environment sets
// none (cmd/congbo, and bench/floor, which must run as a build does). A
// build's live heap is small (page bodies are read as they are rendered),
// so it trades some memory for less GC work: at 10,000 pages about 9%
// less CPU for 200 MB peak RSS instead of 140.
const GCPercent = 200

// Options is what `congbo build` takes from its flags.
type Options struct {
	Source      string // site directory holding site.yaml; default "."
	Destination string // default <Source>/public
	BaseURL     string // overrides site.yaml baseURL when set
	Drafts      bool
	Future      bool
	NoMinify    bool
	// Now judges future and expired pages. Zero means time.Now(), or
	// SOURCE_DATE_EPOCH when that is set, for reproducible builds.
	Now      time.Time
	Progress func(done, total int)
	// Timings, if set, is called with the wall time of each stage
	// (`congbo build --timings`).
	Timings func(stage string, d time.Duration)
	// Loaded, if set, is called with the number of pages read from
	// content/, before anything is rendered, by Run and by a Session when
	// it reads everything again: `congbo build` and `congbo serve` size
	// the heap's huge pages by it.
	Loaded func(pages int)
	// Workers renders on that many goroutines (default GOMAXPROCS), and
	// Stop, when closed, stops RenderTo between pages with ErrStopped:
	// congbo serve's background check renders on one core and gives way
	// to the editor's next change.
	Workers int
	Stop    <-chan struct{}

	// Sign is the path of a minisign secret key. When set, the build also
	// writes .well-known/congbo-manifest.txt and its signature.
	Sign        string
	KeyPassword string        // decrypts Sign when the key is encrypted
	Serial      int64         // manifest serial; zero means the build time in seconds
	SignExpiry  time.Duration // how long the signature is valid; zero means manifest.DefaultExpiry
}

// Result counts what a build wrote.
type Result struct {
	Pages int // regular pages rendered
	// Drafts and Future count the pages left out as drafts or dated in
	// the future (Options.Drafts and Options.Future include them).
	Drafts, Future int
	Files          int   // files written in all
	Bytes          int64 // bytes written in all
	// BaseURL is the site's base URL after --baseURL, for the manifest.
	BaseURL string
	// Now is the time the build judged future and expired pages by.
	Now time.Time
	// Warnings are what Check finds that does not stop a page from being
	// published ("path:line:col: warning: …"); nil for a build.
	Warnings *diag.List
}

// imageCache is where the smaller copies of a site's photos are kept
// between builds: $CONGBO_CACHE/images, or congbo/images in the user's
// cache directory ($XDG_CACHE_HOME, ~/.cache); nowhere when CONGBO_CACHE
// is "off". The copies are the same bytes either way, only made again.
func imageCache() *resize.Cache {
	dir := os.Getenv("CONGBO_CACHE")
	switch dir {
	case "off":
		return nil
	case "":
		base, err := os.UserCacheDir()
		if err != nil {
			return nil
		}
		dir = filepath.Join(base, "congbo")
	}
	return &resize.Cache{Dir: filepath.Join(dir, "images")}
}

// Run builds the site into opts.Destination. On any error nothing is
// published: the previous output stays as it was. The error is a
// *diag.List when it is about the site's files (exit code 1).
func Run(opts Options) (*Result, error) {
	opts = withDefaults(opts)
	now, err := buildTime(opts.Now)
	if err != nil {
		return nil, err
	}
	opts.Now = now
	var key manifest.SecretKey
	if opts.Sign != "" {
		// Read the key first: a wrong password should not cost a build.
		if key, err = manifest.ReadSecretKey(opts.Sign, opts.KeyPassword); err != nil {
			return nil, fmt.Errorf("sign: %w", err)
		}
		if err := checkSigningKey(opts.Source, key); err != nil {
			return nil, err
		}
	}
	if err := checkDestination(opts.Source, opts.Destination); err != nil {
		return nil, err
	}
	stager, err := publish.Stage(opts.Destination, publish.Options{Minify: !opts.NoMinify})
	if err != nil {
		return nil, err
	}
	res, err := RenderTo(opts, stager)
	if err != nil {
		stager.Abort()
		return nil, err
	}
	if opts.Sign != "" {
		if err := writeManifest(stager, key, opts, res.BaseURL); err != nil {
			stager.Abort()
			return nil, fmt.Errorf("sign: %w", err)
		}
	}
	res.Files, res.Bytes = stager.Files(), stager.Bytes()
	start := time.Now()
	if err := stager.Commit(); err != nil {
		return nil, fmt.Errorf("publish: %w", err)
	}
	opts.timing("publish (swap, remove old)", start)
	return res, nil
}

// RenderTo runs the pipeline and writes every output to w (a staging
// directory for `congbo build`, memory for a preview server). Files and
// Bytes of the result are left to the caller, who owns w.
func RenderTo(opts Options, w render.Writer) (*Result, error) {
	opts = withDefaults(opts)
	now, err := buildTime(opts.Now)
	if err != nil {
		return nil, err
	}
	src := content.DirFS(opts.Source)
	cfg, err := readConfig(src)
	if err != nil {
		return nil, err
	}
	if opts.BaseURL != "" {
		cfg.BaseURL = strings.TrimSuffix(opts.BaseURL, "/") + "/"
	}

	lay := render.NewLayouts(siteLayouts(opts.Source), layouts.FS)
	// Escape the layouts too, in the background, until they are needed.
	enough := make(chan struct{})
	templates := inBackground(func() (*render.Templates, error) { return render.LoadEscapedTemplates(lay, cfg, enough) })

	start := time.Now()
	pages, files, loadErr := content.Load(src, cfg)
	opts.timing("content (read, front matter)", start)
	if opts.Loaded != nil {
		opts.Loaded(len(pages))
	}
	var errs diag.List
	errs.Add(loadErr)
	start = time.Now()
	g, err := site.New(cfg, pages, site.Options{Drafts: opts.Drafts, Future: opts.Future, Now: now})
	opts.timing("site graph", start)
	errs.Add(err)
	if errs.Len() > 0 {
		close(enough) // no layout will run: stop escaping them
		return nil, errs.Err()
	}
	ropts := render.Options{
		Workers:    opts.Workers,
		Stop:       opts.Stop,
		Source:     src,
		Layouts:    lay,
		Markdown:   markdown.New(markdown.Options{Unsafe: cfg.Markup.Unsafe}),
		Progress:   opts.Progress,
		Timings:    opts.Timings,
		ImageCache: imageCache(),
	}
	if !opts.NoMinify {
		ropts.Minifier = publish.NewMinifier()
		// A build's own writer: its pages take shared parts minified once.
		_, ropts.Splice = w.(*publish.Stager)
	}
	close(enough)
	if ropts.Templates, err = templates(); err != nil {
		return nil, err
	}
	rec := &headers.Recorder{W: w} // the server configs name fingerprinted files
	if err := render.Run(g, files, rec, ropts); err != nil {
		return nil, err
	}
	written := rec.Paths()
	if err := configClash(opts.Source, func(name string) bool { return slices.Contains(written, name) }); err != nil {
		return nil, err
	}
	if err := headers.Write(w, headers.FromGraph(g, rec.Paths())); err != nil {
		return nil, fmt.Errorf("server configs: %w", err)
	}
	drafts, future := g.Unpublished()
	return &Result{Pages: len(g.Pages), Drafts: drafts, Future: future, BaseURL: cfg.BaseURL, Now: now}, nil
}

// writeManifest signs the staged output: a manifest of every file, and
// its signature, in .well-known/. The expiry runs from the wall clock,
// not the build time, so a reproducible build (SOURCE_DATE_EPOCH) of an
// old commit is not born expired.
func writeManifest(st *publish.Stager, key manifest.SecretKey, opts Options, baseURL string) error {
	expiry := opts.SignExpiry
	if expiry == 0 {
		expiry = manifest.DefaultExpiry
	}
	p := manifest.Params{BaseURL: baseURL, Serial: opts.Serial, Built: opts.Now, Expires: time.Now().Add(expiry)}
	_, text, sig, err := manifest.Make(st.Dir(), p, key)
	if err != nil {
		return err
	}
	if err := st.WriteRaw(manifest.Name, text); err != nil {
		return err
	}
	return st.WriteRaw(manifest.SigName, sig)
}

// checkSigningKey refuses to sign with a key other than the one the site
// publishes in site.yaml (security.publicKey): readers and mirrors would
// reject the signature. A site.yaml that does not parse is left to the
// build to report, and a site that publishes no key is not checked.
func checkSigningKey(source string, key manifest.SecretKey) error {
	cfg, err := readConfig(os.DirFS(source))
	if err != nil || cfg.Security.PublicKey == "" {
		return nil
	}
	if got := manifest.PublicKeyOf(key); got != cfg.Security.PublicKey {
		return diag.Errorf(cfg.File, cfg.Security.PublicKeyLine, cfg.Security.PublicKeyCol,
			"security.publicKey is not the public half of the signing key (key id %s; site.yaml publishes key id %s): "+
				"sign with the key whose congbo.pub holds %s, or publish %s here",
			manifest.KeyID(key.ID()), publishedKeyID(cfg.Security.PublicKey), cfg.Security.PublicKey, got)
	}
	return nil
}

// publishedKeyID returns the key id of a checked security.publicKey.
func publishedKeyID(text string) string {
	var pk manifest.PublicKey
	if pk.UnmarshalText([]byte(text)) != nil {
		return "?"
	}
	return manifest.KeyID(pk.ID())
}

// timing reports the time since start for stage, when timings are wanted.
func (opts Options) timing(stage string, start time.Time) {
	if opts.Timings != nil {
		opts.Timings(stage, time.Since(start))
	}
}

func withDefaults(opts Options) Options {
	if opts.Source == "" {
		opts.Source = "."
	}
	if opts.Destination == "" {
		opts.Destination = filepath.Join(opts.Source, "public")
	}
	return opts
}

func readConfig(src fs.FS) (*config.Config, error) {
	data, err := fs.ReadFile(src, "site.yaml")
	if errors.Is(err, fs.ErrNotExist) {
		return nil, diag.Errorf("site.yaml", 0, 0, "no site.yaml here (run congbo in the site's directory, pass --source DIR, or create one with `congbo new site DIR`)")
	}
	if err != nil {
		return nil, fmt.Errorf("read site.yaml: %w", err)
	}
	return config.Parse("site.yaml", data)
}

// siteLayouts returns the site's own layouts/ directory, or nil.
func siteLayouts(source string) fs.FS {
	dir := filepath.Join(source, "layouts")
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return nil
	}
	return content.DirFS(dir)
}

// buildTime is the build's "now": given, else SOURCE_DATE_EPOCH, else the clock.
func buildTime(now time.Time) (time.Time, error) {
	if !now.IsZero() {
		return now, nil
	}
	if s := os.Getenv("SOURCE_DATE_EPOCH"); s != "" {
		var sec int64
		if _, err := fmt.Sscan(s, &sec); err != nil {
			return time.Time{}, fmt.Errorf("SOURCE_DATE_EPOCH=%q is not a number of seconds", s)
		}
		return time.Unix(sec, 0), nil
	}
	return time.Now(), nil
}

// loadTemplates parses the layouts in the background and returns a
// function (to call once) that waits for them: they need only site.yaml,
// so they are parsed while content/ is read.
func loadTemplates(lay render.Layouts, cfg *config.Config) (wait func() (*render.Templates, error)) {
	return inBackground(func() (*render.Templates, error) { return render.LoadTemplates(lay, cfg) })
}

// inBackground runs load in a goroutine and returns a function (to call
// once) that waits for its result.
func inBackground(load func() (*render.Templates, error)) (wait func() (*render.Templates, error)) {
	type loaded struct {
		t   *render.Templates
		err error
	}
	c := make(chan loaded, 1)
	go func() {
		t, err := load()
		c <- loaded{t, err}
	}()
	return func() (*render.Templates, error) {
		l := <-c
		return l.t, l.err
	}
}

// configClash reports each file of the site (in static/ or content/) that
// written says was written where congbo writes a server config.
func configClash(source string, written func(name string) bool) error {
	var errs diag.List
	for _, name := range headers.Names {
		if !written(name) {
			continue
		}
		from := "static/" + name
		if _, err := os.Stat(filepath.Join(source, "static", filepath.FromSlash(name))); err != nil {
			from = "content/" + name
		}
		errs.Addf(from, 0, 0, "congbo writes %s itself, with the site's security headers and redirects (remove this file)", name)
	}
	return errs.Err()
}
