package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/congbo/congbo/internal/build"
)

// runCheck is `congbo check`: build.Check's problems, each printed as
// path:line:col: message, and exit 1 on any. It writes no output files.
func runCheck(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("check", flag.ContinueOnError)
	fl.SetOutput(stderr)
	var opts build.Options
	fl.StringVar(&opts.Source, "source", ".", "site directory (holds site.yaml and content/)")
	fl.BoolVar(&opts.Drafts, "drafts", false, "check as a build with --drafts would (links to drafts allowed)")
	fl.BoolVar(&opts.Future, "future", false, "check as a build with --future would")
	if err := fl.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fl.NArg() != 0 {
		fmt.Fprintln(stderr, "usage: congbo check [--source DIR] [--drafts] [--future]")
		return 2
	}
	start := time.Now()
	res, err := build.Check(opts)
	if err != nil {
		reportErrors(stderr, err, "congbo check", "%d problem(s)")
		return 1
	}
	fmt.Fprintf(stderr, "congbo check: %d pages OK in %.2f s\n", res.Pages, time.Since(start).Seconds())
	return 0
}
