package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/congbo/congbo/internal/manifest"
	"github.com/congbo/congbo/internal/mirror"
)

// runMirror pulls a signed site from its origin into a mirror directory
// (see internal/mirror for the layout: serve DIR/current).
func runMirror(args []string, stderr io.Writer) int {
	fl := flag.NewFlagSet("mirror", flag.ContinueOnError)
	fl.SetOutput(stderr)
	from := fl.String("from", "", "origin base URL, e.g. https://portal.example.gov.vn/ (required)")
	to := fl.String("to", "", "mirror directory; the web server serves DIR/current (required)")
	pubPath := fl.String("pubkey", "", "the origin's minisign public key (required)")
	site := fl.String("site", "", "site id the manifest must name (default: the one accepted before, else the --from host)")
	keep := fl.Int("keep", 3, "releases to keep")
	timeout := fl.Duration("timeout", 5*time.Minute, "limit for each download")
	quiet := fl.Bool("quiet", false, "print nothing on success")
	if _, code, ok := parseFlags(fl, args, 0); !ok {
		return code
	}
	if *from == "" || *to == "" || *pubPath == "" {
		fmt.Fprintln(stderr, "congbo mirror: --from URL, --to DIR and --pubkey FILE are required")
		return 2
	}
	pub, err := manifest.ReadPublicKey(*pubPath)
	if err != nil {
		fmt.Fprintf(stderr, "congbo mirror: %s\n", err)
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	opts := mirror.Options{From: *from, To: *to, Pub: pub, Site: *site, Keep: *keep, Client: mirror.NewClient(*timeout)}
	progress := &progressLine{w: stderr}
	if !*quiet && isTerminal(stderr) {
		opts.Progress = func(done, total int, _ int64) { progress.update(done, total) }
	}
	res, err := mirror.Pull(ctx, opts)
	if opts.Progress != nil {
		progress.clear()
	}
	if err != nil {
		fmt.Fprintf(stderr, "congbo mirror: %s\ncongbo mirror: nothing changed; %s/current serves what it served before\n", err, *to)
		return 1
	}
	if !*quiet {
		if res.Unchanged {
			fmt.Fprintf(stderr, "congbo: mirror of %s is up to date (serial %d)\n", res.Site, res.Serial)
		} else {
			fmt.Fprintf(stderr, "congbo: mirror of %s now serves serial %d: fetched %d files (%s), reused %d\n",
				res.Site, res.Serial, res.Fetched, humanBytes(res.Bytes), res.Reused)
		}
	}
	return 0
}
