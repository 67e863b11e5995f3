package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"strconv"
	"sync"
	"syscall"
	"time"

	"github.com/congbo/congbo/internal/build"
	"github.com/congbo/congbo/internal/server"
	"github.com/congbo/congbo/internal/watch"
)

// checkAfter is how long the source must be quiet after a change before
// congbo serve checks its rebuild against a full build, at least (a big
// site waits as long as its first build took).
const checkAfter = 2 * time.Second

// runServe is `congbo serve`: build into memory, serve on loopback, watch
// the source and rebuild on every change until SIGINT or SIGTERM.
func runServe(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("serve", flag.ContinueOnError)
	fl.SetOutput(stderr)
	var opts build.Options
	fl.StringVar(&opts.Source, "source", ".", "site directory (holds site.yaml, content/, layouts/, static/)")
	bind := fl.String("bind", "127.0.0.1", "address to listen on (loopback by default: the preview is not for the network)")
	port := fl.Int("port", 1313, "port to listen on (0 picks a free one)")
	fl.BoolVar(&opts.Drafts, "drafts", false, "include pages with draft: true")
	fl.BoolVar(&opts.Future, "future", false, "include pages whose publishDate is in the future")
	checkRebuilds := fl.Bool("check-rebuilds", true, "once the source has been quiet after a change for 2 s (or as long as the first build took), render the whole site again with one render worker and compare it with the rebuilt one (a safety net: a difference is logged and everything built again)")
	if code, ok := parseArgs(fl, args); !ok {
		return code
	}
	if fl.NArg() > 0 {
		fmt.Fprintf(stderr, "congbo serve: unexpected argument %q (flags only; see congbo serve -h)\n", fl.Arg(0))
		return 2
	}
	if *port < 0 || *port > 65535 {
		fmt.Fprintf(stderr, "congbo serve: --port %d is not a port number (0–65535)\n", *port)
		return 2
	}
	if st, err := os.Stat(opts.Source); err != nil || !st.IsDir() {
		fmt.Fprintf(stderr, "congbo serve: --source %s is not a directory\n", opts.Source)
		return 2
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	var logMu sync.Mutex
	logf := func(format string, args ...any) {
		logMu.Lock()
		defer logMu.Unlock()
		fmt.Fprintf(stderr, format+"\n", args...)
	}

	ln, err := server.Listen(net.JoinHostPort(*bind, strconv.Itoa(*port)))
	if err != nil {
		fmt.Fprintf(stderr, "congbo serve: %s\n", err)
		return 1
	}
	defer ln.Close()

	// Watch before the first build, so that nothing saved during it is missed.
	w, err := watch.New(watch.Options{
		Root: opts.Source,
		Skip: watch.SiteSkip,
		Logf: logf,
	})
	if err != nil {
		fmt.Fprintf(stderr, "congbo serve: %s\n", err)
		return 1
	}
	opts.Loaded = hugePagesFor(serveHeapPerPage)
	srv := server.New(server.Options{Builder: server.NewIncrementalBuilder(opts), Logf: logf})
	started := time.Now()
	srv.Rebuild(ctx, server.Change{Full: true}) // errors are logged and shown in the browser
	// The check waits for a pause as long as a full build takes, and at
	// least checkAfter: on a big site it would otherwise run, and be
	// stopped, at every pause of the editor.
	quiet := max(checkAfter, time.Since(started))

	// The safety net: after a change and 2 s of quiet, a full build on one
	// core compared with the rebuilt site (Server.Verify). A new change
	// stops it first, so it never slows the editor down.
	fullOpts := opts
	fullOpts.Loaded, fullOpts.Workers = nil, 1
	check := server.NewChecker(fullOpts)
	var checkMu sync.Mutex
	stopCheck := func() {}
	var wg sync.WaitGroup
	wg.Go(func() {
		w.Run(ctx, func(b watch.Batch) {
			checkMu.Lock()
			stopCheck()
			checkMu.Unlock()
			srv.Rebuild(ctx, server.Change{Paths: b.Paths, Full: b.Full})
			if !*checkRebuilds || b.Full {
				return
			}
			checkMu.Lock()
			cctx, cancel := context.WithCancel(ctx)
			t := time.AfterFunc(quiet, func() { srv.Verify(cctx, check) })
			stopCheck = func() { t.Stop(); cancel() }
			checkMu.Unlock()
		})
	})
	fmt.Fprintf(stdout, "congbo: serving %s at http://%s/ (Ctrl+C to stop)\n", opts.Source, ln.Addr())
	err = srv.Serve(ctx, ln)
	stop()
	wg.Wait()
	if err != nil {
		fmt.Fprintf(stderr, "congbo serve: %s\n", err)
		return 1
	}
	fmt.Fprintln(stderr, "congbo: stopped")
	return 0
}
