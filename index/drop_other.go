//go:build !linux

package index

// dropPages does nothing where syscall has no Madvise: the pages read
// stay resident (see the Linux version).
func dropPages([]byte) {}
