// Command floor measures what a build of a corpus must cost at least: for
// each page it only reads the file, normalises it, splits and decodes the
// front matter, renders the Markdown with congbo's goldmark set-up,
// minifies the HTML and writes one file, on every core. No lists, feeds,
// taxonomies or templates. bench/run compares congbo's full build with it.
//
// Each step is congbo's own code for it: content.LoadEach reads and parses
// every file on all cores and hands over its body, markdown renders it and
// publish stages, minifies and writes it, then swaps the output in and
// removes the previous one, as a build does. So the floor is as fast as
// congbo makes those steps, and the difference is the rest of a build.
//
//	go run ./bench/floor -source SITE -destination OUT
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"html"
	"os"
	"path"
	"path/filepath"
	"runtime/debug"
	"runtime/pprof"
	"strings"
	"sync"

	"github.com/congbo/congbo/internal/build"
	"github.com/congbo/congbo/internal/config"
	"github.com/congbo/congbo/internal/content"
	"github.com/congbo/congbo/internal/hugeheap"
	"github.com/congbo/congbo/internal/markdown"
	"github.com/congbo/congbo/internal/publish"
)

func main() {
	source := flag.String("source", ".", "site directory holding content/")
	dest := flag.String("destination", "floor-out", "output directory")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile to this file")
	flag.Parse()
	// As congbo build does: the floor measures the same work, not the
	// same kernel's page faults or another collector's pace.
	hugeheap.Reserve(512 << 20)
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(build.GCPercent)
	}
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
	data, err := os.ReadFile(filepath.Join(source, "site.yaml"))
	if err != nil {
		return err
	}
	cfg, err := config.Parse("site.yaml", data)
	if err != nil {
		return err
	}
	stager, err := publish.Stage(dest, publish.Options{Minify: true})
	if err != nil {
		return err
	}
	md := markdown.New(markdown.Options{})
	bufs := sync.Pool{New: func() any { return new(bytes.Buffer) }}
	var mu sync.Mutex
	var errs []error
	fail := func(err error) {
		mu.Lock()
		errs = append(errs, err)
		mu.Unlock()
	}
	_, _, err = content.LoadEach(content.DirFS(source), cfg, func(p *content.Page, body []byte) bool {
		res, err := md.Render(body, func(dest string) (string, error) { return dest, nil })
		if err != nil {
			fail(fmt.Errorf("%s: %w", p.File, err))
			return markdown.StillReading(err) // then body is left to the abandoned parse
		}
		buf := bufs.Get().(*bytes.Buffer)
		defer bufs.Put(buf)
		buf.Reset()
		buf.WriteString(`<!doctype html><html lang="vi"><title>`)
		buf.WriteString(html.EscapeString(p.Title))
		buf.WriteString("</title><main>")
		buf.Write(res.HTML)
		buf.WriteString("</main></html>")
		if err := stager.Write(path.Join(strings.TrimSuffix(p.Path, ".md"), "index.html"), buf.Bytes()); err != nil {
			fail(err)
		}
		return false
	})
	if err = errors.Join(append(errs, err)...); err != nil {
		stager.Abort()
		return err
	}
	return stager.Commit()
}
