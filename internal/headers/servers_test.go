package headers

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestApache runs the real Apache httpd 2.4 on 127.0.0.1 with a minimal
// server config whose DocumentRoot is a built site, so the generated
// .htaccess does the work, and checks the same responses as TestNginx.
func TestApache(t *testing.T) {
	bin := requireTool(t, "apache2")
	root := writeTestSite(t)
	port := freePort(t)
	work := t.TempDir()
	modules := "/usr/lib/apache2/modules"
	var load strings.Builder
	// mod_rewrite is loaded as sites usually have it; the .htaccess needs
	// headers, alias, mime and dir only.
	for _, m := range []string{"mpm_prefork", "authz_core", "mime", "dir", "headers", "alias", "rewrite"} {
		fmt.Fprintf(&load, "LoadModule %s_module %s/mod_%s.so\n", m, modules, m)
	}
	conf := fmt.Sprintf(`%s
ServerName 127.0.0.1
Listen 127.0.0.1:%d
PidFile %[3]s/httpd.pid
ErrorLog %[3]s/error.log
DefaultRuntimeDir %[3]s
Mutex file:%[3]s
ServerTokens Prod
ServerSignature Off
TypesConfig /etc/mime.types
DocumentRoot %[4]s
DirectoryIndex index.html
<Directory />
    AllowOverride None
    Require all denied
</Directory>
<Directory %[4]s>
    AllowOverride FileInfo
    Require all granted
</Directory>
`, load.String(), port, work, root)
	confPath := filepath.Join(work, "httpd.conf")
	if err := os.WriteFile(confPath, []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(bin, "-t", "-f", confPath).CombinedOutput(); err != nil {
		t.Fatalf("apache2 -t: %v\n%s", err, out)
	}
	// -X: one process in the foreground, ended by killing it.
	cmd := exec.Command(bin, "-X", "-f", confPath)
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
		if t.Failed() {
			log, _ := os.ReadFile(filepath.Join(work, "error.log"))
			t.Logf("error.log:\n%s", log)
		}
	})
	base := fmt.Sprintf("http://127.0.0.1:%d", port)
	waitHTTP(t, base+"/")
	cases := responseCases()
	for i := range cases {
		if cases[i].path == "/_server/nginx.conf" {
			cases[i].ctype = "" // Apache has no type for .conf
		}
	}
	checkResponses(t, base, cases, "Apache") // ServerTokens Prod: no version
}

// TestCaddy runs the real Caddy 2 on 127.0.0.1 with a site block that
// imports the generated Caddyfile snippet, and checks the same responses
// as TestNginx.
func TestCaddy(t *testing.T) {
	bin := requireTool(t, "caddy")
	root := writeTestSite(t)
	port := freePort(t)
	work := t.TempDir()
	conf := fmt.Sprintf(`{
	admin off
	auto_https off
	storage file_system %[1]s/data
}

http://127.0.0.1:%[2]d {
	root * %[3]s
	import %[3]s/%[4]s
}
`, work, port, root, CaddyFile)
	confPath := filepath.Join(work, "Caddyfile")
	if err := os.WriteFile(confPath, []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(), "HOME="+work, "XDG_DATA_HOME="+work, "XDG_CONFIG_HOME="+work)
	validate := exec.Command(bin, "validate", "--adapter", "caddyfile", "--config", confPath)
	validate.Env = env
	if out, err := validate.CombinedOutput(); err != nil {
		t.Fatalf("caddy validate: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "run", "--adapter", "caddyfile", "--config", confPath)
	cmd.Env = env
	var log strings.Builder
	cmd.Stderr = &log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
		if t.Failed() {
			t.Logf("caddy log:\n%s", log.String())
		}
	})
	base := fmt.Sprintf("http://127.0.0.1:%d", port)
	waitHTTP(t, base+"/")
	cases := responseCases()
	for i := range cases {
		if cases[i].path == "/tin" {
			cases[i].status = 308 // Caddy's own directory redirect, permanent too
		}
	}
	checkResponses(t, base, cases, "") // the snippet removes Server
}
