package index

import "syscall"

// dropPages tells the kernel that b, a stretch of a read-only file
// mapping, will not be read soon: its pages leave this process's resident
// set (they stay in the page cache) until read again. Advice only: an
// error changes nothing.
func dropPages(b []byte) { syscall.Madvise(b, syscall.MADV_DONTNEED) }
