package main

import (
	"bytes"
	"io"
	"net"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// lockedBuffer is a bytes.Buffer safe for the server's goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func TestServeUsage(t *testing.T) {
	good := site(t, map[string]string{"site.yaml": cfg})
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"unknown flag", []string{"serve", "--nope"}, "flag provided but not defined: -nope"},
		{"stray argument", []string{"serve", "--source", good, "extra"}, `unexpected argument "extra"`},
		{"bad port", []string{"serve", "--source", good, "--port", "70000"}, "--port 70000 is not a port number"},
		{"no source", []string{"serve", "--source", good + "/missing"}, "is not a directory"},
	}
	for _, tt := range tests {
		var stderr bytes.Buffer
		if code := run(tt.args, io.Discard, &stderr); code != 2 || !strings.Contains(stderr.String(), tt.want) {
			t.Errorf("%s: exit %d, stderr %q; want 2 and %q", tt.name, code, stderr.String(), tt.want)
		}
	}
}

func TestServePortInUse(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	port := ln.Addr().(*net.TCPAddr).Port
	var stderr bytes.Buffer
	dir := site(t, map[string]string{"site.yaml": cfg})
	code := run([]string{"serve", "--source", dir, "--port", strconv.Itoa(port)}, io.Discard, &stderr)
	if code != 1 || !strings.Contains(stderr.String(), "already in use") || !strings.Contains(stderr.String(), "--port") {
		t.Errorf("exit %d, stderr %q; want 1 and a port-in-use message", code, stderr.String())
	}
}

// congbo serve prints its URL, serves the site with live reload, and stops
// cleanly on SIGINT.
func TestServeEndToEnd(t *testing.T) {
	dir := site(t, map[string]string{"site.yaml": cfg, "content/tin/a.md": "---\ntitle: A\n---\nNội dung A\n"})
	var stdout, stderr lockedBuffer
	exit := make(chan int, 1)
	go func() { exit <- run([]string{"serve", "--source", dir, "--port", "0"}, &stdout, &stderr) }()

	urlRE := regexp.MustCompile(`http://127\.0\.0\.1:\d+/`)
	var url string
	for deadline := time.Now().Add(20 * time.Second); url == "" && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		url = urlRE.FindString(stdout.String())
	}
	if url == "" {
		t.Fatalf("no URL printed; stdout %q, stderr %q", stdout.String(), stderr.String())
	}
	resp, err := http.Get(url + "tin/a/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), "Nội dung A") || !strings.Contains(string(body), "/_congbo/livereload.js") {
		t.Errorf("GET /tin/a/ = %d:\n%s", resp.StatusCode, body)
	}

	syscall.Kill(syscall.Getpid(), syscall.SIGINT)
	select {
	case code := <-exit:
		if code != 0 || !strings.Contains(stderr.String(), "congbo: stopped") {
			t.Errorf("exit %d after SIGINT; stderr %q", code, stderr.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop on SIGINT")
	}
}
