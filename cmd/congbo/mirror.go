package main

import (
	"fmt"
	"io"
)

func runMirror(args []string, stderr io.Writer) int {
	fmt.Fprintln(stderr, "congbo mirror: not yet")
	return 2
}
