package manifest

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"aead.dev/minisign"
)

// Sign returns the minisign signature of the manifest text data, whose
// header is h: prehashed with BLAKE2b-512 (what `minisign -H` checks),
// with TrustedComment(h) as the trusted comment. Ed25519 is
// deterministic, so the same key and text give the same signature.
func Sign(data []byte, h Header, key SecretKey) []byte {
	r := minisign.NewReader(bytes.NewReader(data))
	io.Copy(io.Discard, r) // a bytes.Reader does not fail
	return r.SignWithComments(key, TrustedComment(h), "congbo manifest signature, key "+KeyID(key.ID()))
}

// Verify checks that sig is pub's prehashed signature of the manifest
// text data and that its trusted comment matches the header, then parses
// the manifest. It does not judge expiry (see Header.Fresh) or the files.
func Verify(data, sig []byte, pub PublicKey) (*Manifest, error) {
	var s minisign.Signature
	if err := s.UnmarshalText(sig); err != nil {
		return nil, fmt.Errorf("manifest signature is malformed: %w", err)
	}
	if s.Algorithm != minisign.HashEdDSA {
		return nil, fmt.Errorf("manifest signature is not prehashed (legacy minisign \"Ed\"; re-sign with congbo sign)")
	}
	if s.KeyID != pub.ID() {
		return nil, fmt.Errorf("manifest is signed by key %s, not by the trusted key %s", KeyID(s.KeyID), KeyID(pub.ID()))
	}
	r := minisign.NewReader(bytes.NewReader(data))
	io.Copy(io.Discard, r)
	if !r.Verify(pub, sig) {
		return nil, fmt.Errorf("manifest signature does not verify with key %s (manifest or signature altered)", KeyID(pub.ID()))
	}
	m, err := Parse(data)
	if err != nil {
		return nil, err
	}
	if want := TrustedComment(m.Header); s.TrustedComment != want {
		return nil, fmt.Errorf("signed comment %q does not match the manifest header %q", s.TrustedComment, want)
	}
	return m, nil
}

// DefaultExpiry is how long a signature stays valid unless told otherwise:
// long enough for a site that is rebuilt rarely, short enough that a
// frozen mirror is noticed. Origins that re-sign daily can use less.
const DefaultExpiry = 30 * 24 * time.Hour

// Params say what to sign. Site and Serial are derived when empty.
type Params struct {
	BaseURL string
	Site    string    // default SiteID(BaseURL)
	Serial  int64     // default Built in Unix seconds
	Built   time.Time // when the site was built
	Expires time.Time // default Built + DefaultExpiry
}

// Make scans the site in dir and returns its manifest, the manifest's
// text and the text's signature by key.
func Make(dir string, p Params, key SecretKey) (m *Manifest, text, sig []byte, err error) {
	if p.Site == "" {
		if p.Site, err = SiteID(p.BaseURL); err != nil {
			return nil, nil, nil, err
		}
	}
	if p.Serial == 0 {
		p.Serial = p.Built.Unix()
	}
	if p.Expires.IsZero() {
		p.Expires = p.Built.Add(DefaultExpiry)
	}
	entries, err := Scan(dir)
	if err != nil {
		return nil, nil, nil, err
	}
	h := Header{Site: p.Site, BaseURL: p.BaseURL, Serial: p.Serial, Built: p.Built.Truncate(time.Second), Expires: p.Expires.Truncate(time.Second)}
	m, err = New(h, entries)
	if err != nil {
		return nil, nil, nil, err
	}
	text = m.Marshal()
	return m, text, Sign(text, m.Header, key), nil
}

// WriteSigned replaces the manifest and signature of the site in dir,
// each by writing a temporary file and renaming it over the old one, so
// a reader never sees a partial file. (A reader may, for a moment, see
// the new manifest with the old signature; it fails to verify and
// retries.)
func WriteSigned(dir string, text, sig []byte) error {
	for _, f := range []struct {
		rel  string
		data []byte
	}{{Name, text}, {SigName, sig}} {
		name := filepath.Join(dir, filepath.FromSlash(f.rel))
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			return err
		}
		tmp := name + ".tmp"
		if err := os.WriteFile(tmp, f.data, 0o644); err != nil {
			os.Remove(tmp)
			return err
		}
		if err := os.Rename(tmp, name); err != nil {
			os.Remove(tmp)
			return err
		}
	}
	return nil
}
