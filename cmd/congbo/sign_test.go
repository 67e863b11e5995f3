package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// congbo runs the CLI in-process and returns its exit code and stderr.
func congbo(t *testing.T, args ...string) (int, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(args, &stdout, &stderr)
	return code, stderr.String()
}

// requireTool returns the path of a command-line tool, skipping the test
// when it is absent unless CONGBO_REQUIRE_TOOLS is set (as in CI).
func requireTool(t *testing.T, name string) string {
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

func TestKeygen(t *testing.T) {
	os.Unsetenv("CONGBO_KEY_PASSWORD")
	dir := t.TempDir()
	if code, stderr := congbo(t, "keygen", "--out", dir); code != 2 || !strings.Contains(stderr, "no password: set CONGBO_KEY_PASSWORD") {
		t.Errorf("keygen without a password: exit %d, %s", code, stderr)
	}
	if code, stderr := congbo(t, "keygen", "--out", dir, "--no-password"); code != 0 {
		t.Fatalf("keygen: exit %d, %s", code, stderr)
	}
	st, err := os.Stat(filepath.Join(dir, "congbo.key"))
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("congbo.key: %v, mode %v; want 0600", err, st.Mode())
	}
	key, _ := os.ReadFile(filepath.Join(dir, "congbo.key"))
	if code, stderr := congbo(t, "keygen", "--out", dir, "--no-password"); code != 1 || !strings.Contains(stderr, "congbo.key already exists; refusing to overwrite") {
		t.Errorf("second keygen: exit %d, %s", code, stderr)
	}
	if again, _ := os.ReadFile(filepath.Join(dir, "congbo.key")); !bytes.Equal(again, key) {
		t.Error("second keygen changed the key")
	}
}

// TestSignVerify builds a signed site, checks it with congbo verify and
// the standard minisign and sha256sum, then tampers with it and re-signs.
func TestSignVerify(t *testing.T) {
	src := site(t, map[string]string{"site.yaml": cfg, "content/tin/a.md": "---\ntitle: A\naliases: [/cu/a/]\n---\nA\n"})
	keys := t.TempDir()
	if code, stderr := congbo(t, "keygen", "--out", keys, "--no-password"); code != 0 {
		t.Fatal(stderr)
	}
	pub, key := filepath.Join(keys, "congbo.pub"), filepath.Join(keys, "congbo.key")
	pubDir := filepath.Join(src, "public")
	if code, stderr := congbo(t, "build", "--source", src, "--sign", key, "--serial", "5", "--expires", "7d", "--quiet"); code != 0 {
		t.Fatalf("build --sign: exit %d\n%s", code, stderr)
	}
	if code, stderr := congbo(t, "verify", pubDir, "--pubkey", pub); code != 0 || !strings.Contains(stderr, "site example.gov.vn, serial 5") {
		t.Fatalf("verify: exit %d\n%s", code, stderr)
	}

	ms, shasum := requireTool(t, "minisign"), requireTool(t, "sha256sum")
	for _, args := range [][]string{
		{ms, "-VHm", ".well-known/congbo-manifest.txt", "-p", pub},
		{shasum, "-c", "--strict", "--quiet", ".well-known/congbo-manifest.txt"},
	} {
		cmd := exec.Command(args[0], args[1:]...)
		cmd.Dir = pubDir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("%s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}

	// Re-signing raises the serial; a lower serial is refused.
	if code, stderr := congbo(t, "sign", pubDir, "--key", key, "--serial", "4"); code != 2 || !strings.Contains(stderr, "serial 4 is not above the current 5") {
		t.Errorf("sign --serial 4: exit %d, %s", code, stderr)
	}
	if code, stderr := congbo(t, "sign", pubDir, "--key", key, "--serial", "6"); code != 0 {
		t.Fatalf("sign: exit %d, %s", code, stderr)
	}
	if code, stderr := congbo(t, "verify", pubDir, "--pubkey", pub); code != 0 || !strings.Contains(stderr, "serial 6") {
		t.Errorf("verify after sign: exit %d, %s", code, stderr)
	}

	// Tampering is caught, naming the file; sign refuses to bless it.
	os.WriteFile(filepath.Join(pubDir, "tin/a/index.html"), []byte("tampered"), 0o644)
	os.WriteFile(filepath.Join(pubDir, "extra.html"), []byte("extra"), 0o644)
	code, stderr := congbo(t, "verify", pubDir, "--pubkey", pub)
	want := regexp.MustCompile(`(?s)public/extra\.html: not in the signed manifest.*public/tin/a/index\.html: content differs.*FAILED: 2 file\(s\)`)
	if code != 1 || !want.MatchString(stderr) {
		t.Errorf("verify tampered: exit %d, stderr:\n%s", code, stderr)
	}
	if code, stderr := congbo(t, "sign", pubDir, "--key", key); code != 1 || !strings.Contains(stderr, "the files changed since the site was built") {
		t.Errorf("sign tampered: exit %d, %s", code, stderr)
	}

	// Another key is refused.
	other := t.TempDir()
	congbo(t, "keygen", "--out", other, "--no-password")
	if code, stderr := congbo(t, "verify", pubDir, "--pubkey", filepath.Join(other, "congbo.pub")); code != 1 || !strings.Contains(stderr, "not by the trusted key") {
		t.Errorf("verify with another key: exit %d, %s", code, stderr)
	}
}

func TestSignUsage(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"verify", "--pubkey", "x"}, "missing directory argument"},
		{[]string{"verify", "a", "b", "--pubkey", "x"}, `unexpected argument "b"`},
		{[]string{"verify", "a"}, "--pubkey FILE is required"},
		{[]string{"sign", "a"}, "--key SECRETKEY is required"},
		{[]string{"build", "--expires", "soon"}, `"soon": want a number of days`},
	}
	for _, tt := range tests {
		if code, stderr := congbo(t, tt.args...); code != 2 || !strings.Contains(stderr, tt.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tt.args, code, stderr, tt.want)
		}
	}
}
