//go:build !linux

package content

// fastRead says readOSFile is there: only on Linux.
const fastRead = false

// readOSFile is not called outside Linux: readFileMax uses fs.ReadFile.
func readOSFile(full, name string, limit int64, buf []byte) ([]byte, int64, error) {
	panic("readOSFile outside Linux")
}
