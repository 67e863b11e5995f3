package manifest

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// Problem is one file of a site that does not match its signed manifest.
type Problem struct {
	Path string // slash path relative to the site's root
	Msg  string
}

func (p Problem) String() string { return p.Path + ": " + p.Msg }

// ReadSigned reads the manifest and signature of the site in dir and
// verifies them with pub (see Verify).
func ReadSigned(dir string, pub PublicKey) (*Manifest, error) {
	data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(Name)))
	if err != nil {
		return nil, fmt.Errorf("%w (is this a site built with --sign?)", err)
	}
	sig, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(SigName)))
	if err != nil {
		return nil, fmt.Errorf("%w (is this a site built with --sign?)", err)
	}
	return Verify(data, sig, pub)
}

// VerifyDir checks the site in dir against its signed manifest: the
// signature by pub, the expiry at now, then every file (Check). The error
// is about the manifest; problems are about files.
func VerifyDir(dir string, pub PublicKey, now time.Time) (*Manifest, []Problem, error) {
	m, err := ReadSigned(dir, pub)
	if err != nil {
		return nil, nil, err
	}
	if err := m.Fresh(now); err != nil {
		return m, nil, err
	}
	problems, err := Check(dir, m)
	return m, problems, err
}

// Check compares the files under dir with m: each listed file must be
// there with its hash (and so its size), and nothing else may be, apart
// from the manifest and its signature. It reads no file past m.Largest.
func Check(dir string, m *Manifest) ([]Problem, error) {
	var problems []Problem
	seen := make(map[string]bool, len(m.Entries))
	err := walkSite(dir, func(rel, name string, d fs.DirEntry) error {
		e, ok := m.Lookup(rel)
		if !ok {
			problems = append(problems, Problem{rel, "not in the signed manifest (extra file)"})
			return nil
		}
		seen[rel] = true
		if !d.Type().IsRegular() {
			problems = append(problems, Problem{rel, "not a regular file"})
			return nil
		}
		sum, _, err := HashFile(name, m.Largest)
		switch {
		case errors.Is(err, ErrTooLarge):
			problems = append(problems, Problem{rel, fmt.Sprintf("larger than any file in the signed manifest (%d bytes)", m.Largest)})
		case err != nil:
			return err
		case sum != e.Sum:
			problems = append(problems, Problem{rel, "content differs from the signed manifest (SHA-256 mismatch)"})
		}
		return nil
	})
	if err != nil {
		return problems, fmt.Errorf("check: %w", err)
	}
	for _, e := range m.Entries {
		if !seen[e.Path] {
			problems = append(problems, Problem{e.Path, "missing (listed in the signed manifest)"})
		}
	}
	slices.SortStableFunc(problems, func(a, b Problem) int { return strings.Compare(a.Path, b.Path) })
	return problems, nil
}
