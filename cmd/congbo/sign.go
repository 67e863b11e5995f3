package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/congbo/congbo/internal/build"
	"github.com/congbo/congbo/internal/config"
	"github.com/congbo/congbo/internal/manifest"
)

// signFlags are the flags build and sign share.
type signFlags struct {
	serial  int64
	expires time.Duration
}

func (f *signFlags) add(fl *flag.FlagSet) {
	fl.Int64Var(&f.serial, "serial", 0, "manifest serial; must grow with every signing (default: the build time in seconds)")
	fl.Func("expires", "how long the signature stays valid, e.g. 7d or 36h (default 30d)", func(s string) error {
		d, err := parseDays(s)
		f.expires = d
		return err
	})
}

// addBuildSignFlags adds --sign, --serial and --expires to build's flags.
// The returned func, called after parsing, reads the key's password when
// the key is encrypted and fills opts.
func addBuildSignFlags(fl *flag.FlagSet, opts *build.Options) func(stderr io.Writer) error {
	var f signFlags
	fl.StringVar(&opts.Sign, "sign", "", "sign the output with this minisign secret key: writes .well-known/congbo-manifest.txt and .minisig")
	f.add(fl)
	return func(stderr io.Writer) error {
		opts.Serial, opts.SignExpiry = f.serial, f.expires
		if opts.Sign == "" {
			return nil
		}
		data, err := os.ReadFile(opts.Sign)
		if err != nil {
			return fmt.Errorf("read secret key: %w", err)
		}
		if manifest.KeyEncrypted(data) {
			opts.KeyPassword, err = readPassword(stderr, false)
		}
		return err
	}
}

// parseDays is time.ParseDuration that also takes whole days ("30d").
func parseDays(s string) (time.Duration, error) {
	if n, ok := strings.CutSuffix(s, "d"); ok {
		days, err := strconv.Atoi(n)
		if err != nil || days <= 0 {
			return 0, fmt.Errorf("%q: want a number of days like 30d, or a duration like 36h", s)
		}
		return time.Duration(days) * 24 * time.Hour, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("%q: want a number of days like 30d, or a duration like 36h", s)
	}
	return d, nil
}

// runSign re-signs a built site with a new serial and expiry. Its files
// must still match the manifest they were built with: sign refreshes a
// signature, it does not bless changed files (rebuild for that).
func runSign(args []string, stderr io.Writer) int {
	fl := flag.NewFlagSet("sign", flag.ContinueOnError)
	fl.SetOutput(stderr)
	keyPath := fl.String("key", "", "minisign secret key (required)")
	baseURL := fl.String("baseURL", "", "base URL, when DIR has no manifest yet (default: the manifest's)")
	var f signFlags
	f.add(fl)
	pos, code, ok := parseFlags(fl, args, 1)
	if !ok {
		return code
	}
	dir := pos[0]
	if *keyPath == "" {
		fmt.Fprintln(stderr, "congbo sign: --key SECRETKEY is required")
		return 2
	}
	if *baseURL != "" {
		u, err := config.CheckBaseURL(*baseURL)
		if err != nil {
			fmt.Fprintf(stderr, "congbo sign: --%s\n", err)
			return 2
		}
		*baseURL = u
	}
	key, err := readSecretKey(*keyPath, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "congbo sign: %s\n", err)
		return 1
	}
	now := time.Now()
	p := manifest.Params{BaseURL: *baseURL, Serial: f.serial, Built: now, Expires: now.Add(orDefault(f.expires, manifest.DefaultExpiry))}
	old, err := readManifest(dir)
	switch {
	case err == nil:
		if problems, err := manifest.Check(dir, old); err != nil || len(problems) > 0 {
			for _, pr := range problems {
				fmt.Fprintf(stderr, "%s: %s\n", filepath.Join(dir, pr.Path), pr.Msg)
			}
			if err != nil {
				fmt.Fprintf(stderr, "congbo sign: %s\n", err)
			}
			fmt.Fprintln(stderr, "congbo sign: the files changed since the site was built; rebuild with --sign instead")
			return 1
		}
		p.Site, p.Built = old.Site, old.Built
		if p.BaseURL == "" {
			p.BaseURL = old.BaseURL
		}
		if p.Serial == 0 {
			p.Serial = max(now.Unix(), old.Serial+1)
		}
		if p.Serial <= old.Serial {
			fmt.Fprintf(stderr, "congbo sign: serial %d is not above the current %d (mirrors would refuse it)\n", p.Serial, old.Serial)
			return 2
		}
	case errors.Is(err, fs.ErrNotExist):
		if p.BaseURL == "" {
			fmt.Fprintf(stderr, "congbo sign: %s has no manifest yet; pass --baseURL URL\n", dir)
			return 2
		}
	default:
		fmt.Fprintf(stderr, "congbo sign: %s\n", err)
		return 1
	}
	m, text, sig, err := manifest.Make(dir, p, key)
	if err == nil {
		err = manifest.WriteSigned(dir, text, sig)
	}
	if err != nil {
		fmt.Fprintf(stderr, "congbo sign: %s\n", err)
		return 1
	}
	fmt.Fprintf(stderr, "congbo: signed %s: site %s, serial %d, %d files, expires %s\n",
		dir, m.Site, m.Serial, m.Files, m.Expires.Format(time.RFC3339))
	return 0
}

// readManifest parses dir's manifest without checking its signature:
// the origin reads its own output.
func readManifest(dir string) (*manifest.Manifest, error) {
	data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(manifest.Name)))
	if err != nil {
		return nil, err
	}
	return manifest.Parse(data)
}

// orDefault returns d, or def when d is zero.
func orDefault(d, def time.Duration) time.Duration {
	if d == 0 {
		return def
	}
	return d
}
