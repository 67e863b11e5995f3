// Command congbo builds official information portals from Markdown.
//
//	congbo build [--source DIR] [--destination DIR] [--baseURL URL] [--drafts] [--future] [--quiet]
//	congbo version
//
// Exit codes: 0 success, 1 content or build errors (each printed as
// path:line:col: message), 2 usage errors.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"strings"
	"sync"
	"time"

	"github.com/congbo/congbo/internal/build"
	"github.com/congbo/congbo/internal/config"
	"github.com/congbo/congbo/internal/diag"
	"github.com/congbo/congbo/internal/hugeheap"
)

// version is set at release time with -ldflags "-X main.version=v1.2.3".
var version = "v0.1.0-dev"

const usage = `congbo — official information portals from Markdown

Usage:
  congbo build   [--source DIR] [--destination DIR] [--baseURL URL] [--drafts] [--future] [--quiet]
                 [--sign SECRETKEY [--serial N] [--expires 30d]] [--annotate github] [--codequality FILE]
  congbo new     site DIR
  congbo new     TYPE "Tiêu đề" [--source DIR]
  congbo check   [--source DIR] [--drafts] [--future] [--annotate github] [--codequality FILE]
  congbo serve   [--source DIR] [--bind 127.0.0.1] [--port 1313] [--drafts] [--future] [--check-rebuilds=false]
  congbo keygen  [--out DIR] [--no-password]
  congbo sign    DIR --key SECRETKEY [--serial N] [--expires 30d]
  congbo verify  DIR --pubkey FILE
  congbo mirror  --from URL --to DIR --pubkey FILE
  congbo version

Run "congbo build -h" for the flags of build.
`

func main() {
	command := ""
	if len(os.Args) > 1 {
		command = os.Args[1]
	}
	if os.Getenv("GOGC") == "" {
		if command == "serve" {
			// The preview server keeps the whole site in memory (about
			// 435 MB of live heap at 10,000 pages) and a rebuild allocates
			// little, so let the heap grow by half, not by twice: at 10,000
			// pages 790 MB of RSS instead of 1.13 GB, edits as fast.
			debug.SetGCPercent(50)
		} else {
			debug.SetGCPercent(build.GCPercent)
		}
	}
	if command == "build" || command == "check" || command == "serve" {
		// Most of what these commands allocate is new memory; back the
		// first 512 MiB of it with huge pages where the kernel only gives
		// them on request (10,000 pages: about a tenth less CPU). A bigger
		// site's build reserves the rest once it knows its size
		// (hugePagesFor).
		hugeheap.Reserve(startReserve)
	}
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// startReserve is the heap main backs with huge pages at start.
const startReserve = 512 << 20

// Heap per page, about: a build's peak RSS was 22 KB a page at 10,000
// pages and 17.5 KB at 100,000; `congbo serve`, which keeps the site in
// memory, held 80 KB a page at 10,000 after a dozen edits.
const (
	buildHeapPerPage = 20 << 10
	serveHeapPerPage = 64 << 10
)

// hugePagesFor returns a build.Options.Loaded that backs the heap a site
// of pages will need, at perPage bytes a page, with huge pages beyond
// what is reserved already (startReserve at first). At 100,000 pages a
// build made 16,000–30,000 page faults instead of 295,000–330,000 and
// used 4–10 s less CPU (docs/performance.md).
func hugePagesFor(perPage int) func(pages int) {
	reserved := startReserve
	return func(pages int) {
		if need := pages * perPage; need > reserved {
			hugeheap.Extend(need - reserved)
			reserved = need
		}
	}
}

// run is main without os.Exit, so tests can call it.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "build":
		return runBuild(args[1:], stdout, stderr)
	case "new":
		return runNew(args[1:], stdout, stderr)
	case "check":
		return runCheck(args[1:], stdout, stderr)
	case "serve":
		return runServe(args[1:], stdout, stderr)
	case "keygen":
		return runKeygen(args[1:], stdout, stderr)
	case "sign":
		return runSign(args[1:], stderr)
	case "verify":
		return runVerify(args[1:], stderr)
	case "mirror":
		return runMirror(args[1:], stderr)
	case "version", "--version", "-v":
		fmt.Fprintln(stdout, versionString())
		return 0
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "congbo: unknown command %q%s\n\n%s", args[0], diag.Hint(args[0], commands), usage)
		return 2
	}
}

// commands are congbo's commands, for "did you mean" on a typo.
var commands = []string{"build", "new", "check", "serve", "keygen", "sign", "verify", "mirror", "version", "help"}

// parseArgs parses args into fl. On a bad flag (the flag package has
// printed why and the usage) it names the nearest flag, when one is near;
// ok false is a command that should stop with code: 0 after -h, 2 else.
func parseArgs(fl *flag.FlagSet, args []string) (code int, ok bool) {
	err := fl.Parse(args)
	switch {
	case err == nil:
		return 0, true
	case errors.Is(err, flag.ErrHelp):
		return 0, false
	}
	name, undefined := strings.CutPrefix(err.Error(), "flag provided but not defined: -")
	if !undefined {
		return 2, false
	}
	var names []string
	fl.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
	if best := diag.Suggest(strings.TrimPrefix(name, "-"), names); best != "" {
		fmt.Fprintf(fl.Output(), "congbo %s: did you mean --%s?\n", fl.Name(), best)
	}
	return 2, false
}

func runBuild(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("build", flag.ContinueOnError)
	fl.SetOutput(stderr)
	var opts build.Options
	fl.StringVar(&opts.Source, "source", ".", "site directory (holds site.yaml, content/, layouts/, static/)")
	fl.StringVar(&opts.Destination, "destination", "", "output directory (default: public/ inside the source)")
	fl.StringVar(&opts.BaseURL, "baseURL", "", "absolute URL the site is served from (overrides site.yaml)")
	fl.BoolVar(&opts.Drafts, "drafts", false, "include pages with draft: true")
	fl.BoolVar(&opts.Future, "future", false, "include pages whose publishDate is in the future")
	minify := fl.Bool("minify", true, "minify HTML, CSS, XML and JSON")
	quiet := fl.Bool("quiet", false, "print nothing on success")
	timings := fl.Bool("timings", false, "print the wall time of each stage of the build")
	signSetup := addBuildSignFlags(fl, &opts)
	cpuprofile := fl.String("cpuprofile", "", "write a CPU profile to `file`")
	memprofile := fl.String("memprofile", "", "write a heap profile to `file` after the build")
	annotate := addAnnotationFlags(fl)
	if code, ok := parseArgs(fl, args); !ok {
		return code
	}
	if fl.NArg() > 0 {
		fmt.Fprintf(stderr, "congbo build: unexpected argument %q (flags only; see congbo build -h)\n", fl.Arg(0))
		return 2
	}
	if err := annotate.check(); err != nil {
		fmt.Fprintf(stderr, "congbo build: %s\n", err)
		return 2
	}
	opts.NoMinify = !*minify
	if opts.BaseURL != "" {
		u, err := config.CheckBaseURL(opts.BaseURL)
		if err != nil {
			fmt.Fprintf(stderr, "congbo build: --%s\n", err)
			return 2
		}
		opts.BaseURL = u
	}
	if err := signSetup(stderr); err != nil {
		fmt.Fprintf(stderr, "congbo build: %s\n", err)
		return 2
	}
	stopProfile, err := startCPUProfile(*cpuprofile)
	if err != nil {
		fmt.Fprintf(stderr, "congbo build: %s\n", err)
		return 2
	}
	defer stopProfile()
	var progress *progressLine
	if !*quiet && isTerminal(stderr) {
		progress = &progressLine{w: stderr}
		opts.Progress = progress.update
	}

	if *timings {
		opts.Timings = printTimings(stderr, "congbo")
	}
	opts.Loaded = hugePagesFor(buildHeapPerPage)
	start := time.Now()
	res, err := build.Run(opts)
	progress.clear()
	if err := annotate.write(stdout, err, nil); err != nil {
		fmt.Fprintf(stderr, "congbo build: %s\n", err)
	}
	if err != nil {
		reportErrors(stderr, err, "congbo", "build failed with %d error(s); nothing was published")
		return 1
	}
	if *memprofile != "" {
		f, err := os.Create(*memprofile)
		if err == nil {
			runtime.GC()
			pprof.WriteHeapProfile(f)
			f.Close()
		}
	}
	if !*quiet {
		dest := opts.Destination
		if dest == "" {
			dest = filepath.Join(opts.Source, "public") + string(filepath.Separator)
		}
		fmt.Fprintf(stderr, "congbo: built %d pages, %d files (%s) in %.2f s → %s\n",
			res.Pages, res.Files, humanBytes(res.Bytes), time.Since(start).Seconds(), dest)
		if note := unpublishedNote(res.Drafts, res.Future); note != "" {
			fmt.Fprintf(stderr, "congbo: %s\n", note)
		}
	}
	return 0
}

// unpublishedNote says how many pages a build left out and how to see
// them, so an editor whose new page (a draft, as `congbo new` writes it)
// is missing knows why; "" when none were.
func unpublishedNote(drafts, future int) string {
	var parts, flags []string
	if drafts > 0 {
		parts = append(parts, plural(drafts, "draft", "drafts"))
		flags = append(flags, "--drafts")
	}
	if future > 0 {
		parts = append(parts, plural(future, "page dated in the future", "pages dated in the future"))
		flags = append(flags, "--future")
	}
	if parts == nil {
		return ""
	}
	return fmt.Sprintf("not built: %s (%s to include them)", strings.Join(parts, " and "), strings.Join(flags, " and "))
}

// plural is n with the singular or plural noun.
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// reportErrors prints a build's errors one per line, path:line:col first,
// then a summary line made from format and the error count.
func reportErrors(w io.Writer, err error, prefix, format string) {
	var list *diag.List
	var one *diag.Error
	switch {
	case errors.As(err, &list):
		fmt.Fprintln(w, list.Error())
		fmt.Fprintf(w, "%s: "+format+"\n", prefix, list.Len())
	case errors.As(err, &one):
		fmt.Fprintln(w, one.Error())
		fmt.Fprintf(w, "%s: "+format+"\n", prefix, 1)
	default:
		fmt.Fprintf(w, "%s: %s\n", prefix, err)
	}
}

func versionString() string {
	s := "congbo " + version + " " + runtime.Version() + " " + runtime.GOOS + "/" + runtime.GOARCH
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, kv := range info.Settings {
			if kv.Key == "vcs.revision" && len(kv.Value) >= 12 {
				s += " commit " + kv.Value[:12]
			}
		}
	}
	return s
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

// isTerminal reports whether w is a character device (a terminal).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// progressLine redraws one "rendering n/total pages" line at most ten
// times a second. Its methods are safe on a nil receiver.
type progressLine struct {
	w    io.Writer
	mu   sync.Mutex
	last time.Time
	used bool
}

func (p *progressLine) update(done, total int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if now := time.Now(); done == total || now.Sub(p.last) >= 100*time.Millisecond {
		p.last = now
		p.used = true
		fmt.Fprintf(p.w, "\rcongbo: rendering %d/%d pages (%d%%)", done, total, done*100/max(total, 1))
	}
}

func (p *progressLine) clear() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.used {
		fmt.Fprint(p.w, "\r\033[K")
	}
}
