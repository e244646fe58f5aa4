package index

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// LockFile is the name of the file in a data directory that the process
// writing to it holds locked (flock) and that names its process id.
const LockFile = "charterbot.lock"

// InUseError is returned by Open when another process (or another Index
// in this one) holds the data directory.
type InUseError struct {
	Dir string
	PID int // 0 when the holder could not be told
}

func (e *InUseError) Error() string {
	who := "another process"
	if e.PID > 0 {
		who = "process " + strconv.Itoa(e.PID)
	}
	return fmt.Sprintf("the index in %s is in use by %s; stop it or use another --data-dir", e.Dir, who)
}

// dirLock is an exclusive lock on a data directory: an flock on its
// LockFile, released when the file is closed or the process ends.
type dirLock struct{ f *os.File }

// lockDir takes dir's lock at once, without waiting, and writes this
// process's id into the lock file. It creates dir and the lock file when
// they are missing and writes nothing else. It returns an *InUseError
// when another holder has the lock.
func lockDir(dir string) (*dirLock, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("create data dir: %w", err)
	}
	path := filepath.Join(dir, LockFile)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("open lock file: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, &InUseError{Dir: dir, PID: lockHolder(path)}
		}
		return nil, fmt.Errorf("lock data dir %q: %w", dir, err)
	}
	pid := []byte(strconv.Itoa(os.Getpid()) + "\n")
	err = f.Truncate(0)
	if err == nil {
		_, err = f.WriteAt(pid, 0)
	}
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("write lock file: %w", err)
	}
	return &dirLock{f: f}, nil
}

// lockHolder reads the process id a lock file names, 0 when there is none
// yet (the holder took the lock and has not written it).
func lockHolder(path string) int {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil || pid <= 0 {
		return 0
	}
	return pid
}

// unlock releases the lock. The lock file stays: removing it would let a
// process that opened it before the removal lock a file nobody else sees.
func (l *dirLock) unlock() error {
	if l == nil {
		return nil
	}
	return l.f.Close()
}

// sweep removes what interrupted writers left in dir: generation
// directories other than keep (builds that never finished, or an old
// generation whose removal was cut short) and the temporary files of
// atomic writes (CURRENT.tmp, .NAME-*.tmp) in dir and in its direct
// subdirectories. It returns the names removed, relative to dir. The
// caller holds dir's lock, so no writer is under way.
func sweep(dir, keep string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("sweep data dir: %w", err)
	}
	var removed []string
	var errs []error
	remove := func(rel string) {
		if err := os.RemoveAll(filepath.Join(dir, rel)); err != nil {
			errs = append(errs, err)
			return
		}
		removed = append(removed, rel)
	}
	for _, e := range entries {
		name := e.Name()
		switch {
		case e.IsDir() && strings.HasPrefix(name, genPrefix):
			if name != keep {
				remove(name)
			}
		case e.IsDir():
			sub, err := os.ReadDir(filepath.Join(dir, name))
			if err != nil {
				errs = append(errs, err)
				continue
			}
			for _, s := range sub {
				if !s.IsDir() && isTemp(s.Name()) {
					remove(filepath.Join(name, s.Name()))
				}
			}
		case name == currentFile+".tmp" || isTemp(name):
			remove(name)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return removed, fmt.Errorf("sweep data dir: %w", err)
	}
	return removed, nil
}

// isTemp reports whether name is a temporary file of an atomic write
// (os.CreateTemp with a ".NAME-*.tmp" pattern).
func isTemp(name string) bool {
	return strings.HasPrefix(name, ".") && strings.HasSuffix(name, ".tmp")
}
