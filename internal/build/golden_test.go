package build_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestGoldenPortal builds testdata/portal.txtar and compares every output
// file with testdata/portal.golden.txtar.
func TestGoldenPortal(t *testing.T) {
	archive, err := os.ReadFile("testdata/portal.txtar")
	if err != nil {
		t.Fatal(err)
	}
	dir := writeSite(t, string(archive))
	if _, err := runBuild(t, dir); err != nil {
		t.Fatal(err)
	}
	files := tree(t, filepath.Join(dir, "public"))
	var got txtar.Archive
	got.Comment = []byte("Output of testdata/portal.txtar. Refresh: go test ./internal/build/ -run TestGoldenPortal -update\n")
	var names []string
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		data := files[name]
		if len(data) > 0 && data[len(data)-1] != '\n' {
			data += "\n" // txtar needs line ends; the comparison is on the same form
		}
		got.Files = append(got.Files, txtar.File{Name: name, Data: []byte(data)})
	}
	out := txtar.Format(&got)
	const golden = "testdata/portal.golden.txtar"
	if *update {
		if err := os.WriteFile(golden, out, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if bytes.Equal(out, want) {
		return
	}
	wantFiles := map[string]string{}
	for _, f := range txtar.Parse(want).Files {
		wantFiles[f.Name] = string(f.Data)
	}
	for _, f := range got.Files {
		w, ok := wantFiles[f.Name]
		switch {
		case !ok:
			t.Errorf("new output file %s", f.Name)
		case w != string(f.Data):
			t.Errorf("%s differs from the golden file", f.Name)
		}
		delete(wantFiles, f.Name)
	}
	for name := range wantFiles {
		t.Errorf("output file %s is gone", name)
	}
	t.Log("if the change is intended: go test ./internal/build/ -run TestGoldenPortal -update")
}
