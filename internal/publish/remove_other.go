//go:build !linux

package publish

// removeTree removes dir like os.RemoveAll (remove_portable.go).
func removeTree(dir string) error { return removeTreePortable(dir) }
