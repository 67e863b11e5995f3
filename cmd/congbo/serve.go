package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"strconv"
	"sync"
	"syscall"

	"github.com/congbo/congbo/internal/build"
	"github.com/congbo/congbo/internal/server"
	"github.com/congbo/congbo/internal/watch"
)

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
	if err := fl.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
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
	srv.Rebuild(ctx, server.Change{Full: true}) // errors are logged and shown in the browser

	var wg sync.WaitGroup
	wg.Go(func() {
		w.Run(ctx, func(b watch.Batch) {
			srv.Rebuild(ctx, server.Change{Paths: b.Paths, Full: b.Full})
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
