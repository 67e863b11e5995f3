// Package manifest writes, signs and checks a site's manifest: the SHA-256
// of every output file, with a header naming the site, a serial that only
// grows and an expiry, signed in the minisign format.
//
// The format is chosen so that a reader needs no congbo to check a site:
// header lines start with "#" and body lines are in `sha256sum --tag`
// form, so from the site's root
//
//	minisign -VHm .well-known/congbo-manifest.txt -p congbo.pub
//	sha256sum -c --strict .well-known/congbo-manifest.txt
//
// both verify it. The signature is prehashed (minisign "ED"), and its
// trusted comment repeats the site, serial and expiry, which Verify
// requires to equal the header, so neither can be edited without the key.
package manifest

import (
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Name and SigName are where a signed site keeps its manifest and the
// manifest's signature, relative to the site's root.
const (
	Name    = ".well-known/congbo-manifest.txt"
	SigName = Name + ".minisig"
)

// Version is the manifest format this package writes and reads.
const Version = 1

// Header is what the manifest says about the site as a whole. Files,
// Bytes and Largest let a mirror cap its downloads before it has seen a
// single file.
type Header struct {
	Version int
	Site    string    // site id: the base URL's host and path, e.g. "bokns.example.gov.vn"
	BaseURL string    // the origin, e.g. "https://bokns.example.gov.vn/"
	Serial  int64     // grows with every signing; a mirror refuses a lower one
	Built   time.Time // when the site was built
	Expires time.Time // after this the manifest is stale and mirrors refuse it
	Files   int       // number of body entries
	Bytes   int64     // total size of the listed files
	Largest int64     // size of the largest listed file
}

// Entry is one file of the site.
type Entry struct {
	Path string // slash path relative to the site's root
	Sum  [32]byte
	Size int64 // known when scanned; Parse leaves it zero (the body holds hashes only)
}

// Manifest is a header and its entries, sorted by path (byte order).
type Manifest struct {
	Header
	Entries []Entry
}

// New returns the manifest of entries (in any order), filling in Files,
// Bytes, Largest and Version of h.
func New(h Header, entries []Entry) (*Manifest, error) {
	es := slices.Clone(entries)
	slices.SortFunc(es, func(a, b Entry) int { return strings.Compare(a.Path, b.Path) })
	h.Version, h.Files, h.Bytes, h.Largest = Version, len(es), 0, 0
	for i, e := range es {
		if err := CheckPath(e.Path); err != nil {
			return nil, err
		}
		if e.Path == Name || e.Path == SigName {
			return nil, fmt.Errorf("%s: the manifest cannot list itself", e.Path)
		}
		if i > 0 && es[i-1].Path == e.Path {
			return nil, fmt.Errorf("%s: listed twice", e.Path)
		}
		h.Bytes += e.Size
		h.Largest = max(h.Largest, e.Size)
	}
	if err := h.check(); err != nil {
		return nil, err
	}
	return &Manifest{Header: h, Entries: es}, nil
}

// SiteID derives a site id from a base URL: host and path without the
// scheme or a trailing slash, lowercased ("bokns.example.gov.vn").
func SiteID(baseURL string) (string, error) {
	u, err := url.Parse(baseURL)
	if err != nil || u.Host == "" {
		return "", fmt.Errorf("base URL %q is not an absolute URL (set baseURL in site.yaml)", baseURL)
	}
	return strings.ToLower(u.Host + strings.TrimSuffix(u.EscapedPath(), "/")), nil
}

// CheckPath reports whether p may be listed in a manifest: a relative
// slash path without empty, "." or ".." segments, backslashes or control
// characters, in UTF-8. The same rule keeps a mirror from writing outside
// its directory.
func CheckPath(p string) error {
	bad := func(why string) error { return fmt.Errorf("%q: unsafe path in the site: %s (rename the file)", p, why) }
	switch {
	case p == "":
		return bad("empty")
	case !utf8.ValidString(p):
		return bad("not UTF-8")
	case strings.HasPrefix(p, "/"):
		return bad("leading /")
	case strings.Contains(p, `\`):
		return bad("backslash")
	case strings.ContainsFunc(p, unicode.IsControl):
		return bad("control character")
	}
	for seg := range strings.SplitSeq(p, "/") {
		switch seg {
		case "":
			return bad("empty segment")
		case ".", "..":
			return bad(seg + " segment")
		}
	}
	return nil
}

// TrustedComment is the signed comment of a manifest's signature. It
// repeats what a swapped-in older or foreign manifest would change.
func TrustedComment(h Header) string {
	return fmt.Sprintf("congbo-manifest site=%s serial=%d expires=%s", h.Site, h.Serial, h.Expires.UTC().Format(time.RFC3339))
}

// Marshal returns the manifest's text.
func (m *Manifest) Marshal() []byte {
	var b bytes.Buffer
	writeHeader(&b, m.Header)
	for _, e := range m.Entries {
		fmt.Fprintf(&b, "SHA256 (%s) = %x\n", e.Path, e.Sum)
	}
	return b.Bytes()
}

func writeHeader(b *bytes.Buffer, h Header) {
	fmt.Fprintf(b, "# congbo-manifest: %d\n", h.Version)
	fmt.Fprintf(b, "# site: %s\n", h.Site)
	fmt.Fprintf(b, "# base-url: %s\n", h.BaseURL)
	fmt.Fprintf(b, "# serial: %d\n", h.Serial)
	fmt.Fprintf(b, "# built: %s\n", h.Built.UTC().Format(time.RFC3339))
	fmt.Fprintf(b, "# expires: %s\n", h.Expires.UTC().Format(time.RFC3339))
	fmt.Fprintf(b, "# files: %d\n", h.Files)
	fmt.Fprintf(b, "# bytes: %d\n", h.Bytes)
	fmt.Fprintf(b, "# largest: %d\n", h.Largest)
}

// headerKeys is the order of header lines; every one is required.
var headerKeys = [...]string{"congbo-manifest", "site", "base-url", "serial", "built", "expires", "files", "bytes", "largest"}

// Parse reads a manifest strictly: the header lines in order, then sorted
// entries with safe paths, and the counts in the header matching them.
// Errors name the line. Parse does not check a signature; see Verify.
func Parse(data []byte) (*Manifest, error) {
	if !utf8.Valid(data) {
		return nil, errors.New("manifest is not UTF-8")
	}
	if len(data) == 0 || data[len(data)-1] != '\n' {
		return nil, errors.New("manifest does not end with a newline (truncated?)")
	}
	lines := strings.Split(string(data[:len(data)-1]), "\n")
	if len(lines) < len(headerKeys) {
		return nil, errors.New("manifest header is incomplete (truncated?)")
	}
	m := &Manifest{}
	lineErr := func(n int, format string, args ...any) error {
		return fmt.Errorf("manifest line %d: %s", n+1, fmt.Sprintf(format, args...))
	}
	for i, key := range headerKeys {
		v, ok := strings.CutPrefix(lines[i], "# "+key+": ")
		if !ok {
			return nil, lineErr(i, "want %q header", "# "+key+": …")
		}
		var err error
		switch key {
		case "congbo-manifest":
			m.Version, err = strconv.Atoi(v)
			if err == nil && m.Version != Version {
				return nil, lineErr(i, "format version %d; this congbo reads version %d (upgrade congbo)", m.Version, Version)
			}
		case "site":
			m.Site = v
		case "base-url":
			m.BaseURL = v
		case "serial":
			m.Serial, err = strconv.ParseInt(v, 10, 64)
		case "built":
			m.Built, err = time.Parse(time.RFC3339, v)
		case "expires":
			m.Expires, err = time.Parse(time.RFC3339, v)
		case "files":
			m.Files, err = strconv.Atoi(v)
		case "bytes":
			m.Bytes, err = strconv.ParseInt(v, 10, 64)
		case "largest":
			m.Largest, err = strconv.ParseInt(v, 10, 64)
		}
		if err != nil {
			return nil, lineErr(i, "bad %s: %q", key, v)
		}
	}
	if err := m.Header.check(); err != nil {
		return nil, err
	}
	// One header, one text: "+1", "007" or a lenient time would let two
	// texts say the same, which a reader of the signed text should not
	// have to think about.
	var canon bytes.Buffer
	writeHeader(&canon, m.Header)
	if got := strings.Join(lines[:len(headerKeys)], "\n") + "\n"; got != canon.String() {
		return nil, errors.New("manifest header is not in canonical form (numbers without leading zeros or signs, times as 2006-01-02T15:04:05Z)")
	}
	body := lines[len(headerKeys):]
	if len(body) != m.Files {
		return nil, fmt.Errorf("manifest lists %d files but its header says %d (truncated?)", len(body), m.Files)
	}
	m.Entries = make([]Entry, len(body))
	for j, line := range body {
		n := len(headerKeys) + j
		const tail = len(") = ") + 64
		rest, ok := strings.CutPrefix(line, "SHA256 (")
		if !ok || len(rest) <= tail || rest[len(rest)-tail:len(rest)-64] != ") = " {
			return nil, lineErr(n, "want %q", "SHA256 (path) = hex")
		}
		p, sum := rest[:len(rest)-tail], rest[len(rest)-64:]
		e := Entry{Path: p}
		if _, err := hex.Decode(e.Sum[:], []byte(sum)); err != nil || strings.ToLower(sum) != sum {
			return nil, lineErr(n, "bad SHA-256 %q", sum)
		}
		if err := CheckPath(p); err != nil {
			return nil, lineErr(n, "%s", err.Error())
		}
		if p == Name || p == SigName {
			return nil, lineErr(n, "the manifest lists itself")
		}
		if j > 0 && m.Entries[j-1].Path >= p {
			return nil, lineErr(n, "%s is out of order or listed twice", p)
		}
		m.Entries[j] = e
	}
	return m, nil
}

// check reports header values no signer should write.
func (h Header) check() error {
	switch {
	case h.Site == "" || strings.ContainsFunc(h.Site, func(r rune) bool { return r <= ' ' || r >= 0x7f }):
		return fmt.Errorf("manifest site id %q is empty or has spaces or control characters", h.Site)
	case h.BaseURL == "" || strings.ContainsFunc(h.BaseURL, func(r rune) bool { return r <= ' ' || r == 0x7f }):
		return fmt.Errorf("manifest base URL %q is empty or has spaces or control characters", h.BaseURL)
	case h.Serial < 0:
		return fmt.Errorf("manifest serial %d is negative", h.Serial)
	case h.Files < 0 || h.Bytes < 0 || h.Largest < 0 || h.Largest > h.Bytes:
		return errors.New("manifest header counts are inconsistent")
	case !h.Expires.After(h.Built):
		return fmt.Errorf("manifest expires (%s) before it was built (%s)", h.Expires.UTC().Format(time.RFC3339), h.Built.UTC().Format(time.RFC3339))
	}
	return nil
}

// Fresh reports an error when the manifest has expired at now.
func (h Header) Fresh(now time.Time) error {
	if !now.Before(h.Expires) {
		return fmt.Errorf("manifest of %s (serial %d) expired at %s (the origin must re-sign: congbo sign)", h.Site, h.Serial, h.Expires.UTC().Format(time.RFC3339))
	}
	return nil
}

// Lookup returns the entry for path p, or false.
func (m *Manifest) Lookup(p string) (Entry, bool) {
	i, ok := slices.BinarySearchFunc(m.Entries, p, func(e Entry, p string) int { return strings.Compare(e.Path, p) })
	if !ok {
		return Entry{}, false
	}
	return m.Entries[i], true
}

// SameFiles reports whether m and o list the same paths with the same hashes.
func (m *Manifest) SameFiles(o *Manifest) bool {
	return slices.EqualFunc(m.Entries, o.Entries, func(a, b Entry) bool { return a.Path == b.Path && a.Sum == b.Sum })
}
