//go:build !linux

package publish

// openOutDir returns the outDir of the staging directory root.
func openOutDir(root string) outDir { return osDir{root} }
