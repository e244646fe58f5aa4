package store

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// KeyFile is where a generated user-hash key is kept in the data
// directory.
const KeyFile = "history.key"

// UserKey returns the key HashUser hashes user IDs with: configured (the
// operator's CHARTERBOT_HISTORY_KEY) when set, else the one kept in
// dataDir's KeyFile, else a new random key written there with mode 0600.
// generated reports the last case. Two processes starting at once on one
// directory end up with the same key.
func UserKey(dataDir, configured string) (key []byte, generated bool, err error) {
	if configured != "" {
		return []byte(configured), false, nil
	}
	path := filepath.Join(dataDir, KeyFile)
	b, err := os.ReadFile(path)
	switch {
	case err == nil:
		k := strings.TrimSpace(string(b))
		if len(k) < 32 {
			return nil, false, fmt.Errorf("history key %s: too short; delete it to generate a new one (old hashes will not match)", path)
		}
		return []byte(k), false, nil
	case !errors.Is(err, fs.ErrNotExist):
		return nil, false, fmt.Errorf("read history key: %w", err)
	}
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return nil, false, fmt.Errorf("generate history key: %w", err)
	}
	k := hex.EncodeToString(raw)
	if err := os.MkdirAll(dataDir, 0o755); err != nil {
		return nil, false, fmt.Errorf("create data dir: %w", err)
	}
	// O_EXCL: two replicas starting at once on one directory keep one key.
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return UserKey(dataDir, configured)
	}
	if err != nil {
		return nil, false, fmt.Errorf("write history key: %w", err)
	}
	if _, err := f.WriteString(k + "\n"); err != nil {
		f.Close()
		return nil, false, fmt.Errorf("write history key: %w", err)
	}
	if err := f.Close(); err != nil {
		return nil, false, fmt.Errorf("write history key: %w", err)
	}
	return []byte(k), true, nil
}
