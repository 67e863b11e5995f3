package manifest

import (
	"bytes"
	"crypto/sha256"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"aead.dev/minisign"
)

var testBuilt = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

// testKey returns a fresh key pair and the public key file's text.
func testKey(t *testing.T) (PublicKey, SecretKey, []byte, []byte) {
	t.Helper()
	pubText, secText, err := KeyGen("")
	if err != nil {
		t.Fatal(err)
	}
	var pub PublicKey
	if err := pub.UnmarshalText(bytes.TrimSpace(pubText)); err != nil {
		t.Fatal(err)
	}
	sec, err := ParseSecretKey("congbo.key", secText, "")
	if err != nil {
		t.Fatal(err)
	}
	return pub, sec, pubText, secText
}

// writeSite writes files (slash path → content) under a new directory.
func writeSite(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

var testFiles = map[string]string{
	"index.html":               "<h1>Trang chủ</h1>",
	"a-b/index.html":           "dash sorts before slash",
	"a/index.html":             "A",
	"tin tức (1)/x.html":       "space and parentheses",
	".well-known/security.txt": "Contact: mailto:x@example.gov.vn\n",
	"css/style.0123abcd.css":   "body{}",
}

// signSite signs dir and writes the manifest and signature into it.
func signSite(t *testing.T, dir string, sec SecretKey, p Params) *Manifest {
	t.Helper()
	m, text, sig, err := Make(dir, p, sec)
	if err != nil {
		t.Fatal(err)
	}
	if err := WriteSigned(dir, text, sig); err != nil {
		t.Fatal(err)
	}
	return m
}

func TestMakeParseRoundTrip(t *testing.T) {
	_, sec, _, _ := testKey(t)
	dir := writeSite(t, testFiles)
	m, text, _, err := Make(dir, Params{BaseURL: "https://Bokns.example.gov.vn/", Built: testBuilt}, sec)
	if err != nil {
		t.Fatal(err)
	}
	want := "# congbo-manifest: 1\n# site: bokns.example.gov.vn\n# base-url: https://Bokns.example.gov.vn/\n" +
		"# serial: 1767323045\n# built: 2026-01-02T03:04:05Z\n# expires: 2026-02-01T03:04:05Z\n# files: 6\n"
	if !strings.HasPrefix(string(text), want) {
		t.Errorf("header:\n%s\nwant prefix:\n%s", text, want)
	}
	var paths []string
	for _, e := range m.Entries {
		paths = append(paths, e.Path)
	}
	if got, want := strings.Join(paths, "|"), ".well-known/security.txt|a-b/index.html|a/index.html|css/style.0123abcd.css|index.html|tin tức (1)/x.html"; got != want {
		t.Errorf("order %s, want %s", got, want)
	}
	sum := sha256.Sum256([]byte("A"))
	if e, ok := m.Lookup("a/index.html"); !ok || e.Sum != sum || e.Size != 1 {
		t.Errorf("Lookup(a/index.html) = %+v, %v", e, ok)
	}
	back, err := Parse(text)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(back.Marshal(), text) || !back.SameFiles(m) || back.Header != m.Header {
		t.Errorf("round trip differs:\n%s", back.Marshal())
	}
}

func TestCheckPath(t *testing.T) {
	tests := []struct {
		path string
		ok   bool
	}{
		{"index.html", true},
		{"tin tức/a (1).html", true},
		{".well-known/security.txt", true},
		{"../x", false},
		{"a/../../x", false},
		{"/etc/passwd", false},
		{`a\b`, false},
		{"a\nb", false},
		{"a\x7fb", false},
		{"a//b", false},
		{"./a", false},
		{"a/", false},
		{"", false},
		{"\xff", false},
	}
	for _, tt := range tests {
		if err := CheckPath(tt.path); (err == nil) != tt.ok {
			t.Errorf("CheckPath(%q) = %v, want ok=%v", tt.path, err, tt.ok)
		}
	}
}

func TestParseErrors(t *testing.T) {
	_, sec, _, _ := testKey(t)
	dir := writeSite(t, map[string]string{"a.html": "a", "b.html": "b"})
	_, text, _, err := Make(dir, Params{BaseURL: "https://x.gov.vn/", Built: testBuilt}, sec)
	if err != nil {
		t.Fatal(err)
	}
	good := string(text)
	lineA := "SHA256 (a.html) = " + strings.Split(strings.Split(good, "SHA256 (a.html) = ")[1], "\n")[0]
	tests := []struct {
		name, text, want string
	}{
		{"truncated", good[:len(good)-10], "does not end with a newline"},
		{"missing line", strings.Replace(good, lineA+"\n", "", 1), "lists 1 files but its header says 2"},
		{"extra line", good + lineA + "\n", "lists 3 files"},
		{"version", strings.Replace(good, "congbo-manifest: 1", "congbo-manifest: 2", 1), "line 1: format version 2"},
		{"no serial", strings.Replace(good, "# serial:", "# seriall:", 1), "line 4: want \"# serial: …\""},
		{"bad serial", strings.Replace(good, "# serial: 1767323045", "# serial: x", 1), "line 4: bad serial"},
		{"out of order", strings.Replace(strings.Replace(good, "(a.html)", "(c.html)", 1), "# files: 2", "# files: 2", 1), "line 11: b.html is out of order"},
		{"dot dot", strings.Replace(good, "(a.html)", "(../a.html)", 1), `line 10: "../a.html": unsafe path`},
		{"upper hex", strings.Replace(good, lineA, strings.ToUpper(lineA[:0])+lineA[:len(lineA)-64]+strings.ToUpper(lineA[len(lineA)-64:]), 1), "line 10: bad SHA-256"},
		{"lists itself", strings.Replace(good, "(a.html)", "(.well-known/congbo-manifest.txt)", 1), "line 10: the manifest lists itself"},
		{"garbage line", strings.Replace(good, lineA, "hello", 1), "line 10: want \"SHA256 (path) = hex\""},
		{"expiry before build", strings.Replace(good, "# expires: 2026-02-01", "# expires: 2025-02-01", 1), "expires (2025-02-01T03:04:05Z) before it was built"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.text))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Parse error %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestVerify(t *testing.T) {
	pub, sec, _, _ := testKey(t)
	otherPub, otherSec, _, _ := testKey(t)
	_ = otherPub
	dir := writeSite(t, map[string]string{"a.html": "a"})
	m, text, sig, err := Make(dir, Params{BaseURL: "https://x.gov.vn/", Built: testBuilt}, sec)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Verify(text, sig, pub); err != nil {
		t.Fatalf("good manifest: %v", err)
	}
	older := m.Header
	older.Serial--
	legacy := minisign.SignWithComments(sec, text, TrustedComment(m.Header), "legacy")
	changed := bytes.Replace(text, []byte("# serial: 1767323045"), []byte("# serial: 1767323046"), 1)
	tests := []struct {
		name      string
		text, sig []byte
		want      string
	}{
		{"changed byte", changed, sig, "does not verify"},
		{"other key", text, Sign(text, m.Header, otherSec), "signed by key"},
		{"legacy Ed signature", text, legacy, "not prehashed"},
		{"comment not matching header", text, Sign(text, older, sec), "does not match the manifest header"},
		{"garbage signature", text, []byte("hello\n"), "malformed"},
		{"swapped signature", changed, Sign(text, m.Header, sec), "does not verify"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Verify(tt.text, tt.sig, pub)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Verify error %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestVerifyDir(t *testing.T) {
	pub, sec, _, _ := testKey(t)
	now := testBuilt.Add(time.Hour)
	tests := []struct {
		name    string
		change  func(dir string) error
		now     time.Time
		want    []string // problems
		wantErr string
	}{
		{"intact", func(string) error { return nil }, now, nil, ""},
		{"changed byte", func(d string) error { return os.WriteFile(filepath.Join(d, "a/index.html"), []byte("B"), 0o644) }, now,
			[]string{"a/index.html: content differs from the signed manifest (SHA-256 mismatch)"}, ""},
		{"extra and missing", func(d string) error { return os.Rename(filepath.Join(d, "index.html"), filepath.Join(d, "index.htm")) }, now,
			[]string{"index.htm: not in the signed manifest (extra file)", "index.html: missing (listed in the signed manifest)"}, ""},
		{"oversize", func(d string) error {
			return os.WriteFile(filepath.Join(d, "a/index.html"), bytes.Repeat([]byte("x"), 1000), 0o644)
		}, now, []string{"a/index.html: larger than any file in the signed manifest (33 bytes)"}, ""},
		{"symlink", func(d string) error {
			os.Remove(filepath.Join(d, "a/index.html"))
			return os.Symlink("/etc/passwd", filepath.Join(d, "a/index.html"))
		}, now, []string{"a/index.html: not a regular file"}, ""},
		{"expired", func(string) error { return nil }, testBuilt.Add(31 * 24 * time.Hour), nil, "expired at 2026-02-01T03:04:05Z"},
		{"signature removed", func(d string) error { return os.Remove(filepath.Join(d, SigName)) }, now, nil, "is this a site built with --sign?"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeSite(t, testFiles)
			signSite(t, dir, sec, Params{BaseURL: "https://x.gov.vn/", Built: testBuilt})
			if err := tt.change(dir); err != nil {
				t.Fatal(err)
			}
			_, problems, err := VerifyDir(dir, pub, tt.now)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("error %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, p := range problems {
				got = append(got, p.String())
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestScanRefusesUnsafeNames(t *testing.T) {
	dir := writeSite(t, map[string]string{"a\\b.html": "x"})
	if _, err := Scan(dir); err == nil || !strings.Contains(err.Error(), "backslash") {
		t.Errorf("Scan error %v, want backslash", err)
	}
}

func TestEncryptedKey(t *testing.T) {
	_, sec, err := KeyGen("correct horse")
	if err != nil {
		t.Fatal(err)
	}
	if !KeyEncrypted(sec) {
		t.Fatal("key not encrypted")
	}
	if _, err := ParseSecretKey("k", sec, ""); err == nil || !strings.Contains(err.Error(), "CONGBO_KEY_PASSWORD") {
		t.Errorf("no password: %v", err)
	}
	if _, err := ParseSecretKey("k", sec, "wrong"); err == nil || !strings.Contains(err.Error(), "k: wrong password") {
		t.Errorf("wrong password: %v", err)
	}
	if _, err := ParseSecretKey("k", sec, "correct horse"); err != nil {
		t.Errorf("right password: %v", err)
	}
}

// needTool returns the path of a command-line tool, skipping the test
// when it is absent unless CONGBO_REQUIRE_TOOLS is set (as in CI).
func needTool(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CONGBO_REQUIRE_TOOLS") != "" {
			t.Fatalf("%s is not installed and CONGBO_REQUIRE_TOOLS is set", name)
		}
		t.Skipf("%s is not installed", name)
	}
	return p
}

// TestStandardTools checks a signed site with no congbo at all: the
// minisign tool verifies the signature and sha256sum the files. It also
// signs with a key made by `minisign -G -W`, and lets minisign sign with
// a key made by KeyGen.
func TestStandardTools(t *testing.T) {
	ms := needTool(t, "minisign")
	shasum := needTool(t, "sha256sum")
	pub, sec, pubText, secText := testKey(t)
	dir := writeSite(t, testFiles)
	m := signSite(t, dir, sec, Params{BaseURL: "https://x.gov.vn/", Built: time.Now(), Serial: 42})
	keys := t.TempDir()
	pubFile, secFile := filepath.Join(keys, "congbo.pub"), filepath.Join(keys, "congbo.key")
	os.WriteFile(pubFile, pubText, 0o644)
	os.WriteFile(secFile, secText, 0o600)
	run := func(dir string, name string, args ...string) string {
		t.Helper()
		cmd := exec.Command(name, args...)
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	out := run(dir, ms, "-VHm", Name, "-p", pubFile)
	if !strings.Contains(out, "Trusted comment: "+TrustedComment(m.Header)) {
		t.Errorf("minisign output lacks the trusted comment:\n%s", out)
	}
	run(dir, shasum, "-c", "--strict", "--quiet", Name)

	// A changed file fails sha256sum; a changed manifest fails minisign.
	os.WriteFile(filepath.Join(dir, "index.html"), []byte("tampered"), 0o644)
	if err := exec.Command(shasum, "-c", "--strict", "--quiet", filepath.Join(dir, Name)).Run(); err == nil {
		t.Error("sha256sum accepted a changed file")
	}
	mf := filepath.Join(dir, filepath.FromSlash(Name))
	data, _ := os.ReadFile(mf)
	os.WriteFile(mf, bytes.Replace(data, []byte("serial: 42"), []byte("serial: 43"), 1), 0o644)
	if err := exec.Command(ms, "-VHm", mf, "-p", pubFile).Run(); err == nil {
		t.Error("minisign accepted a changed manifest")
	}

	// minisign signs with our key; we verify.
	f := filepath.Join(keys, "f.txt")
	os.WriteFile(f, []byte("x"), 0o644)
	run(keys, ms, "-S", "-s", secFile, "-m", f)
	sig, _ := os.ReadFile(f + ".minisig")
	if !minisign.Verify(pub, []byte("x"), sig) {
		t.Error("signature by minisign with a KeyGen key does not verify")
	}

	// We sign with minisign's key; minisign verifies.
	run(keys, ms, "-G", "-W", "-p", "m.pub", "-s", "m.key")
	msKey, err := ReadSecretKey(filepath.Join(keys, "m.key"), "")
	if err != nil {
		t.Fatal(err)
	}
	dir2 := writeSite(t, testFiles)
	signSite(t, dir2, msKey, Params{BaseURL: "https://x.gov.vn/", Built: time.Now()})
	run(dir2, ms, "-VHm", Name, "-p", filepath.Join(keys, "m.pub"))
}

func FuzzParse(f *testing.F) {
	f.Add([]byte("# congbo-manifest: 1\n# site: x\n# base-url: https://x/\n# serial: 1\n# built: 2026-01-01T00:00:00Z\n# expires: 2026-02-01T00:00:00Z\n# files: 1\n# bytes: 1\n# largest: 1\nSHA256 (a) = ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := Parse(data)
		if err != nil {
			return
		}
		for _, e := range m.Entries {
			if CheckPath(e.Path) != nil {
				t.Fatalf("Parse accepted unsafe path %q", e.Path)
			}
		}
		if !bytes.Equal(m.Marshal(), data) {
			t.Fatalf("Parse accepted a non-canonical manifest:\n%q\nremarshals as\n%q", data, m.Marshal())
		}
	})
}
