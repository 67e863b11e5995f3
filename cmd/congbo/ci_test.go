package main

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"
)

// docsDir is docs/ relative to this package.
const docsDir = "../../docs"

// installStep is the workflows' step that installs congbo; the test runs
// the congbo it builds from this checkout instead.
const installStep = "go install github.com/congbo/congbo/cmd/congbo@latest"

// TestCIWorkflows runs what docs/ci.md tells users to run: the shell
// steps of its GitHub Actions and GitLab CI workflows (docs/ci/publish.sh
// as ci/publish.sh: check, build, sign, verify, publish with rsync) on a
// small site with a fresh key, against a local HTTP origin; the check
// with no congbo (minisign, sha256sum) on the published copy; and the
// mirror's systemd ExecStart and cron line pulling from that origin.
func TestCIWorkflows(t *testing.T) {
	sh := requireTool(t, "sh")
	for _, tool := range []string{"rsync", "minisign", "sha256sum"} {
		requireTool(t, tool)
	}
	doc := readDoc(t, "ci.md")
	gitHub, gitLab := workflowSteps(t, doc)

	bin := buildCongbo(t)
	work := t.TempDir()
	env := append(os.Environ(), "PATH="+filepath.Dir(bin)+string(os.PathListSeparator)+os.Getenv("PATH"))
	run := func(dir, script string, extra ...string) (string, error) {
		t.Helper()
		cmd := exec.Command(sh, "-eu", "-c", script)
		cmd.Dir, cmd.Env = dir, append(slices.Clone(env), extra...)
		out, err := cmd.CombinedOutput()
		return string(out), err
	}

	// The origin: a plain HTTP server of the directory CONGBO_DEPLOY names.
	deploy := filepath.Join(work, "origin")
	os.MkdirAll(deploy, 0o755)
	origin := httptest.NewServer(http.FileServer(http.Dir(deploy)))
	defer origin.Close()

	// Keys, as docs/ci.md's "Keys" section makes them for CI.
	keys := filepath.Join(work, "keys")
	if out, err := run(work, keyGenLine(t, doc)+" >/dev/null", "KEYS="+keys); err != nil {
		t.Fatalf("keygen: %v\n%s", err, out)
	}
	pubFile, secFile := filepath.Join(keys, "congbo.pub"), filepath.Join(keys, "congbo.key")
	pubText, _ := os.ReadFile(pubFile)
	secText, _ := os.ReadFile(secFile)
	pubLines := strings.Split(strings.TrimSpace(string(pubText)), "\n")

	src := filepath.Join(work, "site")
	writeCISite(t, src, origin.URL+"/", pubLines[len(pubLines)-1], "Bản đầu tiên.")
	script, err := os.ReadFile(filepath.Join(docsDir, "ci", "publish.sh"))
	if err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Join(src, "ci"), 0o755)
	os.WriteFile(filepath.Join(src, "ci", "publish.sh"), script, 0o755)

	// GitHub Actions: the key's text in a secret.
	out, err := run(src, strings.Join(gitHub.run, "\n"), "CONGBO_SIGNING_KEY="+string(secText), "CONGBO_DEPLOY="+deploy+"/")
	if err != nil {
		t.Fatalf("GitHub workflow: %v\n%s", err, out)
	}
	if !strings.Contains(out, "congbo: verified public") || !strings.Contains(out, "published to "+deploy) {
		t.Errorf("GitHub workflow output:\n%s", out)
	}
	if strings.Contains(out, strings.TrimSpace(strings.Split(string(secText), "\n")[1])) {
		t.Errorf("the workflow printed the secret key")
	}
	if _, err := os.Stat(filepath.Join(src, "public", ".well-known", "congbo-manifest.txt.minisig")); err != nil {
		t.Fatalf("no signed build: %v", err)
	}

	// The check with no congbo, from the top of docs/ci.md, on the
	// published copy ("public" is the origin's directory here).
	checkDir := filepath.Join(work, "check")
	os.MkdirAll(checkDir, 0o755)
	os.Symlink(deploy, filepath.Join(checkDir, "public"))
	os.WriteFile(filepath.Join(checkDir, "congbo.pub"), pubText, 0o644)
	if out, err := run(checkDir, firstBlock(t, doc, "sh")); err != nil {
		t.Fatalf("standard tools on the published site: %v\n%s", err, out)
	}

	// The mirror: the systemd unit's command, and the cron line's.
	mirrorDir := filepath.Join(work, "mirror")
	pull := mirrorCommand(t, doc, origin.URL+"/", mirrorDir, pubFile)
	if out, err := run(work, pull); err != nil {
		t.Fatalf("mirror pull: %v\n%s", err, out)
	}
	assertMirror(t, mirrorDir, pubFile, "Bản đầu tiên.")

	// GitLab CI: the key as a File variable, after an edit. The serial
	// is the clock in seconds, so wait for the next second.
	time.Sleep(time.Until(time.Now().Truncate(time.Second).Add(1100 * time.Millisecond)))
	writeCISite(t, src, origin.URL+"/", pubLines[len(pubLines)-1], "Bản thứ hai.")
	out, err = run(src, strings.Join(gitLab.run, "\n"), append(gitLab.env(deploy+"/"), "CONGBO_SIGNING_KEY="+secFile)...)
	if err != nil {
		t.Fatalf("GitLab workflow: %v\n%s", err, out)
	}
	if out, err := run(work, pull); err != nil {
		t.Fatalf("second mirror pull: %v\n%s", err, out)
	}
	assertMirror(t, mirrorDir, pubFile, "Bản thứ hai.")

	// A key other than site.yaml's: nothing is published.
	other := filepath.Join(work, "other")
	run(work, keyGenLine(t, doc)+" >/dev/null", "KEYS="+other)
	before, _ := os.ReadFile(filepath.Join(deploy, ".well-known", "congbo-manifest.txt"))
	out, err = run(src, "sh ci/publish.sh", "CONGBO_SIGNING_KEY="+filepath.Join(other, "congbo.key"), "CONGBO_DEPLOY="+deploy+"/")
	if err == nil || !strings.Contains(out, "site.yaml:") || !strings.Contains(out, "security.publicKey is not the public half of the signing key") {
		t.Errorf("publish with another key: %v\n%s", err, out)
	}
	if after, _ := os.ReadFile(filepath.Join(deploy, ".well-known", "congbo-manifest.txt")); !bytes.Equal(before, after) {
		t.Errorf("a refused publish changed the origin")
	}
}

// workflow is the shell a CI workflow of docs/ci.md runs, with its
// environment.
type workflow struct {
	run  []string
	vars map[string]string
}

// env returns the workflow's variables, CONGBO_DEPLOY pointed at deploy
// and CONGBO_SIGNING_KEY left to the caller (it names a CI secret).
func (w workflow) env(deploy string) []string {
	var out []string
	for k, v := range w.vars {
		switch k {
		case "CONGBO_DEPLOY":
			v = deploy
		case "CONGBO_SIGNING_KEY":
			continue
		}
		out = append(out, k+"="+v)
	}
	return out
}

// workflowSteps reads the GitHub Actions and GitLab CI workflows of
// docs/ci.md and returns their shell steps, the install step left out.
// Every step must be one the test runs: a new step in the doc fails here
// until the test exercises it.
func workflowSteps(t *testing.T, doc string) (gitHub, gitLab workflow) {
	t.Helper()
	var gh struct {
		Jobs map[string]struct {
			Steps []struct {
				Uses string
				Run  string
				Env  map[string]string
			}
		}
	}
	var gl map[string]struct {
		Script    []string
		Variables map[string]string
	}
	for _, block := range fencedBlocks(doc, "yaml") {
		var err error
		switch {
		case strings.Contains(block, ".github/workflows/"):
			err = yaml.Unmarshal([]byte(block), &gh)
		case strings.Contains(block, ".gitlab-ci.yml"):
			err = yaml.Unmarshal([]byte(block), &gl)
		}
		if err != nil {
			t.Fatalf("docs/ci.md: workflow is not valid YAML: %v\n%s", err, block)
		}
	}
	if len(gh.Jobs) != 1 || len(gl) != 1 {
		t.Fatalf("docs/ci.md: want one GitHub job and one GitLab job, got %d and %d", len(gh.Jobs), len(gl))
	}
	gitHub.vars = map[string]string{}
	for _, job := range gh.Jobs {
		for _, st := range job.Steps {
			switch {
			case st.Uses != "":
				if !strings.HasPrefix(st.Uses, "actions/checkout@") && !strings.HasPrefix(st.Uses, "actions/setup-go@") {
					t.Errorf("GitHub workflow uses %s, which the test does not stand in for", st.Uses)
				}
			case st.Run == installStep:
			default:
				gitHub.run = append(gitHub.run, st.Run)
				for k, v := range st.Env {
					gitHub.vars[k] = v
				}
			}
		}
	}
	for _, job := range gl {
		gitLab.vars = job.Variables
		for _, line := range job.Script {
			if line != installStep {
				gitLab.run = append(gitLab.run, line)
			}
		}
	}
	for name, w := range map[string]workflow{"GitHub": gitHub, "GitLab": gitLab} {
		if !slices.Equal(w.run, []string{"sh ci/publish.sh"}) {
			t.Errorf("%s workflow runs %q; the test knows how to run only sh ci/publish.sh", name, w.run)
		}
		if _, ok := w.vars["CONGBO_DEPLOY"]; !ok {
			t.Errorf("%s workflow sets no CONGBO_DEPLOY", name)
		}
	}
	if v := gitHub.vars["CONGBO_SIGNING_KEY"]; v != "${{ secrets.CONGBO_SIGNING_KEY }}" {
		t.Errorf("GitHub workflow takes the key from %q, want the secret", v)
	}
	return gitHub, gitLab
}

// keyGenLine returns docs/ci.md's keygen command for CI (no password),
// writing to $KEYS.
func keyGenLine(t *testing.T, doc string) string {
	t.Helper()
	for _, line := range strings.Split(doc, "\n") {
		if strings.HasPrefix(line, "congbo keygen ") && strings.Contains(line, "--no-password") {
			cmd, _, _ := strings.Cut(line, "#")
			return strings.Replace(strings.TrimSpace(cmd), "keys/", `"$KEYS"`, 1)
		}
	}
	t.Fatal("docs/ci.md has no `congbo keygen … --no-password` line")
	return ""
}

// mirrorCommand returns the mirror's pull command from docs/ci.md's
// systemd unit, checking that the cron line runs the same, with the
// origin, directory and key replaced by the test's.
func mirrorCommand(t *testing.T, doc, from, dir, pub string) string {
	t.Helper()
	exec := regexp.MustCompile(`(?m)^ExecStart=/usr/local/bin/(congbo mirror .*)$`).FindStringSubmatch(doc)
	cron := regexp.MustCompile("(?m)^or cron: `\\*/5 \\* \\* \\* \\* congbo (congbo mirror [^`]*)`").FindStringSubmatch(doc)
	if exec == nil || cron == nil {
		t.Fatal("docs/ci.md lacks the mirror's ExecStart= or cron line")
	}
	if exec[1] != cron[1] {
		t.Errorf("the cron line runs %q, the systemd unit %q", cron[1], exec[1])
	}
	cmd := strings.NewReplacer("https://portal.example.gov.vn/", from, "/srv/mirror", dir, "/etc/congbo/portal.pub", pub).Replace(exec[1])
	if strings.Contains(cmd, "example.gov.vn") || strings.Contains(cmd, "/srv/") || strings.Contains(cmd, "/etc/") {
		t.Fatalf("mirror command %q names a path the test does not replace", cmd)
	}
	return cmd
}

// assertMirror checks that dir/current is a verified copy holding text.
func assertMirror(t *testing.T, dir, pub, text string) {
	t.Helper()
	if code, stderr := congbo(t, "verify", filepath.Join(dir, "current"), "--pubkey", pub); code != 0 {
		t.Errorf("verify the mirror: exit %d\n%s", code, stderr)
	}
	page, err := os.ReadFile(filepath.Join(dir, "current", "tin", "a", "index.html"))
	if err != nil || !strings.Contains(string(page), text) {
		t.Errorf("mirrored page lacks %q: %v", text, err)
	}
	if img, err := os.ReadFile(filepath.Join(dir, "current", "tin", "b", "anh.svg")); err != nil || !bytes.Contains(img, []byte("<svg")) {
		t.Errorf("mirrored bundle image: %v", err)
	}
}

// writeCISite writes a small site whose page tin/a says text.
func writeCISite(t *testing.T, dir, baseURL, pubKey, text string) {
	t.Helper()
	files := map[string]string{
		"site.yaml": "title: Cổng thử nghiệm\nbaseURL: " + baseURL + "\norganization: {name: Bộ Thử nghiệm}\n" +
			"sections:\n  tin: {type: page}\n  gioi-thieu: {type: page}\n" +
			"security:\n  contact: mailto:attt@example.gov.vn\n  expires: 2027-06-01\n  publicKey: " + pubKey + "  # congbo.pub\n",
		"content/_index.md":              "---\ntitle: Trang chủ\n---\nChào mừng.\n",
		"content/tin/a.md":               "---\ntitle: Tin A\ndate: 2026-11-01\n---\n" + text + "\n",
		"content/tin/b/index.md":         "---\ntitle: Tin B\ndate: 2026-11-02\n---\n![Ảnh hội nghị](anh.svg)\n",
		"content/tin/b/anh.svg":          "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1 1\"/>\n",
		"content/gioi-thieu/xac-thuc.md": "---\ntitle: Xác thực nội dung\nverify: true\n---\nCách kiểm tra Cổng.\n",
	}
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// readDoc reads a file of docs/.
func readDoc(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(docsDir, name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// fencedBlocks returns the bodies of the ```lang blocks of a Markdown text.
func fencedBlocks(doc, lang string) []string {
	var out []string
	for _, part := range strings.Split(doc, "```"+lang+"\n")[1:] {
		body, _, _ := strings.Cut(part, "```")
		out = append(out, body)
	}
	return out
}

func firstBlock(t *testing.T, doc, lang string) string {
	t.Helper()
	blocks := fencedBlocks(doc, lang)
	if len(blocks) == 0 {
		t.Fatalf("docs/ci.md has no ```%s block", lang)
	}
	return blocks[0]
}

// buildCongbo builds this checkout's congbo into a temporary directory,
// for scripts that run it by name.
func buildCongbo(t *testing.T) string {
	t.Helper()
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go is not on PATH")
	}
	bin := filepath.Join(t.TempDir(), "congbo")
	if out, err := exec.Command(goBin, "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}
