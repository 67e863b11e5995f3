package filelock

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// TestTryLock: a held lock is busy for everyone else until released; the
// file is gone after Release, and one a killed holder left is taken over.
func TestTryLock(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no flock on Windows")
	}
	path := filepath.Join(t.TempDir(), ".lock")
	if err := os.WriteFile(path, nil, 0o644); err != nil { // left by a killed holder
		t.Fatal(err)
	}
	first, err := TryLock(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := TryLock(path); !errors.Is(err, ErrBusy) {
		t.Fatalf("second TryLock: got %v, want ErrBusy", err)
	}
	first.Release()
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("lock file after Release: %v, want it gone", err)
	}
	again, err := TryLock(path)
	if err != nil {
		t.Fatalf("TryLock after Release: %v", err)
	}
	again.Release()
}
