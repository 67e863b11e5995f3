//go:build linux

package publish

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestExchange(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	writeTree(t, a, map[string]string{"from-a": "a"})
	writeTree(t, b, map[string]string{"from-b": "b"})
	err := exchange(a, b)
	if errors.Is(err, errExchangeUnsupported) {
		t.Skip("this file system refuses RENAME_EXCHANGE; Commit falls back to two renames:", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(b, "from-a")); err != nil {
		t.Errorf("b after exchange: %v", err)
	}
	if _, err := os.Stat(filepath.Join(a, "from-b")); err != nil {
		t.Errorf("a after exchange: %v", err)
	}
}
