package main

import (
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"time"

	"github.com/congbo/congbo/internal/manifest"
)

// runVerify checks a built or mirrored site against its signed manifest:
// signature, expiry, and every file's hash, with none missing or extra.
func runVerify(args []string, stderr io.Writer) int {
	fl := flag.NewFlagSet("verify", flag.ContinueOnError)
	fl.SetOutput(stderr)
	pubPath := fl.String("pubkey", "", "the site's minisign public key (required)")
	pos, code, ok := parseFlags(fl, args, 1)
	if !ok {
		return code
	}
	dir := pos[0]
	if *pubPath == "" {
		fmt.Fprintln(stderr, "congbo verify: --pubkey FILE is required (the site's congbo.pub)")
		return 2
	}
	pub, err := manifest.ReadPublicKey(*pubPath)
	if err != nil {
		fmt.Fprintf(stderr, "congbo verify: %s\n", err)
		return 2
	}
	m, problems, err := manifest.VerifyDir(dir, pub, time.Now())
	if err != nil {
		fmt.Fprintf(stderr, "%s: %s\n", filepath.Join(dir, filepath.FromSlash(manifest.Name)), err)
		fmt.Fprintln(stderr, "congbo verify: FAILED")
		return 1
	}
	for _, p := range problems {
		fmt.Fprintf(stderr, "%s: %s\n", filepath.Join(dir, filepath.FromSlash(p.Path)), p.Msg)
	}
	if len(problems) > 0 {
		fmt.Fprintf(stderr, "congbo verify: FAILED: %d file(s) do not match the signed manifest of %s (serial %d)\n", len(problems), m.Site, m.Serial)
		return 1
	}
	fmt.Fprintf(stderr, "congbo: verified %s: site %s, serial %d, %d files (%s), expires %s\n",
		dir, m.Site, m.Serial, m.Files, humanBytes(m.Bytes), m.Expires.Format(time.RFC3339))
	return 0
}
