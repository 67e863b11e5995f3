// Command floor measures what a build of a corpus must cost at least: for
// each page it only normalises and splits the front matter, decodes the
// YAML, renders the Markdown with congbo's goldmark set-up, minifies the
// HTML and writes one file, on every core. No lists, feeds, taxonomies or
// templates. bench/run compares congbo's full build with it.
//
//	go run ./bench/floor -source SITE -destination OUT
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strings"
	"sync"
	"sync/atomic"

	"gopkg.in/yaml.v3"

	"github.com/congbo/congbo/internal/content"
	"github.com/congbo/congbo/internal/markdown"
	"github.com/congbo/congbo/internal/publish"
)

func main() {
	source := flag.String("source", ".", "site directory holding content/")
	dest := flag.String("destination", "floor-out", "output directory")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile to this file")
	flag.Parse()
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "floor:", err)
			os.Exit(1)
		}
		defer pprof.StopCPUProfile()
	}
	if err := run(*source, *dest); err != nil {
		pprof.StopCPUProfile()
		fmt.Fprintln(os.Stderr, "floor:", err)
		os.Exit(1)
	}
}

func run(source, dest string) error {
	var files []string
	root := filepath.Join(source, "content")
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
			files = append(files, p)
		}
		return err
	})
	if err != nil {
		return err
	}
	if err := os.RemoveAll(dest); err != nil {
		return err
	}
	md := markdown.New(markdown.Options{})
	min := publish.NewMinifier()
	var next atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, runtime.GOMAXPROCS(0))
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf bytes.Buffer
			for {
				i := int(next.Add(1) - 1)
				if i >= len(files) {
					return
				}
				if err := page(files[i], root, dest, md, min, &buf); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	return <-errs
}

func page(name, root, dest string, md *markdown.Renderer, min *publish.Minifier, buf *bytes.Buffer) error {
	data, err := os.ReadFile(name)
	if err != nil {
		return err
	}
	if data, err = content.Normalize(data); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	front, _, body, _, err := content.SplitFrontMatter(data)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	var fm map[string]any
	if err := yaml.Unmarshal(front, &fm); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	res, err := md.Render(body, func(dest string) (string, error) { return dest, nil })
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	buf.Reset()
	fmt.Fprintf(buf, "<!doctype html><html lang=\"vi\"><title>%v</title><main>", fm["title"])
	buf.Write(res.HTML)
	buf.WriteString("</main></html>")
	out, err := min.Bytes(".html", buf.Bytes())
	if err != nil {
		return err
	}
	rel, _ := filepath.Rel(root, name)
	target := filepath.Join(dest, strings.TrimSuffix(rel, ".md"), "index.html")
	if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
		return err
	}
	return os.WriteFile(target, out, 0o644)
}
